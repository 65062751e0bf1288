/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_retail_customers_partner_tour", {
    test: true,
    steps: () => [
        {
            content: "Open the Retail page of the customer form",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Retail')",
            run: "click",
        },
        {
            content: "Ban e-mail marketing",
            trigger: ".o_field_widget[name=no_email_marketing] input",
            run: "click",
        },
        {
            content: "Type the customer group",
            trigger: ".o_field_widget[name=customer_group_id] input",
            run: "text Tour Gold",
        },
        {
            content: "Pick the group from the dropdown",
            trigger: ".o-autocomplete--dropdown-menu li a:contains('Tour Club / Tour Gold')",
            run: "click",
        },
        {
            content: "The group's custom field appears",
            trigger: ".o_field_widget[name=retail_properties] :contains('Shoe size')",
            isCheck: true,
        },
        ...stepUtils.saveForm(),
        {
            content: "Open the Consents page",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Consents')",
            run: "click",
        },
        {
            content: "The e-mail ban is logged as a back-office change",
            trigger:
                ".o_field_widget[name=retail_consent_log_ids] .o_data_row:contains('E-mail'):contains('Back Office')",
            isCheck: true,
        },
    ],
});
