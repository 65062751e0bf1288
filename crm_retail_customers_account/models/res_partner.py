# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import SQL

#: Invoices read at a time by the data export.
EXPORT_BATCH = 5000


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _retail_privacy_export_purchases(self):
        """The customer's data export lists every posted customer invoice and
        credit note too: the purchases count an invoiced order once, as the
        order, and a fully reversed invoice not at all, but the invoices are
        the customer's documents all the same."""
        listed = set()
        for row in super()._retail_privacy_export_purchases():
            if row.get("model") == "account.move":
                listed.add(row["document_id"])
            yield row
        self.env["account.move"].flush_model()
        types = dict(
            self.env["account.move"]
            ._fields["move_type"]
            ._description_selection(self.env)
        )
        currency = self.env.company.currency_id.name
        last_id = 0
        while True:
            self.env.cr.execute(
                SQL(
                    """
                SELECT m.id, m.invoice_date, m.name, m.amount_total_signed,
                       m.move_type
                  FROM account_move m
                 WHERE m.commercial_partner_id = %s
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.state = 'posted' AND m.company_id IN %s AND m.id > %s
              ORDER BY m.id
                 LIMIT %s
                    """,
                    self.id,
                    tuple(self.env.companies.ids),
                    last_id,
                    EXPORT_BATCH,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                return
            for move_id, day, number, amount, move_type in rows:
                if move_id in listed:
                    continue
                yield {
                    "date": day,
                    "number": number,
                    "document_type": types.get(move_type, move_type),
                    "amount": float(amount or 0.0),
                    "currency": currency,
                    "model": "account.move",
                    "document_id": move_id,
                }
            last_id = rows[-1][0]
