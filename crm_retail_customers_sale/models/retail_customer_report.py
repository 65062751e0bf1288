# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


class RetailCustomerReport(models.AbstractModel):
    _inherit = "retail.customer.report"

    @api.model
    def _get_sales_sources(self):
        """Confirmed sale orders are sales, by confirmation date, for the
        commercial partner of the order's customer; the invoices of their
        lines are the same sales (``billed_invoices``)."""
        self.env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
        self.env["account.move.line"].flush_model(["move_id"])
        return super()._get_sales_sources() + [
            self._get_order_sales_source(
                "sale.order",
                SQL("o.state = 'sale'"),
                SQL(
                    """SELECT l.move_id
                         FROM sale_order_line_invoice_rel r
                         JOIN account_move_line l ON l.id = r.invoice_line_id"""
                ),
            )
        ]


class RetailCustomerAnalysis(models.Model):
    """Inherited so that the analysis' figures are computed again (its
    ``init``) when this module, which adds a source of sales, is installed
    or updated."""

    _inherit = "retail.customer.analysis"
