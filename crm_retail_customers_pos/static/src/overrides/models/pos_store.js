/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {ErrorPopup} from "@point_of_sale/app/errors/popups/error_popup";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {ConnectionLostError} from "@web/core/network/rpc_service";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

patch(PosStore.prototype, {
    async _processData(loadedData) {
        await super._processData(...arguments);
        this.retailRedemptionProductId = loadedData.retail_redemption_product_id || false;
        /** Retail fields of the customers the server sends (its partner
         * loader's list: ``RETAIL_POS_PARTNER_FIELDS``). */
        this.retailPartnerFields = loadedData.retail_partner_fields || [];
        this.retailTierFactors = loadedData.retail_tier_factors || {};
        this.retailBaseEarnFactor = loadedData.retail_base_earn_factor || 1;
        this.retailCustomerGroups = null;
        /** The earning rules in force for the company (the estimate of each
         * line's points) and the ``parent_path`` of the customer groups. */
        this.retailEarnRules = loadedData.retail_earn_rules || [];
        this.retailGroupPaths = loadedData.retail_group_paths || {};
        /** Standing of the customers set on orders, by partner id (see
         * ``retailFetchStanding``). */
        this.retailStandings = {};
        /** What refunds take and give back, by refund key (the order's
         * ``getRetailRefundKey``): "pending" while the server is asked,
         * false when it could not answer. */
        this.retailRefundPoints = {};
    },
    /**
     * Ask the server what refunding these lines does to the points: it reads
     * the refunded orders' entries, which the till may not have (an order
     * loaded from the server, another till's order).
     */
    async retailFetchRefundPoints(key) {
        if (!key || key in this.retailRefundPoints) {
            return;
        }
        this.retailRefundPoints[key] = "pending";
        const [refunds, sold] = JSON.parse(key);
        try {
            this.retailRefundPoints[key] = await this.orm.silent.call(
                "pos.order",
                "retail_pos_refund_points",
                [refunds, sold]
            );
        } catch {
            // offline: the panel says the refund's points are booked at payment
            this.retailRefundPoints[key] = false;
        }
    },
    /**
     * Ask the server what the cashier should know of a customer just set on
     * an order (expiring points, birthday, card state, the current balance).
     * A scanned card brings it with the customer: no second call then.
     */
    async retailFetchStanding(partnerId) {
        if (!partnerId) {
            return;
        }
        try {
            const standing = await this.orm.silent.call(
                "res.partner",
                "retail_pos_standing",
                [partnerId]
            );
            if (standing) {
                this.retailStandings[partnerId] = standing;
            }
        } catch {
            // offline: the panel shows what the till has loaded
        }
    },
    /**
     * The server's answer to a card scanned or a card or customer number
     * typed (``retail_pos_find_by_card`` / ``retail_pos_find_by_number``): a
     * card that cannot be used is refused, else its holder becomes the
     * customer of ``order``. Returns whether the number was a customer's.
     */
    retailUseFoundCustomer(result, order) {
        if (!result) {
            return false;
        }
        if (result.error) {
            this.popup.add(ErrorPopup, {
                title: _t("This card cannot be used"),
                body: result.error,
            });
            return true;
        }
        this.retailSetStanding(result.standing);
        const partner = this.retailAddPartner(result.partner);
        if (result.presented) {
            order.retailSetProof(partner.id);
        }
        if (order.get_partner() !== partner) {
            order.set_partner(partner);
        }
        return true;
    },
    /**
     * A card or customer number typed at the till (the scanner failed): the
     * server checks the card as a scanned one. Offline, the loaded
     * customers' card numbers are all the till can check.
     */
    async retailFindCustomerByNumber(number, order) {
        let result = false;
        try {
            result = await this.orm.silent.call("res.partner", "retail_pos_find_by_number", [
                number,
                this.config.id,
            ]);
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
            const partner = this.db.retailGetPartnerByCard(number.replace(/\s/g, ""));
            if (partner && order.get_partner() !== partner) {
                order.set_partner(partner);
            }
            return Boolean(partner);
        }
        return this.retailUseFoundCustomer(result, order);
    },
    retailSetStanding(standing) {
        if (standing && standing.partner_id) {
            this.retailStandings[standing.partner_id] = standing;
        }
    },
    /** Earn factor of a customer's tier (``[id, name]`` or false), as the
     * server applies it: 1 without a tier. */
    retailEarnFactor(tier) {
        return (tier && this.retailTierFactors[tier[0]]) || 1;
    },
    /** Product of the points discount lines, when the till loaded it. */
    get retailRedemptionProduct() {
        return (
            (this.retailRedemptionProductId &&
                this.db.get_product_by_id(this.retailRedemptionProductId)) ||
            false
        );
    },
    /**
     * Add or refresh a customer sent by the server. The till only replaces
     * customers whose write date moved, but balances change without it (the
     * ledger updates them in SQL), so the retail fields are copied over.
     */
    retailAddPartner(values) {
        this.addPartners([values]);
        const partner = this.db.get_partner_by_id(values.id);
        for (const field of this.retailPartnerFields) {
            if (field in values) {
                partner[field] = values[field];
            }
        }
        return partner;
    },
    /** Customer groups for the customer editor, read once when first needed
     * (they are not part of the till's start-up data). */
    async retailLoadCustomerGroups() {
        if (!this.retailCustomerGroups) {
            this.retailCustomerGroups = await this.orm.searchRead(
                "retail.customer.group",
                [],
                ["complete_name"],
                {order: "complete_name"}
            );
        }
        return this.retailCustomerGroups;
    },
    /**
     * The server answers each synced order with what it did to the points:
     * keep it on the order (the receipt prints it) and show the customer's new
     * balance and tier at once, without reloading.
     */
    async _save_to_server(orders, options) {
        const serverIds = await super._save_to_server(...arguments);
        if ((serverIds || []).length) {
            // a synced refund or sale moved points: ask again
            this.retailRefundPoints = {};
        }
        for (const result of serverIds || []) {
            if (result.retail_points) {
                this.retailApplyPointsResult(result.pos_reference, result.retail_points);
            }
        }
        return serverIds;
    },
    retailApplyPointsResult(orderName, data) {
        const order = this.orders.find((o) => o.name === orderName);
        if (order) {
            order.retailPoints = data;
        }
        for (const partnerId of new Set([data.partner_id, data.commercial_partner_id])) {
            const partner = partnerId && this.db.get_partner_by_id(partnerId);
            if (partner) {
                partner.reward_points = data.balance;
                partner.reward_tier_id = data.tier;
            }
            const standing = partnerId && this.retailStandings[partnerId];
            if (standing) {
                standing.balance = data.balance;
                standing.tier = data.tier;
            }
        }
    },
});
