# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The bonuses of a first purchase on an invoice, taken back or given back
after their expiry date (``account.move._retail_book_bonus_change``): the
bonus is its own lot (``retail.point.entry._retail_book_expired_part``).
Taken back for good, it does not take what the expiry took already; given
back to the invoice that earned it, the part the expiry would have taken
expires at once; earned by another purchase (``again``), or moved from one
purchase to another, it is no give-back of expired points."""

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import referred_by

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceBonusExpiry(RetailInvoiceCase):
    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company.write(
            {
                "retail_welcome_points": 25,
                "retail_referral_points": 75,
                "retail_points_validity_months": 12,
                "retail_allow_negative_balance": False,
            }
        )
        Partner = cls.env["res.partner"]
        cls.referrer = Partner.create({"name": "Ines Referrer"})
        cls.newcomer = Partner.create({"name": "Otto Newcomer"})
        (cls.referrer | cls.newcomer)._retail_enrol("backoffice")
        referred_by(cls.newcomer, cls.referrer)

    def on(self, day, action, *args, **kwargs):
        with freeze_time(f"{day} 10:00:00"):
            return action(*args, **kwargs)

    def expire(self, day):
        self.on(day, self.env["retail.point.entry"]._cron_expire_reward_points)
        self.env.invalidate_all()

    def later_points(self):
        """The referrer earns 10 points of their own after the expiry."""
        self.on(
            "2026-02-01",
            self.referrer._post_reward_points,
            10.0,
            "opening",
            company_id=self.company.id,
        )

    def assertLedgerExact(self):
        self.env.invalidate_all()
        for partner in (self.referrer, self.newcomer):
            self.assertAlmostEqual(
                partner.reward_points, sum(partner.point_entry_ids.mapped("points"))
            )

    def test_taken_back_after_the_expiry_takes_nothing_expired(self):
        first = self.on("2025-01-10", self.invoice, self.newcomer, 100.0, "2025-01-10")
        self.assertEqual(self.referrer.reward_points, 75.0)
        self.expire("2026-01-11")
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.later_points()
        self.on("2026-03-01", self.credit_note, first)
        # the expired bonus is not taken a second time from the 10
        self.assertEqual(self.referrer.reward_points, 10.0)
        self.assertLedgerExact()

    def test_given_back_after_the_expiry_expires_at_once(self):
        first = self.on("2025-01-10", self.invoice, self.newcomer, 100.0, "2025-01-10")
        credit = self.on("2025-06-01", self.credit_note, first)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.expire("2026-01-11")
        self.later_points()
        self.on("2026-03-01", credit.button_draft)
        self.on("2026-03-01", credit.button_cancel)
        # the bonus of 2025-01-10 would have expired: it does at once
        self.assertEqual(self.referrer.reward_points, 10.0)
        self.expire("2026-06-01")
        self.assertEqual(self.referrer.reward_points, 10.0)
        self.assertLedgerExact()

    def test_earned_again_by_a_purchase_after_the_expiry_date(self):
        """The first invoice was no purchase (credited in full within the
        validity); the first one that stands is of 2026-02-01, after the
        first bonus's expiry date: it earns the bonuses, as a new customer's
        first purchase of that day would."""
        first = self.on("2025-01-10", self.invoice, self.newcomer, 100.0, "2025-01-10")
        self.on("2025-03-01", self.credit_note, first)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.expire("2026-01-11")
        self.on("2026-02-01", self.invoice, self.newcomer, 50.0, "2026-02-01")
        self.assertEqual(self.referrer.reward_points, 75.0)
        self.expire("2026-06-01")
        self.assertEqual(self.referrer.reward_points, 75.0)
        self.assertLedgerExact()

    def test_moved_to_another_purchase_after_the_expiry_stays_expired(self):
        """Held by the first invoice until it expired, then that invoice
        credited while a second purchase stands: the bonus moves to it and
        stays expired (it is not given back, nor taken twice)."""
        first = self.on("2025-01-10", self.invoice, self.newcomer, 100.0, "2025-01-10")
        self.on("2025-06-01", self.invoice, self.newcomer, 50.0, "2025-06-01")
        self.expire("2026-01-11")
        self.later_points()
        self.assertEqual(self.referrer.reward_points, 10.0)
        self.on("2026-03-01", self.credit_note, first)
        self.assertEqual(self.referrer.reward_points, 10.0)
        self.assertLedgerExact()
