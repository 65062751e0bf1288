# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import RetailBasketCase


class PayPointsCase(RetailBasketCase):
    """A company in payment mode with its points journal, and *Pay with
    Points* through the invoice's button."""

    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.points_journal = cls.env["account.journal"].create(
            {
                "name": "Reward points",
                "type": "bank",
                "code": "RPTS",
                "company_id": cls.company.id,
            }
        )
        cls.company.write(
            {
                "retail_points_redeem_mode": "payment",
                "retail_points_journal_id": cls.points_journal.id,
            }
        )

    def pay(self, invoice, points, user=None):
        """Pay ``invoice`` with ``points`` through the wizard opened from its
        button, as ``user`` (the Retail CRM manager by default)."""
        invoice = invoice.with_user(user or self.manager)
        action = invoice.action_retail_pay_points()
        self.assertEqual(action["res_model"], "retail.invoice.pay.points")
        Wizard = self.env[action["res_model"]].with_user(user or self.manager)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.points = points
            wizard = form.save()
        wizard.action_pay()
        return self.env["account.payment"].search(
            [
                ("retail_points_payer_id", "!=", False),
                ("partner_id", "=", self.customer.id),
            ],
            order="id desc",
            limit=1,
        )


@tagged("post_install", "-at_install")
class TestInvoicePayPoints(PayPointsCase):
    """ "Pay with Points" on a posted customer invoice (payment mode): a
    payment in the points journal, the points taken when it is posted and
    given back when it is reset to draft or cancelled; the invoice's price
    and tax base stay whole."""

    def payment_entries(self, payments):
        return self.env["retail.point.entry"].search(
            [("res_model", "=", "account.payment"), ("res_id", "in", payments.ids)],
            order="id",
        )

    def posted_basket(self):
        invoice = self.basket()
        invoice.action_post()
        return invoice

    def test_wizard_from_invoice_form_figures(self):
        invoice = self.posted_basket().with_user(self.manager)
        action = invoice.action_retail_pay_points()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        ) as form:
            self.assertEqual(form.balance, 650.0, "150 earned by the invoice")
            self.assertEqual(form.max_points, 181.0, "what is left to pay")
            form.points = 50.0
            self.assertEqual(form.value, 50.0)

    def test_tax_base_stays_the_price(self):
        invoice = self.posted_basket()
        payment = self.pay(invoice, 50.0)
        taxes = invoice.line_ids.filtered("tax_line_id")
        self.assertEqual(
            {
                tax.tax_line_id: (tax.tax_base_amount, round(-tax.balance, 2))
                for tax in taxes
            },
            {self.tax24: (100.0, 24.0), self.tax14: (50.0, 7.0)},
        )
        self.assertEqual(invoice.amount_total, 181.0)
        self.assertEqual(invoice.amount_residual, 131.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertRecordValues(
            payment,
            [
                {
                    "amount": 50.0,
                    "journal_id": self.points_journal.id,
                    "state": "posted",
                    "retail_points_paid": 50.0,
                    "retail_points_payer_id": self.customer.id,
                }
            ],
        )
        self.assertRecordValues(
            self.payment_entries(payment),
            [
                {
                    "partner_id": self.customer.id,
                    "kind": "redeem",
                    "points": -50.0,
                    "amount": 50.0,
                    "idempotency_key": f"account.payment:{payment.id}:redeem",
                }
            ],
        )
        # the invoice earns on the 131.00 paid in money only (see below)
        self.assertAlmostEqual(self.customer.reward_points, 500.0 - 50.0 + 108.56)

    def test_posting_twice_books_once(self):
        payment = self.pay(self.posted_basket(), 50.0)
        payment._retail_book_points_payment("post")
        self.assertEqual(len(self.payment_entries(payment)), 1)

    def test_draft_cancel_and_repost(self):
        invoice = self.posted_basket()
        payment = self.pay(invoice, 50.0)
        payment.action_draft()
        self.assertEqual(self.payment_entries(payment).mapped("points"), [-50.0, 50.0])
        self.assertEqual(
            self.payment_entries(payment)[-1].idempotency_key,
            f"account.payment:{payment.id}:redeem:draft:1",
        )
        payment.action_cancel()
        self.assertEqual(len(self.payment_entries(payment)), 2, "given back once")
        payment.action_draft()
        payment.action_post()
        self.assertEqual(
            self.payment_entries(payment).mapped("points"), [-50.0, 50.0, -50.0]
        )

    def test_balance_spent_meanwhile_refuses_posting(self):
        payment = self.pay(self.posted_basket(), 50.0)
        payment.action_draft()
        self.customer.sudo()._post_reward_points(
            -610.0, "redeem", company_id=self.company.id
        )
        with self.assertRaisesMessage(UserError, "Cannot redeem 50.0 points"):
            payment.action_post()

    def test_points_cannot_be_forged(self):
        payment = self.pay(self.posted_basket(), 10.0).with_user(self.manager)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            payment.write({"retail_points_paid": 1.0})
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            payment.write({"retail_points_payer_id": self.shop.id})
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.env["account.payment"].with_user(self.manager).create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.customer.id,
                    "amount": 1.0,
                    "journal_id": self.points_journal.id,
                    "retail_points_paid": -100.0,
                    "retail_points_payer_id": self.customer.id,
                }
            )
        # a payment registered by hand in the points journal draws nothing
        manual = (
            self.env["account.payment"]
            .with_user(self.manager)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.customer.id,
                    "amount": 1.0,
                    "journal_id": self.points_journal.id,
                }
            )
        )
        manual.action_post()
        self.assertFalse(self.payment_entries(manual))

    def test_who_may_redeem(self):
        invoice = self.posted_basket()
        users = {
            "retail user": company_user(
                self.env,
                "retail_pay_user",
                "account.group_account_invoice,crm_retail_customers.group_retail_user",
                self.company,
            ),
            "clerk": company_user(
                self.env,
                "retail_pay_clerk",
                "account.group_account_invoice,base.group_partner_manager",
                self.company,
            ),
        }
        for label, user in users.items():
            with self.subTest(user=label):
                with self.assertRaisesMessage(UserError, "Only a Retail CRM manager"):
                    invoice.with_user(user).action_retail_pay_points()
                with self.assertRaises(AccessError):
                    self.env["retail.invoice.pay.points"].with_user(user).create(
                        {"move_id": invoice.id, "points": 10.0}
                    )
        other = company_user(
            self.env,
            "retail_pay_other_company",
            "account.group_account_invoice,crm_retail_customers.group_retail_manager",
            self.company_data_2["company"],
        )
        with self.assertRaises(AccessError):
            self.pay(invoice, 10.0, user=other)
        portal = company_user(
            self.env, "retail_pay_portal", "base.group_portal", self.company
        )
        with self.assertRaises(AccessError):
            invoice.with_user(portal).action_retail_pay_points()
        self.assertFalse(self.payment_entries(self.env["account.payment"].search([])))

    def test_members_only(self):
        self.company.retail_members_only = True
        invoice = self.posted_basket()
        with self.assertRaisesMessage(UserError, "not a member"):
            self.pay(invoice, 10.0)
        self.customer.action_retail_enrol()
        payment = self.pay(invoice, 10.0)
        payment.action_draft()
        self.customer.action_retail_leave()
        with self.assertRaisesMessage(UserError, "not a member"):
            payment.action_post()

    def test_limits(self):
        invoice = self.posted_basket()
        with self.assertRaisesMessage(UserError, "has only 650.0"):
            self.pay(invoice, 650.5)
        self.customer.sudo()._post_reward_points(
            100.0, "adjust", company_id=self.company.id, note="test"
        )
        with self.assertRaisesMessage(UserError, "more than is left to pay"):
            self.pay(invoice, 181.5)
        with self.assertRaisesMessage(UserError, "number of points"):
            self.pay(invoice, -5.0)
        self.company.retail_points_precision = "whole"
        with self.assertRaises(ValidationError):
            self.pay(invoice, 10.5)
        self.pay(invoice, 181)
        self.assertEqual(invoice.payment_state, "paid")
        with self.assertRaisesMessage(UserError, "not paid yet only"):
            invoice.with_user(self.manager).action_retail_pay_points()

    def test_refused_in_discount_mode_and_without_journal(self):
        """Payment mode: no discount; discount mode: no points payment; no
        points journal: no points payment; a draft invoice is not paid."""
        draft = self.basket()
        with self.assertRaisesMessage(UserError, "redeems points as a payment"):
            self.redeem(draft, 10.0)
        with self.assertRaisesMessage(UserError, "not paid yet only"):
            draft.with_user(self.manager).action_retail_pay_points()
        invoice = self.posted_basket()
        self.company.retail_points_redeem_mode = "discount"
        with self.assertRaisesMessage(UserError, "redeems points as a discount"):
            self.pay(invoice, 10.0)
        self.company.write(
            {"retail_points_redeem_mode": "payment", "retail_points_journal_id": False}
        )
        with self.assertRaisesMessage(UserError, "has no points journal"):
            self.pay(invoice, 10.0)
        with self.assertRaises(ValidationError):
            self.company.retail_points_journal_id = self.company_data[
                "default_journal_sale"
            ]

    def test_credit_note_refunds_what_was_drawn(self):
        """A credit note of a points-paid invoice is paid back in points (a
        payment out of the points journal) up to what the invoice's points
        payments drew, never more over all its credit notes; resetting the
        refund gives the points back to the shop."""
        invoice = self.posted_basket()
        self.pay(invoice, 50.0)
        refund = self.credit_note(invoice)
        self.assertEqual(refund._retail_points_refundable(), 50.0)
        with self.assertRaisesMessage(UserError, "have not been given back"):
            self.pay(refund, 50.5)
        back = self.pay(refund, 30.0)
        self.assertRecordValues(
            back,
            [
                {
                    "payment_type": "outbound",
                    "amount": 30.0,
                    "retail_points_paid": -30.0,
                    "state": "posted",
                }
            ],
        )
        self.assertRecordValues(
            self.payment_entries(back),
            [
                {
                    "points": 30.0,
                    "kind": "redeem",
                    "idempotency_key": f"account.payment:{back.id}:redeem",
                }
            ],
        )
        # the credit note took the invoice's open 131.00: 50.00 to pay back
        self.assertEqual(refund.amount_residual, 20.0)
        self.assertEqual(refund._retail_points_refundable(), 20.0)
        second = self.credit_note(invoice)
        with self.assertRaisesMessage(UserError, "have not been given back"):
            self.pay(second, 25.0)
        self.pay(second, 20.0)
        self.assertEqual(second._retail_points_refundable(), 0.0)
        back.action_draft()
        self.assertEqual(self.payment_entries(back).mapped("points"), [30.0, -30.0])
        self.assertEqual(refund._retail_points_refundable(), 30.0)

    def test_credit_note_without_points_payment_refunds_none(self):
        invoice = self.posted_basket()
        register = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": self.company_data["default_journal_bank"].id})
        )
        register._create_payments()
        refund = self.credit_note(invoice)
        self.assertEqual(refund.amount_residual, 181.0, "paid in money")
        with self.assertRaisesMessage(UserError, "have not been given back"):
            self.pay(refund, 1.0)

    def test_points_paid_share_earns_nothing(self):
        """50.00 of 181.00 paid with points: the invoice earns 150 x 131 / 181
        = 108.56 instead of 150 (the difference taken back on the invoice);
        the payment reset, it earns 150 again."""
        invoice = self.posted_basket()
        self.assertEqual(sum(self.entries(invoice).mapped("points")), 150.0)
        payment = self.pay(invoice, 50.0)
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 108.56)
        self.assertEqual(
            self.entries(invoice)[-1].idempotency_key,
            f"account.move:{invoice.id}:post:1",
        )
        payment.action_draft()
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 150.0)
        self.assertAlmostEqual(self.customer.reward_points, 500.0 + 150.0)

    # -- hostile review: the invoicing clerk (no Retail CRM rights) ---------------
    def clerk(self):
        return company_user(
            self.env,
            "retail_hostile_pay_clerk",
            "base.group_user,account.group_account_invoice",
            self.company,
        )

    def test_points_payment_entry_is_not_reversed(self):
        """H1 on payments: reversing the journal entry of a points payment
        would undo its money while the payment keeps the points: refused."""
        clerk = self.clerk()
        payment = self.pay(self.posted_basket(), 50.0)
        balance = self.customer.reward_points
        wizard = (
            self.env["account.move.reversal"]
            .with_user(clerk)
            .with_context(active_model="account.move", active_ids=payment.move_id.ids)
            .create({"reason": "undo", "journal_id": payment.journal_id.id})
        )
        with self.assertRaisesMessage(UserError, "cannot be reversed"):
            wizard.reverse_moves()
        self.assertAlmostEqual(self.customer.reward_points, balance)

    def test_payment_entry_reset_or_deleted_gives_points_back(self):
        """M2: the clerk reset the journal entry of a points payment to draft
        (the payment with it) and deleted the payment: the points it took
        stayed taken. Reset, they come back once; deleted, nothing is left
        taken; the same through the journal entry's Cancel."""
        clerk = self.clerk()
        balance = self.customer.reward_points
        invoice = self.posted_basket()
        earned = self.customer.reward_points - balance
        payment = self.pay(invoice, 50.0)
        move = payment.move_id.with_user(clerk)
        move.button_draft()
        self.assertEqual(payment.state, "draft")
        self.assertEqual(self.payment_entries(payment).mapped("points"), [-50.0, 50.0])
        self.assertAlmostEqual(self.customer.reward_points, balance + earned)
        payment.with_user(clerk).unlink()
        self.assertFalse(payment.exists())
        self.assertAlmostEqual(self.customer.reward_points, balance + earned)
        second = self.pay(invoice, 30.0)
        second.move_id.with_user(clerk).button_cancel()
        self.assertEqual(second.state, "cancel")
        self.assertEqual(sum(self.payment_entries(second).mapped("points")), 0.0)
        self.assertAlmostEqual(self.customer.reward_points, balance + earned)

    def test_deleting_a_payment_that_holds_points_gives_them_back(self):
        """M2: a points payment deleted while its entries still hold points
        (reset to draft before the fix) gives them back."""
        clerk = self.clerk()
        payment = self.pay(self.posted_basket(), 50.0)
        # the state the review left behind: in draft, the points still taken
        # (taken off the invoice, the payment no longer pays it with points:
        # the invoice earns in full again)
        payment.move_id.line_ids.remove_move_reconcile()
        after = self.customer.reward_points
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET state = 'draft' WHERE id = %s",
            [payment.move_id.id],
        )
        self.env.invalidate_all()
        payment.with_user(clerk).unlink()
        self.assertAlmostEqual(self.customer.reward_points, after + 50.0)
        self.assertEqual(sum(self.payment_entries(payment).mapped("points")), 0.0)

    def test_points_payment_keeps_its_amount_and_customer(self):
        """M1: the clerk reset a points payment to draft, changed its amount
        and customer and posted it again: a bigger payment for another
        customer, paid with the first one's points. Refused in any state;
        cancelled and paid again, the server sets the figures."""
        clerk = self.clerk()
        payment = self.pay(self.posted_basket(), 50.0).with_user(clerk)
        changes = {
            "amount": 28.67,
            "partner_id": self.shop.id,
            "journal_id": self.company_data["default_journal_bank"].id,
            "currency_id": self.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", payment.currency_id.id)], limit=1)
            .id,
            "payment_type": "outbound",
        }
        for state in ("posted", "draft"):
            if state == "draft":
                payment.action_draft()
            for field, value in changes.items():
                with (
                    self.subTest(state=state, field=field),
                    self.assertRaisesMessage(UserError, "set by Pay with Points"),
                ):
                    payment.write({field: value})
        self.assertRecordValues(
            payment, [{"amount": 50.0, "partner_id": self.customer.id}]
        )
        payment.write({"amount": 50.0, "partner_id": self.customer.id})
        payment.action_post()
        self.assertEqual(
            self.payment_entries(payment).mapped("points"), [-50.0, 50.0, -50.0]
        )

    def test_points_pay_another_customers_invoice_refused(self):
        """M1: the clerk added one customer's points payment as an
        outstanding credit on another customer's invoice: refused."""
        clerk = self.clerk()
        invoice = self.posted_basket()
        payment = self.pay(invoice, 50.0)
        payment.action_draft()
        payment.action_post()
        line = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertFalse(line.reconciled)
        other = self.basket(partner=self.shop)
        other.action_post()
        with self.assertRaisesMessage(UserError, "pays their invoices only"):
            other.with_user(clerk).js_assign_outstanding_line(line.id)
        self.assertEqual(other.payment_state, "not_paid")
        invoice.with_user(clerk).js_assign_outstanding_line(line.id)
        self.assertEqual(invoice.amount_residual, 131.0)

    def receivable(self, move):
        return move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def ledger_sum(self, partner):
        return sum(
            self.env["retail.point.entry"]
            .search([("partner_id", "=", partner.id)])
            .mapped("points")
        )

    def test_points_paid_invoice_reset_and_paid_again_earns_nothing(self):
        """F1: an invoice paid all with points earns nothing; the clerk reset
        it to draft (Odoo takes the points payment off), posted it again (it
        looked unpaid: it earned in full) and added the points payment back
        as an outstanding credit. Reconciling and unreconciling a points
        payment re-book the invoice's points: it earns nothing again."""
        clerk = self.clerk()
        invoice = self.posted_basket()
        payment = self.pay(invoice, 181.0)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 0.0)
        inv = invoice.with_user(clerk)
        inv.button_draft()
        # taken off the invoice (still posted then): it earned again
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 150.0)
        inv.action_post()
        inv.js_assign_outstanding_line(self.receivable(payment.move_id).id)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 0.0)
        self.assertAlmostEqual(self.customer.reward_points, 500.0 - 181.0)
        # Remove on the invoice's payments: it earns on that share again
        partial = self.receivable(invoice).matched_credit_ids
        inv.js_remove_outstanding_partial(partial.id)
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 150.0)
        self.assertAlmostEqual(
            self.customer.reward_points, self.ledger_sum(self.customer)
        )

    def test_points_payment_moved_to_another_invoice_refused(self):
        """The clerk took a points payment off invoice A (Remove) and added
        it to invoice B of the same customer: B would be paid with the
        points drawn for A, while A, unpaid now and earning in full, still
        let its credit note give those points back. Refused: a points
        payment pays the document it was made for. Its twin: added back to
        A, it pays A again."""
        clerk = self.clerk()
        invoice = self.posted_basket()
        payment = self.pay(invoice, 50.0)
        inv = invoice.with_user(clerk)
        inv.js_remove_outstanding_partial(
            self.receivable(invoice).matched_credit_ids.id
        )
        other = self.basket()
        other.action_post()
        line = self.receivable(payment.move_id)
        self.assertFalse(line.reconciled)
        with self.assertRaisesMessage(UserError, "it pays that document only"):
            other.with_user(clerk).js_assign_outstanding_line(line.id)
        self.assertEqual(other.payment_state, "not_paid")
        self.assertFalse(line.reconciled)
        inv.js_assign_outstanding_line(line.id)
        self.assertAlmostEqual(invoice.amount_residual, 131.0)
        self.assertEqual(payment.retail_points_move_id, invoice)
        self.assertAlmostEqual(
            self.customer.reward_points, self.ledger_sum(self.customer)
        )

    def test_points_payment_paired_by_hand_with_another_invoice_refused(self):
        """An invoicing user may create partial reconciliations directly
        (Odoo's access rights): pairing the points payment drawn for A with
        invoice B of the same customer, or with a journal entry naming A as
        reversed, is refused as Add is. Its twin: a partial created by hand
        with A itself pays A, and A's earned points follow (what points
        paid earns nothing)."""
        clerk = self.clerk()
        invoice = self.posted_basket()
        payment = self.pay(invoice, 50.0)
        earned = sum(self.entries(invoice).mapped("points"))
        inv = invoice.with_user(clerk)
        inv.js_remove_outstanding_partial(
            self.receivable(invoice).matched_credit_ids.id
        )
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 150.0)
        other = self.basket()
        other.action_post()
        line = self.receivable(payment.move_id)
        Partial = self.env["account.partial.reconcile"].with_user(clerk)

        def pair(debit):
            return Partial.create(
                {
                    "debit_move_id": debit.id,
                    "credit_move_id": line.id,
                    "amount": 50.0,
                    "debit_amount_currency": 50.0,
                    "credit_amount_currency": 50.0,
                }
            )

        with self.assertRaisesMessage(UserError, "it pays that document only"):
            pair(self.receivable(other))
        self.assertEqual(other.payment_state, "not_paid")
        journal = self.company_data["default_journal_misc"]
        forged = (
            self.env["account.move"]
            .with_user(clerk)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "reversed_entry_id": invoice.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "account_id": line.account_id.id,
                                "partner_id": self.customer.id,
                                "debit": 50.0,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "account_id": self.company_data[
                                    "default_account_revenue"
                                ].id,
                                "partner_id": self.customer.id,
                                "credit": 50.0,
                            },
                        ),
                    ],
                }
            )
        )
        forged.action_post()
        with self.assertRaisesMessage(UserError, "it pays that document only"):
            (self.receivable(forged) | line).with_user(clerk).reconcile()
        self.assertFalse(line.reconciled)
        pair(self.receivable(invoice))
        self.assertAlmostEqual(invoice.amount_residual, 131.0)
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), earned)
        self.assertAlmostEqual(
            self.customer.reward_points, self.ledger_sum(self.customer)
        )

    def test_points_reconciliation_is_not_rewritten(self):
        """An invoicing user may write partial reconciliations: pointing
        the points payment's one at another customer's invoice (or changing
        its amount) would pay that invoice with these points, unchecked.
        Refused; writing the same values is accepted (the twin)."""
        clerk = self.clerk()
        invoice = self.posted_basket()
        self.pay(invoice, 50.0)
        other = self.basket(partner=self.shop)
        other.action_post()
        partial = self.receivable(invoice).matched_credit_ids.with_user(clerk)
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            partial.write({"debit_move_id": self.receivable(other).id})
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            partial.write({"amount": 10.0})
        partial.write({"debit_move_id": self.receivable(invoice).id, "amount": 50.0})
        self.assertEqual(partial.debit_move_id, self.receivable(invoice))
        self.assertEqual(other.payment_state, "not_paid")
        self.assertAlmostEqual(invoice.amount_residual, 131.0)

    def test_invoice_reset_and_paid_in_money_earns_in_full(self):
        """F1's legitimate twin: reset to draft and posted again, the points
        payment cancelled, the invoice paid in money earns in full."""
        clerk = self.clerk()
        invoice = self.posted_basket()
        payment = self.pay(invoice, 181.0)
        inv = invoice.with_user(clerk)
        inv.button_draft()
        inv.action_post()
        payment.with_user(self.manager).action_cancel()
        register = (
            self.env["account.payment.register"]
            .with_user(clerk)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": self.company_data["default_journal_bank"].id})
        )
        register._create_payments()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), 150.0)
        self.assertAlmostEqual(self.customer.reward_points, 650.0)
        self.assertAlmostEqual(
            self.customer.reward_points, self.ledger_sum(self.customer)
        )

    def points_refund(self):
        """An invoice paid with 181 points, its credit note paid back in
        181 points: ``(invoice, credit note, points refund)``."""
        invoice = self.posted_basket()
        payment = self.pay(invoice, 181.0)
        self.assertEqual(payment.retail_points_move_id, invoice)
        refund = self.credit_note(invoice)
        self.assertEqual(refund._retail_points_refundable(), 181.0)
        back = self.pay(refund, 181.0)
        self.assertEqual(back.retail_points_move_id, refund)
        self.assertEqual(refund._retail_points_refundable(), 0.0)
        self.assertAlmostEqual(self.customer.reward_points, 500.0)
        return invoice, refund, back

    def test_points_refund_taken_off_still_counts(self):
        """F3: the clerk took the posted points refund off its credit note
        (Remove on its payments): the cap read the reconciled payments, so
        Pay with Points gave the 181 points back a second time. The cap
        counts the payments by the document they were made for."""
        clerk = self.clerk()
        _invoice, refund, back = self.points_refund()
        partial = self.receivable(refund).matched_debit_ids
        self.assertEqual(partial.debit_move_id.payment_id, back)
        refund.with_user(clerk).js_remove_outstanding_partial(partial.id)
        self.assertEqual(back.state, "posted")
        self.assertEqual(refund._retail_points_refundable(), 0.0)
        with self.assertRaisesMessage(UserError, "have not been given back"):
            self.pay(refund, 181.0)
        self.assertAlmostEqual(self.customer.reward_points, 500.0)
        # the field is the server's
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            back.with_user(clerk).write({"retail_points_move_id": False})

    def test_points_refund_reset_restores_the_cap_once(self):
        """F3's legitimate twin: the points refund reset to draft takes its
        points back, so the credit note may be paid back in points again;
        the first refund then cannot be posted again (the same points would
        be given back twice)."""
        clerk = self.clerk()
        _invoice, refund, back = self.points_refund()
        back.with_user(clerk).action_draft()
        self.assertEqual(refund._retail_points_refundable(), 181.0)
        self.assertAlmostEqual(self.customer.reward_points, 500.0 - 181.0)
        self.pay(refund, 181.0)
        self.assertAlmostEqual(self.customer.reward_points, 500.0)
        with self.assertRaisesMessage(UserError, "it cannot be posted"):
            back.with_user(clerk).action_post()
        self.assertAlmostEqual(self.customer.reward_points, 500.0)
        self.assertAlmostEqual(
            self.customer.reward_points, self.ledger_sum(self.customer)
        )

    def test_credit_note_paid_back_in_points_is_kept(self):
        """F3: deleted (reset to draft first) or moved to another invoice, a
        credit note would take its points refund out of its invoice's cap:
        refused while the refund is posted; allowed once it is cancelled."""
        clerk = self.clerk()
        invoice, refund, back = self.points_refund()
        other = self.posted_basket()
        refund = refund.with_user(clerk)
        refund.button_draft()
        with self.assertRaisesMessage(UserError, "Cancel the payment first"):
            refund.write({"reversed_entry_id": other.id})
        with self.assertRaisesMessage(UserError, "Cancel the payment first"):
            refund.unlink()
        back.with_user(self.manager).action_cancel()
        refund.write({"reversed_entry_id": other.id})
        self.assertEqual(refund.reversed_entry_id, other)
        self.assertFalse(invoice.reversal_move_id)
