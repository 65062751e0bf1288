# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ProductCategory(models.Model):
    _inherit = "product.category"

    def unlink(self):
        """The earning rules in force, kept in the registry's cache, name
        categories by id (``retail.earn.rule._retail_rule_table``): a rule
        must not meet a category that is gone."""
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
