# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The cashier's and the contact clerk's attacks as they come in: JSON-RPC
calls of the web client's own route, with a real session."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosTrustHttp(RetailPosCase, HttpCase):
    def _call(self, model, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    def _refused(self, error, model, method, *args):
        with self.assertRaises(JsonRpcException) as cm:
            self._call(model, method, *args)
        self.assertEqual(cm.exception.args[0], error)

    @mute_logger("odoo.http")
    def test_cashier_over_json_rpc(self):
        data = self.ui_order([self.ui_line(self.product_plain, 5)], self.customer_x)
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertEqual(self.customer_x.reward_points, 100)
        self.authenticate("retail_cashier", "retail_cashier")
        user_error = "odoo.exceptions.UserError"
        ids = [order.id]
        self._refused(user_error, "pos.order", "write", ids, {"pos_reference": "X1"})
        self._refused(
            "odoo.exceptions.AccessError", "pos.order", "action_retail_book_points", ids
        )
        for field, value in (
            ("retail_points_earned", 0),
            ("retail_points_base", 0),
            ("retail_points_redeemed", 1000000),
        ):
            self._refused(user_error, "pos.order", "write", ids, {field: value})
        order.invalidate_recordset()
        self.assertEqual(order.retail_points_earned, 100)
        self.assertEqual(order.pos_reference, data["data"]["name"])
        # a full refund still takes back everything the sale earned
        self.sync(
            self.ui_order([self.refund_line(order.lines)], self.customer_x),
            user=self.pos_user,
        )
        self.assertEqual(self.customer_x.reward_points, 0)

    @mute_logger("odoo.http")
    def test_contact_clerk_over_json_rpc(self):
        new_test_user(
            self.env,
            login="json_contact_clerk",
            groups="base.group_user,base.group_partner_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        customer = self.customer_x
        customer.no_email_marketing = True
        tier = self.env["retail.tier"].create({"name": "Json Gold", "min_points": 1})
        self.authenticate("json_contact_clerk", "json_contact_clerk")
        for vals in (
            {"effective_no_email_marketing": False},
            {"reward_tier_id": tier.id},
            {"card_number": "2900000000017"},
            {"reward_points": 1000},
        ):
            self._refused(
                "odoo.exceptions.UserError", "res.partner", "write", [customer.id], vals
            )
        customer.invalidate_recordset()
        self.assertTrue(customer.effective_no_email_marketing)
        self.assertFalse(customer.reward_tier_id)
        self.assertFalse(customer.card_number)
        self.assertEqual(customer.reward_points, 0)
