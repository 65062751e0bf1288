# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's marketing choices in the portal, over HTTP: what a portal
user sees and saves, the consent log it leaves, and every way of tampering
with the form (each refused whole, nothing written)."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .portal_preferences_common import PortalPreferencesMixin

URL = "/my/loyalty/preferences"
BAN_FIELDS = ("no_letter_marketing", "no_sms_marketing", "no_email_marketing")


@tagged("post_install", "-at_install")
class TestPortalPreferences(PortalPreferencesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_portal_customers()
        cls.retail_user = new_test_user(
            cls.env,
            login="prefs_backoffice",
            groups="base.group_user,crm_retail_customers.group_retail_user",
        )
        cls.Log = cls.env["retail.consent.log"]

    def snapshot(self):
        """The ban fields and balances of every partner of the test, and the
        number of consent log rows: what no refused form may change."""
        partners = self.company | self.contact | self.person | self.other
        partners.invalidate_recordset()
        return (
            {
                partner.id: [partner[name] for name in (*BAN_FIELDS, "reward_points")]
                for partner in partners
            },
            self.Log.search_count([]),
        )

    # -- who may open the page ---------------------------------------------------
    def test_public_user_goes_to_login(self):
        before = self.snapshot()
        response = self.url_open(URL, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        # a POST too: the login comes before anything else
        response = self.url_open(URL, data={"email": "ban"}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(self.snapshot(), before)

    def test_contact_sees_company_choice(self):
        """Marta's company bans letters: she sees it as not allowed, with
        the company's name, and has no choice to send for it."""
        self.authenticate("prefs_marta", "prefs_marta")
        response = self.url_open(URL)
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Your company Sklep does not allow this", html)
        self.assertNotIn('name="letter"', html)
        self.assertIn('name="sms"', html)
        self.assertIn('name="email"', html)
        self.assertRegex(html, r'id="retail_sms_allow"\s+checked')

    # -- saving ------------------------------------------------------------------
    def test_save_logs_portal_source_and_user(self):
        self.authenticate("prefs_marta", "prefs_marta")
        response = self.post(URL, {"sms": "ban", "email": "allow"})
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertTrue(response.headers["Location"].endswith(f"{URL}?saved=1"))
        self.contact.invalidate_recordset()
        self.assertTrue(self.contact.no_sms_marketing)
        self.assertTrue(self.contact.effective_no_sms_marketing)
        self.assertFalse(self.contact.no_email_marketing)
        # the company's own choices are the company's
        self.assertFalse(self.company.no_sms_marketing)
        log = self.Log.search([("partner_id", "=", self.contact.id)])
        self.assertEqual(len(log), 1, "only the changed channel is logged")
        self.assertEqual(
            (log.channel, log.previous_allowed, log.allowed, log.source),
            ("sms", True, False, "portal"),
        )
        self.assertEqual(log.user_id, self.marta)
        self.assertTrue(log.date)
        # the back office's Consents tab names the portal user
        tab = self.contact.with_user(self.retail_user).retail_consent_log_ids
        self.assertEqual(tab.user_id, self.marta)
        self.assertEqual(tab.user_id.display_name, self.marta.name)
        self.assertEqual(tab.source, "portal")
        page = self.url_open(f"{URL}?saved=1").text
        self.assertIn("Your choices were saved.", page)
        self.assertRegex(page, r'id="retail_sms_ban"\s+checked')
        # lifting it again is a second row
        self.post(URL, {"sms": "allow"})
        self.assertEqual(
            self.Log.search([("partner_id", "=", self.contact.id)]).mapped("allowed"),
            [True, False],
        )

    def test_unchanged_form_logs_nothing(self):
        self.authenticate("prefs_piotr", "prefs_piotr")
        before = self.snapshot()
        response = self.post(URL, {"letter": "allow", "sms": "allow", "email": "allow"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.snapshot(), before)

    # -- tampering -----------------------------------------------------------------
    def test_tampered_forms_change_nothing(self):
        self.authenticate("prefs_marta", "prefs_marta")
        cases = {
            "unknown channel": ({"fax": "ban", "email": "ban"}, "fax"),
            "reward points": (
                {"email": "ban", "reward_points": "1000"},
                "reward_points",
            ),
            "retail_member": ({"email": "ban", "retail_member": "1"}, "retail_member"),
            "another partner": (
                {"email": "ban", "partner_id": str(self.other.id)},
                "partner_id",
            ),
            "unknown choice": ({"email": "maybe"}, "Unknown choice for E-mails"),
            "company's ban lifted": (
                {"letter": "allow", "email": "ban"},
                "your company&#39;s choice applies",
            ),
        }
        for case, (data, why) in cases.items():
            with self.subTest(case):
                before = self.snapshot()
                response = self.post(URL, data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(why, response.text)
                self.assertIn("Nothing was saved.", response.text)
                self.assertEqual(self.snapshot(), before)

    @mute_logger("odoo.http")
    def test_csrf_token_required(self):
        self.authenticate("prefs_piotr", "prefs_piotr")
        before = self.snapshot()
        for case, csrf in (("missing", False), ("invalid", "0123456789abcdef")):
            with self.subTest(case):
                response = self.post(URL, {"email": "ban"}, csrf=csrf)
                # Odoo's own check, before the route runs: its 400 page
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("o_retail_preferences_form", response.text)
                self.assertEqual(self.snapshot(), before)
        # a token of another session is invalid too
        token = self.csrf_from(URL)
        self.authenticate("prefs_marta", "prefs_marta")
        response = self.post(URL, {"email": "ban"}, csrf=token)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.snapshot(), before)

    # -- the ORM over JSON-RPC ----------------------------------------------
    def test_json_rpc_writes_refused(self):
        """A portal user calling the ORM as the web client does may not write
        the loyalty fields, their own marketing fields (only the page logs
        them as the portal's), another customer, nor consent log rows."""
        self.authenticate("prefs_piotr", "prefs_piotr")
        before = self.snapshot()
        calls = {
            "reward points": (
                "res.partner",
                "write",
                [self.person.id],
                {"reward_points": 1000},
            ),
            "membership": (
                "res.partner",
                "write",
                [self.person.id],
                {"retail_member": True},
            ),
            "own ban": (
                "res.partner",
                "write",
                [self.person.id],
                {"no_email_marketing": True},
            ),
            "another customer": (
                "res.partner",
                "write",
                [self.other.id],
                {"no_email_marketing": True},
            ),
            "enrol button": ("res.partner", "action_retail_enrol", [self.person.id]),
            "consent log": (
                "retail.consent.log",
                "create",
                {
                    "partner_id": self.person.id,
                    "channel": "email",
                    "allowed": False,
                    "source": "portal",
                    "date": "2026-01-01 12:00:00",
                },
            ),
        }
        for case, (model, method, *args) in calls.items():
            with self.subTest(case), mute_logger("odoo.http"):
                answer = self.rpc(model, method, *args)
                self.assertIn("error", answer)
                self.assertEqual(self.snapshot(), before)
        self.person.invalidate_recordset()
        self.assertFalse(self.person.retail_member)
