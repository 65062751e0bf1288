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
            {
                "model": "pos.order",
                "source": SQL("pos_order o JOIN res_partner p ON p.id = o.partner_id"),
                "customer": SQL("p.commercial_partner_id"),
                "moment": SQL("o.date_order"),
                "number": SQL("o.name"),
                "amount": SQL(
                    "o.amount_total / COALESCE(NULLIF(o.currency_rate, 0), 1)"
                ),
                "document": SQL("o.id"),
                "where": SQL(
                    "o.state IN ('paid', 'done', 'invoiced') AND o.amount_total >= 0"
                    " AND o.company_id IN %s",
                    tuple(self.env.companies.ids),
                ),
                "billed_invoices": SQL(
                    "SELECT o.account_move FROM pos_order o"
                    " WHERE o.account_move IS NOT NULL"
                ),
            }
        ]
