# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An invoice's points taken back (a credit note, a reset to draft, a
cancellation) after they expired are not taken a second time; given back
again (the credit note cancelled, the invoice posted again) they expire
again at once (``retail.points.document.mixin._retail_points_lot``).
Before, a credit note a year on took the customer's later points for
points the expiry had already taken, and posting an invoice again gave
expired points back as new ones."""

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoicePointsExpired(RetailInvoiceCase):
    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company.retail_points_validity_months = 12
        cls.Entry = cls.env["retail.point.entry"]

    def expire(self, day):
        with freeze_time(day):
            self.Entry._cron_expire_reward_points()
        self.env.invalidate_all()

    def expired_first_purchase(self):
        """100 earned on 10 January 2025, expired; 50 earned on 1 February
        2026."""
        with freeze_time("2025-01-10 10:00:00"):
            first = self.invoice(self.customer, 100.0, date="2025-01-10")
        self.assertEqual(self.customer.reward_points, 100.0)
        self.expire("2026-01-11")
        self.assertEqual(self.customer.reward_points, 0.0)
        with freeze_time("2026-02-01 10:00:00"):
            self.invoice(self.customer, 50.0, date="2026-02-01")
        self.assertEqual(self.customer.reward_points, 50.0)
        return first

    def corrections(self):
        return self.Entry.search(
            [
                ("partner_id", "=", self.customer.id),
                ("idempotency_key", "=like", "expired:%"),
            ],
            order="id",
        )

    def test_credit_note_after_the_expiry(self):
        first = self.expired_first_purchase()
        with freeze_time("2026-03-01 10:00:00"):
            refund = self.credit_note(first)
        # before: -50, February's points taken for expired ones
        self.assertEqual(self.customer.reward_points, 50.0)
        earn = self.entries(first).filtered(lambda entry: entry.kind == "earn")
        reverse = self.entries(refund)
        self.assertEqual(reverse.mapped("points"), [-100.0])
        self.assertRecordValues(
            self.corrections(),
            [
                {
                    "kind": "expire",
                    "points": 100.0,
                    "res_model": "retail.point.entry",
                    "res_id": earn.id,
                    "idempotency_key": f"expired:{reverse.idempotency_key}",
                    "origin": f"Expired points of {refund.display_name}, taken back",
                }
            ],
        )
        # the credit note cancelled: the points it took back are the
        # invoice's again, and expired
        with freeze_time("2026-03-02 10:00:00"):
            refund.button_draft()
            refund.button_cancel()
        self.assertEqual(self.customer.reward_points, 50.0)
        self.assertEqual(self.corrections().mapped("points"), [100.0, -100.0])
        # February's 50 expire on their day, nothing else
        self.expire("2027-02-02")
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_invoice_changed_and_cancelled_after_the_expiry(self):
        first = self.expired_first_purchase()
        with freeze_time("2026-03-01 10:00:00"):
            first.button_draft()
            with Form(first) as form, form.invoice_line_ids.edit(0) as line:
                line.price_unit = 120.0
            first.action_post()
        # the 20 more belong to the purchase of January 2025: they expired
        # with its 100 (before: 70, as new points)
        self.assertEqual(self.customer.reward_points, 50.0)
        self.assertEqual(self.corrections().mapped("points"), [-20.0])
        with freeze_time("2026-03-02 10:00:00"):
            first.button_draft()
            first.button_cancel()
        # before: -70, February's 50 taken for the expired 120
        self.assertEqual(self.customer.reward_points, 50.0)
        self.assertEqual(self.corrections().mapped("points"), [-20.0, 120.0])
        self.expire("2027-02-02")
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_partly_spent_then_credited(self):
        """100 earned, 30 redeemed, 70 expired; credited: without the
        invoice the expiry took nothing and the 30 came out of nothing."""
        with freeze_time("2025-01-10 10:00:00"):
            first = self.invoice(self.customer, 100.0, date="2025-01-10")
            self.customer._post_reward_points(-30.0, "redeem")
        self.expire("2026-01-11")
        self.assertEqual(self.customer.reward_points, 0.0)
        with freeze_time("2026-02-01 10:00:00"):
            self.invoice(self.customer, 50.0, date="2026-02-01")
        with freeze_time("2026-03-01 10:00:00"):
            self.credit_note(first)
        self.assertEqual(self.customer.reward_points, 50.0 - 30.0)
        self.assertEqual(self.corrections().mapped("points"), [70.0])

    def test_within_the_validity_nothing_changes(self):
        with freeze_time("2025-01-10 10:00:00"):
            first = self.invoice(self.customer, 100.0, date="2025-01-10")
        with freeze_time("2025-06-01 10:00:00"):
            self.credit_note(first)
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertFalse(self.corrections())

    def test_credit_note_within_the_validity_cancelled_after_it(self):
        """The credit note took the 100 back before their date, so the run
        of January found nothing to take; cancelled after it, the 100 are the
        invoice's again, and expired: in the ledger without the credit note
        they expired in January, and the 50 earned later paid the redemption."""
        with freeze_time("2025-01-10 10:00:00"):
            first = self.invoice(self.customer, 100.0, date="2025-01-10")
        with freeze_time("2025-06-01 10:00:00"):
            refund = self.credit_note(first)
        self.expire("2026-01-11")
        self.assertFalse(self.Entry.search([("kind", "=", "expire")]))
        with freeze_time("2026-02-01 10:00:00"):
            self.invoice(self.customer, 50.0, date="2026-02-01")
            self.customer._post_reward_points(-50.0, "redeem")
        with freeze_time("2026-03-01 10:00:00"):
            refund.button_draft()
            refund.button_cancel()
        # before: 100 to spend until the next run, 50 kept until 2027
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertEqual(self.corrections().mapped("points"), [-100.0])
        self.expire("2026-03-02")
        self.expire("2027-02-02")
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_cancelled_within_the_validity_posted_again_later(self):
        """Points taken back before their date come back as new points (an
        invoice cancelled, then posted again for a sale of another date),
        with a validity of their own, as they always did."""
        with freeze_time("2025-01-10 10:00:00"):
            first = self.invoice(self.customer, 100.0, date="2025-01-10")
        with freeze_time("2025-02-01 10:00:00"):
            first.button_draft()
            first.button_cancel()
        self.expire("2026-01-11")
        with freeze_time("2026-03-01 10:00:00"):
            first.button_draft()
            first.write({"name": False, "invoice_date": "2026-03-01"})
            first.action_post()
        self.expire("2026-03-02")
        self.assertEqual(self.customer.reward_points, 100.0)
        self.assertFalse(self.corrections())

    def test_another_customer_and_back_after_the_expiry(self):
        other = self.env["res.partner"].create({"name": "Otto Other"})
        first = self.expired_first_purchase()
        with freeze_time("2026-03-01 10:00:00"):
            first.button_draft()
            first.partner_id = other
            first.action_post()
        # the expired 100 are not taken from the customer's February points,
        # and the other customer earns the invoice's points as new ones
        self.assertEqual(self.customer.reward_points, 50.0)
        self.assertEqual(other.reward_points, 100.0)
        with freeze_time("2026-03-02 10:00:00"):
            first.button_draft()
            first.partner_id = self.customer
            first.action_post()
        # back to the customer: they are the expired ones again (before: 150)
        self.assertEqual(self.customer.reward_points, 50.0)
        self.assertEqual(other.reward_points, 0.0)
        self.expire("2027-02-02")
        self.assertEqual(self.customer.reward_points, 0.0)
