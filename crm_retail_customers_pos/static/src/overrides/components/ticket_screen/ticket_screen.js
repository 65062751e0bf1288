/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {roundDecimals, roundPrecision} from "@web/core/utils/numbers";
import {TicketScreen} from "@point_of_sale/app/screens/ticket_screen/ticket_screen";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";
import {ErrorPopup} from "@point_of_sale/app/errors/popups/error_popup";

/**
 * The points discount goes back with the goods it paid for.
 *
 * Refunding goods of a sale paid in part with points (its points discount
 * lines, one per set of taxes of the goods) adds to the refund each discount
 * line's share: the part of its goods refunded so far (by their amount with
 * taxes) of the discount, to the cent, less what earlier refunds gave back of
 * it. The customer gets back the money they paid and their points (the
 * server gives redeemed points back for a refunded discount), and the refund
 * lowers the taxes of the reduced price, as the sale did.
 *
 * A share is written as the part of the goods refunded (a quantity in
 * hundredths, the rest of the line when the goods are refunded to the end)
 * at a price of its own in cents: quantity x price is then the share to the
 * cent (see models/pos_order_refund_share.py, which checks it). The cashier
 * does not pick discount lines: they follow the goods.
 */
patch(TicketScreen.prototype, {
    setup() {
        super.setup(...arguments);
        this.retailNotification = useService("pos_notification");
    },
    _onUpdateSelectedOrderline() {
        const order = this.getSelectedOrder();
        const orderline =
            order && order.orderlines.find((line) => line.id == this.getSelectedOrderlineId());
        if (orderline && orderline.isRetailRedemption()) {
            this.retailNotification.add(
                _t("The points discount is refunded with the goods it paid for."),
                5000
            );
            return this.numberBuffer.reset();
        }
        return super._onUpdateSelectedOrderline(...arguments);
    },
    _prepareAutoRefundOnOrder(order) {
        const orderline = order.orderlines.find(
            (line) => line.id == this.getSelectedOrderlineId()
        );
        if (orderline && orderline.isRetailRedemption()) {
            return false;
        }
        return super._prepareAutoRefundOnOrder(...arguments);
    },
    async onDoRefund() {
        const pending = this._retailPendingShareRefund();
        if (pending) {
            // its share was computed without the goods refunded now
            this.popup.add(ErrorPopup, {
                title: _t("Points discount"),
                body: _t(
                    "Refund %s of this order is not paid yet and gives back a share of its points discount. Pay or delete that refund first, then refund the rest.",
                    pending.name
                ),
            });
            return;
        }
        const shares = this._retailAddDiscountShares();
        const result = await super.onDoRefund(...arguments);
        // the share lines follow the goods: the cashier cannot change them
        for (const detail of shares) {
            const destination = this.pos.orders.find(
                (order) => order.uid === detail.destinationOrderUid
            );
            const line =
                destination &&
                destination
                    .get_orderlines()
                    .find((ln) => ln.refunded_orderline_id === detail.orderline.id);
            if (line) {
                line.retailShareLocked = true;
            }
        }
        return result;
    },
    /** An unpaid refund order that already carries a share of the points
     * discount of an order whose goods are about to be refunded again
     * (another refund of the same sale), else false. */
    _retailPendingShareRefund() {
        const details = Object.values(this.pos.toRefundLines);
        const refunding = new Set(
            details
                .filter((detail) => detail.qty && !detail.destinationOrderUid)
                .map((detail) => detail.orderline.orderBackendId)
        );
        for (const order of this.pos.get_order_list()) {
            for (const orderId of refunding) {
                if (order.retailShareOfRefundOf(orderId)) {
                    return order;
                }
            }
        }
        return false;
    },
    _prepareRefundOrderlineOptions(toRefundDetail) {
        const options = super._prepareRefundOrderlineOptions(...arguments);
        if (toRefundDetail.retailSharePrice !== undefined) {
            options.price = toRefundDetail.retailSharePrice;
        }
        return options;
    },
    /** Set the to-refund quantity and price of the points discount lines
     * of every order whose goods are about to be refunded; return their
     * details. */
    _retailAddDiscountShares() {
        const details = Object.values(this.pos.toRefundLines).filter(
            (detail) => !detail.destinationOrderUid
        );
        const orderIds = new Set(details.map((detail) => detail.orderline.orderBackendId));
        const shares = [];
        for (const orderId of orderIds) {
            const order = this._state.syncedOrders.cache[orderId];
            if (!order) {
                continue;
            }
            const quantities = {};
            for (const detail of details) {
                if (detail.orderline.orderBackendId === orderId) {
                    quantities[detail.orderline.id] = detail.qty;
                }
            }
            for (const share of this._retailDiscountShares(order, quantities)) {
                const detail = this._getToRefundDetail(share.line);
                detail.qty = share.qty;
                detail.retailSharePrice = share.price;
                shares.push(detail);
            }
        }
        return shares;
    },
    /** ``[{line, qty, price}]``: the refund of each points discount line of
     * the synced ``order`` that goes with refunding ``quantities``
     * (``{orderline id: quantity}``), by the server's rule
     * (``pos.order._retail_refund_shares``). */
    _retailDiscountShares(order, quantities) {
        const pos = this.pos;
        const rounding = pos.currency.rounding;
        const money = (amount) => roundPrecision(amount, rounding);
        const taxKey = (line) =>
            line
                .get_taxes()
                .map((tax) => tax.id)
                .sort((a, b) => a - b)
                .join(",");
        const sold = order.get_orderlines().filter((line) => line.get_quantity() > 0);
        const discounts = sold.filter((line) => line.isRetailRedemption());
        const goods = sold.filter(
            (line) => !line.isRetailRedemption() && !line.product.retail_no_points
        );
        const taxed = new Set(discounts.map(taxKey).filter(Boolean));
        const result = [];
        for (const discount of discounts) {
            const key = taxKey(discount);
            const itsGoods = goods.filter((line) =>
                key ? taxKey(line) === key : !taxed.has(taxKey(line))
            );
            if (!itsGoods.some((line) => quantities[line.id])) {
                continue;
            }
            const whole = itsGoods.reduce((sum, line) => sum + line.get_price_with_tax(), 0);
            if (whole <= 0) {
                continue;
            }
            const ratio =
                itsGoods.reduce(
                    (sum, line) =>
                        sum +
                        line.get_price_with_tax() *
                            Math.min(
                                ((line.refunded_qty || 0) + (quantities[line.id] || 0)) /
                                    line.get_quantity(),
                                1
                            ),
                    0
                ) / whole;
            const included = discount.get_taxes().every((tax) => tax.price_include);
            const value = -(included
                ? discount.get_price_with_tax()
                : discount.get_price_without_tax());
            const done = included ? discount.retailRefundedIncl : discount.retailRefundedExcl;
            const amount = money(money(value * ratio) - (done || 0));
            const left = roundPrecision(discount.get_quantity() - (discount.refunded_qty || 0), 0.01);
            if (amount <= 0 || left < 0.01) {
                continue;
            }
            let qty =
                ratio >= 1 ? left : roundPrecision(ratio - (discount.refunded_qty || 0), 0.01);
            qty = Math.min(Math.max(qty, 0.01), left);
            result.push({
                line: discount,
                qty,
                price: -roundDecimals(amount / qty, pos.dp["Product Price"]),
            });
        }
        return result;
    },
});
