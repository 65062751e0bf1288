# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRetailPartnerTour(HttpCase):
    def test_set_group_and_ban_in_form(self):
        club = self.env["retail.customer.group"].create({"name": "Tour Club"})
        gold = self.env["retail.customer.group"].create(
            {
                "name": "Tour Gold",
                "parent_id": club.id,
                "partner_properties_definition": [
                    {"name": "shoe_size", "string": "Shoe size", "type": "integer"}
                ],
            }
        )
        partner = self.env["res.partner"].create({"name": "Tour Customer"})
        self.start_tour(
            f"/web#model=res.partner&id={partner.id}&view_type=form",
            "crm_retail_customers_partner_tour",
            login="admin",
        )
        self.assertEqual(partner.customer_group_id, gold)
        self.assertTrue(partner.no_email_marketing)
        self.assertTrue(partner.effective_no_email_marketing)
        self.assertFalse(partner.no_sms_marketing)
