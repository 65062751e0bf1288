# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _retail_forget_foreign_tables(self):
        return super()._retail_forget_foreign_tables() + [
            ("purchase_order", "partner_id", "company_id"),
        ]

    def _retail_forget_scrub(self, names, values):
        """Purchase orders are kept (figures, stock); their texts and
        messages lose the personal data (crm_retail_customers:
        res.partner._retail_forget)."""
        self.env.cr.execute(
            "SELECT id FROM purchase_order WHERE partner_id IN %s",
            [tuple(self.ids)],
        )
        order_ids = [row[0] for row in self.env.cr.fetchall()]
        if order_ids:
            self._retail_forget_replace(
                "purchase_order",
                ["note", "notes", "client_order_ref", "partner_ref", "origin"],
                "id IN %s",
                [tuple(order_ids)],
                values,
            )
            self._retail_forget_documents("purchase.order", order_ids, values)
        return super()._retail_forget_scrub(names, values)
