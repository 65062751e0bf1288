# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from ..tools.dates import (
    PERSIAN_MONTHS,
    format_date_lang,
    format_datetime_lang,
    format_solar_hijri,
    is_solar_hijri_lang,
)
from .common import RetailCase

REPORT = "crm_retail_customers.action_report_retail_customers"
CARD = "crm_retail_customers.retail_card_report"
#: 2024-03-20, Nowruz: 1 Farvardin 1403 (Latin digits, as Odoo's fa_IR
#: writes numbers).
NOWRUZ_1403 = "1 فروردین 1403"


@tagged("post_install", "-at_install")
class TestSolarHijriDates(RetailCase):
    """One helper (``tools/dates.py``) writes a date for a language: the
    Solar Hijri calendar with Persian month names for Persian readers,
    Odoo's format of the language for the others."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")

    def test_known_conversions(self):
        self.assertEqual(format_solar_hijri(date(2024, 3, 20)), NOWRUZ_1403)
        self.assertEqual(format_solar_hijri(date(2025, 3, 21)), "1 فروردین 1404")
        # 1403 is a leap year: Esfand has 30 days
        self.assertEqual(format_solar_hijri(date(2025, 3, 20)), "30 اسفند 1403")
        self.assertEqual(format_solar_hijri(date(2024, 3, 19)), "29 اسفند 1402")
        self.assertEqual(format_solar_hijri(date(2024, 12, 21)), "1 دی 1403")
        self.assertEqual(format_solar_hijri(date(2024, 9, 22)), "1 مهر 1403")

    def test_month_names(self):
        """The twelve months, each on its first day of 1403."""
        firsts = [
            date(2024, 3, 20),
            date(2024, 4, 20),
            date(2024, 5, 21),
            date(2024, 6, 21),
            date(2024, 7, 22),
            date(2024, 8, 22),
            date(2024, 9, 22),
            date(2024, 10, 22),
            date(2024, 11, 21),
            date(2024, 12, 21),
            date(2025, 1, 20),
            date(2025, 2, 19),
        ]
        names = [
            "فروردین",
            "اردیبهشت",
            "خرداد",
            "تیر",
            "مرداد",
            "شهریور",
            "مهر",
            "آبان",
            "آذر",
            "دی",
            "بهمن",
            "اسفند",
        ]
        self.assertEqual(list(PERSIAN_MONTHS), names)
        for first, name in zip(firsts, names, strict=True):
            self.assertEqual(format_solar_hijri(first), f"1 {name} 1403")

    def test_language_decides_the_calendar(self):
        self.assertTrue(is_solar_hijri_lang("fa_IR"))
        self.assertTrue(is_solar_hijri_lang("fa"))
        self.assertFalse(is_solar_hijri_lang("fi_FI"))
        self.assertFalse(is_solar_hijri_lang("fr_FR"))
        self.assertFalse(is_solar_hijri_lang(False))
        day = date(2024, 3, 20)
        self.assertEqual(
            format_date_lang(self.env, day, lang_code="fa_IR"), NOWRUZ_1403
        )
        self.assertEqual(
            format_date_lang(self.env(context={"lang": "fa_IR"}), day), NOWRUZ_1403
        )
        # other languages: Odoo's format, Gregorian
        self.assertEqual(
            format_date_lang(self.env, day, lang_code="en_US"), "03/20/2024"
        )
        self.assertEqual(
            format_date_lang(self.env, "2024-03-20", lang_code="en_US"), "03/20/2024"
        )
        self.assertEqual(
            format_date_lang(self.env, "2024-03-20", lang_code="fa_IR"), NOWRUZ_1403
        )
        self.assertEqual(format_date_lang(self.env, False, lang_code="fa_IR"), "")

    def test_moment_in_the_readers_timezone(self):
        """A moment is dated in the reader's timezone: 21:00 UTC on 19 March
        2024 is already Nowruz in Tehran (UTC+3:30), not in Helsinki."""
        moment = datetime(2024, 3, 19, 21, 0)
        tehran = self.env(context={"tz": "Asia/Tehran", "lang": "fa_IR"})
        self.assertEqual(format_date_lang(tehran, moment), NOWRUZ_1403)
        self.assertEqual(
            format_datetime_lang(tehran, moment), f"{NOWRUZ_1403} 00:30:00"
        )
        helsinki = self.env(context={"tz": "Europe/Helsinki", "lang": "fa_IR"})
        self.assertEqual(format_date_lang(helsinki, moment), "29 اسفند 1402")
        self.assertEqual(
            format_datetime_lang(tehran, moment, lang_code="en_US"),
            "Mar 20, 2024, 12:30:00 AM",
        )


@tagged("post_install", "-at_install")
class TestSolarHijriDocuments(RetailCase):
    """What a Persian reader gets: the customer reports printed by a Persian
    clerk, a Persian holder's card, the e-mail to a Persian customer and the
    ledger's texts show Solar Hijri dates; the same for a reader of another
    language stay Gregorian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        groups = (
            "base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user"
        )
        cls.clerk_fa = new_test_user(
            cls.env, login="calendar_clerk_fa", groups=groups, lang="fa_IR"
        )
        cls.clerk_en = new_test_user(
            cls.env, login="calendar_clerk_en", groups=groups, lang="en_US"
        )
        cls.shirin = cls.Partner.create(
            {"name": "Shirin Calendar", "lang": "fa_IR", "email": "shirin@example.ir"}
        )
        cls.aino = cls.Partner.create(
            {"name": "Aino Calendar", "lang": "en_US", "email": "aino@example.fi"}
        )
        with freeze_time("2024-03-20 09:00:00"):
            cls.shirin._post_reward_points(120, "earn", origin="POS/CAL/1")

    def _report_html(self, user, report, **vals):
        wizard = (
            self.env["retail.customer.report.wizard"]
            .with_user(user)
            .with_context(lang=user.lang)
            .create(dict(report=report, partner_ids=[(6, 0, self.shirin.ids)], **vals))
        )
        action = wizard.action_print_pdf()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=user.lang)
            ._render_qweb_html(action["report_name"], wizard.ids, data=action["data"])
        )
        return html.decode()

    def test_report_dates_for_a_persian_reader(self):
        """The last sale date and the period of the report in Solar Hijri,
        each in its own direction."""
        html = self._report_html(
            self.clerk_fa, "recent", date_from="2024-03-01", date_to="2024-03-31"
        )
        self.assertIn(f'<span dir="auto">{NOWRUZ_1403}</span>', html)
        # the period: 11 Esfand 1402 – 12 Farvardin 1403
        self.assertIn("11 اسفند 1402 – 12 فروردین 1403", html)
        self.assertNotIn("2024/03/20", html)
        html = self._report_html(
            self.clerk_en, "recent", date_from="2024-03-01", date_to="2024-03-31"
        )
        self.assertIn('<span dir="auto">03/20/2024</span>', html)
        self.assertIn("03/01/2024 – 03/31/2024", html)
        self.assertNotIn("فروردین", html)

    def test_persian_holders_card(self):
        """The card is the holder's: a Persian holder's card says until when
        it is valid in Solar Hijri, whoever prints it; an English holder's
        in Odoo's format."""
        Card = self.env["retail.card"]
        card_fa = Card.create(
            {
                "partner_id": self.shirin.id,
                "issue_date": "2024-03-20",
                "expiry_date": "2025-03-21",
            }
        )
        card_en = Card.create(
            {
                "partner_id": self.aino.id,
                "issue_date": "2024-03-20",
                "expiry_date": "2025-03-21",
            }
        )
        Report = self.env["ir.actions.report"].with_user(self.clerk_en)
        html = Report._render_qweb_html(CARD, card_fa.ids)[0].decode()
        self.assertIn('<span dir="auto">1 فروردین 1404</span>', html)
        html = Report._render_qweb_html(CARD, card_en.ids)[0].decode()
        self.assertIn('<span dir="auto">03/21/2025</span>', html)
        self.assertNotIn("فروردین", html)

    def test_tier_upgrade_mail_to_a_persian_customer(self):
        """The tier upgrade e-mail is written in the customer's language,
        its date in their calendar."""
        self.set_company_rules(retail_members_only=True, retail_welcome_points=0.0)
        self.env["retail.tier"].create({"name": "Silver Calendar", "min_points": 300})
        Mail = self.env["mail.mail"]
        mails = {}
        for partner in (self.shirin, self.aino):
            with freeze_time("2024-03-20 09:00:00"):
                partner.action_retail_enrol()
            before = Mail.search([])
            partner._post_reward_points(
                500,
                "earn",
                idempotency_key=f"cal:{partner.id}",
                company_id=self.company.id,
            )
            mails[partner] = Mail.search([]) - before
        self.assertEqual(len(mails[self.shirin]), 1)
        self.assertIn(
            f"You have been a member since {NOWRUZ_1403}.",
            " ".join(str(mails[self.shirin].body_html).split()),
        )
        self.assertIn(
            "You have been a member since 03/20/2024.",
            " ".join(str(mails[self.aino].body_html).split()),
        )
        self.assertNotIn("فروردین", str(mails[self.aino].body_html))

    def test_any_template_date_in_the_customers_calendar(self):
        """``format_date`` of any e-mail template (an administrator's own
        too) writes the date in the calendar of the language the e-mail is
        written in."""
        template = self.env["mail.template"].create(
            {
                "name": "Calendar check",
                "model_id": self.env.ref("base.model_res_partner").id,
                "lang": "{{ object.lang }}",
                "subject": "{{ format_date(object.birthdate) }}",
                "body_html": '<p>Born <t t-out="format_date(object.birthdate)"/></p>',
            }
        )
        (self.shirin | self.aino).write({"birthdate": "1990-03-21"})
        ids = (self.shirin | self.aino).ids
        subjects = template._render_field("subject", ids, compute_lang=True)
        bodies = template._render_field("body_html", ids, compute_lang=True)
        self.assertEqual(subjects[self.shirin.id], "1 فروردین 1369")
        self.assertEqual(subjects[self.aino.id], "03/21/1990")
        self.assertIn("Born 1 فروردین 1369", str(bodies[self.shirin.id]))
        self.assertIn("Born 03/21/1990", str(bodies[self.aino.id]))

    def test_ledger_text_dates_for_a_persian_reader(self):
        """The dates of the ledger's texts (points expired on a day) are the
        reader's: the customer reports and the till print them."""
        Entry = self.env["retail.point.entry"]
        vals = Entry._origin_vals("expiry", date=date(2024, 3, 20))
        self.assertEqual(
            Entry._render_origin(
                vals["origin_code"], vals["origin_params"], "fa_IR"
            ).split()[-3:],
            NOWRUZ_1403.split(),
        )
        self.assertEqual(
            Entry._render_origin(vals["origin_code"], vals["origin_params"], "en_US"),
            "Expiry 03/20/2024",
        )
