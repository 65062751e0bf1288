/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {scan_barcode} from "@point_of_sale/../tests/tours/helpers/utils";
import {check} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Card of the test data (tests/test_ui_whole_points.py). */
const WANDA_CARD = "2900004000014";

/** A step that checks the exact text of ``selector`` (a figure "+280" must
 * not be "+280.98" or "+280.00"). */
function textIs(content, selector, text) {
    return {
        content,
        trigger: selector,
        run: () => {
            const shown = document.querySelector(selector).textContent.trim();
            if (shown !== text) {
                throw new Error(`${content}: "${shown}" instead of "${text}"`);
            }
        },
    };
}

/* A whole-points shop: a coat of 280.98 earns 280 points (rounded down), as
 * the till's panel estimates and the receipt prints, without decimals. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_whole_points_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            scan_barcode(WANDA_CARD),
            check("customer set", '.product-screen .set-partner:contains("Wanda Whole")'),
            ProductScreen.clickDisplayedProduct("Whole Coat"),
            ProductScreen.totalAmountIs("280.98"),
            textIs(
                "panel: the basket earns 280 points",
                ".product-screen .retail-points-earned .value",
                "+280"
            ),
            textIs(
                "panel: the balance after the sale",
                ".product-screen .retail-points-after .value",
                "1,280"
            ),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            textIs(
                "receipt: 280 points earned",
                ".pos-receipt .retail-points-earned .pos-receipt-right-align",
                "280"
            ),
            textIs(
                "receipt: the new balance",
                ".pos-receipt .retail-points-new-balance .pos-receipt-right-align",
                "1,280"
            ),
        ].flat(),
});
