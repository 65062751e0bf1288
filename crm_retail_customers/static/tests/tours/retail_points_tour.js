/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_retail_customers_points_tour", {
    test: true,
    steps: () => [
        {
            content: "Issue a card from the customer form",
            trigger: ".o_form_view .o_form_statusbar button:contains('Issue Card')",
            run: "click",
        },
        {
            content: "Confirm with the next number of the sequence",
            trigger: ".modal-footer button:contains('Issue Card')",
            run: "click",
        },
        {
            content: "The customer now has a card",
            trigger: ".oe_stat_button:contains('Cards'):contains('1')",
            isCheck: true,
        },
        {
            content: "Open the Retail page",
            trigger: ".o_notebook .nav-link:contains('Retail')",
            run: "click",
        },
        {
            content: "Adjust points",
            trigger: ".o_notebook button:contains('Adjust Points')",
            run: "click",
        },
        {
            content: "Give 600 points",
            trigger: ".o_field_widget[name=points] input",
            run: "text 600",
        },
        {
            content: "Say why",
            trigger: ".o_field_widget[name=note] textarea",
            run: "text Welcome bonus for the tour",
        },
        {
            content: "Book them",
            trigger: ".modal-footer button:contains('Book Points')",
            run: "click",
        },
        {
            content: "The balance shows on the smart button",
            trigger: ".oe_stat_button:contains('Points'):contains('600')",
            in_modal: false,
            isCheck: true,
        },
        {
            content: "The customer's tier shows (adjustments do not count as earned)",
            trigger: ".o_field_widget[name=reward_tier_id]:contains('Tour Bronze')",
            in_modal: false,
            isCheck: true,
        },
    ],
});
