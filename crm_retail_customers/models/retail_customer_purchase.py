# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL

#: Each row is numbered ``document id * SOURCES + source``: a row keeps its
#: id from one read to the next, and two sources never share one.
SOURCES = 16


class RetailCustomerPurchase(models.Model):
    """A sale to a customer, one per document (read-only, a query).

    The rows are those the customer's *Shop purchases* figures and the
    "recent transactions" report count
    (``retail.customer.report._get_sales_lines_query``): POS orders, sale
    orders and invoices of the installed apps (each bridge adds its source),
    and the sales booked in the points ledger only; an invoice of an order
    counts once, as the order. Like those figures, it keeps to the companies
    the user works in, which the query itself filters (a Retail user may not
    read orders or invoices: only dates, numbers and amounts come out).
    """

    _name = "retail.customer.purchase"
    _description = "Customer Purchase"
    _auto = False
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    date = fields.Date(readonly=True)
    name = fields.Char("Document", readonly=True)
    document_type = fields.Char(readonly=True)
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", readonly=True)
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document ID", model_field="res_model", readonly=True
    )

    @property
    def _table_query(self):
        # ``retail_purchase_partner_id`` (the customer's button sets it)
        # narrows the sources to one customer before they are combined: the
        # list reads that customer's documents through the indexes instead
        # of every sale. The action's domain, not this, says what is listed.
        partner = self.env.context.get("retail_purchase_partner_id")
        partners = (
            SQL("%s", (partner,))
            if isinstance(partner, int) and not isinstance(partner, bool)
            else None
        )
        lang = self.env.lang or "en_US"
        return SQL(
            """(
            SELECT s.document::bigint * %s + s.source AS id,
                   s.customer AS partner_id, s.moment::date AS date,
                   s.number AS name,
                   COALESCE(m.name->>%s, m.name->>'en_US') AS document_type,
                   s.amount AS amount, %s AS currency_id,
                   s.model AS res_model, s.document AS res_id
              FROM (%s)
                AS s(customer, moment, number, amount, model, document, source)
         LEFT JOIN ir_model m ON m.model = s.model
            )""",
            SOURCES,
            lang,
            self.env.company.currency_id.id,
            self.env["retail.customer.report"]._get_sales_lines_query(partners),
        )
