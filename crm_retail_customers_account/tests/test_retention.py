# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Retention and invoices: an invoice is activity (its date), and a customer
the erasure refuses (a draft invoice) is marked failed while the others of
the batch are erased."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceRetention(RetailInvoiceCase):
    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.env["res.company"].search([]).write({"retail_retention_years": 0})
        cls.company.retail_retention_years = 3
        cls.Candidate = cls.env["retail.retention.candidate"]
        cls.plain = cls.Partner.create({"name": "Pekka Tavallinen"})
        cls.late = cls.Partner.create({"name": "Lauri Myöhäinen"})
        # customers since 2019 (shared by every company: documents of the
        # companies that date it from them would have written it)
        (cls.customer | cls.shop | cls.plain | cls.late)._retail_write_derived(
            {"customer_since": "2019-01-15"}
        )

    def run_job(self, day, **kwargs):
        with freeze_time(day):
            self.Candidate._cron_retail_retention(**kwargs)
        self.env.invalidate_all()

    def rows(self, partners):
        return self.Candidate.search([("partner_id", "in", partners.ids)])

    def pay(self, invoice):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()

    def test_invoice_is_activity(self):
        with freeze_time("2020-05-04 12:00:00"):
            self.pay(self.invoice(self.customer, 100.0, date="2020-05-04"))
        with freeze_time("2025-06-01 12:00:00"):
            # the contact's invoice makes its company active
            self.pay(self.invoice(self.other_contact, 50.0, date="2025-06-01"))
        self.run_job("2026-03-02 12:00:00")
        self.assertEqual(self.rows(self.customer).last_activity_date, date(2020, 5, 4))
        self.assertFalse(self.rows(self.shop | self.other_contact))

    def test_refused_erasure_marked_failed_others_erased(self):
        with freeze_time("2020-05-04 12:00:00"):
            draft = self.invoice(self.customer, 100.0, date="2020-05-04", post=False)
        self.run_job("2026-03-02 12:00:00")
        rows = self.rows(self.customer | self.plain | self.late)
        self.assertEqual(len(rows), 3)
        self.assertEqual(set(rows.mapped("state")), {"warned"})
        # the refused customer comes first in the batch: the others go on
        self.assertLess(self.rows(self.customer).id, self.rows(self.late).id)
        self.run_job("2026-04-01 12:00:00")
        failed = self.rows(self.customer)
        self.assertEqual(failed.state, "failed")
        self.assertIn("draft invoice", failed.error)
        self.assertFalse(self.customer.retail_forgotten)
        self.assertEqual(self.customer.name, "Aino Virtanen")
        self.assertEqual(draft.partner_id, self.customer)
        for partner in (self.plain, self.late):
            self.assertEqual(self.rows(partner).state, "erased")
            self.assertTrue(partner.retail_forgotten)
        # a failed customer is not retried by itself: the next run leaves it
        self.run_job("2026-04-02 12:00:00")
        self.assertEqual(failed.state, "failed")
        # the draft deleted, a manager puts it back on the list: erased later
        draft.unlink()
        with freeze_time("2026-04-02 12:00:00"):
            failed.action_retail_include()
        self.run_job("2026-05-02 12:00:00")
        self.assertEqual(failed.state, "erased")
        self.assertTrue(self.customer.retail_forgotten)

    def test_batches_trigger_the_job_again(self):
        self.run_job("2026-03-02 12:00:00")
        cron = self.env.ref("crm_retail_customers.ir_cron_retail_retention")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.run_job("2026-04-01 12:00:00", batch_size=1)
        erased = self.rows(self.customer | self.plain | self.late).filtered(
            lambda row: row.state == "erased"
        )
        self.assertEqual(len(erased), 1)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            len(triggers),
        )
        self.run_job("2026-04-01 12:00:00", batch_size=100)
        self.assertEqual(
            set(self.rows(self.customer | self.plain | self.late).mapped("state")),
            {"erased"},
        )
