# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import Form, tagged

from .common import RetailSaleCase


@tagged("post_install", "-at_install")
class TestSalesContact(RetailSaleCase):
    def test_form_proposes_sales_contact_and_invoice_address(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.shop
        self.assertEqual(form.retail_sales_contact_id, self.sales_contact)
        # the invoice address is the contact holding the invoice role
        self.assertEqual(form.partner_invoice_id, self.invoice_contact)
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertEqual(order.retail_sales_contact_id, self.sales_contact)
        self.assertEqual(order.partner_invoice_id, self.invoice_contact)
        # a private customer has no sales contact
        form = Form(order)
        form.partner_id = self.customer
        self.assertFalse(form.retail_sales_contact_id)
        self.assertEqual(form.partner_invoice_id, self.customer)

    def test_contacts_of_the_company(self):
        # a contact of the company: the company's sales contact is proposed
        order = self.order(self.other_contact)
        self.assertEqual(order.retail_sales_contact_id, self.sales_contact)
        # the sales contact as customer: nothing to add
        order = self.order(self.sales_contact)
        self.assertFalse(order.retail_sales_contact_id)
        # no sales role in the company: nothing proposed
        self.sales_contact.contact_role_ids = [Command.clear()]
        order = self.order(self.shop)
        self.assertFalse(order.retail_sales_contact_id)
        self.assertEqual(order.partner_invoice_id, self.invoice_contact)

    def test_changed_by_hand(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.shop
        form.retail_sales_contact_id = self.other_contact
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertEqual(order.retail_sales_contact_id, self.other_contact)
        order.action_confirm()
        self.assertEqual(order.retail_sales_contact_id, self.other_contact)

    def test_sales_contact_follows_instead_of_the_company(self):
        order = self.order(self.shop)
        order.action_quotation_sent()
        order.action_confirm()
        self.assertIn(self.sales_contact, order.message_partner_ids)
        self.assertNotIn(self.shop, order.message_partner_ids)
        # a follower added by hand stays as chosen
        order.message_subscribe(partner_ids=self.shop.ids)
        self.assertIn(self.shop, order.message_partner_ids)
        # without a sales contact the customer follows, as in Odoo
        private = self.order(self.customer)
        private.action_confirm()
        self.assertIn(self.customer, private.message_partner_ids)

    def compose(self, action):
        """The mail composer as the button opens it."""
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        )
        return composer

    def test_quotation_email_to_sales_contact(self):
        order = self.order(self.shop)
        composer = self.compose(order.action_quotation_send())
        self.assertEqual(composer.partner_ids[:], self.sales_contact)
        composer.save().action_send_mail()
        self.assertEqual(order.state, "sent")
        message = order.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(message.partner_ids, self.sales_contact)
        notified = message.notification_ids.res_partner_id
        self.assertIn(self.sales_contact, notified)
        self.assertNotIn(self.other_contact, notified)
        self.assertNotIn(self.shop, notified)

    def test_confirmation_email_to_sales_contact(self):
        order = self.order(self.shop, confirm=True)
        composer = self.compose(order.action_quotation_send())
        self.assertEqual(composer.template_id, order._get_confirmation_template())
        self.assertEqual(composer.partner_ids[:], self.sales_contact)
        # the e-mail Odoo sends by itself on confirmation (portal, payment)
        order._send_order_confirmation_mail()
        message = order.message_ids.sorted("id")[-1]
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.partner_ids, self.sales_contact)

    def test_email_without_sales_contact_goes_to_customer(self):
        order = self.order(self.customer)
        composer = self.compose(order.action_quotation_send())
        self.assertEqual(composer.partner_ids[:], self.customer)
        order = self.order(self.shop, retail_sales_contact_id=False)
        self.assertFalse(order.retail_sales_contact_id)
        composer = self.compose(order.action_quotation_send())
        self.assertEqual(composer.partner_ids[:], self.shop)

    def test_sales_contact_gets_the_customer_button(self):
        order = self.order(self.shop)
        message = order.message_post(body="Your quotation")
        groups = order._notify_get_recipients_groups(message, "Quotation")
        name, matches, options = groups[0]
        self.assertEqual(name, "retail_sales_contact")
        self.assertTrue(matches({"id": self.sales_contact.id}))
        self.assertFalse(matches({"id": self.other_contact.id}))
        self.assertTrue(options["has_button_access"])
        url = options["button_access"]["url"]
        self.assertIn(f"access_token={order.access_token}", url)
        self.assertIn(f"pid={self.sales_contact.id}", url)

    def test_report_prints_sales_contact(self):
        order = self.order(self.shop)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn("Attention:", html)
        self.assertIn("Saara Sales", html)
        order.retail_sales_contact_id = False
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertNotIn("Attention:", html)
