# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import RetailSaleCase

MANAGER_GROUPS = (
    "base.group_user,base.group_partner_manager,"
    "crm_retail_customers.group_retail_manager"
)


@tagged("post_install", "-at_install")
class TestSaleForget(RetailSaleCase):
    """Erasure and sale orders: an order still to invoice refuses it (M6);
    an order of another company refuses it for that company's outsider
    (H1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="sale_forget_manager", groups=MANAGER_GROUPS
        )
        cls.buyer = cls.Partner.create({"name": "Sale Erasure Buyer"})

    def test_confirmed_order_to_invoice_refuses(self):
        order = self.order(self.buyer, confirm=True)
        self.assertEqual(order.invoice_status, "to invoice")
        with self.assertRaisesRegex(UserError, order.name):
            self.buyer.with_user(self.manager).action_retail_forget()
        self.assertFalse(self.buyer.retail_forgotten)
        order._action_cancel()
        self.buyer.with_user(self.manager).action_retail_forget()
        self.assertTrue(self.buyer.retail_forgotten)

    def test_order_of_another_company_refuses(self):
        other = self.env["res.company"].create({"name": "Sale Forget B"})
        order = self.order(self.buyer, company_id=other.id)
        manager_a = company_user(
            self.env, "sale_forget_manager_a", MANAGER_GROUPS, self.company
        )
        with self.assertRaises(AccessError) as caught:
            self.buyer.with_user(manager_a).action_retail_forget()
        self.assertNotIn(order.name, str(caught.exception))
        self.assertFalse(self.buyer.retail_forgotten)
