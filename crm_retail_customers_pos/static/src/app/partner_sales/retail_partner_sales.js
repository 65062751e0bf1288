/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Component, onWillStart, useState} from "@odoo/owl";
import {PartnerDetailsEdit} from "@point_of_sale/app/screens/partner_list/partner_editor/partner_editor";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {deserializeDate, formatDate} from "@web/core/l10n/dates";
import {ConnectionLostError} from "@web/core/network/rpc_service";

/**
 * The customer's activity at a glance in the till's customer details:
 * purchases, amount spent and the last purchase, asked of the server when
 * the details open (the till does not load them for every customer).
 */
export class RetailPartnerSales extends Component {
    static template = "crm_retail_customers_pos.RetailPartnerSales";
    static props = {partnerId: Number};

    setup() {
        this.pos = usePos();
        this.state = useState({summary: null, offline: false});
        onWillStart(async () => {
            try {
                this.state.summary = await this.pos.orm.call(
                    "res.partner",
                    "retail_pos_sales_summary",
                    [this.props.partnerId]
                );
            } catch (error) {
                // Offline: the details open without the figures.
                if (!(error instanceof ConnectionLostError)) {
                    throw error;
                }
                this.state.offline = true;
            }
        });
    }

    get amount() {
        return this.env.utils.formatCurrency(this.state.summary.amount);
    }

    get lastDate() {
        const day = this.state.summary.last_date;
        return day ? formatDate(deserializeDate(day)) : "";
    }
}

PartnerDetailsEdit.components = {...PartnerDetailsEdit.components, RetailPartnerSales};
