/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {scan_barcode} from "@point_of_sale/../tests/tours/helpers/utils";
import {check, customerIsSet} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

const AARON_CARD = "2900001000062";

/** The receipt's tax table (a grid of cells: letter, rate, amount, base,
 * total) has ``amount`` of tax on ``base`` at ``rate``. */
function taxRow(rate, amount, base) {
    return {
        content: `receipt: ${rate} tax ${amount} on ${base}`,
        trigger: ".pos-receipt .pos-receipt-taxes",
        run: () => {
            const cells = [...document.querySelectorAll(".pos-receipt .pos-receipt-taxes > span")].map(
                (cell) => cell.textContent.trim()
            );
            const at = cells.indexOf(rate);
            const row = cells.slice(at, at + 3);
            if (at < 0 || row[1] !== amount || row[2] !== base) {
                throw new Error(`tax table ${JSON.stringify(cells)}: no ${rate} ${amount} on ${base}`);
            }
        },
    };
}

/*
 * A company that redeems points as a payment: no "Redeem points" button; a
 * coat (100.00, 24 % included) and bread (50.00, 14 % included) paid with
 * the "Reward points" method up to Aaron's balance (500 points: 50.00, his
 * card scanned for the order), typing more is capped, the rest by bank. The
 * receipt's tax table keeps the full bases.
 */
registry.category("web_tour.tours").add("crm_retail_customers_pos_points_payment_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            scan_barcode(AARON_CARD),
            customerIsSet("Aaron Loyal"),
            ProductScreen.clickDisplayedProduct("Tax Coat"),
            ProductScreen.clickDisplayedProduct("Tax Bread"),
            ProductScreen.totalAmountIs("150.00"),
            {
                content: "no Redeem points button in payment mode",
                trigger: ".product-screen",
                run: () => {
                    if (document.querySelector(".control-button.retail-redeem-points")) {
                        throw new Error("the Redeem points button is shown in payment mode");
                    }
                },
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Reward points"),
            PaymentScreen.selectedPaymentlineHas("Reward points", "50.00"),
            PaymentScreen.remainingIs("100.00"),
            // typing more than the balance is worth is capped
            PaymentScreen.pressNumpad("6 0"),
            check("capped: error shown", ".popup-error:contains('At most')"),
            {content: "close the error", trigger: ".popup-error .footer .button.cancel"},
            PaymentScreen.selectedPaymentlineHas("Reward points", "50.00"),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            // the full prices' taxes: 24 % 19.35 on 80.65, 14 % 6.14 on 43.86
            taxRow("24%", "19.35", "80.65"),
            taxRow("14%", "6.14", "43.86"),
            check("receipt: redeemed", '.pos-receipt .retail-points-redeemed:contains("500")'),
            Chrome.endTour(),
        ].flat(),
});
