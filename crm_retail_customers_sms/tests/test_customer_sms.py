# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.tests.common import (
    RETAIL_USER,
    RetailCase,
    company_user,
)


@tagged("post_install", "-at_install")
class TestCustomerSms(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_company_rules(
            retail_points_per_currency=1.0,
            retail_points_validity_months=12,
            retail_members_only=True,
            retail_birthday_points=0.0,
        )
        cls.company.write({"name": "Kauppa Oy", "email": "shop@kauppa.example.com"})
        cls.aino = cls.Partner.create(
            {
                "name": "Aino Virtanen",
                "email": "aino@example.com",
                "mobile": "+358 40 123 4567",
            }
        )
        cls.cashier = company_user(cls.env, "sms_clerk", RETAIL_USER, cls.company)
        cls.Sms = cls.env["sms.sms"].sudo()
        cls.start = cls.Sms.search([], order="id desc", limit=1).id or 0

    def new_sms(self):
        """The SMS queued since the last call."""
        sms = self.Sms.search([("id", ">", self.start)], order="id")
        if sms:
            type(self).start = sms[-1].id
        return sms

    def test_off_by_default(self):
        company = self.env["res.company"].create({"name": "Fresh Shop"})
        for kind in ("welcome", "expiry", "birthday", "statement"):
            self.assertFalse(company[f"retail_sms_{kind}"])
        self.company.retail_mail_welcome = False
        self.aino.with_user(self.cashier).action_retail_enrol()
        self.assertFalse(self.new_sms())
        # with neither channel, nothing is recorded as sent
        self.assertFalse(
            self.env["retail.customer.message"].search(
                [("partner_id", "=", self.aino.id)]
            )
        )

    def test_settings_block(self):
        arch = (
            self.env["res.config.settings"]
            .with_user(
                new_test_user(
                    self.env,
                    login="retail_settings_admin",
                    groups="base.group_system,crm_retail_customers.group_retail_manager",
                )
            )
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for kind in ("welcome", "expiry", "birthday", "statement"):
            self.assertIn(f'name="retail_sms_{kind}"', arch)
        settings = self.env["res.config.settings"].create({})
        action = settings.with_context(
            retail_message="expiry"
        ).action_retail_edit_sms_template()
        self.assertEqual(
            action["res_id"],
            self.env.ref(
                "crm_retail_customers_sms.sms_template_retail_points_expiry"
            ).id,
        )

    def test_welcome_sms(self):
        self.company.retail_sms_welcome = True
        self.aino.with_user(self.cashier).action_retail_enrol()
        sms = self.new_sms()
        self.assertEqual(len(sms), 1)
        self.assertTrue(self.aino.phone_sanitized)
        self.assertEqual(sms.number, self.aino.phone_sanitized)
        self.assertEqual(sms.partner_id, self.aino)
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(
            sms.body,
            "Welcome to the loyalty programme of Kauppa Oy! Your purchases now "
            "earn reward points.",
        )
        # posted in the chatter, once
        self.assertIn(sms.mail_message_id, self.aino.message_ids)
        self.aino.with_user(self.cashier).action_retail_leave()
        self.aino.with_user(self.cashier).action_retail_enrol()
        self.assertFalse(self.new_sms())

    def test_erasure_deletes_the_queued_sms(self):
        """The number and the text of a queued SMS are the person's: the
        erasure deletes them (with or without SMS marketing installed)."""
        self.company.retail_sms_welcome = True
        self.aino.with_user(self.cashier).action_retail_enrol()
        sms = self.new_sms()
        self.assertEqual(len(sms), 1)
        # an SMS composer a user left with the number typed (kept until
        # Odoo's clean-up): deleted too (second hostile review)
        composer = (
            self.env["sms.composer"]
            .sudo()
            .create(
                {
                    "composition_mode": "numbers",
                    "numbers": "+358 40 123 4567",
                    "body": "Hello",
                }
            )
        )
        manager = new_test_user(
            self.env,
            login="sms_forget_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        self.aino.with_user(manager).action_retail_forget()
        self.assertFalse(sms.exists())
        self.assertFalse(composer.exists())
        self.env.cr.execute(
            "SELECT count(*) FROM sms_sms WHERE number = %s OR body LIKE %s",
            ["+358401234567", "%Kauppa Oy!%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_welcome_sms_to_a_customer_joining_themselves(self):
        """Joining in the customer portal, the customer triggers the welcome
        themselves (the portal user is the author of the message): the SMS
        reaches them all the same."""
        self.company.retail_sms_welcome = True
        portal = new_test_user(
            self.env,
            login="sms_portal_aino",
            name="Aino Virtanen",
            email="aino@example.com",
            groups="base.group_portal",
            partner_id=self.aino.id,
        )
        # as the portal's join page does: the user's own customer, sudo, with
        # the portal user as env.uid
        self.aino.with_user(portal).sudo()._retail_enrol("portal")
        sms = self.new_sms()
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, self.aino.phone_sanitized)
        self.assertEqual(sms.partner_id, self.aino)

    def test_sms_only_once_per_expiry_date(self):
        """E-mail off, SMS on: one SMS per expiry date over 40 days."""
        self.company.write({"retail_mail_expiry": False, "retail_sms_expiry": True})
        self.aino.action_retail_enrol()
        with freeze_time("2025-01-10 12:00:00"):
            self.aino._post_reward_points(100, "earn", company_id=self.company.id)
        with freeze_time("2025-01-25 12:00:00"):
            self.aino._post_reward_points(50, "earn", company_id=self.company.id)
        self.new_sms()
        Entry = self.env["retail.point.entry"]
        bodies = []
        for offset in range(40):
            day = date(2025, 12, 1) + timedelta(days=offset)
            with freeze_time(f"{day} 12:00:00"):
                if day == date(2025, 12, 20):
                    self.aino._post_reward_points(
                        -120, "redeem", company_id=self.company.id
                    )
                Entry._cron_retail_customer_messages()
            bodies += [(day, sms.body) for sms in self.new_sms()]
        self.assertEqual(
            bodies,
            [
                (
                    date(2025, 12, 11),
                    (
                        "Kauppa Oy: 100 of your reward points expire on 01/10/2026. "
                        "Use them before then."
                    ),
                ),
                (
                    date(2025, 12, 26),
                    (
                        "Kauppa Oy: 30 of your reward points expire on 01/25/2026. "
                        "Use them before then."
                    ),
                ),
            ],
        )
        self.assertFalse(
            self.env["mail.mail"]
            .search([("model", "=", "res.partner"), ("res_id", "=", self.aino.id)])
            .filtered(lambda m: "expire" in (m.subject or ""))
        )

    def test_birthday_sms_honours_sms_ban_and_blacklist(self):
        self.company.write(
            {
                "retail_birthday_points": 50,
                "retail_sms_birthday": True,
                "retail_mail_birthday": False,
            }
        )
        banned = self.Partner.create(
            {"name": "Banned", "mobile": "+358 40 765 4321", "no_sms_marketing": True}
        )
        listed = self.Partner.create({"name": "Listed", "mobile": "+358 40 111 2222"})
        # the blacklist holds numbers as the partners' sanitized numbers
        self.env["phone.blacklist"].sudo()._add([listed.phone_sanitized])
        self.assertTrue(listed.phone_sanitized_blacklisted)
        customers = self.aino | banned | listed
        customers.write({"retail_birth_day": 15, "retail_birth_month": 3})
        customers.action_retail_enrol()
        self.new_sms()
        with freeze_time("2026-03-15 12:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
        sms = self.new_sms().filtered(lambda s: s.partner_id in customers)
        self.assertEqual(customers.mapped("reward_points"), [50.0, 50.0, 50.0])
        self.assertEqual(sms.partner_id, self.aino)
        self.assertEqual(
            sms.body,
            "Happy birthday from Kauppa Oy! We have added 50 bonus points to "
            "your balance.",
        )
        # the SMS ban stops the promotional SMS, not the service ones
        self.company.retail_sms_welcome = True
        banned.action_retail_leave()
        with freeze_time("2026-03-16 12:00:00"):
            banned.action_retail_enrol()
        self.assertEqual(self.new_sms().partner_id, banned)

    def test_statement_sms_in_finnish(self):
        self.env["res.lang"]._activate_lang("fi_FI")
        template = self.env.ref(
            "crm_retail_customers_sms.sms_template_retail_statement"
        )
        template.update_field_translations(
            "body",
            {
                "fi_FI": "{{ object.env.company.name }}: pisteet "
                "{{ format_date(ctx.get('retail_message', {}).get('month'), "
                "date_format='LLLL y') }}: saldo "
                "{{ format_points(ctx.get('retail_message', {}).get('balance')) }}."
            },
        )
        self.aino.lang = "fi_FI"
        self.company.write(
            {
                "retail_sms_statement": True,
                "retail_mail_statement": False,
                "retail_points_validity_months": 0,
            }
        )
        with freeze_time("2026-01-05 12:00:00"):
            self.aino.action_retail_enrol()
            self.aino._post_reward_points(200, "earn", company_id=self.company.id)
        self.new_sms()
        Entry = self.env["retail.point.entry"]
        for day in ("2026-02-01", "2026-02-02", "2026-02-20"):
            with freeze_time(f"{day} 12:00:00"):
                Entry._cron_retail_customer_messages()
        sms = self.new_sms().filtered(lambda s: s.partner_id == self.aino)
        self.assertEqual(
            sms.mapped("body"), ["Kauppa Oy: pisteet tammikuu 2026: saldo 200."]
        )
