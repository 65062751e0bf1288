# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    def unlink(self):
        """The earning rules in force, kept in the registry's cache, name
        categories by id (``retail.earn.rule._retail_rule_table``): a rule
        must not meet a category that is gone."""
        rules = self.env["retail.earn.rule"]._retail_rules_naming(
            "categ_ids", self.search([("id", "child_of", self.ids)])
        )
        res = super().unlink()
        self.env.registry.clear_cache()
        rules._retail_targets_deleted()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_earn_rule_target(self):
        """An earning rule left without its categories would be for every
        product (``retail.earn.rule._retail_check_targets_kept``); the
        subcategories go with their parent, in the database."""
        self.env["retail.earn.rule"]._retail_check_targets_kept(
            "categ_ids", self.search([("id", "child_of", self.ids)])
        )
