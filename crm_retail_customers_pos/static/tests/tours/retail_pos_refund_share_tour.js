/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as ErrorPopup from "@point_of_sale/../tests/tours/helpers/ErrorPopupTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import * as TicketScreen from "@point_of_sale/../tests/tours/helpers/TicketScreenTourMethods";
import {check, customerIsSet, refundLine, selectPaidOrder} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/*
 * Aaron bought 3 coats (100.00, 24 % included) and bread (50.00, 14 %
 * included) at another till, paid in part with 100 points (10.00: 8.57 on
 * the coats' tax, 1.43 on the bread's). The cashier refunds one coat: the
 * discount line cannot be picked by hand, and the refund carries a third of
 * the coats' discount (2.86), so Aaron gets 97.14 back, not 100.00.
 */
registry.category("web_tour.tours").add("crm_retail_customers_pos_refund_share_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            selectPaidOrder("Aaron Loyal"),
            // the discount line follows the goods: typing a quantity on it
            // refunds nothing
            refundLine("Reward Points Redemption"),
            check(
                "the cashier is told why",
                '.o_pos_notification_manager:contains("refunded with the goods it paid for")'
            ),
            refundLine("Tax Coat"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            customerIsSet("Aaron Loyal"),
            check(
                "the refund carries the coats' share of the discount",
                '.order-container .orderline:contains("Reward Points Redemption"):contains("2.86")'
            ),
            ProductScreen.totalAmountIs("-97.14"),
            // the share follows the goods: the cashier cannot change it
            refundLine("Reward Points Redemption", "5"),
            ErrorPopup.isShown(),
            check("the share cannot be changed", '.popup:contains("follows the goods refunded")'),
            ErrorPopup.clickConfirm(),
            ProductScreen.totalAmountIs("-97.14"),
            // nor delete it (backspace twice: the line's removal)
            ProductScreen.pressNumpad("⌫"),
            ProductScreen.pressNumpad("⌫"),
            ErrorPopup.isShown(),
            check("the share cannot be deleted", '.popup:contains("follows the goods refunded")'),
            ErrorPopup.clickConfirm(),
            // nor change the quantity of the goods the share was made for
            refundLine("Tax Coat", "2"),
            ErrorPopup.isShown(),
            check(
                "the goods' quantity stays that of the share",
                '.popup:contains("start the refund again")'
            ),
            ErrorPopup.clickConfirm(),
            ProductScreen.totalAmountIs("-97.14"),
            // nor refund more of the sale before this refund is paid: the
            // share of the next refund would miss this one
            selectPaidOrder("Aaron Loyal"),
            refundLine("Tax Bread"),
            TicketScreen.confirmRefund(),
            ErrorPopup.isShown(),
            check("pay the first refund first", '.popup:contains("is not paid yet")'),
            ErrorPopup.clickConfirm(),
            TicketScreen.clickDiscard(),
            ProductScreen.isShown(),
            check(
                "the refund still holds the coat and its share only",
                '.order-container:not(:has(.orderline:contains("Tax Bread")))'
            ),
            ProductScreen.totalAmountIs("-97.14"),
            // the panel gives back what the server will: 2.86 of the 10.00
            // the 100 points paid
            check(
                "panel: points given back",
                '.product-screen .retail-points-panel .retail-points-returned .value:contains("28.60")'
            ),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: the points given back", '.pos-receipt .retail-points-returned:contains("28.60")'),
            ReceiptScreen.clickNextOrder(),
            // then the rest: 2 coats and the bread with the rest of both
            // discount lines (8.57 - 2.86 and 1.43), to the cent
            selectPaidOrder("Aaron Loyal"),
            refundLine("Tax Coat", "2"),
            refundLine("Tax Bread"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.totalAmountIs("-242.86"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: the rest of the points", '.pos-receipt .retail-points-returned:contains("71.40")'),
            ReceiptScreen.clickNextOrder(),
        ].flat(),
});
