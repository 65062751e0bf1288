# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.tests.common import (
    company_user,
    screenshot_at_end,
)

from .common import RetailPosTourCase


@tagged("post_install", "-at_install")
class TestRetailPosTill(RetailPosTourCase):
    """What the cashier sees at 1366 x 768: the points of a refund of an
    order loaded from the server, card and customer numbers typed into the
    product search, the receipt naming customer and card, the redemption
    popup's layout."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tours redeem without a card scan or code
        cls.company.retail_redeem_proof = "none"
        cls.aaron.ref = "C-7001"

    def setUp(self):
        super().setUp()
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.pos_session = self.main_pos_config.current_session_id

    def sell_on_server(self, customer=None, lines=None, uid="00042-001-0001"):
        """Zoe's order of two jackets paid 30 points (3.00) (or ``lines`` of
        ``customer``), synced as another till would: the till under test
        loads it from the server."""
        redemption = self.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
        )
        customer = customer or self.zoe
        lines = lines or [
            (self.jacket, 2, 50.0, {}),
            (redemption, 1, -3.0, {"retail_redeem_points": 30.0}),
        ]
        now = fields.Datetime.to_string(fields.Datetime.now())
        total = sum(qty * price for _product, qty, price, _extra in lines)
        bank = self.main_pos_config.payment_method_ids.filtered(
            lambda method: method.name == "Bank"
        )[:1]
        data = {
            "amount_paid": total,
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": total,
            "date_order": now,
            "fiscal_position_id": False,
            "pricelist_id": self.main_pos_config.pricelist_id.id,
            "lines": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "qty": qty,
                        "price_unit": price,
                        "price_subtotal": qty * price,
                        "price_subtotal_incl": qty * price,
                        "tax_ids": [(6, 0, [])],
                        "full_product_name": product.display_name,
                        **extra,
                    },
                )
                for product, qty, price, extra in lines
            ],
            "name": f"Order {uid}",
            "partner_id": customer.id,
            "pos_session_id": self.pos_session.id,
            "sequence_number": 1,
            "statement_ids": [
                (
                    0,
                    0,
                    {
                        "amount": total,
                        "name": now,
                        "payment_method_id": bank.id,
                    },
                )
            ],
            "uid": uid,
            "user_id": self.pos_user.id,
            "to_invoice": False,
        }
        self.env["pos.order"].with_user(self.pos_user).create_from_ui(
            [{"data": data, "id": uid, "to_invoice": False}]
        )
        return self.env["pos.order"].search([("pos_reference", "=", data["name"])])

    def test_refund_panel_shows_what_the_server_books(self):
        order = self.sell_on_server()
        self.assertEqual(order.retail_points_redeemed, 30.0)
        self.assertEqual(order.retail_points_earned, 97.0)
        self.assertEqual(self.zoe.reward_points, 117.0)
        self.start_pos_tour("crm_retail_customers_pos_refund_panel_tour")
        refund = self.env["pos.order"].search(
            [("partner_id", "=", self.zoe.id), ("id", "!=", order.id)]
        )
        self.assertEqual(len(refund), 1)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)], order="id"
        )
        # the ledger books what the panel showed (+15.00, -48.50, then 83.50)
        self.assertEqual(
            [(e.kind, e.points) for e in entries],
            [("redeem", 15.0), ("reverse", -48.5)],
        )
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertEqual(refund.retail_points_reversed, 48.5)
        self.assertEqual(refund.retail_points_returned, 15.0)
        self.assertEqual(self.zoe.reward_points, 83.5)

    def test_refund_panel_shows_the_welcome_bonus_taken_back(self):
        """A new member's first purchase refunded in full: the panel shows
        the welcome bonus taken back with the earned points, and the ledger
        books what it showed."""
        self.company.retail_welcome_points = 25.0
        nina = self.env["res.partner"].create({"name": "Nina Newcomer"})
        nina._retail_enrol("pos")
        order = self.sell_on_server(nina, [(self.jacket, 1, 50.0, {})])
        self.assertEqual(nina.reward_points, 75.0)
        self.start_pos_tour("crm_retail_customers_pos_refund_bonus_tour")
        refund = self.env["pos.order"].search(
            [("partner_id", "=", nina.id), ("id", "!=", order.id)]
        )
        self.assertEqual(len(refund), 1)
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertEqual(refund.retail_points_reversed, 75.0)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)], order="id"
        )
        self.assertEqual(
            [(e.kind, e.points) for e in entries],
            [("reverse", -50.0), ("bonus", -25.0)],
        )
        self.assertEqual(nina.reward_points, 0.0)

    def test_refund_points_rpc(self):
        """The figures the panel shows come from the ledger entries of the
        refunded order, by the refund's own rule, and only for lines of
        orders the cashier may read."""
        order = self.sell_on_server()
        jacket_line, discount_line = order.lines
        Order = self.env["pos.order"].with_user(self.pos_user)
        # one jacket: its 50 points at full price, at the 97 of 100 earned
        answer = Order.retail_pos_refund_points([[jacket_line.id, 1]])
        self.assertEqual(answer["reversed"], 48.5)
        self.assertEqual(answer["returned"], 0.0)
        self.assertEqual(answer["partner_id"], self.zoe.id)
        self.assertEqual(answer["balance"], 117.0)
        # both jackets and the discount: all earned back, all redeemed given
        answer = Order.retail_pos_refund_points(
            [[jacket_line.id, 2], [discount_line.id, 1]]
        )
        self.assertEqual((answer["reversed"], answer["returned"]), (97.0, 30.0))
        # forged shapes are no lines (and no server error)
        for forged in (5, "ab", [[1, 2, 3]], [[7]], {"a": 1}, [None], [[True, 1]]):
            self.assertFalse(Order.retail_pos_refund_points(forged), forged)
        self.assertFalse(Order.retail_pos_refund_points([[0, 1], ["x", "y"]]))
        # a cashier of another company reads neither the customer nor the
        # balance through the lines (Odoo has no company rule on the lines)
        other = self.env["res.company"].create({"name": "Refund Other Co"})
        cashier = company_user(
            self.env, "refund_other_cashier", "point_of_sale.group_pos_user", other
        )
        with self.assertRaises(AccessError):
            self.env["pos.order"].with_user(cashier).retail_pos_refund_points(
                [[jacket_line.id, 1]]
            )
        # an employee without the till's rights cannot read the order's points
        clerk = new_test_user(self.env, login="refund_clerk", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["pos.order"].with_user(clerk).retail_pos_refund_points(
                [[jacket_line.id, 1]]
            )

    def test_typed_card_and_customer_numbers(self):
        self.start_pos_tour("crm_retail_customers_pos_typed_number_tour")
        order = self.env["pos.order"].search([("partner_id", "=", self.zoe.id)])
        self.assertEqual(order.retail_points_earned, 50.0)
        # a typed number is no card presented: no proof was recorded
        self.assertFalse(
            self.env["retail.pos.redeem.proof"].search(
                [("partner_id", "=", self.zoe.id)]
            )
        )

    def test_redeem_popup_title_above_text(self):
        with screenshot_at_end("pos_redeem_popup") as path:
            self.start_pos_tour("crm_retail_customers_pos_redeem_popup_tour")
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
