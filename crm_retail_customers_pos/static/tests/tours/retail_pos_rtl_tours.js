/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Order from "@point_of_sale/../tests/tours/helpers/generic_components/OrderWidgetMethods";
import * as PartnerList from "@point_of_sale/../tests/tours/helpers/PartnerListScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as TicketScreen from "@point_of_sale/../tests/tours/helpers/TicketScreenTourMethods";
import {scan_barcode} from "@point_of_sale/../tests/tours/helpers/utils";
import {check, customerIsSet, searchCustomers} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Tests in tests/test_ui_rtl.py: a Persian cashier, Zoe (50 points, tier
 * "Silver Club", card 2900001000017) among the customers. Odoo's own helpers
 * that look for English texts (the opening popup's "Open session") are
 * replaced by selectors without text. */

/** Fail unless the element ``find()`` returns lies right of the one
 * ``findOther()`` returns (right to left: what comes first in the markup is
 * at the right). */
function rightOf(content, trigger, find, findOther) {
    return {
        content,
        trigger,
        run: () => {
            const box = find().getBoundingClientRect();
            const other = findOther().getBoundingClientRect();
            if (!(box.left >= other.right - 1)) {
                throw new Error(
                    `${content}: ${box.left}-${box.right} is not right of ${other.left}-${other.right}`
                );
            }
        },
    };
}

const $ = (selector) => document.querySelector(selector);

/** The box of the first (``last``: the last) visible character of ``element``. */
function charBox(element, last = false) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const chars = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        for (let index = 0; index < node.data.length; index++) {
            if (node.data[index].trim()) {
                chars.push([node, index]);
            }
        }
    }
    const [node, index] = last ? chars.at(-1) : chars[0];
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + 1);
    return range.getBoundingClientRect();
}

/** Fail unless the value ``find()`` returns (a number, a phone number) reads
 * left to right inside the right-to-left page: its first character (a sign,
 * "+") at the left of its last one, and it is isolated from the text around
 * (``bidi``: "plaintext" for a name, which takes the direction of its first
 * letter). */
function readsLeftToRight(content, trigger, find, bidi = "isolate") {
    return {
        content,
        trigger,
        run: () => {
            const element = find();
            const first = charBox(element);
            const last = charBox(element, true);
            if (!(first.left < last.left)) {
                throw new Error(
                    `${content}: "${element.textContent.trim()}" reads right to left (${first.left} > ${last.left})`
                );
            }
            const style = getComputedStyle(element);
            if (style.unicodeBidi !== bidi || (bidi === "isolate" && style.direction !== "ltr")) {
                throw new Error(`${content}: not isolated (${style.unicodeBidi}, ${style.direction})`);
            }
        },
    };
}

function zoeLine() {
    return [...document.querySelectorAll(".partnerlist-screen .partner-line")].find((line) =>
        line.textContent.includes("Zoe Cardholder")
    );
}

/** Open the till, bring Zoe in with her card and check the customer list. */
function tillAndCustomerList() {
    return [
            check("the till is right to left", "body.o_rtl"),
            {
                content: "open the session",
                trigger: ".opening-cash-control .footer .btn-primary",
            },
            ProductScreen.clickHomeCategory(),
            // the cashier's Latin name keeps its "!" at its end
            readsLeftToRight(
                "the cashier's name keeps its own direction",
                ".pos-topheader .cashier-name .username",
                () => $(".pos-topheader .cashier-name .username"),
                "plaintext"
            ),
            // mirrored: the order (first in the markup) at the right of the products
            rightOf(
                "order at the right of the products",
                ".product-screen .rightpane",
                () => $(".product-screen .leftpane"),
                () => $(".product-screen .rightpane")
            ),
            // Zoe is not among the customers loaded at start-up: her card
            // brings her in
            scan_barcode("2900001000017"),
            check("Zoe is the customer", '.product-screen .set-partner:contains("Zoe Cardholder")'),
            ProductScreen.clickPartnerButton(),
            check(
                "Zoe's balance and tier badge in the list",
                '.partnerlist-screen .partner-line:has(td:contains("Zoe Cardholder")) .retail-points-balance:contains("50.00")'
            ),
            check(
                "tier badge",
                '.partnerlist-screen .partner-line:has(td:contains("Zoe Cardholder")) .retail-tier:contains("Silver Club")'
            ),
            check(
                "the ban badge in Persian",
                '.partnerlist-screen .partner-line:has(td:contains("Zoe Cardholder")) .retail-marketing-ban:contains("بدون بازاریابی:"):contains("ایمیل")'
            ),
            // the customer's name column is at the right of the balance column
            rightOf(
                "name at the right of the balance",
                '.partnerlist-screen .partner-line:contains("Zoe Cardholder")',
                () => zoeLine().querySelector("td"),
                () => zoeLine().querySelector(".partner-line-balance")
            ),
            // her phone and card numbers are not read backwards
            readsLeftToRight(
                "Zoe's mobile number reads left to right",
                '.partnerlist-screen .partner-line:contains("Zoe Cardholder") .partner-line-email div:contains("601")',
                () =>
                    [...zoeLine().querySelectorAll(".partner-line-email > div")].find((div) =>
                        div.textContent.includes("601")
                    )
            ),
            readsLeftToRight(
                "Zoe's Latin name keeps its full stop at its end",
                '.partnerlist-screen .partner-line:contains("Zoe Cardholder Jr.")',
                () => zoeLine().querySelector("td > b"),
                "plaintext"
            ),
            readsLeftToRight(
                "Zoe's card number is isolated",
                '.partnerlist-screen .partner-line:contains("Zoe Cardholder") .retail-card',
                () => zoeLine().querySelector(".retail-card")
            ),
    ];
}

/** A returned jacket: a negative line and total keep their sign in front. */
function negativeFigures() {
    return [
        {content: "back to the order", trigger: ".partnerlist-screen .button.back"},
        ProductScreen.clickDisplayedProduct("Tour Jacket"),
        ProductScreen.pressNumpad("+/-", "1"),
        check("the line is negative", ".product-screen .order-summary .total:contains('-')"),
        readsLeftToRight(
            "the negative total reads left to right",
            ".product-screen .order-summary .total:contains('-')",
            () => $(".product-screen .order-summary .total")
        ),
        readsLeftToRight(
            "the negative line price reads left to right",
            ".product-screen .orderline .product-price:contains('-')",
            () => $(".product-screen .orderline .product-price")
        ),
        ProductScreen.clickPartnerButton(),
        check("back on the customer list", ".partnerlist-screen .partner-line"),
    ];
}

/* The customer list of a Persian till; the tour ends on the list (screenshot). */
registry.category("web_tour.tours").add("crm_retail_customers_pos_rtl_list_tour", {
    test: true,
    url: "/pos/ui",
    steps: () => [...tillAndCustomerList(), ...negativeFigures()].flat(),
});

/* Then the redemption popup; the tour ends with the popup open (screenshot). */
registry.category("web_tour.tours").add("crm_retail_customers_pos_rtl_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ...tillAndCustomerList(),
            {content: "back to the order", trigger: ".partnerlist-screen .button.back"},
            ProductScreen.clickDisplayedProduct("Tour Jacket"),
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            check("the redemption popup in Persian", '.modal-dialog .popup:contains("استفاده از امتیاز")'),
            check(
                "balance and maximum in the popup",
                '.modal-dialog .popup:contains("موجودی: 50.00 امتیاز"):contains("حداکثر 50.00 امتیاز")'
            ),
            // the tour ends with the popup open: the test takes its screenshot
        ].flat(),
});

/* The points panel of a Persian till (tests/test_ui_rtl.py): its texts in
 * Persian, its figures left to right with their sign in front. */

/** Open the till of a Persian cashier (no English texts to look for). */
function openPersianTill() {
    return [
        check("the till is right to left", "body.o_rtl"),
        {
            content: "open the session",
            trigger: ".opening-cash-control .footer .btn-primary",
        },
        ProductScreen.clickHomeCategory(),
    ];
}

/** Fail unless the text of ``selector`` holds no Latin letter: every word
 * of it is translated (figures are digits). Names of records (a tier, an
 * earning rule) are data, not our terms: left out. */
function translated(content, selector) {
    return {
        content,
        trigger: selector,
        run: () => {
            const copy = $(selector).cloneNode(true);
            copy.querySelectorAll(".retail-points-tier, .retail-points-rule-name").forEach((el) => el.remove());
            const text = copy.textContent.replace(/\s+/g, " ").trim();
            if (/[A-Za-z]/.test(text)) {
                throw new Error(`${content}: untranslated text in "${text}"`);
            }
        },
    };
}

/** Fail unless each of ``selectors`` lies on one line (no label wrapped
 * under its figure, no word broken). */
function oneLine(content, ...selectors) {
    return {
        content,
        trigger: selectors[0],
        run: () => {
            for (const selector of selectors) {
                const element = $(selector);
                const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
                const height = element.getBoundingClientRect().height;
                if (height > lineHeight * 1.5) {
                    throw new Error(`${content}: ${selector} wraps (${height}px for a line of ${lineHeight}px)`);
                }
            }
        },
    };
}

/** A figure of the panel: isolated, left to right, its text ``text``. */
function panelFigure(name, selector, text) {
    const full = `.product-screen .retail-points-panel ${selector}`;
    return [
        check(`panel: ${name} ${text}`, `${full}:contains("${text}")`),
        readsLeftToRight(`panel: ${name} reads left to right`, full, () => $(full)),
    ];
}

/* A customer who is not a member (members only, a frozen balance of 20):
 * "not a member, join to earn 50.00 points" in Persian. The tour ends on
 * the panel (screenshot). */
registry.category("web_tour.tours").add("crm_retail_customers_pos_rtl_non_member_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ...openPersianTill(),
            ProductScreen.clickPartnerButton(),
            searchCustomers("Nora Newmember"),
            {content: "search the server", trigger: ".partnerlist-screen .search-more-button button"},
            PartnerList.clickPartner("Nora Newmember"),
            customerIsSet("Nora Newmember"),
            ProductScreen.clickDisplayedProduct("Tour Jacket"),
            check(
                "not a member, in Persian",
                '.product-screen .retail-points-non-member .retail-points-not-member:contains("عضو نیست")'
            ),
            check(
                "join to earn, in Persian",
                '.product-screen .retail-points-join:contains("با عضویت"):contains("امتیاز از این سفارش")'
            ),
            check(
                "the frozen balance, in Persian",
                '.product-screen .retail-points-frozen:contains("موجودی مسدود")'
            ),
            translated("the panel is all Persian", ".product-screen .retail-points-non-member"),
            ...panelFigure("join to earn", ".retail-points-join-value", "50.00"),
            ...panelFigure("frozen balance", ".retail-points-frozen .value", "20.00"),
            oneLine(
                "the panel's lines do not wrap",
                ".product-screen .retail-points-join",
                ".product-screen .retail-points-frozen"
            ),
            check(
                "no tier, no figure earned and no redeem button",
                ".product-screen:not(:has(.retail-points-tier)):not(:has(.retail-points-earned)):not(:has(.retail-redeem-points))"
            ),
        ].flat(),
});

/* Refund one jacket of Zoe's order loaded from the server, which carries
 * half the points discount with it (the discount line itself cannot be
 * picked): the points taken back (-48.50, its sign in front) and given back
 * (+15.00), the balance and what is left after the refund, in Persian. The
 * tour ends on the panel (screenshot). */
registry.category("web_tour.tours").add("crm_retail_customers_pos_rtl_refund_panel_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ...openPersianTill(),
            {content: "refund", trigger: ".product-screen .control-button:has(.fa-undo)"},
            TicketScreen.selectOrder("Zoe Cardholder"),
            Order.hasLine({productName: "Tour Jacket", run: "click"}),
            ProductScreen.pressNumpad("1"),
            {
                content: "the points discount line (refunded with the goods only)",
                trigger: ".ticket-screen .order-container .orderline:has(.price:contains('-'))",
            },
            ProductScreen.pressNumpad("1"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            customerIsSet("Zoe Cardholder"),
            // the refunded quantity keeps its sign in front ("-1.00", not "1.00-")
            readsLeftToRight(
                "the refunded quantity reads left to right",
                ".product-screen .orderline .price-per-unit .qty",
                () => $(".product-screen .orderline .price-per-unit .qty")
            ),
            check("the panel in Persian", '.product-screen .retail-points-panel:contains("امتیاز پاداش")'),
            translated("the panel is all Persian", ".product-screen .retail-points-panel"),
            ...panelFigure("balance", ".retail-points-balance .value", "117.00"),
            ...panelFigure("taken back", ".retail-points-earned .value.text-danger", "-48.50"),
            ...panelFigure("given back", ".retail-points-returned .value", "+15.00"),
            ...panelFigure("after the refund", ".retail-points-after .value", "83.50"),
            check("no pending note", ".product-screen .retail-points-panel:not(:has(.retail-points-pending))"),
            oneLine(
                "the panel's labels do not wrap",
                ".product-screen .retail-points-balance .small",
                ".product-screen .retail-points-earned .small",
                ".product-screen .retail-points-returned .small",
                ".product-screen .retail-points-after .small"
            ),
        ].flat(),
});
