/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {toRaw} from "@odoo/owl";
import {Order} from "@point_of_sale/app/store/models";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {
    formatPoints,
    isRetailNonMember,
    pointsDigits,
    pointsWhole,
} from "@crm_retail_customers_pos/app/utils/retail_utils";
import {estimateSale} from "@crm_retail_customers_pos/app/utils/retail_points_estimate";

/** The last estimate of each order and its lines' details during a
 * rendering, kept outside the reactive order: writing them on it would
 * render the order again. */
const retailCaches = new WeakMap();

function retailCache(order) {
    const raw = toRaw(order);
    let cache = retailCaches.get(raw);
    if (!cache) {
        cache = {};
        retailCaches.set(raw, cache);
    }
    return cache;
}

/** Today in the till's time zone, ``YYYY-MM-DD``: the day the rules are
 * checked against (the server takes the day of the booking). */
function retailToday() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** ``[{id, name, points}]`` of the earning rules that gave points
 * (``rules``: an estimate's points by rule id, 0 being the normal rate). */
export function retailRuleLines(pos, rules) {
    const names = {};
    for (const rule of pos.retailEarnRules || []) {
        names[rule.id] = rule.name;
    }
    return Object.entries(rules || {})
        .filter(([id]) => Number(id) && names[id])
        .map(([id, detail]) => ({
            id: Number(id),
            name: names[id],
            points: detail.points,
            // an exclusion gives nothing: said in words
            formatted: detail.points
                ? `${detail.points > 0 ? "+" : ""}${formatPoints(pos, detail.points)}`
                : _t("no points"),
        }));
}

/** The badge of an order line whose points a rule changed: "no points" for
 * a line that earns nothing by its product or an exclusion rule, "×2" for a
 * line whose points rules multiplied, "+50" for points added. */
function retailBadge(detail, pos) {
    if (detail.excluded) {
        return {kind: "none", text: _t("no points")};
    }
    if (!detail.rules.length || Math.abs(detail.points - detail.normal) < 1e-9) {
        return false;
    }
    if (detail.normal && detail.points / detail.normal > 0) {
        const ratio = detail.points / detail.normal;
        const rounded = Math.round(ratio * 100) / 100;
        if (Math.abs(ratio - rounded) < 1e-6) {
            return {kind: "multiplied", text: `×${rounded}`};
        }
    }
    const delta = detail.points - detail.normal;
    return {
        kind: delta > 0 ? "added" : "lowered",
        text: `${delta > 0 ? "+" : "−"}${formatPoints(pos, Math.abs(delta))}`,
    };
}

patch(Order.prototype, {
    /** The locked points discount share line of this refund order for the
     * synced order ``orderId`` (ticket_screen.js), if any. */
    retailShareOfRefundOf(orderId) {
        return (
            (orderId &&
                this.orderlines.find(
                    (line) => line.retailShareLocked && line.retailRefundedOrderId() === orderId
                )) ||
            false
        );
    },
    /** A refund that carries a share of a points discount keeps its goods
     * and its share together: neither can be deleted alone (the server sets
     * such a refund aside); the whole refund order can. */
    removeOrderline(line) {
        const origin = line.retailRefundedOrderId();
        const share = this.retailShareOfRefundOf(origin);
        const others = this.orderlines.filter(
            (other) => other !== line && other.retailRefundedOrderId() === origin
        );
        if (share && others.length) {
            if (line === share) {
                line.retailRefuseShareChange();
            } else {
                line.retailRefuseGoodsChange();
            }
            return false;
        }
        return super.removeOrderline(...arguments);
    },
    init_from_JSON(json) {
        super.init_from_JSON(...arguments);
        // Orders read back from the server (ticket screen, reprint).
        this.retailPoints = json.retail_points || false;
        this.retailProofs = json.retail_proofs || {};
    },
    export_as_JSON() {
        const json = super.export_as_JSON(...arguments);
        // kept with the order in the browser (reload); the server ignores
        // it and checks its own record of the card, code or approval
        json.retail_proofs = this.retailProofs || {};
        return json;
    },
    /** The server recorded that the customer ``partnerId`` is at the till
     * for this order (card scanned, code or manager approval). */
    retailSetProof(partnerId) {
        this.retailProofs = {...(this.retailProofs || {}), [partnerId]: true};
    },
    retailHasProof(partner) {
        return Boolean(partner && (this.retailProofs || {})[partner.id]);
    },
    set_partner(partner) {
        const changed = partner && partner !== this.get_partner();
        super.set_partner(...arguments);
        if (changed && !this.pos.retailStandings?.[partner.id]) {
            this.pos.retailFetchStanding(partner.id);
        }
    },
    /** The order's lines as the points rules read them (the values the till
     * sends to the server, and what the earning rules read of the product). */
    getRetailEstimateLines() {
        const tip = this.pos.config.tip_product_id;
        const tipId = tip && tip[0];
        return this.get_orderlines().map((line) => {
            const product = line.product;
            return {
                key: line.cid,
                subtotal: line.get_price_without_tax(),
                subtotalIncl: line.get_price_with_tax(),
                qty: line.get_quantity(),
                discount: line.get_discount(),
                priceUnit: line.get_unit_price(),
                listPrice: product.lst_price,
                isTip: Boolean(tipId && product.id === tipId),
                isRefund: Boolean(line.refunded_orderline_id),
                isRedemption: line.isRetailRedemption(),
                redeemPoints: line.retailRedeemPoints || 0,
                productId: product.id,
                noPoints: Boolean(product.retail_no_points),
                categPath: (product.categ && product.categ.parent_path) || "",
                tagIds: [
                    ...(product.product_tag_ids || []),
                    ...(product.additional_product_tag_ids || []),
                ],
            };
        });
    },
    /** The refund lines as the server's ``retail_pos_refund_points`` reads
     * them (refunded line, quantity; and a points discount share's amounts)
     * and the products the order also sells (the server says whether that
     * is an exchange, which keeps the welcome bonus), as a key: false
     * without refund lines. */
    getRetailRefundKey() {
        const refunds = this.get_orderlines()
            .filter((line) => line.refunded_orderline_id)
            .map((line) =>
                // a share of a points discount line has a price of its own
                line.isRetailRedemption()
                    ? [
                          line.refunded_orderline_id,
                          -line.get_quantity(),
                          line.get_price_without_tax(),
                          line.get_price_with_tax(),
                      ]
                    : [line.refunded_orderline_id, -line.get_quantity()]
            );
        if (!refunds.length) {
            return false;
        }
        const tip = this.pos.config.tip_product_id;
        const sold = this.get_orderlines()
            .filter(
                (line) =>
                    !line.refunded_orderline_id &&
                    !line.isRetailRedemption() &&
                    !line.is_reward_line &&
                    line.get_quantity() > 0 &&
                    line.get_price_with_tax() > 0 &&
                    line.product &&
                    !(tip && line.product.id === tip[0])
            )
            .map((line) => line.product.id);
        return JSON.stringify([refunds, sold]);
    },
    /** What this order does to the points, by the server's rules and the
     * earning rules (``asMember``: what it would do if the customer were a
     * member). ``tier``: the customer's tier (``[id, name]``), else the
     * customer's loaded tier. The last estimate is kept: the panel and every
     * order line read it in one rendering. */
    getRetailEstimate(factor, balance = null, asMember = false, tier = undefined) {
        const partner = this.get_partner();
        // a non-member's basket earns nothing, as the server books it
        const nonMember = !asMember && isRetailNonMember(this.pos, partner);
        const customerTier = tier === undefined ? partner && partner.reward_tier_id : tier;
        const group = partner && partner.customer_group_id;
        const lines = this.getRetailEstimateLines();
        const params = {
            lines,
            pointsPerCurrency: this.pos.company.retail_points_per_currency || 0,
            factor,
            pointValue: this.pos.company.retail_point_value || 0,
            digits: pointsDigits(this.pos),
            whole: pointsWhole(this.pos),
            currencyRounding: this.pos.currency.rounding,
            balance,
            onUntaxed: this.pos.company.retail_points_on_untaxed !== false,
            tierId: (customerTier && customerTier[0]) || false,
            groupPath: (group && (this.pos.retailGroupPaths || {})[group[0]]) || false,
            day: retailToday(),
            mayEarn: !nonMember,
            // the order is paid in full: the server bases the points on no
            // more than the payments, net of what refund lines paid back
            paid: lines
                .filter((line) => !line.isRefund)
                .reduce((sum, line) => sum + line.subtotalIncl, 0),
            // the points payment lines of the payment screen
            pointsPaid: this.get_paymentlines()
                .filter((line) => line.payment_method.retail_points_payment && line.amount > 0)
                .reduce((sum, line) => sum + line.amount, 0),
            paymentMode: this.pos.company.retail_points_redeem_mode === "payment",
        };
        const signature = JSON.stringify(params);
        const cache = retailCache(this);
        if (cache.estimate && cache.signature === signature) {
            return {...cache.estimate};
        }
        const estimate = estimateSale({...params, rules: this.pos.retailEarnRules || []});
        cache.signature = signature;
        cache.estimate = estimate;
        return {...estimate};
    },
    /** The points badge of the line ``cid`` when a rule changed its points
     * ("×2", "+50", "no points"), else false. */
    getRetailLineBadge(cid) {
        if (this.finalized || this.retailPoints || !(this.pos.retailEarnRules || []).length) {
            return false;
        }
        // every line of the order asks in one rendering: one estimate for
        // all of them, forgotten once the rendering is done
        const cache = retailCache(this);
        if (!cache.details) {
            cache.details = this._retailEstimateLineDetails();
            Promise.resolve().then(() => {
                cache.details = null;
            });
        }
        const detail = cache.details[cid];
        return detail ? retailBadge(detail, this.pos) : false;
    },
    /** Each line's points details by the rules (see ``computePoints``). */
    _retailEstimateLineDetails() {
        const partner = this.get_partner();
        if (partner) {
            const standing = (this.pos.retailStandings || {})[partner.id];
            const tier = standing ? standing.tier : partner.reward_tier_id;
            const factor = standing ? standing.earn_factor : this.pos.retailEarnFactor(tier);
            const balance = standing ? standing.balance : partner.reward_points || 0;
            return this.getRetailEstimate(factor, balance, true, tier).details;
        }
        // what the basket would earn with a card (the panel's hint)
        return this.getRetailEstimate(this.pos.retailBaseEarnFactor).details;
    },
    /**
     * The customer's standing during the sale (points panel, customer
     * display): balance now, points earned and redeemed by this basket, the
     * balance after it, tier and warnings. Once the order synced, the
     * server's figures replace the estimate. Without a customer, what the
     * basket would earn with a card.
     *
     * @param {Object} standings ``pos.retailStandings``
     */
    getRetailStanding(standings) {
        const partner = this.get_partner();
        if (!partner) {
            const estimate = this.getRetailEstimate(this.pos.retailBaseEarnFactor);
            return estimate.earned > 0 ? {anonymous: true, earned: estimate.earned} : false;
        }
        const standing = (standings || {})[partner.id];
        const tier = standing ? standing.tier : partner.reward_tier_id;
        const factor = standing ? standing.earn_factor : this.pos.retailEarnFactor(tier);
        const balance = standing ? standing.balance : partner.reward_points || 0;
        const synced = this.retailPoints;
        const estimate = synced
            ? {
                  earned: synced.earned,
                  redeemed: synced.redeemed,
                  reversed: synced.reversed,
                  returned: synced.returned,
              }
            : this.getRetailEstimate(factor, balance, false, tier);
        // refund lines: the server answers what they take and give back
        // (``retailFetchRefundPoints``); until it has, no figure is shown
        const refundKey = !synced && this.getRetailRefundKey();
        let refundPending = false;
        if (refundKey) {
            const refund = (this.pos.retailRefundPoints || {})[refundKey];
            if (refund && refund !== "pending") {
                estimate.reversed = (estimate.reversed || 0) + refund.reversed;
                estimate.returned = refund.returned;
            } else {
                refundPending = true;
            }
        }
        const earned = estimate.earned - (estimate.reversed || 0);
        const returned = estimate.returned || 0;
        // a refund still moves a non-member's points: shown as for members
        const nonMember = !refundKey && isRetailNonMember(this.pos, partner);
        return {
            anonymous: false,
            synced: Boolean(synced),
            refundPending,
            nonMember,
            // what the basket would earn if the customer joined
            memberEarned: nonMember ? this.getRetailEstimate(factor, null, true, tier).earned : 0,
            // the points each earning rule gives this basket (none once synced:
            // the receipt prints the booked ones)
            rules: synced ? [] : retailRuleLines(this.pos, estimate.rules),
            balance: synced ? synced.balance + synced.redeemed - earned - returned : balance,
            earned,
            redeemed: estimate.redeemed,
            returned,
            after: synced ? synced.balance : balance - estimate.redeemed + earned + returned,
            factor,
            tier: tier && !nonMember ? tier[1] : false,
            expiring: standing ? standing.expiring : 0,
            birthday: Boolean(standing && standing.birthday),
            cardWarning: (standing && standing.card_warning) || false,
        };
    },
    formatRetailPoints(points) {
        return formatPoints(this.pos, points);
    },
    getRetailRedemptionLines() {
        return this.get_orderlines().filter((line) => line.isRetailRedemption());
    },
    /** Points the cashier redeemed on this order. */
    getRetailRedeemedPoints() {
        return this.getRetailRedemptionLines().reduce(
            (total, line) => total + (line.retailRedeemPoints || 0),
            0
        );
    },
    /**
     * Points lines of the receipt. Once the order synced, the server's figures
     * (what was really booked); before, what the cashier redeemed and a note
     * that the points are booked when the order reaches the server.
     */
    getRetailReceiptData() {
        const data = this.retailPoints;
        const partner = this.get_partner();
        if (!data && !partner) {
            return false;
        }
        const format = (points) => formatPoints(this.pos, points);
        // the till's own labels, in the session's language: the server sends
        // them in the customer's language with the booked figures
        const labels = {
            title: _t("REWARD POINTS"),
            error: _t("Points not booked yet: the shop will book them"),
            earned: _t("Points earned"),
            redeemed: _t("Points redeemed"),
            shortfall: _t("Not covered by the balance"),
            reversed: _t("Points taken back (refund)"),
            returned: _t("Points given back (refund)"),
            balance: _t("New balance"),
            customer: _t("Customer"),
            card: _t("Card"),
        };
        // the customer and their card (only its last 4 digits)
        const card = partner && partner.card_number;
        const holder = {
            customer: partner ? partner.name : false,
            card: card ? `**** ${card.slice(-4)}` : false,
        };
        if (data) {
            return {
                labels: {...labels, ...(data.labels || {})},
                synced: true,
                customer: data.customer || holder.customer,
                card: "card" in data ? data.card : holder.card,
                earned: format(data.earned),
                redeemed: data.redeemed ? format(data.redeemed) : false,
                shortfall: data.shortfall ? format(data.shortfall) : false,
                reversed: data.reversed ? format(data.reversed) : false,
                returned: data.returned ? format(data.returned) : false,
                balance: format(data.balance),
                error: data.error,
                // the points each earning rule gave, as booked
                rules: (data.rules || []).map((rule) => ({
                    name: rule.name,
                    points: format(rule.points),
                })),
            };
        }
        const redeemed = this.getRetailRedeemedPoints();
        return {
            labels,
            ...holder,
            synced: false,
            redeemed: redeemed ? format(redeemed) : false,
        };
    },
    export_for_printing() {
        const result = super.export_for_printing(...arguments);
        result.retailPoints = this.getRetailReceiptData();
        return result;
    },
});
