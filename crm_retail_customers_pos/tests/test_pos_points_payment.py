# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Points redeemed as a payment: the price and the tax base stay whole, a
points payment method draws on the balance with the checks of the points
discount, the session books what the points paid to the points journal, and
refunds paid back with points give back what the sale drew.

Every order is sent by a cashier (Point of Sale / User, no Retail rights) as
the till sends it: the amount, the method, the customer and the mode of a
points payment are all the till's word, checked by the server."""

import random

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import (
    company_user,
    screenshot_at_end,
)

from . import test_points_estimate as estimate_tests
from .common import POS_CASHIER, POS_RETAIL_MANAGER, RetailPosTourCase
from .test_pos_redeem_taxes import RedeemTaxesCase

BOOKING_LOGGER = "odoo.addons.crm_retail_customers_pos.models.pos_order"


class PointsPaymentCase(RedeemTaxesCase):
    """The test company redeems points as a payment; its till has a
    "Reward points" method (a bank journal of its own). The customer has
    1,000 points worth 100.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_redeem_mode = "payment"
        cls.points_journal = cls.env["account.journal"].create(
            {
                "name": "Reward points",
                "code": "RWPT",
                "type": "bank",
                "company_id": cls.company.id,
            }
        )
        cls.points_method = cls.env["pos.payment.method"].create(
            {
                "name": "Reward points",
                "journal_id": cls.points_journal.id,
                "retail_points_payment": True,
                "company_id": cls.company.id,
            }
        )
        cls.config.payment_method_ids |= cls.points_method
        cls.cashier = company_user(cls.env, "points_cashier", POS_CASHIER, cls.company)

    def pay_with_points(self, data, amount, method=None):
        """Pay ``amount`` of the order ``data`` with points, the rest by bank."""
        payments = data["data"]["statement_ids"]
        bank = payments[0][2]
        payments.append(
            (
                0,
                0,
                dict(
                    bank,
                    amount=amount,
                    payment_method_id=(method or self.points_method).id,
                ),
            )
        )
        bank["amount"] = round(bank["amount"] - amount, 2)
        return data

    def full_price_order(self, customer=None, points_paid=32.10):
        """The jacket (107.00) and the scarf (53.50): 160.50, of which
        ``points_paid`` (32.10: 321 points) paid with points; the customer
        X unless ``customer`` is given (an empty one: no customer)."""
        data = self.ui_order(
            [self.ui_line(self.product_taxed), self.ui_line(self.product_ten)],
            customer=self.customer_x if customer is None else customer,
        )
        return self.pay_with_points(data, points_paid)

    def sell(self, data, user=None):
        """Sync ``data`` as the cashier (or ``user``); the order made of it."""
        self.sync(data, user=user or self.cashier)
        return self.order_of(data)


@tagged("post_install", "-at_install")
class TestPosPointsPayment(PointsPaymentCase):
    def test_redeem_mode_setting(self):
        """Discount is the default; the settings write the company's mode."""
        company = self.env["res.company"].create({"name": "Fresh Shop"})
        self.assertEqual(company.retail_points_redeem_mode, "discount")
        settings = self.env["res.config.settings"].with_company(company).create({})
        self.assertEqual(settings.retail_points_redeem_mode, "discount")
        settings.retail_points_redeem_mode = "payment"
        settings.execute()
        self.assertEqual(company.retail_points_redeem_mode, "payment")

    def test_points_method_needs_a_bank_journal(self):
        with self.assertRaisesRegex(Exception, "needs a bank journal"):
            self.env["pos.payment.method"].create(
                {
                    "name": "Points in the drawer",
                    "journal_id": self.company_data["default_journal_cash"].id,
                    "retail_points_payment": True,
                    "company_id": self.company.id,
                }
            )

    def test_payment_keeps_the_full_tax_base(self):
        order = self.sell(self.full_price_order())
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 321.0)
        self.assertEqual(order.retail_points_shortfall, 0.0)
        # 7.00 + 4.86: the taxes of the full price, nothing lowered
        self.assertAlmostEqual(order.amount_tax, 11.86, places=2)
        self.assertAlmostEqual(order.amount_total, 160.50, places=2)
        entry = self.entries(self.customer_x).filtered(
            lambda e: (e.idempotency_key or "").endswith(":pay")
        )
        self.assertEqual(
            (entry.kind, entry.points, entry.amount), ("redeem", -321, 32.1)
        )
        # what earns: 148.64 without taxes, less the fifth points paid
        # (32.10 of 160.50) = 118.91, as the same points as a discount earn
        self.assertAlmostEqual(order.retail_points_earned, 118.91)
        self.assertAlmostEqual(self.customer_x.reward_points, 1000 - 321 + 118.91)
        answer_balance = order._retail_points_ui_data()["balance"]
        self.assertAlmostEqual(answer_balance, self.customer_x.reward_points)

    def test_invoice_of_the_order_has_the_full_tax_base(self):
        order = self.sell(self.full_price_order())
        order.action_pos_order_invoice()
        invoice = order.account_move
        self.assertAlmostEqual(invoice.amount_tax, 11.86, places=2)
        self.assertAlmostEqual(invoice.amount_total, 160.50, places=2)
        details = self.tax_details(invoice)
        self.assertEqual(details[self.tax7.name], (7.0, 100.0))
        self.assertEqual(details[self.tax10.name], (4.86, 48.64))

    def test_closed_session_books_full_taxes_and_the_points_journal(self):
        order = self.sell(self.full_price_order())
        session = self.pos_session
        session.post_closing_cash_details(0.0)
        session.close_session_from_ui()
        self.assertEqual(session.state, "closed")
        details = self.tax_details(session.move_id)
        self.assertEqual(details[self.tax7.name], (7.0, 100.0))
        self.assertEqual(details[self.tax10.name], (4.86, 48.64))
        self.assertAlmostEqual(
            sum(amount for amount, _base in details.values()), order.amount_tax
        )
        points_lines = self.env["account.move.line"].search(
            [
                ("journal_id", "=", self.points_journal.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertTrue(points_lines)
        self.assertAlmostEqual(sum(points_lines.mapped("debit")), 32.10, places=2)

    def test_resync_draws_once(self):
        data = self.full_price_order()
        self.sell(data)
        balance = self.customer_x.reward_points
        self.sync(data, user=self.cashier)
        self.assertEqual(self.customer_x.reward_points, balance)
        self.assertEqual(len(self.order_of(data)), 1)

    def test_refund_paid_back_with_points_gives_back_what_was_drawn(self):
        order = self.sell(self.full_price_order())
        refund = self.ui_order(
            [self.refund_line(line) for line in order.lines],
            customer=self.customer_x,
        )
        refund = self.sell(self.pay_with_points(refund, -32.10))
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertFalse(refund.retail_points_note)
        self.assertEqual(refund.retail_points_returned, 321.0)
        self.assertAlmostEqual(refund.retail_points_reversed, 118.91)
        self.assertAlmostEqual(self.customer_x.reward_points, 1000.0)
        self.assertEqual(
            len(
                self.entries(self.customer_x).filtered(
                    lambda e: ":payback:" in (e.idempotency_key or "")
                )
            ),
            1,
        )

    def test_partial_refund_gives_back_its_share_only(self):
        """The scarf (53.50, a third of the sale) refunded, all of it paid
        back "with points": only the third of what points paid (10.70, 107
        points) goes back; the rest of the points payment paid the jacket."""
        order = self.sell(self.full_price_order())
        balance = self.customer_x.reward_points
        scarf = order.lines.filtered(lambda l: l.product_id == self.product_ten)
        refund = self.ui_order([self.refund_line(scarf)], customer=self.customer_x)
        refund = self.sell(self.pay_with_points(refund, -53.50))
        self.assertEqual(refund.retail_points_returned, 107.0)
        # and a second refund of the scarf has nothing left of it to give
        jacket = order.lines - scarf
        refund2 = self.ui_order([self.refund_line(jacket)], customer=self.customer_x)
        refund2 = self.sell(self.pay_with_points(refund2, -107.0))
        self.assertEqual(refund2.retail_points_returned, 214.0)
        self.assertAlmostEqual(
            self.customer_x.reward_points,
            balance
            + 321
            - refund.retail_points_reversed
            - refund2.retail_points_reversed,
        )

    def test_refund_of_an_order_paid_all_with_points(self):
        """The scarf paid with points alone earns nothing (no earn entry):
        its refund still gives back the 535 points it drew."""
        data = self.ui_order([self.ui_line(self.product_ten)], self.customer_x)
        order = self.sell(self.pay_with_points(data, 53.50))
        self.assertEqual(order.retail_points_redeemed, 535.0)
        self.assertEqual(order.retail_points_earned, 0.0)
        refund = self.ui_order(
            [self.refund_line(line) for line in order.lines], self.customer_x
        )
        refund = self.sell(self.pay_with_points(refund, -53.50))
        self.assertEqual(refund.retail_points_returned, 535.0)
        self.assertEqual(self.customer_x.reward_points, 1000.0)

    def test_refund_paid_back_in_money_gives_no_points(self):
        order = self.sell(self.full_price_order())
        refund = self.ui_order(
            [self.refund_line(line) for line in order.lines],
            customer=self.customer_x,
        )
        refund = self.sell(refund)
        self.assertEqual(refund.retail_points_returned, 0.0)


@tagged("post_install", "-at_install")
class TestPosPointsPaymentChecks(PointsPaymentCase):
    """The checks of the points discount hold for the points payment, and
    whatever a cashier forges, no more points than the balance, the member,
    the proof and the mode allow are drawn."""

    @mute_logger(BOOKING_LOGGER)
    def test_discount_mode_draws_nothing(self):
        self.company.retail_points_redeem_mode = "discount"
        order = self.sell(self.full_price_order())
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(order.retail_points_shortfall, 321.0)
        self.assertIn("does not redeem points as a payment", order.retail_points_note)
        # it earns on what money paid only, as in payment mode
        self.assertAlmostEqual(self.customer_x.reward_points, 1000 + 118.91)

    def test_whole_points_company_takes_whole_points(self):
        """30.05 paid with points at 0.10 a point: 301 whole points, never
        300.5."""
        self.company.retail_points_precision = "whole"
        order = self.sell(self.full_price_order(points_paid=30.05))
        self.assertEqual(order.retail_points_redeemed, 301.0)
        self.assertEqual(self.customer_x.reward_points % 1, 0.0)

    @mute_logger(BOOKING_LOGGER)
    def test_set_aside_order_draws_once_after_review(self):
        """An order whose line amounts the till forged is set aside: its
        points payment draws at once (the points cannot be spent again
        meanwhile); booked by a retail manager after review, it draws no
        more."""
        manager = company_user(
            self.env, "points_manager", POS_RETAIL_MANAGER, self.company
        )
        data = self.full_price_order()
        line = data["data"]["lines"][0][2]
        line["price_subtotal"] += 10.0
        line["price_subtotal_incl"] += 10.0
        order = self.sell(data)
        self.assertTrue(order.retail_points_held)
        self.assertEqual(order.retail_points_redeemed, 321.0)
        self.assertEqual(self.customer_x.reward_points, 1000 - 321)
        order.with_user(manager).action_retail_book_points()
        self.assertFalse(order.retail_points_held)
        self.assertEqual(order.retail_points_redeemed, 321.0)
        balance = self.customer_x.reward_points
        self.assertAlmostEqual(balance, 1000 - 321 + 118.91)
        order.with_user(manager).action_retail_book_points()
        self.sync(data, user=self.cashier)
        self.assertEqual(self.customer_x.reward_points, balance)

    @mute_logger(BOOKING_LOGGER)
    def test_forged_amount_beyond_the_balance(self):
        order = self.sell(self.full_price_order(points_paid=150.0))
        self.assertEqual(order.retail_points_redeemed, 1000.0)
        self.assertEqual(order.retail_points_shortfall, 500.0)
        self.assertIn("covered only", order.retail_points_note)
        self.assertGreaterEqual(self.customer_x.reward_points, 0.0)

    @mute_logger(BOOKING_LOGGER)
    def test_non_member_draws_nothing(self):
        self.company.retail_members_only = True
        self.assertFalse(self.customer_x._retail_may_earn(self.company))
        order = self.sell(self.full_price_order())
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(order.retail_points_shortfall, 321.0)
        self.assertEqual(self.customer_x.reward_points, 1000.0)

    @mute_logger(BOOKING_LOGGER)
    def test_no_proof_of_presence_draws_nothing(self):
        self.company.retail_redeem_proof = "card"
        order = self.sell(self.full_price_order())
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertIn("card was not presented", order.retail_points_note)
        self.assertAlmostEqual(self.customer_x.reward_points, 1000 + 118.91)

    def test_card_presented_draws(self):
        self.company.retail_redeem_proof = "card"
        card = self.env["retail.card"].create({"partner_id": self.customer_x.id})
        data = self.full_price_order()
        self.env(user=self.cashier)["res.partner"].retail_pos_find_by_card(
            card.number, self.config.id, data["data"]["name"]
        )
        order = self.sell(data)
        self.assertEqual(order.retail_points_redeemed, 321.0)

    @mute_logger(BOOKING_LOGGER)
    def test_forged_customer_draws_nothing(self):
        """The card of X was presented; the cashier sends the order in the
        name of Y, who has points too."""
        self.company.retail_redeem_proof = "card"
        card = self.env["retail.card"].create({"partner_id": self.customer_x.id})
        other = self.Partner.create({"name": "Someone Else"})
        self.book(other, 1000)
        data = self.full_price_order(customer=other)
        self.env(user=self.cashier)["res.partner"].retail_pos_find_by_card(
            card.number, self.config.id, data["data"]["name"]
        )
        order = self.sell(data)
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(other.reward_points, 1000 + 118.91)
        self.assertEqual(self.customer_x.reward_points, 1000.0)

    @mute_logger(BOOKING_LOGGER)
    def test_points_payment_without_customer(self):
        order = self.sell(self.full_price_order(customer=self.Partner))
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(order.retail_points_shortfall, 321.0)
        self.assertIn("no customer", order.retail_points_note)

    def test_forged_method_id_of_a_plain_bank_method_draws_nothing(self):
        """A payment sent on the plain bank method is money: no points."""
        data = self.full_price_order()
        data["data"]["statement_ids"][1][2]["payment_method_id"] = self.bank_pm1.id
        order = self.sell(data)
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertAlmostEqual(self.customer_x.reward_points, 1000 + 148.64)

    @mute_logger(BOOKING_LOGGER, "odoo.sql_db")
    def test_forged_refund_pays_back_more_than_was_drawn(self):
        """A refund of the jacket alone, paid back 100.00 with points (the
        sale drew 32.10): the jacket's share of the points payment only
        (21.40: 214 points) goes back."""
        order = self.sell(self.full_price_order())
        jacket = order.lines.filtered(lambda l: l.product_id == self.product_taxed)
        refund = self.ui_order([self.refund_line(jacket)], customer=self.customer_x)
        refund = self.sell(self.pay_with_points(refund, -100.0))
        self.assertEqual(refund.retail_points_returned, 214.0)
        # 100.00 - 21.40 paid back on points without points behind them
        self.assertIn("78.60", refund.retail_points_note)

    @mute_logger(BOOKING_LOGGER)
    def test_refund_of_an_order_not_paid_with_points_gives_back_nothing(self):
        data = self.ui_order([self.ui_line(self.product_ten)], customer=self.customer_x)
        order = self.sell(data)
        refund = self.ui_order(
            [self.refund_line(line) for line in order.lines], customer=self.customer_x
        )
        refund = self.sell(self.pay_with_points(refund, -53.50))
        self.assertEqual(refund.retail_points_returned, 0.0)
        self.assertEqual(self.customer_x.reward_points, 1000.0)
        self.assertIn("Pay the customer back in money", refund.retail_points_note)

    @mute_logger(BOOKING_LOGGER)
    def test_sale_paying_out_on_points_gives_nothing_and_says_so(self):
        """A sale whose till paid 10.00 out on the points method (change
        "in points", the bank paying 10.00 more): no points move for it,
        the order says to pay the customer in money."""
        data = self.ui_order([self.ui_line(self.product_ten)], customer=self.customer_x)
        order = self.sell(self.pay_with_points(data, -10.0))
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(order.retail_points_returned, 0.0)
        self.assertEqual(
            self.entries(self.customer_x).filtered(lambda e: e.kind == "redeem"),
            self.env["retail.point.entry"],
        )
        self.assertIn("10.00", order.retail_points_note)
        self.assertIn("Pay the customer in money", order.retail_points_note)
        # a sale paid normally says nothing
        data = self.ui_order([self.ui_line(self.product_ten)], customer=self.customer_x)
        self.assertFalse(self.sell(data).retail_points_note)

    @mute_logger(BOOKING_LOGGER)
    def test_cashier_of_another_company_draws_nothing(self):
        """A till of company B naming a customer of company A: refused."""
        company_b = self.company_data_2["company"]
        company_b.write(
            {"retail_point_value": 0.1, "retail_points_redeem_mode": "payment"}
        )
        self.customer_x.company_id = self.company
        journal_b = self.env["account.journal"].create(
            {
                "name": "Reward points B",
                "code": "RWPB",
                "type": "bank",
                "company_id": company_b.id,
            }
        )
        method_b, bank_b = (
            self.env["pos.payment.method"]
            .with_company(company_b)
            .create(
                [
                    {
                        "name": "Points B",
                        "journal_id": journal_b.id,
                        "retail_points_payment": True,
                        "company_id": company_b.id,
                    },
                    {
                        "name": "Bank B",
                        "journal_id": self.company_data_2["default_journal_bank"].id,
                        "company_id": company_b.id,
                    },
                ]
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
                    "payment_method_ids": [(6, 0, (method_b | bank_b).ids)],
                    "pricelist_id": pricelist_b.id,
                    "available_pricelist_ids": [(6, 0, pricelist_b.ids)],
                }
            )
        )
        config_b.with_company(company_b).open_ui()
        cashier_b = new_test_user(
            self.env,
            login="points_cashier_b",
            groups=POS_CASHIER,
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        plain = self.create_product("Plain B", self.categ_basic, 50.0)
        plain.company_id = False
        data = self.ui_order([self.ui_line(plain, taxes=plain.taxes_id.browse())])
        data["data"].update(
            partner_id=self.customer_x.id,
            pos_session_id=config_b.current_session_id.id,
            pricelist_id=pricelist_b.id,
        )
        data["data"]["statement_ids"][0][2]["payment_method_id"] = bank_b.id
        self.pay_with_points(data, 20.0, method=method_b)
        # the cashier of B cannot even read the customer: the sync is refused
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env(user=cashier_b, context={"allowed_company_ids": company_b.ids})[
                "pos.order"
            ].create_from_ui([data])
        self.assertFalse(self.order_of(data))
        # and were the sync made by someone who may read them, B's till books
        # nothing on A's customer
        self.env["pos.order"].sudo().with_company(company_b).create_from_ui([data])
        order = self.order_of(data)
        self.assertEqual(order.company_id, company_b)
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertIn("cannot book reward points", order.retail_points_error)
        self.assertEqual(self.customer_x.reward_points, 1000.0)


@tagged("post_install", "-at_install")
class TestPosPointsPaymentTour(RetailPosTourCase):
    """The cashier pays with points at a real till of a company that redeems
    points as a payment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_redeem_mode = "payment"
        cls.create_two_rate_goods()
        journal = cls.env["account.journal"].create(
            {
                "name": "Reward points",
                "code": "RWPT",
                "type": "bank",
                "company_id": cls.company.id,
            }
        )
        cls.points_method = cls.env["pos.payment.method"].create(
            {
                "name": "Reward points",
                "journal_id": journal.id,
                "retail_points_payment": True,
                "company_id": cls.company.id,
            }
        )
        cls.main_pos_config.payment_method_ids |= cls.points_method
        cls.aaron._post_reward_points(500, "opening", company_id=cls.company.id)

    def test_points_payment_at_the_till(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        with screenshot_at_end("pos_points_payment_receipt") as path:
            self.start_pos_tour("crm_retail_customers_pos_points_payment_tour")
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
        order = self.env["pos.order"].search([("partner_id", "=", self.aaron.id)])
        self.assertEqual(len(order), 1)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 500.0)
        self.assertAlmostEqual(order.amount_total, 150.0, places=2)
        # the taxes of the full price: 19.35 + 6.14
        self.assertAlmostEqual(order.amount_tax, 25.49, places=2)
        points = order.payment_ids.filtered(
            lambda payment: payment.payment_method_id == self.points_method
        )
        self.assertAlmostEqual(sum(points.mapped("amount")), 50.0, places=2)
        # 124.51 without taxes, a third paid with points: 83.01 earned
        self.assertAlmostEqual(self.aaron.reward_points, 83.01, places=2)


@tagged("post_install", "-at_install")
class TestPointsPaymentEstimate(PointsPaymentCase):
    """The till's estimate (run by Node.js) of what a basket paid in part
    with points redeems and earns is what the server books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.earn.rule"].search([]).active = False

    def test_estimate_equals_booking(self):
        rng = random.Random(20261203)
        digits = self.company._retail_points_digits()
        baskets, orders = [], []
        for _index in range(12):
            lines = [
                self.ui_line(product, rng.choice((1, 2, 3)))
                for product in rng.sample([self.product_taxed, self.product_ten], 2)
            ]
            data = self.ui_order(lines, customer=self.customer_x)
            total = data["data"]["amount_total"]
            points_paid = round(min(rng.uniform(0.01, 60.0), total), 2)
            balance = self.customer_x.reward_points
            order = self.sell(self.pay_with_points(data, points_paid))
            orders.append(order)
            baskets.append(
                {
                    "sale": {
                        "lines": [
                            {
                                "subtotal": line["price_subtotal"],
                                "subtotalIncl": line["price_subtotal_incl"],
                                "isTip": False,
                                "isRefund": False,
                                "isRedemption": False,
                                "qty": line["qty"],
                            }
                            for line in lines
                        ],
                        "pointsPerCurrency": self.company.retail_points_per_currency,
                        "factor": 1.0,
                        "pointValue": self.company.retail_point_value,
                        "digits": digits,
                        "currencyRounding": self.currency.rounding,
                        "balance": balance,
                        "paid": total,
                        "pointsPaid": points_paid,
                        "paymentMode": True,
                    }
                }
            )
        estimates = estimate_tests.TestPointsEstimate._run_estimates(self, baskets)
        for order, estimate in zip(orders, estimates, strict=True):
            self.assertFalse(order.retail_points_held, order.retail_points_error)
            self.assertAlmostEqual(
                estimate["redeemed"], order.retail_points_redeemed, places=2
            )
            self.assertAlmostEqual(
                estimate["earned"], order.retail_points_earned, places=2
            )
