# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A refund of goods paid in part with points takes back their share of the
points discount (``models/pos_order_refund_share.py``): the customer gets
back the cash they paid and their points, the refund's tax base is the
reduced one. Sent by a cashier as the till sends it."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import POS_RETAIL_MANAGER, PosCashierCase
from .test_pos_redeem_taxes import RedeemTaxesCase


class RefundShareCase(RedeemTaxesCase, PosCashierCase):
    """3 jackets (100.00 + 7 % = 321.00) and 7 scarves (53.50, 10 %
    included: 374.50) paid in part with 1,000 points (100.00), split by the
    goods: 461.5 points on the jackets' 7 % (43.13 + 3.02 = 46.15) and
    538.5 on the scarves' 10 % (53.85)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = company_user(
            cls.env, "share_manager", POS_RETAIL_MANAGER, cls.company
        )

    def sell(self):
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed, 3),
                self.ui_line(self.product_ten, 7),
                self.redeem_line(461.5, price=43.13, taxes=self.tax7),
                self.redeem_line(538.5, price=53.85, taxes=self.tax10),
            ],
            customer=self.customer_x,
        )
        order = self.sell_as_cashier(data)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 1000.0)
        return order

    def line_of(self, order, product, taxes=None):
        return order.lines.filtered(
            lambda line: (
                line.product_id == product and (taxes is None or line.tax_ids == taxes)
            )
        )

    def share_line(self, discount, qty, amount):
        """The refund line of ``qty`` of the points ``discount`` line worth
        ``amount`` (with taxes included in its price, else without), as the
        ticket screen writes it: its own price, in cents."""
        return self.ui_line(
            self.redemption,
            -qty,
            -round(amount / qty, 2),
            taxes=discount.tax_ids,
            refunded_orderline_id=discount.id,
        )

    def refund(self, *lines):
        return self.sell_as_cashier(self.ui_order(list(lines), self.customer_x))


@tagged("post_install", "-at_install")
class TestPosRefundShare(RefundShareCase):
    def test_partial_refund_with_its_share_is_booked(self):
        """One jacket of three: a third of the 7 % discount (43.13 / 3 =
        14.38 without taxes, 15.39 with them) goes with it, written as 0.33
        of the line at 43.58. The customer gets 107.00 - 15.39 = 91.61 in
        cash and 153.9 points (15.39 of the 100.00 the 1,000 points paid);
        the refund's 7 % is on 100.00 - 14.38, not on 100.00."""
        order = self.sell()
        jacket = self.line_of(order, self.product_taxed)
        discount = self.line_of(order, self.redemption, self.tax7)
        balance = self.customer_x.reward_points
        refund = self.refund(
            self.refund_line(jacket, 1), self.share_line(discount, 0.33, 14.38)
        )
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertFalse(refund.retail_points_share_gap)
        self.assertAlmostEqual(refund.amount_total, -91.61, places=2)
        self.assertAlmostEqual(refund.amount_tax, -5.99, places=2)
        share = self.line_of(refund, self.redemption)
        self.assertEqual(
            (share.qty, round(share.price_subtotal, 2), share.price_subtotal_incl),
            (-0.33, 14.38, 15.39),
        )
        self.assertEqual(refund.retail_points_returned, 153.9)
        self.assertAlmostEqual(
            self.customer_x.reward_points,
            balance + 153.9 - refund.retail_points_reversed,
        )

    def test_panel_estimate_reads_the_share_price(self):
        """The till's panel asks what a refund would give back before it is
        paid (as the cashier): a share line carries its own price, so the
        till sends its amounts and the panel shows what the booking gives."""
        order = self.sell()
        jacket = self.line_of(order, self.product_taxed)
        discount = self.line_of(order, self.redemption, self.tax7)
        Order = self.env(user=self.cashier)["pos.order"]
        result = Order.retail_pos_refund_points(
            [[jacket.id, 1], [discount.id, 0.33, 14.38, 15.39]]
        )
        self.assertEqual(result["returned"], 153.9)
        # without the amounts, the line's own price x the quantity
        result = Order.retail_pos_refund_points([[jacket.id, 1], [discount.id, 0.33]])
        self.assertEqual(result["returned"], 152.3)
        refund = self.refund(
            self.refund_line(jacket, 1), self.share_line(discount, 0.33, 14.38)
        )
        self.assertEqual(refund.retail_points_returned, 153.9)

    def test_two_partial_refunds_then_the_rest(self):
        """Scarves 2, 2 and then the 3 left: the 10 % discount (53.85) goes
        back as 15.39 (2/7), 15.38 (4/7 is 30.77 in all) and the rest,
        23.08: 53.85 in all, and the 538.5 points it took."""
        order = self.sell()
        scarf = self.line_of(order, self.product_ten)
        discount = self.line_of(order, self.redemption, self.tax10)
        steps = [
            (2, 0.29, 15.39, 153.9),
            (2, 0.28, 15.38, 153.8),
            (3, 0.43, 23.08, 230.8),
        ]
        for goods, qty, amount, points in steps:
            refund = self.refund(
                self.refund_line(scarf, goods), self.share_line(discount, qty, amount)
            )
            self.assertFalse(refund.retail_points_held, refund.retail_points_error)
            share = self.line_of(refund, self.redemption)
            self.assertEqual(round(share.price_subtotal_incl, 2), amount)
            self.assertEqual(refund.retail_points_returned, points)
        self.assertEqual(discount.refunded_qty, 1.0)
        self.assertAlmostEqual(
            sum(discount.refund_orderline_ids.mapped("price_subtotal_incl")),
            53.85,
            places=2,
        )
        give_back = self.entries(self.customer_x).filtered(
            lambda e: e.kind == "redeem" and e.points > 0
        )
        self.assertAlmostEqual(sum(give_back.mapped("points")), 538.5)

    def test_whole_refund_refunds_the_whole_discount(self):
        order = self.sell()
        balance = self.customer_x.reward_points
        refund = self.refund(*[self.refund_line(line) for line in order.lines])
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertEqual(refund.retail_points_returned, 1000.0)
        self.assertAlmostEqual(refund.amount_total, -order.amount_total, places=2)
        self.assertAlmostEqual(refund.amount_tax, -order.amount_tax, places=2)
        self.assertAlmostEqual(
            self.customer_x.reward_points,
            balance + 1000.0 - order.retail_points_earned,
        )

    def test_refund_of_goods_without_their_share_is_set_aside(self):
        """The cashier (or a forged request) refunds a jacket alone: the
        customer would get 107.00 in cash for a jacket they paid in part
        with points, and the 7 % of the full price back. Set aside, nothing
        booked, listed under suspicious activity."""
        order = self.sell()
        balance = self.customer_x.reward_points
        refund = self.refund(
            self.refund_line(self.line_of(order, self.product_taxed), 1)
        )
        self.assertTrue(refund.retail_points_held)
        self.assertIn("not refunded with its goods", refund.retail_points_error)
        self.assertAlmostEqual(refund.retail_points_share_gap, 14.38)
        self.assertEqual(refund.retail_points_returned, 0.0)
        self.assertEqual(refund.retail_points_reversed, 0.0)
        self.assertEqual(self.customer_x.reward_points, balance)
        row = self.env["retail.suspicious.activity"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)]
        )
        self.assertEqual(row.kind, "pos_refund_share")
        self.assertIn("share of the points discount", row.description)

    def test_set_aside_refund_is_booked_after_review(self):
        """The gap is a fact the cashier cannot erase; a retail manager who
        has reviewed the refund books it (from the server's amounts), and
        it leaves the suspicious activity list."""
        order = self.sell()
        refund = self.refund(
            self.refund_line(self.line_of(order, self.product_taxed), 1)
        )
        self.assertTrue(refund.retail_points_held)
        with self.assertRaises(UserError):
            refund.with_user(self.cashier).write({"retail_points_share_gap": 0.0})
        with self.assertRaises(UserError):
            refund.with_user(self.manager).write({"retail_points_held": False})
        refund.with_user(self.manager).action_retail_book_points()
        self.assertFalse(refund.retail_points_held)
        self.assertGreater(refund.retail_points_reversed, 0.0)
        self.assertAlmostEqual(refund.retail_points_share_gap, 14.38)
        self.assertFalse(
            self.env["retail.suspicious.activity"].search(
                [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)]
            )
        )

    def test_share_too_small_is_set_aside(self):
        """Half the share (a till that rounds its own way, or a cashier's
        console): set aside as well."""
        order = self.sell()
        refund = self.refund(
            self.refund_line(self.line_of(order, self.product_taxed), 1),
            self.share_line(
                self.line_of(order, self.redemption, self.tax7), 0.33, 7.19
            ),
        )
        self.assertTrue(refund.retail_points_held)
        self.assertIn("not refunded with its goods", refund.retail_points_error)
        self.assertEqual(refund.retail_points_returned, 0.0)

    def test_refund_of_more_discount_than_its_goods_share_is_set_aside(self):
        """One scarf of seven with the whole 10 % discount: 53.85 taken from
        the cash given back and 538.5 points given back for 7.69 of them.
        Set aside, no points given back."""
        order = self.sell()
        balance = self.customer_x.reward_points
        refund = self.refund(
            self.refund_line(self.line_of(order, self.product_ten), 1),
            self.refund_line(self.line_of(order, self.redemption, self.tax10)),
        )
        self.assertTrue(refund.retail_points_held)
        self.assertIn("beyond its goods' share", refund.retail_points_error)
        self.assertAlmostEqual(refund.retail_points_share_gap, -46.16)
        self.assertEqual(self.customer_x.reward_points, balance)

    def test_refund_of_the_discount_alone_is_set_aside(self):
        order = self.sell()
        refund = self.refund(
            self.share_line(self.line_of(order, self.redemption, self.tax10), 0.5, 20.0)
        )
        self.assertTrue(refund.retail_points_held)
        self.assertIn("beyond its goods' share", refund.retail_points_error)
        self.assertEqual(refund.retail_points_returned, 0.0)

    def test_untaxed_discount_goes_with_all_its_goods(self):
        """A till of an earlier version (one untaxed discount line for
        goods of every tax): its share follows every goods line."""
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed, 3),
                self.ui_line(self.product_ten, 7),
                self.redeem_line(1000),
            ],
            customer=self.customer_x,
        )
        order = self.sell_as_cashier(data)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        discount = self.line_of(order, self.redemption)
        # a scarf is 53.50 of the 695.50 of goods: 7.69 of the 100.00
        refund = self.refund(
            self.refund_line(self.line_of(order, self.product_ten), 1),
            self.share_line(discount, 0.08, 7.69),
        )
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertEqual(refund.retail_points_returned, 76.9)
        alone = self.refund(
            self.refund_line(self.line_of(order, self.product_taxed), 1)
        )
        self.assertTrue(alone.retail_points_held)
        self.assertIn("not refunded with its goods", alone.retail_points_error)

    def test_whole_points_company_gives_back_whole_points(self):
        """Seven scarves paid in part with 537 points (53.70): two refunded
        with 15.34 of the discount give back 537 x 15.34 / 53.70 = 153.4
        points, 153 in a whole-points company (rounded down on the share
        refunded so far: the last refund gives back the rest, never more
        than the sale redeemed in all)."""
        self.company.retail_points_precision = "whole"
        data = self.ui_order(
            [
                self.ui_line(self.product_ten, 7),
                self.redeem_line(537, price=53.70, taxes=self.tax10),
            ],
            customer=self.customer_x,
        )
        order = self.sell_as_cashier(data)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 537.0)
        refund = self.refund(
            self.refund_line(self.line_of(order, self.product_ten), 2),
            self.share_line(self.line_of(order, self.redemption), 0.29, 15.34),
        )
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertEqual(refund.retail_points_returned, 153.0)
        rest = self.refund(
            self.refund_line(self.line_of(order, self.product_ten), 5),
            self.share_line(self.line_of(order, self.redemption), 0.71, 38.36),
        )
        self.assertFalse(rest.retail_points_held, rest.retail_points_error)
        self.assertEqual(rest.retail_points_returned, 384.0)
