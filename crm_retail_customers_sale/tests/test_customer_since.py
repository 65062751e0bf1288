# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RetailSaleCase


@tagged("post_install", "-at_install")
class TestSaleCustomerSince(RetailSaleCase):
    def setUp(self):
        super().setUp()
        self.company.retail_customer_since_sale = True

    def confirm_on(self, day, partner=None):
        order = self.order(partner or self.customer)
        with freeze_time(day):
            order.action_confirm()
        return order

    def test_first_confirmed_order_and_never_later(self):
        self.order(self.customer)  # a quotation is no purchase
        self.assertFalse(self.customer.customer_since)
        self.confirm_on("2024-05-02 10:00:00")
        self.assertEqual(self.customer.customer_since, date(2024, 5, 2))
        self.confirm_on("2024-06-01 10:00:00")
        self.assertEqual(self.customer.customer_since, date(2024, 5, 2))
        # a date known earlier (an older order, another source) is kept ...
        self.customer._retail_write_derived({"customer_since": date(2019, 1, 1)})
        self.confirm_on("2024-07-01 10:00:00")
        self.assertEqual(self.customer.customer_since, date(2019, 1, 1))
        # ... and one set too late moves earlier
        self.customer._retail_write_derived({"customer_since": date(2030, 1, 1)})
        self.confirm_on("2024-08-01 10:00:00")
        self.assertEqual(self.customer.customer_since, date(2024, 8, 1))

    def test_company_customer_and_setting_off(self):
        self.confirm_on("2024-05-02 10:00:00", partner=self.other_contact)
        self.assertEqual(self.shop.customer_since, date(2024, 5, 2))
        self.assertFalse(self.other_contact.customer_since)
        self.company.retail_customer_since_sale = False
        self.confirm_on("2024-05-02 10:00:00")
        self.assertFalse(self.customer.customer_since)
