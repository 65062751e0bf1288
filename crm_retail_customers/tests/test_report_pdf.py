# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo.tests import HttpCase, new_test_user, tagged

from .common import pdf_pages, squeeze

#: Customers whose names pdftotext must read back from every report.
NAMES = {
    "fi": "Äijälä Öljynen",
    "pl": "Łucja Żółkiewska",
    "ru": "Анна Смирнова",
    "fa": "مریم احمدی",
}
REPORT = "crm_retail_customers.action_report_retail_customers"


@tagged("post_install", "-at_install")
class TestReportPdf(HttpCase):
    """Each customer report as a PDF by a Retail user: made by the patched
    wkhtmltopdf with Odoo's styles, fetched over HTTP from the test server
    (``web.base.url`` points at it), in Odoo's standard layout (header,
    footer, page numbers).

    Rendered by ``_render_qweb_pdf``, the method ``/report/pdf/…`` calls, in
    the test's thread: through the test server's own ``/report/pdf/…`` route
    the request would hold the single test cursor while wkhtmltopdf waits for
    the styles from the same server (a deadlock). Odoo renders HTML instead of
    a PDF while tests run unless the context says ``force_report_rendering``.
    The route itself, on a real server, is tested by
    ``setup/tests/test_pdf_server.py``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="pdf_clerk",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user",
        )
        cls.env.company.write(
            {
                "name": "Retail PDF Test Shop",
                "phone": "+358 9 555",
                # figures to the decimal (whole points: test_whole_points.py)
                "retail_points_precision": "decimal",
            }
        )
        Partner = cls.env["res.partner"]
        cls.named = Partner.create(
            [
                {
                    "name": name,
                    "email": f"{lang}@example.com",
                    "phone": f"+358 40 000 {index}",
                    "street": f"Testikatu {index}",
                    "city": "Helsinki",
                    "ref": f"NUM{index:05d}",
                }
                for index, (lang, name) in enumerate(NAMES.items(), 1)
            ]
        )
        for index, partner in enumerate(cls.named, 1):
            partner._post_reward_points(100.0 * index, "earn", origin=f"POS/{index}")
        # enough customers for the balances to need more than one page
        cls.fillers = Partner.create(
            [{"name": f"Filler Customer {index:03d}"} for index in range(90)]
        )

    def _print(self, report, partners, **vals):
        wizard = (
            self.env["retail.customer.report.wizard"]
            .with_user(self.clerk)
            .create(dict(report=report, partner_ids=[(6, 0, partners.ids)], **vals))
        )
        action = wizard.action_print_pdf()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.clerk)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(action["report_name"], wizard.ids, data=action["data"])
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_pages(pdf)

    def _assert_layout(self, pages, fonts):
        total = len(pages)
        for number, text in enumerate(pages, 1):
            # Odoo's header (company) and footer (page numbers) on every page
            self.assertIn("Retail PDF Test Shop", text, f"page {number}")
            self.assertRegex(text, rf"Page:\s*{number}\s*(/|of)\s*{total}\b")
        # Odoo's report styles were loaded: its Lato font is embedded
        self.assertRegex(fonts, r"Lato.*\byes\b")

    def test_every_report(self):
        everyone = self.named | self.fillers
        expected = {
            "balances": (
                everyone,
                {},
                ["Reward point balances", "400.00", "1,000.00", "NUM00002"],
            ),
            "recent": (
                self.named,
                {"date_from": "2000-01-01", "date_to": "2100-12-31"},
                ["POS/3", "NUM00003"],
            ),
            "addresses": (self.named, {}, ["Addresses", "Testikatu 4", "NUM00002"]),
            "contacts": (
                self.named,
                {},
                ["E-mails and phones", "fa@example.com", "NUM00002"],
            ),
            "activity": (
                self.named,
                {"date_from": "2000-01-01", "date_to": "2100-12-31"},
                ["Points activity", "No group", "1,000.00"],
            ),
        }
        for report, (partners, vals, needles) in expected.items():
            with self.subTest(report=report):
                pages, fonts = self._print(report, partners, **vals)
                self._assert_layout(pages, fonts)
                text = "\n".join(pages)
                for lang, name in NAMES.items():
                    if report == "activity":
                        break  # totals per customer group, no names
                    if lang == "fa":
                        self.assertIn(squeeze(name), squeeze(text))
                    else:
                        self.assertIn(name, text)
                for needle in needles:
                    self.assertIn(needle, text)
        # the balances of 94 customers: several pages (3 here), every filler once
        pages, _fonts = self._print("balances", everyone)
        self.assertGreaterEqual(len(pages), 2)
        text = "\n".join(pages)
        for filler in self.fillers:
            self.assertEqual(text.count(filler.name), 1, filler.name)
        # the column titles repeat on every page
        for page in pages:
            self.assertRegex(
                page, r"Name\s+Customer Number\s+Company\s+Business ID\s+E-mail"
            )
