# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import RetailPosTourCase


@tagged("post_install", "-at_install")
class TestRetailPosTours(RetailPosTourCase):
    def test_scan_search_and_show_customers(self):
        """Steps 1-3."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        preloaded = {
            row[0] for row in self.main_pos_config.get_limited_partners_loading()
        }
        self.assertIn(self.aaron.id, preloaded)
        self.assertNotIn(self.zoe.id, preloaded)
        self.assertNotIn(self.xena.id, preloaded)
        self.start_pos_tour("crm_retail_customers_pos_card_tour")

    def test_create_customer_with_card(self):
        """Step 4."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_create_customer_tour")
        partner = self.env["res.partner"].search([("name", "=", "Till Newcomer")])
        self.assertEqual(len(partner), 1)
        self.assertEqual(partner.email, "till.newcomer@example.com")
        self.assertEqual(partner.phone, "+32 470 11 22 33")
        self.assertEqual(partner.customer_group_id, self.group)
        self.assertEqual(partner.birthdate.isoformat(), "1990-05-17")
        self.assertTrue(partner.no_email_marketing)
        self.assertFalse(partner.no_sms_marketing)
        self.assertTrue(partner.no_letter_marketing)
        self.assertEqual(len(partner.card_ids), 1)
        self.assertEqual(partner.card_ids.state, "active")
        self.assertEqual(partner.card_number, partner.card_ids.number)
        self.assertEqual(partner.card_ids.create_uid, self.pos_user)

    def test_sell_redeem_and_refund(self):
        """Steps 5-7: the sale earns and redeems once, the refund takes back
        the earned points and gives back the redeemed ones."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_redeem_tour")
        order = self.env["pos.order"].search([("partner_id", "=", self.zoe.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_redeemed, 30.0)
        self.assertEqual(order.retail_points_earned, 47.0)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", order.id)], order="id"
        )
        self.assertEqual(
            [(e.kind, e.points) for e in entries], [("redeem", -30.0), ("earn", 47.0)]
        )
        self.assertEqual(self.zoe.reward_points, 67.0)

        self.start_pos_tour("crm_retail_customers_pos_refund_tour")
        refund = self.env["pos.order"].search(
            [("partner_id", "=", self.zoe.id), ("id", "!=", order.id)]
        )
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.retail_points_reversed, 47.0)
        self.assertEqual(refund.retail_points_returned, 30.0)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)], order="id"
        )
        self.assertEqual(
            [(e.kind, e.points) for e in entries],
            # redeemed points go back first, then the earned ones are taken
            [("redeem", 30.0), ("reverse", -47.0)],
        )
        self.assertEqual(self.zoe.reward_points, 50.0)


@tagged("post_install", "-at_install")
class TestRetailPosTabletTour(RetailPosTourCase):
    """On purpose at the size of a 10-inch tablet in landscape (1024 x 768),
    the other till people use: scanning, searching and showing customers
    must work there too."""

    browser_size = "1024,768"

    def test_scan_search_and_show_customers_on_tablet(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_card_tour")
