# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a line earns: the precedence of earning rules
(``retail.earn.rule._retail_compute_points``), the one computation every
document books with."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PointsCase

DAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestEarnRule(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["retail.earn.rule"]
        cls.Rule.search([]).write({"active": False})
        cls.env["retail.tier"].search([]).write({"active": False})
        Categ = cls.env["product.category"]
        cls.garden = Categ.create({"name": "Garden"})
        cls.furniture = Categ.create({"name": "Furniture", "parent_id": cls.garden.id})
        cls.chairs = Categ.create({"name": "Chairs", "parent_id": cls.furniture.id})
        cls.food = Categ.create({"name": "Food"})
        cls.new_tag = cls.env["product.tag"].create({"name": "New collection"})
        Product = cls.env["product.product"]
        cls.chair = Product.create({"name": "Deck chair", "categ_id": cls.chairs.id})
        cls.table = Product.create(
            {"name": "Garden table", "categ_id": cls.furniture.id}
        )
        cls.coffee = Product.create({"name": "Coffee bag", "categ_id": cls.food.id})
        cls.scarf = Product.create(
            {
                "name": "Scarf",
                "categ_id": cls.food.id,
                "product_tag_ids": [(6, 0, cls.new_tag.ids)],
            }
        )
        cls.gift_card = Product.create(
            {"name": "Gift card", "categ_id": cls.food.id, "retail_no_points": True}
        )

    def rule(self, name, **vals):
        return self.Rule.create(dict({"name": name}, **vals))

    def compute(self, lines, customer=None, day=DAY, ratio=1.0):
        """Points of ``lines`` (``(product, qty, amount)``) for the customer."""
        return self.Rule._retail_compute_points(
            customer or self.customer,
            self.company,
            [
                {"key": index, "product": product, "qty": qty, "amount": amount}
                for index, (product, qty, amount) in enumerate(lines)
            ],
            day=day,
            ratio=ratio,
        )

    def test_without_rules_every_line_earns_the_normal_points(self):
        self.company.retail_points_per_currency = 2.0
        result = self.compute([(self.chair, 1, 10.0), (self.coffee, 2, 5.5)])
        self.assertEqual(result["points"], 31.0)
        self.assertEqual(result["lines"], {0: 20.0, 1: 11.0})
        self.assertEqual(result["rules"], {0: {"points": 31.0, "amount": 15.5}})

    def test_never_earning_products_earn_nothing(self):
        result = self.compute([(self.gift_card, 1, 50.0), (self.coffee, 1, 10.0)])
        self.assertEqual(result["points"], 10.0)
        self.assertEqual(result["lines"][0], 0.0)

    def test_most_specific_rule_wins(self):
        self.rule("Everything", multiplier=1.5)
        self.rule("New collection", tag_ids=[(6, 0, self.new_tag.ids)], multiplier=3)
        self.rule("Garden", categ_ids=[(6, 0, self.garden.ids)], multiplier=2)
        self.rule("Furniture", categ_ids=[(6, 0, self.furniture.ids)], multiplier=4)
        deck = self.rule(
            "Deck chair", product_ids=[(6, 0, self.chair.ids)], multiplier=5
        )
        result = self.compute(
            [
                (self.chair, 1, 10.0),  # product rule
                (self.table, 1, 10.0),  # deepest category: Furniture, not Garden
                (self.scarf, 1, 10.0),  # tag
                (self.coffee, 1, 10.0),  # general
            ]
        )
        self.assertEqual(result["lines"], {0: 50.0, 1: 40.0, 2: 30.0, 3: 15.0})
        self.assertEqual(result["points"], 135.0)
        self.assertEqual(result["rules"][deck.id], {"points": 50.0, "amount": 10.0})
        self.assertNotIn(0, result["rules"])

    def test_rules_in_force_are_read_once_and_every_change_is_seen(self):
        """Every sale asks for the rules in force: they come from the
        registry's cache, with no query once read; creating, changing,
        archiving or deleting a rule, and deleting a category or customer
        group a rule names, is seen by the next computation."""
        garden = self.rule("Garden", categ_ids=[(6, 0, self.garden.ids)], multiplier=2)
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 20.0)
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            rules = self.Rule._retail_rules_for(self.company, DAY)
            self.assertEqual(rules, garden)
            self.assertEqual(rules.multiplier, 2)
            self.assertEqual(rules.categ_ids, self.garden)
        garden.multiplier = 3
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 30.0)
        chairs = self.rule("Chairs", categ_ids=[(6, 0, self.chairs.ids)], multiplier=5)
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 50.0)
        chairs.active = False
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 30.0)
        # a category a rule names is deleted: the rule no longer names it
        # (and meets no category that is gone)
        shelf = self.env["product.category"].create({"name": "Shelf"})
        garden.categ_ids = self.garden | shelf
        self.compute([(self.chair, 1, 10.0)])
        shelf.unlink()
        self.assertEqual(
            self.Rule._retail_rules_for(self.company, DAY).categ_ids, self.garden
        )
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 30.0)
        # a group a rule names is deleted (the rule keeps another: its last
        # one is not deleted, test_earn_rule_targets.py)
        Group = self.env["retail.customer.group"]
        group, stays = Group.create([{"name": "Gone soon"}, {"name": "Stays"}])
        garden.group_ids = group | stays
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 10.0)
        group.unlink()
        self.assertEqual(
            self.Rule._retail_rules_for(self.company, DAY).group_ids, stays
        )
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 10.0)
        garden.unlink()
        self.assertFalse(self.Rule._retail_rules_for(self.company, DAY))
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 10.0)

    def test_subcategories_count_and_the_deepest_wins(self):
        self.rule("Garden", categ_ids=[(6, 0, self.garden.ids)], multiplier=2)
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 20.0)
        self.rule(
            "Chairs",
            categ_ids=[(6, 0, (self.garden | self.chairs).ids)],
            multiplier=3,
            sequence=99,
        )
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 30.0)
        # the same level: the sequence decides
        self.rule("Chairs first", categ_ids=[(6, 0, self.chairs.ids)], multiplier=7)
        self.assertEqual(self.compute([(self.chair, 1, 10.0)])["points"], 70.0)

    def test_exclusions_win_over_everything(self):
        self.rule("Deck chair", product_ids=[(6, 0, self.chair.ids)], multiplier=5)
        self.rule(
            "Campaign",
            categ_ids=[(6, 0, self.garden.ids)],
            multiplier=2,
            stackable=True,
        )
        excluded = self.rule(
            "No points on garden", categ_ids=[(6, 0, self.garden.ids)], multiplier=0
        )
        result = self.compute([(self.chair, 1, 10.0), (self.coffee, 1, 10.0)])
        self.assertEqual(result["lines"], {0: 0.0, 1: 10.0})
        self.assertEqual(result["rules"][excluded.id], {"points": 0.0, "amount": 10.0})

    def test_fixed_points_per_unit_and_stacked_campaigns(self):
        per_unit = self.rule(
            "50 per coffee bag",
            product_ids=[(6, 0, self.coffee.ids)],
            mode="per_unit",
            points_per_unit=50,
        )
        self.rule("Food", categ_ids=[(6, 0, self.food.ids)], multiplier=3)
        double = self.rule("Double week", multiplier=2, stackable=True, sequence=1)
        bonus = self.rule(
            "Bonus 5 a bag",
            product_ids=[(6, 0, self.coffee.ids)],
            mode="per_unit",
            points_per_unit=5,
            stackable=True,
            sequence=2,
        )
        result = self.compute([(self.coffee, 3, 30.0), (self.table, 1, 10.0)])
        # coffee: 150 fixed, doubled by the campaign, then 15 bonus points
        self.assertEqual(result["lines"][0], 315.0)
        # table: normal points, doubled
        self.assertEqual(result["lines"][1], 20.0)
        self.assertEqual(result["rules"][per_unit.id]["points"], 150.0)
        self.assertEqual(result["rules"][double.id]["points"], 160.0)
        self.assertEqual(result["rules"][bonus.id]["points"], 15.0)
        self.assertEqual(result["rules"][0]["points"], 10.0)
        self.assertEqual(
            sum(detail["points"] for detail in result["rules"].values()),
            result["points"],
        )

    def test_fixed_points_need_a_price(self):
        """A cashier cannot hand out fixed points with free or discounted
        units: units given away earn none, a discount lowers them."""
        self.rule(
            "50 per coffee bag",
            product_ids=[(6, 0, self.coffee.ids)],
            mode="per_unit",
            points_per_unit=50,
        )
        Rule = self.Rule

        def points(qty, amount, discount=0.0, price=None, list_price=None):
            return Rule._retail_compute_points(
                self.customer,
                self.company,
                [
                    {
                        "key": 0,
                        "product": self.coffee,
                        "qty": qty,
                        "amount": amount,
                        "discount": discount,
                        "price_unit": price,
                        "list_price": list_price,
                    }
                ],
                day=DAY,
            )["points"]

        self.assertEqual(points(100, 0.0), 0.0)
        self.assertEqual(points(2, -5.0), 0.0)
        self.assertEqual(points(2, 10.0, 50.0), 50.0)
        self.assertEqual(points(2, 20.0), 100.0)
        # a unit price typed below the list price: in proportion
        self.assertEqual(points(100, 1.0, price=0.01, list_price=10.0), 5.0)
        self.assertEqual(points(2, 10.0, 50.0, price=5.0, list_price=5.0), 50.0)
        self.assertEqual(points(2, 40.0, price=20.0, list_price=10.0), 100.0)
        # goods returned without receipt take back their fixed points
        self.assertEqual(points(-2, -20.0), -100.0)

    def test_dates_tiers_groups_and_minimum_basket(self):
        self.rule(
            "June", multiplier=2, date_from=date(2026, 6, 1), date_to=date(2026, 6, 30)
        )
        self.assertEqual(self.compute([(self.coffee, 1, 10.0)])["points"], 20.0)
        for day in (date(2026, 5, 31), date(2026, 7, 1)):
            self.assertEqual(
                self.compute([(self.coffee, 1, 10.0)], day=day)["points"], 10.0
            )
        gold = self.env["retail.tier"].create(
            {"name": "Gold", "min_points": 100, "earn_factor": 1.5}
        )
        self.rule(
            "Gold on the new collection",
            tag_ids=[(6, 0, self.new_tag.ids)],
            multiplier=3,
            tier_ids=[(6, 0, gold.ids)],
        )
        self.assertEqual(self.compute([(self.scarf, 1, 10.0)])["points"], 20.0)
        self.customer._post_reward_points(100, "earn")
        self.assertEqual(self.customer.reward_tier_id, gold)
        # the tier's factor applies too: 10 x 1.5 x 3
        self.assertEqual(self.compute([(self.scarf, 1, 10.0)])["points"], 45.0)
        # a rule for a customer group applies to its subgroups, not its parents
        self.rule(
            "Members",
            categ_ids=[(6, 0, self.food.ids)],
            multiplier=4,
            group_ids=[(6, 0, self.group_l2.ids)],
        )
        self.assertEqual(self.compute([(self.coffee, 1, 10.0)])["points"], 60.0)
        self.customer.customer_group_id = self.group_l1
        self.assertEqual(self.compute([(self.coffee, 1, 10.0)])["points"], 30.0)
        self.rule(
            "Big basket",
            product_ids=[(6, 0, self.table.ids)],
            min_amount=100,
            multiplier=10,
        )
        self.assertEqual(self.compute([(self.table, 1, 99.0)])["points"], 297.0)
        self.assertEqual(self.compute([(self.table, 1, 100.0)])["points"], 1500.0)
        # never-earning lines do not count for the minimum basket
        self.assertEqual(
            self.compute([(self.table, 1, 60.0), (self.gift_card, 1, 50.0)])["points"],
            180.0,
        )

    def test_other_company_rules_do_not_apply(self):
        other = self.env["res.company"].create({"name": "Other Shop"})
        self.rule("Shared", multiplier=2, company_id=False)
        self.assertEqual(self.compute([(self.coffee, 1, 10.0)])["points"], 20.0)
        self.rule("Other's", multiplier=9, company_id=other.id, sequence=1)
        self.assertEqual(self.compute([(self.coffee, 1, 10.0)])["points"], 20.0)

    def test_ratio_lowers_every_line_and_rounding_is_once(self):
        self.company.retail_points_per_currency = 0.37
        result = self.compute(
            [(self.coffee, 1, 10.01), (self.table, 1, 3.33)], ratio=0.5
        )
        self.assertEqual(result["points"], round((10.01 + 3.33) * 0.37 * 0.5, 2))

    def test_bad_rules_are_refused(self):
        cases = [
            ({"multiplier": -1}, "cannot be negative"),
            ({"mode": "per_unit", "points_per_unit": 5}, "choose the products"),
            ({"multiplier": 0}, "choose the products, categories or tags it excludes"),
            (
                {
                    "product_ids": [(6, 0, self.coffee.ids)],
                    "mode": "per_unit",
                    "points_per_unit": 0,
                },
                "enter how many",
            ),
            ({"multiplier": "abc"}, "must be a number"),
            ({"points_per_unit": float("nan")}, "must be a number"),
            ({"min_amount": -5}, "cannot be negative"),
            ({"multiplier": 1e300}, "cannot be more than"),
            ({"multiplier": 1e308}, "cannot be more than"),
            (
                {"date_from": date(2026, 6, 2), "date_to": date(2026, 6, 1)},
                "cannot end",
            ),
        ]
        for vals, message in cases:
            with (
                self.subTest(vals=vals),
                self.assertRaisesMessage(ValidationError, message),
            ):
                self.rule("Bad", **vals)
        self.assertFalse(self.Rule.search([("name", "=", "Bad")]))
        rule = self.rule("Good", multiplier=2)
        with self.assertRaisesMessage(ValidationError, "must be a number"):
            rule.write({"multiplier": "2x"})
        self.assertEqual(rule.multiplier, 2)

    def test_warnings_on_rules_that_never_apply(self):
        ended = self.rule("Ended", multiplier=2, date_to=date(2000, 1, 31))
        self.assertIn("ended", ended.warning)
        product = self.env["product.product"].create({"name": "Old product"})
        gone = self.rule("Gone", product_ids=[(6, 0, product.ids)], multiplier=2)
        self.assertFalse(gone.warning)
        product.active = False
        gone.invalidate_recordset(["warning"])
        self.assertIn("archived", gone.warning)
        # a rule for archived products applies to nothing, not to everything
        self.assertEqual(gone.level, "product")
        self.assertEqual(self.compute([(self.coffee, 1, 10.0)])["points"], 10.0)
        tier = self.env["retail.tier"].create({"name": "Gone tier", "min_points": 1e9})
        self.rule("For a tier", multiplier=3, tier_ids=[(6, 0, tier.ids)])
        tier.active = False
        self.assertEqual(self.compute([(self.coffee, 1, 10.0)])["points"], 10.0)
        self.assertFalse(self.rule("Fine", multiplier=2).warning)
