# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import referred_by

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosReferral(RetailPosCase):
    """The member who referred a customer earns the referral bonus on the
    customer's first paid purchase at the till, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"retail_members_only": True, "retail_referral_points": 75})
        cls.referrer = cls.Partner.create({"name": "Rita Referrer"})
        cls.referrer._retail_enrol("backoffice")
        cls.newcomer = cls.Partner.create({"name": "Nils Newcomer"})
        referred_by(cls.newcomer, cls.referrer)

    def referral_entries(self):
        return self.env["retail.point.entry"].search(
            [("idempotency_key", "=", f"referral:{self.newcomer.id}")]
        )

    def test_first_paid_purchase_rewards_the_referrer_once(self):
        # the newcomer is no member: their order earns them nothing, but it
        # is a paid purchase all the same
        first = self.ui_order([self.ui_line(self.product_plain, 2)], self.newcomer)
        self.sync(first, user=self.pos_user)
        self.assertFalse(self.entries(self.newcomer))
        bonus = self.referral_entries()
        self.assertEqual(
            (bonus.partner_id, bonus.kind, bonus.points),
            (self.referrer, "bonus", 75.0),
        )
        self.assertEqual(self.referrer.reward_points, 75.0)
        # later purchases, and the same order synced again, add nothing
        second = self.ui_order([self.ui_line(self.product_taxed)], self.newcomer)
        self.sync(second, first, user=self.pos_user)
        self.assertEqual(self.referral_entries(), bonus)
        self.assertEqual(self.referrer.reward_points, 75.0)

    def test_no_bonus_for_a_referrer_who_left(self):
        self.referrer.with_user(self.env.ref("base.user_admin")).action_retail_leave()
        data = self.ui_order([self.ui_line(self.product_plain)], self.newcomer)
        self.sync(data, user=self.pos_user)
        self.assertFalse(self.referral_entries())

    def test_a_refund_is_no_purchase(self):
        self.company.retail_referral_points = 0.0
        sale = self.ui_order([self.ui_line(self.product_plain, 2)], self.newcomer)
        self.sync(sale, user=self.pos_user)
        self.assertFalse(self.referral_entries())
        self.company.retail_referral_points = 75.0
        refund = self.ui_order(
            [self.refund_line(self.order_of(sale).lines)], self.newcomer
        )
        self.sync(refund, user=self.pos_user)
        self.assertFalse(self.referral_entries())
