/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

/** The columns a clerk sees by default, in order. */
const CLERK_COLUMNS = [
    "display_name",
    "ref",
    "phone",
    "email",
    "customer_group_id",
    "card_number",
    "reward_points",
    "reward_tier_id",
];

function cellText(row, name) {
    return row.querySelector(`td[name=${name}]`).innerText.trim();
}

function rowOf(name) {
    return [...document.querySelectorAll(".o_list_view .o_data_row")].find((row) =>
        cellText(row, "display_name").includes(name)
    );
}

registry.category("web_tour.tours").add("crm_retail_customers_partner_list_tour", {
    test: true,
    steps: () => [
        {
            content: "Search the tour's contacts",
            trigger: ".o_list_view .o_searchview_input",
            run: "text listtour.example",
        },
        {
            content: "Search by name (or e-mail)",
            trigger: ".o_searchview_autocomplete .o_menu_item:first",
            run: "click",
        },
        {
            content: "The list shows the customer, the new member and the supplier",
            // (the users' own contacts are left out by the search)
            trigger:
                ".o_list_view:has(.o_data_row:contains('Supplier Oy'))" +
                ":has(.o_data_row:contains('Wiśniewska')):has(.o_data_row:contains('Newcomer'))" +
                ":not(:has(.o_data_row:contains('retail_clerk')))",
            extra_trigger: ".o_searchview_facet:contains('listtour.example')",
            run() {
                const problems = [];
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 3) {
                    problems.push(`${rows.length} rows`);
                }
                const columns = [
                    ...document.querySelectorAll(".o_list_table thead th[data-name]"),
                ].map((th) => th.dataset.name);
                if (JSON.stringify(columns) !== JSON.stringify(CLERK_COLUMNS)) {
                    problems.push(`columns ${columns.join(", ")}`);
                }
                const table = document.querySelector(".o_list_table");
                const pane = document.querySelector(".o_list_renderer");
                if (table.scrollWidth > pane.clientWidth) {
                    problems.push(`table ${table.scrollWidth} px in ${pane.clientWidth}`);
                }
                for (const name of ["display_name", "customer_group_id", "card_number"]) {
                    for (const cell of document.querySelectorAll(`.o_data_row td[name=${name}]`)) {
                        if (cell.scrollWidth > cell.clientWidth) {
                            problems.push(`${name} cut off: ${cell.innerText}`);
                        }
                    }
                }
                const customer = rowOf("Wiśniewska");
                const newcomer = rowOf("Newcomer");
                const supplier = rowOf("Supplier Oy");
                const shown = (row) =>
                    [cellText(row, "reward_points"), cellText(row, "reward_tier_id")].join("|");
                if (shown(customer) !== "120.00|List Gold") {
                    problems.push(`customer's balance and tier: ${shown(customer)}`);
                }
                if (shown(newcomer) !== "0.00|List Bronze") {
                    problems.push(`new member's balance and tier: ${shown(newcomer)}`);
                }
                if (shown(supplier) !== "|") {
                    problems.push(`supplier's balance and tier: ${shown(supplier)}`);
                }
                if (problems.length) {
                    throw new Error(problems.join("; "));
                }
            },
        },
    ],
});
