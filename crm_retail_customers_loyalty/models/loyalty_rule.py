# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models, tools
from odoo.tools import SQL

#: Odoo loyalty programs whose cards hold money, not points of a programme:
#: selling one is selling money, paying with one is a payment.
MONEY_PROGRAM_TYPES = ("gift_card", "ewallet")


class LoyaltyRule(models.Model):
    _inherit = "loyalty.rule"

    @api.model
    @tools.ormcache()
    def _retail_money_product_ids(self):
        """The ids of the products that sell an Odoo gift card or eWallet
        top-up: trigger products of a gift card or eWallet program (archived
        programs included: a card sold is money whatever became of its
        program). Cached: a till books without asking again; any change of
        rules or programs clears it."""
        field = self._fields["product_ids"]
        self.flush_model(["program_id", "product_ids"])
        self.env["loyalty.program"].flush_model(["program_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT rel.%(product)s
                  FROM %(relation)s rel
                  JOIN loyalty_rule rule ON rule.id = rel.%(rule)s
                  JOIN loyalty_program program ON program.id = rule.program_id
                 WHERE program.program_type IN %(types)s
                """,
                product=SQL.identifier(field.column2),
                rule=SQL.identifier(field.column1),
                relation=SQL.identifier(field.relation),
                types=MONEY_PROGRAM_TYPES,
            )
        )
        return frozenset(product_id for (product_id,) in self.env.cr.fetchall())

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if "product_ids" in vals or "program_id" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
