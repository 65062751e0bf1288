# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PointsCase, RetailCase


@tagged("post_install", "-at_install")
class TestCustomerGroup(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p1, cls.p2, cls.p3, cls.p4, cls.p_other = cls.Partner.create(
            [
                {"name": "Level 1 customer", "customer_group_id": cls.group_l1.id},
                {"name": "Level 2 customer", "customer_group_id": cls.group_l2.id},
                {"name": "Level 3 customer", "customer_group_id": cls.group_l3.id},
                {"name": "Level 4 customer", "customer_group_id": cls.group_l4.id},
                {"name": "Other customer", "customer_group_id": cls.group_other.id},
            ]
        )
        cls.Pricelist = cls.env["product.pricelist"]

    def test_complete_name(self):
        self.assertEqual(
            self.group_l4.complete_name, "Retail / Members / Gold / Platinum"
        )
        self.assertEqual(self.group_l4.display_name, self.group_l4.complete_name)
        self.group_l2.name = "Club"
        self.assertEqual(self.group_l4.complete_name, "Retail / Club / Gold / Platinum")

    def test_child_of_search_four_levels(self):
        Partner = self.Partner
        self.assertEqual(
            Partner.search([("customer_group_id", "child_of", self.group_l1.id)]),
            self.p1 | self.p2 | self.p3 | self.p4,
        )
        self.assertEqual(
            Partner.search([("customer_group_id", "child_of", self.group_l3.id)]),
            self.p3 | self.p4,
        )
        self.assertEqual(
            Partner.search([("customer_group_id", "child_of", self.group_l4.id)]),
            self.p4,
        )

    def test_partner_count_includes_subgroups(self):
        self.assertEqual(self.group_l1.partner_count, 4)
        self.assertEqual(self.group_l3.partner_count, 2)
        self.assertEqual(self.group_other.partner_count, 1)
        action = self.group_l2.action_open_members()
        self.assertEqual(
            self.Partner.search(action["domain"]), self.p2 | self.p3 | self.p4
        )

    def test_recursion_refused(self):
        with self.assertRaisesMessage(ValidationError, "own parent or ancestor"):
            self.group_l1.parent_id = self.group_l4
        self.group_l1.invalidate_recordset()
        self.assertFalse(self.group_l1.parent_id)
        with self.assertRaisesMessage(ValidationError, "own parent or ancestor"):
            self.group_l2.parent_id = self.group_l2
        self.group_l2.invalidate_recordset()
        self.assertEqual(self.group_l2.parent_id, self.group_l1)

    def test_empty_name_refused(self):
        count = self.env["retail.customer.group"].search_count([])
        with self.assertRaisesMessage(ValidationError, "needs a name"):
            self.env["retail.customer.group"].create({"name": "   "})
        self.assertEqual(self.env["retail.customer.group"].search_count([]), count)

    def test_delete_with_members_refused(self):
        with self.assertRaisesMessage(UserError, "Archive it instead"):
            self.group_l4.unlink()
        # the members of a subgroup protect the parent as well
        with self.assertRaisesMessage(UserError, "Archive it instead"):
            self.group_l3.unlink()
        # archived members count too
        self.p_other.active = False
        with self.assertRaisesMessage(UserError, "Archive it instead"):
            self.group_other.unlink()
        self.assertTrue(self.group_l4.exists() and self.group_other.exists())
        self.group_other.action_archive()
        self.assertFalse(self.group_other.active)
        empty = self.env["retail.customer.group"].create({"name": "Empty"})
        empty.unlink()
        self.assertFalse(empty.exists())

    def test_group_pricelist_applied(self):
        pl_gold, pl_business, pl_own = self.Pricelist.create(
            [
                {"name": name, "company_id": False}
                for name in ("Gold prices", "Business prices", "Negotiated prices")
            ]
        )
        self.group_l3.pricelist_id = pl_gold
        self.group_other.pricelist_id = pl_business
        newcomer = self.Partner.create(
            {"name": "Newcomer", "customer_group_id": self.group_l3.id}
        )
        self.assertEqual(newcomer.property_product_pricelist, pl_gold)
        # moving to another group replaces the old group's price list
        newcomer.customer_group_id = self.group_other
        self.assertEqual(newcomer.property_product_pricelist, pl_business)
        # a price list of the customer's own is kept
        negotiated = self.Partner.create({"name": "Negotiator"})
        negotiated.property_product_pricelist = pl_own
        negotiated.customer_group_id = self.group_l3
        self.assertEqual(negotiated.property_product_pricelist, pl_own)
        # contacts of a company follow the company's group and price list
        company = self.Partner.create({"name": "Shop Ltd", "is_company": True})
        contact = self.Partner.create({"name": "Buyer", "parent_id": company.id})
        company.customer_group_id = self.group_l3
        self.assertEqual(contact.customer_group_id, self.group_l3)
        self.assertEqual(contact.property_product_pricelist, pl_gold)

    def test_group_properties_per_group(self):
        self.group_l3.partner_properties_definition = [
            {"name": "shoe_size", "string": "Shoe size", "type": "integer"},
        ]
        self.group_other.partner_properties_definition = [
            {"name": "vat_exempt", "string": "VAT exempt", "type": "boolean"},
        ]
        self.p3.retail_properties = {"shoe_size": 42}
        self.assertEqual(self.p3.retail_properties, {"shoe_size": 42})
        self.p_other.retail_properties = {"vat_exempt": True}
        self.assertEqual(self.p_other.retail_properties, {"vat_exempt": True})
        definitions = {
            prop["name"]
            for prop in self.p3.read(["retail_properties"])[0]["retail_properties"]
        }
        self.assertEqual(definitions, {"shoe_size"})
        # a group without definitions gives its members no properties
        self.assertFalse(self.p4.read(["retail_properties"])[0]["retail_properties"])

    def test_name_create(self):
        group_id, name = self.env["retail.customer.group"].name_create("Quick")
        self.assertEqual(name, "Quick")
        self.assertTrue(self.env["retail.customer.group"].browse(group_id).exists())


@tagged("post_install", "-at_install")
class TestCustomerGroupInTheLedger(PointsCase):
    def test_group_in_the_ledger_cannot_be_deleted(self):
        """The ledger keeps the group the customer was in when booking:
        deleting that group is refused (archive it instead), so no entry
        changes behind the ledger's rules."""
        # this company's groups: its manager changes them
        Group = self.env["retail.customer.group"].with_context(
            default_company_id=self.env.company.id
        )
        old = Group.create({"name": "Old members"})
        sub = Group.create({"name": "Old sub", "parent_id": old.id})
        self.customer.customer_group_id = sub
        entry = self.customer._post_reward_points(10, "earn")
        self.customer.customer_group_id = self.group_other
        for group in (sub, old):
            with self.assertRaisesMessage(UserError, "Archive it instead"):
                group.with_user(self.user_manager).unlink()
        self.assertEqual(entry.customer_group_id, sub)
        sub.with_user(self.user_manager).action_archive()
        self.assertFalse(sub.active)
        # a group the ledger never saw goes
        unused = Group.create({"name": "Unused"})
        unused.with_user(self.user_manager).unlink()
        self.assertFalse(unused.exists())
