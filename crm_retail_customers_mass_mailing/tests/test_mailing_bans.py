# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged, users
from odoo.tools import email_normalize, mute_logger

from odoo.addons.mass_mailing_sms.tests.common import MassSMSCommon

SENT = ("sent", "pending", "outgoing", "process")


class MailingBansCase(MassSMSCommon):
    """Customers with and without bans, a marketing user, and helpers to send
    real mailings through Odoo's marketing apps with the mail and SMS
    gateways mocked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # the company is banned from e-mail marketing: its contacts too
        cls.shop = Partner.create(
            {
                "name": "Kauppa Oy",
                "is_company": True,
                "email": "office@kauppa.example.com",
                "no_email_marketing": True,
            }
        )
        cls.marta = Partner.create(
            {
                "name": "Marta",
                "parent_id": cls.shop.id,
                "email": '"Marta" <MARTA@kauppa.example.com>',
                "mobile": "+32456112233",
            }
        )
        cls.pia = Partner.create(
            {
                "name": "Pia No-Email",
                "email": "pia@example.com",
                "mobile": "+32456445566",
                "no_email_marketing": True,
            }
        )
        # SMS ban; two numbers, typed with spaces and with a 00 prefix
        cls.sami = Partner.create(
            {
                "name": "Sami No-SMS",
                "email": "sami@example.com",
                "mobile": "+32 456 12 34 56",
                "phone": "0032 2 555 12 34",
                "no_sms_marketing": True,
            }
        )
        cls.fredrik = Partner.create(
            {
                "name": "Fredrik Free",
                "email": "fredrik@example.com",
                "mobile": "+32456778899",
            }
        )
        cls.archived = Partner.create(
            {
                "name": "Arkisto",
                "email": "arkisto@example.com",
                "mobile": "+32456990011",
                "no_email_marketing": True,
                "no_sms_marketing": True,
                "active": False,
            }
        )

    def sent_numbers(self):
        """Numbers the SMS gateway got, without spaces (they are formatted
        only when the ``phonenumbers`` library is installed)."""
        return {sms["number"].replace(" ", "") for sms in self._sms}

    def trace_of(self, mailing, record):
        trace = mailing.mailing_trace_ids.filtered(
            lambda t: t.model == record._name and t.res_id == record.id
        )
        self.assertEqual(len(trace), 1, record.display_name)
        return trace

    def assertSkipped(self, mailing, records, failure_type):
        for record in records:
            trace = self.trace_of(mailing, record)
            self.assertEqual(trace.trace_status, "cancel", record.display_name)
            self.assertEqual(trace.failure_type, failure_type, record.display_name)

    def assertSentTo(self, mailing, records):
        for record in records:
            trace = self.trace_of(mailing, record)
            self.assertIn(trace.trace_status, SENT, record.display_name)
            self.assertFalse(trace.failure_type, record.display_name)

    def new_mailing(self, mailing_type, model, **vals):
        values = {
            "name": "Spring offers",
            "subject": "Spring offers",
            "mailing_type": mailing_type,
            "mailing_model_id": self.env["ir.model"]._get(model).id,
        }
        if mailing_type == "mail":
            values["body_html"] = "<p>Hello <t t-out='object.name'/></p>"
        else:
            values.update(
                body_plaintext="Spring offers in the shop", sms_force_send=True
            )
        return self.env["mailing.mailing"].create(dict(values, **vals))

    def new_list(self, contacts):
        return self.env["mailing.list"].create(
            {
                "name": "Newsletter",
                "contact_ids": [Command.create(vals) for vals in contacts],
            }
        )

    def sent_emails(self):
        return {email_normalize(to) for mail in self._mails for to in mail["email_to"]}


@tagged("post_install", "-at_install")
class TestMailingBans(MailingBansCase):
    """Real mailings (e-mail and SMS, to contacts and to mailing lists)."""

    # -- e-mail ---------------------------------------------------------------------
    @users("user_marketing")
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_email_to_contacts_skips_banned_customers(self):
        partners = self.marta | self.pia | self.sami | self.fredrik
        mailing = self.new_mailing(
            "mail", "res.partner", mailing_domain=repr([("id", "in", partners.ids)])
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        # Marta by her company's ban, Pia by her own
        self.assertSkipped(mailing, self.marta | self.pia, "mail_optout")
        self.assertSentTo(mailing, self.sami | self.fredrik)
        self.assertEqual(mailing.canceled, 2)
        sent = {email_normalize(to) for mail in self._mails for to in mail["email_to"]}
        self.assertEqual(sent, {"sami@example.com", "fredrik@example.com"})

    @users("user_marketing")
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_email_to_mailing_list_skips_banned_customers(self):
        newsletter = self.new_list(
            [
                {"name": "Marta K.", "email": "marta@kauppa.example.com"},
                {"name": "Pia", "email": '"Pia" <PIA@example.com>'},
                {"name": "Old customer", "email": "arkisto@example.com"},
                {"name": "Fredrik", "email": "fredrik@example.com"},
                {"name": "Stranger", "email": "stranger@example.com"},
            ]
        )
        marta, pia, old, fredrik, stranger = newsletter.contact_ids.sorted("id")
        other_list = self.new_list([{"name": "Pia", "email": "pia@example.com"}])
        mailing = self.new_mailing(
            "mail",
            "mailing.list",
            contact_list_ids=[Command.set(newsletter.ids)],
        )
        self.assertEqual(mailing.mailing_model_real, "mailing.contact")
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertSkipped(mailing, marta | pia | old, "mail_optout")
        self.assertSentTo(mailing, fredrik | stranger)
        self.assertEqual(mailing.canceled, 3)
        # the other list was not part of the mailing
        self.assertFalse(
            mailing.mailing_trace_ids.filtered(
                lambda t: t.res_id in other_list.contact_ids.ids
            )
        )

    def test_list_hooks_keep_list_opt_outs(self):
        newsletter = self.new_list(
            [
                {"name": "Pia", "email": "pia@example.com"},
                {"name": "Leaver", "email": "leaver@example.com"},
                {"name": "Fredrik", "email": "fredrik@example.com"},
            ]
        )
        newsletter.subscription_ids.filtered(
            lambda s: s.contact_id.email == "leaver@example.com"
        ).opt_out = True
        self.assertEqual(
            newsletter._mailing_get_opt_out_list(False),
            {"pia@example.com", "leaver@example.com"},
        )
        # lifting the ban frees the address; nothing banned, nothing skipped
        self.pia.no_email_marketing = False
        self.assertEqual(
            newsletter._mailing_get_opt_out_list(False), {"leaver@example.com"}
        )
        Contact = self.env["mailing.contact"]
        self.assertEqual(Contact._mailing_get_opt_out_list(False), set())
        self.assertEqual(Contact._mailing_get_opt_out_list_sms(False), [])

    @users("user_marketing")
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_email_to_list_contacts_model(self):
        """A mailing whose recipients are list contacts themselves."""
        newsletter = self.new_list(
            [
                {"name": "Pia", "email": "pia@example.com"},
                {"name": "Fredrik", "email": "fredrik@example.com"},
            ]
        )
        pia, fredrik = newsletter.contact_ids.sorted("id")
        mailing = self.new_mailing(
            "mail",
            "mailing.contact",
            mailing_domain=repr([("id", "in", newsletter.contact_ids.ids)]),
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertSkipped(mailing, pia, "mail_optout")
        self.assertSentTo(mailing, fredrik)

    # -- SMS ------------------------------------------------------------------------
    @users("user_marketing")
    def test_sms_to_contacts_skips_banned_customers(self):
        partners = self.marta | self.pia | self.sami | self.fredrik
        mailing = self.new_mailing(
            "sms", "res.partner", mailing_domain=repr([("id", "in", partners.ids)])
        )
        with self.mockSMSGateway():
            mailing.action_send_sms()
        self.assertSkipped(mailing, self.sami, "sms_optout")
        # the e-mail bans do not stop SMS
        self.assertSentTo(mailing, self.marta | self.pia | self.fredrik)
        self.assertEqual(
            self.sent_numbers(), {"+32456112233", "+32456445566", "+32456778899"}
        )

    @users("user_marketing")
    def test_sms_to_mailing_list_skips_banned_numbers(self):
        newsletter = self.new_list(
            [
                # Sami's mobile and phone, written differently
                {"name": "Sami", "mobile": "+32456123456"},
                {"name": "Sami at home", "mobile": "+32 2 555 12 34"},
                {"name": "Old customer", "mobile": "+32456990011"},
                {"name": "Pia", "mobile": "+32456445566"},
                {"name": "Fredrik", "mobile": "+32456778899"},
            ]
        )
        sami, sami_home, old, pia, fredrik = newsletter.contact_ids.sorted("id")
        mailing = self.new_mailing(
            "sms", "mailing.list", contact_list_ids=[Command.set(newsletter.ids)]
        )
        with self.mockSMSGateway():
            mailing.action_send_sms()
        self.assertSkipped(mailing, sami | sami_home | old, "sms_optout")
        self.assertSentTo(mailing, pia | fredrik)
        self.assertEqual(self.sent_numbers(), {"+32456445566", "+32456778899"})

    # -- transactional messages -----------------------------------------------------
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_transactional_mail_and_sms_still_reach_banned(self):
        with self.mock_mail_gateway():
            self.pia.message_post(
                body="Your order is ready for pick-up.",
                partner_ids=self.pia.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            template = self.env["mail.template"].create(
                {
                    "name": "Receipt",
                    "model_id": self.env["ir.model"]._get("res.partner").id,
                    "subject": "Your receipt",
                    "body_html": "<p>Thank you for your purchase.</p>",
                    "partner_to": "{{ object.id }}",
                }
            )
            template.send_mail(self.marta.id, force_send=True)
        sent = {email_normalize(to) for mail in self._mails for to in mail["email_to"]}
        self.assertIn("pia@example.com", sent)
        self.assertIn("marta@kauppa.example.com", sent)
        with self.mockSMSGateway():
            self.sami._message_sms(
                "Your order is ready for pick-up.", partner_ids=self.sami.ids
            )
        self.assertEqual(self.sent_numbers(), {"+32456123456"})
        self.assertIn("ready for pick-up", self._sms[0]["body"])
