# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Erasure and the till: refused while the customer's order waits in a
session that is not closed; once closed, the order is kept (amounts,
points) under the anonymous customer."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosPartnerForget(RetailPosCase):
    def test_open_session_refuses_then_closed_session_erases(self):
        manager = new_test_user(
            self.env,
            login="forget_pos_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        customer = self.customer_x
        data = self.ui_order([self.ui_line(self.product_plain, 2)], customer)
        data["data"]["note"] = "Ring Points Customer at home"
        self.sync(data)
        order = self.order_of(data)
        self.assertEqual(customer.reward_points, 40.0)
        with self.assertRaisesMessage(UserError, "not closed"):
            customer.with_user(manager).action_retail_forget()
        self.assertFalse(customer.retail_forgotten)
        # cashiers cannot erase at all
        with self.assertRaises(AccessError):
            customer.with_user(self.pos_user).action_retail_forget()
        self.pos_session.action_pos_session_closing_control()
        self.assertEqual(self.pos_session.state, "closed")
        total = order.amount_total
        customer.with_user(manager).action_retail_forget()
        self.env.invalidate_all()
        self.assertTrue(customer.retail_forgotten)
        self.assertEqual(order.partner_id, customer)
        self.assertEqual(order.amount_total, total)
        self.assertEqual(order.retail_points_earned, 40.0)
        self.assertNotIn("Points Customer", order.note or "")
        self.assertEqual(customer.reward_points, 0.0)
