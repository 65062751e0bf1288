# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import RetailPosTillCase

#: Card numbers the tours scan (static/tests/tours/retail_pos_standing_tours.js).
AINO_CARD = "2900002000016"
BIRTHDAY_CARD = "2900002000023"
BLOCKED_CARD = "2900002000030"


@tagged("post_install", "-at_install")
class TestRetailPosStanding(RetailPosTillCase):
    """The customer's standing in the order panel, at desktop size."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company.retail_points_validity_months = 12
        cls.gold = env["retail.tier"].create(
            {"name": "Standing Gold", "min_points": 1000, "earn_factor": 2.0}
        )
        Partner = env["res.partner"]
        cls.aino = Partner.create({"name": "Aino Virtanen"})
        cls.aino._post_reward_points(2450, "opening", company_id=cls.company.id)
        # the browser's clock cannot be frozen: the day is the one the server
        # takes for the cashier, whose session the tour runs in (their time
        # zone), and a leap year of birth has every day, 29 February included
        today = fields.Date.context_today(cls.aino.with_user(cls.pos_user))
        cls.berit = Partner.create(
            {"name": "Birthday Berit", "birthdate": today.replace(year=1992)}
        )
        # points that expire within 30 days
        cls.berit._post_reward_points(
            120,
            "earn",
            company_id=cls.company.id,
            expiry_date=today + timedelta(days=10),
        )
        cls.bo = Partner.create({"name": "Blocked Bo"})
        Card = env["retail.card"]
        Card.create(
            [
                {"partner_id": cls.aino.id, "number": AINO_CARD},
                {"partner_id": cls.berit.id, "number": BIRTHDAY_CARD},
                {"partner_id": cls.bo.id, "number": BLOCKED_CARD},
            ]
        )[2].action_block()
        cls.coat = env["product.product"].create(
            {
                "name": "Standing Coat",
                "available_in_pos": True,
                "list_price": 80.0,
                "taxes_id": False,
            }
        )

    def start_pos_tour(self, tour):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        return super().start_pos_tour(tour)

    def test_standing_during_the_sale(self):
        self.start_pos_tour("crm_retail_customers_pos_standing_tour")
        order = self.env["pos.order"].search([("partner_id", "=", self.aino.id)])
        # what the panel showed is what the server booked
        self.assertEqual(order.retail_points_redeemed, 200.0)
        self.assertEqual(order.retail_points_earned, 280.0)
        self.assertEqual(self.aino.reward_points, 2530.0)

    def test_warnings_at_the_counter(self):
        self.start_pos_tour("crm_retail_customers_pos_standing_warnings_tour")
