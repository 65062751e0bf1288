# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The ticket screen refunds goods with their share of the points discount
(static/src/overrides/components/ticket_screen/ticket_screen.js)."""

from odoo import fields
from odoo.tests import tagged

from .common import RetailPosTourCase


@tagged("post_install", "-at_install")
class TestRefundShareTill(RetailPosTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_redeem_proof = "none"
        cls.vat24, cls.vat14, cls.coat, cls.bread = cls.create_two_rate_goods()
        cls.aaron._post_reward_points(500, "opening", company_id=cls.company.id)

    def setUp(self):
        super().setUp()
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.pos_session = self.main_pos_config.current_session_id

    def sell_on_server(self):
        """3 coats and bread paid in part with 100 points (8.57 on the
        coats' 24 %, 1.43 on the bread's 14 %), synced as another till
        would: the till under test loads it from the server."""
        redemption = self.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
        )
        currency = self.company.currency_id
        lines = []
        for product, qty, price, tax, extra in (
            (self.coat, 3, 100.0, self.vat24, {}),
            (self.bread, 1, 50.0, self.vat14, {}),
            (redemption, 1, -8.57, self.vat24, {"retail_redeem_points": 85.7}),
            (redemption, 1, -1.43, self.vat14, {"retail_redeem_points": 14.3}),
        ):
            amounts = tax.compute_all(price, currency, qty, product=product)
            lines.append(
                {
                    "product_id": product.id,
                    "qty": qty,
                    "price_unit": price,
                    "price_subtotal": amounts["total_excluded"],
                    "price_subtotal_incl": amounts["total_included"],
                    "tax_ids": [(6, 0, tax.ids)],
                    "full_product_name": product.display_name,
                    **extra,
                }
            )
        now = fields.Datetime.to_string(fields.Datetime.now())
        total = round(sum(line["price_subtotal_incl"] for line in lines), 2)
        base = round(sum(line["price_subtotal"] for line in lines), 2)
        uid = "00043-001-0001"
        bank = self.main_pos_config.payment_method_ids.filtered(
            lambda method: method.name == "Bank"
        )[:1]
        data = {
            "amount_paid": total,
            "amount_return": 0,
            "amount_tax": round(total - base, 2),
            "amount_total": total,
            "date_order": now,
            "fiscal_position_id": False,
            "pricelist_id": self.main_pos_config.pricelist_id.id,
            "lines": [(0, 0, line) for line in lines],
            "name": f"Order {uid}",
            "partner_id": self.aaron.id,
            "pos_session_id": self.pos_session.id,
            "sequence_number": 1,
            "statement_ids": [
                (0, 0, {"amount": total, "name": now, "payment_method_id": bank.id})
            ],
            "uid": uid,
            "user_id": self.pos_user.id,
            "to_invoice": False,
        }
        self.env["pos.order"].with_user(self.pos_user).create_from_ui(
            [{"data": data, "id": uid, "to_invoice": False}]
        )
        return self.env["pos.order"].search([("pos_reference", "=", data["name"])])

    def test_ticket_screen_refunds_the_share_of_the_discount(self):
        order = self.sell_on_server()
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertEqual(order.retail_points_redeemed, 100.0)
        self.start_pos_tour("crm_retail_customers_pos_refund_share_tour")
        refund, rest = self.env["pos.order"].search(
            [("partner_id", "=", self.aaron.id), ("id", "!=", order.id)], order="id"
        )
        self.assertFalse(refund.retail_points_held, refund.retail_points_error)
        self.assertAlmostEqual(refund.amount_total, -97.14, places=2)
        share = refund.lines.filtered(
            lambda line: line.product_id.id == order._retail_redemption_product_id()
        )
        self.assertEqual(share.tax_ids, self.vat24)
        self.assertEqual(
            (share.qty, round(share.price_subtotal_incl, 2)), (-0.33, 2.86)
        )
        # 24 % of the coat less its share: 19.35 - 0.55
        self.assertAlmostEqual(refund.amount_tax, -18.80, places=2)
        self.assertEqual(refund.retail_points_returned, 28.6)
        self.assertFalse(rest.retail_points_held, rest.retail_points_error)
        self.assertAlmostEqual(rest.amount_total, -242.86, places=2)
        self.assertEqual(rest.retail_points_returned, 71.4)
        # both refunds: what the sale took, to the cent and the point
        self.assertAlmostEqual(
            refund.amount_total + rest.amount_total, -order.amount_total, places=2
        )
        self.assertAlmostEqual(
            refund.amount_tax + rest.amount_tax, -order.amount_tax, places=2
        )
        self.assertFalse(
            order.lines.filtered(lambda line: line.qty > line.refunded_qty)
        )
