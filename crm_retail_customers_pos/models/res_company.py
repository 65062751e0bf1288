# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Kept under its name when it moved here from the core: the companies'
    # values stay.
    retail_customer_since_pos = fields.Boolean(
        "Customer Since: First POS Order",
        help="Set 'customer since' from the first paid Point of Sale order.",
    )
    retail_redeem_proof = fields.Selection(
        [
            ("card_or_code", "Card presented or its code typed"),
            ("card", "Card presented"),
            ("code", "Card code typed"),
            ("manager", "Manager approval"),
            ("none", "No proof (the till is trusted)"),
        ],
        "Redeeming Points at the Till Needs",
        default="card_or_code",
        required=True,
        help="What proves that the customer is at the till when their points "
        "pay for an order: the card scanned or its number typed for this "
        "order, the verification code printed on the card, or both. A retail "
        "manager's approval at the till (with a reason) is always accepted "
        "instead. Without the proof the sale stands but no points are "
        "redeemed.",
    )

    def _retail_customer_since_sources(self):
        return super()._retail_customer_since_sources() + ["retail_customer_since_pos"]
