# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A points discount lowers the tax base of the goods it pays for: one
discount line per set of taxes, checked by the server, carried into the
invoice of the order and the accounting entries of the closed session."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import screenshot_at_end

from .common import RetailPosCase, RetailPosTourCase


class RedeemTaxesCase(RetailPosCase):
    """A jacket at 7 % added to the price, a scarf at 10 % included, and a
    customer with 1,000 points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax7 = cls.taxes["tax7"]  # 7 %, added to the price
        cls.tax10 = cls.taxes["tax10"]  # 10 %, included in the price
        cls.product_ten = cls.create_product(
            "Retail Scarf", cls.categ_basic, 53.5, tax_ids=cls.tax10.ids
        )
        cls.product_ten.type = "consu"
        cls.customer_x.property_account_receivable_id = cls.company_data[
            "default_account_receivable"
        ]

    def setUp(self):
        super().setUp()
        self.book(self.customer_x, 1000, "opening")

    def split_order(self, customer=None):
        """A jacket (100.00 + 7 % = 107.00) and a scarf (53.50 with 10 %)
        paid in part with 321 points (32.10), split as the till splits it in
        proportion to the goods (2 : 1): 214 points on the jacket's tax
        (21.40 with the tax: 20.00 + 1.40), 107 on the scarf's (10.70 with
        the tax included)."""
        return self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.ui_line(self.product_ten),
                self.redeem_line(214, price=20.0, taxes=self.tax7),
                self.redeem_line(107, price=10.70, taxes=self.tax10),
            ],
            customer=customer or self.customer_x,
        )

    def tax_details(self, move):
        """``{tax name: (tax amount, base)}`` of an account move's tax lines,
        sales positive (a session's entry has a line for the sales and one
        for the discounts of each tax)."""
        details = {}
        for line in move.line_ids.filtered("tax_line_id"):
            sign = 1 if line.balance <= 0 else -1
            amount, base = details.get(line.tax_line_id.name, (0.0, 0.0))
            details[line.tax_line_id.name] = (
                round(amount - line.balance, 2),
                round(base + sign * abs(line.tax_base_amount), 2),
            )
        return details


@tagged("post_install", "-at_install")
class TestPosRedeemTaxes(RedeemTaxesCase):
    def test_discount_split_by_taxes_lowers_the_taxes(self):
        data = self.split_order()
        # what the till sends: 7.00 - 1.40 + 4.86 - 0.97 of taxes
        self.assertAlmostEqual(data["data"]["amount_tax"], 9.49, places=2)
        self.sync(data)
        order = self.order_of(data)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 321.0)
        self.assertAlmostEqual(order.amount_tax, 9.49, places=2)
        self.assertAlmostEqual(order.amount_total, 128.40, places=2)
        discounts = order.lines.filtered(lambda l: l.product_id == self.redemption)
        self.assertEqual(
            sorted(
                (l.tax_ids.name, round(l.price_subtotal_incl, 2)) for l in discounts
            ),
            sorted([(self.tax7.name, -21.40), (self.tax10.name, -10.70)]),
        )
        # 1000 - 321 + what the rest (128.40 - 9.49 = 118.91) earns
        self.assertAlmostEqual(self.customer_x.reward_points, 1000 - 321 + 118.91)

    def test_invoice_of_the_order_carries_the_reduced_base(self):
        data = self.split_order()
        self.sync(data)
        order = self.order_of(data)
        order.action_pos_order_invoice()
        invoice = order.account_move
        self.assertAlmostEqual(invoice.amount_tax, 9.49, places=2)
        self.assertAlmostEqual(invoice.amount_total, 128.40, places=2)
        details = self.tax_details(invoice)
        # 7 %: (100.00 - 20.00) x 7 % = 5.60; 10 %: (48.64 - 9.73) x 10 %
        self.assertEqual(details[self.tax7.name], (5.60, 80.0))
        self.assertEqual(details[self.tax10.name], (3.89, 38.91))

    def test_closed_session_books_the_reduced_taxes(self):
        data = self.split_order()
        self.sync(data)
        order = self.order_of(data)
        session = self.pos_session
        session.post_closing_cash_details(0.0)
        session.close_session_from_ui()
        self.assertEqual(session.state, "closed")
        details = self.tax_details(session.move_id)
        self.assertEqual(details[self.tax7.name], (5.60, 80.0))
        self.assertEqual(details[self.tax10.name], (3.89, 38.91))
        self.assertAlmostEqual(
            sum(amount for amount, _base in details.values()), order.amount_tax
        )

    def test_refund_gives_back_the_points_of_every_discount_line(self):
        data = self.split_order()
        self.sync(data)
        order = self.order_of(data)
        balance = self.customer_x.reward_points
        refund = self.ui_order(
            [self.refund_line(line) for line in order.lines],
            customer=self.customer_x,
        )
        self.sync(refund)
        refund = self.order_of(refund)
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertEqual(refund.retail_points_returned, 321.0)
        self.assertAlmostEqual(refund.retail_points_reversed, 118.91)
        self.assertAlmostEqual(self.customer_x.reward_points, balance + 321 - 118.91)

    def test_discount_with_taxes_no_goods_have_sets_order_aside(self):
        """A till that puts the discount on a tax none of the goods carry
        (a forged request) is set aside: the server prices the line untaxed
        and the amounts differ; the discount's 10.00 takes its 100 points at
        once."""
        tax21 = self.taxes["tax21"]
        data = self.ui_order(
            [
                self.ui_line(self.product_ten),
                self.redeem_line(100, price=10.0, taxes=tax21),
            ],
            customer=self.customer_x,
        )
        self.sync(data)
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertEqual(order.retail_points_redeemed, 100.0)
        self.assertEqual(self.customer_x.reward_points, 900.0)

    def test_discount_beyond_the_goods_of_its_taxes_sets_order_aside(self):
        """The whole discount on the scarf's 10 % (60.00, the scarf costs
        53.50) and none on the jacket: the tax base of the scarf would go
        below zero. Set aside; the 60.00 the customer had takes its 600
        points at once."""
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.ui_line(self.product_ten),
                self.redeem_line(600, price=60.0, taxes=self.tax10),
            ],
            customer=self.customer_x,
        )
        self.sync(data)
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertIn("beyond the goods of its taxes", order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 600.0)
        self.assertEqual(self.customer_x.reward_points, 400.0)

    def test_untaxed_discount_on_taxed_goods_still_books(self):
        """A till of the earlier version (one untaxed discount line, e.g. an
        order kept offline) still books its points on taxed goods: such a
        discount lowers no tax, and the server prices it untaxed as well."""
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.ui_line(self.product_ten),
                self.redeem_line(100),
            ],
            customer=self.customer_x,
        )
        self.sync(data)
        order = self.order_of(data)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 100.0)


@tagged("post_install", "-at_install")
class TestPosRedeemTaxesTour(RetailPosTourCase):
    """The cashier redeems points on goods of two tax rates at a real till."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_two_rate_goods()
        cls.aaron._post_reward_points(500, "opening", company_id=cls.company.id)

    def test_points_discount_by_tax_at_the_till(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        with screenshot_at_end("pos_redeem_taxes_receipt") as path:
            self.start_pos_tour("crm_retail_customers_pos_redeem_taxes_tour")
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
        order = self.env["pos.order"].search([("partner_id", "=", self.aaron.id)])
        self.assertEqual(len(order), 1)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 300.0)
        self.assertAlmostEqual(order.amount_total, 120.0, places=2)
        # 15.48 + 4.91: the taxes of what the customer paid, not of 150.00
        self.assertAlmostEqual(order.amount_tax, 20.39, places=2)
        discounts = order.lines.filtered(
            lambda line: line.product_id.id == order._retail_redemption_product_id()
        )
        self.assertEqual(
            sorted(
                (
                    line.tax_ids.amount,
                    line.retail_redeem_points,
                    line.price_subtotal_incl,
                )
                for line in discounts
            ),
            [(14.0, 100.0, -10.0), (24.0, 200.0, -20.0)],
        )


@tagged("post_install", "-at_install")
class TestPosRedeemTaxesForged(RedeemTaxesCase):
    """What a cashier's browser console could send instead of the till's
    split: each sets the order aside; only the discount's points (the
    server's value of its lines) are redeemed at once."""

    def assert_set_aside(self, data, reason, points):
        self.sync(data)
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertIn(reason, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, points)
        self.assertEqual(order.retail_points_earned, 0.0)
        self.assertEqual(self.customer_x.reward_points, 1000.0 - points)
        return order

    def test_discount_not_split_by_the_goods_taxes(self):
        """The whole 32.10 on the jacket's 7 % (it would lower that tax
        alone, while the goods of 10 % are a third of the basket)."""
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.ui_line(self.product_ten),
                self.redeem_line(321, price=30.0, taxes=self.tax7),
            ],
            customer=self.customer_x,
        )
        # 30.00 + 7 % = 32.10
        self.assert_set_aside(data, "not split by the goods' taxes", 321.0)

    def test_goods_line_with_other_taxes_than_its_product(self):
        """The jacket sent untaxed with its figures at 7 %: the invoice and
        the session's entries would book no tax on it."""
        jacket = self.ui_line(self.product_taxed)
        jacket["tax_ids"] = [(6, 0, [])]
        data = self.ui_order([jacket], customer=self.customer_x)
        self.sync(data)
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertIn("taxes - instead of", order.retail_points_error)

    def test_discount_on_the_taxes_of_goods_never_paid_with_points(self):
        voucher = self.create_product(
            "Voucher 7", self.categ_basic, 50.0, tax_ids=self.tax7.ids
        )
        voucher.retail_no_points = True
        data = self.ui_order(
            [
                self.ui_line(voucher),
                self.ui_line(self.product_ten),
                self.redeem_line(100, price=9.35, taxes=self.tax7),
            ],
            customer=self.customer_x,
        )
        self.assert_set_aside(data, "beyond the goods of its taxes", 100.0)

    def test_whole_points_company_takes_whole_points(self):
        """A claim of 300.5 points for a 30.05 discount takes 301 points in a
        whole-points company, never a fraction."""
        self.company.retail_points_precision = "whole"
        data = self.ui_order(
            [
                self.ui_line(self.product_ten),
                self.redeem_line(300.5, price=30.05, taxes=self.tax10),
            ],
            customer=self.customer_x,
        )
        self.sync(data)
        order = self.order_of(data)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 301.0)
