# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _retail_sales_document_models(self):
        # invoices count as invoices below, not as their ledger entries
        return super()._retail_sales_document_models() + ["account.move"]

    @api.model
    def _get_retail_sales_summary(self, partner_ids, date_from=None, date_to=None):
        """Add the customers' posted invoices to the sales summary (their
        ``earn`` entries are left out of the core's ledger count through
        :meth:`_retail_sales_document_models`, so an invoice counts once)."""
        summary = super()._get_retail_sales_summary(
            partner_ids, date_from=date_from, date_to=date_to
        )
        if not partner_ids:
            return summary
        return self._merge_retail_sales_summary(
            summary, self._get_retail_invoice_summary(partner_ids, date_from, date_to)
        )

    @api.model
    def _get_retail_invoice_summary(self, partner_ids, date_from, date_to):
        """``{partner_id: (count, last_number, last_date)}`` of the posted
        customer invoices in the period, by customer (commercial partner),
        in one grouped query.

        Invoices fully reversed by a credit note are no sale. Invoices of the
        Point of Sale are left out when it is installed, and
        invoices of sale orders when the sales bridge is: those bridges
        report the orders, and an order with its invoice is one sale. Only
        the companies the user works in are read (the query bypasses record
        rules, as a report user may not read invoices at all; only counts
        and numbers are shown).
        """
        Move = self.env["account.move"]
        Move.flush_model(
            [
                "move_type",
                "state",
                "commercial_partner_id",
                "company_id",
                "name",
                "invoice_date",
                "payment_state",
            ]
        )
        not_pos = SQL("TRUE")
        if "pos_order_ids" in Move._fields:
            self.env["pos.order"].flush_model(["account_move"])
            not_pos = SQL(
                "NOT EXISTS (SELECT 1 FROM pos_order o WHERE o.account_move = m.id)"
            )
        not_sale = SQL("TRUE")
        if (
            "sale.order" in self.env
            and "retail_sales_contact_id" in self.env["sale.order"]._fields
        ):
            self.env["account.move.line"].flush_model(["move_id", "sale_line_ids"])
            not_sale = SQL(
                """NOT EXISTS (
                    SELECT 1
                      FROM account_move_line l
                      JOIN sale_order_line_invoice_rel r ON r.invoice_line_id = l.id
                     WHERE l.move_id = m.id)"""
            )
        return self._get_retail_latest_documents(
            SQL("account_move m"),
            document=SQL("m.id"),
            customer=SQL("m.commercial_partner_id"),
            number=SQL("m.name"),
            day=SQL("m.invoice_date"),
            where=SQL(
                """m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND m.payment_state IS DISTINCT FROM 'reversed'
                   AND m.company_id IN %s AND %s AND %s""",
                tuple(self.env.companies.ids),
                not_pos,
                not_sale,
            ),
            partner_ids=partner_ids,
            date_from=date_from,
            date_to=date_to,
        )
