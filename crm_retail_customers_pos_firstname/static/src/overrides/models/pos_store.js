/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html). */
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {patch} from "@web/core/utils/patch";

patch(PosStore.prototype, {
    async _processData(loadedData) {
        await super._processData(...arguments);
        // first_last, last_first or last_first_comma (partner_firstname)
        this.retailPartnerNamesOrder = loadedData.retail_partner_names_order || "first_last";
    },
    /** The full name of a person as the server composes it. */
    retailComposePartnerName(firstname, lastname) {
        const first = (firstname || "").trim();
        const last = (lastname || "").trim();
        switch (this.retailPartnerNamesOrder) {
            case "last_first_comma":
                return [last, first].filter(Boolean).join(", ");
            case "last_first":
                return [last, first].filter(Boolean).join(" ");
            default:
                return [first, last].filter(Boolean).join(" ");
        }
    },
});
