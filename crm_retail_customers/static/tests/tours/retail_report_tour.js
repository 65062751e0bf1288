/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_retail_customers_report_tour", {
    test: true,
    steps: () => [
        {
            content: "The report wizard is open",
            trigger: ".modal-title:contains('Customer Reports')",
            isCheck: true,
        },
        {
            content: "Choose the e-mails and phones report",
            trigger: ".o_field_widget[name=report] input[data-value=contacts]",
            run: "click",
        },
        {
            content: "Only customers who accept e-mails",
            trigger: ".o_field_widget[name=consent_email] select",
            run: 'text "allowed"',
        },
        {
            content: "Download the CSV",
            trigger: ".o_retail_download_csv",
            run: "click",
        },
        {
            content: "The wizard stays open after the download",
            trigger: ".o_retail_download_csv",
            extra_trigger: "body:not(:has(.o_notification.border-danger))",
            isCheck: true,
        },
        {
            content: "Close the wizard",
            trigger: ".modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
            in_modal: false,
            isCheck: true,
        },
    ],
});

registry.category("web_tour.tours").add("crm_retail_customers_report_too_big_tour", {
    test: true,
    steps: () => [
        {
            content: "The report wizard is open on the balances",
            trigger: ".o_field_widget[name=report] input[data-value=balances]:checked",
            isCheck: true,
        },
        {
            content: "Print the PDF of every customer",
            trigger: ".modal-footer button:contains('Print (PDF)')",
            run: "click",
        },
        {
            content: "Odoo says the PDF is too big and points to the CSV",
            trigger: ".modal-body:contains('too many for a PDF'):contains('Download (CSV)')",
            in_modal: false,
            isCheck: true,
        },
    ],
});
