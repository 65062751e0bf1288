/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import {check, partnerLine, searchCustomers} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Zana's national ID (tests/test_ui_national_id.py), typed as the cashier
 * may type it: in lower case. */
const TYPED_ID = "131052-308t";
const ID_PREFIX = "131052-308";

/* A cashier who is a Retail CRM user finds a customer the till has not
 * loaded by their whole national ID ("Search more" asks the server); the
 * start of the number finds nobody, and the till shows no number. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_national_id_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickPartnerButton(),
            searchCustomers("Mmm Filler 001"),
            check("a filler is listed", partnerLine("Mmm Filler 001")),
            // the start of the number: the server finds nobody (the list
            // follows the search field after a delay: wait for it to change
            // before asking the server)
            searchCustomers(ID_PREFIX),
            {
                content: "no loaded customer has it: search the server",
                trigger: `.partnerlist-screen:not(:has(.partner-line:contains("Mmm Filler"))) .search-more-button button`,
            },
            check(
                "the server found nobody by the start of the number",
                `.o_notification:contains('No more customer found for "${ID_PREFIX}"')`
            ),
            searchCustomers("Mmm Filler 002"),
            check("another filler is listed", partnerLine("Mmm Filler 002")),
            // the whole number: the server finds Zana
            searchCustomers(TYPED_ID),
            {
                content: "search the server for the whole number",
                trigger: `.partnerlist-screen:not(:has(.partner-line:contains("Mmm Filler"))) .search-more-button button`,
            },
            check(
                "the server found one customer by the whole number",
                `.o_notification:contains('1 customer(s) found for "${TYPED_ID}"')`
            ),
            check("Zana is found by her national ID", partnerLine("Zana Identity")),
            {
                content: "the till shows no national ID",
                trigger: `.partnerlist-screen:has(.partner-line:contains("Zana Identity"))`,
                run: () => {
                    const text = document.querySelector(".partnerlist-screen .partner-list").innerText;
                    if (text.toUpperCase().includes("308T")) {
                        throw new Error("the national ID is shown at the till");
                    }
                },
            },
            {
                content: "pick Zana",
                trigger: partnerLine("Zana Identity"),
            },
            {
                content: "Zana is the order's customer",
                trigger: '.product-screen .set-partner:contains("Zana Identity")',
                run: () => {},
            },
            Chrome.endTour(),
        ].flat(),
});
