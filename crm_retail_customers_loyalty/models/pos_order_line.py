# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    retail_card_points = fields.Float(
        "Card Points Debited",
        copy=False,
        readonly=True,
        help="Points of the gift card or eWallet this reward line paid with, "
        "debited by the server when the order was paid. Only such a line is a "
        "payment that earns the shop's reward points.",
    )

    def _retail_derived_field_names(self):
        """The server debits the card, never a user (a cashier claiming a
        debit would get it back on the card when the till confirms the
        programs: ``pos.order._retail_settle_money_cards``)."""
        return super()._retail_derived_field_names() | {"retail_card_points"}
