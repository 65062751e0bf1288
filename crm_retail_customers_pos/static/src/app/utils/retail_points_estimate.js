/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

/*
 * What an order will do to the customer's points, computed at the till with
 * the rules the server books with (crm_retail_customers_pos/models/pos_order.py,
 * ``_retail_book_sale`` and ``_retail_book_reversal``), so that the figure the
 * cashier shows is the figure booked. Pure functions without imports: the
 * test suite runs this very file under Node.js against the server's bookings.
 */

/**
 * Odoo's ``float_round`` (odoo/tools/float_utils.py): the value is normalised,
 * nudged by an epsilon against binary representation errors, then rounded
 * half away from zero ("HALF-UP") or away from zero ("UP").
 */
export function floatRound(value, {digits = null, rounding = null, method = "HALF-UP"} = {}) {
    const factor = digits !== null ? 10 ** -digits : rounding;
    if (!factor || !value) {
        return 0;
    }
    let normalized = value / factor;
    const sign = Math.sign(normalized);
    const epsilon = 2 ** (Math.log(Math.abs(normalized)) / Math.log(2) - 52);
    let rounded = 0;
    if (method === "UP") {
        normalized -= sign * epsilon;
        rounded = Math.ceil(Math.abs(normalized)) * sign;
    } else {
        normalized += sign * epsilon;
        rounded = Math.floor(Math.abs(normalized) + 0.5) * sign;
    }
    return rounded * factor;
}

/**
 * Points a points discount line takes: those the cashier entered, and never
 * fewer than the discount is worth at the point value.
 */
export function requestedPoints({amountIncl, cashierPoints, pointValue, digits}) {
    const amount = -amountIncl;
    let needed = 0;
    if (pointValue > 0 && amount > 0) {
        needed = floatRound(floatRound(amount / pointValue, {digits: 6}), {
            digits,
            method: "UP",
        });
    }
    return Math.max(cashierPoints || 0, needed);
}

/**
 * Points of a sale.
 *
 * @param {Object} params
 * @param {Array} params.lines ``{subtotal, subtotalIncl, isTip, isRefund,
 *     isRedemption, redeemPoints}`` for each order line
 * @param {Number} params.pointsPerCurrency company setting
 * @param {Number} params.factor earn factor of the customer's tier
 * @param {Number} params.pointValue company setting (value of one point)
 * @param {Number} params.digits decimals of the "Reward Points" precision
 * @param {Number} params.currencyRounding rounding of the order's currency
 * @param {Number} [params.balance] the customer's balance, when known
 * @returns {{base: Number, earned: Number, redeemed: Number, reversed: Number}}
 *     the amount the points are based on, points earned, points redeemed (as
 *     far as the balance goes when it is given), points taken back for goods
 *     returned without their receipt
 */
export function estimateSale({
    lines,
    pointsPerCurrency,
    factor,
    pointValue,
    digits,
    currencyRounding,
    balance = null,
}) {
    const sold = lines.filter((line) => !line.isTip && !line.isRefund);
    let requested = 0;
    for (const line of sold.filter((l) => l.isRedemption)) {
        requested += requestedPoints({
            amountIncl: line.subtotalIncl,
            cashierPoints: line.redeemPoints,
            pointValue,
            digits,
        });
    }
    let redeemed = floatRound(requested, {digits});
    if (balance !== null) {
        redeemed = floatRound(Math.min(redeemed, Math.max(balance, 0)), {digits});
    }
    const total = sold.reduce((sum, line) => sum + line.subtotal, 0);
    const base = floatRound(total, {rounding: currencyRounding});
    let earned = 0;
    let reversed = 0;
    if (base > 0) {
        earned = floatRound(base * pointsPerCurrency * factor, {digits});
    } else if (base < 0) {
        // goods taken back without their receipt: the points they earned
        reversed = floatRound(-base * pointsPerCurrency * factor, {digits});
    }
    return {base: Math.max(base, 0), earned: Math.max(earned, 0), redeemed, reversed};
}

/**
 * Earned points a first refund takes back: the points the refunded order
 * earned, in proportion to the refunded amount of the amount they were based
 * on, never more than it earned (the server's rule:
 * ``retail.point.entry._retail_proportional_points``).
 */
export function estimateReversal({refundedSubtotal, originEarned, originBase, digits}) {
    if (!(originEarned > 0) || !(originBase > 0)) {
        return 0;
    }
    const share = Math.min(Math.max(-refundedSubtotal / originBase, 0), 1);
    return floatRound(Math.min(originEarned * share, originEarned), {digits});
}
