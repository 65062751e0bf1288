# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_retail_customers.tests.common import MarketingBansMixin


@tagged("post_install", "-at_install")
class TestPartnerOptOutHooks(MarketingBansMixin, TransactionCase):
    """The hooks mass_mailing and mass_mailing_sms call on the mailing's
    model, answered for contacts from their effective bans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_ban_partners()
        # addresses of their own: the demo customers have the mixin's ones
        # (some banned), and a ban belongs to the address
        cls.company.email = "biuro@hooks.example.pl"
        cls.contact.email = "Marta <MARTA@hooks.example.pl>"

    def test_mailing_opt_out_hooks(self):
        self.company.no_email_marketing = True
        self.person.no_sms_marketing = True
        recipients = self.company | self.contact | self.person
        self.assertEqual(
            recipients._mailing_get_opt_out_list(False),
            {"biuro@hooks.example.pl", "marta@hooks.example.pl"},
        )
        self.assertEqual(
            recipients._mailing_get_opt_out_list_sms(False), self.person.ids
        )
        # lifting the company ban frees its contacts
        self.company.no_email_marketing = False
        self.assertEqual(recipients._mailing_get_opt_out_list(False), set())
