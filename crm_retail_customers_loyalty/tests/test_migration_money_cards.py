# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import tagged

from .common import RetailLoyaltyCase


@tagged("post_install", "-at_install")
class TestMigrationMoneyCards(RetailLoyaltyCase):
    """17.0.1.2.0 marks what orders paid before the upgrade did with gift
    cards: confirmed (confirming one again loads no card) and their card
    payments as payments."""

    def migrate(self):
        path = (
            Path(get_module_path("crm_retail_customers_loyalty"))
            / "migrations/17.0.1.2.0/post-migration.py"
        )
        spec = importlib.util.spec_from_file_location("money_cards_migration", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        self.env.flush_all()
        script.migrate(self.env.cr, "17.0.1.1.0")
        self.env.invalidate_all()

    def test_orders_paid_before_the_upgrade(self):
        card = self.card(self.gift_program, 50.0)
        paid = self.ui_order(
            [
                self.ui_line(self.product_plain, 5),
                self.reward_line(self.gift_reward, -50.0, card),
                self.reward_line(self.promo_reward, -5.0),
            ],
            self.customer_x,
        )
        draft = self.ui_order([self.ui_line(self.gift_card_product, 1, 50.0)])
        self.sync(paid, user=self.pos_user)
        self.env["pos.order"].with_user(self.pos_user).create_from_ui(
            [draft], draft=True
        )
        orders = self.order_of(paid) | self.order_of(draft)
        self.env.flush_all()
        # as the upgrade finds them: columns new and empty
        self.env.cr.execute(
            "UPDATE pos_order SET retail_cards_confirmed = NULL WHERE id IN %s",
            [tuple(orders.ids)],
        )
        self.env.cr.execute(
            "UPDATE pos_order_line SET retail_card_points = NULL WHERE order_id IN %s",
            [tuple(orders.ids)],
        )
        self.migrate()
        order, unpaid = self.order_of(paid), self.order_of(draft)
        self.assertTrue(order.retail_cards_confirmed)
        self.assertFalse(unpaid.retail_cards_confirmed)
        self.assertEqual(
            sorted(order.lines.mapped("retail_card_points")), [0.0, 0.0, 50.0]
        )
        self.assertEqual(order._retail_card_payment(order.lines[1]), 50.0)
