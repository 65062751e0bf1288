# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    retail_customer_since_pos = fields.Boolean(
        related="company_id.retail_customer_since_pos", readonly=False
    )
    retail_redeem_proof = fields.Selection(
        related="company_id.retail_redeem_proof", readonly=False
    )
