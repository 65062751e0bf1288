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
    # Kept under its name when it moved here from the core: the companies'
    # values stay.
    retail_customer_since_invoice = fields.Boolean(
        "Customer Since: First Invoice",
        help="Set 'customer since' from the first posted customer invoice.",
    )

    def _retail_customer_since_sources(self):
        return super()._retail_customer_since_sources() + [
            "retail_customer_since_invoice"
        ]
