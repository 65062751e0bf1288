/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {PosDB} from "@point_of_sale/app/store/db";
import {patch} from "@web/core/utils/patch";

patch(PosDB.prototype, {
    /** The customer search of the till also matches card numbers and
     * customer numbers. */
    _partner_search_string(partner) {
        const str = super._partner_search_string(...arguments);
        const extra = [partner.card_number, partner.ref].filter(Boolean);
        if (!extra.length) {
            return str;
        }
        return str.replace(/\n$/, "|" + extra.join("|") + "\n");
    },
    /** Loaded customer whose active card has this number (offline scans). */
    retailGetPartnerByCard(number) {
        return Object.values(this.partner_by_id).find(
            (partner) => partner.card_number && partner.card_number === number
        );
    },
});
