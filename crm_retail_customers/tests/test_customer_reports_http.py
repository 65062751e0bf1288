# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io
import json

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..report.retail_customer_report_pdf import MAX_PDF_ROWS
from .common import RETAIL_USER, BrowserSizeMixin


@tagged("post_install", "-at_install")
class TestCustomerReportsHttp(BrowserSizeMixin, HttpCase):
    """The CSV download and the PDF, through the real HTTP server and a
    real wkhtmltopdf."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(cls.env, login="report_clerk", groups=RETAIL_USER)
        cls.portal = new_test_user(
            cls.env, login="report_portal", groups="base.group_portal"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ülla Öhman", "email": "ulla@example.fi"}
        )
        cls.customer._post_reward_points(42.5, "earn", origin="POS/042")
        cls.other = cls.env["res.partner"].create({"name": "Other customer"})

    def _wizard(self, user, **vals):
        return (
            self.env["retail.customer.report.wizard"]
            .with_user(user)
            .create(
                dict(
                    {"partner_ids": [(6, 0, (self.customer | self.other).ids)]},
                    **vals,
                )
            )
        )

    def test_csv_download_as_clerk(self):
        wizard = self._wizard(self.clerk, report="balances")
        action = wizard.action_download_csv()
        self.authenticate("report_clerk", "report_clerk")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        disposition = response.headers["Content-Disposition"]
        self.assertIn("attachment", disposition)
        self.assertIn("reward-point-balances-", disposition)
        self.assertRegex(disposition, r"\d{4}-\d{2}-\d{2}\.csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        self.assertEqual(rows[0][0], "Name")
        self.assertIn(["Ülla Öhman", "", "", "", "ulla@example.fi", "", "42.50"], rows)
        self.assertEqual(len(rows), 3)

    def test_pdf_download_named_after_report_and_day(self):
        """The file the web client downloads (``/report/download``, as its
        report action calls it) is named after the report and the day, not
        "Customer Report.pdf"."""
        wizard = self._wizard(self.clerk, report="recent")
        action = wizard.action_print_pdf()
        self.assertEqual(action["context"]["active_ids"], wizard.ids)
        self.authenticate("report_clerk", "report_clerk")
        url = f"/report/pdf/{action['report_name']}/{wizard.id}"
        response = self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, "qweb-pdf"]),
                # Odoo renders the HTML instead of the PDF in tests (a PDF
                # would have wkhtmltopdf ask this busy test server for the
                # styles): the route names the file all the same
                "context": json.dumps({"lang": "en_US"}),
                "token": "dummy",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("Ülla Öhman", response.text)
        day = fields.Date.context_today(wizard.with_user(self.clerk))
        self.assertEqual(
            response.headers["Content-Disposition"],
            http.content_disposition(f"Balances and recent transactions {day}.pdf"),
        )

    @mute_logger("odoo.http")
    def test_csv_refused(self):
        wizard = self._wizard(self.clerk, report="balances")
        self.authenticate("report_portal", "report_portal")
        response = self.url_open(f"/crm_retail_customers/report/csv/{wizard.id}")
        self.assertEqual(response.status_code, 403)
        # another clerk cannot fetch someone else's report
        new_test_user(self.env, login="report_clerk2", groups=RETAIL_USER)
        self.authenticate("report_clerk2", "report_clerk2")
        response = self.url_open(f"/crm_retail_customers/report/csv/{wizard.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn("Ülla", response.text)

    @mute_logger("odoo.http")
    def test_html_of_another_users_wizard_refused(self):
        """As the CSV route, the PDF and HTML routes print a wizard for the
        user who made it only: another clerk's id is refused."""
        wizard = self._wizard(self.clerk, report="balances")
        new_test_user(self.env, login="report_clerk3", groups=RETAIL_USER)
        self.authenticate("report_clerk3", "report_clerk3")
        for kind in ("html", "pdf"):
            response = self.url_open(
                f"/report/{kind}/crm_retail_customers.report_retail_customers/"
                f"{wizard.id}"
            )
            self.assertEqual(response.status_code, 403, kind)
            self.assertNotIn("Ülla", response.text)
        # twin: its maker prints it
        self.authenticate("report_clerk", "report_clerk")
        response = self.url_open(
            f"/report/html/crm_retail_customers.report_retail_customers/{wizard.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ülla Öhman", response.text)

    def test_tour_wizard_download(self):
        self.start_tour(
            "/web#action=crm_retail_customers.retail_customer_report_wizard_action",
            "crm_retail_customers_report_tour",
            login="admin",
        )
        wizard = self.env["retail.customer.report.wizard"].search(
            [("create_uid", "=", self.env.ref("base.user_admin").id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(wizard.report, "contacts")
        self.assertEqual(wizard.consent_email, "allowed")

    def test_tour_pdf_too_big(self):
        """A PDF over the limit: the user gets the message in the web client."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, active, type, is_company,
                                     lang, create_date, write_date)
            SELECT 'Bulk customer ' || n, 'Bulk customer ' || n, TRUE, 'contact',
                   FALSE, 'en_US', now(), now()
              FROM generate_series(1, %s) n
            """,
            [MAX_PDF_ROWS + 1],
        )
        self.start_tour(
            "/web#action=crm_retail_customers.retail_customer_report_wizard_action",
            "crm_retail_customers_report_too_big_tour",
            login="report_clerk",
        )
