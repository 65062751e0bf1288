# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The welcome bonus follows the first paid purchase (the bridges' hook
``res.partner._retail_reward_first_purchase``), unless the company books it
on enrolment (``retail_welcome_on_enrol``)."""

from odoo.tests import Form, tagged

from .common import RetailCase


@tagged("post_install", "-at_install")
class TestWelcomeBonus(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_company_rules(
            retail_members_only=True,
            retail_welcome_points=25.0,
            retail_referral_points=0.0,
        )
        cls.customer = cls.Partner.create({"name": "Wilma Welcome"})

    def welcome(self, partner):
        return self.env["retail.point.entry"].search(
            [("idempotency_key", "=", f"welcome:{partner.id}")]
        )

    def test_default_is_after_the_first_purchase(self):
        self.assertFalse(
            self.env["res.company"].create({"name": "New Shop"}).retail_welcome_on_enrol
        )
        self.customer.with_user(self.user_retail).action_retail_enrol()
        self.assertTrue(self.customer.retail_member)
        self.assertFalse(self.customer.point_entry_ids)
        entries = self.customer._retail_reward_first_purchase(self.company)
        self.assertEqual(entries, self.welcome(self.customer))
        self.assertEqual(entries.points, 25.0)
        self.assertEqual(entries.kind, "bonus")
        # later purchases add nothing
        self.customer._retail_reward_first_purchase(self.company)
        self.assertEqual(len(self.customer.point_entry_ids), 1)
        self.assertEqual(self.customer.reward_points, 25.0)

    def test_who_gets_it(self):
        # not a member: nothing (the company reserves points to members)
        self.customer._retail_reward_first_purchase(self.company)
        self.assertFalse(self.welcome(self.customer))
        # a member of the old programme, imported: no welcome
        imported = self.Partner.create({"name": "Iiro Imported"})
        imported._retail_enrol("import")
        imported._retail_reward_first_purchase(self.company)
        self.assertFalse(self.welcome(imported))
        # a contact's purchase welcomes the company they belong to
        shop = self.Partner.create({"name": "Welcome Oy", "is_company": True})
        buyer = self.Partner.create({"name": "Buyer", "parent_id": shop.id})
        shop._retail_enrol("card")
        buyer._retail_reward_first_purchase(self.company)
        self.assertEqual(self.welcome(shop).partner_id, shop)
        # no bonus set: no query, nothing
        self.company.retail_welcome_points = 0.0
        self.customer._retail_enrol("backoffice")
        self.customer._retail_reward_first_purchase(self.company)
        self.assertFalse(self.welcome(self.customer))

    def test_portal_joiners_get_it_like_the_till(self):
        """Joining in the customer portal gives the welcome bonus under the
        same rules as the till: after the first paid purchase, or on joining
        with the setting; once."""
        joiner = self.Partner.create({"name": "Paula Portal"})
        joiner._retail_enrol("portal")
        self.assertEqual(joiner.retail_member_source, "portal")
        self.assertFalse(self.welcome(joiner))
        joiner._retail_reward_first_purchase(self.company)
        joiner._retail_reward_first_purchase(self.company)
        self.assertEqual(self.welcome(joiner).points, 25.0)
        self.company.retail_welcome_on_enrol = True
        self.customer._retail_enrol("portal")
        self.assertEqual(self.welcome(self.customer).points, 25.0)

    def test_setting_books_it_on_enrolment(self):
        settings = Form(self.env["res.config.settings"])
        settings.retail_welcome_on_enrol = True
        settings.save().execute()
        self.assertTrue(self.company.retail_welcome_on_enrol)
        self.customer.with_user(self.user_retail).action_retail_enrol()
        self.assertEqual(self.welcome(self.customer).points, 25.0)
        # the first purchase finds it booked: once
        self.customer._retail_reward_first_purchase(self.company)
        self.assertEqual(len(self.customer.point_entry_ids), 1)

    def test_a_bonus_that_cannot_be_booked_is_skipped(self):
        """A welcome bonus the ledger refuses (the customer belongs to
        another company than the purchase's) is logged, not raised."""
        other = self.env["res.company"].create({"name": "Other Shop"})
        other.retail_welcome_points = 10.0
        self.customer._retail_enrol("backoffice")
        self.customer.company_id = self.company
        with self.assertLogs(
            "odoo.addons.crm_retail_customers.models.res_partner",
            "WARNING",
        ) as logs:
            entries = self.customer._retail_reward_first_purchase(other)
        self.assertFalse(entries)
        self.assertIn("welcome bonus", logs.output[0])
        self.assertFalse(self.customer.point_entry_ids)
