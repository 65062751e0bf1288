/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as NumberPopup from "@point_of_sale/../tests/tours/helpers/NumberPopupTourMethods";
import * as PaymentScreen from "@point_of_sale/../tests/tours/helpers/PaymentScreenTourMethods";
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/helpers/ReceiptScreenTourMethods";
import {scan_barcode} from "@point_of_sale/../tests/tours/helpers/utils";
import {check} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/* Card numbers of the test data (tests/test_ui_standing.py). */
const AINO_CARD = "2900002000016";
const BIRTHDAY_CARD = "2900002000023";

function panelShows(name, selector, text) {
    return check(
        `points panel: ${name} ${text}`,
        `.product-screen .retail-points-panel ${selector}:contains("${text}")`
    );
}

function desktopSize() {
    return {
        content: "the till runs at desktop width (1366 px), not in the small-screen layout",
        trigger: ".pos",
        run: () => {
            if (window.innerWidth !== 1366 || document.querySelector(".pos .switchpane")) {
                throw new Error(`viewport is ${window.innerWidth} x ${window.innerHeight}`);
            }
        },
    };
}

/** Open the till at desktop size, on the home category. */
function openTill() {
    return [
        ProductScreen.confirmOpeningPopup(),
        desktopSize(),
        ProductScreen.clickHomeCategory(),
    ].flat();
}

/* Scan a card, add products, read the standing, redeem, read the balance
 * after the sale, pay, read the receipt's points block. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_standing_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            openTill(),
            ProductScreen.clickDisplayedProduct("Standing Coat"),
            // no customer yet: what a card would earn (base tier, x1)
            check(
                "hint: a card would earn 80 points",
                '.product-screen .retail-points-hint .retail-points-hint-value:contains("80.00")'
            ),
            scan_barcode(AINO_CARD),
            check("customer set", '.product-screen .set-partner:contains("Aino Virtanen")'),
            panelShows("tier", ".retail-points-tier", "Standing Gold"),
            panelShows("balance", ".retail-points-balance .value", "2,450.00"),
            // 80.00 x 1 point x Gold factor 2
            panelShows("earned", ".retail-points-earned .value", "+160.00"),
            panelShows("factor", ".retail-points-earned", "×2"),
            panelShows("after", ".retail-points-after .value", "2,610.00"),
            ProductScreen.clickDisplayedProduct("Standing Coat"),
            panelShows("earned, two coats", ".retail-points-earned .value", "+320.00"),
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            NumberPopup.enterValue("200"),
            NumberPopup.clickConfirm(),
            ProductScreen.totalAmountIs("140.00"),
            panelShows("redeemed", ".retail-points-redeemed .value", "-200.00"),
            // (160 - 20) x 2 = 280 earned; 2,450 - 200 + 280
            panelShows("earned after the discount", ".retail-points-earned .value", "+280.00"),
            panelShows("after", ".retail-points-after .value", "2,530.00"),
            {
                content: "render the customer display of the order",
                trigger: ".product-screen",
                run: () => {
                    window.posmodel.customerDisplayHTML().then((html) => {
                        const div = document.createElement("div");
                        div.id = "retail-display-check";
                        div.style.cssText =
                            "position: fixed; bottom: 0; left: 0; width: 1px; height: 1px; overflow: hidden;";
                        div.innerHTML = html;
                        document.body.appendChild(div);
                    });
                },
            },
            {
                content: "customer display: points of the purchase and after it",
                trigger: "#retail-display-check",
                run: () => {
                    const root = document.getElementById("retail-display-check");
                    const text = (selector) => root.querySelector(selector)?.textContent || "";
                    if (
                        !text(".retail-display-points-earned").includes("+280.00") ||
                        !text(".retail-display-points-after").includes("2,530.00")
                    ) {
                        throw new Error(`customer display shows: ${root.textContent}`);
                    }
                    root.remove();
                },
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {
                content: "scroll to the receipt's points block",
                trigger: ".pos-receipt .retail-points-receipt",
                run: () => {
                    document
                        .querySelector(".pos-receipt .retail-points-receipt")
                        .scrollIntoView({block: "center"});
                },
            },
            check("receipt: earned", '.pos-receipt .retail-points-earned:contains("280.00")'),
            check("receipt: redeemed", '.pos-receipt .retail-points-redeemed:contains("200.00")'),
            check(
                "receipt: new balance",
                '.pos-receipt .retail-points-new-balance:contains("2,530.00")'
            ),
            ReceiptScreen.clickNextOrder(),
        ].flat(),
});

/* A customer whose points expire soon, on their birthday, with a card that
 * was blocked since the till loaded them: the cashier sees all three. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_standing_warnings_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            openTill(),
            scan_barcode(BIRTHDAY_CARD),
            check("customer set", '.product-screen .set-partner:contains("Birthday Berit")'),
            ProductScreen.clickDisplayedProduct("Standing Coat"),
            panelShows("expiring", ".retail-points-expiring", "120.00"),
            panelShows("birthday", ".retail-points-birthday", "Birthday today"),
            panelShows("balance", ".retail-points-balance .value", "120.00"),
            ProductScreen.clickPartnerButton(),
            {
                content: "pick the blocked-card customer by name",
                trigger: ".partnerlist-screen .partner-line:contains('Blocked Bo')",
            },
            check("customer set", '.product-screen .set-partner:contains("Blocked Bo")'),
            panelShows("card warning", ".retail-points-card-warning", "is blocked"),
        ].flat(),
});
