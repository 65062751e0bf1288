/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

// Contacts › Reporting › Customer Analysis: the pivot of the analysis (its
// period filter taken away: the test's data are of 2025), a cell opened, its
// customers opened from the rows.
registry.category("web_tour.tours").add("crm_retail_customers_analysis_tour", {
    test: true,
    steps: () => [
        {
            content: "Open the Reporting menu of Contacts",
            trigger: ".o_main_navbar button:contains('Reporting')",
            run: "click",
        },
        {
            content: "Open the customer analysis",
            trigger: ".dropdown-item:contains('Customer Analysis')",
            run: "click",
        },
        {
            content: "The pivot is shown; take the period filter away",
            trigger: ".o_pivot_view .o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the cell of the group Tour Analysis",
            trigger:
                ".o_pivot tr:has(.o_pivot_header_cell_closed:contains('Tour Analysis')) " +
                "td.o_pivot_cell_value:first",
            run: "click",
        },
        {
            content: "The cell's rows are listed: select them all",
            trigger: ".o_list_view thead .o_list_record_selector input",
            extra_trigger: ".o_list_view .o_data_row:contains('Tour Analysis Customer')",
            run: "click",
        },
        {
            content: "Open their customers",
            trigger: ".o_control_panel button.o_retail_analysis_customers",
            run: "click",
        },
        {
            content: "The customer of the cell is shown",
            trigger: ".o_breadcrumb .active:contains('Customers')",
            extra_trigger: ".o_kanban_record:contains('Tour Analysis Customer')",
            isCheck: true,
        },
    ],
});
