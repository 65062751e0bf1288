# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

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

    def unlink(self):
        rules = self.env["retail.earn.rule"]._retail_rules_naming(
            "product_ids", self.with_context(active_test=False).product_variant_ids
        )
        res = super().unlink()
        rules._retail_targets_deleted()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_earn_rule_target(self):
        """Deleting a product deletes its variants in the database, behind
        their own ``unlink``: the earning rules that name them must not be
        left for every product (``retail.earn.rule``)."""
        variants = self.with_context(active_test=False).product_variant_ids
        self.env["retail.earn.rule"]._retail_check_targets_kept("product_ids", variants)
