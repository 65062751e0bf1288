# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A credit note made in the back office on the invoice of a POS order: the
order earned its points when it was paid (its invoice earns nothing), and
the money the credit note gives back takes them back. Two bridges meet here
(the POS one books the order, the invoicing one the credit note), so the
test lives with the repository's integration tests.

The till refunds of the order and the credit notes of its invoice take its
points back together: in any order, never more than the order earned
(``retail.point.entry._get_source_points`` and
``_get_points_taken_back_elsewhere``, one hook answered by each bridge)."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import company_user, referred_by
from odoo.addons.crm_retail_customers_pos.tests.common import (
    POS_RETAIL_MANAGER,
    RetailPosCase,
)


class PosInvoiceCreditNoteCase(RetailPosCase):
    """A POS order invoiced at the till, credit notes of its invoice made in
    the back office, refunds at the till."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.earn.rule"].search([]).active = False
        # POS companies often earn nothing on invoices: the credit note of a
        # POS invoice takes back all the same
        cls.company.retail_points_from_invoices = False
        # the clerk makes the credit notes: invoicing rights, no Point of Sale
        cls.clerk = company_user(
            cls.env,
            "retail_invoice_clerk",
            "base.group_user,account.group_account_invoice",
            cls.company,
        )

    def invoiced_sale(self, qty, redeem=None, customer=None):
        lines = [self.ui_line(self.product_plain, qty)]
        if redeem:
            lines.append(self.redeem_line(redeem))
        data = self.ui_order(lines, customer or self.customer_x)
        data["to_invoice"] = data["data"]["to_invoice"] = True
        self.sync(data)
        order = self.order_of(data)
        self.assertEqual(order.state, "invoiced")
        return order

    def credit_note(self, invoice, price_unit=None, user=None, quantity=None):
        env = self.env(user=user) if user else self.env
        invoice = invoice.with_env(env)
        wizard = (
            env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "Goods returned", "journal_id": invoice.journal_id.id})
        )
        wizard.refund_moves()
        refund = wizard.new_move_ids
        if price_unit is not None:
            goods = refund.invoice_line_ids.filtered(
                lambda line: line.product_id == self.product_plain
            )
            goods.price_unit = price_unit
        if quantity is not None:
            refund.invoice_line_ids.quantity = quantity
        refund.action_post()
        return refund.with_env(self.env)

    def till_refund(self, order, qty=None, invoice=False):
        """Refund ``qty`` socks of ``order`` at the till (all by default) as
        the cashier, ``invoice``: with an invoice (a credit note of the
        order's customer); the refund order."""
        goods = order.lines.filtered(lambda line: line.product_id == self.product_plain)
        lines = [self.refund_line(goods, qty)]
        discount = order.lines - goods
        if discount and qty is None:
            lines.append(self.refund_line(discount))
        data = self.ui_order(lines, order.partner_id)
        if invoice:
            data["to_invoice"] = data["data"]["to_invoice"] = True
        self.sync(data, user=self.pos_user)
        refund = self.order_of(data)
        self.assertTrue(refund.retail_points_booked, refund.retail_points_error)
        return refund

    def refund_estimate(self, order, qty=5):
        """What the till's refund panel shows the cashier before a refund of
        ``qty`` of the order's one line is paid."""
        return (
            self.env["pos.order"]
            .with_user(self.pos_user)
            .retail_pos_refund_points([[order.lines.id, qty]])
        )

    def taken_back(self, order):
        """Points taken back of ``order`` (positive) by its till refunds and
        the credit notes of its invoice."""
        Entry = self.env["retail.point.entry"]
        prefix = f"{order._retail_points_ref()}:reverse:"
        till = Entry.search(
            [("kind", "=", "reverse"), ("idempotency_key", "=like", f"{prefix}%")]
        )
        notes = Entry.search(
            [
                ("kind", "=", "reverse"),
                ("res_model", "=", "account.move"),
                ("res_id", "in", order.account_move.reversal_move_id.ids),
            ]
        )
        return -sum((till | notes).mapped("points"))

    def entries_of(self, document):
        return self.env["retail.point.entry"].search(
            [("res_model", "=", document._name), ("res_id", "=", document.id)]
        )

    def chatter(self, move):
        return "\n".join(move.message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestPosInvoiceCreditNote(PosInvoiceCreditNoteCase):
    def test_credit_note_of_pos_invoice_takes_back_the_points(self):
        """Five pairs of socks (100.00) earn 100 points at the till; the
        invoice earns nothing more; crediting the whole invoice takes the 100
        back."""
        order = self.invoiced_sale(5)
        self.assertEqual(order.retail_points_earned, 100.0)
        self.assertEqual(self.customer_x.reward_points, 100.0)
        invoice = order.account_move
        refund = self.credit_note(invoice)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        entry = self.env["retail.point.entry"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", refund.id)]
        )
        self.assertEqual(entry.kind, "reverse")
        self.assertEqual(entry.points, -100.0)
        # posted again after a reset to draft: nothing more is taken
        refund.button_draft()
        refund.action_post()
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_partial_credit_note_takes_back_its_share(self):
        """A credit note lowering the price of the socks by 4.00 (20.00 of
        money back) takes back the 20 points that money earned."""
        order = self.invoiced_sale(5)
        self.credit_note(order.account_move, price_unit=4.0)
        self.assertEqual(self.customer_x.reward_points, 80.0)

    def test_credit_note_then_till_refund_takes_back_once(self):
        """The clerk credits the whole invoice (100 back), then the cashier
        refunds the whole order at the till: the refund finds nothing left,
        books no entry and says so; the customer is at 0, not -100."""
        order = self.invoiced_sale(5)
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        # the till's panel shows it before the refund is paid
        self.assertEqual(self.refund_estimate(order)["reversed"], 0.0)
        refund = self.till_refund(order)
        self.assertEqual(refund.retail_points_reversed, 0.0)
        self.assertFalse(self.entries_of(refund))
        self.assertIn(order.name, refund.retail_points_note)
        self.assertIn("only what was left (0.0 points)", refund.retail_points_note)
        self.assertEqual(self.taken_back(order), 100.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_till_refund_then_credit_note_takes_back_once(self):
        """The other way round: the till refund takes the 100 back, the
        credit note of the invoice then takes nothing more (no zero entry)
        and says so in its chatter."""
        order = self.invoiced_sale(5)
        refund = self.till_refund(order)
        self.assertEqual(refund.retail_points_reversed, 100.0)
        self.assertFalse(refund.retail_points_note)
        credit = self.credit_note(order.account_move, user=self.clerk)
        self.assertFalse(self.entries_of(credit))
        self.assertIn("only what was left (0.0 points)", self.chatter(credit))
        self.assertEqual(self.taken_back(order), 100.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        # posted again after a reset to draft: still nothing
        credit.button_draft()
        credit.action_post()
        self.assertFalse(self.entries_of(credit))
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_partial_credit_note_then_full_till_refund(self):
        """Half the money credited (10.00 back on each of the five pairs of
        socks: 50.00) takes 50; refunding the whole order at the till then
        takes the 50 left, not 100."""
        order = self.invoiced_sale(5)
        credit = self.credit_note(order.account_move, price_unit=10.0)
        self.assertEqual(self.entries_of(credit).points, -50.0)
        self.assertNotIn("only what was left", self.chatter(credit))
        refund = self.till_refund(order)
        self.assertEqual(refund.retail_points_reversed, 50.0)
        self.assertIn("took back 50.0 of its reward points", refund.retail_points_note)
        self.assertEqual(self.taken_back(order), 100.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_two_partial_credit_notes_and_till_refunds_within_earned(self):
        """Two credit notes of 30.00 each take 30 points each; refunding 3 of
        the 5 socks at the till would take 60, it takes the 40 left; a
        refund of the other 2 takes nothing and says so."""
        order = self.invoiced_sale(5)
        for _index in range(2):
            credit = self.credit_note(order.account_move, price_unit=6.0)
            self.assertEqual(self.entries_of(credit).points, -30.0)
        self.assertEqual(self.customer_x.reward_points, 40.0)
        refund = self.till_refund(order, 3)
        self.assertEqual(refund.retail_points_reversed, 40.0)
        self.assertIn("took back 60.0 of its reward points", refund.retail_points_note)
        self.assertIn("only what was left (40.0 points)", refund.retail_points_note)
        rest = self.till_refund(order, 2)
        self.assertEqual(rest.retail_points_reversed, 0.0)
        self.assertFalse(self.entries_of(rest))
        self.assertIn("only what was left (0.0 points)", rest.retail_points_note)
        self.assertEqual(self.taken_back(order), 100.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_credit_note_after_partial_till_refund_reposted(self):
        """2 socks refunded at the till take 40; the whole invoice credited
        then takes the 60 left (its lines would earn 100); reset to draft
        and posted again, it takes nothing more and says nothing again."""
        order = self.invoiced_sale(5)
        self.till_refund(order, 2)
        credit = self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.entries_of(credit).points, -60.0)
        self.assertEqual(sum(credit.invoice_line_ids.mapped("retail_points")), -60.0)
        self.assertIn("only what was left (60.0 points)", self.chatter(credit))
        notes = len(credit.message_ids)
        credit.with_user(self.clerk).button_draft()
        credit.with_user(self.clerk).action_post()
        self.assertEqual(self.entries_of(credit).points, -60.0)
        self.assertEqual(
            len(
                credit.message_ids.filtered(
                    lambda m: "only what was left" in (m.body or "")
                )
            ),
            1,
        )
        self.assertGreaterEqual(len(credit.message_ids), notes)
        self.assertEqual(self.taken_back(order), 100.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_redeemed_points_given_back_once(self):
        """An order paid in part with 200 points (20.00 of 100.00) earns 80.
        The credit note of its invoice gives no redeemed points back (the
        till refund does) and takes back the 80 the order earned, not the
        100 its goods lines would earn; the till refund then gives the 200
        back and takes nothing more."""
        self.book(self.customer_x, 300)
        order = self.invoiced_sale(5, redeem=200)
        self.assertEqual(order.retail_points_earned, 80.0)
        self.assertEqual(self.customer_x.reward_points, 180.0)
        credit = self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.entries_of(credit).mapped("kind"), ["reverse"])
        self.assertEqual(self.entries_of(credit).points, -80.0)
        self.assertEqual(self.customer_x.reward_points, 100.0)
        refund = self.till_refund(order)
        self.assertEqual(refund.retail_points_reversed, 0.0)
        self.assertEqual(refund.retail_points_returned, 200.0)
        self.assertEqual(self.taken_back(order), 80.0)
        self.assertEqual(self.customer_x.reward_points, 300.0)

    def _refund_queries(self, order):
        """Queries of booking a till refund of all of ``order``, cold cache
        (as ``test_pos_booking_queries.py`` counts a sale)."""
        goods = order.lines.filtered(lambda line: line.product_id == self.product_plain)
        data = self.ui_order([self.refund_line(goods)], self.customer_x)
        Order = type(self.env["pos.order"])
        with patch.object(Order, "_retail_book_points_safely"):
            self.sync(data)
        refund = self.order_of(data)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        refund._retail_book_points()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_refund_of_invoiced_order_costs_one_query_more(self):
        """The till refund of an invoiced order reads what the credit notes
        of its invoice took back in one more query than the refund of an
        order without invoice; the refund of an order without invoice
        costs what it cost before."""
        data = self.ui_order([self.ui_line(self.product_plain, 5)], self.customer_x)
        self.sync(data)
        plain = self._refund_queries(self.order_of(data))
        invoiced = self.invoiced_sale(5)
        self.credit_note(invoiced.account_move, price_unit=10.0)
        with_invoice = self._refund_queries(invoiced)
        # the one more: retail.point.entry._get_points_taken_back_elsewhere
        self.assertEqual(with_invoice, plain + 1, (plain, with_invoice))
        self.assertEqual(self.taken_back(invoiced), 100.0)

    def test_cancelled_credit_note_keeps_what_the_till_refund_left_to_it(self):
        """Half the money credited (50), then the whole order refunded at
        the till (it takes the 50 left): cancelling the credit note gives
        nothing back, for the till refund took back only 50 because of it;
        all five pairs were refunded, the customer stays at 0."""
        order = self.invoiced_sale(5)
        credit = self.credit_note(order.account_move, price_unit=10.0)
        refund = self.till_refund(order)
        self.assertEqual(refund.retail_points_reversed, 50.0)
        credit.with_user(self.clerk).button_draft()
        credit.with_user(self.clerk).button_cancel()
        self.assertEqual(credit.state, "cancel")
        self.assertEqual(sum(self.entries_of(credit).mapped("points")), -50.0)
        self.assertIn("it keeps 50.0 points and gives back 0.0", self.chatter(credit))
        self.assertEqual(self.taken_back(order), 100.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        # posted again: nothing more either
        credit.button_draft()
        credit.action_post()
        self.assertEqual(sum(self.entries_of(credit).mapped("points")), -50.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_cancelled_credit_note_gives_back_what_no_refund_needs(self):
        """2 pairs refunded at the till (40), the rest credited (60):
        cancelling the credit note gives its 60 back (the till refund took
        all its lines earned); with two credit notes of 30 and a till refund
        of 3 pairs that took the 40 left, cancelling one keeps the 20 the
        till refund could not take."""
        order = self.invoiced_sale(5)
        self.till_refund(order, 2)
        credit = self.credit_note(order.account_move)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        credit.button_draft()
        credit.button_cancel()
        self.assertEqual(sum(self.entries_of(credit).mapped("points")), 0.0)
        self.assertEqual(self.customer_x.reward_points, 60.0)

        other = self.invoiced_sale(5)
        first = self.credit_note(other.account_move, price_unit=6.0)
        self.credit_note(other.account_move, price_unit=6.0)
        self.assertEqual(self.till_refund(other, 3).retail_points_reversed, 40.0)
        self.assertEqual(self.customer_x.reward_points, 60.0)
        first.button_draft()
        first.button_cancel()
        self.assertEqual(sum(self.entries_of(first).mapped("points")), -20.0)
        # 3 pairs at the till (60) and 30.00 credited (30): 90 of 100
        self.assertEqual(self.taken_back(other), 90.0)
        self.assertEqual(self.customer_x.reward_points, 70.0)

    def test_credit_note_relied_on_by_a_till_refund_cannot_be_deleted(self):
        """Half the money credited (50), then the whole order refunded at
        the till (it takes the 50 left): the credit note, reset to draft,
        cannot be deleted by the clerk (deleted, it would give its 50 back
        for socks refunded at the till); nothing changes; cancelling it
        keeps them."""
        order = self.invoiced_sale(5)
        credit = self.credit_note(order.account_move, price_unit=10.0)
        self.till_refund(order)
        credit.with_user(self.clerk).button_draft()
        entries = self.env["retail.point.entry"].search_count([])
        with self.assertRaisesRegex(UserError, "took back 50.0 fewer reward points"):
            credit.with_user(self.clerk).unlink()
        self.assertTrue(credit.exists())
        self.assertEqual(self.env["retail.point.entry"].search_count([]), entries)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        self.assertEqual(self.taken_back(order), 100.0)
        credit.with_user(self.clerk).button_cancel()
        self.assertEqual(self.customer_x.reward_points, 0.0)
        self.assertEqual(self.taken_back(order), 100.0)

    def test_credit_note_no_refund_relied_on_is_deleted_and_gives_back(self):
        """2 pairs refunded at the till (40), the rest credited (60): the
        till refund relied on nothing of the credit note, which, reset to
        draft and deleted, gives its 60 back; the order can be credited
        again, within what it earned."""
        order = self.invoiced_sale(5)
        self.till_refund(order, 2)
        credit = self.credit_note(order.account_move)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        credit.with_user(self.clerk).button_draft()
        credit.with_user(self.clerk).unlink()
        self.assertFalse(credit.exists())
        self.assertEqual(self.customer_x.reward_points, 60.0)
        self.assertEqual(self.taken_back(order), 40.0)
        self.credit_note(order.account_move)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        self.assertEqual(self.taken_back(order), 100.0)


class PosInvoiceBonusCase(PosInvoiceCreditNoteCase):
    """The welcome and referral bonuses of a first purchase at the till
    follow the credit notes of its invoice
    (``account.move._retail_sync_source_bonuses``): a POS sale invoiced and
    credited in full in the back office was no purchase, as a sale refunded
    in full at the till. Before, the bonuses stayed: a new member's welcome
    bonus and their referrer's bonus, for nothing bought."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "retail_welcome_points": 25.0,
                "retail_referral_points": 75.0,
                "retail_allow_negative_balance": False,
            }
        )
        cls.referrer = cls.Partner.create({"name": "Rita Referrer"})
        cls.newcomer = cls.Partner.create({"name": "Nils Newcomer"})
        (cls.referrer | cls.newcomer)._retail_enrol("backoffice")
        referred_by(cls.newcomer, cls.referrer)

    def first_purchase(self, qty=5):
        """The newcomer's first purchase, invoiced at the till: ``qty``
        socks (20.00 each) earn ``20 * qty`` points, the welcome bonus 25
        and the referrer's bonus 75."""
        order = self.invoiced_sale(qty, customer=self.newcomer)
        self.assertEqual(self.newcomer.reward_points, 20.0 * qty + 25.0)
        self.assertEqual(self.referrer.reward_points, 75.0)
        return order

    def bonus_entries(self, label):
        return self.env["retail.point.entry"].search(
            [("idempotency_key", "=like", f"{label}:{self.newcomer.id}%")],
            order="id",
        )

    def assertLedgerExact(self):
        self.env.invalidate_all()
        for partner in (self.referrer, self.newcomer):
            self.assertAlmostEqual(
                partner.reward_points, sum(partner.point_entry_ids.mapped("points"))
            )


@tagged("post_install", "-at_install")
class TestPosInvoiceCreditNoteBonus(PosInvoiceBonusCase):
    def test_credit_note_in_full_takes_both_bonuses_back(self):
        order = self.first_purchase()
        invoice = order.account_move
        # the clerk has invoicing rights only: no Point of Sale, no ledger
        self.credit_note(invoice, user=self.clerk)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        for label, holder, points in (
            ("welcome", self.newcomer, 25.0),
            ("referral", self.referrer, 75.0),
        ):
            entries = self.bonus_entries(label)
            self.assertRecordValues(
                entries,
                [
                    {
                        "idempotency_key": f"{label}:{self.newcomer.id}",
                        "partner_id": holder.id,
                        "points": points,
                        "res_model": "pos.order",
                        "res_id": order.id,
                    },
                    {
                        "idempotency_key": f"{label}:{self.newcomer.id}:revoked:1",
                        "partner_id": holder.id,
                        "kind": "bonus",
                        "points": -points,
                        "res_model": "account.move",
                        "res_id": invoice.id,
                    },
                ],
            )
            self.assertIn(invoice.name, entries[1].note)
        # the bonuses never counted in the lifetime points: nor does this
        self.assertEqual(self.referrer.reward_points_earned, 0.0)
        self.assertLedgerExact()

    def test_cancelled_credit_note_gives_them_back(self):
        order = self.first_purchase()
        credit = self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.referrer.reward_points, 0.0)
        # reset to draft, a credit note keeps what it took until it is
        # posted again or cancelled (as its points)
        credit.with_user(self.clerk).button_draft()
        self.assertEqual(self.referrer.reward_points, 0.0)
        credit.with_user(self.clerk).button_cancel()
        # a purchase again: the bonuses are given back, once
        self.assertEqual(self.newcomer.reward_points, 100.0 + 25.0)
        self.assertEqual(self.referrer.reward_points, 75.0)
        self.assertEqual(
            self.bonus_entries("referral").mapped("idempotency_key")[-1],
            f"referral:{self.newcomer.id}:restored:2",
        )
        # a new credit note in full takes them again
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(len(self.bonus_entries("referral")), 4)
        self.assertLedgerExact()

    def test_partial_credit_note_keeps_them(self):
        order = self.first_purchase()
        self.credit_note(order.account_move, price_unit=1.0, user=self.clerk)
        # 5.00 of 100.00 credited: the purchase stands
        self.assertEqual(self.newcomer.reward_points, 95.0 + 25.0)
        self.assertEqual(self.referrer.reward_points, 75.0)
        self.assertEqual(len(self.bonus_entries("referral")), 1)
        # the rest credited by a second one: it was no purchase
        self.credit_note(order.account_move, price_unit=19.0, user=self.clerk)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertLedgerExact()

    def test_credit_note_then_till_refund_takes_them_once(self):
        order = self.first_purchase()
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.refund_estimate(order)["reversed"], 0.0)
        refund = self.till_refund(order)
        self.assertEqual(refund.retail_points_reversed, 0.0)
        self.assertFalse(
            self.bonus_entries("referral").filtered(
                lambda entry: (
                    entry.res_model == "pos.order" and entry.res_id == refund.id
                )
            )
        )
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertFalse(
            self.env["retail.point.entry"].search(
                [("idempotency_key", "=", f"referral:{self.newcomer.id}:revoked")]
            )
        )
        # the order was given back at the till: cancelling the credit note
        # gives nothing back
        credit = order.account_move.reversal_move_id
        credit.with_user(self.clerk).button_draft()
        credit.with_user(self.clerk).button_cancel()
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertLedgerExact()

    def test_till_refund_then_credit_note_takes_them_once(self):
        order = self.first_purchase()
        refund = self.till_refund(order)
        self.assertEqual(refund.retail_points_reversed, 100.0 + 25.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        credit = self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        credit.with_user(self.clerk).button_draft()
        credit.with_user(self.clerk).button_cancel()
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(len(self.bonus_entries("referral")), 2)
        self.assertLedgerExact()

    def test_invoiced_till_refund_is_the_tills(self):
        """A refund at the till with an invoice: its credit note is the
        till's refund, which takes the bonuses back itself, once."""
        order = self.first_purchase()
        refund = self.till_refund(order, invoice=True)
        self.assertEqual(refund.state, "invoiced")
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(
            self.bonus_entries("referral").mapped("idempotency_key"),
            [f"referral:{self.newcomer.id}", f"referral:{self.newcomer.id}:revoked"],
        )
        self.assertLedgerExact()

    def test_a_spent_bonus_is_taken_back_as_far_as_the_balance_goes(self):
        order = self.first_purchase()
        self.book(self.referrer, -50.0, kind="adjust", note="Spent at the till")
        self.assertEqual(self.referrer.reward_points, 25.0)
        invoice = order.account_move
        self.credit_note(invoice, user=self.clerk)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(self.bonus_entries("referral")[-1].points, -25.0)
        self.assertIn("their balance held only 25.0", self.chatter(invoice))
        # the till's refund later takes back what is left, within the
        # balance: the referrer earned 30 meanwhile
        self.book(self.referrer, 30.0)
        self.till_refund(order)
        self.assertEqual(self.referrer.reward_points, 0.0)
        # 75 - 25 - 30: what no balance held stays unpaid, as at the till
        self.assertEqual(sum(self.bonus_entries("referral").mapped("points")), 20.0)
        self.assertLedgerExact()

    def test_given_back_in_part_at_the_till_and_in_part_by_a_credit_note(self):
        """Three socks refunded at the till, the other two (40.00) credited
        in the back office: all of it given back, neither alone in full. In
        either order the bonuses are taken back, once."""
        for till_first in (True, False):
            with self.subTest(till_first=till_first):
                newcomer = self.Partner.create({"name": "Nina Newcomer"})
                newcomer._retail_enrol("backoffice")
                referred_by(newcomer, self.referrer)
                before = self.referrer.reward_points
                order = self.invoiced_sale(5, customer=newcomer)
                self.assertEqual(self.referrer.reward_points, before + 75.0)
                if till_first:
                    self.till_refund(order, 3)
                    self.assertEqual(self.referrer.reward_points, before + 75.0)
                credit = self.credit_note(
                    order.account_move, price_unit=8.0, user=self.clerk
                )
                if not till_first:
                    self.assertEqual(self.referrer.reward_points, before + 75.0)
                    self.till_refund(order, 3)
                self.assertEqual(newcomer.reward_points, 0.0)
                self.assertEqual(self.referrer.reward_points, before)
                # the credit note cancelled: two socks bought after all
                credit.with_user(self.clerk).button_draft()
                credit.with_user(self.clerk).button_cancel()
                self.assertEqual(newcomer.reward_points, 40.0 + 25.0)
                self.assertEqual(self.referrer.reward_points, before + 75.0)
                self.assertLedgerExact()

    def test_shares_rounded_line_by_line_still_give_it_all_back(self):
        """Seven socks at 0.30 with 7 % tax on top (2.25 invoiced): three
        refunded at the till and the other four credited (1.28, rounded on
        its own) give everything back, though the shares add up to a cent
        less than the whole."""
        tax = self.taxes["tax7"]
        self.assertFalse(tax.price_include)
        socks = self.create_product(
            "Cent Socks", self.categ_basic, 0.30, tax_ids=tax.ids
        )
        data = self.ui_order([self.ui_line(socks, 7)], self.newcomer)
        data["to_invoice"] = data["data"]["to_invoice"] = True
        self.sync(data)
        order = self.order_of(data)
        invoice = order.account_move
        self.assertEqual(invoice.amount_total, 2.25)
        self.assertEqual(self.referrer.reward_points, 75.0)
        refund = self.ui_order([self.refund_line(order.lines, 3)], self.newcomer)
        self.sync(refund, user=self.pos_user)
        credit = self.credit_note(invoice, user=self.clerk, quantity=4)
        self.assertEqual(credit.amount_total, 1.28)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertLedgerExact()

    def test_what_the_till_could_not_take_stays_unpaid(self):
        """The till's refund in full took what the referrer's balance held
        (25 of 75): a small credit note of the invoice later does not
        collect the rest from points earned since, as no till refund
        would."""
        order = self.first_purchase()
        self.book(self.referrer, -50.0, kind="adjust", note="Spent at the till")
        self.till_refund(order)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.book(self.referrer, 60.0)
        self.credit_note(order.account_move, price_unit=0.2, user=self.clerk)
        self.assertEqual(self.referrer.reward_points, 60.0)
        self.assertLedgerExact()

    def test_the_invoice_is_kept_while_its_credit_notes_hold_the_bonuses(self):
        """Reset to draft (to edit it, or delete it) while its credit note
        keeps the order's bonuses taken back, the invoice would make the
        credit note count for less, or nothing: refused, nothing written;
        once the credit note is cancelled (the bonuses back), allowed."""
        order = self.first_purchase()
        invoice = order.account_move.with_user(self.clerk)
        credit = self.credit_note(invoice, user=self.clerk)
        self.assertEqual(self.referrer.reward_points, 0.0)
        with self.assertRaisesRegex(UserError, "Cancel the credit notes first"):
            invoice.button_draft()
        self.assertEqual(invoice.state, "posted")
        credit.with_user(self.clerk).button_draft()
        credit.with_user(self.clerk).button_cancel()
        self.assertEqual(self.referrer.reward_points, 75.0)
        invoice.button_draft()
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(self.referrer.reward_points, 75.0)
        self.assertLedgerExact()

    def test_credit_notes_are_measured_against_the_order(self):
        """The invoice edited before it is credited (the socks at 40.00, the
        order sold them at 20.00): a credit note of the order's 100.00 gives
        it all back, whatever the invoice says now."""
        order = self.first_purchase()
        invoice = order.account_move.with_user(self.clerk)
        invoice.button_draft()
        invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.product_plain
        ).price_unit = 40.0
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 200.0)
        self.credit_note(invoice, price_unit=20.0, user=self.clerk)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertLedgerExact()


@tagged("post_install", "-at_install")
class TestPosInvoiceCreditNoteExpiry(PosInvoiceBonusCase):
    """A credit note of a POS order's invoice after the order's points and
    bonuses expired takes back nothing the expiry took already, as the
    till's refund does (``retail.point.entry._retail_book_expired_part``);
    cancelled after their expiry date, it gives nothing back that the expiry
    would have taken."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_validity_months = 12

    def expire(self):
        with freeze_time("2026-01-11"):
            self.env["retail.point.entry"]._cron_expire_reward_points()
        self.env.invalidate_all()

    def story(self, correct, negative=False):
        """The first purchase (2 socks: 40 points, bonuses 25 and 75) on
        2025-01-10, all expired a year later; the newcomer buys again (20)
        and the referrer gets 10; then ``correct(order)`` on 2026-03-01.
        The balances after."""
        self.company.retail_allow_negative_balance = negative
        with freeze_time("2025-01-10 10:00:00"):
            order = self.invoiced_sale(2, customer=self.newcomer)
        self.expire()
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        with freeze_time("2026-02-01 10:00:00"):
            self.invoiced_sale(1, customer=self.newcomer)
            self.book(self.referrer, 10.0, idempotency_key="referrer-later")
        with freeze_time("2026-03-01 10:00:00"):
            correct(order)
        self.assertLedgerExact()
        return self.newcomer.reward_points, self.referrer.reward_points

    def credit(self, order):
        self.credit_note(order.account_move, user=self.clerk)

    def test_credit_note_after_the_expiry_takes_nothing_expired(self):
        self.assertEqual(self.story(self.credit), (20.0, 10.0))

    def test_alike_with_negative_balances(self):
        self.assertEqual(self.story(self.credit, negative=True), (20.0, 10.0))

    def test_the_tills_refund_after_the_expiry_alike(self):
        self.assertEqual(self.story(self.till_refund), (20.0, 10.0))

    def test_credit_note_cancelled_after_the_expiry_gives_nothing_expired(self):
        with freeze_time("2025-01-10 10:00:00"):
            order = self.invoiced_sale(2, customer=self.newcomer)
        with freeze_time("2025-06-01 10:00:00"):
            credit = self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.expire()
        with freeze_time("2026-03-01 10:00:00"):
            credit.with_user(self.clerk).button_draft()
            credit.with_user(self.clerk).button_cancel()
        # the points and bonuses of 2025-01-10 would have expired by now
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertLedgerExact()


@tagged("post_install", "-at_install")
class TestPosInvoiceCreditNoteOtherCustomer(PosInvoiceBonusCase):
    """The points and bonuses of a POS order were booked for its buyer when
    it was paid. A credit note of its invoice takes them back from that
    customer only (the ledger's customer of the order's sale entries), never
    from whom the invoice or the order names now: an invoicing clerk who
    resets the invoice to draft and gives it to another customer, or a
    retail manager who gives the paid order to another customer before it is
    invoiced. Before, such a credit note took the order's points from a
    victim's balance, while the buyer kept them; and the buyer's own credit
    note no longer took the first purchase's bonuses back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # what a wrong credit note would take is never hidden by a balance
        cls.company.retail_allow_negative_balance = True
        cls.manager = company_user(
            cls.env, "retail_pos_manager_fx43", POS_RETAIL_MANAGER, cls.company
        )
        cls.victim = cls.Partner.create({"name": "Victim With Points"})

    def balance(self, partner):
        """(stored balance, ledger sum) of ``partner``."""
        self.env.invalidate_all()
        return partner.reward_points, sum(self.entries(partner).mapped("points"))

    def paid_sale(self, qty, customer):
        """``qty`` socks paid at the till by ``customer``, not invoiced."""
        data = self.ui_order([self.ui_line(self.product_plain, qty)], customer)
        self.sync(data, user=self.pos_user)
        return self.order_of(data)

    def give_invoice_to(self, invoice, partner):
        """The clerk resets ``invoice`` to draft, gives it to ``partner``
        and posts it again."""
        invoice = invoice.with_user(self.clerk)
        invoice.button_draft()
        invoice.partner_id = partner
        invoice.action_post()
        self.assertEqual(invoice.commercial_partner_id, partner)
        return invoice

    # -- the invoice given to another customer by the clerk --------------------------
    def test_credit_note_of_the_invoice_given_to_another_takes_nothing(self):
        self.book(self.victim, 500.0)
        order = self.invoiced_sale(5)
        self.assertEqual(self.balance(self.customer_x), (100.0, 100.0))
        invoice = self.give_invoice_to(order.account_move, self.victim)
        credit = self.credit_note(invoice, user=self.clerk)
        # the victim never earned anything of this order; nor is it taken
        # from the buyer by a credit note made out to someone else
        self.assertEqual(self.balance(self.victim), (500.0, 500.0))
        self.assertEqual(self.balance(self.customer_x), (100.0, 100.0))
        self.assertFalse(self.entries_of(credit))
        self.assertIn("takes none back", self.chatter(credit))
        # the buyer returns the goods at the till: their points go, once
        self.till_refund(order)
        self.assertEqual(self.balance(self.customer_x), (0.0, 0.0))
        self.assertEqual(self.balance(self.victim), (500.0, 500.0))

    def test_invoice_given_to_a_contact_of_the_buyer_still_takes_back(self):
        """Another contact of the same customer (its invoice address) is the
        same customer: the credit note takes back from the buyer."""
        contact = self.Partner.create(
            {"name": "Invoices of X", "parent_id": self.customer_x.id}
        )
        order = self.invoiced_sale(5)
        invoice = order.account_move.with_user(self.clerk)
        invoice.button_draft()
        invoice.partner_id = contact
        invoice.action_post()
        self.credit_note(invoice, user=self.clerk)
        self.assertEqual(self.balance(self.customer_x), (0.0, 0.0))

    def test_invoice_posted_again_for_the_buyer_still_takes_back(self):
        order = self.invoiced_sale(5)
        invoice = order.account_move.with_user(self.clerk)
        invoice.button_draft()
        invoice.action_post()
        self.credit_note(invoice, user=self.clerk)
        self.assertEqual(self.balance(self.customer_x), (0.0, 0.0))
        # and the till's refund after it takes nothing twice
        self.till_refund(order)
        self.assertEqual(self.balance(self.customer_x), (0.0, 0.0))

    def test_unchanged_invoice_credit_note_takes_back_from_the_buyer(self):
        order = self.invoiced_sale(5)
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.balance(self.customer_x), (0.0, 0.0))

    def test_credit_note_after_a_till_refund_takes_nothing_twice(self):
        """Two socks of five returned at the till (40 back), then the whole
        invoice credited: the credit note takes the 60 left, not 100."""
        order = self.invoiced_sale(5)
        self.till_refund(order, qty=2)
        self.assertEqual(self.balance(self.customer_x), (60.0, 60.0))
        credit = self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.entries_of(credit).points, -60.0)
        self.assertEqual(self.balance(self.customer_x), (0.0, 0.0))
        self.assertEqual(self.taken_back(order), 100.0)

    def test_first_purchase_invoice_given_to_another_keeps_its_bonuses(self):
        """The clerk gives the invoice of the newcomer's first purchase to
        someone else and credits it: nothing is the newcomer's purchase
        credited, so nothing of it is taken back, neither the points nor
        the bonuses (from anyone)."""
        self.book(self.victim, 500.0)
        order = self.first_purchase()
        invoice = self.give_invoice_to(order.account_move, self.victim)
        self.credit_note(invoice, user=self.clerk)
        self.assertEqual(self.balance(self.victim), (500.0, 500.0))
        self.assertEqual(self.balance(self.newcomer), (125.0, 125.0))
        self.assertEqual(self.balance(self.referrer), (75.0, 75.0))

    # -- the paid order given to another customer by a retail manager ----------------
    def test_order_given_to_another_before_invoicing_takes_nothing(self):
        self.book(self.victim, 500.0)
        order = self.paid_sale(5, self.customer_x)
        self.assertEqual(self.balance(self.customer_x), (100.0, 100.0))
        order.with_user(self.manager).write({"partner_id": self.victim.id})
        order.with_user(self.pos_user).action_pos_order_invoice()
        self.assertEqual(order.account_move.partner_id, self.victim)
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.balance(self.victim), (500.0, 500.0))
        self.assertEqual(self.balance(self.customer_x), (100.0, 100.0))
        # the goods returned at the till: the refund follows the ledger
        # (the buyer's points), whoever the order names now
        data = self.ui_order([self.refund_line(order.lines)], self.customer_x)
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.balance(self.customer_x), (0.0, 0.0))
        self.assertEqual(self.balance(self.victim), (500.0, 500.0))

    def test_anonymous_order_given_a_customer_to_invoice_takes_nothing(self):
        """Odoo's back office: a paid order without customer is given one to
        be invoiced; crediting that invoice takes nothing (nothing earned)."""
        self.book(self.victim, 500.0)
        order = self.paid_sale(5, False)
        order.with_user(self.pos_user).write({"partner_id": self.victim.id})
        order.with_user(self.pos_user).action_pos_order_invoice()
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.balance(self.victim), (500.0, 500.0))

    def test_bonuses_taken_back_after_the_order_changed_customer(self):
        """The first purchase invoiced, then the order given to someone else
        by a manager: the buyer's credit note of the whole invoice still
        takes back the points and both bonuses (the customer is the
        ledger's, not the order's now)."""
        order = self.first_purchase()
        stranger = self.Partner.create({"name": "Anyone"})
        order.with_user(self.manager).write({"partner_id": stranger.id})
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.balance(self.newcomer), (0.0, 0.0))
        self.assertEqual(self.balance(self.referrer), (0.0, 0.0))
        self.assertEqual(self.balance(stranger), (0.0, 0.0))
        self.assertLedgerExact()

    def test_bonuses_taken_back_by_the_usual_credit_note(self):
        order = self.first_purchase()
        self.credit_note(order.account_move, user=self.clerk)
        self.assertEqual(self.balance(self.newcomer), (0.0, 0.0))
        self.assertEqual(self.balance(self.referrer), (0.0, 0.0))
