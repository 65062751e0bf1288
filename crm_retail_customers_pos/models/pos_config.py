# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.osv.expression import OR

from odoo.addons.crm_retail_customers.models.product_template import (
    REDEMPTION_PRODUCT_XMLID,
)

__all__ = ["REDEMPTION_PRODUCT_XMLID"]


class PosConfig(models.Model):
    _inherit = "pos.config"

    def _get_retail_redemption_product(self):
        """The product of the points discount lines, when it is still usable."""
        product = self.env.ref(REDEMPTION_PRODUCT_XMLID, raise_if_not_found=False)
        if not product or not product.active:
            return self.env["product.product"]
        return product

    def _get_special_products(self):
        # The redemption product is added by the "Redeem points" button only:
        # like the tip and discount products it stays out of the product grid.
        return super()._get_special_products() | self._get_retail_redemption_product()

    def _get_available_product_domain(self):
        # Loaded even when the till limits its product categories, so that the
        # "Redeem points" button always finds it.
        domain = super()._get_available_product_domain()
        product = self._get_retail_redemption_product()
        if product:
            domain = OR([domain, [("id", "=", product.id)]])
        return domain
