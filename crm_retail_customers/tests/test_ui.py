# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common import BrowserSizeMixin


@tagged("post_install", "-at_install")
class TestRetailPartnerTour(BrowserSizeMixin, HttpCase):
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
        log = self.env["retail.consent.log"].search([("partner_id", "=", partner.id)])
        self.assertEqual(
            (log.channel, log.allowed, log.source, log.user_id),
            ("email", False, "backoffice", self.env.ref("base.user_admin")),
        )

    def test_issue_card_adjust_points_see_tier(self):
        self.env["retail.tier"].search([]).write({"active": False})
        self.env["retail.tier"].create(
            [
                {"name": "Tour Bronze", "min_points": 0},
                {"name": "Tour Silver", "min_points": 500, "earn_factor": 1.25},
            ]
        )
        partner = self.env["res.partner"].create({"name": "Tour Points Customer"})
        self.start_tour(
            f"/web#model=res.partner&id={partner.id}&view_type=form",
            "crm_retail_customers_points_tour",
            login="admin",
        )
        self.assertEqual(len(partner.card_ids), 1)
        self.assertEqual(partner.card_ids.state, "active")
        self.assertEqual(partner.card_number, partner.card_ids.number)
        self.assertEqual(partner.reward_points, 600)
        # an adjustment is not an earning: the lifetime points stay at 0
        self.assertEqual(partner.reward_points_earned, 0)
        self.assertEqual(partner.reward_tier_id.name, "Tour Bronze")
        entry = partner.point_entry_ids
        self.assertEqual(
            (entry.kind, entry.note), ("adjust", "Welcome bonus for the tour")
        )
