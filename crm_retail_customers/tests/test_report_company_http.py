# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The points activity of a report reads the ledger of one company: a clerk
of company A cannot read company B's, whatever route (PDF, HTML, CSV) and
whatever they set on the wizard over RPC. (The balance column of the other
reports is the customer's balance, as the customer form shows it: the sum
over every company.)"""

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import RETAIL_USER, company_user


@tagged("post_install", "-at_install")
class TestReportCompanyHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})
        # figures to the decimal (whole points: test_whole_points.py)
        (cls.company_a | cls.company_b).retail_points_precision = "decimal"
        cls.clerk = company_user(
            cls.env, "report_company_clerk", RETAIL_USER, cls.company_a
        )
        # a customer shared by both shops, who earned in each
        cls.customer = cls.env["res.partner"].create(
            {"name": "Shared Sanna", "company_id": False}
        )
        for company, points in ((cls.company_a, 5.0), (cls.company_b, 37.25)):
            cls.customer._post_reward_points(
                points,
                "earn",
                company_id=company.id,
                origin=f"{company.name}/1",
                date="2025-03-10 10:00:00",
            )
        cls.period = {"date_from": "2025-03-01", "date_to": "2025-03-31"}

    def _call(self, model, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    def _wizard_vals(self, company):
        return dict(
            self.period,
            report="activity",
            company_id=company.id,
            partner_ids=[(6, 0, self.customer.ids)],
        )

    @mute_logger("odoo.http")
    def test_clerk_cannot_read_another_company_through_the_csv(self):
        self.authenticate("report_company_clerk", "report_company_clerk")
        Wizard = "retail.customer.report.wizard"
        # the wizard refuses a company that is not one of the clerk's
        with self.assertRaises(JsonRpcException) as cm:
            self._call(Wizard, "create", self._wizard_vals(self.company_b))
        self.assertEqual(cm.exception.args[0], "odoo.exceptions.ValidationError")
        wizard_id = self._call(Wizard, "create", self._wizard_vals(self.company_a))
        with self.assertRaises(JsonRpcException) as cm:
            self._call(Wizard, "write", [wizard_id], {"company_id": self.company_b.id})
        self.assertEqual(cm.exception.args[0], "odoo.exceptions.ValidationError")
        wizard = self.env[Wizard].browse(wizard_id)
        self.assertEqual(wizard.company_id, self.company_a)
        # their own company's activity: A's points, not B's
        response = self.url_open(f"/crm_retail_customers/report/csv/{wizard_id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("5.00", response.text)
        self.assertNotIn("37.25", response.text)
        # a wizard left with company B (say, made before the clerk left
        # company B) is refused by the CSV route as by the PDF and HTML
        # routes: the report's one check of its options
        wizard.sudo().company_id = self.company_b
        response = self.url_open(f"/crm_retail_customers/report/csv/{wizard_id}")
        self.assertEqual(response.status_code, 400)
        self.assertIn("company you cannot access", response.text)
        self.assertNotIn("37.25", response.text)
        for kind in ("html", "pdf"):
            response = self.url_open(
                f"/report/{kind}/crm_retail_customers.report_retail_customers/"
                f"{wizard_id}"
            )
            self.assertNotEqual(response.status_code, 200, kind)
            self.assertNotIn("37.25", response.text, kind)
