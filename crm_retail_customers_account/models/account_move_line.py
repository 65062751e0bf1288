# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMoveLine(models.Model):
    """An invoice line keeps the points it earned by the earning rules when
    its invoice was posted: a credit note of the invoice takes back what the
    credited lines earned, also once a campaign has ended. Derived state:
    only the booking writes it (``retail.derived.state.mixin``)."""

    _name = "account.move.line"
    _inherit = ["account.move.line", "retail.derived.state.mixin"]
    _retail_derived_fields = ("retail_points",)

    retail_points = fields.Float(
        "Points Earned",
        digits="Reward Points",
        copy=False,
        readonly=True,
        help="Points this invoice line earned by the earning rules when the "
        "invoice was posted (negative on a credit note: what it took back). "
        "A credit note of the line takes back its share of them.",
    )
