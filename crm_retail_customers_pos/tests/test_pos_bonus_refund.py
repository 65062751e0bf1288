# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A first purchase at the till given back in full was no purchase: the
welcome and referral bonuses it earned are taken back
(``pos.order._retail_revoke_bonuses``). Before, a cashier's sale and its
refund (nothing spent) earned a new member's welcome bonus and their
referrer's bonus, one made-up customer after another."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import company_user, referred_by

from .common import POS_RETAIL_MANAGER, RetailPosCase


@tagged("post_install", "-at_install")
class TestPosBonusRefund(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "retail_members_only": True,
                "retail_welcome_points": 25.0,
                "retail_referral_points": 75.0,
                "retail_allow_negative_balance": False,
            }
        )
        cls.referrer = cls.Partner.create({"name": "Rita Referrer"})
        cls.referrer._retail_enrol("backoffice")
        cls.newcomer = cls.Partner.create({"name": "Nils Newcomer"})
        cls.newcomer._retail_enrol("pos")
        referred_by(cls.newcomer, cls.referrer)

    def key(self, key):
        return self.env["retail.point.entry"].search([("idempotency_key", "=", key)])

    def buy(self, qty=2):
        """The newcomer's first purchase at the till: ``qty`` socks (20.00
        each)."""
        sale = self.ui_order([self.ui_line(self.product_plain, qty)], self.newcomer)
        self.sync(sale, user=self.pos_user)
        order = self.order_of(sale)
        self.assertEqual(self.newcomer.reward_points, 20.0 * qty + 25.0)
        self.assertEqual(self.referrer.reward_points, 75.0)
        return order

    def refund(self, lines, qty=None):
        """Refund ``lines`` (an order's: all of them) at the till."""
        lines = lines.lines if lines._name == "pos.order" else lines
        data = self.ui_order([self.refund_line(lines, qty)], self.newcomer)
        self.sync(data, user=self.pos_user)
        return self.order_of(data)

    def test_full_refund_takes_both_bonuses_back(self):
        order = self.buy()
        welcome = self.key(f"welcome:{self.newcomer.id}")
        referral = self.key(f"referral:{self.newcomer.id}")
        # the bonuses are entries of the purchase that earned them
        self.assertEqual((welcome.res_model, welcome.res_id), ("pos.order", order.id))
        self.assertEqual((referral.res_model, referral.res_id), ("pos.order", order.id))
        refund = self.refund(order)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        for bonus, holder in ((welcome, self.newcomer), (referral, self.referrer)):
            revoked = self.key(f"{bonus.idempotency_key}:revoked")
            self.assertRecordValues(
                revoked,
                [
                    {
                        "partner_id": holder.id,
                        "kind": "bonus",
                        "points": -bonus.points,
                        "res_model": "pos.order",
                        "res_id": refund.id,
                        "note": f"Bonus taken back: {order.name} was given "
                        "back in full",
                    }
                ],
            )
        # a bonus never counted in the lifetime points (tiers): neither does
        # taking it back
        self.assertEqual(self.referrer.reward_points_earned, 0.0)
        self.assertEqual(self.newcomer.reward_points_earned, 0.0)
        # the refund shows what it took from its customer: earned and welcome
        self.assertEqual(refund.retail_points_reversed, 40.0 + 25.0)
        self.assertEqual(refund.retail_points_balance, 0.0)
        # the bonuses are earned once: the next purchase earns its own points
        again = self.ui_order([self.ui_line(self.product_plain)], self.newcomer)
        self.sync(again, user=self.pos_user)
        self.assertEqual(self.newcomer.reward_points, 20.0)
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_partial_refunds_keep_them_until_the_last(self):
        order = self.buy()
        first = self.refund(order, qty=1)
        self.assertEqual(first.retail_points_reversed, 20.0)
        self.assertEqual(self.newcomer.reward_points, 20.0 + 25.0)
        self.assertEqual(self.referrer.reward_points, 75.0)
        self.assertFalse(self.key(f"welcome:{self.newcomer.id}:revoked"))
        # the second refund completes it: taken back once
        second = self.refund(order, qty=1)
        self.assertEqual(second.retail_points_reversed, 20.0 + 25.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(len(self.key(f"referral:{self.newcomer.id}:revoked")), 1)

    def test_a_spent_bonus_is_taken_back_as_far_as_the_balance_goes(self):
        order = self.buy()
        # the referrer spent 50 of their 75 points meanwhile
        self.book(self.referrer, -50.0, "redeem")
        refund = self.refund(order)
        revoked = self.key(f"referral:{self.newcomer.id}:revoked")
        self.assertEqual(revoked.points, -25.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertIn(
            f"The bonus of {order.name} should be taken back from Rita Referrer "
            "(75.0 points), but their balance held only 25.0",
            refund.retail_points_note,
        )

    def test_an_exchange_keeps_them_until_its_goods_are_refunded(self):
        order = self.buy()
        exchange = self.ui_order(
            [self.refund_line(order.lines), self.ui_line(self.product_taxed)],
            self.newcomer,
        )
        self.sync(exchange, user=self.pos_user)
        exchange = self.order_of(exchange)
        self.assertFalse(self.key(f"welcome:{self.newcomer.id}:revoked"))
        self.assertEqual(self.referrer.reward_points, 75.0)
        # the exchange's jacket refunded too: nothing bought any more
        refund = self.refund(exchange.lines.filtered(lambda line: line.qty > 0))
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertTrue(self.key(f"welcome:{self.newcomer.id}:revoked"))
        self.assertEqual(refund.retail_points_balance, self.newcomer.reward_points)
        self.assertEqual(self.newcomer.reward_points, 0.0)

    def test_the_lines_decide_not_the_customers(self):
        order = self.buy()
        # the customer is taken off the paid sale (a manager's change: a
        # cashier may not), then the newcomer's receipt is refunded without
        # the customer on it
        manager = company_user(
            self.env, "bonus_retail_manager", POS_RETAIL_MANAGER, self.company
        )
        order.with_user(manager).partner_id = False
        data = self.ui_order([self.refund_line(order.lines)])
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertTrue(self.key(f"welcome:{self.newcomer.id}:revoked"))
        self.assertEqual(self.newcomer.reward_points, 0.0)

    def test_refund_of_another_purchase_takes_nothing(self):
        self.buy()
        second = self.ui_order([self.ui_line(self.product_taxed)], self.newcomer)
        self.sync(second, user=self.pos_user)
        self.refund(self.order_of(second))
        self.assertFalse(self.key(f"welcome:{self.newcomer.id}:revoked"))
        self.assertEqual(self.newcomer.reward_points, 40.0 + 25.0)
        self.assertEqual(self.referrer.reward_points, 75.0)

    def panel(self, lines, qty, sold=()):
        """What the till's refund panel shows the cashier for refunding
        ``qty`` of each of ``lines`` in an order that also sells the
        products ``sold`` (the answer of the till's call)."""
        Order = self.env["pos.order"].with_user(self.pos_user)
        refunds = [[line.id, qty] for line in lines]
        return Order.retail_pos_refund_points(refunds, [p.id for p in sold])

    def preview(self, lines, qty, sold=()):
        """The points taken back the refund panel shows (see :meth:`panel`)."""
        return self.panel(lines, qty, sold)["reversed"]

    def sell_plain(self, customer):
        """A first purchase of ``customer`` at the till: one plain product."""
        sale = self.ui_order([self.ui_line(self.product_plain)], customer)
        self.sync(sale, user=self.pos_user)
        return self.order_of(sale)

    def test_the_till_shows_the_welcome_bonus_taken_back(self):
        """The refund panel says what the refund will book: the customer's
        welcome bonus with the points earned when the refund gives the
        purchase back in full; not the referrer's bonus (another customer's
        balance), not for part of it, nor in an exchange."""
        order = self.buy()
        self.assertEqual(self.preview(order.lines, 2), 40.0 + 25.0)
        self.assertEqual(self.preview(order.lines, 1), 20.0)
        # an exchange keeps the bonus; a product that never earns points
        # (a deposit, a gift card) makes no exchange
        self.assertEqual(self.preview(order.lines, 2, self.product_taxed), 40.0)
        self.product_taxed.retail_no_points = True
        self.assertEqual(self.preview(order.lines, 2, self.product_taxed), 65.0)
        first = self.refund(order, qty=1)
        self.assertEqual(first.retail_points_reversed, 20.0)
        # the last sock: the rest of the earned points and the welcome bonus
        self.assertEqual(self.preview(order.lines, 1), 20.0 + 25.0)
        second = self.refund(order, qty=1)
        self.assertEqual(second.retail_points_reversed, 20.0 + 25.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)

    def test_an_archived_referrer_gives_the_bonus_back_too(self):
        """Taking a bonus back never fails the refund: an archived holder
        gives it back as a reversal would be booked on them."""
        order = self.buy()
        self.referrer.active = False
        refund = self.refund(order)
        self.assertFalse(refund.retail_points_error)
        self.assertEqual(refund.retail_points_reversed, 40.0 + 25.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertTrue(self.key(f"referral:{self.newcomer.id}:revoked"))

    def test_the_till_shows_a_bonus_of_a_purchase_that_earned_nothing(self):
        """A first purchase that earned no points of its own (none per
        currency unit) still earned the welcome bonus: the panel shows it
        taken back, as the booking takes it."""
        self.company.retail_points_per_currency = 0.0
        order = self.sell_plain(self.newcomer)
        self.assertEqual(self.newcomer.reward_points, 25.0)
        answer = self.panel(order.lines, 1)
        self.assertEqual(answer["reversed"], 25.0)
        self.assertEqual(answer["partner_id"], self.newcomer.id)
        refund = self.refund(order)
        self.assertEqual(refund.retail_points_reversed, 25.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)

    def test_the_till_never_shows_the_referrers_balance(self):
        """A first purchase that earned its customer nothing (not a member
        in a shop that reserves points to members) earned only the referrer's
        bonus: the panel shows no customer's balance, not the referrer's."""
        stranger = self.Partner.create({"name": "Sam Stranger"})
        referred_by(stranger, self.referrer)
        order = self.sell_plain(stranger)
        self.assertEqual(self.referrer.reward_points, 75.0)
        answer = self.panel(order.lines, 1)
        self.assertEqual(
            answer, {"reversed": 0.0, "returned": 0.0, "partner_id": False}
        )
        # the refund takes the referrer's bonus back all the same
        data = self.ui_order([self.refund_line(order.lines)], stranger)
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.referrer.reward_points, 0.0)
