# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import POS_RETAIL_MANAGER, PosCashierCase, RetailPosCase, TillRpcMixin


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
        self.open_session_at("2026-01-02 08:00:00")
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
        self.open_session_at("2026-02-01 08:00:00")
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["date_order"] = "2026-02-03 10:00:00"
        self.sync(data)
        self.assertEqual(self.customer_x.customer_since.isoformat(), "2026-02-03")

    def test_unpaid_order_answers_the_balance_as_it_is(self):
        """An order synced with payments short of its total stays unpaid and
        books nothing: the till is told so, with the customer's balance as
        it is (not the zero of a booking that never happened)."""
        self.book(self.customer_x, 75, "opening")
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["statement_ids"][0][2]["amount"] = 5.0
        data["data"]["amount_paid"] = 5.0
        with self.assertLogs("odoo.addons.point_of_sale.models.pos_order", "ERROR"):
            result = self.sync(data)
        order = self.order_of(data)
        self.assertEqual(order.state, "draft")
        answer = result[0]["retail_points"]
        self.assertTrue(answer["error"])
        self.assertEqual(answer["balance"], 75.0)
        self.assertEqual(answer["earned"], 0.0)
        self.assertEqual(self.customer_x.reward_points, 75.0)

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
                type(self.env["retail.earn.rule"]),
                "_retail_compute_points",
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
        # set aside by the amount check (10 points claimed for 20.00), it
        # takes at once the points the amount needs; the review adds nothing
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertAlmostEqual(order.retail_points_mismatch, 1.0 - 20.0)
        self.assertEqual(order.retail_points_redeemed, 200.0)
        self.assertEqual(self.customer_x.reward_points, 300.0)
        order.action_retail_book_points()
        self.assertEqual(order.retail_points_redeemed, 200.0)
        self.assertEqual(self.customer_x.reward_points, 300.0 + 80.0)

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
class TestPosOrderPointsCashier(RetailPosCase):
    """A cashier (Point of Sale / User, no Retail rights) attacking the points
    of paid orders over the ORM, as the external API and the web client
    reach it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.retail_manager = company_user(
            cls.env, "pos_retail_manager", POS_RETAIL_MANAGER, cls.company
        )

    def _sell(self, lines, customer=None, user=None):
        data = self.ui_order(lines, customer)
        self.sync(data, user=user or self.pos_user)
        return self.order_of(data)

    def test_cashier_cannot_mint_points_with_a_new_reference(self):
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        self.assertEqual(self.customer_x.reward_points, 100)
        as_cashier = order.with_user(self.pos_user)
        with self.assertRaisesMessage(UserError, "receipt number .* cannot change"):
            as_cashier.write({"pos_reference": "Order 99999-999-9999"})
        with self.assertRaisesMessage(AccessError, "retail manager"):
            as_cashier.action_retail_book_points()
        # a manager's re-booking only books what failed, never twice
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertEqual(self.customer_x.reward_points, 100)
        self.assertEqual(len(self.entries(self.customer_x)), 1)

    def test_cashier_cannot_give_a_purchase_to_a_stranger(self):
        order = self._sell([self.ui_line(self.product_plain, 5)])
        stranger = self.Partner.create({"name": "Stranger"})
        # Odoo lets the customer of a paid order be set (to invoice it) ...
        order.with_user(self.pos_user).partner_id = stranger
        with self.assertRaisesMessage(AccessError, "retail manager"):
            order.with_user(self.pos_user).action_retail_book_points()
        # ... and even a manager's re-booking books only failed bookings
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertFalse(self.entries(stranger))
        self.assertEqual(stranger.reward_points, 0)

    def test_cashier_cannot_give_a_paid_sale_to_another_customer(self):
        """Its invoice, credited, would take the points from the new
        customer; a contact of the same customer or a manager may."""
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        victim = self.Partner.create({"name": "Victim"})
        as_cashier = order.with_user(self.pos_user)
        for partner in (victim, self.Partner):
            with self.assertRaisesMessage(UserError, "only a retail manager"):
                as_cashier.write({"partner_id": partner.id})
        self.assertEqual(order.partner_id, self.customer_x)
        colleague = self.Partner.create(
            {"name": "Colleague", "parent_id": self.customer_x.id}
        )
        as_cashier.write({"partner_id": colleague.id})
        self.assertEqual(order.partner_id, colleague)
        order.with_user(self.retail_manager).write({"partner_id": victim.id})
        self.assertEqual(order.partner_id, victim)

    def test_paid_order_keeps_its_fiscal_position(self):
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        export = self.env["account.fiscal.position"].create({"name": "Export"})
        for user in (self.pos_user, self.retail_manager):
            with self.assertRaisesMessage(UserError, "fiscal position cannot"):
                order.with_user(user).write({"fiscal_position_id": export.id})
        self.assertFalse(order.fiscal_position_id)
        order.with_user(self.pos_user).write({"fiscal_position_id": False})
        # an order not paid yet takes one
        draft = order.copy({"state": "draft", "pos_reference": False})
        draft.with_user(self.pos_user).write({"fiscal_position_id": export.id})
        self.assertEqual(draft.fiscal_position_id, export)

    def test_cashier_cannot_write_the_points_figures(self):
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        as_cashier = order.with_user(self.pos_user)
        for vals in (
            {"retail_points_earned": 0},
            {"retail_points_base": 0},
            {"retail_points_redeemed": 1e6},
            {"retail_points_error": False},
            {"retail_points_note": "fine"},
        ):
            with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                as_cashier.write(vals)
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            order.lines.with_user(self.pos_user).write({"retail_redeem_points": 1e6})
        self.assertEqual(order.retail_points_earned, 100)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_till_of_another_company_cannot_book_on_a_customer(self):
        other = self.env["res.company"].create({"name": "Other Shop Oy"})
        foreign = self.Partner.create({"name": "Foreign", "company_id": other.id})
        foreign._post_reward_points(500, "opening", company_id=other.id)
        # a cashier who works for both companies, at a till of this one
        cashier = new_test_user(
            self.env,
            login="two_company_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[(6, 0, (self.company | other).ids)],
        )
        order = self._sell(
            [self.ui_line(self.product_plain, 5), self.redeem_line(200)],
            foreign,
            user=cashier,
        )
        self.assertEqual(order.state, "paid")
        self.assertIn("belongs to Other Shop Oy", order.retail_points_error)
        self.assertEqual(foreign.reward_points, 500)
        self.assertEqual(len(self.entries(foreign)), 1)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_points_discount_without_customer_is_recorded(self):
        order = self._sell([self.ui_line(self.product_plain, 5), self.redeem_line(200)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_shortfall, 200)
        self.assertEqual(order.retail_points_redeemed, 0)
        self.assertIn("no customer", order.retail_points_note)
        shortfalls = self.env["pos.order"].search([("retail_points_shortfall", ">", 0)])
        self.assertIn(order, shortfalls)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_repeated_reference_of_another_customer_books_nothing(self):
        """A second record of one till order (a retry Odoo does not recognise)
        that names another customer cannot take over the booked event."""
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self.sync(data)
        stranger = self.Partner.create({"name": "Stranger"})
        retry = self.ui_order(
            [self.ui_line(self.product_plain)], stranger, uid=data["id"]
        )
        retry["data"]["statement_ids"][0][2]["payment_method_id"] = self.cash_pm1.id
        self.sync(retry)
        second = self.order_of(data)[1]
        self.assertIn("already used by order", second.retail_points_error)
        self.assertFalse(self.entries(stranger))
        self.assertEqual(self.customer_x.reward_points, 20)


@tagged("post_install", "-at_install")
class TestPosOrderPointsKeys(PosCashierCase):
    """An order books once, under its own key: paying an old order again,
    or reusing its receipt number, books nothing."""

    def test_paying_an_old_anonymous_order_again_books_nothing(self):
        order = self.sell_as_cashier(
            self.ui_order([self.ui_line(self.product_plain, 50)])
        )
        friend = self.Partner.create({"name": "Cashier's friend"})
        as_cashier = order.with_user(self.cashier)
        as_cashier.write({"partner_id": friend.id})
        as_cashier.action_pos_order_paid()
        self.assertEqual(friend.reward_points, 0)
        self.assertFalse(self.entries(friend))

    def test_old_anonymous_discount_is_not_charged_to_a_victim(self):
        victim = self.Partner.create({"name": "Far-away Victim"})
        self.book(victim, 500)
        order = self.sell_as_cashier(
            self.ui_order([self.ui_line(self.product_plain, 5), self.redeem_line(500)])
        )
        self.assertEqual(order.retail_points_shortfall, 500)
        as_cashier = order.with_user(self.cashier)
        as_cashier.write({"partner_id": victim.id})
        as_cashier.action_pos_order_paid()
        self.assertEqual(victim.reward_points, 500)
        self.assertEqual(order.retail_points_shortfall, 500)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_reused_receipt_number_books_nothing_and_says_so(self):
        self.book(self.customer_x, 200)
        uid = self.create_random_uid()
        first = self.sell_as_cashier(
            self.ui_order(
                [self.ui_line(self.product_plain, 1), self.redeem_line(200)],
                self.customer_x,
                uid=uid,
            )
        )
        second = self.sell_as_cashier(
            self.ui_order(
                [self.ui_line(self.product_plain, 2), self.redeem_line(200)],
                self.customer_x,
                uid=uid,
            )
        )
        self.assertNotEqual(first, second)
        self.assertIn("already used by order", second.retail_points_error)
        self.assertEqual(
            self.env["pos.order"].search([("retail_points_error", "!=", False)]),
            second,
        )


@tagged("post_install", "-at_install")
class TestPosOrderPointsRpc(TillRpcMixin, RetailPosCase, HttpCase):
    """The cashier's attacks on a paid order as they come in: JSON-RPC calls
    of the web client's own route, with a real session."""

    @mute_logger("odoo.http")
    def test_cashier_over_json_rpc(self):
        data = self.ui_order([self.ui_line(self.product_plain, 5)], self.customer_x)
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertEqual(self.customer_x.reward_points, 100)
        self.authenticate("retail_cashier", "retail_cashier")
        user_error = "odoo.exceptions.UserError"
        ids = [order.id]
        self._refused(user_error, "pos.order", "write", ids, {"pos_reference": "X1"})
        self._refused(
            "odoo.exceptions.AccessError", "pos.order", "action_retail_book_points", ids
        )
        for field, value in (
            ("retail_points_earned", 0),
            ("retail_points_base", 0),
            ("retail_points_redeemed", 1000000),
        ):
            self._refused(user_error, "pos.order", "write", ids, {field: value})
        order.invalidate_recordset()
        self.assertEqual(order.retail_points_earned, 100)
        self.assertEqual(order.pos_reference, data["data"]["name"])
        # a full refund still takes back everything the sale earned
        self.sync(
            self.ui_order([self.refund_line(order.lines)], self.customer_x),
            user=self.pos_user,
        )
        self.assertEqual(self.customer_x.reward_points, 0)
