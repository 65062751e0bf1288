/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as NumberPopup from "@point_of_sale/../tests/tours/helpers/NumberPopupTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {scan_barcode} from "@point_of_sale/../tests/tours/helpers/utils";
import {check, customerIsSet} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

const AARON_CARD = "2900001000062";

function discountLine(points, amount) {
    return check(
        `points discount of ${points} points: -${amount}`,
        `.order-container .orderline:contains("(${points}"):contains("-${amount}")`
    );
}

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
 * A coat (100.00, 24 % included) and bread (50.00, 14 % included) paid in
 * part with 300 points (30.00): the discount is split over the two taxes in
 * proportion to the goods (200 points on the coat's tax, 100 on the
 * bread's), and the receipt's tax table shows the lowered bases and taxes.
 */
registry.category("web_tour.tours").add("crm_retail_customers_pos_redeem_taxes_tour", {
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
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            NumberPopup.enterValue("300"),
            NumberPopup.clickConfirm(),
            discountLine("200", "20.00"),
            discountLine("100", "10.00"),
            ProductScreen.totalAmountIs("120.00"),
            // redeeming again replaces both lines
            {content: "redeem points again", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            NumberPopup.enterValue("300"),
            NumberPopup.clickConfirm(),
            {
                content: "two discount lines, not four",
                trigger: ".order-container",
                run: () => {
                    const lines = window.posmodel.get_order().getRetailRedemptionLines();
                    if (lines.length !== 2) {
                        throw new Error(`${lines.length} points discount lines`);
                    }
                },
            },
            ProductScreen.totalAmountIs("120.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            // 24 %: 19.35 - 3.87 on 80.65 - 16.13; 14 %: 6.14 - 1.23 on 43.86 - 8.77
            taxRow("24%", "15.48", "64.52"),
            taxRow("14%", "4.91", "35.09"),
            check("receipt: redeemed", '.pos-receipt .retail-points-redeemed:contains("300")'),
            Chrome.endTour(),
        ].flat(),
});
