# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RetailCase


@tagged("post_install", "-at_install")
class TestContactRole(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.Partner.create({"name": "Kauppa Oy", "is_company": True})
        cls.invoice_address = cls.Partner.create(
            {"name": "Billing dept", "parent_id": cls.company.id, "type": "invoice"}
        )
        cls.alice, cls.bob, cls.carol = cls.Partner.create(
            [
                {"name": "Alice", "parent_id": cls.company.id, "type": "contact"},
                {"name": "Bob", "parent_id": cls.company.id, "type": "contact"},
                {"name": "Carol", "parent_id": cls.company.id, "type": "contact"},
            ]
        )

    def test_system_roles_protected(self):
        for role in self.role_invoice | self.role_purchase | self.role_sales:
            self.assertTrue(role.is_system)
            with self.assertRaisesMessage(UserError, "cannot be deleted"):
                role.unlink()
            with self.assertRaisesMessage(UserError, "cannot be changed"):
                role.code = "other"
            self.assertTrue(role.exists())
        self.role_invoice.invalidate_recordset()
        self.assertEqual(self.role_invoice.code, "invoice")
        # renaming is fine, the code stays
        self.role_invoice.name = "Billing contact"
        self.assertEqual(self.role_invoice.code, "invoice")

    def test_user_roles(self):
        role = self.env["retail.contact.role"].create(
            {"name": "Board member", "code": " Board_Member "}
        )
        self.assertEqual(role.code, "board_member")
        self.assertFalse(role.is_system)
        role.code = "boss"
        self.alice.contact_role_ids = role
        self.assertEqual(
            self.Partner.search([("contact_role_ids", "=", role.id)]), self.alice
        )
        role.unlink()
        self.assertFalse(self.alice.contact_role_ids)

    def test_duplicate_code_refused(self):
        Role = self.env["retail.contact.role"].with_context(active_test=False)
        count = Role.search_count([])
        with self.assertRaisesMessage(ValidationError, "code invoice already exists"):
            Role.create({"name": "Second invoice", "code": "Invoice"})
        with self.assertRaisesMessage(ValidationError, "used twice"):
            Role.create([{"name": "A", "code": "x"}, {"name": "B", "code": "x"}])
        role = Role.create({"name": "Catalogue", "code": "catalogue"})
        with self.assertRaisesMessage(ValidationError, "code sales already exists"):
            role.code = "sales"
        self.assertEqual(Role.search_count([]), count + 1)
        self.assertEqual(role.code, "catalogue")

    def test_address_get_without_role_holders(self):
        result = self.company.address_get(["invoice", "purchase", "sales", "delivery"])
        # Odoo's own rules: the invoice-type address, else the company itself
        self.assertEqual(result["invoice"], self.invoice_address.id)
        self.assertEqual(result["purchase"], self.company.id)
        self.assertEqual(result["sales"], self.company.id)
        self.assertEqual(result["delivery"], self.company.id)

    def test_address_get_with_role_holders(self):
        self.bob.contact_role_ids = self.role_invoice
        self.carol.contact_role_ids = self.role_purchase | self.role_sales
        result = self.company.address_get(["invoice", "purchase", "sales"])
        # the invoice role wins over the invoice-type address
        self.assertEqual(result["invoice"], self.bob.id)
        self.assertEqual(result["purchase"], self.carol.id)
        self.assertEqual(result["sales"], self.carol.id)
        # asked from a contact, the answer is the same company-wide holder
        self.assertEqual(self.alice.address_get(["invoice"])["invoice"], self.bob.id)
        # a contact holding the role answers for itself
        self.assertEqual(self.bob.address_get(["invoice"])["invoice"], self.bob.id)
        # archived holders are ignored
        self.bob.active = False
        self.assertEqual(
            self.company.address_get(["invoice"])["invoice"], self.invoice_address.id
        )

    def test_same_role_twice_warns(self):
        self.assertFalse(self.company.retail_contact_role_warning)
        self.carol.contact_role_ids = self.role_invoice
        self.alice.contact_role_ids = self.role_invoice
        self.company.invalidate_recordset(["retail_contact_role_warning"])
        warning = self.company.retail_contact_role_warning
        self.assertIn("Alice, Carol", warning)
        self.assertIn("documents use Alice", warning)
        # the warning names the contact address_get really picks
        self.assertEqual(
            self.company.address_get(["invoice"])["invoice"], self.alice.id
        )
