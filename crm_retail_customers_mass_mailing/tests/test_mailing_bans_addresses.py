# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .test_mailing_bans import MailingBansCase


@tagged("post_install", "-at_install")
class TestMailingBansAddresses(MailingBansCase):
    """A ban is the person's address and number: another contact with a
    banned customer's address or number is skipped too."""

    @users("user_marketing")
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_email_duplicate_address_of_banned_customer(self):
        dup = (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Pia (again)", "email": '"Pia" <PIA@example.com>'})
        )
        mailing = self.new_mailing(
            "mail",
            "res.partner",
            mailing_domain=repr([("id", "in", (dup | self.fredrik).ids)]),
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        self.assertSkipped(mailing, dup, "mail_optout")
        self.assertSentTo(mailing, self.fredrik)
        self.assertEqual(self.sent_emails(), {"fredrik@example.com"})

    @users("user_marketing")
    def test_sms_duplicate_number_of_banned_customer(self):
        Partner = self.env["res.partner"].sudo()
        # Sami's mobile, and his landline typed another way
        dup = Partner.create({"name": "Sami (again)", "mobile": "+32456123456"})
        desk = Partner.create({"name": "Sami's desk", "mobile": "+32 2 555 12 34"})
        mailing = self.new_mailing(
            "sms",
            "res.partner",
            mailing_domain=repr([("id", "in", (dup | desk | self.fredrik).ids)]),
        )
        with self.mockSMSGateway():
            mailing.action_send_sms()
        self.assertSkipped(mailing, dup | desk, "sms_optout")
        self.assertSentTo(mailing, self.fredrik)
        self.assertEqual(self.sent_numbers(), {"+32456778899"})

    def test_partner_hooks_follow_address_and_number(self):
        Partner = self.env["res.partner"]
        dup = Partner.create(
            {"name": "Pia", "email": "pia@example.com", "mobile": "+32456123456"}
        )
        recipients = dup | self.fredrik
        self.assertEqual(
            recipients._mailing_get_opt_out_list(False), {"pia@example.com"}
        )
        self.assertEqual(recipients._mailing_get_opt_out_list_sms(False), dup.ids)
        # lifting the bans frees the second card
        (self.pia | self.sami).write(
            {"no_email_marketing": False, "no_sms_marketing": False}
        )
        self.assertEqual(recipients._mailing_get_opt_out_list(False), set())
        self.assertEqual(recipients._mailing_get_opt_out_list_sms(False), [])
