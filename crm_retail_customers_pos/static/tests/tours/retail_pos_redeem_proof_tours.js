/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as NumberPopup from "@point_of_sale/../tests/tours/helpers/NumberPopupTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {check, typeInto} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Tests in tests/test_ui_redeem_proof.py: Petra (500 points, card code 2468)
 * is picked by name, not by her card: the till asks for the code or a
 * manager's approval before the points discount. Then her card number
 * (2900003000015) typed in the customer search is her card presented. */

function pickPetraAndJacket() {
    return [
        ProductScreen.clickPartnerButton(),
        ProductScreen.clickCustomer("Proof Petra"),
        check("Petra is the customer", '.product-screen .set-partner:contains("Proof Petra")'),
        ProductScreen.clickDisplayedProduct("Proof Jacket"),
        {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
        check(
            "the till says what is missing",
            ".modal-dialog .retail-redeem-proof-popup .retail-proof-missing:contains(\"Scan the customer's card or type its code, or ask a manager\")"
        ),
    ];
}

function redeemAndPay(points, total) {
    return [
        NumberPopup.isShown(),
        NumberPopup.enterValue(points),
        NumberPopup.clickConfirm(),
        ProductScreen.totalAmountIs(total),
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank"),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
        check("receipt: redeemed", `.pos-receipt .retail-points-redeemed:contains("${points}.00")`),
        ReceiptScreen.clickNextOrder(),
    ];
}

registry.category("web_tour.tours").add("crm_retail_customers_pos_redeem_proof_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            // no card, no code: cancelling adds no discount
            ...pickPetraAndJacket(),
            {content: "cancel", trigger: ".retail-redeem-proof-popup .cancel"},
            ProductScreen.totalAmountIs("50.00"),
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            // a wrong code is refused, the right one lets her redeem
            typeInto(".retail-redeem-proof-popup .retail-proof-code", "1111", "wrong code"),
            {content: "check the code", trigger: ".retail-proof-check-code:not([disabled])"},
            check("wrong code refused", '.retail-redeem-proof-popup .retail-proof-error:contains("not the code")'),
            typeInto(".retail-redeem-proof-popup .retail-proof-code", "2468", "right code"),
            {content: "check the code", trigger: ".retail-proof-check-code:not([disabled])"},
            ...redeemAndPay("20", "48.00"),
            // next order: a manager approves without the card
            ...pickPetraAndJacket(),
            typeInto(".retail-redeem-proof-popup .retail-proof-login", "tour_manager", "manager's login"),
            typeInto(".retail-redeem-proof-popup .retail-proof-password", "tour_manager", "manager's password"),
            typeInto(".retail-redeem-proof-popup .retail-proof-reason", "Card forgotten at home", "reason"),
            {content: "approve", trigger: ".retail-proof-approve:not([disabled])"},
            ...redeemAndPay("10", "49.00"),
            // next order: her card number typed in the customer search counts
            // as the card presented: no popup
            ProductScreen.clickPartnerButton(),
            typeInto(".partnerlist-screen .pos-search-bar input", "2900003000015", "type the card number"),
            ProductScreen.clickCustomer("Proof Petra"),
            check("Petra is the customer", '.product-screen .set-partner:contains("Proof Petra")'),
            ProductScreen.clickDisplayedProduct("Proof Jacket"),
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            ...redeemAndPay("5", "49.50"),
        ].flat(),
});
