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
 * half away from zero ("HALF-UP"), away from zero ("UP") or towards zero
 * ("DOWN").
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
    } else if (method === "DOWN") {
        normalized += sign * epsilon;
        rounded = Math.floor(Math.abs(normalized)) * sign;
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

//: How specific a rule is (``retail.earn.rule``): the most specific wins.
const LEVEL_PRODUCT = 3;
const LEVEL_CATEGORY = 2;
const LEVEL_TAG = 1;
const LEVEL_GENERAL = 0;

/** Rules as the till loads them, made ready for matching, once per list. */
const preparedRules = new WeakMap();

/**
 * The rules the till loaded (``pos.session._retail_pos_earn_rules``: the
 * fields of ``retail.earn.rule`` with ``categ_paths`` and ``group_paths``),
 * with sets for the look-ups. Cached per list: the rules do not change
 * during a session.
 */
export function prepareRules(rules) {
    if (!rules || !rules.length) {
        return [];
    }
    let prepared = preparedRules.get(rules);
    if (!prepared) {
        prepared = rules.map((rule) => {
            const products = new Set(rule.product_ids || []);
            const categPaths = (rule.categ_paths || []).filter(Boolean);
            const tags = new Set(rule.tag_ids || []);
            return {
                id: rule.id,
                name: rule.name,
                sequence: rule.sequence || 0,
                dateFrom: rule.date_from || false,
                dateTo: rule.date_to || false,
                products,
                hasProducts: products.size > 0,
                categPaths,
                // a rule naming categories that all vanished still names some
                hasCategs: (rule.categ_paths || []).length > 0,
                categDepths: categPaths.map((path) => path.split("/").length - 1),
                tags,
                hasTags: tags.size > 0,
                perUnit: rule.mode === "per_unit",
                multiplier: rule.multiplier || 0,
                pointsPerUnit: rule.points_per_unit || 0,
                tiers: new Set(rule.tier_ids || []),
                hasTiers: (rule.tier_ids || []).length > 0,
                groupPaths: (rule.group_paths || []).filter(Boolean),
                hasGroups: (rule.group_ids || rule.group_paths || []).length > 0,
                minAmount: rule.min_amount || 0,
                stackable: Boolean(rule.stackable),
                isExclusion: Boolean(rule.is_exclusion),
            };
        });
        preparedRules.set(rules, prepared);
    }
    return prepared;
}

/** Whether ``rule`` is in force on ``day`` (``YYYY-MM-DD``) for a customer
 * of ``tierId`` in the group of ``groupPath``, for a basket of ``basket``
 * (``retail.earn.rule._retail_rules_for`` and ``_retail_applies_to_customer``). */
function ruleApplies(rule, day, tierId, groupPath, basket) {
    if (day && ((rule.dateFrom && rule.dateFrom > day) || (rule.dateTo && rule.dateTo < day))) {
        return false;
    }
    if (rule.hasTiers && !(tierId && rule.tiers.has(tierId))) {
        return false;
    }
    if (
        rule.hasGroups &&
        !(groupPath && rule.groupPaths.some((path) => groupPath.startsWith(path)))
    ) {
        return false;
    }
    return !rule.minAmount || basket >= rule.minAmount;
}

/** How ``rule`` matches a line's product, as one number: level x 1000 +
 * depth (``retail.earn.rule._retail_match``: ``(level, depth)``), or -1 when
 * it does not apply to it. A number, not a pair: the estimate runs for every
 * rule and line at each change of the basket, without allocating. */
function ruleMatch(rule, line) {
    if (rule.hasProducts && rule.products.has(line.productId)) {
        return LEVEL_PRODUCT * 1000;
    }
    if (rule.hasCategs) {
        const path = line.categPath || "";
        let depth = -1;
        for (let i = 0; i < rule.categPaths.length; i++) {
            if (rule.categDepths[i] > depth && path.startsWith(rule.categPaths[i])) {
                depth = rule.categDepths[i];
            }
        }
        if (depth >= 0) {
            return LEVEL_CATEGORY * 1000 + depth;
        }
    }
    if (rule.hasTags && line.tagIds) {
        for (const tag of line.tagIds) {
            if (rule.tags.has(tag)) {
                return LEVEL_TAG * 1000;
            }
        }
    }
    if (!(rule.hasProducts || rule.hasCategs || rule.hasTags)) {
        return LEVEL_GENERAL * 1000;
    }
    return -1;
}

/** The units a line earns fixed points for (``retail.earn.rule._retail_units``):
 * units sold at a price, in proportion to the price paid (the line's
 * discount, a unit price below the list price) of the list price. */
export function earningUnits(qty, amount, discount = 0, priceUnit = null, listPrice = null) {
    if (!qty || !amount || qty > 0 !== amount > 0) {
        return 0;
    }
    let paid = 1 - Math.min(Math.max(discount || 0, 0), 100) / 100;
    if (priceUnit !== null && priceUnit !== undefined && listPrice && listPrice > 0) {
        paid = Math.min((Math.max(priceUnit, 0) * paid) / listPrice, 1);
    }
    return qty * paid;
}

/** Whether ``rule`` matching with ``match`` ranks above ``other`` matching
 * with ``otherMatch``: by level and depth, then the lower sequence, then the
 * lower id. */
function ranksAbove(match, rule, otherMatch, other) {
    if (match !== otherMatch) {
        return match > otherMatch;
    }
    if (rule.sequence !== other.sequence) {
        return rule.sequence < other.sequence;
    }
    return rule.id < other.id;
}

/**
 * Points of one line and each rule's share of them
 * (``retail.earn.rule._retail_line_points``).
 *
 * @returns {{points: Number, normal: Number, excluded: Boolean,
 *     shares: Array}} ``shares``: ``[rule id or 0, points]`` in the order
 *     they apply, 0 being the normal rate
 */
function linePoints(rules, line, amount, rate) {
    if (line.noPoints) {
        return {points: 0, normal: 0, excluded: true, shares: []};
    }
    let best = null;
    let bestMatch = -1;
    let exclusion = null;
    let exclusionMatch = -1;
    let stackable = null;
    for (const rule of rules) {
        const match = ruleMatch(rule, line);
        if (match < 0) {
            continue;
        }
        if (rule.isExclusion && (!exclusion || ranksAbove(match, rule, exclusionMatch, exclusion))) {
            exclusion = rule;
            exclusionMatch = match;
        }
        if (rule.stackable) {
            (stackable || (stackable = [])).push(rule);
        } else if (!best || ranksAbove(match, rule, bestMatch, best)) {
            best = rule;
            bestMatch = match;
        }
    }
    if (exclusion) {
        return {points: 0, normal: 0, excluded: true, shares: [[exclusion.id, 0]]};
    }
    const normal = amount * rate;
    const shares = [];
    let points = 0;
    if (best) {
        points = best.perUnit ? 0 + best.pointsPerUnit * line.qty : normal * best.multiplier;
        shares.push([best.id, points]);
    } else {
        points = normal;
        shares.push([0, points]);
    }
    if (stackable) {
        // the rules come in (sequence, id) order: stackable ones apply so
        stackable.sort((a, b) => a.sequence - b.sequence || a.id - b.id);
        for (const rule of stackable) {
            const after = rule.perUnit
                ? points + rule.pointsPerUnit * line.qty
                : points * rule.multiplier;
            const bonus = after - points;
            points += bonus;
            shares.push([rule.id, bonus]);
        }
    }
    return {points, normal, excluded: false, shares};
}

/**
 * The points ``lines`` earn by the earning rules
 * (``retail.earn.rule._retail_compute_points``).
 *
 * @param {Object} params
 * @param {Array} params.lines ``{key, productId, qty, discount, priceUnit,
 *     listPrice, amount, noPoints, categPath, tagIds}``; ``amount`` with or
 *     without taxes as the company earns; ``discount`` in percent
 * @param {Array} params.rules the rules the till loaded (see prepareRules)
 * @param {Number} params.rate points per currency unit x the tier's factor
 * @param {Number|false} params.tierId the customer's tier
 * @param {String|false} params.groupPath ``parent_path`` of their group
 * @param {String} params.day ``YYYY-MM-DD``
 * @param {Number} params.digits decimals of the company's points (0 for
 *     whole points)
 * @param {Boolean} [params.whole] the company counts whole points: a
 *     positive total is rounded down, a negative one (goods returned) up,
 *     as ``res.company._retail_round_points``
 * @param {Number} [params.ratio] share of the money paid
 * @returns {{points: Number, lines: Object, details: Object, rules: Object}}
 *     the total (rounded, ``ratio`` applied), each line's points at full
 *     price by key, each line's ``{points, normal, excluded, rules}`` by key,
 *     each rule's ``{points, amount}`` by rule id (0: the normal rate)
 */
export function computePoints({
    lines,
    rules,
    rate,
    tierId,
    groupPath,
    day,
    digits,
    whole = false,
    ratio = 1,
}) {
    let basket = 0;
    for (const line of lines) {
        if (!line.noPoints) {
            basket += line.amount;
        }
    }
    const inForce = prepareRules(rules).filter((rule) =>
        ruleApplies(rule, day, tierId, groupPath, basket)
    );
    const result = {points: 0, lines: {}, details: {}, rules: {}};
    let total = 0;
    for (const line of lines) {
        const units = earningUnits(
            line.qty,
            line.amount,
            line.discount,
            line.priceUnit,
            line.listPrice
        );
        const {points, normal, excluded, shares} = linePoints(
            inForce,
            {...line, qty: units},
            line.amount,
            rate
        );
        result.lines[line.key] = points;
        result.details[line.key] = {
            points,
            normal,
            excluded,
            rules: shares.map(([ruleId]) => ruleId).filter(Boolean),
        };
        total += points * ratio;
        for (const [ruleId, share] of shares) {
            const detail = result.rules[ruleId] || (result.rules[ruleId] = {points: 0, amount: 0});
            detail.points += share * ratio;
            detail.amount += line.amount;
        }
    }
    result.points = whole
        ? floatRound(total, {digits: 0, method: total < 0 ? "UP" : "DOWN"})
        : floatRound(total, {digits});
    for (const detail of Object.values(result.rules)) {
        detail.points = floatRound(detail.points, {digits});
    }
    return result;
}

/**
 * Points of a sale, as ``pos.order._retail_book_sale`` books them.
 *
 * @param {Object} params
 * @param {Array} params.lines ``{key, subtotal, subtotalIncl, qty, isTip,
 *     isRefund, isRedemption, isDiscount, redeemPoints, productId, noPoints,
 *     categPath, tagIds}`` for each order line
 * @param {Number} params.pointsPerCurrency company setting
 * @param {Number} params.factor earn factor of the customer's tier
 * @param {Number} params.pointValue company setting (value of one point)
 * @param {Number} params.digits decimals of the company's points (0 for
 *     whole points)
 * @param {Boolean} [params.whole] the company counts whole points
 * @param {Number} params.currencyRounding rounding of the order's currency
 * @param {Number} [params.balance] the customer's balance, when known
 * @param {Boolean} [params.onUntaxed] the company earns on the amount
 *     without taxes (``retail_points_on_untaxed``), else with taxes
 * @param {Array} [params.rules] the earning rules the till loaded
 * @param {Number|false} [params.tierId] the customer's tier
 * @param {String|false} [params.groupPath] ``parent_path`` of their group
 * @param {String} [params.day] the day of the sale, ``YYYY-MM-DD``
 * @param {Boolean} [params.mayEarn] false: the customer earns nothing (a
 *     non-member); goods returned without receipt still take points back
 * @param {Number} [params.paid] the money paid for the sale lines, when
 *     known: the points are based on no more than that
 * @param {Number} [params.pointsPaid] what the order's points payment lines
 *     pay (``pos.order._retail_book_points_payment``): redeemed at the point
 *     value, rounded up to the company's points, and no points earned on
 *     the share of the goods they pay for
 * @param {Boolean} [params.paymentMode] the company redeems points as a
 *     payment (else a points payment takes no points)
 * @returns {{base: Number, earned: Number, redeemed: Number, reversed: Number,
 *     lines: Object, details: Object, rules: Object}} the amount the points
 *     are based on, points earned, points redeemed (as far as the balance
 *     goes when it is given), points taken back for goods returned without
 *     their receipt; each line's points at full price, its details and each
 *     rule's points (see computePoints)
 */
export function estimateSale({
    lines,
    pointsPerCurrency,
    factor,
    pointValue,
    digits,
    whole = false,
    currencyRounding,
    balance = null,
    onUntaxed = true,
    rules = [],
    tierId = false,
    groupPath = false,
    day = null,
    mayEarn = true,
    paid = null,
    pointsPaid = 0,
    paymentMode = false,
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
    if (pointsPaid > 0 && paymentMode && pointValue > 0) {
        requested += floatRound(floatRound(pointsPaid / pointValue, {digits: 6}), {
            digits,
            method: "UP",
        });
    }
    let redeemed = floatRound(requested, {digits});
    if (balance !== null) {
        redeemed = floatRound(Math.min(redeemed, Math.max(balance, 0)), {digits});
    }
    const amountOf = (line) => (onUntaxed ? line.subtotal : line.subtotalIncl);
    const total = sold.reduce((sum, line) => sum + amountOf(line), 0);
    let base = floatRound(total, {rounding: currencyRounding});
    if (base > 0 && paid !== null) {
        base = Math.min(base, Math.max(floatRound(paid, {rounding: currencyRounding}), 0));
    }
    if (base > 0 && pointsPaid > 0) {
        // the share of the goods points paid for earns nothing
        const totalIncl = floatRound(
            sold.reduce((sum, line) => sum + line.subtotalIncl, 0),
            {rounding: currencyRounding}
        );
        const share = totalIncl > 0 ? Math.min(pointsPaid / totalIncl, 1) : 1;
        base = floatRound(base * (1 - share), {rounding: currencyRounding});
    }
    // a discount (points, or another app's promotion: ``isDiscount``) is no
    // goods: it lowers every line's points in proportion
    const goods = sold.filter((line) => !line.isRedemption && !line.isDiscount);
    let ratio = 1;
    if (base > 0) {
        const goodsTotal = floatRound(
            goods.reduce((sum, line) => sum + amountOf(line), 0),
            {rounding: currencyRounding}
        );
        ratio = goodsTotal > 0 ? Math.min(base / goodsTotal, 1) : 0;
    }
    const result = computePoints({
        lines: goods.map((line, index) => ({
            key: "key" in line ? line.key : index,
            productId: line.productId,
            qty: line.qty || 0,
            discount: line.discount || 0,
            priceUnit: "priceUnit" in line ? line.priceUnit : null,
            listPrice: "listPrice" in line ? line.listPrice : null,
            amount: amountOf(line),
            noPoints: Boolean(line.noPoints),
            categPath: line.categPath || "",
            tagIds: line.tagIds || [],
        })),
        rules,
        rate: pointsPerCurrency * factor,
        tierId,
        groupPath,
        day,
        digits,
        whole,
        ratio,
    });
    let earned = 0;
    let reversed = 0;
    if (base > 0 && mayEarn) {
        earned = Math.max(result.points, 0);
    } else if (base < 0) {
        // goods taken back without their receipt: the points they earn
        reversed = Math.max(-result.points, 0);
    }
    return {
        base: Math.max(base, 0),
        earned,
        redeemed,
        reversed,
        lines: result.lines,
        details: result.details,
        rules: result.rules,
    };
}

/**
 * Earned points a refund takes back (``pos.order._retail_refundable_points``):
 * the points the refunded lines earned (``linePoints``: each one's booked
 * points, ``soldQty`` and ``refundedQty``) when the order kept them, else the
 * points the refunded order earned in proportion to the refunded amount of
 * the amount they were based on; never more than it earned less what its
 * earlier refunds took back (``done``). A whole-points company (``whole``)
 * takes back whole points, rounded up, within that limit
 * (``retail.point.entry._retail_take_back_points``). The lines keep their
 * points at full price: ``fullPoints`` (what all the goods lines of the
 * refunded order kept) against what it earned gives the share a points
 * discount or payment left (``pos.order._retail_earned_share``).
 */
export function estimateReversal({
    refundedSubtotal,
    originEarned,
    originBase,
    digits,
    whole = false,
    linePoints = null,
    fullPoints = 0,
    done = 0,
}) {
    const takeBack = (points) => {
        const rounded = whole
            ? floatRound(points, {digits: 0, method: "UP"})
            : floatRound(points, {digits});
        const taken = floatRound(Math.min(rounded, originEarned - done), {digits: 6});
        return taken > 0 ? taken : 0;
    };
    if (!(originEarned > 0) || !(originBase > 0)) {
        return 0;
    }
    if (linePoints && linePoints.length) {
        let points = 0;
        for (const line of linePoints) {
            if (line.soldQty > 0) {
                points += line.points * Math.min(Math.abs(line.refundedQty) / line.soldQty, 1);
            }
        }
        const earnedShare =
            fullPoints > 0 && originEarned < fullPoints ? originEarned / fullPoints : 1;
        return takeBack(points * earnedShare);
    }
    const share = Math.min(Math.max(-refundedSubtotal / originBase, 0), 1);
    return takeBack(originEarned * share);
}
