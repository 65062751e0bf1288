# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    retail_points_from_invoices = fields.Boolean(
        related="company_id.retail_points_from_invoices", readonly=False
    )
    retail_customer_since_invoice = fields.Boolean(
        related="company_id.retail_customer_since_invoice", readonly=False
    )
    retail_points_journal_id = fields.Many2one(
        related="company_id.retail_points_journal_id", readonly=False
    )
