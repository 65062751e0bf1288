# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The marketing choices and joining in the browser of a portal customer,
on a desk screen and on a phone, in English, Finnish and Persian (right to
left): what the customer does in the page is what the database keeps."""

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_retail_customers.tests.common import (
    BrowserSizeMixin,
    load_languages,
    screenshot_at_end,
)

from .common import PhoneMixin
from .portal_preferences_common import PortalPreferencesMixin

DIRECTIONS = {"en_US": "ltr", "fi_FI": "ltr", "fa_IR": "rtl"}


@tagged("post_install", "-at_install")
class TestUiPortalPreferences(BrowserSizeMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(
            cls.env,
            ["fi_FI", "fa_IR"],
            ("base", "web", "portal", "crm_retail_customers"),
        )
        cls.env.company.write(
            {"retail_welcome_points": 25, "retail_welcome_on_enrol": True}
        )
        cls.customers = {}
        for lang in DIRECTIONS:
            partner = cls.env["res.partner"].create(
                {"name": f"Customer {lang}", "email": f"{lang}@example.com"}
            )
            new_test_user(
                cls.env,
                login=f"tour_{lang}",
                groups="base.group_portal",
                partner_id=partner.id,
                lang=lang,
                tz="UTC",
            )
            cls.customers[lang] = partner

    def _run(self, lang):
        customer = self.customers[lang]
        login = f"tour_{lang}"
        query = f"expect_lang={lang}&expect_dir={DIRECTIONS[lang]}"
        size = self.browser_size.replace(",", "x")
        # the pages as the customer leaves them, kept for people to look at
        with screenshot_at_end(f"portal_preferences_{lang}_{size}") as path:
            self.start_tour(
                f"/my/loyalty/preferences?{query}",
                "crm_retail_customers_portal_preferences",
                login=login,
            )
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"))
        customer.invalidate_recordset()
        self.assertTrue(customer.no_email_marketing)
        self.assertFalse(customer.no_sms_marketing)
        log = self.env["retail.consent.log"].search([("partner_id", "=", customer.id)])
        self.assertEqual(
            [(row.channel, row.allowed, row.source, row.user_id.login) for row in log],
            [("email", False, "portal", login)],
        )
        with screenshot_at_end(f"portal_join_{lang}_{size}") as path:
            self.start_tour(
                f"/my/loyalty/join?{query}",
                "crm_retail_customers_portal_join",
                login=login,
            )
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"))
        customer.invalidate_recordset()
        self.assertTrue(customer.retail_member)
        self.assertEqual(customer.retail_member_source, "portal")
        welcome = self.env["retail.point.entry"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertEqual(len(welcome), 1)
        self.assertEqual(welcome.idempotency_key, f"welcome:{customer.id}")
        self.assertEqual(customer.reward_points, 25)

    def test_english(self):
        self._run("en_US")

    def test_finnish(self):
        self._run("fi_FI")

    def test_persian_right_to_left(self):
        self._run("fa_IR")


@tagged("post_install", "-at_install")
class TestUiPortalPreferencesPhone(PhoneMixin, TestUiPortalPreferences):
    browser_size = "360,740"


@tagged("post_install", "-at_install")
class TestUiPortalConsentsBackOffice(
    PortalPreferencesMixin, BrowserSizeMixin, HttpCase
):
    """The back office's Consents tab of the customer lists the change made
    in the portal, with the source Portal and the portal user."""

    def test_consents_tab_names_the_portal_user(self):
        customer = self.env["res.partner"].create(
            {"name": "Sirkka Portal", "email": "sirkka@example.com"}
        )
        new_test_user(
            self.env,
            login="tour_sirkka",
            name="Sirkka Portal",
            groups="base.group_portal",
            partner_id=customer.id,
        )
        new_test_user(
            self.env,
            login="tour_backoffice",
            groups="base.group_user,crm_retail_customers.group_retail_user",
        )
        self.authenticate("tour_sirkka", "tour_sirkka")
        response = self.post("/my/loyalty/preferences", {"email": "ban"})
        self.assertEqual(response.status_code, 303)
        self.start_tour(
            f"/web#model=res.partner&id={customer.id}&view_type=form",
            "crm_retail_customers_portal_consents_backoffice",
            login="tour_backoffice",
        )
