# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RetailCard(models.Model):
    """Loyalty card (stub: completed by the cards work)."""

    _name = "retail.card"
    _description = "Loyalty Card"
    _order = "issue_date desc, id desc"
    _rec_name = "number"

    number = fields.Char(required=True, index=True, copy=False)
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    issue_date = fields.Date(default=fields.Date.context_today)
    expiry_date = fields.Date()
    code = fields.Char(groups="crm_retail_customers.group_retail_manager", copy=False)
    state = fields.Selection(
        [
            ("active", "Active"),
            ("blocked", "Blocked"),
            ("lost", "Lost"),
            ("expired", "Expired"),
            ("replaced", "Replaced"),
        ],
        default="active",
        required=True,
        index=True,
    )
    replaced_by_id = fields.Many2one("retail.card", copy=False, readonly=True)
