/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {PartnerListScreen} from "@point_of_sale/app/screens/partner_list/partner_list";
import {patch} from "@web/core/utils/patch";

/** Retail fields of the customer editor, sent only when they changed. */
const EDITED_FIELDS = [
    "customer_group_id",
    "birthdate",
    "no_letter_marketing",
    "no_sms_marketing",
    "no_email_marketing",
];

function originalValue(partner, field) {
    const value = partner[field];
    if (Array.isArray(value)) {
        return value[0];
    }
    return value || false;
}

patch(PartnerListScreen.prototype, {
    /** The balance column holds the loyalty information. */
    get isBalanceDisplayed() {
        return true;
    },
    /**
     * "Search more" asks the server with the standard fields, plus the card
     * number when the search is made of digits (a scanned or typed number):
     * the card number is indexed, so the prefix search stays fast.
     */
    async getNewPartners() {
        const query = (this.state.query || "").trim();
        if (!/^\d+$/.test(query)) {
            return super.getNewPartners(...arguments);
        }
        const searchFields = ["name", "parent_name", "phone_mobile_search", "email"];
        const domain = [
            ...Array(searchFields.length).fill("|"),
            ...searchFields.map((field) => [field, "ilike", this.state.query + "%"]),
            ["card_number", "=like", query + "%"],
        ];
        return await this.orm.silent.call(
            "pos.session",
            "get_pos_ui_res_partner_by_params",
            [[odoo.pos_session_id], {domain, limit: 30, offset: this.state.currentOffset}]
        );
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
