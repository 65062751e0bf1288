# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Whole points on invoices: an invoice earns whole points (rounded down),
its credit notes take back whole points (rounded up, never more than the
invoice has left)."""

from odoo.tests import tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceWholePoints(RetailInvoiceCase):
    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.env["retail.earn.rule"].search([]).active = False
        cls.env["retail.tier"].search([]).active = False
        cls.company.write(
            {"retail_points_precision": "whole", "retail_points_per_currency": 0.1}
        )

    def test_credit_notes_take_back_rounded_up(self):
        """38.00 earns 3.8 -> 3 points; two credit notes of 19.00 each take
        back 2, then the 1 left."""
        invoice = self.invoice(self.customer, 38.0)
        self.assertEqual(self.entries(invoice).mapped("points"), [3.0])
        first = self.credit_note(invoice, price_unit=19.0)
        self.assertEqual(self.entries(first).mapped("points"), [-2.0])
        second = self.credit_note(invoice, price_unit=19.0)
        self.assertEqual(self.entries(second).mapped("points"), [-1.0])
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_credit_note_without_invoice_rounded_up(self):
        """Money given back without naming an invoice takes back what such a
        purchase earns, rounded up: 19.00 -> 1.9 -> 2."""
        self.invoice(self.customer, 100.0)
        refund = self.invoice(self.customer, 19.0, move_type="out_refund")
        self.assertEqual(self.entries(refund).mapped("points"), [-2.0])
        self.assertEqual(self.customer.reward_points, 8.0)
