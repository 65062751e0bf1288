# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.tests.common import RetailCase


@tagged("post_install", "-at_install")
class TestForgetLists(RetailCase):
    """An erasure deletes the list contacts of the erased address only when
    no other customer has that address (H3)."""

    def test_list_contact_of_a_shared_address_is_kept(self):
        erased = self.Partner.create(
            {"name": "Erased Listed", "email": "shared.box@example.com"}
        )
        self.Partner.create({"name": "Other Listed", "email": "shared.box@example.com"})
        own = self.Partner.create(
            {"name": "Own Listed", "email": "own.box@example.com"}
        )
        Contact = self.env["mailing.contact"].sudo()
        shared_contact = Contact.create({"email": "shared.box@example.com"})
        own_contact = Contact.create({"email": "own.box@example.com"})
        manager = new_test_user(
            self.env,
            login="forget_list_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
        )
        (erased | own).with_user(manager).action_retail_forget()
        self.assertTrue(erased.retail_forgotten)
        self.assertTrue(shared_contact.exists())
        self.assertFalse(own_contact.exists())
