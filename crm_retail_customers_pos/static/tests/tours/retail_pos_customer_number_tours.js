/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import {check, partnerLine, searchCustomers} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Customer numbers of the test data (tests/test_ui_customer_number.py). */
const LOADED_NUMBER = "NUM-7001";
const REMOTE_NUMBER = "NUM-7002";

/* Find customers by their customer number: among the loaded customers and,
 * for one the till has not loaded, through "Search more". */
registry.category("web_tour.tours").add("crm_retail_customers_pos_customer_number_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickPartnerButton(),
            searchCustomers("Mmm Filler 001"),
            check("a filler is listed", partnerLine("Mmm Filler 001")),
            // the number's prefix, in lower case, among the loaded customers
            searchCustomers("num-700"),
            check(
                "Aada is found by the prefix of her number",
                `.partnerlist-screen .partner-list-contents:not(:has(.partner-line:contains("Mmm Filler"))) .partner-line:contains("Aada Numbered")`
            ),
            searchCustomers(LOADED_NUMBER),
            check(
                "her number is shown",
                partnerLine("Aada Numbered", `.retail-customer-number:contains("${LOADED_NUMBER}")`)
            ),
            // a customer the till has not loaded: "Search more" asks the server
            searchCustomers(REMOTE_NUMBER),
            {
                content: "the till has no customer with this number: search the server",
                trigger: `.partnerlist-screen:not(:has(.partner-line:contains("Aada Numbered"))):not(:has(.partner-line:contains("Zita Numbered"))) .search-more-button button`,
            },
            check("Zita is found on the server by her number", partnerLine("Zita Numbered")),
            check(
                "Zita's number is shown",
                partnerLine("Zita Numbered", `.retail-customer-number:contains("${REMOTE_NUMBER}")`)
            ),
            {
                content: "pick Zita",
                trigger: partnerLine("Zita Numbered"),
            },
            {
                content: "Zita is the order's customer",
                trigger: '.product-screen .set-partner:contains("Zita Numbered")',
                run: () => {},
            },
            Chrome.endTour(),
        ].flat(),
});
