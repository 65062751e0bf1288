# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The points liability roll-forward, on a history booked by the ledger's
own methods in two companies: Roll A Oy (Helsinki time, a point worth
0.0333 EUR) and Roll B Inc (no time zone: UTC, a point worth 0.10 USD).

Hand-computed history (points):

Roll A Oy (tz Europe/Helsinki, UTC+2 in winter)
  2025-12-10 12:00 UTC  a1 opening balance 200, a1 earns 100  -> opening 300
  2025-12-31 22:30 UTC  a2 earns 7 (00:30 on 1 January in Helsinki: January)
  2026-01-05            a1 earns 150
  2026-01-12            a1 birthday-style bonus 10
  2026-01-15            a4 earns 60 (valid one month: expires 2026-02-15)
  2026-01-20            a1 redeems 40
  2026-01-31 23:30 UTC  a2 earns 25 (01:30 on 1 February in Helsinki)
  2026-02-01            a3 earns 30
  2026-02-10            a1's refund takes back 15 (reverse)
  2026-02-15            a2 adjusted +5 (goodwill)
  2026-02-20            a3's 30 points transferred to b9 of Roll B Inc
  2026-03-02            the expiry job expires a4's 60
  2026-03-10            a5 opening balance 12 (adjustments)
Roll B Inc (UTC)
  2026-01-10            b1 earns 80
  2026-01-31 23:30 UTC  b1 earns 20 (still January in UTC)
  2026-02-20            b9 receives the 30 points from Roll A Oy
  2026-03-05            b1 redeems 50
  2026-04-02            b1 earns 999 (after the period)
"""

import csv
import io
import itertools
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import pdf_pages, squeeze
from odoo.addons.crm_retail_customers.tests.test_report_languages import (
    load_language,
)

REPORT = "crm_retail_customers_account.report_points_liability"
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
#: (opening, earned, bonuses, adjustments, redeemed, expired, transfers,
#: closing) in points and in money, by month ("Total" last)
EXPECTED = {
    "Roll A Oy": {
        "2026-01": (
            (300, 217, 10, 0, -40, 0, 0, 487),
            (9.99, 7.23, 0.33, 0, -1.33, 0, 0, 16.22),
        ),
        "2026-02": (
            (487, 40, 0, 5, 0, 0, -30, 502),
            (16.22, 1.33, 0, 0.17, 0, 0, -1.00, 16.72),
        ),
        "2026-03": (
            (502, 0, 0, 12, 0, -60, 0, 454),
            (16.72, 0, 0, 0.40, 0, -2.00, 0, 15.12),
        ),
        "Total": (
            (300, 257, 10, 17, -40, -60, -30, 454),
            (9.99, 8.56, 0.33, 0.57, -1.33, -2.00, -1.00, 15.12),
        ),
    },
    "Roll B Inc": {
        "2026-01": ((0, 100, 0, 0, 0, 0, 0, 100), (0, 10, 0, 0, 0, 0, 0, 10)),
        "2026-02": ((100, 0, 0, 0, 0, 0, 30, 130), (10, 0, 0, 0, 0, 0, 3, 13)),
        "2026-03": ((130, 0, 0, 0, -50, 0, 0, 80), (13, 0, 0, 0, -5, 0, 0, 8)),
        "Total": ((0, 100, 0, 0, -50, 0, 30, 80), (0, 10, 0, 0, -5, 0, 3, 8)),
    },
}
#: redemption and breakage rates (%) of the period
RATES = {"Roll A Oy": (14.98, 22.47), "Roll B Inc": (50.0, 0.0)}
ENGLISH_HEADER = [
    "Company",
    "Currency",
    "Month",
    "Opening Balance (points)",
    "Earned (points)",
    "Bonuses (points)",
    "Adjustments (points)",
    "Redeemed (points)",
    "Expired (points)",
    "Transfers (points)",
    "Closing Balance (points)",
    "Opening Balance (money)",
    "Earned (money)",
    "Bonuses (money)",
    "Adjustments (money)",
    "Redeemed (money)",
    "Expired (money)",
    "Transfers (money)",
    "Closing Balance (money)",
    "Redemption Rate (%)",
    "Breakage Rate (%)",
]


@tagged("post_install", "-at_install")
class TestPointsLiabilityReport(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["retail.tier"].search([]).active = False
        eur, usd = env.ref("base.EUR"), env.ref("base.USD")
        (eur | usd).active = True
        Company = env["res.company"]
        common = {
            "retail_points_precision": "decimal",
            "retail_points_validity_months": 0,
            "retail_welcome_points": 0,
            # every customer's points count (and expire), members or not
            "retail_members_only": False,
        }
        cls.company_a = Company.create(
            dict(
                common, name="Roll A Oy", currency_id=eur.id, retail_point_value=0.0333
            )
        )
        cls.company_a.partner_id.tz = "Europe/Helsinki"
        cls.company_b = Company.create(
            dict(common, name="Roll B Inc", currency_id=usd.id, retail_point_value=0.1)
        )
        cls.company_b.partner_id.tz = False
        both = [(6, 0, (cls.company_a | cls.company_b).ids)]
        cls.manager = new_test_user(
            env,
            login="liability_manager",
            groups="base.group_user,crm_retail_customers.group_retail_manager",
            company_id=cls.company_a.id,
            company_ids=both,
        )
        # an accountant of Roll A Oy only
        cls.accountant = new_test_user(
            env,
            login="liability_accountant",
            groups="base.group_user,account.group_account_manager",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        pos_user = env.ref("point_of_sale.group_pos_user", raise_if_not_found=False)
        refused = {
            # a cashier of the till (a plain employee where the POS is not
            # installed)
            "cashier": "base.group_user"
            + (f",{pos_user.get_external_id()[pos_user.id]}" if pos_user else ""),
            "clerk": "base.group_user,account.group_account_invoice",
            "retail_user": "base.group_user,crm_retail_customers.group_retail_user",
            "portal": "base.group_portal",
        }
        cls.refused = {
            profile: new_test_user(
                env,
                login=f"liability_{profile}",
                groups=groups,
                company_id=cls.company_a.id,
                company_ids=both,
            )
            for profile, groups in refused.items()
        }
        Partner = env["res.partner"]

        def customer(name, company):
            return Partner.create({"name": name, "company_id": company.id})

        a1, a2, a3, a4, a5 = (customer(f"A{n}", cls.company_a) for n in range(1, 6))
        b1, b9 = customer("B1", cls.company_b), customer("B9", cls.company_b)
        in_a, in_b = {"company_id": cls.company_a.id}, {"company_id": cls.company_b.id}
        Entry = env["retail.point.entry"]
        with freeze_time("2025-12-10 12:00:00"):
            a1._post_reward_points(200, "opening", **in_a)
            a1._post_reward_points(100, "earn", **in_a)
        with freeze_time("2025-12-31 22:30:00"):
            a2._post_reward_points(7, "earn", **in_a)
        with freeze_time("2026-01-05 12:00:00"):
            a1._post_reward_points(150, "earn", **in_a)
        with freeze_time("2026-01-10 12:00:00"):
            b1._post_reward_points(80, "earn", **in_b)
        with freeze_time("2026-01-12 12:00:00"):
            a1._post_reward_points(10, "bonus", **in_a)
        cls.company_a.retail_points_validity_months = 1
        with freeze_time("2026-01-15 12:00:00"):
            a4._post_reward_points(60, "earn", **in_a)
        cls.company_a.retail_points_validity_months = 0
        with freeze_time("2026-01-20 12:00:00"):
            a1._post_reward_points(-40, "redeem", **in_a)
        with freeze_time("2026-01-31 23:30:00"):
            a2._post_reward_points(25, "earn", **in_a)
            b1._post_reward_points(20, "earn", **in_b)
        with freeze_time("2026-02-01 12:00:00"):
            a3._post_reward_points(30, "earn", **in_a)
        with freeze_time("2026-02-10 12:00:00"):
            a1._post_reward_points(-15, "reverse", **in_a)
        with freeze_time("2026-02-15 12:00:00"):
            wizard = (
                env["retail.points.adjust.wizard"]
                .with_context(active_model="res.partner", active_id=a2.id)
                .create({"partner_id": a2.id, "points": 5, "note": "Goodwill"})
            )
            wizard.with_company(cls.company_a).action_confirm()
        with freeze_time("2026-02-20 12:00:00"):
            Entry._transfer_balance(a3, b9)
        with freeze_time("2026-03-02 12:00:00"):
            Entry._cron_expire_reward_points()
        with freeze_time("2026-03-05 12:00:00"):
            b1._post_reward_points(-50, "redeem", **in_b)
        with freeze_time("2026-03-10 12:00:00"):
            a5._post_reward_points(12, "opening", **in_a)
        with freeze_time("2026-04-02 12:00:00"):
            b1._post_reward_points(999, "earn", **in_b)
        cls.options = dict(
            PERIOD, company_ids=(cls.company_a | cls.company_b).ids, csv_format="comma"
        )

    # -- helpers --
    def _rows(self, user=None, **options):
        Liability = self.env["retail.points.liability"].with_user(user or self.manager)
        return Liability._get_rows(
            Liability._check_options(dict(self.options, **options))
        )

    def _by_month(self, rows):
        return {(row[0], row[2]): row for row in rows}

    def _wizard(self, user, **vals):
        return (
            self.env["retail.points.liability.report"]
            .with_user(user)
            .create(
                dict(
                    {
                        "date_from": PERIOD["date_from"],
                        "date_to": PERIOD["date_to"],
                        "company_ids": [(6, 0, self.options["company_ids"])],
                        "csv_format": "comma",
                    },
                    **vals,
                )
            )
        )

    def _csv(self, user, **vals):
        wizard = self._wizard(user, **vals)
        self.authenticate(user.login, user.login)
        response = self.url_open(wizard.action_download_csv()["url"])
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        return response

    # -- figures --
    def test_figures_of_each_month(self):
        rows = self._by_month(self._rows())
        self.assertEqual(len(rows), 8)
        for company, months in EXPECTED.items():
            for month, (points, money) in months.items():
                with self.subTest(company=company, month=month):
                    row = rows[(company, month)]
                    self.assertEqual(row[3:11], tuple(float(p) for p in points))
                    self.assertEqual(row[11:19], tuple(float(m) for m in money))
                    self.assertEqual(row[1], "EUR" if company == "Roll A Oy" else "USD")
        for company, rates in RATES.items():
            self.assertEqual(rows[(company, "Total")][19:21], rates)
            # rates on the total rows only
            self.assertEqual(rows[(company, "2026-01")][19:21], (None, None))

    def test_rows_in_order_of_company_then_month(self):
        rows = self._rows()
        self.assertEqual(
            [(row[0], row[2]) for row in rows],
            [
                (company, month)
                for company in ("Roll A Oy", "Roll B Inc")
                for month in ("2026-01", "2026-02", "2026-03", "Total")
            ],
        )

    def test_closing_is_next_opening_and_the_ledger_sum(self):
        rows = self._rows(date_from="2025-11-01", date_to="2026-04-30")
        Entry = self.env["retail.point.entry"]
        # the first instant of each month in each company's time zone, UTC
        month_ends = {
            "Roll A Oy": {
                "2025-11": "2025-11-30 22:00:00",
                "2025-12": "2025-12-31 22:00:00",
                "2026-01": "2026-01-31 22:00:00",
                "2026-02": "2026-02-28 22:00:00",
                "2026-03": "2026-03-31 21:00:00",  # summer time from 29 March
                "2026-04": "2026-04-30 21:00:00",
            },
            "Roll B Inc": {
                month: f"{day} 00:00:00"
                for month, day in (
                    ("2025-11", "2025-12-01"),
                    ("2025-12", "2026-01-01"),
                    ("2026-01", "2026-02-01"),
                    ("2026-02", "2026-03-01"),
                    ("2026-03", "2026-04-01"),
                    ("2026-04", "2026-05-01"),
                )
            },
        }
        companies = {"Roll A Oy": self.company_a, "Roll B Inc": self.company_b}
        for company, ends in month_ends.items():
            months = [row for row in rows if row[0] == company and row[2] != "Total"]
            self.assertEqual(len(months), 6)
            for previous, row in itertools.pairwise(months):
                self.assertEqual(row[3], previous[10], (company, row[2]))
            for row in months:
                # closing = opening + every movement
                self.assertAlmostEqual(row[10], sum(row[3:10]), places=6)
                [(total,)] = Entry._read_group(
                    [
                        ("company_id", "=", companies[company].id),
                        ("date", "<", datetime.fromisoformat(ends[row[2]])),
                    ],
                    aggregates=["points:sum"],
                )
                self.assertAlmostEqual(row[10], total or 0.0, places=6, msg=row[2])
        # April brought b1's 999 (after the period of the other tests)
        april = self._by_month(rows)[("Roll B Inc", "2026-04")]
        self.assertEqual(april[4], 999)

    def test_months_follow_the_company_time_zone(self):
        """Both entries of 23:30 UTC on 31 January: February in Helsinki,
        January in UTC; 22:30 UTC on 31 December 2025 is already January in
        Helsinki, not the opening balance."""
        rows = self._by_month(self._rows(date_from="2026-01-01", date_to="2026-01-31"))
        self.assertEqual(rows[("Roll A Oy", "2026-01")][3:5], (300, 217))
        self.assertEqual(rows[("Roll B Inc", "2026-01")][4], 100)
        sections = (
            self.env["retail.points.liability"]
            .with_user(self.manager)
            ._get_sections(
                self.env["retail.points.liability"]._check_options(self.options)
            )
        )
        self.assertEqual([s["tz"] for s in sections], ["Europe/Helsinki", "UTC"])

    def test_no_earnings_no_rates(self):
        """A period without earnings or bonuses has no rates (no division by
        zero): empty cells in the CSV, a dash in the PDF."""
        rows = self._rows(date_from="2025-06-01", date_to="2025-07-31")
        total = self._by_month(rows)[("Roll B Inc", "Total")]
        self.assertEqual(total[3:], (0.0,) * 16 + (None, None))
        Pdf = self.env["report.crm_retail_customers_account.report_points_liability"]
        values = Pdf.with_user(self.manager)._get_report_values(
            [],
            {
                "options": dict(
                    self.options, date_from="2025-06-01", date_to="2025-07-31"
                )
            },
        )
        self.assertEqual(
            values["sections"][1]["rates"],
            [("Redemption rate", "–"), ("Breakage rate", "–")],
        )
        content = self._csv(
            self.manager, date_from="2025-06-01", date_to="2025-07-31"
        ).content.decode()
        last = list(csv.reader(io.StringIO(content)))[-1]
        self.assertEqual(last[:3], ["Roll B Inc", "USD", "Total"])
        self.assertEqual(last[-2:], ["", ""])

    # -- CSV and PDF --
    def test_csv_download(self):
        response = self._csv(self.manager)
        self.assertRegex(
            response.headers["Content-Disposition"],
            r"points-liability-2026-01-2026-03\.csv",
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0], ENGLISH_HEADER)
        self.assertEqual(len(rows), 9)
        self.assertEqual(
            rows[1],
            ["Roll A Oy", "EUR", "2026-01"]
            + ["300.00", "217.00", "10.00", "0.00", "-40.00", "0.00", "0.00", "487.00"]
            + ["9.99", "7.23", "0.33", "0.00", "-1.33", "0.00", "0.00", "16.22"]
            + ["", ""],
        )
        self.assertEqual(rows[4][2], "Total")
        self.assertEqual(rows[4][-2:], ["14.98", "22.47"])
        self.assertEqual(rows[8][:3], ["Roll B Inc", "USD", "Total"])
        self.assertEqual(rows[8][-2:], ["50.00", "0.00"])

    def test_csv_neutralises_formulas(self):
        self.company_b.name = "=HYPERLINK(1)"
        rows = list(csv.reader(io.StringIO(self._csv(self.manager).content.decode())))
        self.assertIn("'=HYPERLINK(1)", {row[0] for row in rows})
        self.assertNotIn("=HYPERLINK(1)", {row[0] for row in rows})

    def test_csv_in_finnish_for_excel(self):
        """Finnish: the header in the user's language, semicolons, a BOM and
        decimal commas (the Excel flavour, Finnish's default)."""
        load_language(self.env, "fi_FI")
        self.manager.lang = "fi_FI"
        wizard = self.env["retail.points.liability.report"].with_user(self.manager)
        self.assertEqual(
            wizard.with_context(lang="fi_FI").default_get(["csv_format"])["csv_format"],
            "excel",
        )
        text = self._csv(self.manager, csv_format="excel").content.decode()
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
        finnish = [
            label
            for _key, label, _kind in self.env["retail.points.liability"]
            .with_context(lang="fi_FI")
            ._get_columns()
        ]
        self.assertEqual(rows[0], finnish)
        self.assertEqual(rows[1][3:5], ["300,00", "217,00"])
        self.assertEqual(rows[1][11:13], ["9,99", "7,23"])
        self.assertEqual(rows[4][-2:], ["14,98", "22,47"])

    def _pdf(self, user, lang="en_US"):
        wizard = self._wizard(user.with_context(lang=lang))
        action = wizard.with_context(lang=lang).action_print_pdf()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True, lang=lang)
            ._render_qweb_pdf(action["report_name"], wizard.ids, data=action["data"])
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        pages, _fonts = pdf_pages(pdf)
        return " ".join(" ".join(page.split()) for page in pages)

    def test_pdf(self):
        text = self._pdf(self.manager)
        for expected in (
            "Points liability roll-forward",
            "Roll A Oy (EUR)",
            "Roll B Inc (USD)",
            "Money is valued at the current value of one point, 0.0333 EUR",
            "Months in the time zone Europe/Helsinki",
            "Months in the time zone UTC",
            "January 2026",
            "March 2026",
            "Redemption rate: 14.98 %",
            "Breakage rate: 22.47 %",
            "Redemption rate: 50.00 %",
            "454.00",
            "€ 15.12",
        ):
            self.assertIn(expected, text)

    def test_pdf_in_finnish(self):
        load_language(self.env, "fi_FI")
        self.manager.lang = "fi_FI"
        text = self._pdf(self.manager, lang="fi_FI")
        # month names and numbers as Finnish writes them
        self.assertIn("tammikuu 2026", text)
        self.assertRegex(text, r"14,98\s*%")

    def test_pdf_in_persian(self):
        """Right to left: the month's name in Persian (the months are the
        Gregorian ones the ledger is cut by), the figures left to right."""
        load_language(self.env, "fa_IR")
        self.manager.lang = "fa_IR"
        text = squeeze(self._pdf(self.manager, lang="fa_IR"))
        self.assertIn("ژانویه", text)
        self.assertIn("RollAOy", text)
        self.assertIn("454", text)

    # -- access --
    def test_managers_may(self):
        for user in (self.manager, self.accountant):
            with self.subTest(user=user.login):
                wizard = self._wizard(user, company_ids=[(6, 0, self.company_a.ids)])
                self.assertEqual(
                    wizard.action_print_pdf()["report_name"],
                    "crm_retail_customers_account.report_points_liability",
                )
                rows = self._rows(user, company_ids=self.company_a.ids)
                self.assertEqual(rows[-1][10], 454)
                self._csv(user, company_ids=[(6, 0, self.company_a.ids)])

    def test_menus_and_form(self):
        """The menus show to the managers only; the form opens for them."""
        Menu = self.env["ir.ui.menu"]
        invoicing = self.env.ref(
            "crm_retail_customers_account.menu_retail_points_liability_invoicing"
        )
        contacts = self.env.ref(
            "crm_retail_customers_account.menu_retail_points_liability_contacts"
        )
        employees = [u for u in self.refused.values() if not u.share]
        for user, visible in (
            (self.manager, {contacts}),
            (self.accountant, {invoicing}),
            *((user, set()) for user in employees),
        ):
            with self.subTest(user=user.login):
                # the menus the web client shows (a menu under a hidden one
                # is left out)
                shown = Menu.with_user(user).load_menus(debug=False)
                self.assertEqual(
                    {menu for menu in (invoicing, contacts) if menu.id in shown},
                    visible,
                )
        for user in (self.manager, self.accountant):
            arch = (
                self.env["retail.points.liability.report"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertIn('name="action_download_csv"', arch)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_others_are_refused(self):
        Liability = self.env["retail.points.liability"]
        Pdf = self.env["report.crm_retail_customers_account.report_points_liability"]
        wizard = self._wizard(self.manager)
        url = wizard.action_download_csv()["url"]
        html = f"/report/html/{REPORT}/{wizard.id}"
        # the manager who made the wizard reads it
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(html)
        self.assertEqual(response.status_code, 200)
        self.assertIn("one point, 0.1000 USD", response.text)
        for profile, user in self.refused.items():
            with self.subTest(profile=profile):
                with self.assertRaises(AccessError):
                    self._wizard(user)
                with self.assertRaises(AccessError):
                    Liability.with_user(user)._get_rows(self.options)
                with self.assertRaises(AccessError):
                    Pdf.with_user(user)._get_report_values(
                        [], {"options": self.options}
                    )
                self.authenticate(user.login, user.login)
                with self.assertRaises(JsonRpcException) as cm:
                    self.make_jsonrpc_request(
                        "/web/dataset/call_kw/retail.points.liability.report/create",
                        {
                            "model": "retail.points.liability.report",
                            "method": "create",
                            "args": [{"date_from": "2026-01-01"}],
                            "kwargs": {},
                        },
                    )
                self.assertEqual(cm.exception.args[0], "odoo.exceptions.AccessError")
                self.assertEqual(self.url_open(url).status_code, 403)
                self.assertEqual(self.url_open(html).status_code, 403)

    def test_csv_of_another_users_wizard(self):
        wizard = self._wizard(self.manager, company_ids=[(6, 0, self.company_a.ids)])
        self.authenticate(self.accountant.login, self.accountant.login)
        response = self.url_open(wizard.action_download_csv()["url"])
        self.assertIn(response.status_code, (403, 404))

    @mute_logger("odoo.http")
    def test_forged_company_refused(self):
        """The accountant of Roll A Oy asks for Roll B Inc: refused by the
        wizard (also over RPC) and by the report's own check."""
        with self.assertRaisesRegex(ValidationError, "Roll B Inc: it is not one of"):
            self._wizard(self.accountant, company_ids=[(6, 0, self.company_b.ids)])
        wizard = self._wizard(self.accountant, company_ids=[(6, 0, self.company_a.ids)])
        with self.assertRaisesRegex(ValidationError, "Roll B Inc"):
            wizard.write({"company_ids": [(4, self.company_b.id)]})
        with self.assertRaisesRegex(UserError, "a company you cannot access"):
            self._rows(self.accountant)
        Pdf = self.env["report.crm_retail_customers_account.report_points_liability"]
        with self.assertRaisesRegex(UserError, "a company you cannot access"):
            Pdf.with_user(self.accountant)._get_report_values(
                [], {"options": self.options}
            )
        self.authenticate(self.accountant.login, self.accountant.login)
        with self.assertRaises(JsonRpcException) as cm:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/retail.points.liability.report/create",
                {
                    "model": "retail.points.liability.report",
                    "method": "create",
                    "args": [
                        {
                            "date_from": "2026-01-01",
                            "date_to": "2026-03-31",
                            "company_ids": [(6, 0, self.company_b.ids)],
                        }
                    ],
                    "kwargs": {},
                },
            )
        self.assertEqual(cm.exception.args[0], "odoo.exceptions.ValidationError")

    # -- bad input --
    def test_bad_input(self):
        cases = [
            (
                {"date_from": "2026-03-01", "date_to": "2026-01-31"},
                "ends before it starts",
            ),
            ({"date_from": "2016-01-01", "date_to": "2026-01-31"}, "at most 10 years"),
            ({"company_ids": [(5,)]}, "at least one company"),
        ]
        for vals, message in cases:
            with self.subTest(message=message):
                wizard = self._wizard(self.manager, **vals)
                with self.assertRaisesRegex(UserError, message):
                    wizard.action_print_pdf()
                with self.assertRaisesRegex(UserError, message):
                    wizard.action_download_csv()
        # ten years exactly are fine
        rows = self._rows(date_from="2016-04-01", date_to="2026-03-31")
        self.assertEqual(len(rows), 2 * 121)
        for options, message in (
            ({"date_from": "not a date"}, "is not a date"),
            ({"company_ids": ["1"]}, "must list record ids"),
            ({"csv_format": "xlsx"}, "Unknown CSV format"),
        ):
            with self.assertRaisesRegex(UserError, message):
                self._rows(**options)
