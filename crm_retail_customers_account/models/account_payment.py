# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

from odoo.addons.crm_retail_customers.models.retail_derived_state_mixin import (
    _SERVER_WRITE,
)

#: What a points payment pays, to whom, in what: the server's (Pay with
#: Points). Posting the payment again takes its points again: with another
#: amount or customer the points would pay for money they are not worth, or
#: for another customer.
POINTS_PAYMENT_FIELDS = ("amount", "partner_id", "currency_id", "journal_id")
POINTS_PAYMENT_SELECTIONS = ("payment_type", "partner_type")


class AccountPayment(models.Model):
    """A points payment of a customer invoice (companies that redeem points
    as a payment, ``account.move._retail_pay_with_points``): money
    registered in the company's points journal, paid for with the customer's
    points. Posting it takes the points (kind ``redeem``, key
    ``account.payment:<id>:redeem``, the balance checked again under the
    customer's lock); resetting it to draft or cancelling it (also through
    its journal entry) or deleting it gives them back
    (``…:redeem:<event>:<n>``), posting it again takes them again. The points
    and the customer are the server's (derived state): a payment registered
    by hand, in any journal, draws no points."""

    _name = "account.payment"
    _inherit = [
        "account.payment",
        "retail.points.document.mixin",
        "retail.derived.state.mixin",
    ]
    _retail_derived_fields = (
        "retail_points_paid",
        "retail_points_payer_id",
        "retail_points_move_id",
    )

    retail_points_paid = fields.Float(
        "Points Paid",
        digits="Reward Points",
        copy=False,
        readonly=True,
        help="Reward points this payment draws from the customer's balance "
        "while it is posted (Pay with Points).",
    )
    retail_points_payer_id = fields.Many2one(
        "res.partner",
        "Points Paid By",
        copy=False,
        readonly=True,
        help="The customer whose points pay.",
    )
    retail_points_move_id = fields.Many2one(
        "account.move",
        "Points Paid For",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The invoice this points payment was drawn for, or the credit "
        "note it pays back in points (Pay with Points). What a credit note may "
        "still pay back in points is counted by it, whatever the payment is "
        "reconciled with now.",
    )

    def write(self, vals):
        self._retail_check_points_payment_write(vals)
        return super().write(vals)

    def _retail_check_points_payment_write(self, vals):
        """Refuse changing the amount, customer, currency, journal or
        direction of a points payment, in any state (see
        ``POINTS_PAYMENT_FIELDS``), by anyone but the server. Writing the
        same values (a form saving what it read, Odoo syncing the payment
        from its unchanged journal entry) is accepted."""
        if self.env.su or self.env.context.get("retail_derived_write") is _SERVER_WRITE:
            return
        for payment in self.filtered("retail_points_payer_id"):
            changed = any(
                field in vals
                and (
                    payment.currency_id.compare_amounts(vals[field], payment.amount)
                    if field == "amount"
                    else (vals[field] or False) != payment[field].id
                )
                for field in POINTS_PAYMENT_FIELDS
            ) or any(
                field in vals and vals[field] != payment[field]
                for field in POINTS_PAYMENT_SELECTIONS
            )
            if changed:
                raise UserError(
                    _(
                        "%(payment)s is paid with reward points: its amount, "
                        "customer, currency and journal are set by Pay with "
                        "Points only. Cancel it and pay with points again.",
                        payment=payment.display_name,
                    )
                )

    def action_post(self):
        res = super().action_post()
        self._retail_book_points_payment("post")
        return res

    def action_draft(self):
        invoices = self._retail_paid_invoices()
        res = super().action_draft()
        self._retail_book_points_payment("draft")
        # no longer paid with points: the invoices earn on that share again
        invoices._retail_book_invoice_points()
        return res

    def action_cancel(self):
        invoices = self._retail_paid_invoices()
        res = super().action_cancel()
        self._retail_book_points_payment("cancel")
        invoices._retail_book_invoice_points()
        return res

    def unlink(self):
        """A deleted points payment (reset to draft first) leaves no points
        taken behind: what its entries still hold goes back."""
        self._retail_book_points_payment("unlink")
        return super().unlink()

    def _retail_paid_invoices(self):
        """The customer invoices these points payments pay (their earned
        points leave out the share paid with points, see
        ``account.move._retail_points_paid_ratio``)."""
        return self.filtered("retail_points_payer_id").reconciled_invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice"
        )

    def _retail_check_points_paid_for(self, moves):
        """Refuse reconciling this points payment with ``moves`` other than
        the document it was made for (``retail_points_move_id``) and that
        document's own reversals: the points were drawn for that invoice
        (or are given back for that credit note), and what its credit notes
        may pay back in points counts them there
        (``account.move._retail_points_refund_left``). Moved to another
        invoice of the customer, they would pay that one while the first,
        now unpaid, still let its credit note give the same points back.
        A payment made before the document was recorded (none named) is
        not bound."""
        self.ensure_one()
        target = self.retail_points_move_id
        if not target:
            return
        # its credit notes, or the invoice a credit note credits: journal
        # entries naming it as reversed are no reversal of the invoice
        allowed = (
            target
            | target.reversal_move_id.filtered(
                lambda move: move.move_type == "out_refund"
            )
            | target.reversed_entry_id.filtered(
                lambda move: move.move_type == "out_invoice"
            )
        )
        if moves - allowed:
            raise UserError(
                _(
                    "%(payment)s was paid with reward points for %(move)s: it "
                    "pays that document only. To pay another invoice with "
                    "points, cancel this payment and use Pay with Points there.",
                    payment=self.display_name,
                    move=target.display_name,
                )
            )

    def _retail_check_points_refund(self):
        """Refuse posting a points refund (a payment giving points back)
        beyond what the credit note it was made for may pay back in points
        (``account.move._retail_points_refund_left``, this payment counted):
        reset to draft, the refund's points went back and freed the cap, so
        posting it again after another refund used it would give the same
        points back twice. A refund made for no credit note gives none."""
        self.ensure_one()
        refund = self.retail_points_move_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if refund.move_type != "out_refund" or (
            float_compare(
                refund._retail_points_refund_left(), 0.0, precision_digits=digits
            )
            < 0
        ):
            raise UserError(
                _(
                    "%(payment)s gives back more reward points than the points "
                    "payments of the credited invoice drew and have not been "
                    "given back: it cannot be posted.",
                    payment=self.display_name,
                )
            )

    def _retail_book_points_payment(self, event):
        """Bring the ``redeem`` entries of these points payments in line
        with them: ``-retail_points_paid`` while posted, nothing otherwise
        (see the class)."""
        payments = self.filtered("retail_points_payer_id")
        if not payments:
            return
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        booked = payments._retail_points_booked()
        for payment in payments:
            customer = payment.retail_points_payer_id
            target = 0.0
            if event == "post" and payment.state == "posted":
                target = -payment.retail_points_paid
            entries = booked[payment.id]
            have = entries.get(customer.id, [0.0, 0])[0]
            points = float_round(target - have, precision_digits=digits)
            if float_is_zero(points, precision_digits=digits):
                continue
            company = payment.company_id
            if points < 0:
                payment._retail_check_points_company(customer)
                customer._retail_check_may_redeem(company)
            elif event == "post":
                payment._retail_check_points_refund()
            count = sum(count for _points, count in entries.values())
            key = (
                payment._retail_points_key("redeem", event, str(count))
                if count
                else payment._retail_points_key("redeem")
            )
            entry = payment._retail_points_post(
                customer,
                points,
                "redeem",
                key,
                origin=payment.name,
                amount=payment.amount if points < 0 else -payment.amount,
                currency_id=company.currency_id.id,
            )
            totals = entries.setdefault(customer.id, [0.0, 0])
            totals[0] += entry.points
            totals[1] += 1
