# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Whole points at the till: a paid order earns whole points (rounded down
per purchase), refunds take back whole points (rounded up, never more than
the order has left), a points discount takes whole points."""

from odoo.tests import tagged

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosWholePoints(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.earn.rule"].search([]).active = False
        cls.company.write(
            {"retail_points_precision": "whole", "retail_points_per_currency": 0.1}
        )
        # 19.00 without taxes: 1.9 points each
        cls.product_19 = cls.create_product("Whole Points Mug", cls.categ_basic, 19.0)
        cls.product_19.type = "consu"

    def test_sale_rounded_down_refunds_rounded_up(self):
        """Two mugs earning 1.9 each earn 3 points; refunding them one by one
        takes back 2, then the 1 left; the till's refund panel says so before
        each refund."""
        customer = self.customer_x
        data = self.ui_order([self.ui_line(self.product_19, 2)], customer)
        self.sync(data)
        sale = self.order_of(data)
        self.assertEqual(sale.retail_points_earned, 3.0)
        self.assertAlmostEqual(sale.lines.retail_points, 3.8)
        self.assertEqual(customer.reward_points, 3.0)
        Order = self.env["pos.order"]
        taken = []
        for _refund in range(2):
            preview = Order.retail_pos_refund_points([[sale.lines.id, 1]])
            refund = self.ui_order([self.refund_line(sale.lines, 1)], customer)
            self.sync(refund)
            reversed_points = self.order_of(refund).retail_points_reversed
            self.assertEqual(preview["reversed"], reversed_points)
            taken.append(reversed_points)
        self.assertEqual(taken, [2.0, 1.0])
        self.assertEqual(customer.reward_points, 0.0)
        self.assertEqual(self.entries(customer).mapped("points"), [3.0, -2.0, -1.0])

    def test_decimal_company_books_decimals(self):
        """The same sale in a decimal company: 3.8 points, 1.9 back each."""
        self.company.retail_points_precision = "decimal"
        customer = self.customer_x
        data = self.ui_order([self.ui_line(self.product_19, 2)], customer)
        self.sync(data)
        sale = self.order_of(data)
        self.assertAlmostEqual(sale.retail_points_earned, 3.8)
        refund = self.ui_order([self.refund_line(sale.lines, 1)], customer)
        self.sync(refund)
        self.assertAlmostEqual(self.order_of(refund).retail_points_reversed, 1.9)

    def test_redemption_takes_whole_points(self):
        """A points discount of 1.25 at 0.10 a point is worth 12.5 points: a
        whole-points company takes 13 (never a discount without the points
        that pay for it), a decimal one 12.5."""
        customer = self.customer_x
        self.book(customer, 100)
        taken = {}
        for precision in ("whole", "decimal"):
            self.company.retail_points_precision = precision
            # the discount line as a till sends it without the points typed
            discount = self.ui_line(self.redemption, 1, -1.25)
            data = self.ui_order(
                [self.ui_line(self.product_plain, 1), discount], customer
            )
            self.sync(data)
            order = self.order_of(data)
            self.assertFalse(order.retail_points_held, order.retail_points_error)
            taken[precision] = order.retail_points_redeemed
            # 18.75 paid earns 1.875 points
            earned = {"whole": 1.0, "decimal": 1.88}[precision]
            self.assertAlmostEqual(order.retail_points_earned, earned)
        self.assertEqual(taken, {"whole": 13.0, "decimal": 12.5})
        self.assertAlmostEqual(customer.reward_points, 100.0 - 13 + 1 - 12.5 + 1.88)

    def test_return_without_receipt_rounded_up(self):
        """Goods brought back without their receipt take back what they
        would earn, rounded up: 1.9 -> 2."""
        customer = self.customer_x
        self.book(customer, 10)
        data = self.ui_order([self.ui_line(self.product_19, -1)], customer)
        data["data"]["statement_ids"][0][2]["amount"] = -19.0
        self.sync(data)
        order = self.order_of(data)
        self.assertEqual(order.retail_points_reversed, 2.0)
        self.assertEqual(customer.reward_points, 8.0)

    def test_discount_refunded_piece_by_piece_gives_back_no_more(self):
        """Ten pairs of socks paid in part with a 1.50 points discount (15
        points). Refunded a pair at a time, each with its share of the
        discount (0.15, 1.5 points), each refund gives back the share of the
        whole refunded so far, rounded down, less what came back before: 1,
        2, 1, 2, 1 for half of it (7 of 15; rounding each piece up would have
        given 10), then the rest gives back the 8 left."""
        customer = self.customer_x
        self.book(customer, 100)
        data = self.ui_order(
            [self.ui_line(self.product_plain, 10), self.redeem_line(15)], customer
        )
        self.sync(data)
        sale = self.order_of(data)
        self.assertEqual(sale.retail_points_redeemed, 15.0)
        socks = sale.lines.filtered(lambda line: line.product_id == self.product_plain)
        given = []
        for qty in (1, 1, 1, 1, 1, 5):
            refund = self.ui_order(
                [self.refund_line(socks, qty), *self.share_lines(sale, {socks: qty})],
                customer,
            )
            self.sync(refund)
            order = self.order_of(refund)
            self.assertFalse(order.retail_points_held, order.retail_points_error)
            given.append(order.retail_points_returned)
        self.assertEqual(given, [1.0, 2.0, 1.0, 2.0, 1.0, 8.0])
        # everything refunded: what was earned and redeemed is back
        self.assertEqual(customer.reward_points, 100.0)
