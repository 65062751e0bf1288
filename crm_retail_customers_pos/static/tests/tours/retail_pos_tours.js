/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as Chrome from "@point_of_sale/../tests/tours/helpers/ChromeTourMethods";
import * as ErrorPopup from "@point_of_sale/../tests/tours/helpers/ErrorPopupTourMethods";
import * as NumberPopup from "@point_of_sale/../tests/tours/helpers/NumberPopupTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import * as TicketScreen from "@point_of_sale/../tests/tours/helpers/TicketScreenTourMethods";
import {scan_barcode} from "@point_of_sale/../tests/tours/helpers/utils";
import {check, customerIsSet, partnerLine, refundLine, searchCustomers, selectPaidOrder, typeInto} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Card numbers of the test data (tests/common.py). */
const ZOE_CARD = "2900001000017";
const BLOCKED_CARD = "2900001000024";
const LOST_CARD = "2900001000031";
const EXPIRED_CARD = "2900001000048";
const REPLACED_CARD = "2900001000055";
const AARON_CARD = "2900001000062";
const XENA_CARD = "2900001000079";

function orderHasNoCustomer() {
    return {
        content: "the order still has no customer",
        trigger: ".product-screen",
        run: () => {
            const partner = window.posmodel.get_order().get_partner();
            if (partner) {
                throw new Error(`A refused card set ${partner.name} on the order`);
            }
        },
    };
}

function scanRefusedCard(number, message) {
    return [
        scan_barcode(number),
        {
            content: `card ${number} is refused: ${message}`,
            trigger: `.modal-dialog .popup-error:contains("${number}"):contains("${message}")`,
            run: () => {},
        },
        ErrorPopup.clickConfirm(),
        orderHasNoCustomer(),
    ].flat();
}

/*
 * Steps 1-3: scan cards (refused states, a customer the till has not loaded),
 * find customers by card number (loaded and through "Search more"), see their
 * balance, tier, group, card and marketing badge in the list and the details.
 */
registry.category("web_tour.tours").add("crm_retail_customers_pos_card_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            {
                content: "Zoe is not among the customers loaded at start-up",
                trigger: ".product-screen",
                run: () => {
                    const loaded = Object.values(window.posmodel.db.partner_by_id);
                    if (loaded.some((partner) => partner.name === "Zoe Cardholder")) {
                        throw new Error("Zoe Cardholder was preloaded");
                    }
                },
            },
            scanRefusedCard(BLOCKED_CARD, "is blocked"),
            scanRefusedCard(LOST_CARD, "reported lost"),
            scanRefusedCard(EXPIRED_CARD, "has expired"),
            scanRefusedCard(REPLACED_CARD, "was replaced by card"),
            // the holder of an active card, fetched from the server
            scan_barcode(ZOE_CARD),
            customerIsSet("Zoe Cardholder"),
            // customer list: search by card number among the loaded customers
            ProductScreen.clickPartnerButton(),
            searchCustomers(AARON_CARD),
            check("Aaron is found by his card number", partnerLine("Aaron Loyal")),
            check(
                "only Aaron matches",
                `.partnerlist-screen .partner-list-contents:not(:has(.partner-line:contains("Mmm Filler")))`
            ),
            // a customer the till has not loaded: "Search more" asks the server
            searchCustomers(XENA_CARD),
            check(
                "the till has no customer with this card",
                `.partnerlist-screen .partner-list-contents:not(:has(.partner-line:contains("Aaron Loyal"))):not(:has(.partner-line:contains("Xena Remote")))`
            ),
            {
                content: "search the server",
                trigger: ".partnerlist-screen .search-more-button button",
            },
            check("Xena is found on the server by her card number", partnerLine("Xena Remote")),
            // the list shows the loyalty information
            searchCustomers("Zoe"),
            check("Zoe's balance", partnerLine("Zoe Cardholder", '.retail-points-balance:contains("50.00")')),
            check("Zoe's tier", partnerLine("Zoe Cardholder", '.retail-tier:contains("Silver Club")')),
            check("Zoe's group", partnerLine("Zoe Cardholder", '.retail-group:contains("Tour Members")')),
            check("Zoe's card", partnerLine("Zoe Cardholder", `.retail-card:contains("${ZOE_CARD}")`)),
            check(
                "Zoe's marketing ban badge",
                partnerLine("Zoe Cardholder", '.retail-marketing-ban:contains("e-mail")')
            ),
            searchCustomers(AARON_CARD),
            check("Aaron has no ban badge", `${partnerLine("Aaron Loyal")}:not(:has(.retail-marketing-ban))`),
            // and the details
            searchCustomers("Zoe"),
            {
                content: "open Zoe's details",
                trigger: partnerLine("Zoe Cardholder", ".edit-partner-button"),
            },
            check("details: balance", '.retail-partner-summary .retail-points-balance:contains("50.00")'),
            check("details: tier", '.retail-partner-summary .retail-tier:contains("Silver Club")'),
            check("details: group", '.retail-partner-summary .retail-group:contains("Tour Members")'),
            check("details: card", `.retail-partner-summary .retail-card:contains("${ZOE_CARD}")`),
            check("details: ban badge", ".retail-partner-summary .retail-marketing-ban"),
            check("details: the ban is ticked", ".partner-details input[name=no_email_marketing]:checked"),
            {
                content: "details: the group is selected",
                trigger: ".partner-details select[name=customer_group_id]",
                run: () => {
                    const select = document.querySelector(
                        ".partner-details select[name=customer_group_id]"
                    );
                    const label = select.selectedOptions[0]?.textContent.trim();
                    if (label !== "Tour Members") {
                        throw new Error(`The selected group is ${label}`);
                    }
                },
            },
            {
                // "Discard" in the details closes the whole customer list
                content: "leave the details",
                trigger: ".partnerlist-screen .button.back",
            },
            customerIsSet("Zoe Cardholder"),
            Chrome.endTour(),
        ].flat(),
});

/* Step 4: create a customer with group, birthdate and bans, and a card. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_create_customer_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickPartnerButton(),
            {content: "create a customer", trigger: ".partnerlist-screen .new-customer"},
            {
                content: "name",
                trigger: ".partner-details input[name=name]",
                run: "text Till Newcomer",
            },
            {
                content: "e-mail",
                trigger: ".partner-details input[name=Email]",
                run: "text till.newcomer@example.com",
            },
            {
                content: "phone",
                trigger: ".partner-details input[name=Phone]",
                run: "text +32 470 11 22 33",
            },
            {
                content: "customer group",
                trigger: '.partner-details select[name=customer_group_id]:has(option:contains("Tour Members"))',
                run: "text Tour Members",
            },
            typeInto(".partner-details input[name=birthdate]", "1990-05-17", "birthdate"),
            {
                content: "ban e-mail marketing",
                trigger: ".partner-details input[name=no_email_marketing]",
                run: "click",
            },
            {
                content: "ban letters",
                trigger: ".partner-details input[name=no_letter_marketing]",
                run: "click",
            },
            {
                content: "issue a card",
                trigger: ".partner-details input[name=retail_issue_card]",
                run: "click",
            },
            {
                content: "save",
                trigger: ".partnerlist-screen .button.highlight:contains('Save')",
            },
            customerIsSet("Till Newcomer"),
            // the new customer's card and badge show in the list at once
            ProductScreen.clickPartnerButton(),
            searchCustomers("Till Newcomer"),
            check("the new card is listed", partnerLine("Till Newcomer", '.retail-card:contains("2900")')),
            check("the ban badge is listed", partnerLine("Till Newcomer", ".retail-marketing-ban")),
            {
                content: "leave the customer list",
                trigger: ".partnerlist-screen .button.back",
            },
            Chrome.endTour(),
        ].flat(),
});

/* Steps 5-6: pick the customer by card, redeem points (too many first), pay;
 * the receipt prints the points and the list shows the new balance. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_redeem_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            ProductScreen.clickHomeCategory(),
            scan_barcode(ZOE_CARD),
            customerIsSet("Zoe Cardholder"),
            ProductScreen.clickDisplayedProduct("Tour Jacket"),
            ProductScreen.selectedOrderlineHas("Tour Jacket", "1.00", "50.00"),
            // more than the balance of 50 points is refused
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            NumberPopup.enterValue("60"),
            NumberPopup.clickConfirm(),
            check("too many points", '.modal-dialog .popup-error:contains("At most 50.00 points")'),
            ErrorPopup.clickConfirm(),
            // 30 points at 0.10 = 3.00 off
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            NumberPopup.enterValue("30"),
            NumberPopup.clickConfirm(),
            ProductScreen.selectedOrderlineHas("Reward Points Redemption (30.00 points)", "1.00", "-3.00"),
            ProductScreen.totalAmountIs("47.00"),
            // the discount line cannot be typed over
            ProductScreen.pressNumpad("5"),
            check("discount line locked", '.modal-dialog .popup-error:contains("cannot be changed")'),
            ErrorPopup.clickConfirm(),
            ProductScreen.pressNumpad("Price", "9"),
            check("discount line locked", '.modal-dialog .popup-error:contains("cannot be changed")'),
            ErrorPopup.clickConfirm(),
            ProductScreen.pressNumpad("Qty"),
            ProductScreen.selectedOrderlineHas("Reward Points Redemption (30.00 points)", "1.00", "-3.00"),
            ProductScreen.totalAmountIs("47.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: earned", '.pos-receipt .retail-points-earned:contains("47.00")'),
            check("receipt: redeemed", '.pos-receipt .retail-points-redeemed:contains("30.00")'),
            // 50 - 30 + 47
            check("receipt: new balance", '.pos-receipt .retail-points-new-balance:contains("67.00")'),
            ReceiptScreen.clickNextOrder(),
            // the till shows the new balance without reloading
            ProductScreen.clickPartnerButton(),
            searchCustomers("Zoe"),
            check("new balance in the list", partnerLine("Zoe Cardholder", '.retail-points-balance:contains("67.00")')),
            {
                content: "leave the customer list",
                trigger: ".partnerlist-screen .button.back",
            },
            Chrome.endTour(),
        ].flat(),
});

/* Step 7: refund the jacket and the points discount of the paid order. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_refund_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.clickHomeCategory(),
            selectPaidOrder("Zoe Cardholder"),
            refundLine("Tour Jacket"),
            refundLine("Reward Points Redemption"),
            TicketScreen.confirmRefund(),
            ProductScreen.goBackToMainScreen(),
            ProductScreen.isShown(),
            ProductScreen.totalAmountIs("-47.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: earned points taken back", '.pos-receipt .retail-points-reversed:contains("47.00")'),
            check("receipt: redeemed points given back", '.pos-receipt .retail-points-returned:contains("30.00")'),
            check("receipt: balance back to 50", '.pos-receipt .retail-points-new-balance:contains("50.00")'),
            ReceiptScreen.clickNextOrder(),
            Chrome.endTour(),
        ].flat(),
});
