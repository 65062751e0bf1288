# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Erasure and invoices: what refuses it, what a paid invoice keeps, and the
closing entry in the points liability (breakage, like expired points)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.tests.common import RetailAssertions

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoicePartnerForget(RetailAssertions, RetailInvoiceCase):
    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.manager = new_test_user(
            cls.env,
            login="forget_invoice_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def forget(self, partner):
        return partner.with_user(self.manager).action_retail_forget()

    def pay(self, invoice):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()

    def test_draft_invoice_refuses(self):
        self.invoice(self.customer, 100.0, post=False)
        with self.assertRaisesMessage(UserError, "draft invoice"):
            self.forget(self.customer)
        self.assertFalse(self.customer.retail_forgotten)
        self.assertEqual(self.customer.name, "Aino Virtanen")

    def test_open_invoice_refuses(self):
        invoice = self.invoice(self.customer, 100.0)
        with self.assertRaisesMessage(UserError, "open invoice"):
            self.forget(self.customer)
        self.assertFalse(self.customer.retail_forgotten)
        # paid: the erasure goes through
        self.pay(invoice)
        self.forget(self.customer)
        self.assertTrue(self.customer.retail_forgotten)

    def test_draft_payment_refuses(self):
        """M6: a draft payment would be posted to the anonymous record."""
        payment = self.env["account.payment"].create(
            {
                "partner_id": self.customer.id,
                "amount": 10.0,
                "payment_type": "inbound",
                "partner_type": "customer",
            }
        )
        with self.assertRaisesMessage(UserError, "draft payment"):
            self.forget(self.customer)
        self.assertFalse(self.customer.retail_forgotten)
        payment.unlink()
        self.forget(self.customer)
        self.assertTrue(self.customer.retail_forgotten)

    def test_business_with_posted_invoices_refuses(self):
        self.shop.vat = "FI12345671"
        invoice = self.invoice(self.shop, 100.0)
        self.pay(invoice)
        with self.assertRaisesMessage(UserError, "VAT number"):
            self.forget(self.shop)
        self.assertFalse(self.shop.retail_forgotten)
        self.assertFalse(self.other_contact.retail_forgotten)
        # a contact of the business is a person: erased alone
        self.forget(self.other_contact)
        self.assertTrue(self.other_contact.retail_forgotten)
        self.assertEqual(invoice.commercial_partner_id.name, "Kauppa Oy")

    def test_paid_invoice_keeps_figures_under_the_anonymous_customer(self):
        invoice = self.invoice(self.customer, 100.0)
        self.pay(invoice)
        figures = (invoice.name, invoice.amount_total, invoice.amount_tax)
        self.assertEqual(self.customer.reward_points, 100.0)
        self.forget(self.customer)
        self.env.invalidate_all()
        self.assertEqual(
            (invoice.name, invoice.amount_total, invoice.amount_tax), figures
        )
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertNotIn("Aino", invoice.invoice_partner_display_name)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        lines = self.env["account.move.line"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertFalse([line.name for line in lines if "Aino" in (line.name or "")])

    def test_liability_counts_the_closing_entry_as_breakage(self):
        self.customer._post_reward_points(40.0, "opening", company_id=self.company.id)
        self.forget(self.customer)
        entry = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "erase")]
        )
        self.assertEqual(entry.points, -40.0)
        Liability = self.env["retail.points.liability"]
        day = entry.date.date().isoformat()
        rows = Liability._get_rows(
            {"date_from": day, "date_to": day, "company_ids": self.company.ids}
        )
        keys = [key for key, _label, _kind in Liability._get_columns()]
        total = dict(zip(keys, rows[-1], strict=False))
        # the closing entry is breakage, in the expired column; the closing
        # balance of the month is what the ledger holds: nothing
        self.assertEqual(total["adjustments"], 40.0)  # the opening balance
        self.assertEqual(total["expired"], -40.0)
        self.assertEqual(total["closing"], 0.0)

    def test_invoice_in_another_company_refuses(self):
        """A shared customer with a paid invoice in a company the manager does
        not work in is that company's to erase too: refused, nothing written;
        a manager of both companies erases them."""
        other = self.company_data_2["company"]
        self.assertFalse(self.customer.company_id)
        invoice = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            invoice_date="2024-02-10",
            amounts=[100.0],
            post=True,
            company=other,
        )
        self.env["account.payment.register"].with_company(other).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        with self.assertRaisesMessage(AccessError, "company you do not work in"):
            self.forget(self.customer)
        self.env.invalidate_all()
        self.assertFalse(self.customer.retail_forgotten)
        self.assertEqual(self.customer.name, "Aino Virtanen")
        self.assertEqual(invoice.partner_id.name, "Aino Virtanen")
        both = new_test_user(
            self.env,
            login="forget_invoice_both",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, (self.company | other).ids)],
        )
        self.customer.with_user(both).with_context(
            allowed_company_ids=(self.company | other).ids
        ).action_retail_forget()
        self.assertTrue(self.customer.retail_forgotten)
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.amount_untaxed, 100.0)
