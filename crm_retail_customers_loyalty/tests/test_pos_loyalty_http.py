# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A cashier cannot make the shop's points grow with made-up gift card or
eWallet lines: attacked over the till's own JSON-RPC route with a real
cashier session."""

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_retail_customers_pos.tests.common import TillRpcMixin

from .common import RetailLoyaltyCase


@tagged("post_install", "-at_install")
class TestPosLoyaltyHttp(TillRpcMixin, RetailLoyaltyCase, HttpCase):
    def test_cashier_cannot_move_a_card_into_a_money_program(self):
        """Point of Sale users may write cards (the till confirms their
        points), but not move a card of the loyalty program into the gift
        card program, where its points would pay for sales as money."""
        loyalty = self.env["loyalty.program"].create(
            {"name": "Shop loyalty", "program_type": "loyalty"}
        )
        card = self.card(loyalty, 500.0)
        self.authenticate("retail_cashier", "retail_cashier")
        message = self._refused(
            "odoo.exceptions.UserError",
            "loyalty.card",
            "write",
            [card.id],
            {"program_id": self.gift_program.id},
        )
        self.assertIn("stays in its program", message)
        self.assertEqual(card.program_id, loyalty)
        data = self.ui_order(
            [
                self.ui_line(self.product_plain, 4),
                self.reward_line(self.gift_reward, -70.0, card),
            ],
            self.customer_x,
        )
        self._call("pos.order", "create_from_ui", [data], False)
        self.assertEqual(self.order_of(data).retail_points_earned, 10.0)

    def test_cashier_cannot_earn_on_made_up_gift_card_money(self):
        """The till sends 80.00 of goods "paid" 70.00 by a gift card holding
        5.00, then 70.00 by an eWallet reward claimed on that gift card:
        neither is money the server sees, both are discounts; the customer
        earns on the 10.00 paid, no more."""
        short = self.card(self.gift_program, 5.0)
        for reward in (self.gift_reward, self.ewallet_reward):
            with self.subTest(reward=reward.program_id.program_type):
                self.authenticate("retail_cashier", "retail_cashier")
                data = self.ui_order(
                    [
                        self.ui_line(self.product_plain, 4),
                        self.reward_line(reward, -70.0, short),
                    ],
                    self.customer_x,
                )
                self._call("pos.order", "create_from_ui", [data], False)
                order = self.order_of(data)
                self.assertEqual(order.state, "paid")
                self.assertFalse(order.retail_points_held)
                self.assertEqual(order.retail_points_earned, 10.0)
        self.assertEqual(self.customer_x.reward_points, 20.0)
