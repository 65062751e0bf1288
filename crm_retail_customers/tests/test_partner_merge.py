# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CONTACT_CLERK, PointsCase


@tagged("post_install", "-at_install")
class TestPartnerMerge(PointsCase):
    def test_merge_moves_entries_and_cards(self):
        duplicate = self.Partner.create({"name": "Aino V."})
        self.customer._post_reward_points(100, "earn", origin="POS/1")
        duplicate._post_reward_points(40, "earn", origin="POS/2")
        duplicate._post_reward_points(-15, "redeem", origin="POS/3")
        card = self.env["retail.card"].create(
            {"partner_id": duplicate.id, "number": "2900000099999"}
        )
        wizard_form = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner",
                active_ids=(self.customer | duplicate).ids,
            )
        )
        wizard_form.dst_partner_id = self.customer
        wizard = wizard_form.save()
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.reward_points, 125)
        self.assertEqual(self.customer.reward_points_earned, 140)
        self.assertEqual(card.partner_id, self.customer)
        self.assertEqual(self.customer.card_number, "2900000099999")
        kinds = self.customer.point_entry_ids.mapped("kind")
        self.assertEqual(sorted(kinds), ["earn", "earn", "merge", "redeem"])
        merge_entry = self.customer.point_entry_ids.filtered(
            lambda e: e.kind == "merge"
        )
        self.assertEqual(merge_entry.points, 0)
        self.assertIn("Aino V. (25.0)", merge_entry.note)

    def test_contact_clerk_cannot_merge_customers_with_points(self):
        clerk = new_test_user(self.env, login="merge_clerk", groups=CONTACT_CLERK)
        duplicate = self.Partner.create({"name": "Aino V."})
        duplicate._post_reward_points(40, "earn", idempotency_key="t:dup")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(clerk)
            .with_context(
                active_model="res.partner",
                active_ids=(self.customer | duplicate).ids,
            )
        )
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            wizard._merge((self.customer | duplicate).ids, self.customer)
        self.assertTrue(duplicate.exists())
        self.assertEqual(duplicate.reward_points, 40)

    def test_merge_into_a_contact_puts_the_points_on_the_company(self):
        duplicate = self.Partner.create({"name": "Laura L."})
        duplicate._post_reward_points(40, "earn", idempotency_key="t:dup")
        wizard_form = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner",
                active_ids=(self.shop_contact | duplicate).ids,
            )
        )
        wizard_form.dst_partner_id = self.shop_contact
        wizard_form.save().action_merge()
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.shop_contact.reward_points, 0)
        self.assertEqual(self.shop.reward_points, 40)
        self.assertLedgerConsistent()
