/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {onWillStart, useState} from "@odoo/owl";
import {PartnerDetailsEdit} from "@point_of_sale/app/screens/partner_list/partner_editor/partner_editor";
import {ConnectionLostError} from "@web/core/network/rpc_service";
import {patch} from "@web/core/utils/patch";
import {
    RETAIL_EDITED_FIELDS,
    formatPoints,
    marketingBans,
} from "@crm_retail_customers_pos/app/utils/retail_utils";

patch(PartnerDetailsEdit.prototype, {
    setup() {
        super.setup(...arguments);
        const partner = this.props.partner;
        Object.assign(this.changes, {
            customer_group_id: (partner.customer_group_id && partner.customer_group_id[0]) || "",
            birthdate: partner.birthdate || "",
            no_email_marketing: Boolean(partner.no_email_marketing),
            no_sms_marketing: Boolean(partner.no_sms_marketing),
            no_letter_marketing: Boolean(partner.no_letter_marketing),
            retail_issue_card: false,
        });
        this.intFields.push("customer_group_id");
        this.retailState = useState({groups: []});
        onWillStart(async () => {
            try {
                const [groups] = await Promise.all([
                    this.pos.retailLoadCustomerGroups(),
                    this.retailLoadEditedFields(),
                ]);
                this.retailState.groups = groups;
            } catch (error) {
                // Offline: the group list stays empty, the rest can be edited.
                if (!(error instanceof ConnectionLostError)) {
                    throw error;
                }
            }
        });
    },
    /** Read the birthdate and own marketing bans of an existing customer:
     * the till does not load them for every customer. */
    async retailLoadEditedFields() {
        const partner = this.props.partner;
        if (!partner.id || RETAIL_EDITED_FIELDS.every((field) => field in partner)) {
            return;
        }
        const [values] = await this.pos.orm.read("res.partner", [partner.id], RETAIL_EDITED_FIELDS);
        Object.assign(partner, values);
        Object.assign(this.changes, {
            birthdate: values.birthdate || "",
            no_email_marketing: values.no_email_marketing,
            no_sms_marketing: values.no_sms_marketing,
            no_letter_marketing: values.no_letter_marketing,
        });
    },
    get retailBalance() {
        return formatPoints(this.pos, this.props.partner.reward_points);
    },
    get retailBans() {
        return marketingBans(this.props.partner);
    },
});
