# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _retail_forget_foreign_tables(self):
        return super()._retail_forget_foreign_tables() + [
            ("sale_order", "partner_id", "company_id"),
        ]

    def _retail_forget_check(self):
        """A confirmed sale order still to invoice is refused: its invoice
        would go to the anonymous record. Invoice or cancel it first."""
        res = super()._retail_forget_check()
        # sudo: the erasure's check, over every order of these partners
        order = (
            self.env["sale.order"]
            .sudo()  # sudo: see above
            .search(
                [
                    "|",
                    ("partner_id", "in", self.ids),
                    ("partner_invoice_id", "in", self.ids),
                    ("state", "=", "sale"),
                    ("invoice_status", "!=", "invoiced"),
                ],
                limit=1,
            )
        )
        if order:
            raise UserError(
                _(
                    "%(customer)s has the sale order %(order)s, confirmed and "
                    "not fully invoiced: invoice or cancel it before erasing "
                    "the customer's data.",
                    customer=order.partner_id.display_name,
                    order=order.name,
                )
            )
        return res

    def _retail_forget_scrub(self, names, values):
        """Sale orders and quotations are kept (figures, stock); their texts
        and messages lose the personal data (crm_retail_customers:
        res.partner._retail_forget)."""
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE partner_id IN %s",
            [tuple(self.ids)],
        )
        order_ids = [row[0] for row in self.env.cr.fetchall()]
        if order_ids:
            self._retail_forget_replace(
                "sale_order",
                ["note", "notes", "client_order_ref", "partner_ref", "origin"],
                "id IN %s",
                [tuple(order_ids)],
                values,
            )
            self._retail_forget_documents("sale.order", order_ids, values)
        return super()._retail_forget_scrub(names, values)
