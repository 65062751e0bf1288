# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_point_entry import PointsCase


@tagged("post_install", "-at_install")
class TestRetailTier(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # keep the demo tiers out of the way
        cls.env["retail.tier"].search([]).write({"active": False})
        Tier = cls.env["retail.tier"]
        cls.pl_gold = cls.env["product.pricelist"].create(
            {"name": "Gold tier prices", "company_id": False}
        )
        cls.bronze = Tier.create({"name": "Bronze", "min_points": 0})
        cls.silver = Tier.create(
            {"name": "Silver", "min_points": 500, "earn_factor": 1.25}
        )
        cls.gold = Tier.create(
            {
                "name": "Gold",
                "min_points": 2000,
                "earn_factor": 1.5,
                "pricelist_id": cls.pl_gold.id,
            }
        )

    def test_tier_follows_lifetime_points(self):
        self.customer._post_reward_points(100, "earn")
        self.assertEqual(self.customer.reward_tier_id, self.bronze)
        self.customer._post_reward_points(400, "earn")
        self.assertEqual(self.customer.reward_tier_id, self.silver)
        # redeeming does not lower the tier, a reversal does
        self.customer._post_reward_points(-450, "redeem")
        self.assertEqual(self.customer.reward_tier_id, self.silver)
        self.customer._post_reward_points(-10, "reverse")
        self.assertEqual(self.customer.reward_tier_id, self.bronze)

    def test_tier_pricelist(self):
        self.customer._post_reward_points(2500, "opening", note="Migrated")
        self.assertEqual(self.customer.reward_tier_id, self.gold)
        self.assertEqual(self.customer.property_product_pricelist, self.pl_gold)

    def test_tier_table_change_reassigns(self):
        self.customer._post_reward_points(600, "earn")
        self.assertEqual(self.customer.reward_tier_id, self.silver)
        self.silver.min_points = 700
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.reward_tier_id, self.bronze)
        self.assertIn(
            self.customer,
            self.Partner.search([("reward_tier_id", "=", self.bronze.id)]),
        )
        self.assertEqual(
            self.bronze.partner_count,
            self.Partner.search_count([("reward_tier_id", "=", self.bronze.id)]),
        )

    def test_earned_points_for_amount(self):
        self.company.retail_points_per_currency = 2.0
        self.customer._post_reward_points(10, "earn")
        # bronze: factor 1
        self.assertEqual(
            self.customer._retail_get_reward_points_for_amount(10.005), 20.01
        )
        self.customer._post_reward_points(600, "earn")
        # silver: 2 points per unit x 1.25
        self.assertEqual(self.customer._retail_get_reward_points_for_amount(100), 250)
        self.assertEqual(
            self.shop_contact._retail_get_reward_points_for_amount(100), 200
        )

    def test_negative_threshold_refused(self):
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.env["retail.tier"].create({"name": "Minus", "min_points": -1})
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.silver.earn_factor = -2
        self.assertFalse(self.env["retail.tier"].search([("name", "=", "Minus")]))
        self.assertEqual(self.silver.earn_factor, 1.25)
