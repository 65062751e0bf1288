# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RetailPosCase

MEASURES = ["sales_amount:sum", "order_count:sum", "points_earned:sum"]


@tagged("post_install", "-at_install")
class TestPosCustomerAnalysis(RetailPosCase):
    """POS orders in the customer analysis: an invoiced order is one sale,
    in the order's month, whatever month its invoice falls in."""

    def analysis(self, domain):
        Analysis = self.env["retail.customer.analysis"]
        Analysis._refresh_analysis()
        [total] = Analysis.read_group(
            [("partner_id", "=", self.customer_x.id)] + domain,
            MEASURES,
            [],
            lazy=False,
        )
        return (total["sales_amount"], total["order_count"], total["points_earned"])

    def test_invoiced_order_counts_once(self):
        data = self.ui_order([self.ui_line(self.product_plain, 3)], self.customer_x)
        data["data"]["to_invoice"] = True
        data["to_invoice"] = True
        data["data"]["date_order"] = "2025-03-10 10:00:00"
        self.sync(data)
        order = self.order_of(data)
        invoice = order.account_move
        self.assertEqual((invoice.move_type, invoice.state), ("out_invoice", "posted"))
        invoice.invoice_date = "2025-04-05"
        # the order, once (its earning is no sale of its own either); the
        # points where the ledger booked them
        self.assertEqual(self.analysis([]), (order.amount_total, 1, 60.0))
        march = [("date", "=", date(2025, 3, 1))]
        self.assertEqual(self.analysis(march)[:2], (order.amount_total, 1))
        # the invoice's month has no sale
        april = [("date", "=", date(2025, 4, 1))]
        self.assertEqual(self.analysis(april)[:2], (0.0, 0))

    def test_refund_is_no_sale(self):
        data = self.ui_order([self.ui_line(self.product_plain, 2)], self.customer_x)
        self.sync(data)
        order = self.order_of(data)
        self.sync(self.ui_order([self.refund_line(order.lines)], self.customer_x))
        self.assertEqual(self.analysis([])[:2], (40.0, 1))

    def test_cashier_is_refused(self):
        """A cashier who is no Retail CRM user reads no analysis."""
        with self.assertRaises(AccessError):
            self.env["retail.customer.analysis"].with_user(self.pos_user).read_group(
                [], MEASURES, [], lazy=False
            )
