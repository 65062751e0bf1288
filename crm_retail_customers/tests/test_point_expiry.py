# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PointsCase


@tagged("post_install", "-at_install")
class TestPointExpiry(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_validity_months = 12

    def _expire(self, day):
        with freeze_time(day):
            self.env["retail.point.entry"]._cron_expire_reward_points()
        self.customer.invalidate_recordset()

    def _expired_total(self):
        return -sum(
            self.customer.point_entry_ids.filtered(lambda e: e.kind == "expire").mapped(
                "points"
            )
        )

    def test_expiry_date_from_validity(self):
        with freeze_time("2025-01-15 10:00:00"):
            entry = self.customer._post_reward_points(100, "earn")
        self.assertEqual(entry.expiry_date, date(2026, 1, 15))
        self.company.retail_points_validity_months = 0
        entry = self.customer._post_reward_points(5, "earn")
        self.assertFalse(entry.expiry_date)

    def test_earn_redeem_sequence(self):
        """Hand-computed: 100 (Jan) + 50 (Mar) earned, 120 redeemed in June.
        Redemptions consume the oldest points: January's 100 and 20 of
        March's. In January 2026 nothing is left of January's lot; in March
        2026 the 30 left of March's lot expire."""
        with freeze_time("2025-01-10"):
            self.customer._post_reward_points(100, "earn")
        with freeze_time("2025-03-10"):
            self.customer._post_reward_points(50, "earn")
        with freeze_time("2025-06-01"):
            self.customer._post_reward_points(-120, "redeem")
        self._expire("2026-01-11")
        self.assertEqual(self._expired_total(), 0)
        with freeze_time("2026-02-20"):
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.retail_reward_points_expiring, 30)
        self._expire("2026-03-11")
        self.assertEqual(self._expired_total(), 30)
        self.assertEqual(self.customer.reward_points, 0)
        # the lifetime points (and the tier) are not lowered by expiry
        self.assertEqual(self.customer.reward_points_earned, 150)
        # running the job again the same day or later books nothing more
        self._expire("2026-03-11")
        self._expire("2026-04-01")
        self.assertEqual(self._expired_total(), 30)

    def test_partial_consumption_and_positive_adjustment(self):
        """200 earned (Feb), 80 redeemed (Apr), +40 adjusted (May, never
        expires), 60 earned (Aug). Feb 2026: 200 - 80 = 120 expire; balance
        40 + 60 = 100. Aug 2026: the 60 expire, the adjustment stays."""
        with freeze_time("2025-02-01"):
            self.customer._post_reward_points(200, "earn")
        with freeze_time("2025-04-01"):
            self.customer._post_reward_points(-80, "redeem")
        with freeze_time("2025-05-01"):
            self.customer._post_reward_points(40, "adjust", note="Goodwill")
        with freeze_time("2025-08-01"):
            self.customer._post_reward_points(60, "earn")
        self._expire("2026-01-31")
        self.assertEqual(self._expired_total(), 0)
        self._expire("2026-02-01")
        self.assertEqual(self._expired_total(), 120)
        self.assertEqual(self.customer.reward_points, 100)
        self._expire("2026-08-02")
        self.assertEqual(self._expired_total(), 180)
        self.assertEqual(self.customer.reward_points, 40)

    def test_never_expires_below_zero(self):
        with freeze_time("2025-01-01"):
            self.customer._post_reward_points(50, "earn")
            self.customer._post_reward_points(-70, "reverse")
        self._expire("2026-06-01")
        self.assertEqual(self._expired_total(), 0)
        self.assertEqual(self.customer.reward_points, -20)

    def test_backlog_in_batches(self):
        """More customers due than one run books: the run triggers the job
        again, and the next run goes on with the others."""
        others = self.Partner.create([{"name": f"Lapsed {n}"} for n in range(2)])
        with freeze_time("2025-01-10"):
            for customer in self.customer | others:
                customer._post_reward_points(10, "earn")
        cron = self.env.ref("crm_retail_customers.ir_cron_expire_reward_points")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        with freeze_time("2026-02-01"):
            self.env["retail.point.entry"]._cron_expire_reward_points(batch_size=2)
            self.assertEqual(
                Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1
            )
            expired = (self.customer | others).filtered(
                lambda partner: partner.reward_points == 0
            )
            self.assertEqual(len(expired), 2)
            self.env["retail.point.entry"]._cron_expire_reward_points(batch_size=2)
            self.assertEqual((self.customer | others).mapped("reward_points"), [0] * 3)
            # all done: no further run is asked for
            self.assertEqual(
                Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1
            )
            self.assertEqual(
                self.env["retail.point.entry"].search_count(
                    [
                        ("kind", "=", "expire"),
                        ("partner_id", "in", (self.customer | others).ids),
                    ]
                ),
                3,
            )


@tagged("post_install", "-at_install")
class TestPointExpiryCompanies(PointsCase):
    """Points expire in the company whose ledger holds them: the job runs in
    one company (its user's), but a shared customer's points earned in
    another company are that company's to take back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_validity_months = 12
        cls.shop_b = cls.env["res.company"].create(
            {"name": "Shop B", "currency_id": cls.env.ref("base.SEK").id}
        )
        cls.shop_b.write(
            {
                "retail_points_per_currency": 1.0,
                "retail_points_validity_months": 12,
                "retail_members_only": False,
            }
        )
        cls.shared = cls.Partner.create({"name": "Shared Sam", "company_id": False})

    def _expire(self, day, **kwargs):
        with freeze_time(day):
            self.env["retail.point.entry"]._cron_expire_reward_points(**kwargs)
        self.env.invalidate_all()

    def _ledgers(self, partner):
        """``{company id: points}`` of ``partner``'s ledger."""
        groups = self.env["retail.point.entry"]._read_group(
            [("partner_id", "=", partner.id)], ["company_id"], ["points:sum"]
        )
        return {company.id: points for company, points in groups}

    def test_shared_customer_expires_in_the_company_holding_points(self):
        """Earned in Shop B only, the points expire out of Shop B's ledger,
        in its currency, not out of the job's company: each company's ledger
        adds up to what it owes the customer (nothing)."""
        with freeze_time("2025-01-10"):
            self.shared._post_reward_points(100, "earn", company_id=self.shop_b.id)
        self._expire("2026-02-01")
        self.assertEqual(self.shared.reward_points, 0)
        self.assertEqual(self._ledgers(self.shared), {self.shop_b.id: 0})
        expired = self.shared.point_entry_ids.filtered(lambda e: e.kind == "expire")
        self.assertEqual(expired.company_id, self.shop_b)
        self.assertEqual(expired.currency_id, self.env.ref("base.SEK"))
        self.assertEqual(
            expired.idempotency_key,
            f"expire:{self.shared.id}:2026-02-01:{self.shop_b.id}",
        )

    def test_points_of_two_companies_expire_in_each(self):
        """Lots in both companies: each company takes back its own part, in
        one run, under a key of its own; a run again the same day books
        nothing more. A batch of one customer keeps both parts together."""
        with freeze_time("2025-01-10"):
            self.shared._post_reward_points(100, "earn", company_id=self.shop_b.id)
            self.shared._post_reward_points(40, "earn", company_id=self.company.id)
            self.customer._post_reward_points(10, "earn")
        # a run of one customer: the customer before them (lower id) only
        self._expire("2026-02-01", batch_size=1)
        self.assertEqual(self.customer.reward_points, 0)
        self.assertEqual(self.shared.reward_points, 140)
        # the next run: both companies' parts of the shared customer
        self._expire("2026-02-01", batch_size=1)
        self.assertEqual(self.shared.reward_points, 0)
        self.assertEqual(
            self._ledgers(self.shared), {self.company.id: 0, self.shop_b.id: 0}
        )
        expired = self.shared.point_entry_ids.filtered(lambda e: e.kind == "expire")
        self.assertEqual(
            sorted(expired.mapped("idempotency_key")),
            [
                f"expire:{self.shared.id}:2026-02-01:{self.company.id}",
                f"expire:{self.shared.id}:2026-02-01:{self.shop_b.id}",
            ],
        )
        self._expire("2026-02-01")
        self.assertEqual(
            len(self.shared.point_entry_ids.filtered(lambda e: e.kind == "expire")),
            2,
        )

    def test_points_spent_in_another_company_do_not_expire_twice(self):
        """Earned in Shop B, partly spent in the job's company: no more than
        the customer's balance expires, taken from the ledger that holds the
        lots."""
        with freeze_time("2025-01-10"):
            self.shared._post_reward_points(100, "earn", company_id=self.shop_b.id)
            self.shared._post_reward_points(
                -30, "adjust", company_id=self.company.id, note="Spent at A"
            )
        self._expire("2026-02-01")
        self.assertEqual(self.shared.reward_points, 0)
        self.assertEqual(
            self._ledgers(self.shared), {self.company.id: -30, self.shop_b.id: 30}
        )

    def _take_back(self, day, lot, points, key, company):
        """A refund of ``lot``'s purchase on ``day``: the expired part
        booked back, then the take-back, as a document's refund books them."""
        Entry = self.env["retail.point.entry"]
        with freeze_time(day):
            part = Entry._retail_book_expired_part(
                self.shared, lot, points, key, origin="Refund", company_id=company.id
            )
            self.shared._post_reward_points(
                -points, "reverse", idempotency_key=key, company_id=company.id
            )
        self.env.invalidate_all()
        return part

    def test_refund_after_an_expiry_in_two_companies(self):
        """The job's entries of two companies on one day are one run of the
        job for the replay of a refund after expiry: the refund of an
        expired purchase books back what the run took of it, once."""
        with freeze_time("2025-01-10"):
            lot = self.shared._post_reward_points(
                100, "earn", company_id=self.company.id
            )
            self.shared._post_reward_points(60, "earn", company_id=self.shop_b.id)
        self._expire("2026-02-01")
        self.assertEqual(self.shared.reward_points, 0)
        with freeze_time("2026-02-05"):
            self.shared._post_reward_points(50, "earn", company_id=self.company.id)
        part = self._take_back("2026-03-01", lot, 100, "test:refund:1", self.company)
        self.assertEqual(part, 100)
        self.assertEqual(self.shared.reward_points, 50)
        self.assertEqual(
            self._ledgers(self.shared), {self.company.id: 50, self.shop_b.id: 0}
        )

    def _spent_in_the_other_company(self):
        """Earned in Shop B in January 2025 (expired by February 2026),
        earned in the job's company in December 2025 (valid until December
        2026) and 100 spent there in December 2025: the oldest lot, Shop
        B's, was the one spent."""
        with freeze_time("2025-01-10"):
            lot = self.shared._post_reward_points(
                100, "earn", company_id=self.shop_b.id
            )
        with freeze_time("2025-12-01"):
            self.shared._post_reward_points(100, "earn", company_id=self.company.id)
        with freeze_time("2025-12-05"):
            self.shared._post_reward_points(
                -100, "adjust", company_id=self.company.id, note="Spent at A"
            )
        return lot

    def test_points_spent_elsewhere_are_the_oldest(self):
        """Lots are consumed oldest first whatever company consumed them (as
        the reminders and the refunds count): the 100 points left are
        December's, valid until December 2026, and nothing expires in
        February. A refund of Shop B's purchase then takes its 100 points
        once: nothing left, never less."""
        lot = self._spent_in_the_other_company()
        self.assertEqual(
            self.env["retail.point.entry"]._get_points_to_expire(
                date(2026, 2, 1), self.shared.ids
            ),
            {},
        )
        self._expire("2026-02-01")
        self.assertEqual(self.shared.reward_points, 100)
        self._take_back("2026-03-01", lot, 100, "test:refund:b", self.shop_b)
        self.assertEqual(self.shared.reward_points, 0)
        self.assertEqual(sum(self._ledgers(self.shared).values()), 0)

    def test_part_due_later_the_same_day_is_booked(self):
        """A company's part that comes due after a run of the day (an
        opening balance of Shop B dated two years back, imported after the
        morning run) is booked by the evening run, under a key of its own:
        the job's key names the company."""
        with freeze_time("2025-01-10"):
            self.shared._post_reward_points(100, "earn", company_id=self.company.id)
        self._expire("2026-02-01 08:00")
        self.assertEqual(self._ledgers(self.shared), {self.company.id: 0})
        with freeze_time("2026-02-01 10:00"):
            self.shared._post_reward_points(
                60,
                "opening",
                company_id=self.shop_b.id,
                date="2024-12-01 12:00:00",
                note="Previous system",
            )
        self.env.invalidate_all()
        self.assertEqual(self.shared.reward_points, 60)
        self._expire("2026-02-01 20:00")
        self.assertEqual(self.shared.reward_points, 0)
        self.assertEqual(
            self._ledgers(self.shared), {self.company.id: 0, self.shop_b.id: 0}
        )
