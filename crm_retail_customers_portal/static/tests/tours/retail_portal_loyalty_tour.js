/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

/* The page's layout holds on the screen: nothing wider than the window
 * (tables scroll in their own box), and a Persian page runs right to left. */
function layoutHolds(where) {
    return {
        content: `${where}: direction and width`,
        trigger: "body",
        run: () => {
            const html = document.documentElement;
            const rtl = (html.getAttribute("lang") || "").startsWith("fa");
            if (rtl !== (html.getAttribute("dir") === "rtl")) {
                throw new Error(`${where}: lang ${html.getAttribute("lang")} but dir ${html.getAttribute("dir")}`);
            }
            if (rtl && getComputedStyle(document.body).direction !== "rtl") {
                throw new Error(`${where}: the body does not run right to left`);
            }
            const width = document.documentElement.scrollWidth;
            if (width > window.innerWidth) {
                throw new Error(`${where}: ${width} px wide in a ${window.innerWidth} px window`);
            }
        },
    };
}

function check(content, trigger) {
    return {content, trigger, isCheck: true};
}

function count(content, selector, expected) {
    return {
        content,
        trigger: selector,
        run: () => {
            const found = document.querySelectorAll(selector).length;
            if (found !== expected) {
                throw new Error(`${content}: ${found} instead of ${expected}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("crm_retail_customers_portal_loyalty_tour", {
    test: true,
    url: "/my",
    steps: () => [
        {
            content: "the loyalty tile is shown, its counter is the balance",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/loyalty']",
            run: () => {
                const counter = document.querySelector("[data-placeholder_count='retail_loyalty_points']");
                if (!/\d/.test(counter.textContent)) {
                    throw new Error(`counter "${counter.textContent}" is no balance`);
                }
            },
        },
        layoutHolds("/my"),
        {
            content: "open the loyalty page",
            trigger: ".o_portal_index_card a[href='/my/loyalty']",
            run: "click",
        },
        check("breadcrumbs", ".o_portal_submenu .breadcrumb-item.active"),
        check("balance", ".o_retail_loyalty_balance .o_retail_balance_points:not(:empty)"),
        check("its value in money", ".o_retail_loyalty_balance .o_retail_balance_value .oe_currency_value"),
        check("tier", ".o_retail_loyalty_tier .o_retail_tier_name:contains('Tour Silver')"),
        check("points to the next tier", ".o_retail_loyalty_tier .o_retail_next_tier:contains('Tour Gold')"),
        check("member since", ".o_retail_loyalty_membership .o_retail_member_since"),
        count("two dates of expiring points", ".o_retail_loyalty_expiring tbody tr", 2),
        count("one page of history", ".o_retail_loyalty_history .o_retail_entry_row", 20),
        check("no internal note in the history", ".o_retail_loyalty_history:not(:contains('INTERNAL-NOTE'))"),
        count("the cards", ".o_retail_loyalty_cards .o_retail_card_row", 2),
        check("the earning rule of the tier", ".o_retail_loyalty_rules:contains('Tour Double Days')"),
        check("marketing choices link", "a.o_retail_loyalty_preferences[href='/my/loyalty/preferences']"),
        check("a member is not asked to join", ".o_retail_loyalty:not(:has(a.o_retail_loyalty_join))"),
        layoutHolds("/my/loyalty"),
        {
            content: "next page of the history",
            trigger: ".o_portal_pager a.page-link[href='/my/loyalty/page/2']",
            run: "click",
        },
        check("page 2", ".o_portal_pager .page-item.active a[href='/my/loyalty/page/2']"),
        count("the rest of the history", ".o_retail_loyalty_history .o_retail_entry_row", 5),
        layoutHolds("/my/loyalty/page/2"),
        // the card page has no assets (no tour there): its own tests
        // screenshot and decode it
        check("the link to the card", "a.o_retail_loyalty_card_link[href='/my/loyalty/card']"),
    ],
});
