# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RetailCase


@tagged("post_install", "-at_install")
class TestRetailSecurity(RetailCase):
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_internal_user_reads_groups_only(self):
        Group = self.env["retail.customer.group"].with_user(self.user_internal)
        self.assertIn(self.group_l2, Group.search([]))
        self.assertEqual(self.group_l2.with_user(self.user_internal).name, "Members")
        with self.assertRaises(AccessError):
            Group.create({"name": "Sneaky"})
        with self.assertRaises(AccessError):
            self.group_l2.with_user(self.user_internal).name = "Renamed"

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_retail_user_cannot_manage_roles(self):
        Role = self.env["retail.contact.role"].with_user(self.user_retail)
        self.assertTrue(Role.search([("code", "=", "invoice")]))
        with self.assertRaises(AccessError):
            Role.create({"name": "Newsletter", "code": "catalogue"})
        with self.assertRaises(AccessError):
            self.env["retail.customer.group"].with_user(self.user_retail).create(
                {"name": "Clerk group"}
            )
        # but the clerk sets group, roles and bans on customers
        partner = self.Partner.with_user(self.user_retail).create(
            {
                "name": "Walk-in",
                "customer_group_id": self.group_l2.id,
                "no_letter_marketing": True,
            }
        )
        self.assertEqual(partner.customer_group_id, self.group_l2)

    def test_manager_manages_roles_and_groups(self):
        Role = self.env["retail.contact.role"].with_user(self.user_manager)
        role = Role.create({"name": "Newsletter", "code": "catalogue"})
        role.name = "Newsletter reader"
        role.unlink()
        Group = self.env["retail.customer.group"].with_user(self.user_manager)
        # their company's group, in the shared tree (shared groups are changed
        # by a user of every company: test_shared_records.py)
        group = Group.create(
            {
                "name": "VIP",
                "parent_id": self.group_l1.id,
                "company_id": self.env.company.id,
            }
        )
        self.assertEqual(group.complete_name, "Retail / VIP")
        group.unlink()

    def test_multi_company_groups(self):
        company_b = self.env["res.company"].create({"name": "Shop B"})
        group_b = self.env["retail.customer.group"].create(
            {"name": "B only", "company_id": company_b.id}
        )
        visible = self.env["retail.customer.group"].with_user(self.user_manager)
        self.assertNotIn(group_b, visible.search([]))
        self.assertIn(self.group_l1, visible.search([]))
        self.user_manager.write({"company_ids": [(4, company_b.id)]})
        self.assertIn(
            group_b,
            visible.with_context(
                allowed_company_ids=[self.env.company.id, company_b.id]
            ).search([]),
        )
