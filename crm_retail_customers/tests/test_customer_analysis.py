# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CONTACT_CLERK, RETAIL_USER, RetailCase, company_user

MEASURES = [
    "customer_count:count_distinct",
    "new_customer_count:count_distinct",
    "active_customer_count:count_distinct",
    "sales_amount:sum",
    "order_count:sum",
    "points_earned:sum",
    "points_redeemed:sum",
    "points_expired:sum",
]
#: The period of the hand-built data set (2025: no figure depends on today).
YEAR_2025 = [("date", ">=", "2025-01-01"), ("date", "<", "2026-01-01")]


@tagged("post_install", "-at_install")
class TestCustomerAnalysis(RetailCase):
    """``retail.customer.analysis``: one row per customer and month, the
    measures of a small hand-built ledger (the bridges' tests add their
    documents)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.industry = cls.env["res.partner.industry"].create({"name": "Bakeries"})
        cls.source = cls.env["utm.source"].create({"name": "Analysis Flyer"})
        cls.campaign = cls.env["utm.campaign"].create({"name": "Analysis Spring"})
        cls.medium = cls.env["utm.medium"].create({"name": "Analysis Letter"})
        cls.finland = cls.env.ref("base.fi")
        cls.anna = cls.Partner.create(
            {
                "name": "Anna Analysis",
                "customer_group_id": cls.group_l3.id,
                "country_id": cls.finland.id,
                "city": "Turku",
                "industry_id": cls.industry.id,
                "acquisition_source_id": cls.source.id,
                "acquisition_campaign_id": cls.campaign.id,
                "acquisition_medium_id": cls.medium.id,
                "birthdate": "1990-04-15",
                "customer_since": "2025-03-10",
            }
        )
        cls.ben = cls.Partner.create(
            {
                "name": "Ben Analysis",
                "customer_group_id": cls.group_other.id,
                "customer_since": "2025-04-02",
            }
        )
        cls.anna_contact = cls.Partner.create(
            {"name": "Anna's Contact", "parent_id": cls.anna.id}
        )
        with freeze_time("2025-03-12 10:00:00"):
            cls.anna._post_reward_points(10, "earn", origin="SHOP/1", amount=100.0)
            cls.anna._post_reward_points(2, "bonus", note="welcome")
        with freeze_time("2025-04-20 10:00:00"):
            # a contact buys for its company: the company's row
            cls.anna_contact._post_reward_points(
                5, "earn", origin="SHOP/2", amount=50.0
            )
            cls.anna._post_reward_points(-4, "redeem", origin="SHOP/3")
            cls.anna._post_reward_points(-3, "expire")
        cls.Analysis = cls.env["retail.customer.analysis"]
        cls.Analysis._refresh_analysis()

    def rows(self, partner, user=None):
        Analysis = self.Analysis.with_user(user) if user else self.Analysis
        return Analysis.search([("partner_id", "=", partner.id)], order="date")

    def totals(self, domain, groupby=(), user=None):
        Analysis = self.Analysis.with_user(user) if user else self.Analysis
        return Analysis.read_group(domain, MEASURES, list(groupby), lazy=False)

    def test_rows_of_a_customer(self):
        rows = self.rows(self.anna)
        self.assertEqual(
            [
                (
                    r.date,
                    r.new_customer_count == self.anna.id,
                    r.active_customer_count == self.anna.id,
                    r.sales_amount,
                    r.order_count,
                    r.points_earned,
                    r.points_redeemed,
                    r.points_expired,
                )
                for r in rows
            ],
            [
                (date(2025, 3, 1), True, True, 100.0, 1, 12.0, 0.0, 0.0),
                (date(2025, 4, 1), False, True, 50.0, 1, 5.0, 4.0, 3.0),
            ],
        )
        march = rows[0]
        self.assertEqual(march.customer_group_id, self.group_l3)
        self.assertEqual(march.customer_group_root_id, self.group_l1)
        self.assertEqual(march.country_id, self.finland)
        self.assertEqual(march.city, "Turku")
        self.assertEqual(march.industry_id, self.industry)
        self.assertEqual(march.acquisition_source_id, self.source)
        self.assertEqual(march.acquisition_campaign_id, self.campaign)
        self.assertEqual(march.acquisition_medium_id, self.medium)
        self.assertEqual(march.customer_since_year, "2025")
        # 34 in March 2025, 35 from the 15th of April
        self.assertEqual(rows.mapped("age_band"), ["25_34", "25_34"])
        self.assertEqual(march.currency_id, self.env.company.currency_id)
        # the contact is no customer of its own: no row
        self.assertFalse(self.rows(self.anna_contact))
        # a customer without activity: the month it became one
        self.assertEqual(
            [
                (r.date, r.new_customer_count, r.active_customer_count)
                for r in self.rows(self.ben)
            ],
            [(date(2025, 4, 1), self.ben.id, 0)],
        )
        # the rows keep their ids from one read to the next
        self.assertEqual(self.rows(self.anna).ids, rows.ids)

    def test_opening_figures_in_rows_of_their_own(self):
        """The purchases imported from the previous system count as sales in
        a row of their own, in the month of the last of them (Ben has no
        date: the month he became a customer), marked *Previous System*;
        the rows of documents are unchanged, and the filter *This
        Register* leaves the opening figures out."""
        self.anna.write(
            {
                "retail_opening_sales_count": 7,
                "retail_opening_sales_amount": 420.0,
                "retail_opening_last_sale_date": "2025-03-20",
            }
        )
        self.ben.write(
            {"retail_opening_sales_count": 2, "retail_opening_sales_amount": 80.0}
        )
        self.Analysis._refresh_analysis()
        rows = self.rows(self.anna).sorted(lambda r: (r.date, r.retail_opening))
        self.assertEqual(
            [
                (
                    r.date,
                    r.retail_opening,
                    r.sales_amount,
                    r.order_count,
                    r.points_earned,
                    r.active_customer_count == self.anna.id,
                )
                for r in rows
            ],
            [
                (date(2025, 3, 1), False, 100.0, 1, 12.0, True),
                (date(2025, 3, 1), True, 420.0, 7, 0.0, True),
                (date(2025, 4, 1), False, 50.0, 1, 5.0, True),
            ],
        )
        self.assertEqual(len(set(rows.ids)), 3)
        self.assertEqual(
            [
                (r.date, r.retail_opening, r.sales_amount, r.order_count)
                for r in self.rows(self.ben)
            ],
            [(date(2025, 4, 1), True, 80.0, 2)],
        )
        self.assertEqual(self.rows(self.ben).new_customer_count, self.ben.id)
        domain = YEAR_2025 + [("partner_id", "in", (self.anna | self.ben).ids)]
        [year] = self.totals(domain)
        self.assertEqual(
            [year[m.split(":")[0]] for m in MEASURES],
            [2, 2, 2, 650.0, 11, 17.0, 4.0, 3.0],
        )
        [register] = self.totals(domain + [("retail_opening", "=", False)])
        self.assertEqual(
            (register["sales_amount"], register["order_count"]), (150.0, 2)
        )

    def test_customers_count_once_in_totals(self):
        """Counting measures are distinct customers: Anna, active in March
        and April, is one active customer of the year."""
        domain = YEAR_2025 + [("partner_id", "in", (self.anna | self.ben).ids)]
        [year] = self.totals(domain)
        self.assertEqual(
            [year[m.split(":")[0]] for m in MEASURES],
            [2, 2, 1, 150.0, 2, 17.0, 4.0, 3.0],
        )
        months = {
            g["date:month"]: (
                g["customer_count"],
                g["new_customer_count"],
                g["active_customer_count"],
            )
            for g in self.totals(domain, ["date:month"])
        }
        self.assertEqual(months, {"March 2025": (1, 1, 1), "April 2025": (2, 1, 1)})

    def test_group_and_its_parents(self):
        """A group's figures include its subgroups' (``child_of``, the
        search view's group field), and the main group is a dimension."""
        Analysis = self.Analysis
        for group in (self.group_l1, self.group_l2, self.group_l3):
            self.assertEqual(
                Analysis.search(
                    YEAR_2025 + [("customer_group_id", "child_of", group.id)]
                ).partner_id,
                self.anna,
            )
        self.assertFalse(
            Analysis.search(
                YEAR_2025 + [("customer_group_id", "child_of", self.group_l4.id)]
            )
        )
        groups = {
            g["customer_group_root_id"][0]: g["customer_count"]
            for g in self.totals(
                YEAR_2025 + [("partner_id", "in", (self.anna | self.ben).ids)],
                ["customer_group_root_id"],
            )
        }
        self.assertEqual(groups, {self.group_l1.id: 1, self.group_other.id: 1})

    def test_open_customers_of_a_cell(self):
        """A pivot cell opens its rows; their "Customers" button opens the
        customer records."""
        [cell] = self.totals(
            YEAR_2025 + [("partner_id", "in", (self.anna | self.ben).ids)],
            ["date:month"],
        )[1:]
        rows = self.Analysis.with_user(self.user_retail).search(cell["__domain"])
        action = rows.action_open_customers()
        self.assertEqual(action["res_model"], "res.partner")
        customers = self.Partner.with_user(self.user_retail).search(action["domain"])
        self.assertEqual(customers, self.anna | self.ben)

    def test_access(self):
        """Retail CRM users read the analysis; a contact clerk without Retail
        CRM rights and a portal user are refused; nobody writes it."""
        retail = self.totals(
            YEAR_2025 + [("partner_id", "=", self.anna.id)], user=self.user_retail
        )
        self.assertEqual(retail[0]["sales_amount"], 150.0)
        clerk = new_test_user(self.env, login="analysis_clerk", groups=CONTACT_CLERK)
        portal = new_test_user(
            self.env, login="analysis_portal", groups="base.group_portal"
        )
        for user in (clerk, portal, self.user_internal):
            with self.assertRaises(AccessError):
                self.Analysis.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.totals([], user=user)
        for operation in ("write", "create", "unlink"):
            self.assertFalse(
                self.Analysis.with_user(self.user_manager).check_access_rights(
                    operation, raise_exception=False
                )
            )

    def test_other_company(self):
        """A user of another company sees neither this company's customers
        nor, for shared customers, this company's ledger; the figures are
        those of the companies the user works in."""
        other = self.env["res.company"].create({"name": "Analysis Other Shop"})
        stranger = company_user(self.env, "analysis_stranger", RETAIL_USER, other)
        own = company_user(self.env, "analysis_own", RETAIL_USER, self.env.company)
        self.anna.company_id = self.env.company
        self.Analysis._refresh_analysis()
        # Anna is this company's customer: out of the other shop's reach
        self.assertFalse(self.rows(self.anna, stranger))
        self.assertEqual(len(self.rows(self.anna, own)), 2)
        # Ben is shared; his activity here is not the other shop's
        with freeze_time("2025-05-05 10:00:00"):
            self.ben._post_reward_points(7, "earn", origin="SHOP/4", amount=70.0)
        # the figures are those of the last refresh (the hourly job)
        [mine] = self.totals(YEAR_2025 + [("partner_id", "=", self.ben.id)], user=own)
        self.assertEqual(mine["sales_amount"], 0.0)
        self.env.ref(
            "crm_retail_customers.ir_cron_refresh_retail_customer_analysis"
        ).method_direct_trigger()
        [mine] = self.totals(YEAR_2025 + [("partner_id", "=", self.ben.id)], user=own)
        self.assertEqual((mine["sales_amount"], mine["points_earned"]), (70.0, 7.0))
        [theirs] = self.totals(
            YEAR_2025 + [("partner_id", "=", self.ben.id)], user=stranger
        )
        self.assertEqual(
            (theirs["sales_amount"], theirs["points_earned"], theirs["customer_count"]),
            (0.0, 0.0, 1),
        )

    def test_refresh_by_managers_only(self):
        """Retail CRM managers refresh the figures now (the menu's server
        action); a Retail CRM user cannot: it reads the whole ledger."""
        with freeze_time("2025-05-05 10:00:00"):
            self.ben._post_reward_points(7, "earn", origin="SHOP/5", amount=70.0)
        domain = YEAR_2025 + [("partner_id", "=", self.ben.id)]
        self.assertEqual(self.totals(domain)[0]["sales_amount"], 0.0)
        with self.assertRaises(AccessError):
            self.Analysis.with_user(self.user_retail).action_refresh_analysis()
        server_action = self.env.ref(
            "crm_retail_customers.retail_customer_analysis_action_refresh"
        )
        with self.assertRaises(AccessError):
            server_action.with_user(self.user_retail).run()
        self.assertEqual(self.totals(domain)[0]["sales_amount"], 0.0)
        action = server_action.with_user(self.user_manager).run()
        self.assertEqual(action["res_model"], "retail.customer.analysis")
        self.assertEqual(self.totals(domain)[0]["sales_amount"], 70.0)
