# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Refunds and returns at the till: the points the sale earned (and
spent) go back as the ledger says, whoever sends the refund."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import POS_RETAIL_MANAGER, PosCashierCase, RetailPosCase


@tagged("post_install", "-at_install")
class TestPosRefund(RetailPosCase):
    def _sell(self, lines, customer=None):
        """A paid sale for ``customer`` (default: customer X; ``False``: none)."""
        data = self.ui_order(lines, self.customer_x if customer is None else customer)
        self.sync(data)
        return self.order_of(data)

    def test_refund_reverses_in_proportion(self):
        order = self._sell([self.ui_line(self.product_plain, 4)])
        self.assertEqual(self.customer_x.reward_points, 80.0)
        line = order.lines
        first = self.ui_order([self.refund_line(line, 1)], self.customer_x)
        result = self.sync(first, user=self.pos_user)
        refund = self.order_of(first)
        reverse = self.entries(self.customer_x)[-1]
        self.assertEqual((reverse.kind, reverse.points), ("reverse", -20.0))
        self.assertEqual(reverse.res_id, refund.id)
        self.assertEqual(
            reverse.idempotency_key,
            f"pos.order:{order.pos_reference}:reverse:#{refund.id}",
        )
        self.assertEqual(refund.retail_points_reversed, 20.0)
        self.assertEqual(result[0]["retail_points"]["reversed"], 20.0)
        self.assertEqual(result[0]["retail_points"]["balance"], 60.0)
        # lifetime points go down with a reversal
        self.assertEqual(self.customer_x.reward_points_earned, 60.0)
        # the rest, refunded later
        second = self.ui_order([self.refund_line(line, 3)], self.customer_x)
        self.sync(second)
        self.sync(second)  # retried sync
        self.assertEqual(self.customer_x.reward_points, 0.0)
        self.assertEqual(
            self.entries(self.customer_x).mapped("points"), [80.0, -20.0, -60.0]
        )

    def test_refund_gives_back_redeemed_points(self):
        self.book(self.customer_x, 300)
        order = self._sell([self.ui_line(self.product_plain, 5), self.redeem_line(200)])
        # 300 - 200 + (100 - 20) earned
        self.assertEqual(self.customer_x.reward_points, 180.0)
        goods = order.lines.filtered(lambda l: l.product_id == self.product_plain)
        discount = order.lines - goods
        data = self.ui_order(
            [self.refund_line(goods), self.refund_line(discount)], self.customer_x
        )
        self.sync(data)
        refund = self.order_of(data)
        self.assertEqual(refund.retail_points_reversed, 80.0)
        self.assertEqual(refund.retail_points_returned, 200.0)
        give_back = self.entries(self.customer_x).filtered(
            lambda e: e.kind == "redeem" and e.points > 0
        )
        self.assertEqual(give_back.points, 200.0)
        self.assertIn(order.name, give_back.note)
        self.assertEqual(self.customer_x.reward_points, 300.0)
        self.assertEqual(refund.retail_points_balance, 300.0)

    def test_partial_refund_of_goods_gives_back_their_share_of_the_redemption(self):
        """Refunding goods paid in part with points refunds their share of
        the points discount with them (test_pos_refund_share.py): 2 of 5
        socks, 0.4 of the 20.00 discount (8.00), 80 of the 200 points given
        back; the earned points are taken back in proportion."""
        self.book(self.customer_x, 300)
        order = self._sell([self.ui_line(self.product_plain, 5), self.redeem_line(200)])
        goods = order.lines.filtered(lambda l: l.product_id == self.product_plain)
        share = self.refund_line(order.lines - goods, 0.4)
        data = self.ui_order([self.refund_line(goods, 2), share], self.customer_x)
        self.sync(data)
        refund = self.order_of(data)
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertAlmostEqual(refund.amount_total, -32.0, places=2)
        # the socks' own points (100 at full price) for 2 of 5 of them, at
        # the share the sale earned of them (80 of 100: the discount paid
        # the rest): 32, as the 32.00 paid back in money earned, not 40
        self.assertEqual(refund.retail_points_reversed, 32.0)
        self.assertEqual(refund.retail_points_returned, 80.0)
        # the other 3 with the rest of the discount: 48 more, so that the
        # whole order takes back exactly the 80 it earned
        self.assertEqual(order.retail_points_earned, 80.0)
        data = self.ui_order(
            [self.refund_line(goods, 3), self.refund_line(order.lines - goods, 0.6)],
            self.customer_x,
        )
        self.sync(data)
        rest = self.order_of(data)
        self.assertFalse(rest.retail_points_held, rest.retail_points_error)
        self.assertEqual(rest.retail_points_reversed, 48.0)
        self.assertEqual(rest.retail_points_returned, 120.0)

    def test_refund_never_takes_back_more_than_earned(self):
        order = self._sell([self.ui_line(self.product_plain, 2)])
        line = order.lines
        for _index in range(2):
            self.sync(self.ui_order([self.refund_line(line, 1)], self.customer_x))
        # a third refund beyond what was sold (back office data): nothing more
        self.sync(self.ui_order([self.refund_line(line, 1)], self.customer_x))
        self.assertEqual(
            sum(
                self.entries(self.customer_x)
                .filtered(lambda e: e.kind == "reverse")
                .mapped("points")
            ),
            -40.0,
        )

    def test_refund_capped_when_negative_balance_not_allowed(self):
        """The refund takes back what the balance holds; what it could not
        take back is on the refund, in its note and under suspicious
        activity."""
        self.company.retail_allow_negative_balance = False
        order = self._sell([self.ui_line(self.product_plain, 5)])
        self.book(self.customer_x, -90, "redeem", idempotency_key="spent")
        data = self.ui_order([self.refund_line(order.lines)], self.customer_x)
        self.sync(data)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        refund = self.order_of(data)
        self.assertEqual(refund.retail_points_reversed, 10.0)
        self.assertEqual(refund.retail_points_unrecovered, 90.0)
        self.assertIn("90.0 points stay with the customer", refund.retail_points_note)
        row = self.env["retail.suspicious.activity"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)]
        )
        self.assertEqual(row.kind, "pos_unrecovered")
        self.assertEqual(row.points, 90.0)
        self.assertIn("could not take back 90", row.description)

    def test_refund_gives_back_redeemed_points_before_taking_earned_ones(self):
        """A customer who spent everything refunds a sale paid in part with
        points: the redeemed points go back first and the earned points are
        then taken out of them, so the refund never leaves the customer
        richer than before the sale."""
        self.company.retail_allow_negative_balance = False
        self.book(self.customer_x, 100, "opening")
        order = self._sell([self.ui_line(self.product_plain, 5), self.redeem_line(50)])
        self.assertEqual(order.retail_points_earned, 95.0)
        self.book(self.customer_x, -145, "redeem", idempotency_key="spent all")
        data = self.ui_order(
            [self.refund_line(line) for line in order.lines], self.customer_x
        )
        self.sync(data)
        refund = self.order_of(data)
        self.assertEqual(refund.retail_points_returned, 50.0)
        self.assertEqual(refund.retail_points_reversed, 50.0)
        self.assertEqual(refund.retail_points_unrecovered, 45.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_refund_beyond_the_quantity_sold_is_set_aside(self):
        """Ten refunded of four sold (the till prevents it; a forged order
        would pay out money for goods never sold): set aside."""
        order = self._sell([self.ui_line(self.product_plain, 4)])
        data = self.ui_order([self.refund_line(order.lines, 10)], self.customer_x)
        self.sync(data)
        refund = self.order_of(data)
        self.assertTrue(refund.retail_points_held)
        self.assertIn("refunded 10.0 of 4.0 sold", refund.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 80.0)

    def test_refund_of_an_unpaid_order_is_set_aside(self):
        """A till refunds paid orders only. A forged "exchange" refunding the
        line of a draft nobody paid, and selling the same goods again,
        would pay for the sale with money never received: set aside, and
        nothing is earned; nor does a manager's review book it."""
        draft = self.ui_order([self.ui_line(self.product_plain, 5)])
        self.env["pos.order"].with_user(self.pos_user).create_from_ui(
            [draft], draft=True
        )
        unpaid = self.order_of(draft)
        self.assertEqual(unpaid.state, "draft")
        data = self.ui_order(
            [self.refund_line(unpaid.lines), self.ui_line(self.product_plain, 5)],
            self.customer_x,
        )
        self.assertEqual(data["data"]["amount_total"], 0.0)
        self.sync(data, user=self.pos_user)
        exchange = self.order_of(data)
        self.assertEqual(exchange.state, "paid")
        self.assertTrue(exchange.retail_points_held)
        self.assertIn(
            f"refunds {unpaid.name}, which was never paid",
            exchange.retail_points_error,
        )
        self.assertFalse(self.entries(self.customer_x))
        unpaid.with_user(self.pos_user).action_pos_order_cancel()
        manager = company_user(
            self.env, "refund_unpaid_manager", POS_RETAIL_MANAGER, self.company
        )
        with self.assertLogs(
            "odoo.addons.crm_retail_customers_pos.models.pos_order", "ERROR"
        ):
            exchange.with_user(manager).action_retail_book_points()
        self.assertIn("which was never paid", exchange.retail_points_error)
        self.assertFalse(self.entries(self.customer_x))
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def _exchange(self, refunds, sold, customer, user=None):
        """An exchange: ``refunds`` (refund lines) and ``sold`` (sale lines)
        in one order for ``customer``, paid whatever the difference is."""
        data = self.ui_order(refunds + sold, customer)
        self.sync(data, user=user or self.pos_user)
        return self.order_of(data)

    def _manager(self, login):
        return company_user(self.env, login, POS_RETAIL_MANAGER, self.company)

    def test_drafts_and_same_direction_refunds_hide_no_refund_beyond_sale(self):
        """Odoo's ``refunded_qty`` counts every refund line, drafts and lines
        "refunding" in the sale's own direction too: neither hides a refund
        of more than was sold, nor does a manager's review book one."""
        order = self._sell([self.ui_line(self.product_plain)])
        self.assertEqual(self.customer_x.reward_points, 20.0)
        draft = self.ui_order([self.refund_line(order.lines, -10)])
        self.env["pos.order"].with_user(self.pos_user).create_from_ui(
            [draft], draft=True
        )
        self.assertEqual(order.lines.refunded_qty, -10.0)
        exchange = self._exchange(
            [self.refund_line(order.lines, 11)],
            [self.ui_line(self.product_plain, 11)],
            self.customer_x,
        )
        self.assertTrue(exchange.retail_points_held)
        self.assertIn("refunded 11.0 of 1.0 sold", exchange.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 20.0)
        with self.assertLogs(
            "odoo.addons.crm_retail_customers_pos.models.pos_order", "ERROR"
        ):
            exchange.with_user(self._manager("beyond_mgr")).action_retail_book_points()
        self.assertIn("refunded 11.0 of 1.0 sold", exchange.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 20.0)

    def test_refund_in_the_direction_of_the_sale_takes_nothing_back(self):
        """A "refund" of a customer's sale line with a positive quantity
        (balanced by a return without receipt: the order takes no money)
        would take back the victim's points for goods nobody returned."""
        order = self._sell([self.ui_line(self.product_plain)])
        forged = self.ui_order(
            [
                self.refund_line(order.lines, -1),
                self.ui_line(self.product_plain, -1),
            ]
        )
        self.assertEqual(forged["data"]["amount_total"], 0.0)
        self.sync(forged, user=self.pos_user)
        held = self.order_of(forged)
        self.assertTrue(held.retail_points_held)
        self.assertIn("refunds a line of", held.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 20.0)
        # nor does it make room for a second refund of the line
        exchange = self._exchange(
            [self.refund_line(order.lines, 2)],
            [self.ui_line(self.product_plain, 2)],
            self.customer_x,
        )
        self.assertIn("refunded 2.0 of 1.0 sold", exchange.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 20.0)

    def test_exchange_earns_on_money_only(self):
        """An exchange earns on the money paid now and on the refunded goods
        of the customer's own sales, as far as money paid for them: not on
        another customer's or an anonymous receipt, nor on an order that
        took no money (a return without receipt paid for its goods)."""
        other = self.Partner.create({"name": "Other Customer"})
        anonymous = self._sell([self.ui_line(self.product_plain, 5)], customer=False)
        theirs = self._sell([self.ui_line(self.product_plain, 2)], customer=other)
        self.assertEqual(other.reward_points, 40.0)
        exchange = self._exchange(
            [self.refund_line(anonymous.lines), self.refund_line(theirs.lines)],
            [self.ui_line(self.product_plain, 7)],
            self.customer_x,
        )
        self.assertFalse(exchange.retail_points_held, exchange.retail_points_error)
        self.assertEqual(exchange.retail_points_earned, 0.0)
        self.assertFalse(self.entries(self.customer_x))
        self.assertEqual(other.reward_points, 0.0)
        # paid in part with money now: earns on that part only
        anonymous = self._sell([self.ui_line(self.product_plain, 5)], customer=False)
        exchange = self._exchange(
            [self.refund_line(anonymous.lines)],
            [self.ui_line(self.product_plain, 6)],
            self.customer_x,
        )
        self.assertEqual(exchange.retail_points_earned, 20.0)
        # their own sale that took no money: its goods' refund pays nothing
        zero = self._sell(
            [self.ui_line(self.product_plain), self.ui_line(self.product_plain, -1)]
        )
        self.assertEqual(zero.amount_total, 0.0)
        goods = zero.lines.filtered(lambda line: line.qty > 0)
        exchange = self._exchange(
            [self.refund_line(goods)],
            [self.ui_line(self.product_plain)],
            self.customer_x,
        )
        self.assertEqual(exchange.retail_points_earned, 0.0)
        self.assertEqual(self.customer_x.reward_points, 20.0)

    def test_exchange_credits_goods_at_what_was_paid_for_them(self):
        """Goods sold with a discount line (any product at a negative price)
        earned on what was paid; refunded without their discount, they pay
        for goods taken instead only as far as money paid for them."""
        discount = self.create_product("Till Discount", self.categ_basic, 0.0)
        order = self._sell(
            [self.ui_line(self.product_plain), self.ui_line(discount, 1, -18.0)]
        )
        self.assertEqual(order.amount_total, 2.0)
        self.assertEqual(self.customer_x.reward_points, 2.0)
        goods = order.lines.filtered(lambda line: line.product_id == self.product_plain)
        exchange = self._exchange(
            [self.refund_line(goods)],
            [self.ui_line(self.product_plain)],
            self.customer_x,
        )
        self.assertFalse(exchange.retail_points_held, exchange.retail_points_error)
        self.assertEqual(exchange.retail_points_earned, 2.0)
        self.assertEqual(self.customer_x.reward_points, 2.0)

    def test_exchange_of_own_goods_earns_on_what_they_paid(self):
        """The customer's own receipt: its points are taken back for the
        goods returned, and the goods taken instead earn as the money of the
        returned ones paid for them (here: half of it in points)."""
        self.book(self.customer_x, 100)
        order = self._sell([self.ui_line(self.product_plain, 5), self.redeem_line(100)])
        self.assertEqual(order.retail_points_earned, 90.0)
        self.assertEqual(self.customer_x.reward_points, 90.0)
        goods = order.lines.filtered(lambda line: line.product_id == self.product_plain)
        exchange = self._exchange(
            [self.refund_line(goods, 1)] + self.share_lines(order, {goods: 1}),
            [self.ui_line(self.product_plain)],
            self.customer_x,
        )
        self.assertFalse(exchange.retail_points_held, exchange.retail_points_error)
        # the refunded unit earned 18 (20 less its share of the discount);
        # the new unit, paid with the 18 of the returned one and 2 of money
        self.assertEqual(exchange.retail_points_reversed, 18.0)
        self.assertEqual(exchange.retail_points_returned, 20.0)
        self.assertEqual(exchange.retail_points_earned, 20.0)

    def test_exchange_of_an_exchange_keeps_its_credit(self):
        """Socks bought for 100, exchanged for other socks of the same money,
        then exchanged again: each exchange's goods were paid
        with the customer's own money (the first sale's), so each earns on
        it, and each refund takes back what the order it refunds earned. The
        balance ends at what the money paid once earned."""
        order = self._sell([self.ui_line(self.product_plain, 5)])
        self.assertEqual(self.customer_x.reward_points, 100.0)
        first = self._exchange(
            [self.refund_line(order.lines)],
            [self.ui_line(self.product_plain, 5)],
            self.customer_x,
        )
        self.assertFalse(first.retail_points_held, first.retail_points_error)
        self.assertEqual(first.amount_total, 0.0)
        self.assertEqual(first.retail_points_reversed, 100.0)
        self.assertEqual(first.retail_points_earned, 100.0)
        goods = first.lines.filtered(lambda line: line.qty > 0)
        second = self._exchange(
            [self.refund_line(goods)],
            [self.ui_line(self.product_plain, 5)],
            self.customer_x,
        )
        self.assertFalse(second.retail_points_held, second.retail_points_error)
        self.assertEqual(second.retail_points_reversed, 100.0)
        self.assertEqual(second.retail_points_earned, 100.0)
        self.assertEqual(self.customer_x.reward_points, 100.0)
        # and the last goods returned for their money: nothing is left
        goods = second.lines.filtered(lambda line: line.qty > 0)
        self.sync(self.ui_order([self.refund_line(goods)], self.customer_x))
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_refund_may_go_negative_when_allowed(self):
        order = self._sell([self.ui_line(self.product_plain, 5)])
        self.book(self.customer_x, -90, "redeem", idempotency_key="spent")
        self.sync(self.ui_order([self.refund_line(order.lines)], self.customer_x))
        self.assertEqual(self.customer_x.reward_points, -90.0)

    def test_backend_refund_reverses(self):
        """The back office "Return Products" flow books the same way once the
        refund is paid."""
        order = self._sell([self.ui_line(self.product_plain, 2)])
        refund = order._refund()
        payment = (
            self.env["pos.make.payment"]
            .with_context(active_ids=refund.ids, active_id=refund.id)
            .create(
                {"amount": refund.amount_total, "payment_method_id": self.bank_pm1.id}
            )
        )
        payment.check()
        self.assertEqual(refund.state, "paid")
        self.assertEqual(refund.retail_points_reversed, 40.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_an_unpaid_order_is_not_invoiced(self):
        """Invoicing marks an order paid without paying it
        (``action_pos_order_paid``): an unpaid one is refused with a clear
        message and nothing is written; once paid, it is invoiced and its
        points are booked once."""
        order = self._sell([self.ui_line(self.product_plain, 2)])
        refund = order._refund().with_context(generate_pdf=False)
        with self.assertRaisesRegex(UserError, "Only a paid order can be invoiced"):
            refund.action_pos_order_invoice()
        self.assertEqual(refund.state, "draft")
        self.assertFalse(refund.account_move)
        self.assertEqual(self.customer_x.reward_points, 40.0)
        self.env["pos.make.payment"].with_context(
            active_ids=refund.ids, active_id=refund.id
        ).create(
            {"amount": refund.amount_total, "payment_method_id": self.bank_pm1.id}
        ).check()
        refund.action_pos_order_invoice()
        self.assertEqual(refund.state, "invoiced")
        self.assertEqual(refund.account_move.move_type, "out_refund")
        self.assertEqual(refund.retail_points_reversed, 40.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)


@tagged("post_install", "-at_install")
class TestPosRefundByTheLedger(RetailPosCase):
    """A cashier's refunds take back what the ledger booked, from whom
    it was booked for."""

    def _sell(self, lines, customer=None, user=None):
        data = self.ui_order(lines, customer)
        self.sync(data, user=user or self.pos_user)
        return self.order_of(data)

    def test_refund_is_decided_by_the_ledger(self):
        """Even figures on the order that went wrong (the server is the only
        writer now; an old database may hold anything) do not change what a
        refund takes and gives back: the entries decide."""
        self.book(self.customer_x, 500)
        order = self._sell(
            [self.ui_line(self.product_plain, 5), self.redeem_line(200)],
            self.customer_x,
        )
        self.assertEqual(order.retail_points_redeemed, 200)
        self.assertEqual(order.retail_points_earned, 80)
        order._retail_write_derived(
            {
                "retail_points_earned": 0,
                "retail_points_base": 1e9,
                "retail_points_redeemed": 1e6,
            }
        )
        goods = order.lines.filtered(lambda line: line.product_id != self.redemption)
        discount = order.lines - goods
        data = self.ui_order(
            [self.refund_line(goods), self.refund_line(discount)], self.customer_x
        )
        self.sync(data, user=self.pos_user)
        refund = self.order_of(data)
        self.assertEqual(refund.retail_points_reversed, 80)
        self.assertEqual(refund.retail_points_returned, 200)
        self.assertEqual(self.customer_x.reward_points, 500)

    def test_refund_follows_the_customer_the_points_were_booked_for(self):
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        stranger = self.Partner.create({"name": "Stranger"})
        order.partner_id = stranger
        data = self.ui_order([self.refund_line(order.lines)], stranger)
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.customer_x.reward_points, 0)
        self.assertEqual(stranger.reward_points, 0)
        self.assertFalse(self.entries(stranger))


@tagged("post_install", "-at_install")
class TestPosRefundKeys(PosCashierCase):
    """Refunds are keyed by their own id, whatever their receipt number
    says; a return without a receipt takes the points back."""

    def test_refunds_are_keyed_by_their_own_id(self):
        """Two refunds that reuse a receipt number still each take back their
        share: everything refunded, no points left."""
        order = self.sell_as_cashier(
            self.ui_order(
                [
                    self.ui_line(self.product_plain, 1),
                    self.ui_line(self.product_plain, 50),
                ],
                self.customer_x,
            )
        )
        self.assertEqual(self.customer_x.reward_points, 1020)
        small, big = order.lines.sorted("qty")
        uid = self.create_random_uid()
        self.sell_as_cashier(
            self.ui_order([self.refund_line(small)], self.customer_x, uid=uid)
        )
        self.sell_as_cashier(
            self.ui_order([self.refund_line(big)], self.customer_x, uid=uid)
        )
        self.assertEqual(self.customer_x.reward_points, 0)

    def test_receipt_number_cannot_spell_another_key(self):
        origin = self.sell_as_cashier(
            self.ui_order([self.ui_line(self.product_plain, 50)], self.customer_x)
        )
        decoy = self.ui_order([self.ui_line(self.product_plain, 1)], self.customer_x)
        decoy["data"]["name"] = f"{origin.pos_reference}:reverse:X"
        self.sell_as_cashier(decoy)
        refund = self.ui_order([self.refund_line(origin.lines)], self.customer_x)
        refund["data"]["name"] = "X:earn"
        self.sell_as_cashier(refund)
        # the decoy's 20 points stay, the refund took back the 1000 earned
        self.assertEqual(self.customer_x.reward_points, 20)

    def test_return_without_receipt_takes_the_points_back(self):
        self.sell_as_cashier(
            self.ui_order([self.ui_line(self.product_plain, 50)], self.customer_x)
        )
        self.assertEqual(self.customer_x.reward_points, 1000)
        back = self.sell_as_cashier(
            self.ui_order([self.ui_line(self.product_plain, -50)], self.customer_x)
        )
        self.assertEqual(back.retail_points_reversed, 1000)
        self.assertEqual(self.customer_x.reward_points, 0)
        entry = self.entries(self.customer_x)[-1]
        self.assertEqual((entry.kind, entry.points), ("reverse", -1000))
