# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The server trusts no figure of the till: a cashier's browser session sends
forged amounts, states, dates and refunds over ``/web/dataset/call_kw``, and
nothing is earned, redeemed or given back that the money paid does not
justify."""

from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import POS_RETAIL_MANAGER, PosCashierCase, RetailPosCase

HOLD_LOGGER = "odoo.addons.crm_retail_customers_pos.models.pos_order"


@tagged("post_install", "-at_install")
class TestPosAmountCheck(RetailPosCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.retail_manager = company_user(
            cls.env, "amount_check_manager", POS_RETAIL_MANAGER, cls.company
        )

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _till_sync(self, *orders, login="retail_cashier", companies=None):
        """The cashier's till syncs ``orders`` over JSON-RPC (``companies``:
        the companies enabled in the cashier's web client)."""
        self.authenticate(login, login)
        kwargs = {"draft": False}
        if companies:
            kwargs["context"] = {"allowed_company_ids": companies.ids}
        result = self._call("pos.order", "create_from_ui", list(orders), **kwargs)
        self.env.invalidate_all()
        return result

    def _forge(self, data, index, **values):
        data["data"]["lines"][index][2].update(values)
        return data

    def assertSetAside(self, order, mismatch):
        self.assertEqual(order.state, "paid")
        self.assertTrue(order.retail_points_held)
        self.assertAlmostEqual(
            order.retail_points_mismatch, mismatch, delta=abs(mismatch) * 1e-9 + 0.005
        )
        self.assertIn(
            "differ from those the server computes", order.retail_points_error
        )
        # nothing but its points discount (reserved at once) is booked
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", order.id)]
        )
        self.assertFalse(entries.filtered(lambda entry: entry.kind != "redeem"))
        held = self.env["pos.order"].search([("retail_points_held", "=", True)])
        self.assertIn(order, held)

    # -- finding 1: points from amounts nobody paid -----------------------------
    @mute_logger(HOLD_LOGGER)
    def test_forged_line_amounts_earn_nothing(self):
        """A 20.00 sale, paid 20.00, whose line says 100,000 (1e300 is no
        figure a till sends: refused before anything is saved, see
        ``TestPosUiOrderInput``)."""
        for forged in (100000.0,):
            data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
            self._forge(data, 0, price_subtotal=forged, price_subtotal_incl=forged)
            self._till_sync(data)
            order = self.order_of(data)
            self.assertSetAside(order, forged - 20.0)
            self.assertEqual(order.retail_points_earned, 0.0)
            self.assertEqual(self.customer_x.reward_points, 0.0)
        # a retail manager books it after review: from the server's 20.00
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertFalse(order.retail_points_held)
        self.assertEqual(order.retail_points_earned, 20.0)
        self.assertEqual(self.customer_x.reward_points, 20.0)
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertEqual(self.customer_x.reward_points, 20.0)

    @mute_logger(HOLD_LOGGER)
    def test_discount_line_with_zero_amount_takes_its_points(self):
        """A 10.00 points discount sent with a subtotal of 0."""
        self.book(self.customer_x, 500)
        data = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(100)], self.customer_x
        )
        self._forge(
            data, 1, price_subtotal=0.0, price_subtotal_incl=0.0, retail_redeem_points=0
        )
        self._till_sync(data)
        order = self.order_of(data)
        self.assertSetAside(order, 10.0)
        # the discount takes the 100 points it is worth at once
        self.assertEqual(self.customer_x.reward_points, 400.0)
        # booked after review, nothing is redeemed twice
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertEqual(order.retail_points_redeemed, 100.0)
        self.assertEqual(order.retail_points_earned, 10.0)
        self.assertEqual(self.customer_x.reward_points, 410.0)

    @mute_logger(HOLD_LOGGER)
    def test_cashier_cannot_rewrite_an_order_set_aside(self):
        """A cashier's RPC on an order set aside: its lines, payments and
        customer are what a manager books after review, so none of them can
        be changed (a line at 1,000.00 with a payment to match would earn
        1,500 points on a 20.00 sale)."""
        other = self.Partner.create({"name": "Friend of the Cashier"})
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self._forge(data, 0, price_subtotal=19.0, price_subtotal_incl=19.0)
        self._till_sync(data)
        order = self.order_of(data)
        self.assertSetAside(order, -1.0)
        line, payment = order.lines, order.payment_ids
        self.authenticate("retail_cashier", "retail_cashier")
        for model, method, args in (
            ("pos.order.line", "write", [line.ids, {"price_unit": 1000.0}]),
            ("pos.order.line", "unlink", [line.ids]),
            (
                "pos.order.line",
                "create",
                [{**self.ui_line(self.product_plain, 50), "order_id": order.id}],
            ),
            ("pos.payment", "write", [payment.ids, {"amount": 1000.0}]),
            ("pos.payment", "unlink", [payment.ids]),
            (
                "pos.payment",
                "create",
                [
                    {
                        "pos_order_id": order.id,
                        "amount": 980.0,
                        "payment_method_id": self.bank_pm1.id,
                    }
                ],
            ),
            ("pos.order", "write", [order.ids, {"partner_id": other.id}]),
        ):
            with self.subTest(model=model, method=method):
                with self.assertRaises(JsonRpcException) as cm:
                    self._call(model, method, *args)
                self.assertEqual(cm.exception.args[0], "odoo.exceptions.UserError")
        self.env.invalidate_all()
        self.assertEqual(order.partner_id, self.customer_x)
        self.assertEqual(line.price_unit, 20.0)
        self.assertEqual(sum(order.payment_ids.mapped("amount")), 20.0)
        # booked after review from the server's 20.00, for its customer
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertEqual(order.retail_points_earned, 20.0)
        self.assertEqual(self.customer_x.reward_points, 20.0)
        self.assertFalse(other.reward_points)

    @mute_logger(HOLD_LOGGER)
    def test_refund_of_an_order_set_aside_waits_for_it(self):
        """A sale set aside, refunded before its review: the refund is set
        aside too; booked before the sale it books nothing (and says why),
        booked with it, after it, it takes back what the sale earned."""
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self._forge(data, 0, price_subtotal=19.0, price_subtotal_incl=19.0)
        self._till_sync(data)
        sale = self.order_of(data)
        self.assertTrue(sale.retail_points_held)
        refund_data = self.ui_order([self.refund_line(sale.lines)], self.customer_x)
        self._till_sync(refund_data)
        refund = self.order_of(refund_data)
        self.assertTrue(refund.retail_points_held)
        self.assertIn("set aside: book that order", refund.retail_points_error)
        manager = self.retail_manager
        refund.with_user(manager).action_retail_book_points()
        self.assertIn("book the points of", refund.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        (refund | sale).with_user(manager).action_retail_book_points()
        self.assertEqual(sale.retail_points_earned, 20.0)
        self.assertEqual(refund.retail_points_reversed, 20.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    @mute_logger(HOLD_LOGGER)
    def test_discount_claiming_fewer_points_than_its_value(self):
        self.book(self.customer_x, 500)
        data = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(1, price=10.0)],
            self.customer_x,
        )
        self._till_sync(data)
        order = self.order_of(data)
        self.assertSetAside(order, 0.1 - 10.0)
        # a 10.00 discount costs its 100 points, whatever the till claimed
        self.assertEqual(order.retail_points_redeemed, 100.0)
        self.assertEqual(self.customer_x.reward_points, 400.0)

    @mute_logger(HOLD_LOGGER)
    def test_set_aside_order_keeps_its_points_from_another_till(self):
        """An order set aside redeems its points discount at once: the same
        points cannot be spent again at another till while it waits for
        review, and the review redeems nothing twice."""
        self.book(self.customer_x, 150)
        held = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(100)], self.customer_x
        )
        # a goods line with a forged amount sets the order aside
        self._forge(held, 0, price_subtotal=30.0, price_subtotal_incl=30.0)
        self._till_sync(held)
        order = self.order_of(held)
        self.assertSetAside(order, 10.0)
        self.assertEqual(order.retail_points_redeemed, 100.0)
        self.assertEqual(order.retail_points_earned, 0.0)
        self.assertEqual(self.customer_x.reward_points, 50.0)
        # the customer tries the same 100 points at another till
        again = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(100)], self.customer_x
        )
        self._till_sync(again)
        other = self.order_of(again)
        self.assertFalse(other.retail_points_held)
        self.assertEqual(other.retail_points_redeemed, 50.0)
        self.assertEqual(other.retail_points_shortfall, 50.0)
        # the review books the rest of the held order, not its discount again
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertFalse(order.retail_points_held)
        self.assertEqual(order.retail_points_redeemed, 100.0)
        self.assertEqual(order.retail_points_earned, 10.0)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(
            sorted(entries.mapped("kind")), ["earn", "redeem"], entries.mapped("kind")
        )
        self.assertEqual(
            self.customer_x.reward_points,
            sum(self.entries(self.customer_x).mapped("points")),
        )
        self.assertEqual(self.customer_x.reward_points, 150 - 100 - 50 + 10 + 10)

    @mute_logger(HOLD_LOGGER)
    def test_forged_refund_gives_back_nothing(self):
        self.book(self.customer_x, 500)
        sale = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(100)], self.customer_x
        )
        self._till_sync(sale)
        origin = self.order_of(sale)
        self.assertEqual(self.customer_x.reward_points, 410.0)
        discount = origin.lines.filtered(
            lambda line: line.product_id == self.redemption
        )
        # a tenth of the discount refunded, said to be all of it
        refund = self.ui_order([self.refund_line(discount, qty=0.1)], self.customer_x)
        self._forge(refund, 0, price_subtotal=10.0, price_subtotal_incl=10.0)
        self._till_sync(refund)
        order = self.order_of(refund)
        self.assertSetAside(order, 9.0)
        self.assertEqual(self.customer_x.reward_points, 410.0)

    @mute_logger(HOLD_LOGGER)
    def test_forged_return_does_not_empty_a_balance(self):
        victim = self.Partner.create({"name": "Victim"})
        self.book(victim, 500)
        data = self.ui_order([self.ui_line(self.product_plain, -1)], victim)
        self._forge(data, 0, price_subtotal=-5000.0, price_subtotal_incl=-5000.0)
        self._till_sync(data)
        order = self.order_of(data)
        self.assertSetAside(order, -4980.0)
        self.assertEqual(victim.reward_points, 500.0)

    def test_earning_capped_at_the_payments(self):
        """Consistent amounts, but the payment recorded is less than the
        order's total (cash rounding, a payment removed): points are earned
        on what was paid."""
        data = self.ui_order([self.ui_line(self.product_plain, 5)], self.customer_x)
        self._till_sync(data)
        order = self.order_of(data)
        self.assertEqual(order.retail_points_earned, 100.0)
        # the recorded payments are what caps the base
        lines = order.lines
        ledger = {
            "amounts": order._retail_server_amounts(lines),
            "paid": 60.0,
        }
        self.assertEqual(order._retail_earn_base(lines, ledger), 60.0)
        ledger["paid"] = -5.0
        self.assertEqual(order._retail_earn_base(lines, ledger), 0.0)

    # -- finding 2: a paid order books again ----------------------------------
    @mute_logger("odoo.http")
    def test_paid_order_cannot_book_again(self):
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self._till_sync(data)
        order = self.order_of(data)
        self.assertEqual(self.customer_x.reward_points, 20.0)
        self.assertTrue(order.retail_points_booked)
        ids = [order.id]
        for method, args in (
            ("write", [ids, {"state": "draft"}]),
            ("write", [ids, {"state": "cancel"}]),
            ("write", [ids, {"state": "draft", "pos_reference": "Order 99"}]),
            ("action_pos_order_cancel", [ids]),
            ("write", [ids, {"retail_points_booked": False}]),
        ):
            with self.assertRaises(JsonRpcException) as cm:
                self._call("pos.order", method, *args)
            self.assertEqual(cm.exception.args[0], "odoo.exceptions.UserError")
        order.invalidate_recordset()
        self.assertEqual(order.state, "paid")
        # even back in draft under another reference (a path that bypassed
        # the ORM), paying it again books nothing
        self.env.cr.execute(
            "UPDATE pos_order SET state = 'draft', pos_reference = 'Order 99' "
            "WHERE id = %s",
            ids,
        )
        self.env.invalidate_all()
        for _repeat in range(3):
            self._call("pos.order", "action_pos_order_paid", ids)
        self.env.invalidate_all()
        self.assertEqual(order.state, "paid")
        self.assertEqual(self.customer_x.reward_points, 20.0)
        self.assertEqual(len(self.entries(self.customer_x)), 1)
        # the ledger refuses too, should the marker be gone
        self.env.cr.execute(
            "UPDATE pos_order SET retail_points_booked = false WHERE id = %s", ids
        )
        self.env.invalidate_all()
        order.with_user(self.retail_manager).action_retail_book_points()
        order._retail_book_points_safely()
        self.assertIn("already booked", order.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 20.0)

    def test_odoo_flows_still_move_a_paid_order_on(self):
        customer = self.customer_x
        invoiced = self.ui_order([self.ui_line(self.product_plain)], customer)
        plain = self.ui_order([self.ui_line(self.product_plain, 2)], customer)
        self._till_sync(invoiced, plain)
        to_invoice = self.order_of(invoiced)
        to_invoice.action_pos_order_invoice()
        self.assertEqual(to_invoice.state, "invoiced")
        self.pos_session.action_pos_session_closing_control()
        self.assertEqual(self.order_of(plain).state, "done")
        self.assertEqual(customer.reward_points, 60.0)

    # -- finding 3: the till's date -------------------------------------------
    def test_till_date_outside_the_session_is_not_believed(self):
        start = self.pos_session.start_at
        for when in ("2099-01-01 10:00:00", "2020-01-01 10:00:00"):
            data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
            data["data"]["date_order"] = when
            before = fields.Datetime.now()
            self._till_sync(data)
            order = self.order_of(data)
            self.assertEqual(fields.Datetime.to_string(order.date_order), when)
            entry = self.entries(self.customer_x)[-1]
            self.assertEqual(entry.res_id, order.id)
            self.assertGreaterEqual(entry.date, max(start, before))
            self.assertLessEqual(entry.date, fields.Datetime.now())
            if entry.expiry_date:
                months = self.company.retail_points_validity_months
                self.assertLessEqual(
                    entry.expiry_date,
                    (fields.Datetime.now() + timedelta(days=31 * months + 1)).date(),
                )
        # a date within the session (a late sync) is kept
        self.open_session_at(datetime(2026, 1, 15, 9, 0))
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["date_order"] = "2026-01-15 10:00:00"
        self._till_sync(data)
        entry = self.entries(self.customer_x)[-1]
        self.assertEqual(fields.Datetime.to_string(entry.date), "2026-01-15 10:00:00")

    def test_session_opening_moved_back_does_not_date_points_back(self):
        """A POS user may write the session's ``start_at`` (Odoo opens the
        session as the cashier): moved two months back, it would let an
        order "of" that time earn by a campaign long over. The session
        opened when the server created it, at the earliest."""
        now = fields.Datetime.now()
        self.env["retail.earn.rule"].create(
            {
                "name": "Past triple points",
                "multiplier": 3.0,
                "date_from": (now - timedelta(days=70)).date(),
                "date_to": (now - timedelta(days=50)).date(),
                "company_id": self.company.id,
            }
        )
        self.pos_session.with_user(self.pos_user).write(
            {"start_at": now - timedelta(days=60)}
        )
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["date_order"] = fields.Datetime.to_string(now - timedelta(days=55))
        before = fields.Datetime.now()
        self.sync(data, user=self.pos_user)
        entry = self.entries(self.customer_x)[-1]
        self.assertEqual((entry.kind, entry.points), ("earn", 20.0))
        self.assertGreaterEqual(entry.date, before)
        self.assertNotIn("Past triple points", entry.detail_ids.mapped("name"))

    def test_the_rules_day_is_the_companys_not_the_tills(self):
        """The earning rules' day is the company's (its contact's time zone):
        a till sending the time zone of the other side of the date line does
        not start tomorrow's campaign today (nor prolong yesterday's)."""
        now = fields.Datetime.now()
        company_day = now.date()  # the company's contact has no time zone: UTC
        self.assertFalse(self.company.partner_id.tz)
        # one of the two is on another day than UTC, whatever the hour
        for tz in ("Pacific/Kiritimati", "Etc/GMT+12"):
            other_day = fields.Date.context_today(
                self.env["pos.order"].with_context(tz=tz), now
            )
            if other_day != company_day:
                break
        self.env["retail.earn.rule"].create(
            {
                "name": "Another day's double points",
                "multiplier": 2.0,
                "date_from": other_day,
                "date_to": other_day,
                "company_id": self.company.id,
            }
        )
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self.env["pos.order"].with_user(self.pos_user).with_context(
            tz=tz
        ).create_from_ui([data])
        self.assertEqual(self.entries(self.customer_x)[-1].points, 20.0)
        # where the company is on that day, the campaign runs
        self.company.partner_id.tz = tz
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.entries(self.customer_x)[-1].points, 40.0)

    # -- finding 5: a refund at another company's till -------------------------
    def test_refund_at_another_company_till_books_where_the_sale_booked(self):
        company_b = self.company_data_2["company"]
        company_b.write({"retail_points_per_currency": 1.0, "retail_point_value": 0.1})
        new_test_user(
            self.env,
            login="two_company_till",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[(6, 0, (self.company | company_b).ids)],
        )
        shared = self.Partner.create({"name": "Shared Customer"})
        self.assertFalse(shared.company_id)
        self.book(shared, 500)
        sale = self.ui_order(
            [self.ui_line(self.product_plain, 5), self.redeem_line(100)], shared
        )
        self._till_sync(sale, login="two_company_till")
        origin = self.order_of(sale)
        self.assertEqual(shared.reward_points, 500 - 100 + 90)
        # company B's till
        bank_b = (
            self.env["pos.payment.method"]
            .with_company(company_b)
            .create(
                {
                    "name": "Bank B",
                    "journal_id": self.company_data_2["default_journal_bank"].id,
                    "company_id": company_b.id,
                }
            )
        )
        pricelist_b = self.env["product.pricelist"].create(
            {
                "name": "B prices",
                "currency_id": company_b.currency_id.id,
                "company_id": company_b.id,
            }
        )
        config_b = (
            self.env["pos.config"]
            .with_company(company_b)
            .create(
                {
                    "name": "Shop B",
                    "company_id": company_b.id,
                    "payment_method_ids": [(6, 0, bank_b.ids)],
                    "pricelist_id": pricelist_b.id,
                    "available_pricelist_ids": [(6, 0, pricelist_b.ids)],
                }
            )
        )
        config_b.with_company(company_b).open_ui()
        session_b = config_b.current_session_id
        refund = self.ui_order(
            [self.refund_line(line) for line in origin.lines], shared
        )
        refund["data"]["pos_session_id"] = session_b.id
        refund["data"]["pricelist_id"] = pricelist_b.id
        refund["data"]["statement_ids"][0][2]["payment_method_id"] = bank_b.id
        self._till_sync(
            refund, login="two_company_till", companies=company_b | self.company
        )
        order = self.order_of(refund)
        self.assertEqual(order.company_id, company_b)
        self.assertFalse(order.retail_points_held)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(sorted(entries.mapped("kind")), ["redeem", "reverse"])
        self.assertEqual(entries.company_id, self.company)
        self.assertEqual(shared.reward_points, 500.0)

    @mute_logger(HOLD_LOGGER, "odoo.http")
    def test_external_api_cashier(self):
        """The same attacks through the external API (XML-RPC)."""
        db = self.env.cr.dbname
        uid = self.pos_user.id

        def call(model, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                db, uid, "retail_cashier", model, method, list(args), kwargs
            )

        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self._forge(data, 0, price_subtotal=100000.0, price_subtotal_incl=100000.0)
        call("pos.order", "create_from_ui", [data], draft=False)
        self.env.invalidate_all()
        order = self.order_of(data)
        self.assertSetAside(order, 99980.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        with self.assertRaises(Exception) as cm:
            call("pos.order", "write", [order.id], {"state": "draft"})
        self.assertIn("cannot go back to draft", str(cm.exception))
        with self.assertRaises(Exception) as cm:
            call("pos.order", "action_retail_book_points", [order.id])
        self.assertIn("Only a retail manager", str(cm.exception))
        self.env.invalidate_all()
        self.assertEqual(order.state, "paid")
        self.assertTrue(order.retail_points_held)


@tagged("post_install", "-at_install")
class TestPosUiOrderInput(PosCashierCase):
    """Orders whose figures are no numbers or whose dates are no dates are
    refused with a message the till shows, and nothing is saved."""

    def assert_refused(self, data, message):
        with self.assertRaisesRegex(UserError, message):
            self.sync(data, user=self.cashier)
        self.assertFalse(self.order_of(data))
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_nan_quantity_is_refused(self):
        data = self.ui_order(
            [self.ui_line(self.product_plain)], customer=self.customer_x
        )
        data["data"]["lines"][0][2]["qty"] = float("nan")
        self.assert_refused(data, r"qty = nan, which is not a number")

    def test_infinite_price_is_refused(self):
        line = self.ui_line(self.product_plain)
        line["price_unit"] = float("inf")
        data = self.ui_order([line], customer=self.customer_x)
        self.assert_refused(data, r"price_unit = inf, which is not a number")

    def test_text_amount_is_refused(self):
        data = self.ui_order(
            [self.ui_line(self.product_plain)], customer=self.customer_x
        )
        data["data"]["amount_total"] = "20"
        self.assert_refused(data, r"amount_total = '20', which is not a number")

    def test_invalid_order_date_is_refused(self):
        data = self.ui_order(
            [self.ui_line(self.product_plain)], customer=self.customer_x
        )
        data["data"]["date_order"] = "2026-13-45 25:61:00"
        self.assert_refused(data, r"date_order = .*not a date and time")

    def test_invalid_payment_date_is_refused(self):
        data = self.ui_order(
            [self.ui_line(self.product_plain)], customer=self.customer_x
        )
        data["data"]["statement_ids"][0][2]["name"] = "yesterday"
        self.assert_refused(data, r"name = 'yesterday', which is not a date")

    def test_line_command_on_another_order_is_refused(self):
        """``(1, id, values)`` would rewrite a line of a paid order."""
        sold = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self.sync(sold, user=self.cashier)
        line = self.order_of(sold).lines
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["lines"].append((1, line.id, {"price_unit": 5000.0}))
        with self.assertRaisesRegex(UserError, "not a list of new order lines"):
            self.sync(data, user=self.cashier)
        self.assertEqual(line.price_unit, 20.0)
        self.assertFalse(self.order_of(data))

    def test_huge_discount_is_refused(self):
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["lines"][0][2]["discount"] = 1e300
        self.assert_refused(data, r"discount = 1e\+300, which is not a number")

    def test_astronomical_subtotal_is_refused(self):
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["lines"][0][2]["price_subtotal"] = 1e300
        self.assert_refused(data, r"price_subtotal = 1e\+300, which is not a number")

    def test_year_one_is_refused(self):
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["date_order"] = "0001-01-01 00:00:00"
        self.assert_refused(data, r"date_order = .*not a date and time")

    def test_text_id_is_refused(self):
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        data["data"]["lines"][0][2]["product_id"] = str(self.product_plain.id)
        self.assert_refused(data, r"product_id = .*not a record id")

    def test_no_order_data_is_refused(self):
        with self.assertRaisesRegex(UserError, "without its data"):
            self.sync(1, user=self.cashier)

    def test_good_order_still_books(self):
        data = self.ui_order(
            [self.ui_line(self.product_plain)], customer=self.customer_x
        )
        self.sync(data, user=self.cashier)
        self.assertEqual(self.order_of(data).state, "paid")
        self.assertEqual(self.customer_x.reward_points, 20.0)
