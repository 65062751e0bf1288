/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Component} from "@odoo/owl";
import {ConfirmPopup} from "@point_of_sale/app/utils/confirm_popup/confirm_popup";
import {ProductScreen} from "@point_of_sale/app/screens/product_screen/product_screen";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";
import {isRetailNonMember} from "@crm_retail_customers_pos/app/utils/retail_utils";

/**
 * "Enrol": the order's customer is not a member; the cashier asks them, taps
 * the button, then confirms their consent in the dialog (two taps). The
 * server enrols them; this order then earns (and brings the welcome bonus).
 */
export class RetailEnrolButton extends Component {
    static template = "crm_retail_customers_pos.RetailEnrolButton";

    setup() {
        this.pos = usePos();
        this.popup = useService("popup");
        this.orm = useService("orm");
        this.notification = useService("pos_notification");
    }

    async click() {
        const partner = this.pos.get_order().get_partner();
        if (!isRetailNonMember(this.pos, partner)) {
            return;
        }
        const {confirmed} = await this.popup.add(ConfirmPopup, {
            title: _t("Enrol %s in the loyalty programme?", partner.name),
            body: _t(
                "Confirm that the customer agrees to join the loyalty programme: their purchases, this one included, then earn reward points."
            ),
            confirmText: _t("Customer agrees"),
        });
        if (!confirmed) {
            return;
        }
        const values = await this.orm.call("res.partner", "retail_pos_enrol", [
            partner.id,
            this.pos.config.id,
            true,
        ]);
        this.pos.retailAddPartner(values);
        partner.retail_member = true;
        partner.reward_points = values.reward_points;
        // the balance (the welcome bonus only where the shop books it on
        // enrolment; otherwise it follows the first paid purchase)
        await this.pos.retailFetchStanding(partner.id);
        this.notification.add(_t("%s is now a member of the loyalty programme.", partner.name), 3000);
    }
}

ProductScreen.addControlButton({
    component: RetailEnrolButton,
    condition: function () {
        return isRetailNonMember(this.pos, this.pos.get_order()?.get_partner());
    },
});
