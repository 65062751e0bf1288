/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_retail_customers_messages_tour", {
    test: true,
    steps: () => [
        {
            content: "The Customer messages block lists the messages, statement off",
            trigger: ".o_field_widget[name=retail_mail_statement] input:not(:checked)",
            run: "click",
        },
        {
            content: "Save the settings",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The monthly statement is on",
            trigger: ".o_field_widget[name=retail_mail_statement] input:checked",
            isCheck: true,
        },
        {
            content: "Open the e-mail of the statement",
            trigger:
                ".o_setting_box:has(.o_field_widget[name=retail_mail_statement]) " +
                "button:contains('Edit the e-mail')",
            run: "click",
        },
        {
            content: "The template opens to be edited",
            trigger: ".o_breadcrumb .active:contains('Retail: monthly points statement')",
            isCheck: true,
        },
    ],
});
