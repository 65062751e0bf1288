# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A payment method that draws on the customer's reward points."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    retail_points_payment = fields.Boolean(
        "Paid with Reward Points",
        help="Payments with this method draw on the customer's reward points "
        "(companies that redeem points as a payment): a member, with the "
        "proof of presence the company asks for, up to the value of their "
        "balance. The server books the points when the order is paid. Its "
        "journal is a bank journal (e.g. 'Reward points') whose account "
        "receives what the points paid when the session closes.",
    )

    @api.constrains("retail_points_payment", "journal_id", "split_transactions")
    def _check_retail_points_payment(self):
        """A points method pays through a bank journal and names no customer
        account: cash would be counted in the drawer, and a customer account
        would be a debt, not points."""
        for method in self.filtered("retail_points_payment"):
            if method.journal_id.type != "bank" or method.split_transactions:
                raise ValidationError(
                    _(
                        "The reward points payment method %(method)s needs a "
                        "bank journal (e.g. 'Reward points') and cannot be a "
                        "customer account.",
                        method=method.name,
                    )
                )
