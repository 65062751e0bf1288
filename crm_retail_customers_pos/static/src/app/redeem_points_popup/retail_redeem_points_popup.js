/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {NumberPopup} from "@point_of_sale/app/utils/input_popups/number_popup";

/**
 * The number pad of "Redeem points": Odoo's number popup with its title
 * above the balance and maximum (Odoo's puts them side by side, which wraps
 * the title into a narrow column beside the text).
 */
export class RetailRedeemPointsPopup extends NumberPopup {
    static template = "crm_retail_customers_pos.RetailRedeemPointsPopup";
}
