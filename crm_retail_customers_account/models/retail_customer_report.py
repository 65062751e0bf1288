# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


class RetailCustomerReport(models.AbstractModel):
    _inherit = "retail.customer.report"

    @api.model
    def _get_sales_sources(self):
        """Posted customer invoices are sales. One fully reversed by a credit
        note is none; one billing a document another source counts (an order
        of the Point of Sale or of Sales) is that sale, not a second one: the
        core leaves it out through the other source's ``billed_invoices``,
        so this module knows no other app."""
        return super()._get_sales_sources() + [
            {
                "model": "account.move",
                "source": SQL("account_move m"),
                "customer": SQL("m.commercial_partner_id"),
                "moment": SQL("m.invoice_date"),
                "number": SQL("m.name"),
                "amount": SQL("m.amount_total_signed"),
                "document": SQL("m.id"),
                "company": SQL("m.company_id"),
                "invoice": SQL("m.id"),
                "where": SQL(
                    """m.move_type = 'out_invoice' AND m.state = 'posted'
                       AND m.payment_state IS DISTINCT FROM 'reversed'
                       AND m.company_id IN %s""",
                    tuple(self.env.companies.ids),
                ),
            }
        ]


class RetailCustomerAnalysis(models.Model):
    """Inherited so that the analysis' figures are computed again (its
    ``init``) when this module, which adds a source of sales, is installed
    or updated."""

    _inherit = "retail.customer.analysis"
