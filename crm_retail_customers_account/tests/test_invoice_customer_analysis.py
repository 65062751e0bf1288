# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import RETAIL_USER, company_user

from .common import RetailInvoiceCase

MEASURES = ["sales_amount:sum", "order_count:sum"]


@tagged("post_install", "-at_install")
class TestInvoiceCustomerAnalysis(RetailInvoiceCase):
    """Invoices in the customer analysis: a posted invoice is a sale in its
    month and in its company; a draft or a reversed invoice is none; its
    ledger entry is no second sale."""

    def months(self, user):
        Analysis = self.env["retail.customer.analysis"].with_user(user)
        return {
            group["date:month"]: (group["sales_amount"], group["order_count"])
            for group in Analysis.read_group(
                [
                    ("partner_id", "=", self.customer.id),
                    ("date", ">=", "2024-01-01"),
                    ("date", "<", "2025-01-01"),
                ],
                MEASURES,
                ["date:month"],
                lazy=False,
            )
        }

    def test_invoices_in_their_month_and_company(self):
        first = self.invoice(self.customer, 10.0, date="2024-01-10")
        second = self.invoice(self.customer, 20.0, date="2024-02-20")
        self.invoice(self.customer, 30.0, date="2024-02-25", post=False)
        self.credit_note(self.invoice(self.customer, 40.0, date="2024-01-05"))
        other = self.company_data_2["company"]
        elsewhere = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            invoice_date="2024-02-10",
            amounts=[100.0],
            post=True,
            company=other,
        )
        self.env["retail.customer.analysis"]._refresh_analysis()
        here = company_user(self.env, "analysis_here", RETAIL_USER, self.company)
        self.assertEqual(
            self.months(here),
            {
                "January 2024": (first.amount_total_signed, 1),
                "February 2024": (second.amount_total_signed, 1),
            },
        )
        there = company_user(self.env, "analysis_there", RETAIL_USER, other)
        self.assertEqual(
            self.months(there)["February 2024"],
            (elsewhere.amount_total_signed, 1),
        )
