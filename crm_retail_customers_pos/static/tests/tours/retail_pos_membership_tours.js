/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
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
            // a non-member earns nothing: the panel says so and what joining
            // would earn on this basket, with no tier and no redeem button
            check(
                "the panel says Nora is not a member",
                '.product-screen .retail-points-non-member .retail-points-not-member:contains("Not a member")'
            ),
            check(
                "joining would earn 50 points",
                '.product-screen .retail-points-join:contains("Join to earn") .retail-points-join-value:contains("50.00")'
            ),
            check(
                "no tier and no figure earned for a non-member",
                ".product-screen .retail-points-panel:not(:has(.retail-points-tier)):not(:has(.retail-points-earned))"
            ),
            check(
                "no redeem button for a non-member",
                ".product-screen .control-buttons:has(.retail-enrol):not(:has(.retail-redeem-points))"
            ),
            {content: "tap 1: enrol", trigger: ".control-button.retail-enrol"},
            check("the consent dialog", '.modal-dialog .popup-confirm:contains("agrees to join")'),
            {content: "tap 2: the customer agrees", trigger: ".modal-dialog .popup-confirm .button.confirm"},
            check(
                "Nora is a member: no enrol button any more",
                ".product-screen .control-buttons:not(:has(.retail-enrol))"
            ),
            check("the basket now earns", '.product-screen .retail-points-panel .retail-points-earned:contains("50.00")'),
            check("a member may redeem", ".product-screen .control-buttons .retail-redeem-points"),
            check("a member's tier", '.product-screen .retail-points-panel .retail-points-tier:contains("Tour Bronze")'),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: earned", '.pos-receipt .retail-points-earned:contains("50.00")'),
            ReceiptScreen.clickNextOrder(),
            Chrome.endTour(),
        ].flat(),
});
