/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import {
    check,
    customerIsSet,
    partnerLine,
    searchCustomers,
    typeInto,
} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

const NAME = ".partner-details input[name=name]";
const FIRST = ".partner-details input[name=firstname]";
const LAST = ".partner-details input[name=lastname]";

/* The names order is "last_first" (tests/test_ui_firstname.py). A cashier
 * creates a customer with a Persian first and last name: the name field
 * shows "last first" and cannot be typed over. Then they change the first
 * name of Иван Петров; a company has no first and last name inputs. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_firstname_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickPartnerButton(),
            {content: "create a customer", trigger: ".partnerlist-screen .new-customer"},
            typeInto(FIRST, "محمد", "first name"),
            typeInto(LAST, "رضایی", "last name"),
            check(
                "the name is composed last name first, read-only",
                `${NAME}[readonly]:propValue(رضایی محمد)`
            ),
            {
                content: "save",
                trigger: ".partnerlist-screen .button.highlight:contains('Save')",
            },
            customerIsSet("رضایی محمد"),
            // an existing person: the parts are loaded, the name follows them
            ProductScreen.clickPartnerButton(),
            searchCustomers("Петров"),
            {
                content: "edit Петров Иван",
                trigger: partnerLine("Петров Иван", ".edit-partner-button"),
            },
            check("the last name is loaded", `${LAST}:propValue(Петров)`),
            check("the first name is loaded", `${FIRST}:propValue(Иван)`),
            typeInto(FIRST, "Пётр", "new first name"),
            check("the name follows", `${NAME}:propValue(Петров Пётр)`),
            {
                content: "save",
                trigger: ".partnerlist-screen .button.highlight:contains('Save')",
            },
            customerIsSet("Петров Пётр"),
            // a company: one name field, typed as before
            ProductScreen.clickPartnerButton(),
            searchCustomers("Kauppa Oy"),
            {
                content: "edit the company",
                trigger: partnerLine("Kauppa Oy", ".edit-partner-button"),
            },
            {
                content: "no first and last name inputs for a company",
                trigger: `${NAME}:not([readonly])`,
                run: () => {
                    if (document.querySelector(FIRST) || document.querySelector(LAST)) {
                        throw new Error("a company has first and last name inputs");
                    }
                },
            },
            {
                content: "discard (Odoo 17 leaves the customer list too)",
                trigger: ".partnerlist-screen .button.back",
            },
            check("back at the order", ".product-screen .set-partner"),
            Chrome.endTour(),
        ].flat(),
});
