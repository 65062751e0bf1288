# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A posted invoice is a paid purchase: the welcome bonus follows it, and a
change of who referred the customer never blocks posting their invoices."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import referred_by

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceFirstPurchase(RetailInvoiceCase):
    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company.write(
            {
                "retail_members_only": True,
                "retail_referral_points": 40,
                "retail_welcome_points": 0,
            }
        )
        Partner = cls.env["res.partner"]
        cls.ines = Partner.create({"name": "Ines First Referrer"})
        cls.kai = Partner.create({"name": "Kai Second Referrer"})
        cls.newcomer = Partner.create({"name": "Otto Newcomer"})
        (cls.ines | cls.kai | cls.newcomer)._retail_enrol("backoffice")
        cls.relation = referred_by(cls.newcomer, cls.ines)

    def keyed(self, key):
        return self.env["retail.point.entry"].search([("idempotency_key", "=", key)])

    def test_invoices_after_the_referrer_changed(self):
        self.invoice(self.newcomer, 100.0)
        bonus = self.keyed(f"referral:{self.newcomer.id}")
        self.assertEqual((bonus.partner_id, bonus.points), (self.ines, 40.0))
        self.relation.write({"related_partner_id": self.kai.id})
        # the next invoice posts and earns its points
        invoice = self.invoice(self.newcomer, 50.0)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(self.entries(invoice).mapped("points"), [50.0])
        self.assertEqual(self.newcomer.reward_points, 150.0)
        self.assertEqual(self.keyed(f"referral:{self.newcomer.id}"), bonus)
        self.assertFalse(self.kai.point_entry_ids)
        self.assertEqual(self.ines.reward_points, 40.0)

    def test_welcome_bonus_after_the_first_posted_invoice(self):
        self.company.write({"retail_welcome_points": 15, "retail_referral_points": 0})
        key = f"welcome:{self.newcomer.id}"
        draft = self.invoice(self.newcomer, 100.0, post=False)
        self.assertFalse(self.keyed(key))
        draft.action_post()
        welcome = self.keyed(key)
        self.assertEqual((welcome.partner_id, welcome.points), (self.newcomer, 15.0))
        # after the invoice's own points, an entry of the invoice
        earned, bonus = self.entries(draft)
        self.assertEqual((earned.kind, bonus), ("earn", welcome))
        self.invoice(self.newcomer, 10.0)
        self.assertEqual(self.keyed(key), welcome)
        self.assertEqual(self.newcomer.reward_points, 100.0 + 15.0 + 10.0)
