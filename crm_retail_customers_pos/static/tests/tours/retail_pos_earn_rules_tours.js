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

/* Card of the test data (tests/test_ui_earn_rules.py). */
const RITA_CARD = "2900003000015";

function lineBadge(product, text) {
    return check(
        `line ${product}: badge ${text}`,
        `.product-screen .orderline:has(.product-name:contains("${product}")) .retail-line-points:contains("${text}")`
    );
}

function desktopSize() {
    return {
        content: "the till runs at desktop width (1366 px)",
        trigger: ".pos",
        run: () => {
            if (window.innerWidth !== 1366 || document.querySelector(".pos .switchpane")) {
                throw new Error(`viewport is ${window.innerWidth} x ${window.innerHeight}`);
            }
        },
    };
}

/* A member buys a spade (a x2 campaign on its category), a gift card (never
 * earns) and a bottle deposit (excluded by a rule) and a rope (normal rate):
 * the lines' badges, the panel's figure and its rules, the points discount
 * that cannot pay for the gift card, then the receipt's points by rule. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_earn_rules_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            desktopSize(),
            ProductScreen.clickHomeCategory(),
            scan_barcode(RITA_CARD),
            check("customer set", '.product-screen .set-partner:contains("Rita Rules")'),
            ProductScreen.clickDisplayedProduct("Rules Spade"),
            ProductScreen.clickDisplayedProduct("Rules Gift Card"),
            ProductScreen.clickDisplayedProduct("Rules Deposit"),
            ProductScreen.clickDisplayedProduct("Rules Rope"),
            ProductScreen.totalAmountIs("60.00"),
            lineBadge("Rules Spade", "×2"),
            lineBadge("Rules Gift Card", "no points"),
            lineBadge("Rules Deposit", "no points"),
            check(
                "the rope earns at the normal rate: no badge",
                '.product-screen .orderline:has(.product-name:contains("Rules Rope")):not(:has(.retail-line-points))'
            ),
            // 20.00 x 2 + 10.00: the gift card and the deposit earn nothing
            check(
                "panel: the basket earns 50 points",
                '.product-screen .retail-points-earned .value:contains("+50.00")'
            ),
            check(
                "panel: the campaign's points",
                '.product-screen .retail-points-rule:contains("Garden x2"):contains("+40.00")'
            ),
            check(
                "panel: the excluded deposit",
                '.product-screen .retail-points-rule:contains("Deposits earn nothing"):contains("no points")'
            ),
            check(
                "panel: after the sale",
                '.product-screen .retail-points-after .value:contains("1,050.00")'
            ),
            {content: "redeem points", trigger: ".control-button.retail-redeem-points"},
            NumberPopup.isShown(),
            // (60.00 - 25.00 of gift card) / 0.10 a point
            check(
                "the gift card cannot be paid with points",
                '.retail-redeem-points-popup .subtitle:contains("350.00"):contains("Rules Gift Card cannot be paid with points")'
            ),
            {
                content: "cancel the points discount",
                trigger: ".retail-redeem-points-popup .button.cancel",
            },
            check("popup closed", ".product-screen:not(:has(.retail-redeem-points-popup))"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            check("receipt: earned", '.pos-receipt .retail-points-earned:contains("50.00")'),
            check(
                "receipt: the campaign's points",
                '.pos-receipt .retail-points-rule:contains("Garden x2"):contains("40.00")'
            ),
            check(
                "receipt: the excluded deposit",
                '.pos-receipt .retail-points-rule:contains("Deposits earn nothing")'
            ),
            {
                content: "show the receipt's points block",
                trigger: ".pos-receipt .retail-points-receipt",
                run: () => {
                    document
                        .querySelector(".pos-receipt .retail-points-receipt")
                        .scrollIntoView({block: "center"});
                },
            },
        ].flat(),
});

/* The basket before payment, for a screenshot: badges and panel (left to
 * right and right to left). */
registry.category("web_tour.tours").add("crm_retail_customers_pos_earn_rules_basket_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            // no English text: the tour also runs for a Persian cashier
            {
                content: "open the session",
                trigger: ".opening-cash-control .footer .btn-primary",
            },
            ProductScreen.clickHomeCategory(),
            scan_barcode(RITA_CARD),
            ProductScreen.clickDisplayedProduct("Rules Spade"),
            ProductScreen.clickDisplayedProduct("Rules Gift Card"),
            ProductScreen.clickDisplayedProduct("Rules Deposit"),
            ProductScreen.clickDisplayedProduct("Rules Rope"),
            lineBadge("Rules Spade", "×2"),
            check(
                "panel: the campaign's points",
                '.product-screen .retail-points-rule:contains("40.00")'
            ),
        ].flat(),
});

/* The estimate of a 100-line basket with the till's 200 rules, timed in the
 * browser: the mean of many runs must stay under 5 ms. */
registry.category("web_tour.tours").add("crm_retail_customers_pos_estimate_speed_tour", {
    test: true,
    url: "/pos/ui",
    steps: () =>
        [
            ProductScreen.confirmOpeningPopup(),
            {
                content: "time the estimate of 100 lines with the loaded rules",
                trigger: ".product-screen",
                run: () => {
                    const pos = window.posmodel;
                    const {estimateSale} = odoo.loader.modules.get(
                        "@crm_retail_customers_pos/app/utils/retail_points_estimate"
                    );
                    const rules = pos.retailEarnRules;
                    if (rules.length < 200) {
                        throw new Error(`the till loaded ${rules.length} rules, not 200`);
                    }
                    const products = Object.values(pos.db.product_by_id).filter(
                        (product) => product.categ
                    );
                    const lines = [];
                    for (let i = 0; i < 100; i++) {
                        const product = products[i % products.length];
                        const qty = (i % 4) + 1;
                        lines.push({
                            key: i,
                            subtotal: 9.99 * qty,
                            subtotalIncl: 12.39 * qty,
                            qty,
                            isTip: false,
                            isRefund: false,
                            isRedemption: false,
                            redeemPoints: 0,
                            productId: product.id,
                            noPoints: Boolean(product.retail_no_points),
                            categPath: product.categ.parent_path || "",
                            tagIds: [
                                ...(product.product_tag_ids || []),
                                ...(product.additional_product_tag_ids || []),
                            ],
                        });
                    }
                    const groupPaths = Object.values(pos.retailGroupPaths);
                    const params = {
                        lines,
                        pointsPerCurrency: 1,
                        factor: 1.5,
                        pointValue: 0.1,
                        digits: 2,
                        currencyRounding: 0.01,
                        rules,
                        tierId: false,
                        groupPath: groupPaths[0] || false,
                        day: new Date().toISOString().slice(0, 10),
                        paid: 5000,
                    };
                    const first = performance.now();
                    estimateSale(params);
                    const firstMs = performance.now() - first;
                    const runs = 300;
                    const times = [];
                    for (let run = 0; run < runs; run++) {
                        const start = performance.now();
                        estimateSale(params);
                        times.push(performance.now() - start);
                    }
                    times.sort((a, b) => a - b);
                    const mean = times.reduce((sum, t) => sum + t, 0) / runs;
                    const p95 = times[Math.floor(runs * 0.95)];
                    console.log(
                        `retail estimate speed: 100 lines, ${rules.length} rules: mean ${mean.toFixed(3)} ms, 95th percentile ${p95.toFixed(3)} ms, first run ${firstMs.toFixed(3)} ms (${runs} runs)`
                    );
                    if (!(mean < 5)) {
                        throw new Error(`the estimate takes ${mean.toFixed(3)} ms (limit: 5 ms)`);
                    }
                },
            },
        ].flat(),
});
