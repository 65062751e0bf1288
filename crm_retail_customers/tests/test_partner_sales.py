# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RetailCase, company_user, report_csv

FIELDS = [
    "retail_sales_count",
    "retail_sales_amount",
    "retail_last_sale_date",
    "retail_last_sale_name",
]


@tagged("post_install", "-at_install")
class TestPartnerSalesAtAGlance(RetailCase):
    """The customer's purchases, amount spent and last purchase, counted
    like the "recent transactions" report (here from the points ledger; the
    bridges' tests count their documents)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.Partner.create({"name": "Sales Shop", "is_company": True})
        cls.contact = cls.Partner.create(
            {"name": "Sales Contact", "parent_id": cls.shop.id}
        )
        cls.quiet = cls.Partner.create({"name": "Quiet Customer"})
        with freeze_time("2026-01-10 12:00:00"):
            cls.contact._post_reward_points(10, "earn", origin="SHOP/001", amount=100.0)
        with freeze_time("2026-02-15 12:00:00"):
            cls.shop._post_reward_points(5, "earn", origin="=HYPERLINK(1)", amount=50.0)
            # no sale: a redemption and an adjustment
            cls.shop._post_reward_points(-5, "redeem", origin="SHOP/003")
            cls.shop._post_reward_points(3, "adjust", note="goodwill")

    def test_figures_of_customer_and_contact(self):
        self.assertEqual(
            [self.shop[field] for field in FIELDS],
            [2, 150.0, date(2026, 2, 15), "=HYPERLINK(1)"],
        )
        # a contact shows its company's figures, as the reports count them
        self.assertEqual(
            [self.contact[field] for field in FIELDS],
            [self.shop[field] for field in FIELDS],
        )
        self.assertEqual(
            [self.quiet[field] for field in FIELDS], [0, 0.0, False, False]
        )
        self.assertEqual(self.shop.retail_currency_id, self.env.company.currency_id)
        # the same figures as the report's row
        Report = self.env["retail.customer.report"]
        row = Report._get_rows("recent", {"partner_ids": self.shop.ids, "consent": {}})[
            0
        ]
        self.assertEqual(row[7:], (2, "=HYPERLINK(1)", date(2026, 2, 15)))

    def test_recent_csv_neutralises_formulas(self):
        text = report_csv(
            self.env["retail.customer.report"],
            "recent",
            {"partner_ids": self.shop.ids, "consent": {}},
        )
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(
            rows[0][7:], ["Number of Sales", "Last Sale", "Last Sale Date"]
        )
        self.assertEqual(rows[1][7:], ["2", "'=HYPERLINK(1)", "2026-02-15"])

    def test_not_writable_and_for_retail_users(self):
        shop = self.shop.with_user(self.user_retail)
        self.assertEqual(shop.retail_sales_count, 2)
        with self.assertRaises(AccessError):
            self.shop.with_user(self.user_internal).read(["retail_sales_count"])
        view = self.Partner.with_user(self.user_internal).get_views([(False, "form")])
        self.assertNotIn("retail_sales_count", view["views"]["form"]["arch"])
        arch = self.Partner.with_user(self.user_retail).get_views([(False, "form")])
        self.assertIn("action_open_retail_sales", arch["views"]["form"]["arch"])
        # derived state: refused, whoever writes
        for user in (self.user_retail, self.user_manager):
            with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                self.shop.with_user(user).write({"retail_sales_count": 7})
        self.env.invalidate_all()
        self.assertEqual(shop.retail_sales_count, 2)

    def test_stat_button_lists_the_customers_purchases(self):
        other = self.Partner.create({"name": "Other Buyer"})
        other._post_reward_points(1, "earn", origin="OTHER/001", amount=9.0)
        action = self.contact.with_user(self.user_retail).action_open_retail_sales()
        self.assertEqual(
            (action["type"], action["res_model"]),
            ("ir.actions.act_window", "retail.customer.purchase"),
        )
        Purchase = self.env[action["res_model"]].with_user(self.user_retail)
        expected = [
            (date(2026, 2, 15), "=HYPERLINK(1)", 50.0, self.shop),
            (date(2026, 1, 10), "SHOP/001", 100.0, self.shop),
        ]
        # the list the button opens (narrowed by its context), and the same
        # rows found by the domain alone: the company's sales, the newest
        # first, neither the redemption nor the adjustment nor another's
        for context in (action["context"], {}):
            purchases = Purchase.with_context(**context).search(action["domain"])
            self.assertEqual(
                [(p.date, p.name, p.amount, p.partner_id) for p in purchases],
                expected,
            )
        self.assertEqual(purchases.currency_id, self.env.company.currency_id)
        # as many rows as the button counts, adding up to what it shows
        self.assertEqual(len(purchases), self.shop.retail_sales_count)
        self.assertEqual(sum(purchases.mapped("amount")), self.shop.retail_sales_amount)
        # rows keep their ids from one read to the next
        self.assertEqual(
            Purchase.browse(purchases.ids).mapped("name"), purchases.mapped("name")
        )
        # a customer without purchases has an empty list
        action = self.quiet.with_user(self.user_retail).action_open_retail_sales()
        self.assertFalse(
            Purchase.with_context(**action["context"]).search(action["domain"])
        )
        # for Retail CRM users, and read-only
        with self.assertRaises(AccessError):
            self.env[action["res_model"]].with_user(self.user_internal).search([])
        self.assertFalse(Purchase.check_access_rights("write", raise_exception=False))

    def test_purchases_of_another_company_stay_there(self):
        """The ledger's own sales are read in the user's companies, as the
        documents of the bridges are."""
        other = self.env["res.company"].create({"name": "Purchases Other Co"})
        secret = self.Partner.create({"name": "Other Co Buyer"})
        secret.with_company(other)._post_reward_points(
            1, "earn", origin="SECRET/001", amount=999.0, company_id=other.id
        )
        user = company_user(
            self.env,
            "purchases_other_co",
            "crm_retail_customers.group_retail_user",
            self.env.company,
        )
        Purchase = self.env["retail.customer.purchase"].with_user(user)
        self.assertFalse(Purchase.search([("name", "=", "SECRET/001")]))
        self.assertEqual(
            self.env["retail.customer.purchase"]
            .with_context(allowed_company_ids=other.ids)
            .search([("name", "=", "SECRET/001")])
            .amount,
            999.0,
        )

    def test_list_of_80_costs_what_one_does(self):
        """The list's optional columns: no query per customer."""
        customers = self.Partner.create(
            [{"name": f"Glance {index:02d}"} for index in range(80)]
        )
        for index, customer in enumerate(customers[:10]):
            customer._post_reward_points(
                1, "earn", origin=f"TILL/{index}", amount=10.0 * index
            )
        Partner = self.Partner.with_user(self.user_retail)
        spec = {"name": {}, "retail_currency_id": {"fields": {}}}
        spec.update({field: {} for field in FIELDS})
        # warm the caches (access rules, groups, the currency's) before
        # counting: then 10 customers who bought and 80 cost the same
        for records in (customers, customers[:10]):
            self.env.invalidate_all()
            Partner.browse(records.ids).web_read(spec)
        counts = []
        for records in (customers[:10], customers):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            values = Partner.browse(records.ids).web_read(spec)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        self.env.invalidate_all()
        with self.assertQueryCount(counts[0]):
            values = Partner.browse(customers.ids).web_read(spec)
        self.assertLessEqual(counts[0], 6)
        by_name = {value["name"]: value for value in values}
        self.assertEqual(
            (
                by_name["Glance 03"]["retail_sales_count"],
                by_name["Glance 03"]["retail_sales_amount"],
            ),
            (1, 30.0),
        )
        self.assertEqual(by_name["Glance 03"]["retail_last_sale_name"], "TILL/3")
        self.assertEqual(by_name["Glance 50"]["retail_sales_count"], 0)
