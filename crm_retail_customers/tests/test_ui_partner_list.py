# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common import BrowserSizeMixin, RetailCase, screenshot_at_end


@tagged("post_install", "-at_install")
class TestPartnerListOfClerk(BrowserSizeMixin, RetailCase, HttpCase):
    """The contacts list of a Retail CRM user at 1366 × 768: the columns a
    clerk needs (the rest optional), names, groups and card numbers not cut
    off, and balance and tier only for customers of the loyalty programme
    (a supplier shows neither). A screenshot is kept as a test artifact."""

    def test_clerk_columns_at_1366(self):
        self.env["retail.tier"].search([]).active = False
        self.env["retail.tier"].create(
            [
                {"name": "List Bronze", "min_points": 0},
                {"name": "List Gold", "min_points": 100},
            ]
        )
        club = self.env["retail.customer.group"].create({"name": "List Club"})
        members = self.env["retail.customer.group"].create(
            {"name": "Members", "parent_id": club.id}
        )
        gold = self.env["retail.customer.group"].create(
            {"name": "Gold", "parent_id": members.id}
        )
        customer = self.Partner.create(
            {
                "name": "Aleksandra Wiśniewska-Kowalczyk",
                "email": "aleksandra@listtour.example",
                "phone": "+48 601 234 567",
                "city": "Kraków",
                "customer_group_id": gold.id,
            }
        )
        customer.action_retail_enrol()
        customer._post_reward_points(120, "earn", origin="POS/LIST/1")
        self.env["retail.card"].create({"partner_id": customer.id})
        newcomer = self.Partner.create(
            {"name": "Mikko Newcomer", "email": "mikko@listtour.example"}
        )
        newcomer.action_retail_enrol()
        self.Partner.create(
            {
                "name": "Puutavara Supplier Oy",
                "is_company": True,
                "email": "orders@listtour.example",
            }
        )
        self.assertTrue(customer.card_number)
        self.assertEqual(customer.reward_tier_id.name, "List Gold")
        self.assertEqual(newcomer.reward_tier_id.name, "List Bronze")
        with screenshot_at_end("partner_list_clerk_1366") as path:
            self.start_tour(
                "/web#action=contacts.action_contacts&view_type=list",
                "crm_retail_customers_partner_list_tour",
                login=self.user_retail.login,
            )
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
