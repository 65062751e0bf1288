# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import subprocess
import tempfile
import unicodedata

from odoo.tests import HttpCase, new_test_user, tagged

from .common import load_languages, squeeze

BALANCES = "crm_retail_customers.action_report_retail_customers"
CARD = "crm_retail_customers.retail_card_report"


def words(pdf):
    """The words of ``pdf`` with their boxes, as ``pdftotext -bbox`` reads
    them: ``[(text, x_min, x_max), ...]`` (text NFKC: Arabic script comes out
    as presentation forms)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        html = subprocess.run(
            ["pdftotext", "-bbox", tmp.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [
        (unicodedata.normalize("NFKC", text), float(x_min), float(x_max))
        for x_min, x_max, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
            r'yMax="[\d.]+">([^<]*)</word>',
            html,
        )
    ]


def pdf_text(pdf):
    return unicodedata.normalize(
        "NFKC",
        subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode(),
    )


@tagged("post_install", "-at_install")
class TestReportRtl(HttpCase):
    """Reports in a right-to-left language: a Persian user's customer report
    and a Persian holder's loyalty card are printed right to left by the real
    wkhtmltopdf, with our Persian terms; a Russian holder's card is printed in
    Russian whoever prints it (the card is the customer's).

    Odoo gives the report's ``<body>`` the direction of the language it is
    rendered in and serves the right-to-left build of its styles; the
    Persian number format of Odoo (``fa_IR``: ``.`` and ``,`` with Latin
    digits) is the report's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ["fa_IR", "ru_RU"])
        groups = (
            "base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user"
        )
        cls.clerk_fa = new_test_user(
            cls.env, login="rtl_clerk_fa", groups=groups, lang="fa_IR"
        )
        cls.clerk_en = new_test_user(
            cls.env, login="rtl_clerk_en", groups=groups, lang="en_US"
        )
        Partner = cls.env["res.partner"]
        cls.zeta = Partner.create({"name": "Zeta Rightmost", "lang": "fa_IR"})
        cls.zeta._post_reward_points(1234.5, "earn", origin="POS/RTL/1")
        cls.anna = Partner.create({"name": "Анна Смирнова", "lang": "ru_RU"})
        # a Latin name ending in a full stop, a negative balance
        cls.env.company.retail_allow_negative_balance = True
        cls.bazaar = Partner.create(
            {"name": "Bazaar Trading Co.", "is_company": True, "lang": "fa_IR"}
        )
        cls.bazaar._post_reward_points(
            -380.02, "adjust", note="Correction", origin="RTL/NEG"
        )

    def _render(self, user, report, docids, data=None, pdf=True):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=user.lang, force_report_rendering=True)
        )
        if pdf:
            content, kind = Report._render_qweb_pdf(report, docids, data=data)
            self.assertEqual(kind, "pdf")
            self.assertTrue(content.startswith(b"%PDF"))
        else:
            content, kind = Report._render_qweb_html(report, docids, data=data)
            content = content.decode()
        return content

    def _balances(self, user, pdf=True, partners=None):
        partners = partners or self.zeta
        wizard = (
            self.env["retail.customer.report.wizard"]
            .with_user(user)
            .with_context(lang=user.lang)
            .create({"report": "balances", "partner_ids": [(6, 0, partners.ids)]})
        )
        action = wizard.action_print_pdf()
        return self._render(
            user, action["report_name"], wizard.ids, data=action["data"], pdf=pdf
        )

    def test_persian_balance_report_is_right_to_left(self):
        html = self._balances(self.clerk_fa, pdf=False)
        self.assertRegex(html, r'<body[^>]*dir="rtl"')
        # the right-to-left build of Odoo's report styles
        self.assertRegex(html, r"web\.report_assets_common\.rtl[.\w]*\.css")
        pdf = self._balances(self.clerk_fa)
        text = pdf_text(pdf)
        # our title and column names in Persian, Odoo's number format
        for term in ("موجودی امتیاز پاداش", "نام", "شرکت", "شماره کارت", "موجودی"):
            self.assertIn(squeeze(term), squeeze(text))
        self.assertNotIn("Reward point balances", text)
        self.assertIn("1,234.50", text)
        # right to left: the first column (name) at the right of the last
        # one (balance)
        boxes = words(pdf)
        name_x = min(x for word, x, _end in boxes if word == "Rightmost")
        balance_x = max(x for word, x, _end in boxes if word == "1,234.50")
        self.assertGreater(name_x, balance_x)

    def test_persian_report_keeps_latin_names_and_signs_in_place(self):
        """Inside the right-to-left page a Latin name keeps its full stop at
        its end and a negative balance its sign in front: the values are
        isolated (``dir``), and the PDF's text reads them so."""
        html = self._balances(self.clerk_fa, pdf=False, partners=self.bazaar)
        self.assertRegex(html, r'<span dir="auto">Bazaar Trading Co\.</span>')
        self.assertRegex(html, r'<span dir="ltr">-380\.02</span>')
        # the words as drawn on the page (not in the text's order)
        drawn = [
            word
            for word, _x, _end in words(
                self._balances(self.clerk_fa, partners=self.bazaar)
            )
        ]
        self.assertIn("Co.", drawn)
        self.assertNotIn(".Bazaar", drawn)
        self.assertIn("-380.02", drawn)
        self.assertNotIn("380.02-", drawn)

    def test_english_balance_report_stays_left_to_right(self):
        """The same report, same data, by an English user: left to right
        (the Persian test above could not fail if every report were RTL)."""
        html = self._balances(self.clerk_en, pdf=False)
        self.assertRegex(html, r'<body[^>]*dir="ltr"')
        boxes = words(self._balances(self.clerk_en))
        name_x = min(x for word, x, _end in boxes if word == "Rightmost")
        balance_x = max(x for word, x, _end in boxes if word == "1,234.50")
        self.assertLess(name_x, balance_x)
        self.assertIn("Reward point balances", pdf_text(self._balances(self.clerk_en)))

    def test_card_speaks_the_holders_language(self):
        """The card is the customer's: printed by an English clerk, a Persian
        holder's card is in Persian and right to left, a Russian holder's in
        Russian; an English holder's in English."""
        Card = self.env["retail.card"]
        card_fa = Card.create({"partner_id": self.zeta.id, "expiry_date": "2030-12-31"})
        card_ru = Card.create({"partner_id": self.anna.id, "expiry_date": "2030-12-31"})
        card_en = Card.create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "Edith English", "lang": "en_US"})
                .id
            }
        )
        html = self._render(self.clerk_en, CARD, card_fa.ids, pdf=False)
        self.assertRegex(html, r'<div class="page" dir="rtl"')
        self.assertIn("کارت وفاداری", html)
        self.assertIn("float: left", html)
        # names keep their own direction, at the card's start (the right)
        self.assertRegex(html, r'dir="auto" style="[^"]*text-align: right;"')
        text = pdf_text(self._render(self.clerk_en, CARD, card_fa.ids))
        self.assertIn(squeeze("کارت وفاداری"), squeeze(text))
        self.assertIn(squeeze("معتبر تا"), squeeze(text))
        self.assertIn(card_fa.number, text)
        text = pdf_text(self._render(self.clerk_en, CARD, card_ru.ids))
        self.assertIn("Карта лояльности", text)
        self.assertIn("Действует до", text)
        self.assertNotIn("Valid until", text)
        html = self._render(self.clerk_fa, CARD, card_en.ids, pdf=False)
        self.assertRegex(html, r'<div class="page" dir="ltr"')
        self.assertIn("Loyalty Card", html)
        self.assertNotIn("کارت وفاداری", html)
