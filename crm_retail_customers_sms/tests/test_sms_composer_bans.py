# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, users

from odoo.addons.crm_retail_customers.tests.common import MarketingBansMixin
from odoo.addons.sms.tests.common import SMSCommon


@tagged("post_install", "-at_install")
class TestSmsComposerBans(MarketingBansMixin, SMSCommon):
    """Odoo's SMS composer in mass mode ("Send SMS" on a selection of
    contacts) skips customers banned from SMS marketing as it skips the
    phone blocklist; single messages stay allowed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_ban_partners()
        # the company's ban reaches Marta; Piotr is free
        cls.company.no_sms_marketing = True
        cls.company.mobile = "+48 22 100 20 30"
        # another card with the company's number
        cls.desk = cls.env["res.partner"].create(
            {"name": "Sklep desk", "mobile": "+48221002030"}
        )

    def send_mass(self, partners, **values):
        composer = (
            self.env["sms.composer"]
            .with_context(
                active_model="res.partner",
                active_ids=partners.ids,
                default_composition_mode="mass",
            )
            .create(
                dict(
                    {"body": "Big sale this weekend!", "mass_keep_log": False}, **values
                )
            )
        )
        with self.mockSMSGateway():
            composer.action_send_sms()
            self.env["sms.sms"].sudo().search([("state", "=", "outgoing")]).send()
        return {sms["number"].replace(" ", "") for sms in self._sms}

    def sms_of(self, partner):
        return self.env["sms.sms"].sudo().search([("partner_id", "=", partner.id)])

    @users("employee")
    def test_mass_skips_banned_customers(self):
        sent = self.send_mass(self.contact | self.desk | self.person)
        self.assertEqual(sent, {"+48512345678"})  # twin: Piotr reached
        for partner in self.contact | self.desk:
            sms = self.sms_of(partner)
            self.assertEqual(sms.state, "canceled", partner.name)
            self.assertEqual(sms.failure_type, "sms_optout", partner.name)

    @users("employee")
    def test_mass_without_blocklist_sends(self):
        """A bulk send told not to use the blocklist (transactional) does
        not check the bans either."""
        sent = self.send_mass(self.contact | self.person, mass_use_blacklist=False)
        self.assertEqual(sent, {"+48601234567", "+48512345678"})

    def test_single_message_to_banned_customer_sent(self):
        """A one-to-one text message is no marketing."""
        composer = (
            self.env["sms.composer"]
            .with_context(
                active_model="res.partner",
                active_id=self.contact.id,
                default_composition_mode="comment",
            )
            .create({"body": "Your order is ready."})
        )
        with self.mockSMSGateway():
            composer.action_send_sms()
        self.assertEqual(
            {sms["number"].replace(" ", "") for sms in self._sms}, {"+48601234567"}
        )
