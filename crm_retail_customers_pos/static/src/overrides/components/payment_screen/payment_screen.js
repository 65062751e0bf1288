/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {ErrorPopup} from "@point_of_sale/app/errors/popups/error_popup";
import {PaymentScreen} from "@point_of_sale/app/screens/payment_screen/payment_screen";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {RetailRedeemProofPopup} from "@crm_retail_customers_pos/app/redeem_proof/retail_redeem_proof_popup";
import {
    formatPoints,
    isRetailNonMember,
    pointsDigits,
} from "@crm_retail_customers_pos/app/utils/retail_utils";

/**
 * Points redeemed as a payment (the company's ``retail_points_redeem_mode``
 * is ``payment``): a payment method flagged ``retail_points_payment`` pays
 * with the customer's points, like money, so that the price and the tax base
 * stay whole. Choosing it asks what the "Redeem points" button asks: a
 * customer who is a member, the proof that they are at the till, and at most
 * the value of their balance. The server checks all of it again when the
 * order is paid (``pos.order._retail_book_points_payment``): the till only
 * spares the cashier a sale the server would not cover.
 */
patch(PaymentScreen.prototype, {
    /** Whether ``line`` pays with points. */
    retailIsPointsLine(line) {
        return Boolean(line && line.payment_method && line.payment_method.retail_points_payment);
    },

    /** What the customer's balance is worth: their points (whole points
     * when the company counts whole points) at the point value, rounded down
     * to the currency's cents. */
    retailPointsWorth(partner) {
        const value = this.pos.company.retail_point_value || 0;
        const factor = Math.pow(10, pointsDigits(this.pos));
        const points = Math.floor((partner.reward_points || 0) * factor + 1e-6) / factor;
        const cents = Math.pow(10, this.retailDecimals());
        return Math.max(0, Math.floor(points * value * cents + 1e-6) / cents);
    },

    retailDecimals() {
        return this.pos.currency ? this.pos.currency.decimal_places : 2;
    },

    /** Most ``line`` (a points payment line, or a new one) may pay: what the
     * balance is worth less what the order's other points payment lines pay
     * already. */
    retailPointsCap(partner, line = null) {
        const others = this.paymentLines
            .filter((other) => other !== line && this.retailIsPointsLine(other))
            .reduce((total, other) => total + Math.max(other.amount, 0), 0);
        const cap = this.retailPointsWorth(partner) - others;
        return Math.max(0, Number(cap.toFixed(this.retailDecimals())));
    },

    /** Why the order cannot pay with points now (a translated message), or
     * ``false``. */
    retailPointsPaymentRefusal(partner) {
        const value = this.pos.company.retail_point_value;
        if (this.pos.company.retail_points_redeem_mode !== "payment") {
            return _t(
                "This company redeems points as a discount: use the Redeem points button on the order instead."
            );
        }
        if (!partner) {
            return _t("Points are redeemed from the balance of the order's customer: select the customer first.");
        }
        if (isRetailNonMember(this.pos, partner)) {
            return _t(
                "%s is not a member of the loyalty programme: points cannot be redeemed. Enrol the customer first.",
                partner.name
            );
        }
        if (!(value > 0)) {
            return _t("The value of a point is zero. Check the Retail customers settings.");
        }
        return false;
    },

    retailPointsError(body) {
        this.popup.add(ErrorPopup, {title: _t("Points cannot pay"), body});
    },

    /** The proof the company asks for that the customer is at the till,
     * asked for now when the till has none for this order. */
    async retailEnsurePointsProof(order, partner, amount) {
        const proof = this.pos.company.retail_redeem_proof || "card_or_code";
        if (proof === "none" || order.retailHasProof(partner)) {
            return true;
        }
        const value = this.pos.company.retail_point_value;
        const factor = Math.pow(10, pointsDigits(this.pos));
        const {confirmed} = await this.popup.add(RetailRedeemProofPopup, {
            partner,
            order,
            points: Math.ceil((amount / value) * factor - 1e-6) / factor,
            allowCode: ["card_or_code", "code"].includes(proof),
        });
        return confirmed;
    },

    async addNewPaymentLine(paymentMethod) {
        if (!paymentMethod.retail_points_payment) {
            return super.addNewPaymentLine(...arguments);
        }
        const order = this.currentOrder;
        const partner = order.get_partner();
        const refusal = this.retailPointsPaymentRefusal(partner);
        if (refusal) {
            this.retailPointsError(refusal);
            return false;
        }
        const due = order.get_due();
        // a refund pays back with points: the server gives back what the
        // refunded sale drew, never more
        const amount = due < 0 ? due : Math.min(due, this.retailPointsCap(partner));
        if (due >= 0 && !(amount > 0)) {
            this.retailPointsError(
                due > 0
                    ? _t(
                          "%s has no points left to pay with (balance: %s points).",
                          partner.name,
                          formatPoints(this.pos, partner.reward_points)
                      )
                    : _t("The order is paid already.")
            );
            return false;
        }
        if (due >= 0 && !(await this.retailEnsurePointsProof(order, partner, amount))) {
            return false;
        }
        if (!super.addNewPaymentLine(...arguments)) {
            return false;
        }
        order.selected_paymentline.set_amount(amount);
        return true;
    },

    updateSelectedPaymentline(amount = false) {
        super.updateSelectedPaymentline(...arguments);
        const line = this.selectedPaymentLine;
        const partner = this.currentOrder.get_partner();
        if (!this.retailIsPointsLine(line) || !partner || !(line.amount > 0)) {
            return;
        }
        const cap = this.retailPointsCap(partner, line);
        if (line.amount > cap) {
            line.set_amount(cap);
            this.numberBuffer.set(cap.toString());
            this.retailPointsError(
                _t(
                    "At most %s can be paid with points: the balance of %s is %s points.",
                    this.env.utils.formatCurrency(cap),
                    partner.name,
                    formatPoints(this.pos, partner.reward_points)
                )
            );
        }
    },

    /** The customer, the mode or the balance may have changed since the
     * points payment was added: checked again before the order is paid. */
    async _isOrderValid(isForceValidate) {
        const lines = this.paymentLines.filter(
            (line) => this.retailIsPointsLine(line) && line.amount > 0
        );
        if (lines.length) {
            const partner = this.currentOrder.get_partner();
            const refusal = this.retailPointsPaymentRefusal(partner);
            if (refusal) {
                this.retailPointsError(refusal);
                return false;
            }
            const paid = lines.reduce((total, line) => total + line.amount, 0);
            const cap = this.retailPointsWorth(partner);
            if (paid > cap + 1e-6) {
                this.retailPointsError(
                    _t(
                        "At most %s can be paid with points: the balance of %s is %s points.",
                        this.env.utils.formatCurrency(cap),
                        partner.name,
                        formatPoints(this.pos, partner.reward_points)
                    )
                );
                return false;
            }
        }
        return super._isOrderValid(...arguments);
    },
});
