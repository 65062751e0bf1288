# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


class RetailCustomerReport(models.AbstractModel):
    _inherit = "retail.customer.report"

    @api.model
    def _get_sales_sources(self):
        """Paid POS orders are sales (refunds are not), for the commercial
        partner of the order's customer (a company's contacts buy for it);
        the invoice of an invoiced order is the same sale
        (``billed_invoices``)."""
        return super()._get_sales_sources() + [
            self._get_order_sales_source(
                "pos.order",
                SQL("o.state IN ('paid', 'done', 'invoiced') AND o.amount_total >= 0"),
                SQL(
                    "SELECT o.account_move FROM pos_order o"
                    " WHERE o.account_move IS NOT NULL"
                ),
            )
        ]


class RetailCustomerAnalysis(models.Model):
    """Inherited so that the analysis' figures are computed again (its
    ``init``) when this module, which adds a source of sales, is installed
    or updated."""

    _inherit = "retail.customer.analysis"
