# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceCustomerSince(RetailInvoiceCase):
    def setUp(self):
        super().setUp()
        self.company.retail_customer_since_invoice = True

    def test_first_invoice_sets_and_only_moves_earlier(self):
        self.assertFalse(self.customer.customer_since)
        self.invoice(self.customer, 10.0, date="2024-03-10")
        self.assertEqual(self.customer.customer_since, date(2024, 3, 10))
        self.invoice(self.customer, 10.0, date="2024-05-01")
        self.assertEqual(self.customer.customer_since, date(2024, 3, 10))
        # an invoice dated earlier (posted late) moves it earlier
        self.invoice(self.customer, 10.0, date="2024-01-15")
        self.assertEqual(self.customer.customer_since, date(2024, 1, 15))

    def test_contact_invoice_sets_company(self):
        self.invoice(self.shop, 10.0, date="2023-11-30")
        self.assertEqual(self.shop.customer_since, date(2023, 11, 30))
        self.assertFalse(self.invoice_contact.customer_since)

    def test_draft_credit_note_and_setting_off(self):
        invoice = self.invoice(self.customer, 10.0, date="2024-03-10", post=False)
        self.assertFalse(self.customer.customer_since)
        invoice.action_post()
        # a credit note is no purchase
        self.customer._retail_write_derived({"customer_since": False})
        self.credit_note(invoice)
        self.assertFalse(self.customer.customer_since)
        self.company.retail_customer_since_invoice = False
        self.invoice(self.customer, 10.0, date="2024-01-01")
        self.assertFalse(self.customer.customer_since)

    def test_earlier_date_kept(self):
        # an earlier first purchase known from another source (e.g. the POS)
        self.customer._retail_write_derived({"customer_since": date(2020, 6, 1)})
        self.invoice(self.customer, 10.0, date="2024-03-10")
        self.assertEqual(self.customer.customer_since, date(2020, 6, 1))
