/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Component} from "@odoo/owl";
import {ErrorPopup} from "@point_of_sale/app/errors/popups/error_popup";
import {ProductScreen} from "@point_of_sale/app/screens/product_screen/product_screen";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";
import {parseFloat} from "@web/views/fields/parsers";
import {RetailRedeemPointsPopup} from "@crm_retail_customers_pos/app/redeem_points_popup/retail_redeem_points_popup";
import {RetailRedeemProofPopup} from "@crm_retail_customers_pos/app/redeem_proof/retail_redeem_proof_popup";
import {
    formatPoints,
    isRetailNonMember,
    pointsDigits,
} from "@crm_retail_customers_pos/app/utils/retail_utils";
import {floatRound} from "@crm_retail_customers_pos/app/utils/retail_points_estimate";

/**
 * "Redeem points": the cashier enters how many points of the customer's
 * balance pay for part of the order. Discount lines (the redemption product,
 * one per set of taxes of the goods) worth points x point value replace any
 * earlier ones. At most the
 * balance, and at most what the order total allows. The server checks again
 * when the order is paid and books the redemption, only when it knows the
 * customer is at the till (the company's ``retail_redeem_proof``): their card
 * scanned for this order, its code typed or a manager's approval. The button
 * asks for what is missing before the discount is added.
 */
export class RetailRedeemPointsButton extends Component {
    static template = "crm_retail_customers_pos.RetailRedeemPointsButton";

    setup() {
        this.pos = usePos();
        this.popup = useService("popup");
    }

    showError(title, body) {
        return this.popup.add(ErrorPopup, {title, body});
    }

    /** Lines of products that are never paid with points (gift cards,
     * deposits: ``retail_no_points``), sold on this order. */
    getNoPointsLines(order) {
        return order
            .get_orderlines()
            .filter(
                (line) =>
                    line.product &&
                    line.product.retail_no_points &&
                    !line.isRetailRedemption() &&
                    !line.refunded_orderline_id &&
                    line.get_price_with_tax() > 0
            );
    }

    /** Most points this order can take: the balance, and the order total
     * (without an earlier points discount, nor the products never paid with
     * points) divided by the point value. */
    getMaxPoints(order, partner) {
        const value = this.pos.company.retail_point_value;
        const previous = order
            .getRetailRedemptionLines()
            .reduce((total, line) => total + line.get_price_with_tax(), 0);
        const excluded = this.getNoPointsLines(order).reduce(
            (total, line) => total + line.get_price_with_tax(),
            0
        );
        const total = order.get_total_with_tax() - previous - excluded;
        const factor = Math.pow(10, pointsDigits(this.pos));
        const byTotal = Math.floor(((total / value) * factor) + 1e-6) / factor;
        return Math.max(0, Math.min(partner.reward_points || 0, byTotal));
    }

    /** The proof the company asks for that the customer is at the till,
     * asked for now when the till has none for this order. */
    async retailEnsureProof(order, partner, max) {
        const proof = this.pos.company.retail_redeem_proof || "card_or_code";
        if (proof === "none" || order.retailHasProof(partner)) {
            return true;
        }
        const {confirmed} = await this.popup.add(RetailRedeemProofPopup, {
            partner,
            order,
            points: max,
            allowCode: ["card_or_code", "code"].includes(proof),
        });
        return confirmed;
    }

    async click() {
        const order = this.pos.get_order();
        const partner = order.get_partner();
        const product = this.pos.retailRedemptionProduct;
        const value = this.pos.company.retail_point_value;
        if (isRetailNonMember(this.pos, partner)) {
            // a non-member's balance is frozen: say so instead of adding a
            // discount the server would not cover
            return this.showError(
                _t("Not a member"),
                _t(
                    "%s is not a member of the loyalty programme: points cannot be redeemed. Enrol the customer first.",
                    partner.name
                )
            );
        }
        if (!partner) {
            return this.showError(
                _t("Select the customer first"),
                _t("Points are redeemed from the balance of the order's customer.")
            );
        }
        if (!product || !(value > 0)) {
            return this.showError(
                _t("Points cannot be redeemed"),
                _t(
                    "The redemption product is not available at this till or the value of a point is zero. Check the Retail customers settings."
                )
            );
        }
        const max = this.getMaxPoints(order, partner);
        const noPoints = this.getNoPointsLines(order);
        const noPointsNames = [...new Set(noPoints.map((line) => line.product.display_name))].join(", ");
        if (max <= 0) {
            let body = _t("The order total leaves nothing to pay with points.");
            if ((partner.reward_points || 0) <= 0) {
                body = _t("%s has no points to redeem.", partner.name);
            } else if (noPoints.length) {
                body = _t(
                    "These products cannot be paid with points: %s. Nothing else on the order is left to pay with points.",
                    noPointsNames
                );
            }
            return this.showError(_t("Nothing to redeem"), body);
        }
        if (!(await this.retailEnsureProof(order, partner, max))) {
            return;
        }
        const {confirmed, payload} = await this.popup.add(RetailRedeemPointsPopup, {
            title: _t("Redeem points"),
            subtitle: noPoints.length
                ? _t(
                      "Balance: %s points. At most %s points (%s) on this order: %s cannot be paid with points.",
                      formatPoints(this.pos, partner.reward_points),
                      formatPoints(this.pos, max),
                      this.env.utils.formatCurrency(max * value),
                      noPointsNames
                  )
                : _t(
                      "Balance: %s points. At most %s points (%s) on this order.",
                      formatPoints(this.pos, partner.reward_points),
                      formatPoints(this.pos, max),
                      this.env.utils.formatCurrency(max * value)
                  ),
            startingValue: max,
            nbrDecimal: pointsDigits(this.pos),
            isInputSelected: true,
        });
        if (!confirmed) {
            return;
        }
        let points;
        try {
            points = floatRound(parseFloat(payload), {digits: pointsDigits(this.pos)});
        } catch {
            points = NaN;
        }
        if (!(points > 0)) {
            return this.showError(
                _t("Enter a number of points"),
                _t("The number of points to redeem must be more than zero.")
            );
        }
        if (points > max) {
            return this.showError(
                _t("Too many points"),
                _t(
                    "At most %s points can be redeemed on this order: the balance of %s is %s points.",
                    formatPoints(this.pos, max),
                    partner.name,
                    formatPoints(this.pos, partner.reward_points)
                )
            );
        }
        for (const line of order.getRetailRedemptionLines()) {
            order.removeOrderline(line);
        }
        await this.addDiscountLines(order, product, points, value);
    }

    /** The goods the points may pay for, by their taxes: ``[{taxIds,
     * amount}]`` with the amount with taxes of the lines of each set of taxes
     * (the points discount, refunds and products never paid with points
     * aside; a promotion's discount lowers its goods), sets with nothing left
     * to pay left out. */
    getDiscountableByTaxes(order) {
        const groups = new Map();
        for (const line of order.get_orderlines()) {
            if (
                line.isRetailRedemption() ||
                line.refunded_orderline_id ||
                (line.product && line.product.retail_no_points)
            ) {
                continue;
            }
            const taxIds = line.get_taxes().map((tax) => tax.id);
            const key = [...taxIds].sort((a, b) => a - b).join(",");
            const group = groups.get(key) || {taxIds, amount: 0};
            group.amount += line.get_price_with_tax();
            groups.set(key, group);
        }
        return [...groups.values()].filter((group) => group.amount > 0);
    }

    /** Points split over the sets of taxes in proportion to their goods
     * (``getDiscountableByTaxes``), to the points' decimals; the largest set
     * takes what rounding leaves. */
    splitPoints(groups, points) {
        const digits = pointsDigits(this.pos);
        const factor = Math.pow(10, digits);
        const total = groups.reduce((sum, group) => sum + group.amount, 0);
        const largest = groups.reduce(
            (best, group) => (group.amount > best.amount ? group : best),
            groups[0]
        );
        let left = points;
        const shares = groups.map((group) => {
            if (group === largest) {
                return {group, points: 0};
            }
            const share = Math.floor(((points * group.amount) / total) * factor + 1e-6) / factor;
            left -= share;
            return {group, points: share};
        });
        shares.find((share) => share.group === largest).points = floatRound(left, {digits});
        return shares.filter((share) => share.points > 0);
    }

    /**
     * One points discount line per set of taxes of the goods it pays for
     * (as Odoo's own loyalty discounts are split), so that the discount
     * lowers the tax base and the taxes of the order, its receipt, its
     * invoice and the session's accounting entries, not only the amount
     * paid. Each line holds its share of the points and is worth them with
     * taxes: with taxes included in the price, exactly; with taxes added to
     * the price, the price is chosen so that the line is worth at most its
     * points (prices have the currency's cents: a cent may stay unused).
     */
    async addDiscountLines(order, product, points, value) {
        const groups = this.getDiscountableByTaxes(order);
        const shares = groups.length
            ? this.splitPoints(groups, points)
            : [{group: {taxIds: []}, points}];
        const decimals = this.pos.currency ? this.pos.currency.decimal_places : 2;
        for (const share of shares) {
            const worth = Number((share.points * value).toFixed(decimals));
            const line = await order.add_product(product, {
                price: -worth,
                quantity: 1,
                merge: false,
                tax_ids: share.group.taxIds,
                extras: {price_type: "manual", retailRedeemPoints: share.points},
            });
            if (line) {
                this.fitPrice(line, -worth, decimals);
            }
        }
    }

    /** The price of the discount ``line`` that makes it worth ``target``
     * with taxes, or as close to it as a price in cents can, never more. */
    fitPrice(line, target, decimals) {
        const round = (amount) => Number(amount.toFixed(decimals));
        const withTax = round(line.get_price_with_tax());
        if (withTax === target || !line.get_unit_price()) {
            return;
        }
        const step = Math.pow(10, -decimals);
        const start = round(target / (withTax / line.get_unit_price()));
        let best = null;
        for (let k = -3; k <= 3; k++) {
            const price = round(start + k * step);
            line.set_unit_price(price);
            const worth = round(line.get_price_with_tax());
            // never a larger discount than the points pay for
            if (worth >= target && (best === null || worth < best.worth)) {
                best = {price, worth};
            }
        }
        line.set_unit_price(best ? best.price : start);
    }
}

ProductScreen.addControlButton({
    component: RetailRedeemPointsButton,
    condition: function () {
        // a non-member cannot redeem: no button (the panel says why); a
        // company that redeems points as a payment has the points payment
        // method instead
        return Boolean(
            this.pos.retailRedemptionProductId &&
                this.pos.company.retail_points_redeem_mode !== "payment" &&
                !isRetailNonMember(this.pos, this.pos.get_order()?.get_partner())
        );
    },
});
