# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import (
    load_languages,
    screenshot_at_end,
)

from . import test_ui_till
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


@tagged("post_install", "-at_install")
class TestRetailPosPersianPanels(RetailPosTourCase):
    """The points panel of a Persian cashier at 1366 x 768: a customer who is
    not a member ("not a member, join to earn N points", a frozen balance)
    and the refund of an order loaded from the server (points taken and
    given back). The tours check the texts are Persian, the figures read
    left to right with their sign in front and the labels do not wrap;
    a screenshot of each panel is kept as a test artifact."""

    sell_on_server = test_ui_till.TestRetailPosTill.sell_on_server

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
        cls.company.retail_redeem_proof = "none"

    def setUp(self):
        super().setUp()
        # the session is opened on the server; the tour confirms the
        # opening popup by its button, not by Odoo's English text
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.pos_session = self.main_pos_config.current_session_id

    def test_persian_non_member_panel(self):
        nora = self.env["res.partner"].create({"name": "Nora Newmember"})
        nora._post_reward_points(20, "opening", company_id=self.company.id)
        self.company.retail_members_only = True
        self.assertFalse(nora.retail_member)
        with screenshot_at_end("pos_fa_non_member_panel") as path:
            self.start_pos_tour("crm_retail_customers_pos_rtl_non_member_tour")
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
        # nothing was sold: the panel only said what joining would earn
        self.assertFalse(self.env["pos.order"].search([("partner_id", "=", nora.id)]))

    def test_persian_refund_panel(self):
        order = self.sell_on_server()
        jacket, discount = order.lines
        self.assertEqual(self.zoe.reward_points, 117.0)
        # what the panel must show is what the server answers for the refund
        answer = (
            self.env["pos.order"]
            .with_user(self.pos_user)
            .retail_pos_refund_points([[jacket.id, 1], [discount.id, 0.5, 1.5, 1.5]])
        )
        # one jacket of two and half the discount with it (the till adds
        # it): the jacket's 50 points at the 97 of 100 the sale earned
        self.assertEqual((answer["reversed"], answer["returned"]), (48.5, 15.0))
        with screenshot_at_end("pos_fa_refund_panel") as path:
            self.start_pos_tour("crm_retail_customers_pos_rtl_refund_panel_tour")
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
