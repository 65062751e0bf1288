/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {patch} from "@web/core/utils/patch";

/** How many times the standing request lets pos_loyalty's updates go first
 * before it is sent anyway (a cashier who never stops typing). */
const MAX_LOYALTY_ROUNDS = 20;

function nextTask() {
    return new Promise((resolve) => setTimeout(resolve));
}

patch(PosStore.prototype, {
    /** Keep ``update``, an update of an order's Odoo loyalty programs (see
     * the Order patch), until it is over. */
    retailTrackLoyaltyUpdate(update) {
        if (!this.retailLoyaltyUpdates) {
            this.retailLoyaltyUpdates = new Set();
        }
        this.retailLoyaltyUpdates.add(update);
        const done = () => this.retailLoyaltyUpdates.delete(update);
        update.then(done, done);
    },
    /**
     * Resolved once pos_loyalty is done updating the orders' programs.
     * pos_loyalty starts the update a new customer causes in promise
     * callbacks (its mutex): after a macrotask it has started.
     */
    async retailLoyaltyIdle() {
        for (let round = 0; round < MAX_LOYALTY_ROUNDS; round++) {
            await nextTask();
            const pending = [...(this.retailLoyaltyUpdates || [])];
            if (!pending.length) {
                return;
            }
            await Promise.allSettled(pending);
        }
    },
    /**
     * The customer's standing is asked for once pos_loyalty has loaded the
     * customer's loyalty cards and eWallets for the order. pos_loyalty's
     * update of an order's programs is not atomic: while it waits for the
     * customer's cards, a line added (an eWallet top-up) starts a second
     * update, and the two together drop the top-up's points (no eWallet is
     * made). Odoo's server answers one request after the other (tests) or
     * on few workers: a request of ours sent beside pos_loyalty's would make
     * it wait, and the cashier's next click would come in between.
     */
    async retailFetchStanding(partnerId) {
        await this.retailLoyaltyIdle();
        return super.retailFetchStanding(...arguments);
    },
});
