# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A whole-points shop at the till, in Chromium at 1366 x 768: the panel's
estimate and the receipt show the whole points the server books."""

from odoo.tests import tagged

from .common import RetailPosTillCase

#: The card the tour scans (static/tests/tours/retail_pos_whole_points_tours.js).
WANDA_CARD = "2900004000014"


@tagged("post_install", "-at_install")
class TestRetailPosWholePointsUi(RetailPosTillCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["retail.earn.rule"].search([]).active = False
        cls.company.write(
            {
                "retail_points_precision": "whole",
                "retail_points_per_currency": 1.0,
                "retail_redeem_proof": "none",
            }
        )
        cls.coat = env["product.product"].create(
            {
                "name": "Whole Coat",
                "available_in_pos": True,
                "list_price": 280.98,
                "taxes_id": False,
            }
        )
        cls.wanda = env["res.partner"].create({"name": "Wanda Whole"})
        cls.wanda._post_reward_points(1000, "opening", company_id=cls.company.id)
        env["retail.card"].create({"partner_id": cls.wanda.id, "number": WANDA_CARD})

    def test_whole_points_at_the_till(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_whole_points_tour")
        order = self.env["pos.order"].search([("partner_id", "=", self.wanda.id)])
        self.assertEqual(len(order), 1)
        # what the till showed (+280, receipt 280) is what the server booked
        self.assertEqual(order.retail_points_earned, 280.0)
        self.assertAlmostEqual(order.lines.retail_points, 280.98)
        self.assertEqual(self.wanda.reward_points, 1280.0)
