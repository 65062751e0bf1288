# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A rule's products, categories, tags, tiers and groups cannot be deleted
from under it: the database would drop them from the rule, and a rule
without them is for everything (``_retail_check_targets_kept``)."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PointsCase, company_user

DAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestEarnRuleTargets(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["retail.earn.rule"]
        cls.Rule.search([]).write({"active": False})
        cls.env["retail.tier"].search([]).write({"active": False})
        Categ = cls.env["product.category"]
        cls.garden = Categ.create({"name": "Garden"})
        cls.chairs = Categ.create({"name": "Chairs", "parent_id": cls.garden.id})
        cls.tag = cls.env["product.tag"].create({"name": "Spring campaign"})
        Product = cls.env["product.product"]
        cls.tea = Product.create({"name": "Campaign tea", "categ_id": cls.chairs.id})
        cls.coffee = Product.create({"name": "Coffee bag"})
        cls.gold = cls.env["retail.tier"].create({"name": "Gold", "min_points": 1000})
        cls.vip = cls.env["retail.customer.group"].create({"name": "VIP"})
        cls.vip_nordic = cls.env["retail.customer.group"].create(
            {"name": "Nordic", "parent_id": cls.vip.id}
        )

    def points(self, product, customer=None):
        """What 10.00 of ``product`` earns ``customer`` on DAY."""
        return self.Rule._retail_compute_points(
            customer or self.customer,
            self.company,
            [{"key": 0, "product": product, "qty": 1, "amount": 10.0}],
            day=DAY,
        )["points"]

    def test_the_only_product_of_a_rule_is_not_deleted(self):
        rule = self.Rule.create(
            {"name": "Tea x10", "product_ids": [(6, 0, self.tea.ids)], "multiplier": 10}
        )
        for record in (self.tea, self.tea.product_tmpl_id):
            with self.assertRaisesMessage(
                UserError, "Campaign tea.*Tea x10.*every product"
            ):
                record.unlink()
        self.assertTrue(self.tea.exists())
        self.assertEqual(rule.product_ids, self.tea)
        # the campaign stays on its product: coffee earns the normal points
        self.assertEqual(self.points(self.coffee), 10.0)
        self.assertEqual(self.points(self.tea), 100.0)
        # archived, the product stays the rule's: the rule does not widen
        self.tea.action_archive()
        self.assertEqual(rule.product_ids, self.tea)
        self.assertEqual(self.points(self.coffee), 10.0)

    def test_an_exclusion_left_without_products_would_exclude_everything(self):
        self.Rule.create(
            {
                "name": "No points on tea",
                "product_ids": [(6, 0, self.tea.ids)],
                "multiplier": 0,
            }
        )
        with self.assertRaisesMessage(UserError, "No points on tea"):
            self.tea.unlink()
        self.assertEqual(self.points(self.coffee), 10.0)

    def test_a_rule_with_other_targets_lets_one_go(self):
        both = self.Rule.create(
            {
                "name": "Hot drinks x2",
                "product_ids": [(6, 0, (self.tea | self.coffee).ids)],
                "multiplier": 2,
            }
        )
        with_tag = self.Rule.create(
            {
                "name": "Tea or spring x3",
                "product_ids": [(6, 0, self.tea.ids)],
                "tag_ids": [(6, 0, self.tag.ids)],
                "multiplier": 3,
                "sequence": 1,
            }
        )
        tea = self.tea
        tea.unlink()
        self.assertFalse(tea.exists())
        self.assertEqual(both.product_ids, self.coffee)
        self.assertEqual(with_tag.tag_ids, self.tag)
        self.assertFalse(with_tag.product_ids)
        self.assertEqual(self.points(self.coffee), 20.0)
        # what the rules show follows what they are for now
        self.assertEqual((both.level, with_tag.level), ("product", "tag"))
        self.env.invalidate_all()
        self.assertEqual((both.level, with_tag.level), ("product", "tag"))
        # a category deleted, its rule keeps a tag
        categ_rule = self.Rule.create(
            {
                "name": "Chairs or spring",
                "categ_ids": [(6, 0, self.chairs.ids)],
                "tag_ids": [(6, 0, self.tag.ids)],
                "multiplier": 2,
            }
        )
        self.assertEqual(categ_rule.level, "category")
        self.chairs.unlink()
        self.assertEqual(categ_rule.level, "tag")
        self.env.invalidate_all()
        self.assertEqual(categ_rule.level, "tag")

    def test_a_category_or_its_parent_is_not_deleted(self):
        rule = self.Rule.create(
            {
                "name": "Chairs x4",
                "categ_ids": [(6, 0, self.chairs.ids)],
                "multiplier": 4,
            }
        )
        self.tea.categ_id = self.env.ref("product.product_category_all")
        for category in (self.chairs, self.garden):
            with self.assertRaisesMessage(UserError, "Garden / Chairs.*Chairs x4"):
                category.unlink()
        self.assertEqual(rule.categ_ids, self.chairs)
        # a category no rule names goes
        unused = self.env["product.category"].create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_a_tag_is_not_deleted(self):
        self.Rule.create(
            {"name": "Spring x2", "tag_ids": [(6, 0, self.tag.ids)], "multiplier": 2}
        )
        with self.assertRaisesMessage(UserError, "Spring campaign.*Spring x2"):
            self.tag.unlink()
        self.assertTrue(self.tag.exists())

    def test_a_tier_is_not_deleted(self):
        rule = self.Rule.create(
            {"name": "Gold x3", "tier_ids": [(6, 0, self.gold.ids)], "multiplier": 3}
        )
        with self.assertRaisesMessage(UserError, "Gold.*Gold x3.*every tier"):
            self.gold.unlink()
        self.assertEqual(rule.tier_ids, self.gold)
        # a customer outside the tier earns the normal points
        self.assertFalse(self.customer.reward_tier_id)
        self.assertEqual(self.points(self.coffee), 10.0)

    def test_a_group_or_its_parent_is_not_deleted(self):
        rule = self.Rule.create(
            {
                "name": "Nordic x5",
                "group_ids": [(6, 0, self.vip_nordic.ids)],
                "multiplier": 5,
            }
        )
        for group in (self.vip_nordic, self.vip):
            with self.assertRaisesMessage(UserError, "Nordic x5.*every group"):
                group.unlink()
        self.assertEqual(rule.group_ids, self.vip_nordic)
        self.assertEqual(self.points(self.coffee), 10.0)

    def test_archived_rules_are_kept_narrow_too(self):
        rule = self.Rule.create(
            {
                "name": "Old tea x10",
                "product_ids": [(6, 0, self.tea.ids)],
                "multiplier": 10,
            }
        )
        rule.action_archive()
        with self.assertRaisesMessage(UserError, "Old tea x10"):
            self.tea.unlink()
        rule.action_unarchive()
        self.assertEqual(self.points(self.coffee), 10.0)

    def test_a_user_of_another_company_cannot_widen_its_rules(self):
        """A product shared by the companies, a rule of company B: a product
        manager of company A only, who cannot read B's rules, does not delete
        the product from under B's rule either."""
        other = self.env["res.company"].create({"name": "Shop B"})
        rule = self.Rule.create(
            {
                "name": "B tea x10",
                "company_id": other.id,
                "product_ids": [(6, 0, self.tea.ids)],
                "multiplier": 10,
            }
        )
        manager = company_user(
            self.env,
            "product_manager_a",
            "base.group_user,stock.group_stock_manager",
            self.company,
        )
        self.assertFalse(self.Rule.with_user(manager).search([("id", "=", rule.id)]))
        with self.assertRaisesMessage(UserError, "B tea x10"):
            self.tea.with_user(manager).unlink()
        self.assertEqual(rule.product_ids, self.tea)
