/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

/**
 * The page's language and direction are those the test expects (the
 * ``expect_lang`` and ``expect_dir`` parameters of the URL, which the page
 * ignores), and it fits the window (no sideways scrolling on a phone).
 */
function checkPage(selector) {
    return {
        content: "The page is in the user's language and direction, and fits",
        trigger: `${selector}[dir]`,
        run() {
            const params = new URLSearchParams(window.location.search);
            const page = document.querySelector(selector);
            const lang = page.lang.replace("-", "_");
            const direction = getComputedStyle(page).direction;
            const rtl = document.querySelector("#wrapwrap").classList.contains("o_rtl");
            const width = document.documentElement.scrollWidth;
            if (lang !== params.get("expect_lang")) {
                throw new Error(`page language ${lang}`);
            }
            if (page.dir !== params.get("expect_dir") || direction !== page.dir) {
                throw new Error(`dir=${page.dir}, direction ${direction}`);
            }
            if (rtl !== (page.dir === "rtl")) {
                throw new Error(`o_rtl is ${rtl}`);
            }
            if (width > window.innerWidth) {
                throw new Error(`${width}px wide in a ${window.innerWidth}px window`);
            }
        },
    };
}

registry.category("web_tour.tours").add("crm_retail_customers_portal_preferences", {
    test: true,
    steps: () => [
        checkPage(".o_retail_portal_preferences"),
        {
            content: "E-mails are allowed",
            trigger: "input#retail_email_allow:checked",
            isCheck: true,
        },
        {
            content: "Do not allow e-mails",
            trigger: "label[for=retail_email_ban]",
            run: "click",
        },
        {
            content: "Save",
            trigger: "button.o_retail_save",
            run: "click",
        },
        {
            content: "Saved, e-mails not allowed",
            trigger: ".o_retail_saved:has(~ form input#retail_email_ban:checked)",
            isCheck: true,
        },
    ],
});

registry.category("web_tour.tours").add("crm_retail_customers_portal_join", {
    test: true,
    steps: () => [
        checkPage(".o_retail_portal_join"),
        {
            content: "The terms are shown",
            trigger: ".o_retail_terms li",
            isCheck: true,
        },
        {
            content: "Accept the terms",
            trigger: "label[for=retail_join_consent]",
            run: "click",
        },
        {
            content: "Join",
            trigger: "button.o_retail_join:not(:disabled)",
            run: "click",
        },
        {
            content: "Welcomed as a member",
            trigger: ".o_retail_portal_join .o_retail_joined",
            isCheck: true,
        },
    ],
});

registry.category("web_tour.tours").add("crm_retail_customers_portal_consents_backoffice", {
    test: true,
    steps: () => [
        {
            content: "Open the Consents page of the customer form",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Consents')",
            run: "click",
        },
        {
            content: "The portal change is listed with the portal user",
            trigger:
                ".o_field_widget[name=retail_consent_log_ids] .o_data_row:contains('E-mail'):contains('Portal'):contains('Sirkka Portal')",
            isCheck: true,
        },
    ],
});
