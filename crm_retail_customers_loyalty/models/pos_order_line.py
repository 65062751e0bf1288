# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from odoo.addons.crm_retail_customers_pos.models.pos_order_line import (
    check_order_not_paid,
)

from .loyalty_card import is_server_card_write

#: What makes a line a payment with a card, or a reward of a program: fixed
#: once the order is paid, as what it sold (a cashier pointing a paid line
#: at another customer's card would have the till's confirmation debit it).
REWARD_FIELDS = frozenset(
    {
        "is_reward_line",
        "reward_id",
        "coupon_id",
        "reward_identifier_code",
        "points_cost",
    }
)


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

    def write(self, vals):
        """Odoo's confirmation of the order's programs links its reward lines
        to their cards (server code, checked first)."""
        if REWARD_FIELDS.intersection(vals) and not is_server_card_write(self.env):
            orders = self.order_id
            if vals.get("order_id"):
                orders |= self.env["pos.order"].browse(vals["order_id"])
            check_order_not_paid(orders)
        return super().write(vals)

    def _retail_derived_field_names(self):
        """The server debits the card, never a user (a cashier claiming a
        debit would get it back on the card when the till confirms the
        programs: ``pos.order._retail_settle_money_cards``)."""
        return super()._retail_derived_field_names() | {"retail_card_points"}
