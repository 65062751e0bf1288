/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Order, Orderline} from "@point_of_sale/app/store/models";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {formatPoints} from "@crm_retail_customers_pos/app/store/retail_utils";

patch(Orderline.prototype, {
    init_from_JSON(json) {
        super.init_from_JSON(...arguments);
        this.retailRedeemPoints = json.retail_redeem_points || 0;
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
    get_full_product_name() {
        const name = super.get_full_product_name(...arguments);
        if (this.isRetailRedemption() && this.retailRedeemPoints) {
            return _t("%s (%s points)", name, formatPoints(this.pos, this.retailRedeemPoints));
        }
        return name;
    },
});

patch(Order.prototype, {
    init_from_JSON(json) {
        super.init_from_JSON(...arguments);
        // Orders read back from the server (ticket screen, reprint).
        this.retailPoints = json.retail_points || false;
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
        if (data) {
            return {
                synced: true,
                earned: format(data.earned),
                redeemed: data.redeemed ? format(data.redeemed) : false,
                shortfall: data.shortfall ? format(data.shortfall) : false,
                reversed: data.reversed ? format(data.reversed) : false,
                returned: data.returned ? format(data.returned) : false,
                balance: format(data.balance),
                error: data.error,
            };
        }
        const redeemed = this.getRetailRedeemedPoints();
        return {
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
