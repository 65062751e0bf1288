# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers_pos.tests.common import RetailPosTillCase


@tagged("post_install", "-at_install")
class TestRetailLoyaltySaleTour(RetailPosTillCase):
    """The till with Odoo's promotions and gift cards beside the shop's
    points, on a 1366 x 768 screen."""

    def test_sale_with_gift_card_promotion_and_points(self):
        """static/tests/tours/retail_loyalty_tours.js: the points are booked
        as the till showed them; the gift card paid 30.00 and earned nothing."""
        env = self.env
        company = self.company
        company.retail_redeem_proof = "none"
        # only this test's programs on the till
        env["loyalty.program"].search([]).active = False
        Program = env["loyalty.program"]
        env.ref("loyalty.gift_card_product_50").active = True
        gift_program = Program.browse(
            Program.create_from_template("gift_card")["res_id"]
        )
        jacket = env["product.product"].create(
            {
                "name": "Loyalty Jacket",
                "available_in_pos": True,
                "list_price": 100.0,
                "taxes_id": False,
            }
        )
        # 10 % off the jacket (not the order: what the points discount
        # leaves of the order would depend on the order of the clicks)
        promotion = Program.create(
            {
                "name": "Ten percent off",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [(0, 0, {"reward_point_amount": 1})],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "specific",
                            "discount_product_ids": [(6, 0, jacket.ids)],
                        },
                    )
                ],
            }
        )
        (gift_program | promotion).pos_ok = True
        self.main_pos_config.gift_card_settings = "scan_use"
        card = env["loyalty.card"].create(
            {"program_id": gift_program.id, "points": 30.0, "code": "044123456"}
        )
        lola = env["res.partner"].create({"name": "Lola Loyal"})
        lola._post_reward_points(100, "opening", company_id=company.id)
        # as Odoo's own pos_loyalty tours: with Sales installed, confirming
        # the programs of a paid order reads sales order lines
        self.pos_user.groups_id += env.ref("stock.group_stock_user")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_loyalty_sale_tour")
        order = env["pos.order"].search([("partner_id", "=", lola.id)])
        self.assertEqual(len(order), 1)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_earned, 85.0)
        self.assertEqual(order.retail_points_redeemed, 50.0)
        self.assertEqual(lola.reward_points, 135.0)
        # Odoo's side: the gift card paid 30.00
        self.assertAlmostEqual(card.points, 0.0)
        self.assertAlmostEqual(sum(order.payment_ids.mapped("amount")), 55.0)
