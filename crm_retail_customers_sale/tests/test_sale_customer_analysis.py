# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo.tests import tagged

from .common import RetailSaleCase


@tagged("post_install", "-at_install")
class TestSaleCustomerAnalysis(RetailSaleCase):
    """Sale orders in the customer analysis: a confirmed order is a sale in
    its month; its invoice and the points the invoice earned are no second
    sale, whatever month the invoice is dated."""

    def test_invoiced_order_counts_once(self):
        self.company.retail_points_from_invoices = True
        self.customer._retail_enrol("backoffice")  # members earn
        order = self.order(self.customer, confirm=True)
        order.date_order = datetime(2024, 2, 20, 9, 0)
        invoice = order._create_invoices()
        invoice.invoice_date = "2024-03-05"
        invoice.action_post()
        self.order(self.customer)  # a quotation is no sale
        Analysis = self.env["retail.customer.analysis"].with_context(
            allowed_company_ids=self.company.ids
        )
        Analysis._refresh_analysis()
        [total] = Analysis.read_group(
            [("partner_id", "=", self.customer.id)],
            ["sales_amount:sum", "order_count:sum", "points_earned:sum"],
            [],
            lazy=False,
        )
        self.assertEqual(
            (total["sales_amount"], total["order_count"], total["points_earned"]),
            (order.amount_total, 1, 100.0),
        )
        months = {
            group["date:month"]: group["order_count"]
            for group in Analysis.read_group(
                [("partner_id", "=", self.customer.id), ("order_count", ">", 0)],
                ["order_count:sum"],
                ["date:month"],
                lazy=False,
            )
        }
        self.assertEqual(months, {"February 2024": 1})
