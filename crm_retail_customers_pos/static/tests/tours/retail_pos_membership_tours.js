/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as ErrorPopup from "@point_of_sale/../tests/tours/helpers/ErrorPopupTourMethods";
import * as PartnerList from "@point_of_sale/../tests/tours/helpers/PartnerListScreenTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {check, openCustomerList} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* A customer who is not a member is picked, enrolled in two taps (the
 * button, then the customer's consent) and the same order earns. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_enrol_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            openCustomerList(),
            {
                content: "search Nora",
                trigger: ".partnerlist-screen .pos-search-bar input",
                run: () => {
                    const input = document.querySelector(".partnerlist-screen .pos-search-bar input");
                    input.value = "Nora Newmember";
                    input.dispatchEvent(new Event("input", {bubbles: true}));
                    input.dispatchEvent(new KeyboardEvent("keyup", {key: "r", bubbles: true}));
                },
            },
            {
                // Nora is not among the customers loaded at start-up
                content: "search the server",
                trigger: ".partnerlist-screen .search-more-button button",
            },
            check(
                "the customer line says Nora is not a member",
                '.partnerlist-screen .partner-line:has(td:contains("Nora Newmember")) .retail-non-member:contains("Not a member")'
            ),
            PartnerList.clickPartner("Nora Newmember"),
            check("Nora is the order's customer", '.product-screen .set-partner:contains("Nora Newmember")'),
            ProductScreen.clickDisplayedProduct("Tour Jacket"),
            ProductScreen.selectedOrderlineHas("Tour Jacket", "1.00", "50.00"),
            {
                content: "a non-member's basket earns nothing",
                trigger: ".product-screen .retail-points-panel .retail-points-earned",
                run: () => {
                    const earned = document.querySelector(
                        ".product-screen .retail-points-panel .retail-points-earned"
                    ).textContent;
                    if (!/(^|[^0-9.])0\.00/.test(earned)) {
                        throw new Error(`A non-member's basket shows ${earned}`);
                    }
                },
            },
            // a non-member cannot redeem
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            check("redeeming is refused", '.modal-dialog .popup-error:contains("not a member")'),
            ErrorPopup.clickConfirm(),
            check("no dialog left", "body:not(:has(.modal-dialog .popup-error))"),
            {content: "tap 1: enrol", trigger: ".control-button.retail-enrol"},
            check("the consent dialog", '.modal-dialog .popup-confirm:contains("agrees to join")'),
            {content: "tap 2: the customer agrees", trigger: ".modal-dialog .popup-confirm .button.confirm"},
            check(
                "Nora is a member: no enrol button any more",
                ".product-screen .control-buttons:not(:has(.retail-enrol))"
            ),
            check("the basket now earns", '.product-screen .retail-points-panel .retail-points-earned:contains("50.00")'),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: earned", '.pos-receipt .retail-points-earned:contains("50.00")'),
            ReceiptScreen.clickNextOrder(),
            Chrome.endTour(),
        ].flat(),
});
