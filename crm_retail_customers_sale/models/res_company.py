# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Kept under its name when it moved here from the core: the companies'
    # values stay.
    retail_customer_since_sale = fields.Boolean(
        "Customer Since: First Sale Order",
        help="Set 'customer since' from the first confirmed sale order.",
    )

    def _retail_customer_since_sources(self):
        return super()._retail_customer_since_sources() + ["retail_customer_since_sale"]
