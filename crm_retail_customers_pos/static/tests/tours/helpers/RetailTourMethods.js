/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Order from "@point_of_sale/../tests/tours/helpers/generic_components/OrderWidgetMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as TicketScreen from "@point_of_sale/../tests/tours/helpers/TicketScreenTourMethods";
import {inLeftSide} from "@point_of_sale/../tests/tours/helpers/utils";

/* Tour steps shared by the retail tours of the till (and the bridges' tours,
 * which import them as pos_loyalty imports point_of_sale's tour helpers). */

/** A step that only waits for ``trigger``: the check is that it appears. */
export function check(content, trigger) {
    return {content, trigger, run: () => {}};
}

/** Type ``value`` into the field like a person: the POS listens to native
 * input and keyup events, which the tour's "text" action does not all send. */
export function typeInto(selector, value, content) {
    return {
        content: content || `type ${value}`,
        trigger: selector,
        run: () => {
            const input = document.querySelector(selector);
            input.focus();
            input.value = value;
            input.dispatchEvent(new Event("input", {bubbles: true}));
            input.dispatchEvent(new Event("change", {bubbles: true}));
            input.dispatchEvent(new KeyboardEvent("keyup", {key: value.slice(-1), bubbles: true}));
        },
    };
}

export function searchCustomers(text) {
    return typeInto(".partnerlist-screen .pos-search-bar input", text, `search customers for ${text}`);
}

export function partnerLine(name, selector = "") {
    return `.partnerlist-screen .partner-line:has(td:contains("${name}")) ${selector}`;
}

export function customerIsSet(name) {
    return check(`the order's customer is ${name}`, `.product-screen .set-partner:contains("${name}")`);
}

/** Open the session, go to the home category and open the customer list. */
export function openCustomerList() {
    return [
        ProductScreen.confirmOpeningPopup(),
        ProductScreen.clickHomeCategory(),
        ProductScreen.clickPartnerButton(),
    ].flat();
}

/** From the product screen, open the paid orders and select ``customer``'s
 * (the ticket screen of a refund). */
export function selectPaidOrder(customer) {
    return [ProductScreen.clickRefund(), TicketScreen.filterIs("Paid"), TicketScreen.selectOrder(customer)].flat();
}

/** On the ticket screen, refund ``quantity`` of the order's line of ``productName``. */
export function refundLine(productName, quantity = "1") {
    return [inLeftSide(Order.hasLine({productName, run: "click"})), ProductScreen.pressNumpad(quantity)].flat();
}
