/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Order} from "@point_of_sale/app/store/models";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

/** Odoo loyalty programs whose cards hold money (the server's
 * ``MONEY_PROGRAM_TYPES``). */
const MONEY_PROGRAM_TYPES = ["gift_card", "ewallet"];

patch(Order.prototype, {
    /** Whether ``line`` sells an Odoo gift card or eWallet top-up, or pays
     * with one: money, which the shop's points leave aside (the server's
     * ``pos.order._retail_points_lines``). */
    isRetailMoneyLine(line) {
        if (line.is_reward_line) {
            const reward = this.pos.reward_by_id && this.pos.reward_by_id[line.reward_id];
            return Boolean(
                reward && MONEY_PROGRAM_TYPES.includes(reward.program_id.program_type)
            );
        }
        const productId = line.get_product().id;
        return (this.pos.programs || []).some(
            (program) =>
                MONEY_PROGRAM_TYPES.includes(program.program_type) &&
                program.rules.some((rule) => rule.valid_product_ids.has(productId))
        );
    },
    /** pos_loyalty's updates of the order's programs, kept by the till
     * until they are over (``PosStore.retailLoyaltyIdle``). */
    _updateLoyaltyPrograms() {
        const update = super._updateLoyaltyPrograms(...arguments);
        this.pos.retailTrackLoyaltyUpdate(update);
        return update;
    },
    _updatePrograms() {
        const update = super._updatePrograms(...arguments);
        this.pos.retailTrackLoyaltyUpdate(update);
        return update;
    },
    getRetailEstimateLines() {
        const lines = super.getRetailEstimateLines(...arguments);
        const orderlines = this.get_orderlines();
        return lines
            .map((line, index) => ({
                ...line,
                // a promotion, coupon or loyalty discount lowers every line
                // in proportion (the server's ``_retail_goods_lines``)
                isDiscount: line.isDiscount || Boolean(orderlines[index].is_reward_line),
            }))
            .filter((line, index) => !this.isRetailMoneyLine(orderlines[index]));
    },
    getRetailReceiptData() {
        const data = super.getRetailReceiptData(...arguments);
        if (data && !data.synced) {
            data.labels = {...data.labels, title: `${data.labels.title} ${_t("(SHOP)")}`};
        }
        return data;
    },
});
