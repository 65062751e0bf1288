# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RetailPointEntryDetail(models.Model):
    """The points an earning rule gave in one ledger entry.

    Written with its entry, by the posting method only, and never changed:
    it is part of the ledger. The rule's name is kept as it was when the
    entry was booked, so that renaming, changing or archiving a rule leaves
    the history as it was; the points activity report's breakdown by rule
    reads these rows.
    """

    _name = "retail.point.entry.detail"
    _description = "Reward Points by Earning Rule"
    _order = "entry_id, id"

    entry_id = fields.Many2one(
        "retail.point.entry",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    rule_id = fields.Many2one(
        "retail.earn.rule",
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Empty: the normal rate, no rule changed the points.",
    )
    name = fields.Char("Rule Name", readonly=True, required=True)
    points = fields.Float(digits="Reward Points", readonly=True)
    amount = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="The money of the lines this rule decided.",
    )
    currency_id = fields.Many2one(related="entry_id.currency_id")
    # copies of the entry's values, written with it (stored for the
    # report's aggregates without a join; an entry never changes)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    date = fields.Datetime(readonly=True, index=True)
    kind = fields.Selection(related="entry_id.kind")

    @api.model_create_multi
    def create(self, vals_list):
        """The points by rule are inserted with their entry by the posting
        (``retail.point.entry._create_posted``), never through the ORM."""
        if vals_list:
            raise UserError(
                _("The points by rule are booked with their entry, not by hand.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(
                _("The points by rule of a ledger entry cannot be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ledger(self):
        raise UserError(_("The points by rule of a ledger entry cannot be deleted."))
