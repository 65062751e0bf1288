# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A refund at the till after the sale's points expired: the expiry took
them once, and the refund took as many of the customer's other points
again (a warranty return a year on cost the customer the points of their
later purchases). What the expiry took is booked back first
(``pos.order._retail_post_expired_part``)."""

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import referred_by

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosRefundAfterExpiry(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_validity_months = 12
        cls.Entry = cls.env["retail.point.entry"]

    def sell(self, day, customer, qty):
        with freeze_time(day):
            data = self.ui_order([self.ui_line(self.product_plain, qty)], customer)
            self.sync(data, user=self.pos_user)
        return self.order_of(data)

    def refund(self, day, order, customer, qty=None):
        """Refund ``order``'s lines at the till on ``day``; return the order
        data (sent again by the tests of a retried sync) and the answer."""
        with freeze_time(day):
            data = self.ui_order([self.refund_line(order.lines, qty)], customer)
            answer = self.sync(data, user=self.pos_user)
        return data, answer

    def expire(self, day):
        with freeze_time(day):
            self.Entry._cron_expire_reward_points()
        self.env.invalidate_all()

    def test_a_refund_after_the_expiry_keeps_the_later_points(self):
        customer = self.customer_x
        first = self.sell("2025-01-10 10:00:00", customer, 4)
        self.assertEqual(customer.reward_points, 80.0)
        self.expire("2026-01-11")
        self.assertEqual(customer.reward_points, 0.0)
        self.sell("2026-02-01 10:00:00", customer, 1)
        data, answer = self.refund("2026-03-01 10:00:00", first, customer)
        refund = self.order_of(data)
        # before: -60, the 20 of February's purchase taken for points that
        # had expired already
        self.assertEqual(customer.reward_points, 20.0)
        earn = self.Entry.search(
            [("idempotency_key", "=", f"pos.order:{first.pos_reference}:earn")]
        )
        key = f"pos.order:{first.pos_reference}:reverse:#{refund.id}"
        reverse = self.Entry.search([("idempotency_key", "=", key)])
        correction = self.Entry.search([("idempotency_key", "=", f"expired:{key}")])
        self.assertEqual((reverse.kind, reverse.points), ("reverse", -80.0))
        self.assertRecordValues(
            correction,
            [
                {
                    "partner_id": customer.id,
                    "kind": "expire",
                    "points": 80.0,
                    "res_model": "retail.point.entry",
                    "res_id": earn.id,
                    "origin": f"Expired points of {first.name}, taken back",
                }
            ],
        )
        self.assertLess(correction.id, reverse.id)
        # the refund says what it took from the customer: nothing
        self.assertEqual(refund.retail_points_reversed, 0.0)
        self.assertEqual(refund.retail_points_balance, 20.0)
        self.assertIn(
            f"80.0 of the points {first.name} earned had expired before this refund",
            refund.retail_points_note,
        )
        self.assertEqual(answer[0]["retail_points"]["balance"], 20.0)
        self.assertEqual(answer[0]["retail_points"]["reversed"], 0.0)
        # the lifetime points lose the refunded purchase all the same
        self.assertEqual(customer.reward_points_earned, 20.0)
        # the till sends the refund again: nothing more is booked
        with freeze_time("2026-03-01 10:05:00"):
            self.sync(data, user=self.pos_user)
        self.assertEqual(customer.reward_points, 20.0)
        self.assertEqual(
            self.Entry.search_count([("idempotency_key", "like", "expired:%")]), 1
        )
        # February's points expire on their day, and no more
        self.expire("2027-02-02")
        self.assertEqual(customer.reward_points, 0.0)

    def test_refund_in_pieces_after_a_redemption(self):
        """80 earned, 30 of them spent, 50 expired; then 20 earned. The
        refund of 1 sock, then of the other 3: the expiry would have taken
        nothing without the purchase, so its 50 come back in all, and the
        30 spent are owed."""
        customer = self.customer_x
        first = self.sell("2025-01-10 10:00:00", customer, 4)
        self.book(customer, -30.0, "redeem", idempotency_key="spent")
        self.expire("2026-01-11")
        self.assertEqual(customer.reward_points, 0.0)
        self.sell("2026-02-01 10:00:00", customer, 1)
        self.refund("2026-03-01 10:00:00", first, customer, qty=1)
        self.assertEqual(customer.reward_points, 20.0)
        self.refund("2026-03-02 10:00:00", first, customer, qty=3)
        self.assertEqual(customer.reward_points, 20.0 - 30.0)
        parts = self.Entry.search([("idempotency_key", "like", "expired:%")])
        self.assertEqual(sorted(parts.mapped("points")), [20.0, 30.0])

    def test_without_negative_balances_nothing_stays_unrecovered(self):
        self.company.retail_allow_negative_balance = False
        customer = self.customer_x
        first = self.sell("2025-01-10 10:00:00", customer, 4)
        self.expire("2026-01-11")
        self.sell("2026-02-01 10:00:00", customer, 1)
        data, _answer = self.refund("2026-03-01 10:00:00", first, customer)
        refund = self.order_of(data)
        self.assertEqual(customer.reward_points, 20.0)
        # before: the 20 taken and 60 "unrecovered", a suspicious refund
        self.assertEqual(refund.retail_points_unrecovered, 0.0)
        self.assertFalse(
            self.env["retail.suspicious.activity"].search(
                [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)]
            )
        )

    def test_a_refund_within_the_validity_is_as_before(self):
        customer = self.customer_x
        first = self.sell("2025-01-10 10:00:00", customer, 4)
        self.sell("2025-02-01 10:00:00", customer, 1)
        data, _answer = self.refund("2025-12-01 10:00:00", first, customer)
        self.assertEqual(customer.reward_points, 20.0)
        self.assertEqual(self.order_of(data).retail_points_reversed, 80.0)
        self.assertFalse(self.Entry.search([("idempotency_key", "like", "expired:%")]))

    def test_expired_bonuses_are_not_taken_twice(self):
        """A first purchase refunded in full after its bonuses expired: the
        welcome bonus of the newcomer and the referrer's bonus are taken
        back, and what the expiry took of them is booked back."""
        self.company.write(
            {"retail_welcome_points": 25.0, "retail_referral_points": 75.0}
        )
        referrer = self.Partner.create({"name": "Rita Referrer"})
        newcomer = self.Partner.create({"name": "Nils Newcomer"})
        with freeze_time("2025-01-05"):
            referrer._retail_enrol("backoffice")
            newcomer._retail_enrol("pos")
            referred_by(newcomer, referrer)
        first = self.sell("2025-01-10 10:00:00", newcomer, 2)
        self.assertEqual(newcomer.reward_points, 40.0 + 25.0)
        self.assertEqual(referrer.reward_points, 75.0)
        self.expire("2026-01-11")
        self.assertEqual((newcomer | referrer).mapped("reward_points"), [0.0, 0.0])
        self.sell("2026-02-01 10:00:00", newcomer, 1)
        self.book(referrer, 10.0, idempotency_key="referrer-opening")
        data, _answer = self.refund("2026-03-01 10:00:00", first, newcomer)
        refund = self.order_of(data)
        self.assertTrue(
            self.Entry.search(
                [("idempotency_key", "=", f"welcome:{newcomer.id}:revoked")]
            )
        )
        self.assertTrue(
            self.Entry.search(
                [("idempotency_key", "=", f"referral:{newcomer.id}:revoked")]
            )
        )
        # before: 20 - 40 - 25 for the newcomer, 10 - 75 for the referrer
        self.assertEqual(newcomer.reward_points, 20.0)
        self.assertEqual(referrer.reward_points, 10.0)
        self.assertEqual(refund.retail_points_reversed, 0.0)
        self.assertIn("points of the bonus", refund.retail_points_note)

    def test_a_refund_for_another_customer_says_what_it_took(self):
        """The refund names another customer: the sale's customer keeps
        their points, and the refund's *Points Reversed* is what it took
        (nothing), as its note says."""
        customer = self.customer_x
        other = self.Partner.create({"name": "Olga Other"})
        first = self.sell("2025-01-10 10:00:00", customer, 4)
        self.expire("2026-01-11")
        self.sell("2026-02-01 10:00:00", customer, 1)
        data, _answer = self.refund("2026-03-01 10:00:00", first, other)
        refund = self.order_of(data)
        self.assertEqual(customer.reward_points, 20.0)
        self.assertEqual(other.reward_points, 0.0)
        self.assertEqual(refund.retail_points_reversed, 0.0)
