/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {PartnerListScreen} from "@point_of_sale/app/screens/partner_list/partner_list";
import {patch} from "@web/core/utils/patch";
import {RETAIL_EDITED_FIELDS} from "@crm_retail_customers_pos/app/utils/retail_utils";

/** Retail fields of the customer editor, sent only when they changed. */
const EDITED_FIELDS = ["customer_group_id", ...RETAIL_EDITED_FIELDS];

function originalValue(partner, field) {
    const value = partner[field];
    if (Array.isArray(value)) {
        return value[0];
    }
    return value || false;
}

patch(PartnerListScreen.prototype, {
    setup() {
        super.setup(...arguments);
        // customers the server found for a query ("Search more")
        this.state.retailServerFound = {query: "", ids: []};
    },
    /** Remember whom the server found for the query: it matches what the
     * till does not hold (a national ID, for a Retail CRM user), so the
     * till's own search of its customers cannot list them. */
    async searchPartner() {
        const result = await super.searchPartner(...arguments);
        const query = (this.state.query || "").trim();
        const found = this.state.retailServerFound;
        const known = found.query === query ? found.ids : [];
        this.state.retailServerFound = {
            query,
            ids: [...new Set([...known, ...result.map((partner) => partner.id)])],
        };
        return result;
    },
    /** The till's matches, and after them the customers the server found
     * for this very query that the till cannot match itself. */
    get partners() {
        const partners = super.partners;
        const query = (this.state.query || "").trim();
        const found = this.state.retailServerFound;
        if (!query || !found || found.query !== query || !found.ids.length) {
            return partners;
        }
        const listed = new Set(partners.map((partner) => partner.id));
        const extra = found.ids
            .filter((id) => !listed.has(id))
            .map((id) => this.pos.db.get_partner_by_id(id))
            .filter(Boolean);
        return extra.length ? [...partners, ...extra] : partners;
    },
    /** The balance column holds the loyalty information. */
    get isBalanceDisplayed() {
        return true;
    },
    // "Search more" (Odoo's getNewPartners) is left as it is: the server
    // matches a search made of digits with card numbers too
    // (pos.session.get_pos_ui_res_partner_by_params).
    /**
     * A customer picked after typing their card number in the search: the
     * card is presented as a scanned one is, so the server is asked (it
     * writes down that the card was presented for this order, which lets the
     * order redeem points).
     */
    async clickPartner(partner) {
        // the search field itself: the list's query follows it with a delay
        const input = this.searchWordInputRef.el;
        const typed = ((input && input.value) || this.state.query || "").replace(/\s+/g, "");
        const order = this.pos.get_order();
        const selecting = !(
            this.state.selectedPartner && this.state.selectedPartner.id === partner.id
        );
        if (selecting && order && typed && typed === partner.card_number) {
            try {
                const result = await this.orm.silent.call(
                    "res.partner",
                    "retail_pos_find_by_card",
                    [typed, this.pos.config.id, order.name]
                );
                if (result && result.presented && result.partner?.id === partner.id) {
                    order.retailSetProof(partner.id);
                }
            } catch {
                // offline: the customer is set, the card counts as not presented
            }
        }
        return super.clickPartner(...arguments);
    },
    /** Send the retail fields of the editor only when they changed, so that a
     * contact never writes its company's group, and say which till issues a
     * card. */
    async saveChanges(processedChanges) {
        const partner = this.state.editModeProps.partner || {};
        const changes = {...processedChanges};
        if (partner.id) {
            for (const field of EDITED_FIELDS) {
                if (field in changes && (changes[field] || false) === originalValue(partner, field)) {
                    delete changes[field];
                }
            }
        }
        if (changes.birthdate === "") {
            changes.birthdate = false;
        }
        if (changes.retail_issue_card) {
            changes.retail_config_id = this.pos.config.id;
        } else {
            delete changes.retail_issue_card;
        }
        return super.saveChanges(changes);
    },
});
