# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from .pos_order_line import check_order_not_paid

#: What a payment says was paid: fixed once its order is paid (the points
#: an order earns are capped by its payments, a points payment redeems).
PAYMENT_FIELDS = frozenset({"pos_order_id", "amount", "payment_method_id"})


class PosPayment(models.Model):
    """How a paid order was paid is a fact: no payment is added to it,
    changed or removed afterwards (``check_order_not_paid``)."""

    _inherit = "pos.payment"

    @api.model_create_multi
    def create(self, vals_list):
        check_order_not_paid(
            self.env["pos.order"].browse(
                {vals.get("pos_order_id") for vals in vals_list} - {None, False}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        if PAYMENT_FIELDS.intersection(vals):
            orders = self.pos_order_id
            if vals.get("pos_order_id"):
                orders |= self.env["pos.order"].browse(vals["pos_order_id"])
            check_order_not_paid(orders)
        return super().write(vals)

    def unlink(self):
        check_order_not_paid(self.pos_order_id)
        return super().unlink()
