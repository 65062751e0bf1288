/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Orderline} from "@point_of_sale/app/store/models";
import {ErrorPopup} from "@point_of_sale/app/errors/popups/error_popup";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {formatPoints} from "@crm_retail_customers_pos/app/utils/retail_utils";

patch(Orderline.prototype, {
    init_from_JSON(json) {
        super.init_from_JSON(...arguments);
        this.retailRedeemPoints = json.retail_redeem_points || 0;
        // a synced points discount line: what paid refunds refunded of it
        // (ticket_screen.js refunds the rest of its share exactly)
        this.retailRefundedExcl = json.retail_refunded_excl || 0;
        this.retailRefundedIncl = json.retail_refunded_incl || 0;
    },
    export_as_JSON() {
        const json = super.export_as_JSON(...arguments);
        json.retail_redeem_points = this.retailRedeemPoints || 0;
        return json;
    },
    /** Whether this is a points discount line ("Redeem points"). */
    isRetailRedemption() {
        return Boolean(
            this.pos.retailRedemptionProductId &&
                this.product &&
                this.product.id === this.pos.retailRedemptionProductId
        );
    },
    /** A refund line carrying the share of a points discount line that
     * the ticket screen computed (retailShareLocked): the cashier cannot
     * change it; the server checks it against the goods refunded. */
    set_quantity(quantity, keep_price) {
        if (this.retailShareLocked) {
            this.retailRefuseShareChange();
            return false;
        }
        if (this.order && this.order.retailShareOfRefundOf(this.retailRefundedOrderId())) {
            // the share was computed for these quantities of the goods
            this.retailRefuseGoodsChange();
            return false;
        }
        return super.set_quantity(...arguments);
    },
    retailRefuseGoodsChange() {
        this.env.services.popup.add(ErrorPopup, {
            title: _t("Points discount"),
            body: _t(
                "This refund gives back a share of the points discount for the quantities chosen on the ticket screen. To refund other quantities, delete this refund order and start the refund again."
            ),
        });
    },
    retailRefuseShareChange() {
        this.env.services.popup.add(ErrorPopup, {
            title: _t("Points discount"),
            body: _t(
                "This line gives back the part of the points discount paid for the refunded goods; it follows the goods refunded and cannot be changed."
            ),
        });
    },
    /** The id of the synced order this refund line refunds a line of
     * (false for a line that refunds nothing). */
    retailRefundedOrderId() {
        const detail =
            this.refunded_orderline_id && this.pos.toRefundLines[this.refunded_orderline_id];
        return (detail && detail.orderline.orderBackendId) || false;
    },
    getDisplayData() {
        const data = super.getDisplayData(...arguments);
        // the line's own points when an earning rule changed them
        data.retailPointsBadge = (this.order && this.order.getRetailLineBadge(this.cid)) || false;
        return data;
    },
    get_full_product_name() {
        const name = super.get_full_product_name(...arguments);
        if (this.isRetailRedemption() && this.retailRedeemPoints) {
            return _t("%s (%s points)", name, formatPoints(this.pos, this.retailRedeemPoints));
        }
        return name;
    },
});
