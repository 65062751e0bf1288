/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Component, useEffect} from "@odoo/owl";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {formatPoints} from "@crm_retail_customers_pos/app/utils/retail_utils";

/**
 * Under the order total: what the customer has, what this basket earns and
 * redeems, the balance after the sale, the tier and what matters at the
 * counter (points expiring soon, a birthday, a card that cannot be used).
 * Without a customer, what scanning a card would earn.
 */
export class RetailPointsPanel extends Component {
    static template = "crm_retail_customers_pos.RetailPointsPanel";
    static props = {order: Object};

    setup() {
        this.pos = usePos();
        // refund lines: ask the server what they take and give back
        useEffect(
            (key) => {
                if (key) {
                    this.pos.retailFetchRefundPoints(key);
                }
            },
            () => [!this.props.order.retailPoints && this.props.order.getRetailRefundKey()]
        );
    }

    get standing() {
        const data = this.props.order.getRetailStanding(this.pos.retailStandings);
        if (!data) {
            return false;
        }
        const format = (points) => formatPoints(this.pos, points);
        return {
            ...data,
            hasBalance: Boolean(data.balance),
            balance: format(data.balance),
            earned: format(data.earned),
            taken: data.earned < 0,
            redeemed: data.redeemed ? format(data.redeemed) : false,
            returned: data.returned ? format(data.returned) : false,
            memberEarned: format(data.memberEarned),
            after: format(data.after),
            expiring: data.expiring ? format(data.expiring) : false,
        };
    }
}
