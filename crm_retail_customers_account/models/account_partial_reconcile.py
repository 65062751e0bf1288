# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """A partial reconciliation pairing a points payment's journal item
        is checked as ``account.move.line.reconcile`` checks it
        (``_retail_check_points_pairing``): an invoicing user may create
        one directly, and the points drawn for one invoice would otherwise
        pay another (or another customer's). Created so, outside
        ``reconcile``, the invoices' earned points are re-booked here
        (``reconcile`` re-books them once, after all its partials)."""
        partials = super().create(vals_list)
        points_lines = (partials.debit_move_id | partials.credit_move_id).filtered(
            "payment_id.retail_points_payer_id"
        )
        if not points_lines:
            return partials
        for partial in partials:
            paired = partial.debit_move_id | partial.credit_move_id
            for line in paired & points_lines:
                line._retail_check_points_pairing(
                    paired - line.payment_id.move_id.line_ids
                )
        if not self.env.context.get("retail_points_reconciling"):
            (
                (partials.debit_move_id | partials.credit_move_id) - points_lines
            )._retail_points_paid_invoices()._retail_book_invoice_points()
        return partials

    def unlink(self):
        """A points payment taken off an invoice (Odoo's unreconcile: Remove
        on the invoice's payments, Unreconcile, resetting the invoice or the
        payment to draft) no longer pays it with points: the invoice earns on
        that share again, and earns nothing on it once the payment is added
        back (``account.move.line.reconcile``). Without this an invoice paid
        with points, reset to draft and posted again while unpaid, would keep
        the points it earned then after the payment is reconciled again.

        Only when a points payment is among the lines. The lines are those
        Odoo's unreconcile reads anyway: partials between lines of no payment
        (an invoice and its credit note, a bank statement) cost no query
        more; with an ordinary payment, its payer is read (one query at most,
        none when the payment is in the cache)."""
        points_lines = (self.debit_move_id | self.credit_move_id).filtered(
            "payment_id.retail_points_payer_id"
        )
        invoices = self.env["account.move"]
        if points_lines:
            paid = self.filtered(
                lambda partial: (
                    (partial.debit_move_id | partial.credit_move_id) & points_lines
                )
            )
            invoices = (
                (paid.debit_move_id | paid.credit_move_id) - points_lines
            )._retail_points_paid_invoices()
        res = super().unlink()
        if invoices:
            invoices._retail_book_invoice_points()
        return res
