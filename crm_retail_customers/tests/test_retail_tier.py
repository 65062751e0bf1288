# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PointsCase


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

    def test_tier_table_is_read_once_and_every_change_is_seen(self):
        """Every booking looks the customer's tier up: the thresholds come
        from the registry's cache, with no query once read; a new tier, a
        new threshold, an archived or deleted tier is seen at once."""
        Tier = self.env["retail.tier"]
        self.assertEqual(Tier._tier_for_points(600, self.company), self.silver)
        with self.assertQueryCount(0):
            self.assertEqual(Tier._tier_for_points(2100, self.company), self.gold)
            self.assertEqual(Tier._tier_for_points(499.5, self.company), self.bronze)
        platinum = Tier.create({"name": "Platinum", "min_points": 5000})
        self.assertEqual(Tier._tier_for_points(6000, self.company), platinum)
        platinum.min_points = 7000
        self.assertEqual(Tier._tier_for_points(6000, self.company), self.gold)
        self.gold.active = False
        self.assertEqual(Tier._tier_for_points(6000, self.company), self.silver)
        platinum.unlink()
        self.assertEqual(Tier._tier_for_points(8000, self.company), self.silver)
        # another company's tier is not this company's; a shared one is
        other = self.env["res.company"].create({"name": "Tier Elsewhere"})
        elsewhere = Tier.create(
            {"name": "Elsewhere", "min_points": 100, "company_id": other.id}
        )
        self.assertEqual(Tier._tier_for_points(800, self.company), self.silver)
        self.assertEqual(Tier._tier_for_points(300, other), elsewhere)
        self.assertEqual(Tier._tier_for_points(300, self.company), self.bronze)
        self.silver.company_id = other
        self.assertEqual(Tier._tier_for_points(800, self.company), self.bronze)

    def test_earn_factor_is_read_once_and_every_change_is_seen(self):
        """Every booking with earning rules reads the factor of the
        customer's tier: from the registry's cache, with no query once
        read; a new factor, a new or archived tier is seen at once."""
        Tier = self.env["retail.tier"]
        self.assertEqual(Tier._retail_earn_factor(self.silver), 1.25)
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            self.assertEqual(Tier._retail_earn_factor(self.silver), 1.25)
            self.assertEqual(Tier._retail_earn_factor(Tier.browse()), 1.0)
        self.silver.earn_factor = 1.5
        self.assertEqual(Tier._retail_earn_factor(self.silver), 1.5)
        # an archived tier keeps its customers until a booking moves them
        self.silver.active = False
        self.assertEqual(Tier._retail_earn_factor(self.silver), 1.5)
        diamond = Tier.create({"name": "Diamond", "min_points": 9000, "earn_factor": 3})
        self.assertEqual(Tier._retail_earn_factor(diamond), 3.0)
        # and a booking earns by it: 10.00 x 2 points x 3
        self.env["retail.earn.rule"].search([]).write({"active": False})
        self.company.retail_points_per_currency = 2.0
        self.customer._retail_write_derived({"reward_tier_id": diamond.id})
        tea = self.env["product.product"].create({"name": "Tier tea"})
        line = {"key": 1, "product": tea, "qty": 1, "amount": 10.0}
        result = self.env["retail.earn.rule"]._retail_compute_points(
            self.customer, self.company, [line]
        )
        self.assertEqual(result["points"], 60.0)
        diamond.earn_factor = 0.5
        result = self.env["retail.earn.rule"]._retail_compute_points(
            self.customer, self.company, [line]
        )
        self.assertEqual(result["points"], 10.0)

    def test_tier_names_are_read_once_and_every_change_is_seen(self):
        """Every till receipt with a customer names the customer's tier:
        from the registry's cache, with no query once read, in the
        language asked; a rename, a translation, an archived or a new tier
        is seen at once."""
        Tier = self.env["retail.tier"]
        self.env["res.lang"]._activate_lang("fi_FI")
        self.assertEqual(Tier._retail_tier_names("en_US")[self.silver.id], "Silver")
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            self.assertEqual(Tier._retail_tier_names("en_US")[self.silver.id], "Silver")
        # untranslated: the English name
        self.assertEqual(Tier._retail_tier_names("fi_FI")[self.silver.id], "Silver")
        self.silver.update_field_translations("name", {"fi_FI": "Hopea"})
        self.assertEqual(Tier._retail_tier_names("fi_FI")[self.silver.id], "Hopea")
        self.assertEqual(Tier._retail_tier_names("en_US")[self.silver.id], "Silver")
        self.silver.name = "Silver Star"
        self.assertEqual(
            Tier._retail_tier_names("en_US")[self.silver.id], "Silver Star"
        )
        # an archived tier still names the customers who keep it
        self.silver.active = False
        self.assertEqual(
            Tier._retail_tier_names("en_US")[self.silver.id], "Silver Star"
        )
        diamond = Tier.create({"name": "Diamond", "min_points": 9000})
        self.assertEqual(Tier._retail_tier_names("en_US")[diamond.id], "Diamond")
        diamond.unlink()
        self.assertNotIn(diamond.id, Tier._retail_tier_names("en_US"))

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

    def test_tier_pricelist_checks_company(self):
        other = self.env["res.company"].create({"name": "Toinen Oy"})
        foreign = self.env["product.pricelist"].create(
            {"name": "Foreign prices", "company_id": other.id}
        )
        with self.assertRaisesMessage(UserError, "Incompatible companies"):
            self.env["retail.tier"].create(
                {
                    "name": "Mixed",
                    "company_id": self.company.id,
                    "pricelist_id": foreign.id,
                }
            )
        self.assertFalse(self.env["retail.tier"].search([("name", "=", "Mixed")]))


@tagged("post_install", "-at_install")
class TestTierTableChange(PointsCase):
    """A change of the tier table moves customers as a booking does: with the
    tier's price list, a line in the chatter, and the tiers of the
    customer's own company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.tier"].search([]).write({"active": False})
        Tier = cls.env["retail.tier"]
        Pricelist = cls.env["product.pricelist"]
        cls.pl_silver = Pricelist.create({"name": "Silver prices", "company_id": False})
        cls.pl_silver_new = Pricelist.create(
            {"name": "Silver prices 2027", "company_id": False}
        )
        cls.bronze = Tier.create({"name": "Bronze", "min_points": 0})
        cls.silver = Tier.create(
            {"name": "Silver", "min_points": 700, "pricelist_id": cls.pl_silver.id}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Toinen Oy"})
        cls.manager = cls.user_manager
        # a manager of every company: the tiers here are shared by all
        # (test_shared_records.py: a manager of one company changes its own)
        cls.manager.write(
            {
                "company_ids": [(6, 0, cls.env["res.company"].search([]).ids)],
                "company_id": cls.company.id,
            }
        )

    def _tier_messages(self, partner):
        self.flush_tracking()
        return partner.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "reward_tier_id"
        )

    def test_threshold_change_applies_pricelist_and_tracks(self):
        self.customer._post_reward_points(600, "earn")
        self.assertEqual(self.customer.reward_tier_id, self.bronze)
        self.assertFalse(self.customer._retail_get_specific_pricelist())
        before = self._tier_messages(self.customer)
        self.silver.with_user(self.manager).min_points = 500
        self.assertEqual(self.customer.reward_tier_id, self.silver)
        self.assertEqual(self.customer._retail_get_specific_pricelist(), self.pl_silver)
        moved = self._tier_messages(self.customer) - before
        self.assertEqual(len(moved), 1, "the move is in the customer's chatter")
        self.assertEqual(moved.new_value_char, "Silver")

    def test_shared_customer_keeps_tiers_of_its_bookings(self):
        """A customer shared between companies is in the tiers of the company
        its points were earned in, whoever edits the tier table."""
        gold_other = self.env["retail.tier"].create(
            {
                "name": "Toinen Gold",
                "min_points": 100,
                "company_id": self.other_company.id,
            }
        )
        self.customer._post_reward_points(300, "earn")
        self.assertEqual(self.customer.reward_tier_id, self.bronze)
        # the manager works in the other company when editing a tier
        gold_other.with_user(self.manager).with_company(
            self.other_company
        ).min_points = 50
        self.assertEqual(self.customer.reward_tier_id, self.bronze)
        # points earned in the other company: its tiers count
        foreign = self.Partner.create({"name": "Shared Customer"})
        foreign._post_reward_points(300, "earn", company_id=self.other_company.id)
        self.assertEqual(foreign.reward_tier_id, gold_other)
        self.silver.with_user(self.manager).min_points = 650
        self.assertEqual(foreign.reward_tier_id, gold_other)

    def test_pricelist_change_applies_to_the_tier_customers(self):
        self.customer._post_reward_points(800, "earn")
        self.assertEqual(self.customer.property_product_pricelist, self.pl_silver)
        own = self.env["product.pricelist"].create({"name": "Negotiated"})
        keeper = self.Partner.create({"name": "Own prices"})
        keeper._post_reward_points(800, "earn")
        keeper.property_product_pricelist = own
        before = self._tier_messages(self.customer)
        self.silver.with_user(self.manager).pricelist_id = self.pl_silver_new
        self.assertEqual(self.customer.property_product_pricelist, self.pl_silver_new)
        # a price list of the customer's own is kept
        self.assertEqual(keeper.property_product_pricelist, own)
        # nothing else moved
        self.assertEqual(self.customer.reward_tier_id, self.silver)
        self.assertFalse(self._tier_messages(self.customer) - before)
