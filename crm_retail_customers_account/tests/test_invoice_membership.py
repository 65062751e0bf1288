# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceMembership(RetailInvoiceCase):
    """Invoices earn for loyalty members only when the company reserves
    points to members; a frozen balance still gives back what a credit note
    takes."""

    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company.retail_members_only = True

    def test_non_member_invoice_earns_nothing(self):
        invoice = self.invoice(self.customer, 100.0)
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(self.entries(invoice))
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_member_earns_and_frozen_refund_takes_back(self):
        self.customer.action_retail_enrol()
        invoice = self.invoice(self.customer, 100.0)
        self.assertEqual(self.entries(invoice).points, 100.0)
        self.customer.action_retail_leave()
        refund = self.credit_note(invoice)
        self.assertEqual(self.entries(refund).mapped("kind"), ["reverse"])
        self.assertEqual(self.customer.reward_points, 0.0)
        later = self.invoice(self.customer, 50.0, date="2024-04-01")
        self.assertFalse(self.entries(later))

    def test_contact_of_member_company_earns(self):
        self.shop.action_retail_enrol()
        invoice = self.invoice(self.other_contact, 40.0)
        self.assertEqual(self.entries(invoice).partner_id, self.shop)
        self.assertEqual(self.shop.reward_points, 40.0)
