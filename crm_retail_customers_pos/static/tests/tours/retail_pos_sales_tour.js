/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {check} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

const CUSTOMER = "Sam Summary";

function openDetails() {
    return [
        ...ProductScreen.clickPartnerButton(),
        {
            content: `open ${CUSTOMER}'s details`,
            trigger: `.partnerlist-screen .partner-line:has(td:contains("${CUSTOMER}")) .edit-partner-button`,
        },
    ];
}

/*
 * The customer's activity at a glance in the details: the sale invoiced in
 * the back office before (tests/test_ui_sales.py), then once more after a
 * sale at the till.
 */
registry.category("web_tour.tours").add("crm_retail_customers_pos_sales_summary_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            openDetails(),
            check("details: one purchase", ".retail-partner-sales .retail-sales-count:contains(1)"),
            check("details: amount spent", '.retail-partner-sales .retail-sales-amount:contains("30.00")'),
            check("details: last purchase", '.retail-partner-sales .retail-last-sale-name:contains("INV/")'),
            {content: "leave the details", trigger: ".partnerlist-screen .button.back"},
            // sell to the customer at the till
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer(CUSTOMER),
            ProductScreen.clickDisplayedProduct("Summary Jacket"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            openDetails(),
            check("details: two purchases", ".retail-partner-sales .retail-sales-count:contains(2)"),
            check("details: amount spent", '.retail-partner-sales .retail-sales-amount:contains("80.00")'),
            check(
                "details: the till's order is the last purchase",
                '.retail-partner-sales .retail-last-sale-name:contains("Shop")'
            ),
            {content: "leave the details", trigger: ".partnerlist-screen .button.back"},
            Chrome.endTour(),
        ].flat(),
});
