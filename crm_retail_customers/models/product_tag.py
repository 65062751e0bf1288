# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ProductTag(models.Model):
    _inherit = "product.tag"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_earn_rule_target(self):
        """An earning rule left without its tags would be for every product
        (``retail.earn.rule._retail_check_targets_kept``)."""
        self.env["retail.earn.rule"]._retail_check_targets_kept("tag_ids", self)

    def unlink(self):
        rules = self.env["retail.earn.rule"]._retail_rules_naming("tag_ids", self)
        res = super().unlink()
        rules._retail_targets_deleted()
        return res
