# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import Form, tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceContact(RetailInvoiceCase):
    def send_wizard(self, invoice):
        """The Send & Print wizard as the invoice's button opens it."""
        action = invoice.action_send_and_print()
        return (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )

    def new_invoice_form(self, move_type="out_invoice"):
        return Form(self.env["account.move"].with_context(default_move_type=move_type))

    def test_company_customer_proposes_invoice_contact(self):
        form = self.new_invoice_form()
        form.partner_id = self.shop
        self.assertEqual(form.partner_id, self.invoice_contact)
        with form.invoice_line_ids.new() as line:
            line.name = "Shelving"
            line.price_unit = 250.0
        invoice = form.save()
        self.assertEqual(invoice.partner_id, self.invoice_contact)
        # the company stays the customer the receivable belongs to
        self.assertEqual(invoice.commercial_partner_id, self.shop)
        # credit notes go to the invoice contact as well
        form = self.new_invoice_form("out_refund")
        form.partner_id = self.shop
        self.assertEqual(form.partner_id, self.invoice_contact)

    def test_person_and_company_without_contact_kept(self):
        form = self.new_invoice_form()
        form.partner_id = self.customer
        self.assertEqual(form.partner_id, self.customer)
        # a contact picked on purpose is not replaced
        form.partner_id = self.other_contact
        self.assertEqual(form.partner_id, self.other_contact)
        lonely = self.Partner.create({"name": "Yksin Oy", "is_company": True})
        form.partner_id = lonely
        self.assertEqual(form.partner_id, lonely)

    def test_vendor_bill_keeps_company(self):
        form = self.new_invoice_form("in_invoice")
        form.partner_id = self.shop
        self.assertEqual(form.partner_id, self.shop)

    def test_role_moved_to_another_contact(self):
        self.invoice_contact.contact_role_ids = [Command.clear()]
        self.other_contact.contact_role_ids = [Command.link(self.role_invoice.id)]
        form = self.new_invoice_form()
        form.partner_id = self.shop
        self.assertEqual(form.partner_id, self.other_contact)

    def test_send_invoice_to_invoice_contact_only(self):
        invoice = self.invoice(self.shop, 100.0)
        self.assertEqual(invoice.partner_id, self.invoice_contact)
        wizard = self.send_wizard(invoice)
        self.assertEqual(wizard.mail_partner_ids, self.invoice_contact)
        wizard.action_send_and_print()
        message = invoice.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.attachment_ids
        )[:1]
        self.assertTrue(message, "the invoice was sent")
        self.assertEqual(message.partner_ids, self.invoice_contact)
        # the e-mail notifications of the message (the mails themselves are
        # deleted once sent)
        recipients = message.notification_ids.filtered(
            lambda n: n.notification_type == "email"
        ).res_partner_id
        self.assertIn(self.invoice_contact, recipients)
        self.assertNotIn(self.other_contact, recipients)
        self.assertNotIn(self.shop, recipients)
        self.assertTrue(invoice.is_move_sent)

    def test_send_invoice_made_out_to_company(self):
        """An invoice created for the company itself (by code, an import, an
        older flow) is still e-mailed to the invoice contact alone."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.shop.id,
                "invoice_date": "2024-03-10",
                "invoice_line_ids": [
                    Command.create({"name": "Shelving", "price_unit": 80.0})
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.partner_id, self.shop)
        wizard = self.send_wizard(invoice)
        self.assertEqual(wizard.mail_partner_ids, self.invoice_contact)
        # a person's invoice is sent to the person, as before
        own = self.invoice(self.customer, 10.0)
        wizard = self.send_wizard(own)
        self.assertEqual(wizard.mail_partner_ids, self.customer)
