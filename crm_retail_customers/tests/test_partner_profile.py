# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RetailCase


@tagged("post_install", "-at_install")
class TestPartnerProfile(RetailCase):
    @freeze_time("2026-03-10")
    def test_age_and_birthday_this_month(self):
        march, april = self.Partner.create(
            [
                {"name": "Born in March", "birthdate": "1990-03-25"},
                {"name": "Born in April", "birthdate": "2000-04-01"},
            ]
        )
        self.assertEqual(march.retail_age, 35)
        self.assertEqual(april.retail_age, 25)
        self.assertEqual(march.retail_birth_month, 3)
        self.assertTrue(march.retail_birthday_this_month)
        self.assertFalse(april.retail_birthday_this_month)
        scope = [("id", "in", (march | april).ids)]
        self.assertEqual(
            self.Partner.search(scope + [("retail_birthday_this_month", "=", True)]),
            march,
        )
        self.assertEqual(
            self.Partner.search(scope + [("retail_birthday_this_month", "=", False)]),
            april,
        )

    def test_profile_fields(self):
        source = self.env["utm.source"].create({"name": "Shop window"})
        partner = self.Partner.create(
            {
                "name": "Sara",
                "gender": "female",
                "preferred_contact_method": "sms",
                "acquisition_source_id": source.id,
                "customer_since": "2024-05-01",
            }
        )
        self.assertEqual(partner.customer_since, date(2024, 5, 1))
        self.assertEqual(partner.acquisition_source_id, source)
        self.assertEqual(partner.retail_age, 0)
        self.assertFalse(partner.retail_birthday_this_month)
