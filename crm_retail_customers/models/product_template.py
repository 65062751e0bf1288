# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

#: XML id of the service product of the points discount lines (the till's,
#: the invoices' and the quotations' "Redeem points").
REDEMPTION_PRODUCT_XMLID = "crm_retail_customers.product_retail_points_redemption"


class ProductTemplate(models.Model):
    _inherit = "product.template"

    retail_no_points = fields.Boolean(
        "Never Earns Points",
        help="Sales of this product earn no reward points and it cannot be "
        "paid with points: gift cards, deposits, the points discount itself. "
        "Goods later paid with a gift card earn their points then.",
    )
