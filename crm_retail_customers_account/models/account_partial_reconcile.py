# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import UserError

#: What a partial reconciliation pairs, and for how much.
PAIRING_FIELDS = (
    "debit_move_id",
    "credit_move_id",
    "amount",
    "debit_amount_currency",
    "credit_amount_currency",
)


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

    def write(self, vals):
        """A partial reconciliation holding a points payment's journal item
        pairs what it was created for, for its amount: changed by hand (an
        invoicing user may write partials), it would make the points drawn
        for one invoice pay another, or another customer's, unchecked and
        with the invoices' earned points left as they were. Remove it and
        reconcile again instead. Writing the same values, and the fields
        Odoo itself sets afterwards (the exchange difference entry), stay
        allowed."""
        changing = [name for name in PAIRING_FIELDS if name in vals]
        if changing and not self.env.su:
            for partial in self:
                lines = partial.debit_move_id | partial.credit_move_id
                if not lines.filtered("payment_id.retail_points_payer_id"):
                    continue
                if any(
                    partial._fields[name].convert_to_write(partial[name], partial)
                    != vals[name]
                    for name in changing
                ):
                    raise UserError(
                        _(
                            "A reconciliation of a payment with reward points "
                            "cannot be changed: remove it and reconcile again."
                        )
                    )
        return super().write(vals)

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
