# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPartnerOptOutHooks(TransactionCase):
    """The hooks mass_mailing and mass_mailing_sms call on the mailing's
    model, answered for contacts from their effective bans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company = Partner.create(
            {"name": "Sklep", "is_company": True, "email": "biuro@sklep.example.pl"}
        )
        cls.contact = Partner.create(
            {
                "name": "Marta",
                "parent_id": cls.company.id,
                "email": "Marta <MARTA@sklep.example.pl>",
                "mobile": "+48 601 234 567",
            }
        )
        cls.person = Partner.create(
            {"name": "Piotr", "email": "piotr@example.pl", "mobile": "+48512345678"}
        )

    def test_mailing_opt_out_hooks(self):
        self.company.no_email_marketing = True
        self.person.no_sms_marketing = True
        recipients = self.company | self.contact | self.person
        self.assertEqual(
            recipients._mailing_get_opt_out_list(False),
            {"biuro@sklep.example.pl", "marta@sklep.example.pl"},
        )
        self.assertEqual(
            recipients._mailing_get_opt_out_list_sms(False), self.person.ids
        )
        # lifting the company ban frees its contacts
        self.company.no_email_marketing = False
        self.assertEqual(recipients._mailing_get_opt_out_list(False), set())
