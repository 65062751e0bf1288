# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import RetailLoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyLabels(RetailLoyaltyCase):
    """Beside Odoo's loyalty menus and points, the shop's say they are the
    shop's (the till's labels: test_ui_loyalty_sale.py)."""

    def test_menu_and_receipt_name_the_shop(self):
        self.assertEqual(
            self.env.ref("crm_retail_customers.menu_retail_loyalty").name,
            "Shop Loyalty",
        )
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        result = self.sync(data, user=self.pos_user)
        points = result[0]["retail_points"]
        self.assertEqual(points["labels"]["title"], "REWARD POINTS (SHOP)")
        self.assertEqual(points["earned"], 20.0)
