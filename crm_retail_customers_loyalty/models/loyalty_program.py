# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class LoyaltyProgram(models.Model):
    """A program that changes type or goes away may change which products
    sell money (``loyalty.rule._retail_money_product_ids``): clear the
    cache."""

    _inherit = "loyalty.program"

    def write(self, vals):
        if "program_type" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        # the program's rules go with it (ondelete cascade, no unlink call)
        self.env.registry.clear_cache()
        return super().unlink()
