# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RetailPointEntry(models.Model):
    """A ledger entry knows the journal entry that posted it to the points
    liability (``res.company._retail_post_points_liability``, which sets it
    in SQL: the ledger stays insert-only for everyone else)."""

    _inherit = "retail.point.entry"

    liability_move_id = fields.Many2one(
        "account.move",
        "Liability Journal Entry",
        readonly=True,
        index=True,
        copy=False,
        ondelete="restrict",
        groups="account.group_account_readonly,account.group_account_manager",
        help="The journal entry that posted this entry to the points liability.",
    )
