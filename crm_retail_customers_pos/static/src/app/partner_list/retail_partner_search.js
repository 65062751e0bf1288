/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {PartnerListScreen} from "@point_of_sale/app/screens/partner_list/partner_list";
import {PosDB} from "@point_of_sale/app/store/db";
import {patch} from "@web/core/utils/patch";

/** Standard fields of the till's server search (as Odoo's own). */
const SEARCH_FIELDS = ["name", "parent_name", "phone_mobile_search", "email"];

/** Server domain of a customer search: Odoo's fields, the customer number
 * (a prefix, so "C0001" finds C000123) and, for a query of digits, the card
 * number (a scanned or typed card). */
export function retailPartnerSearchDomain(query) {
    const clauses = [
        ...SEARCH_FIELDS.map((field) => [field, "ilike", query + "%"]),
        ["ref", "=ilike", query + "%"],
    ];
    if (/^\d+$/.test(query)) {
        clauses.push(["card_number", "=like", query + "%"]);
    }
    return [...Array(clauses.length - 1).fill("|"), ...clauses];
}

patch(PosDB.prototype, {
    /** The loaded customers are also found by their customer number. */
    _partner_search_string(partner) {
        const str = super._partner_search_string(...arguments);
        if (!partner.ref) {
            return str;
        }
        return str.replace(/\n$/, "|" + partner.ref + "\n");
    },
});

patch(PartnerListScreen.prototype, {
    /** "Search more" also asks the server for the customer number (this
     * domain includes the card number clause of the card search). */
    async getNewPartners() {
        const query = (this.state.query || "").trim();
        if (!query) {
            return super.getNewPartners(...arguments);
        }
        return await this.orm.silent.call(
            "pos.session",
            "get_pos_ui_res_partner_by_params",
            [
                [odoo.pos_session_id],
                {
                    domain: retailPartnerSearchDomain(query),
                    limit: 30,
                    offset: this.state.currentOffset,
                },
            ]
        );
    },
});
