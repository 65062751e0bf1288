# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io
import re
from urllib.parse import unquote

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RetailCase, pdf_pages, report_csv

ADDONS = [
    "crm_retail_customers",
    "crm_retail_customers_account",
    "crm_retail_customers_mass_mailing",
    "crm_retail_customers_pos",
    "crm_retail_customers_purchase",
    "crm_retail_customers_sale",
]
FINNISH_BALANCE_HEADER = [
    "Nimi",
    "Asiakasnumero",
    "Yritys",
    "Y-tunnus",
    "Sähköposti",
    "Kortin numero",
    "Saldo",
]
#: 1 234,50 as Odoo's fi_FI writes it: a no-break space groups thousands
#: (pdftotext may give it back as a plain or narrow space).
FINNISH_1234_50 = re.compile(r"\b1[ \u00a0\u202f]234,50\b")


def load_language(env, code):
    """Activate ``code`` and load the addons' translations, as Settings ›
    Languages does."""
    env["res.lang"]._activate_lang(code)
    modules = env["ir.module.module"].search(
        [("name", "in", ADDONS), ("state", "=", "installed")]
    )
    modules._update_translations([code])


def parse(text, delimiter):
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@tagged("post_install", "-at_install")
class TestCsvForExcel(RetailCase):
    """The CSV flavour for spreadsheet programs: semicolons, the language's
    decimal separator, a BOM; the machine-readable file stays as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "fi_FI")
        cls.user_retail.lang = "fi_FI"
        cls.anna = cls.Partner.create(
            {"name": "Anna; Ääninen", "email": "anna@example.fi"}
        )
        cls.olli = cls.Partner.create(
            {"name": "Olli, Oy", "is_company": True, "vat": "FI1234"}
        )
        with freeze_time("2026-01-10 12:00:00"):
            cls.anna._post_reward_points(1234.5, "earn", origin="POS/1")
            cls.olli._post_reward_points(20.25, "earn", origin="POS/2")
        cls.partners = cls.anna | cls.olli

    def csv_of(self, user, report, csv_format, **vals):
        env = self.env(user=user, context={"lang": user.lang})
        wizard = env["retail.customer.report.wizard"].create(
            dict(
                report=report,
                partner_ids=[(6, 0, self.partners.ids)],
                csv_format=csv_format,
                **vals,
            )
        )
        options = wizard._get_options()
        return report_csv(env["retail.customer.report"], report, options)

    def test_default_follows_the_decimal_separator(self):
        Wizard = self.env["retail.customer.report.wizard"]
        finnish = Wizard.with_user(self.user_retail).with_context(lang="fi_FI")
        self.assertEqual(finnish.create({}).csv_format, "excel")
        english = Wizard.with_user(self.user_manager).with_context(lang="en_US")
        self.assertEqual(english.create({}).csv_format, "comma")

    def test_excel_csv_parses_back(self):
        for report in ("balances", "recent"):  # COPY, and rows written in Python
            with self.subTest(report=report):
                text = self.csv_of(
                    self.user_retail,
                    report,
                    "excel",
                    date_from="2000-01-01",
                    date_to="2100-12-31",
                )
                self.assertTrue(text.startswith("\ufeff"))
                rows = parse(text[1:], ";")
                self.assertEqual(rows[0][:7], FINNISH_BALANCE_HEADER)
                by_name = {row[0]: row for row in rows[1:]}
                # separators inside values survive the quoting
                self.assertEqual(set(by_name), {"Anna; Ääninen", "Olli, Oy"})
                self.assertEqual(by_name["Anna; Ääninen"][6], "1234,50")
                self.assertEqual(by_name["Olli, Oy"][6], "20,25")
                self.assertEqual(by_name["Olli, Oy"][3], "FI1234")
                balance = float(by_name["Anna; Ääninen"][6].replace(",", "."))
                self.assertEqual(balance, 1234.5)
                if report == "recent":
                    self.assertEqual(rows[0][7], "Myyntien määrä")
                    self.assertRegex(by_name["Olli, Oy"][7], r"^\d+$")

    def test_comma_csv_unchanged(self):
        """The machine-readable file keeps commas, a decimal point and no BOM,
        whatever the user's language; only the header row is translated."""
        text = self.csv_of(self.user_retail, "balances", "comma")
        self.assertFalse(text.startswith("\ufeff"))
        rows = parse(text, ",")
        self.assertEqual(rows[0], FINNISH_BALANCE_HEADER)
        by_name = {row[0]: row for row in rows[1:]}
        self.assertEqual(by_name["Anna; Ääninen"][6], "1234.50")
        self.assertEqual(by_name["Olli, Oy"][6], "20.25")

    def test_excel_csv_in_english(self):
        """A language writing a decimal point keeps it in the Excel file."""
        text = self.csv_of(self.user_manager, "balances", "excel")
        rows = parse(text.removeprefix("\ufeff"), ";")
        self.assertEqual(rows[0][0], "Name")
        self.assertIn("1234.50", [row[6] for row in rows[1:]])

    def test_dates_of_each_flavour(self):
        """The comma file writes dates as YYYY-MM-DD in every language; the
        Excel file as the user's language writes them (Excel reads them so
        in that language)."""
        period = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
        cases = [
            (self.user_retail, "excel", b";1234,50;1;POS/1;10.01.2026"),
            (self.user_retail, "comma", b",1234.50,1,POS/1,2026-01-10"),
            (self.user_manager, "excel", b";1234.50;1;POS/1;01/10/2026"),
            (self.user_manager, "comma", b",1234.50,1,POS/1,2026-01-10"),
        ]
        for user, csv_format, end in cases:
            with self.subTest(lang=user.lang, csv_format=csv_format):
                data = self.csv_of(user, "recent", csv_format, **period).encode()
                anna = next(
                    line for line in data.split(b"\n") if b"anna@example.fi" in line
                )
                self.assertTrue(anna.endswith(end), anna)
        Report = self.env["retail.customer.report"]
        self.assertEqual(Report._get_date_pattern("%d.%m.%Y"), 'DD"."MM"."YYYY')
        self.assertEqual(Report._get_date_pattern("%Y/%m/%d"), 'YYYY"/"MM"/"DD')
        # month names and weekdays: ISO rather than a half-translated date
        self.assertEqual(Report._get_date_pattern("%A %d %B %Y"), "YYYY-MM-DD")
        self.assertEqual(Report._get_date_pattern(False), "YYYY-MM-DD")

    def test_numbers_and_dates_of_each_language(self):
        """The PDF's formatting: Odoo's grouping and separators per language
        (Polish groups no thousands), dates in the language's format."""
        load_language(self.env, "pl_PL")
        expected = {
            "en_US": ("1,234.50", "1,234", "12/31/2026"),
            "fi_FI": ("1\u00a0234,50", "1\u00a0234", "31.12.2026"),
            "pl_PL": ("1234,50", "1234", "31.12.2026"),
        }
        Pdf = self.env["report.crm_retail_customers.report_retail_customers"]
        for lang, (points, count, day) in expected.items():
            with self.subTest(lang=lang):
                values = Pdf.with_context(lang=lang)._get_report_values(
                    [], {"options": {"report": "balances", "partner_ids": [1]}}
                )
                self.assertEqual(values["format_number"](1234.5), points)
                self.assertEqual(values["format_number"](1234), count)
                self.assertEqual(values["format_number"]("POS/1"), "POS/1")
                self.assertEqual(values["format_date"]("2026-12-31"), day)
                self.assertEqual(values["format_date"](None), "")

    def test_unknown_format_refused(self):
        Report = self.env["retail.customer.report"]
        with self.assertRaisesMessage(UserError, "Unknown CSV format"):
            Report._check_options({"report": "balances", "csv_format": "xlsx"})
        options = Report._check_options({"report": "balances"})
        self.assertEqual(options["csv_format"], "comma")


@tagged("post_install", "-at_install")
class TestReportInReadersLanguage(HttpCase):
    """A Finnish user gets the PDF and the download in Finnish: title,
    columns, numbers and dates as Finnish writes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "fi_FI")
        cls.clerk = new_test_user(
            cls.env,
            login="fi_clerk",
            lang="fi_FI",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Äijälä Öljynen"})
        cls.customer._post_reward_points(1234.5, "earn", origin="POS/1")

    def test_finnish_pdf(self):
        env = self.env(user=self.clerk, context={"lang": "fi_FI"})
        wizard = env["retail.customer.report.wizard"].create(
            {"report": "balances", "partner_ids": [(6, 0, self.customer.ids)]}
        )
        action = wizard.action_print_pdf()
        pdf, kind = (
            env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(action["report_name"], wizard.ids, data=action["data"])
        )
        self.assertEqual(kind, "pdf")
        pages, _fonts = pdf_pages(pdf)
        text = "\n".join(pages)
        self.assertIn("Kanta-asiakaspisteiden saldot", text)
        self.assertRegex(text, r"Nimi\s+Asiakasnumero\s+Yritys\s+Y-tunnus\s+Sähköposti")
        self.assertIn("Tulostettu", text)
        self.assertIn("Yhteensä", text)
        self.assertIn("Äijälä Öljynen", text)
        self.assertRegex(text, FINNISH_1234_50)
        self.assertNotIn("1,234.50", text)

    def test_finnish_dates_in_filters(self):
        env = self.env(user=self.clerk, context={"lang": "fi_FI"})
        lines = env["report.crm_retail_customers.report_retail_customers"]
        described = lines._describe_filters(
            {"date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        self.assertEqual(described, ["Ajanjakso: 01.01.2026 – 31.12.2026"])

    def test_finnish_download(self):
        """The download route gives a Finnish user the Excel flavour by
        default: BOM, semicolons, decimal comma, Finnish column names."""
        env = self.env(user=self.clerk, context={"lang": "fi_FI"})
        wizard = env["retail.customer.report.wizard"].create(
            {"report": "balances", "partner_ids": [(6, 0, self.customer.ids)]}
        )
        self.assertEqual(wizard.csv_format, "excel")
        self.authenticate("fi_clerk", "fi_clerk")
        response = self.url_open(f"/crm_retail_customers/report/csv/{wizard.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith("\ufeff".encode()))
        rows = parse(response.content.decode("utf-8-sig"), ";")
        self.assertEqual(rows[0], FINNISH_BALANCE_HEADER)
        self.assertEqual(rows[1][0], "Äijälä Öljynen")
        self.assertEqual(rows[1][6], "1234,50")
        # the file is named in the user's language, letters kept
        wizard.report = "contacts"
        response = self.url_open(f"/crm_retail_customers/report/csv/{wizard.id}")
        disposition = unquote(response.headers["Content-Disposition"])
        self.assertIn("sähköpostit-ja-puhelinnumerot-", disposition)
        rows = parse(response.content.decode("utf-8-sig"), ";")
        self.assertEqual(rows[0][:3], ["Asiakas", "Asiakasnumero", "Nimi"])
