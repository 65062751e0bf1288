# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import referred_by

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceReferral(RetailInvoiceCase):
    """A posted invoice is a paid purchase for the referral bonus."""

    def test_posted_invoice_rewards_the_referrer_once(self):
        company = self.env.company
        company.write({"retail_members_only": True, "retail_referral_points": 40})
        Partner = self.env["res.partner"]
        referrer = Partner.create({"name": "Ines Referrer"})
        referrer._retail_enrol("backoffice")
        newcomer = Partner.create({"name": "Otto Newcomer"})
        referred_by(newcomer, referrer)
        draft = self.invoice(newcomer, 100.0, post=False)
        Entry = self.env["retail.point.entry"]
        key = [("idempotency_key", "=", f"referral:{newcomer.id}")]
        self.assertFalse(Entry.search(key))
        draft.action_post()
        bonus = Entry.search(key)
        self.assertEqual((bonus.partner_id, bonus.points), (referrer, 40.0))
        self.invoice(newcomer, 50.0)
        self.assertEqual(Entry.search(key), bonus)
        self.assertEqual(referrer.reward_points, 40.0)
