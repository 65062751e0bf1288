# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The purchases a customer made in the previous system (the opening
figures of the import): who sets them, what they count in, what they do
not."""

import csv
import io
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CONTACT_CLERK, PointsCase, company_user, report_csv

OPENING = {
    "retail_opening_sales_count": 12,
    "retail_opening_sales_amount": 1800.0,
    "retail_opening_last_sale_date": "2024-05-31",
}
SUMMARY = [
    "retail_sales_count",
    "retail_sales_amount",
    "retail_last_sale_date",
    "retail_last_sale_name",
]


@tagged("post_install", "-at_install")
class TestPartnerOpening(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.tier"].search([]).write({"active": False})
        Tier = cls.env["retail.tier"]
        cls.bronze = Tier.create({"name": "Bronze", "min_points": 0})
        cls.silver = Tier.create({"name": "Silver", "min_points": 1000})
        cls.as_manager = cls.Partner.with_user(cls.user_manager)

    def test_figures_add_to_the_documents_over_all_time(self):
        customer = self.as_manager.create({"name": "Opening Customer", **OPENING})
        self.assertEqual(
            [customer[field] for field in SUMMARY],
            [12, 1800.0, date(2024, 5, 31), "Previous system"],
        )
        with freeze_time("2026-02-15 12:00:00"):
            customer._post_reward_points(5, "earn", origin="SHOP/9", amount=50.0)
        customer.invalidate_recordset(SUMMARY)
        # the document is the latest purchase; the counts add up
        self.assertEqual(
            [customer[field] for field in SUMMARY],
            [13, 1850.0, date(2026, 2, 15), "SHOP/9"],
        )
        # the purchase list holds documents only
        purchases = self.env["retail.customer.purchase"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertEqual(purchases.mapped("name"), ["SHOP/9"])
        # a period leaves the opening figures out (they have no dates)
        Report = self.env["retail.customer.report"]
        self.assertEqual(
            Report._get_sales_summary(customer.ids, date(2024, 1, 1))[customer.id][:2],
            (1, 50.0),
        )

    def test_recent_transactions_report_counts_them(self):
        customer = self.as_manager.create({"name": "Opening Reported", **OPENING})
        text = report_csv(
            self.env["retail.customer.report"].with_user(self.user_retail),
            "recent",
            {"partner_ids": customer.ids, "consent": {}},
        )
        rows = list(csv.reader(io.StringIO(text)))
        row = next(r for r in rows if r[0] == "Opening Reported")
        self.assertEqual(row[-3:], ["12", "Previous system", "2024-05-31"])

    def test_only_managers_set_them(self):
        customer = self.Partner.create({"name": "Opening Guarded"})
        for user in (
            self.user_retail,
            company_user(self.env, "opening_clerk", CONTACT_CLERK, self.env.company),
        ):
            with self.assertRaises(AccessError):
                customer.with_user(user).write({"retail_opening_sales_count": 3})
            with self.assertRaises(AccessError):
                self.Partner.with_user(user).create(
                    {"name": "Opening Forged", "retail_opening_sales_count": 3}
                )
        self.assertEqual(customer.retail_opening_sales_count, 0)
        customer.with_user(self.user_manager).write({"retail_opening_sales_count": 3})
        self.assertEqual(customer.retail_opening_sales_count, 3)
        # a Retail CRM user reads them; a contact clerk does not
        self.assertEqual(
            customer.with_user(self.user_retail).read(["retail_opening_sales_count"])[
                0
            ]["retail_opening_sales_count"],
            3,
        )

    def test_bad_figures_are_refused(self):
        customer = self.as_manager.create({"name": "Opening Checked"})
        for vals, message in (
            ({"retail_opening_sales_count": -1}, "cannot be negative"),
            (
                {"retail_opening_sales_count": 2, "retail_opening_sales_amount": -5},
                "cannot be negative",
            ),
            ({"retail_opening_sales_amount": 100}, "no purchases"),
            (
                {
                    "retail_opening_sales_count": 1,
                    "retail_opening_last_sale_date": "2999-01-01",
                },
                "in the future",
            ),
        ):
            with self.assertRaisesMessage(ValidationError, message):
                customer.write(vals)
        # on a company's contact: they belong on the company
        with self.assertRaisesMessage(ValidationError, "belong on the company"):
            self.shop_contact.with_user(self.user_manager).write(
                {"retail_opening_sales_count": 1}
            )

    def test_import_reports_every_bad_row(self):
        result = self.as_manager.load(
            [
                "name",
                "retail_opening_sales_count",
                "retail_opening_sales_amount",
                "retail_opening_last_sale_date",
            ],
            [
                ["Good Opening", "4", "400", "2025-01-31"],
                ["Negative Opening", "-4", "400", "2025-01-31"],
                ["Countless Opening", "0", "400", ""],
            ],
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual([m["record"] for m in errors], [1, 2], result["messages"])
        self.assertFalse(result["ids"])
        self.assertFalse(self.Partner.search([("name", "like", "% Opening")]))

    def test_import_refuses_figures_that_are_no_finite_number(self):
        """``nan``, ``inf`` or ``1e309`` in a file (NaN or Infinity over
        JSON-RPC) get a clear message, not "Unknown error"; nothing is
        written."""
        fields = ["name", "retail_opening_sales_count", "retail_opening_sales_amount"]
        for cell in ("nan", "inf", "-inf", "1e309"):
            result = self.as_manager.load(fields, [["Endless Opening", "2", cell]])
            self.assertFalse(result["ids"], cell)
            message = (
                "Purchase Total in the Previous System must be a finite "
                f"number, not {float(cell)}."
            )
            self.assertEqual([m["message"] for m in result["messages"]], [message])
        customer = self.as_manager.create({"name": "Finite Opening", **OPENING})
        for value in (float("nan"), float("-inf"), 10**400, "inf"):
            with self.assertRaisesMessage(ValidationError, "must be a finite number"):
                customer.write({"retail_opening_sales_amount": value})
        with self.assertRaisesMessage(ValidationError, "must be a finite number"):
            customer.write({"retail_opening_sales_count": float("nan")})
        self.assertFalse(self.Partner.search([("name", "=", "Endless Opening")]))
        self.assertEqual(customer.retail_opening_sales_amount, 1800.0)
        # twin: finite figures, with decimals, load
        result = self.as_manager.load(fields, [["Finite Opening 2", "2", "99.5"]])
        self.assertEqual(len(result["ids"] or []), 1, result["messages"])
        customer.write({"retail_opening_sales_amount": 1e6})
        self.assertEqual(customer.retail_opening_sales_amount, 1e6)

    def test_tiers_count_them_where_the_company_says_so(self):
        customer = self.as_manager.create({"name": "Opening Tiered", **OPENING})
        customer._post_reward_points(100, "earn")
        self.assertEqual(customer.reward_tier_id, self.bronze)
        # 100 earned + 1800.00 at 1 point per unit: Silver (1000)
        self.company.retail_tier_opening_purchases = True
        customer.invalidate_recordset(["reward_tier_id"])
        self.assertEqual(customer.reward_tier_id, self.silver)
        # the balance is not touched
        self.assertEqual(customer.reward_points, 100.0)
        # a lower rate: 100 + 1800 x 0.5 = 1000 still; 0.4: 820, Bronze
        self.company.retail_points_per_currency = 0.4
        customer.invalidate_recordset(["reward_tier_id"])
        self.assertEqual(customer.reward_tier_id, self.bronze)
        # a booking keeps counting them
        customer._post_reward_points(180, "earn")
        self.assertEqual(customer.reward_tier_id, self.silver)
        # new figures move the tier at once
        customer.with_user(self.user_manager).write(
            {"retail_opening_sales_amount": 10.0}
        )
        self.assertEqual(customer.reward_tier_id, self.bronze)
        self.company.retail_tier_opening_purchases = False

    def test_merged_customers_add_up_their_figures(self):
        keep = self.as_manager.create({"name": "Opening Kept", **OPENING})
        twin = self.as_manager.create(
            {
                "name": "Opening Twin",
                "retail_opening_sales_count": 3,
                "retail_opening_sales_amount": 200.0,
                "retail_opening_last_sale_date": "2025-02-28",
            }
        )
        Wizard = self.env["base.partner.merge.automatic.wizard"]
        # a contact clerk may merge plain contacts, not these
        clerk = company_user(
            self.env, "opening_merger", CONTACT_CLERK, self.env.company
        )
        with self.assertRaises(AccessError):
            Wizard.with_user(clerk)._merge((keep | twin).ids, keep)
        Wizard.with_user(self.user_manager)._merge((keep | twin).ids, keep)
        self.assertFalse(twin.exists())
        self.assertEqual(
            [
                keep.retail_opening_sales_count,
                keep.retail_opening_sales_amount,
                keep.retail_opening_last_sale_date,
            ],
            [15, 2000.0, date(2025, 2, 28)],
        )
