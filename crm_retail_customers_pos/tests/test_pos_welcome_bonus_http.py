# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Welcome-bonus farming at the till, as the cashier would try it: the
till's own JSON-RPC calls with a logged-in cashier session."""

from odoo.tests import HttpCase, tagged

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosWelcomeBonusHttp(RetailPosCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"retail_members_only": True, "retail_welcome_points": 10})

    def _call(self, model, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    def welcome(self, partners):
        return self.env["retail.point.entry"].search(
            [("idempotency_key", "in", [f"welcome:{p.id}" for p in partners])]
        )

    def test_cashier_cannot_farm_welcome_bonuses(self):
        self.authenticate("retail_cashier", "retail_cashier")
        # three customers created at the till with a card: members, no bonus
        ids = [
            self._call(
                "res.partner",
                "create_from_ui",
                {
                    "name": f"Farmed Customer {index}",
                    "retail_issue_card": True,
                    "retail_config_id": self.config.id,
                },
            )
            for index in range(3)
        ]
        customers = self.Partner.browse(ids)
        self.assertTrue(all(customers.mapped("retail_member")))
        self.assertTrue(all(customers.mapped("card_number")))
        self.assertEqual(customers.mapped("reward_points"), [0.0, 0.0, 0.0])
        self.assertFalse(self.welcome(customers))
        # the first purchase of one of them asks for the three bonuses: the
        # welcome bonus it triggers does not pay for it
        first = customers[0]
        data = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(30)], first
        )
        self._call("pos.order", "create_from_ui", [data])
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(order.retail_points_shortfall, 30.0)
        welcome = self.welcome(customers)
        self.assertEqual((welcome.partner_id, welcome.points), (first, 10.0))
        # booked after the purchase's own entries
        self.assertEqual(self.entries(first)[-1], welcome)
        # 20 - 3 (the discount) earned, and the bonus
        self.assertEqual(first.reward_points, 17.0 + 10.0)
        self.assertEqual(customers[1:].mapped("reward_points"), [0.0, 0.0])
        # the next purchase may spend it, once
        data = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(10)], first
        )
        self._call("pos.order", "create_from_ui", [data])
        self.assertEqual(self.order_of(data).retail_points_redeemed, 10.0)
        self.assertEqual(len(self.welcome(customers)), 1)
