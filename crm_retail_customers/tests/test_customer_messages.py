# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta
from email.utils import getaddresses

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import RETAIL_USER, RetailCase, SmtpServerMixin, company_user, mail_text

#: The expiry date in the expiry reminder's subject.
EXPIRY_DATE = "{{ format_date(ctx.get('retail_message', {}).get('date')) }}"


def subject(message):
    """The subject received, without the spaces: Python's e-mail package
    loses the space where it folds a long encoded (Persian) subject into
    two encoded words, in Odoo's sending as in any client's reading."""
    return "".join(str(message["Subject"]).split())


class MessagesCase(SmtpServerMixin, RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_smtp_server()
        cls.set_company_rules(
            retail_points_per_currency=1.0,
            retail_points_validity_months=12,
            retail_members_only=True,
            retail_birthday_points=0.0,
            # whatever the database's company was set to: no welcome bonus
            # (its points would show in the messages), the service messages
            # on and the statement off, as a new company has them
            retail_welcome_points=0.0,
            retail_mail_welcome=True,
            retail_mail_expiry=True,
            retail_mail_birthday=True,
            retail_mail_statement=False,
        )
        cls.company.write({"name": "Kauppa Oy", "email": "shop@kauppa.example.com"})
        cls.Message = cls.env["retail.customer.message"]
        cls.aino = cls.Partner.create(
            {"name": "Aino Virtanen", "email": "aino@example.com"}
        )
        cls.cashier = company_user(cls.env, "msg_clerk", RETAIL_USER, cls.company)

    def recipients(self, message):
        return [address for _name, address in getaddresses([message["To"]])]

    def sent_to(self, messages, address):
        return [m for m in messages if address in self.recipients(m)]


@tagged("post_install", "-at_install")
class TestCustomerMessageSettings(MessagesCase):
    def test_defaults(self):
        """Welcome, expiry reminder and birthday on, statement off."""
        company = self.env["res.company"].create({"name": "Fresh Shop"})
        self.assertTrue(company.retail_mail_welcome)
        self.assertTrue(company.retail_mail_expiry)
        self.assertTrue(company.retail_mail_birthday)
        self.assertFalse(company.retail_mail_statement)
        settings = self.env["res.config.settings"].create({})
        for kind in ("welcome", "expiry", "birthday", "statement"):
            action = settings.with_context(
                retail_message=kind
            ).action_retail_edit_message_template()
            template = self.env["mail.template"].browse(action["res_id"])
            self.assertEqual(template.model, "res.partner")
            self.assertEqual(template.lang, "{{ object.lang }}")

    def test_settings_block(self):
        """Settings › Retail customers shows the switches and the links to
        the templates to Retail CRM managers."""
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
        self.assertIn('name="retail_customer_messages"', arch)
        for kind in ("welcome", "expiry", "birthday", "statement"):
            self.assertIn(f'name="retail_mail_{kind}"', arch)
        self.assertEqual(arch.count('name="action_retail_edit_message_template"'), 4)

    def test_log_access(self):
        """The log of messages sent: read by Retail CRM managers, written by
        the application only."""
        self.aino.action_retail_enrol()
        Message = self.env["retail.customer.message"]
        self.assertEqual(
            Message.with_user(self.user_manager).search_count(
                [("partner_id", "=", self.aino.id)]
            ),
            1,
        )
        with self.assertRaises(AccessError):
            Message.with_user(self.user_retail).search([])
        # a manager of another company does not see it
        other = self.env["res.company"].create({"name": "Other Shop"})
        other_manager = company_user(
            self.env,
            "msg_other_manager",
            "base.group_user,crm_retail_customers.group_retail_manager",
            other,
        )
        self.assertFalse(
            Message.with_user(other_manager).search([("partner_id", "=", self.aino.id)])
        )
        with self.assertRaises(AccessError):
            Message.with_user(self.user_manager).create(
                {
                    "partner_id": self.aino.id,
                    "company_id": self.company.id,
                    "kind": "expiry",
                    "ref_date": "2026-01-10",
                }
            )

    def test_templates_changed_by_managers_only(self):
        """The customer messages' templates are rendered as superuser
        whoever triggers them: a Retail CRM user or any employee (whom Odoo
        lets edit templates) cannot change them, nor their translations, to run
        code with every right; a Retail CRM manager can; other templates
        are left to Odoo's rules."""
        # any internal user (a cashier of the till addon is one)
        employee = company_user(
            self.env, "msg_employee", "base.group_user", self.company
        )
        self.env["res.lang"]._activate_lang("fi_FI")
        injected = (
            "{{ object.env['ir.config_parameter'].get_param('database.secret') }}"
        )
        for kind in ("welcome", "expiry", "birthday", "statement", "tier"):
            xmlid = (
                "crm_retail_customers.mail_template_retail_tier_upgrade"
                if kind == "tier"
                else f"crm_retail_customers.mail_template_retail_{kind}"
                if kind in ("welcome", "birthday", "statement")
                else "crm_retail_customers.mail_template_retail_points_expiry"
            )
            template = self.env.ref(xmlid)
            for user in (self.user_retail, employee):
                with self.subTest(kind=kind, login=user.login):
                    with self.assertRaises(AccessError):
                        template.with_user(user).write({"subject": injected})
                    with self.assertRaises(AccessError):
                        template.with_user(user).update_field_translations(
                            "subject", {"fi_FI": injected}
                        )
                    with self.assertRaises(AccessError):
                        template.with_user(user).unlink()
            self.assertNotIn("database.secret", template.subject)
            template.with_user(self.user_manager).write({"subject": "Hello"})
            self.assertEqual(template.subject, "Hello")
        # another template: Odoo's rules (internal users edit templates)
        other = self.env["mail.template"].create(
            {"name": "Shop note", "model_id": self.env.ref("base.model_res_partner").id}
        )
        other.with_user(self.user_retail).write({"subject": "Note"})
        self.assertEqual(other.subject, "Note")

    def test_log_insert_only(self):
        self.assertTrue(
            self.Message._retail_claim(
                self.aino, self.company, "expiry", date(2026, 1, 10)
            )
        )
        self.assertFalse(
            self.Message._retail_claim(
                self.aino, self.company, "expiry", date(2026, 1, 10)
            )
        )
        log = self.Message.search([("partner_id", "=", self.aino.id)])
        with self.assertRaisesMessage(Exception, "cannot be changed"):
            log.write({"ref_date": date(2026, 2, 1)})


@tagged("post_install", "-at_install")
class TestWelcomeMessage(MessagesCase):
    def test_welcome_once_in_back_office(self):
        with freeze_time("2026-03-10 12:00:00"):
            self.aino.with_user(self.cashier).action_retail_enrol()
        received = self.deliver()
        self.assertEqual(len(received), 1)
        welcome = received[0]
        self.assertEqual(self.recipients(welcome), ["aino@example.com"])
        self.assertEqual(
            str(welcome["Subject"]), "Welcome to the loyalty programme of Kauppa Oy"
        )
        self.assertIn("Dear Aino Virtanen", mail_text(welcome))
        self.assertNotIn("Internal communication", mail_text(welcome))
        self.assertIn("shop@kauppa.example.com", welcome["From"])
        # in the chatter of the customer
        self.assertTrue(
            self.aino.message_ids.filtered(
                lambda m: m.subject and m.subject.startswith("Welcome to the loyalty")
            )
        )
        # enrolling a member again, or leaving and joining again the same
        # day, sends nothing more
        with freeze_time("2026-03-10 15:00:00"):
            self.aino.with_user(self.cashier).action_retail_enrol()
            self.aino.with_user(self.cashier).action_retail_leave()
            self.aino.with_user(self.cashier).action_retail_enrol()
        self.assertEqual(self.deliver(), [])
        # joining again another day is welcomed again
        self.aino.with_user(self.cashier).action_retail_leave()
        with freeze_time("2026-09-01 12:00:00"):
            self.aino.with_user(self.cashier).action_retail_enrol()
        self.assertEqual(
            [self.recipients(m) for m in self.deliver()], [["aino@example.com"]]
        )

    def test_no_welcome_for_import_nor_without_address(self):
        self.aino._retail_enrol("import")
        mute = self.Partner.create({"name": "No Mail"})
        mute.action_retail_enrol()
        self.assertTrue(mute.retail_member)
        self.assertEqual(self.deliver(), [])
        # a service message: an e-mail marketing ban does not stop it, the
        # blacklist does
        banned = self.Partner.create(
            {
                "name": "Banned",
                "email": "banned@example.com",
                "no_email_marketing": True,
            }
        )
        listed = self.Partner.create({"name": "Listed", "email": "listed@example.com"})
        self.env["mail.blacklist"].sudo()._add("listed@example.com")
        (banned | listed).action_retail_enrol()
        received = self.deliver()
        self.assertEqual(
            [self.recipients(m) for m in received], [["banned@example.com"]]
        )

    def test_to_the_commercial_partner(self):
        """Enrolling a contact of a company makes the company a member: the
        welcome goes to the company's address, not the contact's."""
        shop = self.Partner.create(
            {"name": "Sklep", "is_company": True, "email": "biuro@sklep.example.pl"}
        )
        contact = self.Partner.create(
            {"name": "Marta", "parent_id": shop.id, "email": "marta@sklep.example.pl"}
        )
        contact.with_user(self.cashier).action_retail_enrol()
        received = self.deliver()
        self.assertEqual(
            [self.recipients(m) for m in received], [["biuro@sklep.example.pl"]]
        )
        self.assertIn("Dear Sklep", mail_text(received[0]))

    def test_customer_joining_themselves_receives_the_welcome(self):
        """A customer who joins in the customer portal triggers the welcome
        themselves (the portal user is the author of the chatter message):
        Odoo does not notify the author of a message, yet the welcome is
        for them; it reaches their address all the same."""
        portal = new_test_user(
            self.env,
            login="msg_portal_aino",
            name="Aino Virtanen",
            groups="base.group_portal",
            partner_id=self.aino.id,
            email="aino@example.com",
        )
        with freeze_time("2026-03-10 12:00:00"):
            # as the portal's join page does: the user's own customer, sudo,
            # with the portal user as env.uid
            self.aino.with_user(portal).sudo()._retail_enrol("portal")
        received = self.deliver()
        self.assertEqual([self.recipients(m) for m in received], [["aino@example.com"]])
        self.assertEqual(
            str(received[0]["Subject"]),
            "Welcome to the loyalty programme of Kauppa Oy",
        )
        # the customer is not told it is an internal note
        self.assertNotIn("Internal communication", mail_text(received[0]))
        self.assertIn("Dear Aino Virtanen", mail_text(received[0]))

    def test_switch_off(self):
        self.company.retail_mail_welcome = False
        self.aino.action_retail_enrol()
        self.assertEqual(self.deliver(), [])
        self.assertFalse(self.Message.search([("partner_id", "=", self.aino.id)]))


@tagged("post_install", "-at_install")
class TestExpiryReminder(MessagesCase):
    def test_once_per_customer_and_expiry_date_over_40_days(self):
        """100 points earned on 10 Jan 2025 and 50 on 25 Jan 2025 expire on
        10 and 25 Jan 2026. The job runs daily at noon from 1 Dec 2025 for 40
        days; 120 points are redeemed on 20 Dec (the first lot and 20 of the
        second). One reminder per expiry date: on 11 Dec, 100 points for 10
        Jan; on 26 Dec, the 30 left of the 25 Jan lot."""
        self.aino.action_retail_enrol()
        banned = self.Partner.create(
            {
                "name": "Banned",
                "email": "banned@example.com",
                "no_email_marketing": True,
            }
        )
        banned.action_retail_enrol()
        self.deliver()
        with freeze_time("2025-01-10 12:00:00"):
            self.aino._post_reward_points(100, "earn", company_id=self.company.id)
            banned._post_reward_points(10, "earn", company_id=self.company.id)
        with freeze_time("2025-01-25 12:00:00"):
            self.aino._post_reward_points(50, "earn", company_id=self.company.id)
        Entry = self.env["retail.point.entry"]
        received_on = {}
        for offset in range(40):
            day = date(2025, 12, 1) + timedelta(days=offset)
            with freeze_time(f"{day} 12:00:00"):
                if day == date(2025, 12, 20):
                    self.aino._post_reward_points(
                        -120, "redeem", company_id=self.company.id
                    )
                Entry._cron_expire_reward_points()
                Entry._cron_retail_customer_messages()
            received = self.deliver()
            if received:
                received_on[day] = received
        self.assertEqual(sorted(received_on), [date(2025, 12, 11), date(2025, 12, 26)])
        first = self.sent_to(received_on[date(2025, 12, 11)], "aino@example.com")
        self.assertEqual(len(first), 1)
        self.assertEqual(
            str(first[0]["Subject"]), "Your reward points expire on 01/10/2026"
        )
        self.assertIn(
            "100 of your reward points expire on 01/10/2026", mail_text(first[0])
        )
        # the e-mail marketing ban does not stop a service message
        banned_mail = self.sent_to(
            received_on[date(2025, 12, 11)], "banned@example.com"
        )
        self.assertEqual(len(banned_mail), 1)
        self.assertIn("10 of your reward points", mail_text(banned_mail[0]))
        second = received_on[date(2025, 12, 26)]
        self.assertEqual([self.recipients(m) for m in second], [["aino@example.com"]])
        self.assertEqual(
            str(second[0]["Subject"]), "Your reward points expire on 01/25/2026"
        )
        self.assertIn(
            "30 of your reward points expire on 01/25/2026", mail_text(second[0])
        )
        self.assertEqual(
            sorted(
                self.Message.search(
                    [("partner_id", "=", self.aino.id), ("kind", "=", "expiry")]
                ).mapped("ref_date")
            ),
            [date(2026, 1, 10), date(2026, 1, 25)],
        )

    def test_consumed_lot_frozen_balance_and_switch_off(self):
        """A lot consumed before its reminder brings none; a frozen balance
        (a member who left) does not expire and brings none; a company with
        the switch off sends none."""
        other = self.Partner.create({"name": "Leaver", "email": "leaver@example.com"})
        (self.aino | other).action_retail_enrol()
        self.deliver()
        with freeze_time("2025-01-10 12:00:00"):
            self.aino._post_reward_points(100, "earn", company_id=self.company.id)
            other._post_reward_points(40, "earn", company_id=self.company.id)
        with freeze_time("2025-06-10 12:00:00"):
            self.aino._post_reward_points(-100, "redeem", company_id=self.company.id)
        other.action_retail_leave()
        Entry = self.env["retail.point.entry"]
        with freeze_time("2025-12-20 12:00:00"):
            Entry._cron_retail_customer_messages()
        self.assertEqual(self.deliver(), [])
        other.action_retail_enrol()
        self.deliver()
        self.company.retail_mail_expiry = False
        with freeze_time("2025-12-21 12:00:00"):
            Entry._cron_retail_customer_messages()
        self.assertEqual(self.deliver(), [])
        self.company.retail_mail_expiry = True
        with freeze_time("2025-12-22 12:00:00"):
            Entry._cron_retail_customer_messages()
        received = self.deliver()
        self.assertEqual(
            [self.recipients(m) for m in received], [["leaver@example.com"]]
        )

    def test_broken_template_does_not_stop_the_job(self):
        """A template the shop broke sends nothing and records nothing (the
        reminder goes once it is repaired); the job goes on."""
        self.aino.action_retail_enrol()
        self.deliver()
        with freeze_time("2025-01-10 12:00:00"):
            self.aino._post_reward_points(100, "earn", company_id=self.company.id)
        template = self.env.ref(
            "crm_retail_customers.mail_template_retail_points_expiry"
        )
        subject = template.subject
        template.subject = "{{ object.no_such_field }}"
        Entry = self.env["retail.point.entry"]
        with (
            self.assertLogs(
                "odoo.addons.crm_retail_customers.models.res_partner", "WARNING"
            ),
            freeze_time("2025-12-20 12:00:00"),
        ):
            Entry._cron_retail_customer_messages()
        self.assertEqual(self.deliver(), [])
        self.assertFalse(
            self.Message.search(
                [("partner_id", "=", self.aino.id), ("kind", "=", "expiry")]
            )
        )
        template.subject = subject
        with freeze_time("2025-12-21 12:00:00"):
            Entry._cron_retail_customer_messages()
        self.assertEqual(len(self.deliver()), 1)

    def test_batches(self):
        """A run sends ``batch_size`` reminders; the next sends the rest."""
        customers = self.Partner.create(
            [{"name": f"C{i}", "email": f"c{i}@example.com"} for i in range(3)]
        )
        customers.action_retail_enrol()
        self.deliver()
        with freeze_time("2025-01-10 12:00:00"):
            for customer in customers:
                customer._post_reward_points(10, "earn", company_id=self.company.id)
        Entry = self.env["retail.point.entry"]
        with freeze_time("2025-12-20 12:00:00"):
            self.assertTrue(Entry._retail_send_expiry_reminders(batch_size=2))
            self.assertEqual(len(self.deliver()), 2)
            self.assertFalse(Entry._retail_send_expiry_reminders(batch_size=2))
            self.assertEqual(len(self.deliver()), 1)


@tagged("post_install", "-at_install")
class TestBirthdayGreeting(MessagesCase):
    def test_greeting_with_bonus_and_bans(self):
        self.company.retail_birthday_points = 50
        banned = self.Partner.create(
            {
                "name": "Banned",
                "email": "banned@example.com",
                "no_email_marketing": True,
            }
        )
        listed = self.Partner.create({"name": "Listed", "email": "listed@example.com"})
        self.env["mail.blacklist"].sudo()._add("listed@example.com")
        customers = self.aino | banned | listed
        customers.write({"retail_birth_day": 15, "retail_birth_month": 3})
        customers.action_retail_enrol()
        self.deliver()
        with freeze_time("2026-03-15 12:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
        received = self.deliver()
        # everyone has the bonus; the greeting is promotional
        self.assertEqual(customers.mapped("reward_points"), [50.0, 50.0, 50.0])
        ours = [
            self.recipients(m)
            for m in received
            if {"aino@example.com", "banned@example.com", "listed@example.com"}
            & set(self.recipients(m))
        ]
        self.assertEqual(ours, [["aino@example.com"]])
        received = self.sent_to(received, "aino@example.com")
        self.assertEqual(str(received[0]["Subject"]), "Happy birthday, Aino Virtanen!")
        self.assertIn("we have added 50 bonus points", mail_text(received[0]))
        # the job again (same day, next day) books and sends nothing more
        with freeze_time("2026-03-15 18:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
        with freeze_time("2026-03-16 12:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
        self.assertEqual(self.deliver(), [])
        self.assertEqual(self.aino.reward_points, 50.0)

    def test_no_greeting_without_bonus_or_switch(self):
        self.aino.write({"retail_birth_day": 15, "retail_birth_month": 3})
        self.aino.action_retail_enrol()
        self.deliver()
        with freeze_time("2026-03-15 12:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
        self.assertEqual(self.deliver(), [])
        self.company.write(
            {"retail_birthday_points": 50, "retail_mail_birthday": False}
        )
        with freeze_time("2026-03-15 12:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
        self.assertEqual(self.aino.reward_points, 50.0)
        self.assertEqual(self.deliver(), [])


@tagged("post_install", "-at_install")
class TestMonthlyStatement(MessagesCase):
    def test_off_by_default_then_once_per_month(self):
        self.company.retail_points_validity_months = 0
        with freeze_time("2026-01-05 12:00:00"):
            self.aino.action_retail_enrol()
            self.aino._post_reward_points(200, "earn", company_id=self.company.id)
        with freeze_time("2026-01-20 12:00:00"):
            self.aino._post_reward_points(-80, "redeem", company_id=self.company.id)
        with freeze_time("2026-02-03 12:00:00"):
            self.aino._post_reward_points(15, "earn", company_id=self.company.id)
        self.deliver()
        Entry = self.env["retail.point.entry"]
        self.assertFalse(self.company.retail_mail_statement)
        with freeze_time("2026-02-01 12:00:00"):
            Entry._cron_retail_customer_messages()
        self.assertEqual(self.deliver(), [])
        self.company.retail_mail_statement = True
        with freeze_time("2026-02-01 12:00:00"):
            Entry._cron_retail_customer_messages()
        received = self.deliver()
        self.assertEqual([self.recipients(m) for m in received], [["aino@example.com"]])
        self.assertEqual(
            str(received[0]["Subject"]),
            "Your reward points statement: January 2026",
        )
        text = mail_text(received[0])
        self.assertIn("Earned 200", text)
        self.assertNotIn("Internal communication", text)
        self.assertIn("Redeemed 80", text)
        self.assertIn("Expired 0", text)
        self.assertIn("Balance at the end of the month 120", text)
        for day in ("2026-02-01 18:00:00", "2026-02-15 12:00:00"):
            with freeze_time(day):
                Entry._cron_retail_customer_messages()
        self.assertEqual(self.deliver(), [])
        with freeze_time("2026-03-01 12:00:00"):
            Entry._cron_retail_customer_messages()
        received = self.deliver()
        self.assertEqual(len(received), 1)
        self.assertIn("February 2026", str(received[0]["Subject"]))
        self.assertIn("Balance at the end of the month 135", mail_text(received[0]))


@tagged("post_install", "-at_install")
class TestOtherCompanySwitchedOff(MessagesCase):
    def test_company_switched_off_sends_nothing(self):
        other = self.env["res.company"].create(
            {
                "name": "Quiet Shop",
                "email": "quiet@example.com",
                "retail_mail_welcome": False,
                "retail_mail_expiry": False,
                "retail_mail_birthday": False,
                "retail_mail_statement": False,
                "retail_birthday_points": 20,
                "retail_points_validity_months": 12,
                "retail_members_only": True,
            }
        )
        quiet = self.Partner.create(
            {
                "name": "Quiet Customer",
                "email": "quiet.customer@example.com",
                "company_id": other.id,
                "retail_birth_day": 2,
                "retail_birth_month": 12,
            }
        )
        quiet.with_company(other).action_retail_enrol()
        with freeze_time("2025-01-10 12:00:00"):
            quiet._post_reward_points(100, "earn", company_id=other.id)
        Entry = self.env["retail.point.entry"]
        with freeze_time("2025-12-02 12:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
            Entry._cron_retail_customer_messages()
        with freeze_time("2026-01-01 12:00:00"):
            Entry._cron_retail_customer_messages()
        self.assertEqual(quiet.reward_points, 120.0)
        self.assertEqual(self.deliver(), [])
        self.assertFalse(self.Message.search([("partner_id", "=", quiet.id)]))


@tagged("post_install", "-at_install")
class TestMessageLanguages(MessagesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fi_FI", "fa_IR"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env.ref(
            "crm_retail_customers.mail_template_retail_points_expiry"
        ).update_field_translations(
            "subject",
            {
                "fi_FI": f"Pisteesi vanhenevat {EXPIRY_DATE}",
                "fa_IR": f"امتیازهای شما در {EXPIRY_DATE} منقضی می‌شوند",
            },
        )
        cls.env.ref(
            "crm_retail_customers.mail_template_retail_welcome"
        ).update_field_translations(
            "subject",
            {
                "fi_FI": "Tervetuloa kanta-asiakasohjelmaan: "
                "{{ object.env.company.name }}",
                "fa_IR": "به باشگاه مشتریان {{ object.env.company.name }} خوش آمدید",
            },
        )

    def test_messages_in_finnish_and_persian(self):
        fi = self.Partner.create(
            {"name": "Matti", "email": "matti@example.fi", "lang": "fi_FI"}
        )
        fa = self.Partner.create(
            {"name": "Dariush", "email": "dariush@example.ir", "lang": "fa_IR"}
        )
        (fi | fa).action_retail_enrol()
        received = self.deliver()
        subjects = {self.recipients(m)[0]: subject(m) for m in received}
        self.assertEqual(
            subjects,
            {
                "matti@example.fi": "Tervetuloakanta-asiakasohjelmaan:KauppaOy",
                "dariush@example.ir": "بهباشگاهمشتریانKauppaOyخوشآمدید",
            },
        )
        with freeze_time("2025-01-10 12:00:00"):
            for customer in fi | fa:
                customer._post_reward_points(100, "earn", company_id=self.company.id)
        with freeze_time("2025-12-20 12:00:00"):
            self.env["retail.point.entry"]._cron_retail_customer_messages()
        received = self.deliver()
        subjects = {self.recipients(m)[0]: subject(m) for m in received}
        # Finnish date format; the Solar Hijri date for Persian readers
        # (10 January 2026 = 20 Dey 1404, with the month name)
        self.assertEqual(
            subjects,
            {
                "matti@example.fi": "Pisteesivanhenevat10.01.2026",
                "dariush@example.ir": "امتیازهایشمادر20دی1404منقضیمی‌شوند",
            },
        )
