/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as ErrorPopup from "@point_of_sale/../tests/tours/helpers/ErrorPopupTourMethods";
import * as NumberPopup from "@point_of_sale/../tests/tours/helpers/NumberPopupTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import * as TicketScreen from "@point_of_sale/../tests/tours/helpers/TicketScreenTourMethods";
import {check, customerIsSet, refundLine, selectPaidOrder, typeInto} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Card numbers and customer number of the test data (tests/common.py,
 * tests/test_ui_till.py). */
const ZOE_CARD = "2900001000017";
const BLOCKED_CARD = "2900001000024";
const AARON_NUMBER = "C-7001";

function panelShows(name, selector, text) {
    return check(
        `points panel: ${name} ${text}`,
        `.product-screen .retail-points-panel ${selector}:contains("${text}")`
    );
}

function searchProducts(text) {
    return typeInto(".product-screen .products-widget-control input", text, `search products for ${text}`);
}

function pay() {
    return [
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank"),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
    ].flat();
}

/** The receipt's points block names the customer and the card (masked). */
function receiptNamesHolder(name, card) {
    return {
        content: `receipt: points block names ${name} and card ${card}`,
        trigger: ".pos-receipt .retail-points-receipt .retail-points-card",
        run: () => {
            const block = document.querySelector(".pos-receipt .retail-points-receipt");
            const text = (selector) => block.querySelector(selector).textContent;
            if (
                text(".retail-points-customer") !== `Customer${name}` ||
                text(".retail-points-card") !== `Card${card}`
            ) {
                throw new Error(`receipt points block: ${block.textContent}`);
            }
            if (block.textContent.includes(ZOE_CARD)) {
                throw new Error(`the receipt prints the whole card number: ${block.textContent}`);
            }
        },
    };
}

/* Refund one jacket of an order the till loads from the server: the refund
 * carries half the points discount (1.50 of 3.00) with it; the panel shows
 * what the server will take and give back, then the receipt what it did. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_refund_panel_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            selectPaidOrder("Zoe Cardholder"),
            refundLine("Tour Jacket"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.totalAmountIs("-48.50"),
            customerIsSet("Zoe Cardholder"),
            // 117 points now; the sale earned 97 on 97.00: one jacket (its
            // 50 points at full price, 48.50 of them earned: the discount
            // paid the rest) takes back 48.50; half the discount gives back
            // 15 of the 30 points redeemed
            panelShows("balance", ".retail-points-balance .value", "117.00"),
            panelShows("taken back", ".retail-points-earned .value.text-danger", "-48.50"),
            panelShows("given back", ".retail-points-returned .value", "15.00"),
            panelShows("after the refund", ".retail-points-after .value", "83.50"),
            check("no pending note", ".product-screen .retail-points-panel:not(:has(.retail-points-pending))"),
            ...pay(),
            check("receipt: taken back", '.pos-receipt .retail-points-reversed:contains("48.50")'),
            check("receipt: given back", '.pos-receipt .retail-points-returned:contains("15.00")'),
            check("receipt: new balance", '.pos-receipt .retail-points-new-balance:contains("83.50")'),
            receiptNamesHolder("Zoe Cardholder", "**** 0017"),
            ReceiptScreen.clickNextOrder(),
        ].flat(),
});

/* Refund a new member's first purchase in full: the panel shows the welcome
 * bonus taken back with the points the jacket earned, as the server books it. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_refund_bonus_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            selectPaidOrder("Nina Newcomer"),
            refundLine("Tour Jacket"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.totalAmountIs("-50.00"),
            customerIsSet("Nina Newcomer"),
            // 50 points earned on the jacket and the welcome bonus of 25
            panelShows("balance", ".retail-points-balance .value", "75.00"),
            panelShows("taken back", ".retail-points-earned .value.text-danger", "-75.00"),
            panelShows("after the refund", ".retail-points-after .value", "0.00"),
            ...pay(),
            check("receipt: taken back", '.pos-receipt .retail-points-reversed:contains("75.00")'),
            check("receipt: new balance", '.pos-receipt .retail-points-new-balance:contains("0.00")'),
            ReceiptScreen.clickNextOrder(),
        ].flat(),
});

/* The scanner fails: the cashier types card and customer numbers into the
 * product search. A blocked card is refused; a card or customer number
 * picks the customer; the receipt names them and the card. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_typed_number_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            searchProducts(BLOCKED_CARD),
            check(
                "the blocked card is refused",
                `.modal-dialog .popup-error:contains("${BLOCKED_CARD}"):contains("blocked")`
            ),
            ErrorPopup.clickConfirm(),
            check("no customer", ".product-screen .set-partner:not(:contains('Yves'))"),
            searchProducts(AARON_NUMBER),
            check("no product has the number", '.product-screen .product-list-empty:contains("No products found")'),
            {
                content: "find the customer with this number",
                trigger: ".product-screen .product-list-empty .retail-search-customer",
            },
            customerIsSet("Aaron Loyal"),
            check("search cleared", '.product-screen article.product .product-name:contains("Tour Jacket")'),
            searchProducts(ZOE_CARD.replace(/(\d{4})/g, "$1 ").trim()),
            customerIsSet("Zoe Cardholder"),
            panelShows("balance", ".retail-points-balance .value", "50.00"),
            ProductScreen.clickDisplayedProduct("Tour Jacket"),
            ...pay(),
            check("receipt: earned", '.pos-receipt .retail-points-earned:contains("50.00")'),
            receiptNamesHolder("Zoe Cardholder", "**** 0017"),
            ReceiptScreen.clickNextOrder(),
        ].flat(),
});

/* "Redeem points" at 1366 x 768: the title on one line above the balance
 * and maximum. The tour ends with the popup open (screenshot). */
registry.category("web_tour.tours").add("crm_retail_customers_pos_redeem_popup_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            searchProducts(ZOE_CARD),
            customerIsSet("Zoe Cardholder"),
            ProductScreen.clickDisplayedProduct("Tour Jacket"),
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            {
                content: "the title is one line above the balance and maximum",
                trigger: ".modal-dialog .retail-redeem-points-popup .modal-header .subtitle",
                run: () => {
                    const header = document.querySelector(".retail-redeem-points-popup .modal-header");
                    const title = header.querySelector(".modal-title").getBoundingClientRect();
                    const subtitle = header.querySelector(".subtitle").getBoundingClientRect();
                    const lineHeight = parseFloat(
                        getComputedStyle(header.querySelector(".modal-title")).lineHeight
                    );
                    if (title.bottom > subtitle.top + 1) {
                        throw new Error("the title is beside the text, not above it");
                    }
                    if (title.height > lineHeight * 1.5) {
                        throw new Error(`the title wraps (${title.height} px high)`);
                    }
                },
            },
        ].flat(),
});
