# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import RETAIL_MANAGER, company_user

from .common import RetailPosTillCase


@tagged("post_install", "-at_install")
class TestRetailPosRedeemProofTour(RetailPosTillCase):
    """A customer picked by name redeems only with the card's code or a
    manager's approval, asked for by the till before the discount."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company.retail_redeem_proof = "card_or_code"
        cls.petra = env["res.partner"].create({"name": "Proof Petra"})
        cls.petra._post_reward_points(500, "opening", company_id=cls.company.id)
        env["retail.card"].create(
            [{"partner_id": cls.petra.id, "code": "2468", "number": "2900003000015"}]
        )
        cls.manager = company_user(env, "tour_manager", RETAIL_MANAGER, cls.company)
        env["product.product"].create(
            {
                "name": "Proof Jacket",
                "available_in_pos": True,
                "list_price": 50.0,
                "taxes_id": False,
            }
        )

    def test_code_or_manager_before_the_discount(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_redeem_proof_tour")
        orders = self.env["pos.order"].search(
            [("partner_id", "=", self.petra.id)], order="id"
        )
        self.assertEqual(orders.mapped("retail_points_redeemed"), [20.0, 10.0, 5.0])
        entries = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.petra.id), ("kind", "=", "redeem")], order="id"
        )
        self.assertIn("code of card", entries[0].note)
        self.assertIn(
            f"approved by {self.manager.name}: Card forgotten at home", entries[1].note
        )
        self.assertIn("card 2900003000015 presented", entries[2].note)
        # a wrong code was counted
        self.assertEqual(
            self.env["retail.pos.proof.attempt"].search_count([("kind", "=", "code")]),
            1,
        )
