/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {PartnerLine} from "@point_of_sale/app/screens/partner_list/partner_line/partner_line";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {patch} from "@web/core/utils/patch";
import {
    formatPoints,
    isRetailNonMember,
    marketingBans,
} from "@crm_retail_customers_pos/app/utils/retail_utils";

patch(PartnerLine.prototype, {
    setup() {
        super.setup(...arguments);
        this.pos = usePos();
    },
    get retailBalance() {
        return formatPoints(this.pos, this.props.partner.reward_points);
    },
    get retailBans() {
        return marketingBans(this.props.partner);
    },
    get retailNonMember() {
        return isRetailNonMember(this.pos, this.props.partner);
    },
});
