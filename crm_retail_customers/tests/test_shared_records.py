# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Tiers and customer groups without a company are every company's: a tier
multiplies every company's points, a group's place in the tree decides which
earning rules reach its members. A manager of one company changes their own
company's; the shared ones are changed by a user of every company or an
administrator."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RETAIL_MANAGER, PointsCase, company_user

DAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestSharedRecords(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.tier"].search([]).active = False
        cls.other = cls.env["res.company"].create({"name": "Other Retail Co"})
        cls.other_manager = company_user(
            cls.env, "shared_other_manager", RETAIL_MANAGER, cls.other
        )
        cls.everywhere_manager = company_user(
            cls.env, "shared_all_manager", RETAIL_MANAGER, cls.company
        )
        cls.everywhere_manager.company_ids = cls.env["res.company"].search([])
        cls.customer.company_id = cls.company
        cls.shared_tier = cls.env["retail.tier"].create(
            {"name": "Shared base", "min_points": 1000.0, "company_id": False}
        )

    def test_manager_of_one_company_cannot_create_a_shared_tier(self):
        Tier = self.env["retail.tier"].with_user(self.other_manager)
        with self.assertRaisesRegex(AccessError, "shared by every company"):
            Tier.create({"name": "Everyone x50", "min_points": 0, "earn_factor": 50})
        self.assertEqual(self.customer._retail_get_reward_points_for_amount(10.0), 10)
        # their own company's tier is theirs, and leaves this company alone
        own = Tier.create(
            {
                "name": "Other x2",
                "min_points": 0,
                "earn_factor": 2.0,
                "company_id": self.other.id,
            }
        )
        own.earn_factor = 3.0
        self.assertEqual(self.customer._retail_get_reward_points_for_amount(10.0), 10)
        # nor can they make their own tier shared
        with self.assertRaisesRegex(AccessError, "shared by every company"):
            own.company_id = False
        self.assertEqual(own.company_id, self.other)

    def test_manager_of_one_company_cannot_change_a_shared_tier(self):
        tier = self.shared_tier.with_user(self.other_manager)
        with self.assertRaisesRegex(AccessError, "Shared base is shared"):
            tier.write({"earn_factor": 40.0, "min_points": 0})
        with self.assertRaisesRegex(AccessError, "shared by every company"):
            tier.unlink()
        self.assertEqual(
            (self.shared_tier.earn_factor, self.shared_tier.min_points), (1.0, 1000.0)
        )

    def test_user_of_every_company_and_administrator_change_shared_tiers(self):
        self.shared_tier.with_user(self.everywhere_manager).earn_factor = 2.0
        self.assertEqual(self.shared_tier.earn_factor, 2.0)
        admin = self.env.ref("base.user_admin")
        self.shared_tier.with_user(admin).earn_factor = 3.0
        self.assertEqual(self.shared_tier.earn_factor, 3.0)

    def _rule_points(self, customer):
        return self.env["retail.earn.rule"]._retail_compute_points(
            customer,
            self.company,
            [{"key": 0, "product": self.coffee, "qty": 1, "amount": 10.0}],
            day=DAY,
        )["points"]

    def test_manager_of_one_company_cannot_rewire_shared_groups(self):
        """This company's x5 rule reaches the shared group Platinum and its
        subgroups: another company's manager moving a shared group under it
        would give its members this company's x5."""
        Rule = self.env["retail.earn.rule"]
        Rule.search([]).active = False
        self.coffee = self.env["product.product"].create({"name": "Coffee"})
        Rule.create(
            {
                "name": "Platinum x5",
                "company_id": self.company.id,
                "group_ids": [(6, 0, self.group_l4.ids)],
                "multiplier": 5,
            }
        )
        member = self.Partner.create(
            {"name": "Business buyer", "customer_group_id": self.group_other.id}
        )
        self.assertEqual(self._rule_points(member), 10.0)
        Group = self.env["retail.customer.group"].with_user(self.other_manager)
        with self.assertRaisesRegex(AccessError, "Business is shared"):
            self.group_other.with_user(self.other_manager).parent_id = self.group_l4
        with self.assertRaisesRegex(AccessError, "shared by every company"):
            Group.create({"name": "Everyone's", "parent_id": self.group_l4.id})
        with self.assertRaisesRegex(AccessError, "shared by every company"):
            self.group_other.with_user(self.other_manager).unlink()
        self.env.registry.clear_cache()
        self.assertEqual(self._rule_points(member), 10.0)
        # their own company's groups are theirs
        own = Group.create({"name": "Theirs", "company_id": self.other.id})
        own.name = "Theirs 2"
        own.unlink()
        # a manager of every company rewires the shared tree
        self.group_other.with_user(self.everywhere_manager).parent_id = self.group_l4
        self.env.registry.clear_cache()
        self.assertEqual(self._rule_points(member), 50.0)
