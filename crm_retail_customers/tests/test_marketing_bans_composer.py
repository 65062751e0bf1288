# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, users
from odoo.tools import email_normalize, mute_logger

from odoo.addons.mail.tests.common import MailCommon

from .common import MarketingBansMixin


@tagged("post_install", "-at_install")
class TestMarketingBansComposer(MarketingBansMixin, MailCommon):
    """Odoo's e-mail composer in mass mode ("Send email" on a selection of
    contacts) skips customers banned from e-mail marketing as it skips the
    blocklist; one-to-one messages stay allowed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_ban_partners()
        cls.company.no_email_marketing = True  # Marta by her company's ban
        cls.twin = cls.env["res.partner"].create(
            {"name": "Marta (private)", "email": "marta@sklep.example.pl"}
        )

    def composer(self, partners, mode="mass_mail", **values):
        return (
            self.env["mail.compose.message"]
            .with_context(
                default_model="res.partner",
                default_res_ids=partners.ids,
                default_composition_mode=mode,
            )
            .create(
                dict(
                    {"subject": "Big sale", "body": "<p>Big sale this weekend!</p>"},
                    **values,
                )
            )
        )

    def send(self, composer):
        with self.mock_mail_gateway(mail_unlink_sent=False):
            composer._action_send_mail()
        return {email_normalize(to) for mail in self._mails for to in mail["email_to"]}

    @users("employee")
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_mass_mail_skips_banned_customers(self):
        partners = self.company | self.contact | self.twin | self.person
        sent = self.send(self.composer(partners))
        # twin: Piotr is reached; the company, Marta, and Marta's address on
        # another card are not
        self.assertEqual(sent, {"piotr@example.pl"})
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
        )
        cancelled = mails.filtered(lambda mail: mail.state == "cancel")
        self.assertEqual(
            set(cancelled.mapped("res_id")),
            set((self.company | self.contact | self.twin).ids),
        )
        self.assertEqual(set(cancelled.mapped("failure_type")), {"mail_optout"})

    @users("employee")
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_mass_mail_without_exclusion_list_sends(self):
        """A bulk send told not to use the exclusion list (transactional)
        does not check the bans either."""
        composer = self.composer(self.contact | self.person, use_exclusion_list=False)
        self.assertEqual(
            self.send(composer), {"marta@sklep.example.pl", "piotr@example.pl"}
        )

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_comment_to_banned_customer_sent(self):
        """A one-to-one message is no marketing: it reaches a banned
        customer."""
        composer = self.composer(
            self.contact, mode="comment", partner_ids=[(6, 0, self.contact.ids)]
        )
        self.assertEqual(self.send(composer), {"marta@sklep.example.pl"})
