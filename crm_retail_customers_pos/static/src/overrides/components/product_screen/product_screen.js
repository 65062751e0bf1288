/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {ErrorPopup} from "@point_of_sale/app/errors/popups/error_popup";
import {ProductScreen} from "@point_of_sale/app/screens/product_screen/product_screen";
import {ConnectionLostError} from "@web/core/network/rpc_service";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {RetailPointsPanel} from "@crm_retail_customers_pos/app/points_panel/retail_points_panel";

ProductScreen.components = {...ProductScreen.components, RetailPointsPanel};

patch(ProductScreen.prototype, {
    /**
     * A scanned customer barcode may be a loyalty card. The server is asked
     * first, also for customers the till has loaded: it knows whether the card
     * is still usable and sends the current balance. Numbers that are no card
     * go on to the standard customer barcodes; offline, the loaded customers'
     * card numbers are all the till can check.
     */
    async _barcodePartnerAction(code) {
        let result = false;
        try {
            // the order's name: the server writes down that the card was
            // presented for this order (it may then redeem points)
            result = await this.orm.silent.call("res.partner", "retail_pos_find_by_card", [
                code.code,
                this.pos.config.id,
                this.currentOrder.name,
            ]);
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
            const partner = this.pos.db.retailGetPartnerByCard(code.code);
            if (partner) {
                this.retailSetPartner(partner);
                return;
            }
        }
        if (!result) {
            return super._barcodePartnerAction(...arguments);
        }
        this.pos.retailUseFoundCustomer(result, this.currentOrder);
    },
    /**
     * The points discount lines are worth the points the server books for
     * them: their quantity, price or discount cannot be typed over (like a
     * tip line). Backspace removes them all; the cashier then redeems again.
     */
    async updateSelectedOrderline({buffer, key}) {
        const line = this.currentOrder.get_selected_orderline();
        if (line && line.isRetailRedemption() && !line.refunded_orderline_id) {
            this.numberBuffer.reset();
            if (key === "Backspace") {
                // the discount is one line per set of taxes: all go together
                for (const other of this.currentOrder.getRetailRedemptionLines()) {
                    if (other !== line && !other.refunded_orderline_id) {
                        this.currentOrder.removeOrderline(other);
                    }
                }
                this.currentOrder.select_orderline(line);
                this._setValue("remove");
                this.pos.numpadMode = "quantity";
            } else {
                this.popup.add(ErrorPopup, {
                    title: _t("The points discount cannot be changed"),
                    body: _t(
                        "Remove the line with the backspace key and redeem the number of points you want."
                    ),
                });
            }
            return;
        }
        return super.updateSelectedOrderline(...arguments);
    },
    retailSetPartner(partner) {
        if (this.currentOrder.get_partner() !== partner) {
            this.currentOrder.set_partner(partner);
        }
    },
});
