/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as NumberPopup from "@point_of_sale/../tests/tours/helpers/NumberPopupTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as PosLoyalty from "@pos_loyalty/../tests/tours/PosLoyaltyTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {check, openCustomerList} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/*
 * The sale of the issue: a customer of the shop (100 points) buys the
 * jacket (100.00), gets Odoo's 10 % promotion on it, redeems 50 of the shop's
 * points (5.00) and pays 30.00 with an Odoo gift card, the rest by bank. The
 * shop's points are labelled as the shop's; the gift card is money: the goods
 * earn on 100 - 10.00 - 5.00 = 85.00.
 */
registry.category("web_tour.tours").add("crm_retail_customers_loyalty_sale_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            openCustomerList(),
            check(
                "the customer list says which points are the shop's",
                ".partner-line:contains('Lola Loyal') .retail-points:contains('100.00'):contains('pts (shop)')"
            ),
            ProductScreen.clickCustomer("Lola Loyal"),
            check("Lola is the customer", ".product-screen .set-partner:contains('Lola Loyal')"),
            ProductScreen.clickDisplayedProduct("Loyalty Jacket"),
            PosLoyalty.hasRewardLine("10%", "-10.00"),
            check(
                "our panel says its points are the shop's",
                ".retail-points-panel .retail-points-title:contains('Reward points (shop)')"
            ),
            check("the panel estimates 90.00 points", ".retail-points-earned .value:contains('+90.00')"),
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            NumberPopup.enterValue("50"),
            NumberPopup.clickConfirm(),
            PosLoyalty.hasRewardLine("10%", "-10.00"),
            PosLoyalty.orderTotalIs("85.00"),
            PosLoyalty.enterCode("044123456"),
            {
                // the card was made in the back office, not sold at a till
                content: "apply the unpaid gift card",
                trigger: ".modal-dialog .popup-confirm .button.confirm",
            },
            PosLoyalty.orderTotalIs("55.00"),
            check(
                "the gift card is money: the estimate stays 85.00 points",
                ".retail-points-earned .value:contains('+85.00')"
            ),
            check("after the sale: 100 - 50 + 85", ".retail-points-after .value:contains('135.00')"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: the shop's points", ".pos-receipt:contains('REWARD POINTS (SHOP)')"),
            check("receipt: earned", ".pos-receipt .retail-points-earned:contains('85.00')"),
            check("receipt: redeemed", ".pos-receipt .retail-points-redeemed:contains('50.00')"),
            check("receipt: new balance", ".pos-receipt .retail-points-new-balance:contains('135.00')"),
            ReceiptScreen.clickNextOrder(),
        ].flat(),
});

/*
 * An eWallet topped up with 10.00 for a customer picked just before
 * (tests/test_ui_ewallet_topup.py: the server answers the till's request for
 * the customer's standing slowly, as a busy server does).
 */
registry.category("web_tour.tours").add("crm_retail_customers_loyalty_ewallet_topup_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Wanda Wallet"),
            ProductScreen.addOrderline("Top-up eWallet", "1", "10"),
            PosLoyalty.orderTotalIs("10.00"),
            {
                // a cashier takes a moment before paying; on a busy machine
                // the tour's clicks would otherwise outrun pos_loyalty's own
                // update of the programs. Our part of the race (the standing
                // request sent beside pos_loyalty's) loses the points whatever
                // the wait, which is what this tour is for.
                content: "pos_loyalty has updated the order's programs",
                trigger: ".product-screen",
                run: () => window.posmodel.retailLoyaltyIdle(),
            },
            PosLoyalty.finalizeOrder("Cash", "10"),
        ].flat(),
});
