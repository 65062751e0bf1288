# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A change of who referred a customer never blocks the customer's later
bookings at the till: the referral bonus is booked once (key
``referral:<customer>``), and a bonus that cannot be booked is skipped."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import referred_by

from .common import RetailPosCase

LOGGER = "odoo.addons.crm_retail_customers.models.res_partner"


@tagged("post_install", "-at_install")
class TestPosReferrerChange(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "retail_members_only": True,
                "retail_referral_points": 75,
                "retail_welcome_points": 0,
            }
        )
        cls.rita = cls.Partner.create({"name": "Rita First Referrer"})
        cls.bob = cls.Partner.create({"name": "Bob Second Referrer"})
        cls.newcomer = cls.Partner.create({"name": "Nina Newcomer"})
        (cls.rita | cls.bob | cls.newcomer)._retail_enrol("backoffice")
        cls.relation = referred_by(cls.newcomer, cls.rita)

    def referral(self):
        return self.env["retail.point.entry"].search(
            [("idempotency_key", "=", f"referral:{self.newcomer.id}")]
        )

    def test_bookings_after_the_referrer_changed(self):
        first = self.ui_order([self.ui_line(self.product_plain)], self.newcomer)
        self.sync(first, user=self.pos_user)
        bonus = self.referral()
        self.assertEqual((bonus.partner_id, bonus.points), (self.rita, 75.0))
        # Bob is recorded as the referrer instead
        self.relation.with_user(self.env.ref("base.user_admin")).write(
            {"related_partner_id": self.bob.id}
        )
        self.assertEqual(self.newcomer._retail_get_referrer(), self.bob)
        # the newcomer's next purchase redeems and earns as any other
        data = self.ui_order(
            [self.ui_line(self.product_plain, 2), self.redeem_line(10)],
            self.newcomer,
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_redeemed, 10.0)
        self.assertEqual(order.retail_points_earned, 39.0)
        self.assertEqual(
            self.entries(self.newcomer).mapped("kind"), ["earn", "redeem", "earn"]
        )
        self.assertEqual(self.newcomer.reward_points, 20.0 - 10.0 + 39.0)
        # the bonus stays Rita's; Bob gets nothing
        self.assertEqual(self.referral(), bonus)
        self.assertEqual(self.rita.reward_points, 75.0)
        self.assertFalse(self.entries(self.bob))

    def test_a_bonus_that_cannot_be_booked_never_fails_the_sale(self):
        # a referrer the ledger refuses in this company (a customer of
        # another company): the bonus is skipped and logged
        other = self.env["res.company"].create({"name": "Other Shop"})
        self.rita.company_id = other
        data = self.ui_order([self.ui_line(self.product_plain)], self.newcomer)
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.sync(data, user=self.pos_user)
        self.assertIn("referral bonus", logs.output[0])
        order = self.order_of(data)
        self.assertEqual(order.retail_points_earned, 20.0)
        self.assertEqual(self.newcomer.reward_points, 20.0)
        self.assertFalse(self.referral())
