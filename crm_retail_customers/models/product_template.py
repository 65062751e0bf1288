# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    retail_no_points = fields.Boolean(
        "Never Earns Points",
        help="Sales of this product earn no reward points and it cannot be "
        "paid with points: gift cards, deposits, the points discount itself. "
        "Goods later paid with a gift card earn their points then.",
    )
