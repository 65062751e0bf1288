# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import SQL

#: Payment states of a posted invoice that leave nothing to collect.
SETTLED = ("paid", "in_payment", "reversed", "invoicing_legacy")
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
        last_id = 0
        while True:
            self.env.cr.execute(
                SQL(
                    """
                SELECT m.id, m.invoice_date, m.name, m.amount_total_signed,
                       m.move_type, cur.name
                  FROM account_move m
                  JOIN res_company co ON co.id = m.company_id
                  JOIN res_currency cur ON cur.id = co.currency_id
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
            # the signed total is in the currency of the invoice's company
            for move_id, day, number, amount, move_type, currency in rows:
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

    def _retail_forget_foreign_tables(self):
        return super()._retail_forget_foreign_tables() + [
            ("account_move", "partner_id", "company_id"),
        ]

    def _retail_forget_moves(self):
        """The invoices, credit notes and receipts of these partners."""
        # sudo: the erasure worker runs as superuser already; the search is
        # over every company of a shared customer
        return (
            self.env["account.move"]
            .sudo()  # sudo: see above
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("partner_id", "in", self.ids),
                    ("commercial_partner_id", "in", self.ids),
                    ("move_type", "!=", "entry"),
                ]
            )
        )

    def _retail_forget_check(self):
        """Invoices decide: a draft is refused (deleting a document behind
        the user's back is not the erasure's to do: delete or post it), an
        open invoice too (the debt must still be collected), and a business
        customer (a VAT number) with posted invoices: invoices to a business
        keep the buyer's name and VAT number for the legal retention
        period."""
        res = super()._retail_forget_check()
        moves = self._retail_forget_moves()
        draft = moves.filtered(lambda move: move.state == "draft")
        if draft:
            raise UserError(
                _(
                    "%(customer)s has the draft invoice %(invoice)s: delete or "
                    "post it before erasing the customer's data.",
                    customer=draft[0].partner_id.display_name,
                    invoice=draft[0].display_name,
                )
            )
        # sudo: the erasure's check, over every payment of these partners
        payment = (
            self.env["account.payment"]
            .sudo()  # sudo: see above
            .search([("partner_id", "in", self.ids), ("state", "=", "draft")], limit=1)
        )
        if payment:
            raise UserError(
                _(
                    "%(customer)s has a draft payment: post or delete it before "
                    "erasing the customer's data.",
                    customer=payment.partner_id.display_name,
                )
            )
        posted = moves.filtered(lambda move: move.state == "posted")
        open_ = posted.filtered(
            lambda move: (
                move.is_invoice(include_receipts=True)
                and move.payment_state not in SETTLED
            )
        )
        if open_:
            raise UserError(
                _(
                    "%(customer)s has the open invoice %(invoice)s: it must be "
                    "paid or credited before the customer's data can be erased.",
                    customer=open_[0].partner_id.display_name,
                    invoice=open_[0].name,
                )
            )
        # a contact of a business is erased (the business keeps its name
        # and VAT number on the invoices); the business itself is not
        business = posted.filtered(
            lambda move: (
                move.commercial_partner_id in self and move.commercial_partner_id.vat
            )
        )
        if business:
            raise UserError(
                _(
                    "%(customer)s is a business (VAT number %(vat)s) with posted "
                    "invoices: invoices to a business keep the buyer's name and "
                    "VAT number for the legal retention period, so the data "
                    "cannot be erased before it ends.",
                    customer=business[0].commercial_partner_id.display_name,
                    vat=business[0].commercial_partner_id.vat,
                )
            )
        return res

    def _retail_forget_scrub(self, names, values):
        """Posted invoices keep their number, dates, amounts, taxes, lines
        and payments (accounting law); the buyer becomes the anonymous
        record. Their stored copies of the buyer's name (the invoice's
        display name, the labels of payment lines), their messages and the
        printed PDFs (they can be printed again) lose the personal data."""
        moves = self._retail_forget_moves()
        cr = self.env.cr
        ids = tuple(self.ids)
        if moves:
            for partner_id, name in names.items():
                cr.execute(
                    "UPDATE account_move SET invoice_partner_display_name = %s "
                    "WHERE commercial_partner_id = %s",
                    [name, partner_id],
                )
            self._retail_forget_replace(
                "account_move",
                [
                    "invoice_partner_display_name",
                    "narration",
                    "ref",
                    "payment_reference",
                ],
                "id IN %s",
                [tuple(moves.ids)],
                values,
            )
            self._retail_forget_documents("account.move", moves.ids, values)
            # the PDFs print the name and address; reprinted on demand
            cr.execute(
                "DELETE FROM ir_attachment WHERE res_model = 'account.move' "
                "AND res_id IN %s AND mimetype = 'application/pdf'",
                [tuple(moves.ids)],
            )
        # labels of journal items name the partner (payments: "Customer
        # Payment ... - <name>")
        self._retail_forget_replace(
            "account_move_line", ["name", "ref"], "partner_id IN %s", [ids], values
        )
        self._retail_forget_replace(
            "account_move",
            ["ref"],
            "id IN (SELECT move_id FROM account_payment WHERE partner_id IN %s)",
            [ids],
            values,
        )
        self._retail_forget_replace(
            "account_bank_statement_line",
            ["partner_name", "account_number", "payment_ref", "narration"],
            "partner_id IN %s",
            [ids],
            values,
        )
        return super()._retail_forget_scrub(names, values)
