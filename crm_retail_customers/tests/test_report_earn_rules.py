# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The points activity by earning rule: its rows (one aggregate over the
points by rule), the real PDF of the activity report that shows them, and
the CSV download."""

import csv
import io
import subprocess
import tempfile
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RETAIL_USER, artifacts_dir, company_user, pdf_pages, report_csv

REPORT = "crm_retail_customers.action_report_retail_customers"


@tagged("post_install", "-at_install")
class TestReportEarnRules(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "Retail Rules Report Shop",
                "retail_points_per_currency": 1.0,
                "retail_members_only": False,
                # figures to the decimal (whole points: test_whole_points.py)
                "retail_points_precision": "decimal",
            }
        )
        cls.clerk = new_test_user(
            cls.env,
            login="rules_report_clerk",
            groups=RETAIL_USER,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Rule = cls.env["retail.earn.rule"]
        cls.Rule.search([]).write({"active": False})
        cls.env["retail.tier"].search([]).write({"active": False})
        cls.env["retail.tier"]._recompute_partner_tiers()
        Product = cls.env["product.product"]
        cls.coffee = Product.create({"name": "Coffee bag"})
        cls.tea = Product.create({"name": "Tea tin"})
        cls.bags = cls.Rule.create(
            {
                "name": "Coffee bag bonus",
                "product_ids": [Command.set(cls.coffee.ids)],
                "mode": "per_unit",
                "points_per_unit": 50.0,
            }
        )
        cls.campaign = cls.Rule.create(
            {"name": "Double points week", "multiplier": 2.0, "stackable": True}
        )
        Partner = cls.env["res.partner"]
        cls.anna, cls.bert, cls.cecilia = Partner.create(
            [{"name": "Anna Rules"}, {"name": "Bert Rules"}, {"name": "Cecilia Rules"}]
        )
        cls.customers = cls.anna | cls.bert | cls.cecilia
        # Anna: 2 coffee bags (50 each, doubled) and tea for 10 (doubled)
        cls.book(cls.anna, [(cls.coffee, 2, 16.0), (cls.tea, 1, 10.0)])
        # Bert: tea for 30 (doubled)
        cls.book(cls.bert, [(cls.tea, 3, 30.0)])
        cls.campaign.active = False
        # Cecilia, after the campaign: a coffee bag and tea for 5
        cls.book(cls.cecilia, [(cls.coffee, 1, 8.0), (cls.tea, 1, 5.0)])
        # another company's ledger is not reported
        cls.other_company = cls.env["res.company"].create({"name": "Other Shop"})
        cls.other_customer = Partner.create(
            {"name": "Other Rules", "company_id": cls.other_company.id}
        )
        cls.book(cls.other_customer, [(cls.tea, 1, 100.0)], cls.other_company)
        today = fields.Date.context_today(cls.clerk)
        cls.period = {
            "date_from": fields.Date.to_string(today - timedelta(days=1)),
            "date_to": fields.Date.to_string(today + timedelta(days=1)),
        }

    @classmethod
    def book(cls, customer, lines, company=None):
        """Book the points of ``lines`` (``(product, qty, amount)``) for
        ``customer`` as a document does: computed by the rules, with the
        points by rule."""
        company = company or cls.company
        Rule = cls.env["retail.earn.rule"]
        result = Rule._retail_compute_points(
            customer,
            company,
            [
                {"key": index, "product": product, "qty": qty, "amount": amount}
                for index, (product, qty, amount) in enumerate(lines)
            ],
        )
        return customer._post_reward_points(
            result["points"],
            "earn",
            origin=f"Sale of {customer.name}",
            company_id=company.id,
            amount=sum(amount for _p, _q, amount in lines),
            detail_ids=Rule._retail_detail_commands(result),
        )

    def wizard(self, report, **vals):
        return (
            self.env["retail.customer.report.wizard"]
            .with_user(self.clerk)
            .create(
                dict(
                    report=report,
                    partner_ids=[Command.set(self.customers.ids)],
                    **self.period,
                    **vals,
                )
            )
        )

    def test_rows_by_rule(self):
        Report = self.env["retail.customer.report"].with_user(self.clerk)
        options = self.wizard("rules")._get_options()
        rows = Report._get_rows("rules", options)
        self.assertEqual(
            rows,
            [
                # (rule, points given, customers, sales amount)
                ("Coffee bag bonus", 150.0, 2, 24.0),
                ("Double points week", 100.0 + 10.0 + 30.0, 2, 56.0),
                ("Normal rate", 5.0 + 10.0 + 30.0, 3, 45.0),
            ],
        )
        totals = Report._get_totals("rules", rows)
        self.assertEqual(totals, ["Total", 335.0, "", 125.0])
        ledger = sum(
            self.env["retail.point.entry"]
            .search([("partner_id", "in", self.customers.ids)])
            .mapped("points")
        )
        self.assertEqual(totals[1], ledger, "the rules add up to the ledger")
        # a renamed rule is reported under its name of now; an archived one
        # still with the points it gave
        self.campaign.name = "Spring campaign"
        rows = Report._get_rows("rules", options)
        self.assertEqual(rows[1][0], "Spring campaign")
        # the period is honoured
        options = dict(options, date_from="2000-01-01", date_to="2000-12-31")
        self.assertEqual(Report._get_rows("rules", options), [])

    def test_csv(self):
        Report = self.env["retail.customer.report"].with_user(self.clerk)
        options = self.wizard("rules")._get_options()
        rows = list(csv.reader(io.StringIO(report_csv(Report, "rules", options))))
        self.assertEqual(
            rows,
            [
                ["Earning Rule", "Points Given", "Customers", "Sales Amount"],
                ["Coffee bag bonus", "150.00", "2", "24.00"],
                ["Double points week", "140.00", "2", "56.00"],
                ["Normal rate", "45.00", "3", "45.00"],
            ],
        )
        # the download route streams the same file to a Retail user
        self.authenticate("rules_report_clerk", "rules_report_clerk")
        wizard = self.wizard("rules")
        response = self.url_open(f"/crm_retail_customers/report/csv/{wizard.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Double points week,140.00,2,56.00", response.text)

    def test_other_companies_ledger_is_not_reported(self):
        other_user = company_user(
            self.env, "rules_report_other", RETAIL_USER, self.other_company
        )
        options = (
            self.env["retail.customer.report.wizard"]
            .with_user(other_user)
            .create({"report": "rules", **self.period})
            ._get_options()
        )
        rows = (
            self.env["retail.customer.report"]
            .with_user(other_user)
            ._get_rows("rules", options)
        )
        self.assertEqual(rows, [("Normal rate", 100.0, 1, 100.0)])
        mine = (
            self.env["retail.customer.report"]
            .with_user(self.clerk)
            ._get_rows("rules", self.wizard("rules")._get_options())
        )
        self.assertNotIn(100.0, [row[3] for row in mine])

    def test_pdf_of_the_activity_shows_the_rules(self):
        wizard = self.wizard("activity")
        action = wizard.action_print_pdf()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.clerk)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(action["report_name"], wizard.ids, data=action["data"])
        )
        self.assertEqual(kind, "pdf")
        pages, _fonts = pdf_pages(pdf)
        self.assertEqual(len(pages), 1)
        text = pages[0]
        self.assertIn("Points activity", text)
        self.assertIn("Points by earning rule", text)
        for needle in (
            "Earning Rule",
            "Points Given",
            "Sales Amount",
            "Coffee bag bonus",
            "Double points week",
            "140.00",
            "Normal rate",
            "335.00",
        ):
            self.assertIn(needle, text)
        self.assertLess(
            text.index("Points by earning rule"), text.index("Coffee bag bonus")
        )
        # a picture of the page, to look at (artifacts of the test run)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(pdf)
            tmp.flush()
            target = artifacts_dir() / "points_activity_by_rule"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-singlefile", tmp.name, str(target)],
                check=True,
            )
        self.assertTrue(target.with_suffix(".png").exists())
        # the breakdown alone, as its own report
        wizard = self.wizard("rules")
        action = wizard.action_print_pdf()
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.clerk)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(action["report_name"], wizard.ids, data=action["data"])
        )
        text = pdf_pages(pdf)[0][0]
        self.assertIn("Points by earning rule", text)
        self.assertIn("Coffee bag bonus", text)
        self.assertNotIn("No group", text)
