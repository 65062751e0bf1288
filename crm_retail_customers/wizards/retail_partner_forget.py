# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class RetailPartnerForget(models.TransientModel):
    """Confirmation of an erasure: what will happen, and a tick that the
    manager read it. The erasure itself is ``res.partner.action_retail_forget``
    (its checks apply, whatever calls it)."""

    _name = "retail.partner.forget"
    _description = "Erase a Customer's Personal Data"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True
    )
    contact_count = fields.Integer(compute="_compute_contact_count")
    confirm = fields.Boolean(
        "I understand that this cannot be undone",
        help="The personal data is erased for good; the ledger and the "
        "documents are kept, tied to an anonymous record.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Only for a customer the user may erase: one they may edit, of
        their companies (else the wizard would tell them the name of any
        partner id)."""
        wizards = super().create(vals_list)
        for partner in wizards.partner_id:
            partner = partner.with_env(self.env)
            partner.check_access_rights("write")
            partner.check_access_rule("write")
            if partner.company_id and partner.company_id not in self.env.companies:
                raise AccessError(
                    _("This customer belongs to a company you do not work in.")
                )
        return wizards

    @api.depends("partner_id")
    def _compute_contact_count(self):
        for wizard in self:
            partner = wizard.partner_id
            wizard.contact_count = (
                len(partner.with_context(active_test=False).child_ids)
                if partner.is_company
                else 0
            )

    def action_confirm(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(_("Tick the confirmation to erase the customer's data."))
        self.partner_id.action_retail_forget()
        return {"type": "ir.actions.act_window_close"}
