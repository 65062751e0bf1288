# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Points taken back after they expired are not taken a second time
(``retail.point.entry._retail_book_expired_part``): the expiry took them
once, a refund's reversal took as many of the customer's other points again.

Each case is worked out by hand as the ledger would stand had the points
taken back never been booked (the counterfactual): the balance after the
take-back, and after every later run of the expiry job, must be that one."""

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PointsCase


@tagged("post_install", "-at_install")
class TestPointExpiryTakeBack(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_validity_months = 12
        cls.Entry = cls.env["retail.point.entry"]

    def expire(self, day):
        with freeze_time(day):
            self.Entry._cron_expire_reward_points()
        self.customer.invalidate_recordset()

    def book(self, day, points, kind="earn"):
        with freeze_time(day):
            return self.customer._post_reward_points(points, kind)

    def take_back(self, day, lot, points, key):
        """A take-back of ``points`` of ``lot`` as the bridges book it: the
        expired part back first, then the reversal. Returns the part."""
        with freeze_time(day):
            part = self.Entry._retail_book_expired_part(
                self.customer, lot, points, key, origin="Refund"
            )
            self.customer._post_reward_points(-points, "reverse", idempotency_key=key)
        self.customer.invalidate_recordset()
        return part

    def expired_total(self):
        return -sum(
            self.Entry.search(
                [("partner_id", "=", self.customer.id), ("kind", "=", "expire")]
            ).mapped("points")
        )

    def test_nothing_spent_keeps_the_later_points(self):
        lot = self.book("2025-01-10", 100)
        self.expire("2026-01-11")
        self.assertEqual(self.customer.reward_points, 0)
        later = self.book("2026-02-01", 50)
        part = self.take_back("2026-03-01", lot, 100, "test:refund:1")
        self.assertEqual(part, 100)
        # before: the refund took February's 50 (balance -50)
        self.assertEqual(self.customer.reward_points, 50)
        correction = self.Entry.search(
            [("idempotency_key", "=", "expired:test:refund:1")]
        )
        self.assertRecordValues(
            correction,
            [
                {
                    "kind": "expire",
                    "points": 100,
                    "partner_id": self.customer.id,
                    "origin": "Expired points of Refund, taken back",
                    "note": "100 of the 100 points taken back had expired "
                    "already: they are not taken a second time.",
                }
            ],
        )
        # the refund lowers the lifetime points all the same: the purchase
        # is gone
        self.assertEqual(self.customer.reward_points_earned, 50)
        # February's 50 still expire on their day, and nothing else does
        with freeze_time("2027-01-15"):
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.retail_reward_points_expiring, 50)
        self.expire("2027-02-02")
        self.assertEqual(self.customer.reward_points, 0)
        self.assertEqual(self.expired_total(), 100 - 100 + 50)
        self.assertTrue(later.expiry_date)
        self.assertLedgerConsistent()

    def test_spent_before_the_expiry(self):
        """100 earned, 60 redeemed: 40 expired. Without the purchase the 60
        redeemed come out of nothing: the customer ends 10 below the 50
        earned later."""
        lot = self.book("2025-01-10", 100)
        self.book("2025-05-01", -60, "redeem")
        self.expire("2026-01-11")
        self.assertEqual(self.expired_total(), 40)
        self.book("2026-02-01", 50)
        part = self.take_back("2026-03-01", lot, 100, "test:refund:2")
        self.assertEqual(part, 40)
        self.assertEqual(self.customer.reward_points, -10)
        self.expire("2027-02-02")
        # the later 50 went to the redemption in the counterfactual: none
        # of them expire
        self.assertEqual(self.customer.reward_points, -10)
        self.assertLedgerConsistent()

    def test_a_later_lot_expired_not_this_one(self):
        """100 earned and redeemed in full, 80 earned later and expired.
        Without the first purchase the redemption took the 80 (and 20 more):
        the expiry took nothing, so 80 of the 100 are not taken again."""
        lot = self.book("2025-01-10", 100)
        self.book("2025-03-01", -100, "redeem")
        self.book("2025-06-01", 80)
        self.expire("2026-06-02")
        self.assertEqual(self.expired_total(), 80)
        part = self.take_back("2026-07-01", lot, 100, "test:refund:3")
        self.assertEqual(part, 80)
        self.assertEqual(self.customer.reward_points, -20)
        self.assertLedgerConsistent()

    def test_within_the_validity_nothing_is_read(self):
        lot = self.book("2025-01-10", 100)
        self.book("2025-02-01", 30)
        with freeze_time("2025-06-01"), self.assertQueryCount(0):
            part = self.Entry._retail_expired_part(self.customer, lot, 100)
        self.assertEqual(part, 0)
        self.assertEqual(self.take_back("2025-06-01", lot, 100, "test:refund:4"), 0)
        self.assertEqual(self.customer.reward_points, 30)
        self.assertFalse(
            self.Entry.search([("idempotency_key", "=", "expired:test:refund:4")])
        )
        # reached its date but the job did not run yet: nothing expired
        self.assertEqual(
            self.take_back("2026-01-10", self.book("2025-01-10", 10), 10, "t:5"), 0
        )

    def test_two_lots_taken_back_one_after_the_other(self):
        first = self.book("2025-01-10", 100)
        second = self.book("2025-03-10", 50)
        self.expire("2026-01-11")
        self.expire("2026-03-11")
        self.assertEqual(self.expired_total(), 150)
        self.book("2026-04-01", 20)
        self.assertEqual(self.take_back("2026-05-01", first, 100, "t:first"), 100)
        self.assertEqual(self.take_back("2026-05-02", second, 50, "t:second"), 50)
        self.assertEqual(self.customer.reward_points, 20)
        self.expire("2027-04-02")
        self.assertEqual(self.customer.reward_points, 0)
        self.assertLedgerConsistent()

    def test_a_lot_taken_back_in_pieces(self):
        """100 earned, 40 of them redeemed, 60 expired; refunded 30 then 70.
        Without the purchase the expiry took nothing: 60 are not taken
        again in all, the first 30 at once, the next 30 with the rest."""
        lot = self.book("2025-01-10", 100)
        self.book("2025-05-01", -40, "redeem")
        self.expire("2026-01-11")
        self.assertEqual(self.expired_total(), 60)
        self.book("2026-02-01", 50)
        self.assertEqual(self.take_back("2026-03-01", lot, 30, "t:piece:1"), 30)
        self.assertEqual(self.customer.reward_points, 50)
        self.assertEqual(self.take_back("2026-03-02", lot, 70, "t:piece:2"), 30)
        self.assertEqual(self.customer.reward_points, 10)
        self.expire("2027-02-02")
        # the counterfactual: 50 earned, 40 redeemed out of them, 10 expire
        self.assertEqual(self.customer.reward_points, 0)
        self.assertLedgerConsistent()

    def test_the_key_books_it_once(self):
        lot = self.book("2025-01-10", 100)
        self.expire("2026-01-11")
        with freeze_time("2026-03-01"):
            for _attempt in range(2):
                self.Entry._retail_book_expired_part(self.customer, lot, 100, "t:once")
        self.assertEqual(
            self.Entry.search_count([("idempotency_key", "=", "expired:t:once")]), 1
        )

    def test_positive_expiry_is_the_take_backs_only(self):
        with self.assertRaisesRegex(UserError, "Expired points must be negative"):
            self.customer._post_reward_points(
                10, "expire", idempotency_key="expire:made:up"
            )
        # nor can anyone create one through the ORM (an import, the API)
        with self.assertRaises(UserError):
            self.Entry.create(
                {
                    "partner_id": self.customer.id,
                    "points": 10,
                    "kind": "expire",
                    "idempotency_key": "expired:made:up",
                }
            )
        self.assertEqual(self.customer.reward_points, 0)

    def test_a_merged_ledger_takes_all_back(self):
        """After a merge the ledger holds the runs of two customers: which
        lots they took cannot be told, and the take-back takes all, as it
        did before (here rightly: the customer's own 80 were spent, only the
        other customer's 100 expired)."""
        lot = self.book("2025-01-10", 80)
        self.book("2025-02-01", -80, "redeem")
        other = self.Partner.create({"name": "Olli Toinen"})
        with freeze_time("2025-01-10"):
            other._post_reward_points(100, "earn")
        self.expire("2026-01-11")
        self.assertEqual(other.reward_points, 0)
        wizard = self.env["base.partner.merge.automatic.wizard"]
        with freeze_time("2026-02-01"):
            wizard._merge((other | self.customer).ids, self.customer)
        self.assertEqual(self.take_back("2026-03-01", lot, 80, "t:merged"), 0)
        self.assertEqual(self.customer.reward_points, -80)

    def test_a_frozen_balance_takes_all_back(self):
        """A customer who left the programme: the job takes nothing from a
        frozen balance, so nothing the replay finds is booked back."""
        lot = self.book("2025-01-10", 100)
        self.expire("2026-01-11")
        self.book("2026-02-01", 50)
        self.company.retail_members_only = True
        self.customer._retail_enrol("backoffice")
        self.customer.action_retail_leave()
        self.assertTrue(self.customer.retail_points_frozen)
        self.assertEqual(self.take_back("2026-03-01", lot, 100, "t:frozen"), 0)

    def test_a_give_back_after_a_run_that_took_nothing(self):
        """A credit note took the 100 back within their validity, so the run
        on their expiry day took nothing; a redemption later that day used
        the goodwill 50. The credit note cancelled: the 100 expire again, the
        same as for a twin who never had the credit note. (Had the run been
        placed after the redemption, the replay would have let it consume
        the lot, and 50 would stay with the customer for good.)"""
        twin = self.Partner.create({"name": "Aino Twin"})
        lots = {}
        for who in (self.customer, twin):
            with freeze_time("2025-01-10 09:00"):
                lots[who] = who._post_reward_points(100, "earn")
            if who == self.customer:
                with freeze_time("2025-06-01"):
                    who._post_reward_points(-100, "reverse", idempotency_key="cn:1")
            with freeze_time("2025-07-01"):
                who._post_reward_points(50, "adjust", note="goodwill")
        self.expire("2026-01-10 01:00")
        for who in (self.customer, twin):
            with freeze_time("2026-01-10 12:00"):
                who._post_reward_points(-50, "redeem")
        self.expire("2026-01-11 01:00")
        with freeze_time("2026-03-01"):
            self.customer._post_reward_points(
                100, "reverse", idempotency_key="cn:1:cancel"
            )
            part = self.Entry._retail_book_expired_part(
                self.customer, lots[self.customer], -100, "cn:1:cancel"
            )
        self.assertEqual(part, -100)
        for day in ("2026-03-02", "2027-06-01"):
            self.expire(day)
            twin.invalidate_recordset()
            self.assertEqual(self.customer.reward_points, twin.reward_points)
        self.assertEqual(self.customer.reward_points, 0)
