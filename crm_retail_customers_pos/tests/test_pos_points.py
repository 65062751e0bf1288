# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosEarning(RetailPosCase):
    def test_paid_order_earns_on_tax_excluded_amount(self):
        data = self.ui_order(
            [self.ui_line(self.product_taxed), self.ui_line(self.product_plain, 2)],
            customer=self.customer_x,
        )
        result = self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        entry = self.entries(self.customer_x)
        self.assertEqual(len(entry), 1)
        # 100 + 2 x 20 without the 7 % tax on the jacket
        self.assertEqual(entry.kind, "earn")
        self.assertEqual(entry.points, 140.0)
        self.assertEqual(entry.amount, 140.0)
        self.assertEqual(entry.origin, order.name)
        self.assertEqual((entry.res_model, entry.res_id), ("pos.order", order.id))
        self.assertEqual(entry.idempotency_key, f"pos.order:{order.pos_reference}:earn")
        self.assertEqual(entry.user_id, self.pos_user)
        self.assertEqual(self.customer_x.reward_points, 140.0)
        self.assertEqual(order.retail_points_earned, 140.0)
        self.assertEqual(order.retail_points_balance, 140.0)
        self.assertFalse(order.retail_points_error)
        # the till learns the new balance from the answer to its sync
        points = result[0]["retail_points"]
        self.assertEqual(points["earned"], 140.0)
        self.assertEqual(points["balance"], 140.0)
        self.assertEqual(points["partner_id"], self.customer_x.id)

    def test_same_order_synced_twice_books_once(self):
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self.sync(data, user=self.pos_user)
        # network retry: the same order again, and once more in a batch
        self.sync(data, user=self.pos_user)
        self.sync(data, self.ui_order([self.ui_line(self.product_plain)]))
        self.assertEqual(len(self.order_of(data)), 1)
        self.assertEqual(len(self.entries(self.customer_x)), 1)
        self.assertEqual(self.customer_x.reward_points, 20.0)

    def test_duplicate_order_record_books_once(self):
        """Two ``pos.order`` records of one till order (a retry the standard
        duplicate check does not recognise, e.g. with changed payments) share
        the reference: booked once; the second record says why it booked
        nothing (a made-up "retry" with another basket must not pass)."""
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self.sync(data)
        retry = self.ui_order(
            [self.ui_line(self.product_plain)], self.customer_x, uid=data["id"]
        )
        retry["data"]["statement_ids"][0][2]["payment_method_id"] = self.cash_pm1.id
        self.sync(retry)
        orders = self.order_of(data)
        self.assertEqual(len(orders), 2)
        self.assertEqual(len(self.entries(self.customer_x)), 1)
        self.assertEqual(orders.mapped("retail_points_earned"), [20.0, 0.0])
        self.assertFalse(orders[0].retail_points_error)
        self.assertIn("already used by order", orders[1].retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 20.0)

    def test_late_sync_books_with_the_sale_date(self):
        # a late sync of an order made while the session was open: the date
        # lies within the session's dates, so it is believed
        self.pos_session.start_at = "2026-01-02 08:00:00"
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["date_order"] = "2026-01-15 10:00:00"
        self.sync(data)
        entry = self.entries(self.customer_x)
        self.assertEqual(entry.date.date().isoformat(), "2026-01-15")
        self.assertEqual(entry.points, 20.0)

    def test_contact_earns_on_company(self):
        company = self.Partner.create({"name": "Retail Corp", "is_company": True})
        contact = self.Partner.create({"name": "Buyer", "parent_id": company.id})
        self.sync(self.ui_order([self.ui_line(self.product_plain)], contact))
        self.assertFalse(self.entries(contact))
        self.assertEqual(self.entries(company).points, 20.0)
        self.assertEqual(company.reward_points, 20.0)

    def test_tier_factor_applies(self):
        self.env["retail.tier"].create(
            {"name": "Gold", "min_points": 100, "earn_factor": 2.0}
        )
        self.book(self.customer_x, 150)
        self.assertEqual(self.customer_x.reward_tier_id.name, "Gold")
        result = self.sync(
            self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        )
        self.assertEqual(self.entries(self.customer_x)[-1].points, 40.0)
        self.assertEqual(result[0]["retail_points"]["tier"][1], "Gold")

    def test_tips_and_anonymous_orders_earn_nothing(self):
        tip = self.env.ref("point_of_sale.product_product_tip")
        self.config.tip_product_id = tip
        self.sync(
            self.ui_order(
                [self.ui_line(self.product_plain), self.ui_line(tip, 1, 5.0)],
                self.customer_x,
            ),
            self.ui_order([self.ui_line(self.product_plain)]),
        )
        self.assertEqual(self.entries(self.customer_x).points, 20.0)
        self.assertEqual(self.env["retail.point.entry"].search_count([]), 1)

    def test_customer_since_from_first_pos_order(self):
        self.company.retail_customer_since_pos = True
        self.pos_session.start_at = "2026-02-01 08:00:00"
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["date_order"] = "2026-02-03 10:00:00"
        self.sync(data)
        self.assertEqual(self.customer_x.customer_since.isoformat(), "2026-02-03")

    def test_booking_failure_keeps_the_sale(self):
        def fail(order):
            raise ValueError("ledger unavailable")

        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        with (
            patch.object(type(self.env["pos.order"]), "_retail_book_points", fail),
            self.assertLogs(
                "odoo.addons.crm_retail_customers_pos.models.pos_order", "ERROR"
            ),
        ):
            result = self.sync(data)
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        self.assertIn("ledger unavailable", order.retail_points_error)
        self.assertTrue(result[0]["retail_points"]["error"])
        self.assertFalse(self.entries(self.customer_x))
        # once the cause is fixed, the manager books the points from the order
        order.action_retail_book_points()
        order.action_retail_book_points()
        self.assertFalse(order.retail_points_error)
        self.assertEqual(self.entries(self.customer_x).points, 20.0)
        self.assertEqual(order.retail_points_earned, 20.0)

    def test_booking_failure_rolls_back_partial_bookings(self):
        """An error after the redemption was booked rolls the savepoint back:
        no entry is left half-booked."""
        self.book(self.customer_x, 500)
        data = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(100)],
            self.customer_x,
        )
        with (
            patch.object(
                type(self.env["res.partner"]),
                "_retail_get_reward_points_for_amount",
                side_effect=ValueError("rates unavailable"),
            ),
            self.assertLogs(
                "odoo.addons.crm_retail_customers_pos.models.pos_order", "ERROR"
            ),
        ):
            self.sync(data)
        self.assertEqual(self.order_of(data).state, "paid")
        self.assertEqual(self.entries(self.customer_x).mapped("kind"), ["opening"])
        self.assertEqual(self.customer_x.reward_points, 500.0)

    def test_booking_queries_do_not_grow_with_history(self):
        """Booking an order costs the same ledger queries for a new customer
        and for one with a long history, and a small constant total."""
        veteran = self.Partner.create({"name": "Veteran"})
        newcomer = self.Partner.create({"name": "Newcomer"})
        for index in range(40):
            self.book(veteran, 10, "earn", idempotency_key=f"history:{index}")
        self.book(newcomer, 10)
        ledger_queries = {}
        for customer in (newcomer, veteran):
            data = self.ui_order(
                [self.ui_line(self.product_plain), self.redeem_line(5)], customer
            )
            with patch.object(
                type(self.env["pos.order"]), "_retail_book_points_safely"
            ):
                self.sync(data)
            order = self.order_of(data)
            self.env.invalidate_all()
            with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
                order._retail_book_points()
            self.assertLess(len(logs.output), 40)
            ledger_queries[customer.name] = [
                re.sub(r"\[[0-9.]+ ms\]|\d+", "", line)
                for line in logs.output
                if "retail_point_entry" in line or "FOR NO KEY UPDATE" in line
            ]
            self.assertEqual(order.retail_points_redeemed, 5.0)
        self.assertEqual(ledger_queries["Newcomer"], ledger_queries["Veteran"])


@tagged("post_install", "-at_install")
class TestPosRedemption(RetailPosCase):
    def test_redeem_books_redemption_then_earning(self):
        self.book(self.customer_x, 500)
        data = self.ui_order(
            [self.ui_line(self.product_taxed), self.redeem_line(200)],
            self.customer_x,
        )
        result = self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        redeem, earn = self.entries(self.customer_x)[1:]
        self.assertEqual((redeem.kind, redeem.points), ("redeem", -200.0))
        self.assertEqual(redeem.amount, 20.0)
        self.assertEqual(
            redeem.idempotency_key, f"pos.order:{order.pos_reference}:redeem"
        )
        # earned on what was paid: 100 without tax, less the 20 discount
        self.assertEqual((earn.kind, earn.points), ("earn", 80.0))
        self.assertEqual(self.customer_x.reward_points, 380.0)
        self.assertEqual(order.retail_points_redeemed, 200.0)
        self.assertFalse(order.retail_points_shortfall)
        self.assertEqual(result[0]["retail_points"]["redeemed"], 200.0)
        self.assertEqual(result[0]["retail_points"]["balance"], 380.0)
        # the discount line has no taxes and keeps the points
        line = order.lines.filtered(lambda l: l.product_id == self.redemption)
        self.assertFalse(line.tax_ids)
        self.assertEqual(line.retail_redeem_points, 200.0)

    def test_balance_spent_elsewhere_meanwhile(self):
        """The till offered 300 points, another till spent most of them before
        this order synced: the sale stands, the redemption takes what is left
        and the difference is logged on the order."""
        self.book(self.customer_x, 400)
        self.book(self.customer_x, -300, "redeem", idempotency_key="other-till")
        data = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(300)],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        self.assertFalse(order.retail_points_error)
        redeem = self.entries(self.customer_x).filtered(
            lambda e: e.res_model == "pos.order" and e.kind == "redeem"
        )
        self.assertEqual(redeem.points, -100.0)
        self.assertEqual(order.retail_points_redeemed, 100.0)
        self.assertEqual(order.retail_points_shortfall, 200.0)
        self.assertIn("200", order.retail_points_note)
        self.assertIn("covered only", order.retail_points_note)
        # earned on 100 - 30 = 70; the redemption never drove the balance below 0
        self.assertEqual(self.customer_x.reward_points, 70.0)

    def test_redeem_with_empty_balance_still_sells(self):
        data = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(50)],
            self.customer_x,
        )
        self.sync(data)
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(order.retail_points_shortfall, 50.0)
        self.assertEqual(self.entries(self.customer_x).mapped("kind"), ["earn"])
        self.assertGreaterEqual(self.customer_x.reward_points, 0.0)

    def test_discount_worth_more_than_its_points(self):
        """A discount line claiming fewer points than its amount is worth
        (edited price, tampered data) books the points the amount needs."""
        self.book(self.customer_x, 500)
        data = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(10, price=20.0)],
            self.customer_x,
        )
        with mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order"):
            self.sync(data)
        # set aside by the amount check (10 points claimed for 20.00); booked
        # after review, it takes the points the amount needs
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertAlmostEqual(order.retail_points_mismatch, 1.0 - 20.0)
        self.assertEqual(order.retail_points_redeemed, 0.0)
        order.action_retail_book_points()
        self.assertEqual(order.retail_points_redeemed, 200.0)

    def test_redeem_synced_twice_books_once(self):
        self.book(self.customer_x, 500)
        data = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(100)],
            self.customer_x,
        )
        self.sync(data)
        self.sync(data)
        retry = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(100)],
            self.customer_x,
            uid=data["id"],
        )
        retry["data"]["statement_ids"][0][2]["payment_method_id"] = self.cash_pm1.id
        self.sync(retry)
        kinds = self.entries(self.customer_x).mapped("kind")
        self.assertEqual(kinds, ["opening", "redeem", "earn"])
        self.assertEqual(self.customer_x.reward_points, 500 - 100 + 90)
        self.assertEqual(
            self.order_of(data).mapped("retail_points_redeemed"), [100.0, 0.0]
        )
        self.assertIn(
            "already used by order", self.order_of(data)[1].retail_points_error
        )

    def test_ticket_reprint_data(self):
        self.book(self.customer_x, 500)
        data = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(100)],
            self.customer_x,
        )
        self.sync(data)
        exported = self.order_of(data).export_for_ui()[0]
        self.assertEqual(exported["retail_points"]["redeemed"], 100.0)
        self.assertEqual(exported["retail_points"]["earned"], 90.0)
        line = next(
            values
            for _0, _1, values in exported["lines"]
            if values["product_id"] == self.redemption.id
        )
        self.assertEqual(line["retail_redeem_points"], 100.0)


@tagged("post_install", "-at_install")
class TestPosRefund(RetailPosCase):
    def _sell(self, lines, customer=None):
        data = self.ui_order(lines, customer or self.customer_x)
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

    def test_partial_refund_of_goods_keeps_the_redemption(self):
        """Refunding goods only (the points discount line stays sold) takes
        back earned points in proportion and gives no redeemed points back."""
        self.book(self.customer_x, 300)
        order = self._sell([self.ui_line(self.product_plain, 5), self.redeem_line(200)])
        goods = order.lines.filtered(lambda l: l.product_id == self.product_plain)
        data = self.ui_order([self.refund_line(goods, 2)], self.customer_x)
        self.sync(data)
        refund = self.order_of(data)
        # 40 refunded of a base of 80: half the 80 earned points
        self.assertEqual(refund.retail_points_reversed, 40.0)
        self.assertEqual(refund.retail_points_returned, 0.0)

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
        self.company.retail_allow_negative_balance = False
        order = self._sell([self.ui_line(self.product_plain, 5)])
        self.book(self.customer_x, -90, "redeem", idempotency_key="spent")
        self.sync(self.ui_order([self.refund_line(order.lines)], self.customer_x))
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


@tagged("post_install", "-at_install")
class TestPosSalesSummary(RetailPosCase):
    def test_paid_orders_count_once(self):
        first = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        first["data"]["date_order"] = "2026-01-15 10:00:00"
        second = self.ui_order([self.ui_line(self.product_plain, 2)], self.customer_x)
        second["data"]["date_order"] = "2026-02-20 10:00:00"
        self.sync(first, second)
        # both orders earned points: the ledger entries are not counted again
        self.assertEqual(len(self.entries(self.customer_x)), 2)
        Report = self.env["retail.customer.report"]
        summary = Report._get_sales_summary(self.customer_x.ids)
        last = self.order_of(second)
        first_order = self.order_of(first)
        self.assertEqual(
            summary[self.customer_x.id],
            (
                2,
                first_order.amount_total + last.amount_total,
                last.name,
                last.date_order.date(),
            ),
        )
        summary = Report._get_sales_summary(
            self.customer_x.ids, date_from="2026-01-01", date_to="2026-01-31"
        )
        self.assertEqual(summary[self.customer_x.id][0], 1)
