# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import json
import zipfile
from xmlrpc.client import Fault

from markupsafe import Markup

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.dates import PERSIAN_MONTHS
from .common import (
    CONTACT_CLERK,
    RETAIL_MANAGER,
    RETAIL_USER,
    company_user,
    load_languages,
    referred_by,
)

URL = "/crm_retail_customers/privacy/export/%s"
FILES = {
    "customer.json",
    "points_ledger.json",
    "purchases.json",
    "messages.json",
    "summary.html",
}


@tagged("post_install", "-at_install")
class TestPrivacyExport(HttpCase):
    """The customer's data export through the real route, as each profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        load_languages(cls.env, ["fi_FI", "fa_IR"])
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Export Shop B"})
        cls.manager = new_test_user(
            cls.env,
            login="export_manager",
            groups=RETAIL_MANAGER,
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        new_test_user(cls.env, login="export_user", groups=RETAIL_USER)
        new_test_user(cls.env, login="export_clerk", groups=CONTACT_CLERK)
        new_test_user(cls.env, login="export_portal", groups="base.group_portal")
        company_user(cls.env, "export_manager_b", RETAIL_MANAGER, cls.company_b)
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Aino Virtanen",
                "email": "aino@example.fi",
                "city": "Tampere",
                "ref": "C-0042",
                "lang": "fi_FI",
                "company_id": cls.company_a.id,
                "country_id": cls.env.ref("base.fi").id,
                "retail_national_id": "131052-308T",
            }
        )
        cls.env["res.partner.bank"].create(
            {"acc_number": "FI2112345600000785", "partner_id": cls.customer.id}
        )
        cls._run_tracking()
        cls.customer.action_retail_enrol()
        cls.referrer = Partner.create({"name": "Matti Referrer"})
        referred_by(cls.customer, cls.referrer)
        Card = cls.env["retail.card"]
        cls.lost_card = Card.create({"partner_id": cls.customer.id})
        cls.lost_card.action_report_lost()
        cls.card = Card.create({"partner_id": cls.customer.id})
        cls.customer._post_reward_points(120.0, "earn", origin="POS/0001", amount=60)
        cls.customer._post_reward_points(-20.0, "redeem", origin="POS/0002")
        cls.customer._post_reward_points(5.0, "adjust", note="Goodwill")
        cls.customer.write({"no_email_marketing": True})
        cls.customer.message_post(
            body=Markup("<p>Asked for a <b>printed</b> copy.</p>")
        )
        cls._run_tracking()

    @classmethod
    def _run_tracking(cls):
        """The tracking Odoo writes at commit."""
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    def _export(self, login, partner_id):
        self.authenticate(login, login)
        return self.url_open(URL % partner_id, allow_redirects=False)

    def _zip(self, response):
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        return zipfile.ZipFile(io.BytesIO(response.content))

    def test_export_holds_the_register(self):
        response = self._export("export_manager", self.customer.id)
        archive = self._zip(response)
        disposition = response.headers["Content-Disposition"]
        self.assertIn("attachment", disposition)
        self.assertRegex(disposition, r"customer-C-0042-\d{4}-\d{2}-\d{2}\.zip")
        self.assertEqual(set(archive.namelist()), FILES)

        data = json.loads(archive.read("customer.json"))
        customer = data["customer"]
        self.assertEqual(customer["name"], "Aino Virtanen")
        self.assertEqual(customer["ref"], "C-0042")
        self.assertEqual(customer["email"], "aino@example.fi")
        # the person's own national ID and bank account
        self.assertEqual(customer["national_id"], "131052-308T")
        self.assertEqual(customer["national_id_country"]["name"], "Finland")
        self.assertEqual(
            [b["account_number"] for b in customer["bank_accounts"]],
            ["FI2112345600000785"],
        )
        self.assertTrue(customer["marketing_bans"]["email"]["own"])
        self.assertTrue(customer["marketing_bans"]["email"]["effective"])
        self.assertFalse(customer["marketing_bans"]["sms"]["own"])
        self.assertEqual(
            [
                (c["channel"], c["allowed_before"], c["allowed"])
                for c in customer["consents"]
            ],
            [("email", True, False)],
        )
        self.assertEqual(
            [(h["old"], h["new"]) for h in customer["marketing_ban_history"]],
            [(False, True)],
        )
        self.assertEqual(
            [r["other"] for r in customer["relations"]], ["Matti Referrer"]
        )
        loyalty = customer["loyalty"]
        self.assertEqual(loyalty["balance"], 105.0)
        self.assertTrue(loyalty["membership"]["retail_member"])
        self.assertEqual(
            sorted((c["number"], c["state"]) for c in loyalty["cards"]),
            sorted([(self.card.number, "active"), (self.lost_card.number, "lost")]),
        )
        self.assertEqual([h["new"] for h in loyalty["membership_history"]], [True])

        ledger = json.loads(archive.read("points_ledger.json"))
        self.assertEqual(
            [(e["kind"], e["points"], e["origin"]) for e in ledger],
            [
                ("earn", 120.0, "POS/0001"),
                ("redeem", -20.0, "POS/0002"),
                ("adjust", 5.0, None),
            ],
        )
        self.assertEqual(ledger[0]["amount"], 60.0)
        self.assertEqual(ledger[2]["note"], "Goodwill")
        # kinds in the customer's language
        self.assertEqual(ledger[0]["kind_label"], "Ansaittu")

        messages = json.loads(archive.read("messages.json"))
        bodies = [m["body"] for m in messages]
        self.assertTrue(any("printed" in (body or "") for body in bodies), bodies)
        self.assertNotIn("<b>", "".join(body or "" for body in bodies))
        changes = [c for m in messages for c in m["changes"]]
        self.assertIn((False, True), [(c["old"], c["new"]) for c in changes])

        # the sales booked in the ledger are the customer's purchases
        purchases = json.loads(archive.read("purchases.json"))
        self.assertIn("POS/0001", [p["number"] for p in purchases])

        summary = archive.read("summary.html").decode()
        self.assertTrue(summary.startswith("<!DOCTYPE html>"))
        self.assertIn('lang="fi-FI"', summary)
        self.assertIn('dir="ltr"', summary)
        self.assertIn("Aino Virtanen", summary)
        self.assertIn(self.card.number, summary)
        # field labels in Finnish (Odoo's and the addon's translations)
        self.assertIn("Taso", summary)
        # today as Finnish writes dates (d.m.yyyy)
        self.assertRegex(summary, r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")

    def test_summary_rtl_for_persian(self):
        self.customer.lang = "fa_IR"
        archive = self._zip(self._export("export_manager", self.customer.id))
        summary = archive.read("summary.html").decode()
        self.assertIn('dir="rtl"', summary)
        self.assertIn('lang="fa-IR"', summary)
        # dates in the Solar Hijri calendar
        self.assertTrue(any(month in summary for month in PERSIAN_MONTHS))

    def test_company_exports_its_contacts_and_contact_only_itself(self):
        Partner = self.env["res.partner"]
        shop = Partner.create({"name": "Kauppa Oy", "is_company": True})
        buyer = Partner.create(
            {
                "name": "Olli Buyer",
                "parent_id": shop.id,
                "function": "Buyer",
                "birthdate": "1981-02-03",
                "email": "olli.buyer@example.com",
            }
        )
        self.env["res.partner.bank"].create(
            {"partner_id": buyer.id, "acc_number": "FI2112345600000785"}
        )
        shop._post_reward_points(10.0, "adjust", note="Company gift")
        shop.message_post(body="Company note: quarterly order")
        buyer.message_post(body="Olli asked about his birthday bonus")
        archive = self._zip(self._export("export_manager", shop.id))
        # the contact's messages are the contact's, not the company's
        bodies = [m["body"] for m in json.loads(archive.read("messages.json"))]
        self.assertTrue(any("quarterly order" in body for body in bodies), bodies)
        self.assertFalse(any("birthday bonus" in body for body in bodies), bodies)
        data = json.loads(archive.read("customer.json"))
        # M9: a company's export names its contacts and their job only
        self.assertEqual(
            data["contacts"],
            [{"id": buyer.id, "name": "Olli Buyer", "function": "Buyer"}],
        )
        raw = archive.read("customer.json").decode()
        for personal in ("1981-02-03", "FI2112345600000785", "olli.buyer@"):
            self.assertNotIn(personal, raw)
        self.assertEqual(len(json.loads(archive.read("points_ledger.json"))), 1)

        archive = self._zip(self._export("export_manager", buyer.id))
        data = json.loads(archive.read("customer.json"))
        self.assertEqual(data["customer"]["name"], "Olli Buyer")
        self.assertIn("1981-02-03", archive.read("customer.json").decode())
        self.assertEqual(data["points_held_by"]["name"], "Kauppa Oy")
        self.assertNotIn("loyalty", data["customer"])
        self.assertEqual(json.loads(archive.read("points_ledger.json")), [])
        self.assertIn("Kauppa Oy", archive.read("summary.html").decode())
        bodies = [m["body"] for m in json.loads(archive.read("messages.json"))]
        self.assertTrue(any("birthday bonus" in body for body in bodies), bodies)
        self.assertFalse(any("quarterly order" in body for body in bodies), bodies)

    @mute_logger("odoo.http")
    def test_refused(self):
        for login in ("export_user", "export_clerk", "export_portal"):
            with self.subTest(login=login):
                response = self._export(login, self.customer.id)
                self.assertIn(response.status_code, (403, 303))
                self.assertNotEqual(
                    response.headers.get("Content-Type"), "application/zip"
                )
                self.assertNotIn(b"Aino", response.content)

    @mute_logger("odoo.http")
    def test_other_company_answers_as_unknown(self):
        missing = self.env["res.partner"].search([], order="id desc", limit=1).id + 1000
        unknown = self._export("export_manager", missing)
        self.assertEqual(unknown.status_code, 404)
        refused = self._export("export_manager_b", self.customer.id)
        self.assertEqual(refused.status_code, 404)
        self.assertNotIn(b"Aino", refused.content)
        self.assertNotEqual(refused.headers.get("Content-Type"), "application/zip")

    def test_builder_and_button_for_managers_only(self):
        """No client reaches the builder (private), and its own check
        refuses whoever is not a Retail manager on server paths too."""
        Export = self.env["retail.privacy.export"]
        for login in ("export_user", "export_clerk"):
            user = self.env["res.users"].search([("login", "=", login)])
            with self.subTest(login=login), self.assertRaises(AccessError):
                Export.with_user(user)._retail_privacy_export_build(
                    self.customer.with_user(user), io.BytesIO()
                )
            with self.subTest(login=login), self.assertRaises(AccessError):
                self.customer.with_user(user).action_retail_privacy_export()
        action = self.customer.with_user(self.manager).action_retail_privacy_export()
        self.assertEqual(action["url"], URL % self.customer.id)
        # the form shows the button to managers only
        Partner = self.env["res.partner"]
        retail_user = self.env["res.users"].search([("login", "=", "export_user")])
        for user, shown in ((self.manager, True), (retail_user, False)):
            arch = Partner.with_user(user).get_views([(False, "form")])["views"]["form"]
            with self.subTest(user=user.login):
                self.assertEqual("action_retail_privacy_export" in arch["arch"], shown)

    @mute_logger("odoo.http")
    def test_builder_not_callable_over_rpc(self):
        for login in ("export_user", "export_manager"):
            user = self.env["res.users"].search([("login", "=", login)])

            def call(model, method, *args, login=login, user=user):
                return self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, user.id, login, model, method, list(args)
                )

            with self.subTest(login=login):
                with self.assertRaisesRegex(Fault, "Private methods"):
                    call(
                        "retail.privacy.export",
                        "_retail_privacy_export_build",
                        self.customer.id,
                        False,
                    )
                with self.assertRaisesRegex(Fault, "Private methods"):
                    call(
                        "res.partner",
                        "_retail_privacy_export_purchases",
                        [self.customer.id],
                    )
        # the button's action over RPC: refused to a Retail user
        with self.assertRaisesRegex(Fault, "Only Retail CRM managers"):
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                self.env["res.users"].search([("login", "=", "export_user")]).id,
                "export_user",
                "res.partner",
                "action_retail_privacy_export",
                [[self.customer.id]],
            )

    def test_purchase_currency_is_the_document_company_s(self):
        """L14: a purchase in another company of the manager is labelled
        with that company's currency, not the current company's."""
        jpy = self.env.ref("base.JPY")
        jpy.active = True
        company_c = self.env["res.company"].create(
            {"name": "Export Shop Yen", "currency_id": jpy.id}
        )
        self.assertNotEqual(self.company_a.currency_id, jpy)
        manager = new_test_user(
            self.env,
            login="export_manager_ac",
            groups=RETAIL_MANAGER,
            company_id=self.company_a.id,
            company_ids=[(6, 0, (self.company_a | company_c).ids)],
        )
        shared = self.env["res.partner"].create(
            {"name": "Two Currency Buyer", "company_id": False}
        )
        shared._post_reward_points(10.0, "earn", origin="A/1", amount=10)
        shared.with_company(company_c)._post_reward_points(
            10.0, "earn", origin="C/1", amount=1000, company_id=company_c.id
        )
        env = self.env(
            user=manager,
            context={"allowed_company_ids": (self.company_a | company_c).ids},
        )
        buffer = io.BytesIO()
        env["retail.privacy.export"]._retail_privacy_export_build(
            shared.with_env(env), buffer
        )
        purchases = json.loads(zipfile.ZipFile(buffer).read("purchases.json"))
        self.assertEqual(
            sorted((p["number"], p["currency"]) for p in purchases),
            [("A/1", self.company_a.currency_id.name), ("C/1", "JPY")],
        )
