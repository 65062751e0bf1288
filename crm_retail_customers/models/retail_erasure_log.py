# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .retail_derived_state_mixin import _SERVER_WRITE


class RetailErasureLog(models.Model):
    """Proof that a customer's personal data was erased: when, by whom, in
    which company, and what the ledger closed. Nothing personal: the
    customer is the anonymous record the erasure left. Rows are only ever
    added, by the erasure (:meth:`_retail_record`); nobody changes or
    deletes them."""

    _name = "retail.erasure.log"
    _description = "Customer Erasure Log"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        "Erased Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="The anonymous record that keeps the customer's ledger and "
        "documents together.",
    )
    date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", "Erased by", readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    entry_count = fields.Integer(
        "Ledger Entries",
        readonly=True,
        help="Reward point entries of the customer, kept without their notes.",
    )
    points_closed = fields.Float(
        digits="Reward Points",
        readonly=True,
        help="The balance closed by the erasure (an entry of kind Erased).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("retail_erasure_write") is not _SERVER_WRITE:
            raise UserError(
                _("Erasure log entries are recorded by the application only.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(_("Erasure log entries cannot be changed."))
        return super().write(vals)

    # Refused before the access check, like the consent log's.
    def unlink(self):
        if self:
            # pylint: disable-next=no-raise-unlink
            raise UserError(_("Erasure log entries cannot be deleted."))
        return super().unlink()

    @api.model
    def _retail_record(self, partners, closed):
        """One row per erased partner of ``partners`` and company whose
        ledger was closed (``closed``: ``{id: {company id: (entries, points
        closed)}}``), now, by the current user; a partner without entries
        gets one row, of its company (else the user's)."""
        now = fields.Datetime.now()
        vals_list = []
        for partner in partners:
            per_company = closed.get(partner.id) or {
                (partner.company_id or self.env.company).id: (0, 0.0)
            }
            for company_id, (entries, points) in sorted(per_company.items()):
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "date": now,
                        "user_id": self.env.uid,
                        "company_id": company_id,
                        "entry_count": entries,
                        "points_closed": points,
                    }
                )
        # sudo: rows written by the erasure itself; nobody creates them by
        # hand (no create access, and create asks for the server mark)
        Log = self.sudo().with_context(retail_erasure_write=_SERVER_WRITE)
        return Log.create(vals_list).with_env(self.env)
