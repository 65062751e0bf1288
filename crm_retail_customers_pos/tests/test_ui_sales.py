# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged

from .common import RetailPosTillCase


@tagged("post_install", "-at_install")
class TestRetailPosSalesTour(RetailPosTillCase):
    def test_customer_details_show_sales(self):
        """The details show the purchases counted like the reports: an
        invoice of the back office, then also the sale just made at the till
        (static/tests/tours/retail_pos_sales_tour.js)."""
        env = self.env
        customer = env["res.partner"].create({"name": "Sam Summary"})
        env["product.product"].create(
            {
                "name": "Summary Jacket",
                "available_in_pos": True,
                "list_price": 50.0,
                "taxes_id": False,
            }
        )
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": "2026-01-15",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Fitting",
                            "quantity": 1,
                            "price_unit": 30.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_sales_summary_tour")
        order = env["pos.order"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(order), 1)
        self.assertIn("Shop", order.name)
        env.invalidate_all()
        self.assertEqual(
            (customer.retail_sales_count, customer.retail_sales_amount),
            (2, 80.0),
        )
        self.assertEqual(customer.retail_last_sale_name, order.name)
