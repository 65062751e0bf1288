/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {useState} from "@odoo/owl";
import {AbstractAwaitablePopup} from "@point_of_sale/app/popup/abstract_awaitable_popup";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {_t} from "@web/core/l10n/translation";

/**
 * Points are redeemed only when the server knows the customer is at the
 * till: their card scanned for this order, or its verification code typed,
 * or a retail manager's approval (login, password, reason). This popup says
 * what is missing and takes the code or the approval; the server checks them
 * and writes the proof down for this order (the till only learns yes or no).
 *
 * Props: ``partner``, ``order``, ``points`` (the most the approval covers),
 * ``allowCode``.
 */
export class RetailRedeemProofPopup extends AbstractAwaitablePopup {
    static template = "crm_retail_customers_pos.RetailRedeemProofPopup";
    static defaultProps = {
        cancelText: _t("Cancel"),
        title: _t("The customer's card is needed"),
        allowCode: true,
        confirmKey: false,
    };

    setup() {
        super.setup();
        this.pos = usePos();
        this.state = useState({
            code: "",
            login: "",
            password: "",
            reason: "",
            error: "",
            busy: false,
        });
    }

    async _ask(method, args) {
        this.state.busy = true;
        this.state.error = "";
        try {
            const result = await this.pos.orm.call("res.partner", method, args);
            if (result && result.ok) {
                this.props.order.retailSetProof(this.props.partner.id);
                this.confirm();
            } else {
                this.state.error = (result && result.error) || _t("Refused.");
            }
        } catch (error) {
            this.state.error =
                (error.data && error.data.message) || error.message || String(error);
        } finally {
            this.state.busy = false;
        }
    }

    checkCode() {
        return this._ask("retail_pos_check_card_code", [
            this.props.partner.id,
            this.state.code,
            this.pos.config.id,
            this.props.order.name,
        ]);
    }

    approve() {
        return this._ask("retail_pos_approve_redemption", [
            this.props.partner.id,
            this.pos.config.id,
            this.props.order.name,
            this.props.points,
            this.state.login,
            this.state.password,
            this.state.reason,
        ]);
    }
}
