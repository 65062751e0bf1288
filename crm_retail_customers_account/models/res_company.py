# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    retail_points_from_invoices = fields.Boolean(
        "Reward Points from Invoices",
        help="Posted customer invoices that do not come from the Point of Sale "
        "earn reward points on their untaxed amount; credit notes take them back.",
    )
