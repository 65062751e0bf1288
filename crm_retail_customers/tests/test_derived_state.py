# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Derived state (``retail.derived.state.mixin``): balances, tier, card
number and effective bans, attacked by the users who could reach them (a
clerk with contact rights only, a manager, the superuser, a forged context).
Each test first shows the attack, then that nothing moved."""

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import CONTACT_CLERK, PointsCase


@tagged("post_install", "-at_install")
class TestDerivedState(PointsCase):
    """Derived state is never written by users, whatever the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_clerk = new_test_user(
            cls.env, login="contact_clerk", groups=CONTACT_CLERK
        )
        cls.gold = cls.env["retail.tier"].create(
            {"name": "Trust Gold", "min_points": 10000, "earn_factor": 3.0}
        )

    def test_clerk_cannot_lift_an_effective_ban(self):
        self.customer.no_email_marketing = True
        self.assertTrue(self.customer.effective_no_email_marketing)
        as_clerk = self.customer.with_user(self.contact_clerk)
        with self.assertRaisesMessage(UserError, "E-mail Marketing Banned"):
            as_clerk.write({"effective_no_email_marketing": False})
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.effective_no_email_marketing)
        # the customer's own choice stays editable, and leaves a trace
        as_clerk.write({"no_email_marketing": False})
        self.flush_tracking()
        self.assertFalse(self.customer.effective_no_email_marketing)
        self.assertIn(
            "no_email_marketing",
            self.customer.message_ids.tracking_value_ids.field_id.mapped("name"),
        )

    def test_clerk_cannot_type_tier_or_card_number(self):
        as_clerk = self.customer.with_user(self.contact_clerk)
        for vals in (
            {"reward_tier_id": self.gold.id},
            {"card_number": "2900000000017"},
            {"reward_points": 5000},
            {"reward_points_earned": 20000},
        ):
            with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                as_clerk.write(vals)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.Partner.with_user(self.contact_clerk).create(
                {"name": "Forged", "card_number": "2900000000017"}
            )
        self.customer.invalidate_recordset()
        self.assertNotEqual(self.customer.reward_tier_id, self.gold)
        self.assertFalse(self.customer.card_number)
        self.assertFalse(self.Partner.search([("name", "=", "Forged")]))

    def test_managers_and_superuser_do_not_write_balances_either(self):
        for env in (self.env(user=self.user_manager), self.env(su=True)):
            with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                self.customer.with_env(env).write({"reward_points": 1})
        self.assertEqual(self.customer.reward_points, 0)

    def test_forged_context_does_not_open_the_door(self):
        """The server marker is an object: a JSON context cannot carry it."""
        forged = self.customer.with_user(self.contact_clerk).with_context(
            retail_derived_write=True
        )
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            forged.write({"reward_tier_id": self.gold.id})
        # the merge's context only ever drops values
        merged = self.customer.with_user(self.contact_clerk).with_context(
            retail_partner_merge=True
        )
        merged.write({"reward_points": 999, "reward_tier_id": self.gold.id})
        self.assertEqual(self.customer.reward_points, 0)
        self.assertNotEqual(self.customer.reward_tier_id, self.gold)
