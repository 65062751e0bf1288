/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_retail_customers_sale_contact_tour", {
    test: true,
    url: "/web#action=sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "Create a quotation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Type the company customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "text Tour Retail Shop",
        },
        {
            content: "Pick the company itself, not one of its contacts",
            trigger:
                ".o-autocomplete--dropdown-menu li a:contains('Tour Retail Shop'):not(:contains(','))",
            run: "click",
        },
        {
            content: "The company's sales contact is proposed",
            trigger:
                ".o_field_widget[name=retail_sales_contact_id] input:propValueContains(Saara Sales)",
            isCheck: true,
        },
        ...stepUtils.saveForm(),
    ],
});
