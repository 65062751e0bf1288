# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo.tests import tagged

from .common import RetailSaleCase


@tagged("post_install", "-at_install")
class TestSaleSalesSummary(RetailSaleCase):
    def summary(self, partners, date_from=None, date_to=None):
        Report = self.env["retail.customer.report"].with_context(
            allowed_company_ids=self.company.ids
        )
        return {
            partner: (count, number, day)
            for partner, (count, _amount, number, day) in Report._get_sales_summary(
                partners.ids, date_from, date_to
            ).items()
        }

    def confirmed(self, partner, when):
        order = self.order(partner, confirm=True)
        order.date_order = when
        return order

    def test_confirmed_orders_by_customer(self):
        self.confirmed(self.shop, datetime(2024, 1, 10, 9, 0))
        last = self.confirmed(self.other_contact, datetime(2024, 2, 20, 9, 0))
        self.order(self.shop)  # quotation
        cancelled = self.confirmed(self.shop, datetime(2024, 3, 1, 9, 0))
        cancelled._action_cancel()
        summary = self.summary(self.shop | self.customer)
        self.assertEqual(summary[self.shop.id], (2, last.name, date(2024, 2, 20)))
        self.assertNotIn(self.customer.id, summary)
        summary = self.summary(self.shop, date(2024, 2, 1), date(2024, 2, 20))
        self.assertEqual(summary[self.shop.id], (1, last.name, date(2024, 2, 20)))
        summary = self.summary(self.shop, None, date(2024, 1, 9))
        self.assertEqual(summary, {})

    def test_invoiced_order_counts_once(self):
        """An order and its invoice are one sale (the invoicing bridge leaves
        the invoices of orders to this one); the ledger entry the invoice
        earned does not count either."""
        self.company.retail_points_from_invoices = True
        self.customer._retail_enrol("backoffice")  # members earn
        order = self.confirmed(self.customer, datetime(2024, 2, 20, 9, 0))
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(self.customer.reward_points, 100.0)
        summary = self.summary(self.customer)
        self.assertEqual(summary[self.customer.id], (1, order.name, date(2024, 2, 20)))
        # what the customer spent is the order's total, once
        Report = self.env["retail.customer.report"]
        amount = Report._get_sales_summary(self.customer.ids)[self.customer.id][1]
        self.assertEqual(amount, order.amount_total)
        # the invoice (dated today) alone in a period is no sale either
        self.assertEqual(self.summary(self.customer, invoice.invoice_date), {})
        # the customer's purchases list (its Shop purchases button) has the
        # order once, neither the invoice nor its ledger entry
        action = self.customer.action_open_retail_sales()
        purchases = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .search(action["domain"])
        )
        self.assertEqual(
            [(p.name, p.res_model, p.res_id, p.amount) for p in purchases],
            [(order.name, "sale.order", order.id, order.amount_total)],
        )
