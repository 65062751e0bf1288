# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import (
    load_languages,
    screenshot_at_end,
)

from .common import RetailPosTourCase


@tagged("post_install", "-at_install")
class TestRetailPosPersianTour(RetailPosTourCase):
    """The till of a Persian cashier: right to left, our terms in Persian
    (customer list with points, tier and ban badges; the redemption popup).
    The tour checks the layout is mirrored (products at the right, a
    customer's name at the right of their balance) while numbers keep their
    own direction (a phone number, a card number, a negative total with its
    sign in front: read from where their characters are drawn); a screenshot of the
    redemption popup is kept as a test artifact for people to look at."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(
            cls.env,
            ["fa_IR"],
            (
                "base",
                "web",
                "point_of_sale",
                "crm_retail_customers",
                "crm_retail_customers_pos",
            ),
        )
        cls.pos_user.lang = "fa_IR"
        cls.zoe.write({"name": "Zoe Cardholder Jr.", "mobile": "+48 601 234 567"})

    def test_persian_customer_list(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        with screenshot_at_end("pos_fa_customer_list") as path:
            self.start_pos_tour("crm_retail_customers_pos_rtl_list_tour")
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)

    def test_persian_redemption_popup(self):
        self.assertEqual(self.zoe.reward_tier_id, self.tier)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        with screenshot_at_end("pos_fa_redeem_popup") as path:
            self.start_pos_tour("crm_retail_customers_pos_rtl_tour")
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
