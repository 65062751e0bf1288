# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestPurchaseContact(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Partner = cls.env["res.partner"]
        cls.role_purchase = cls.env.ref("crm_retail_customers.contact_role_purchase")
        cls.vendor = Partner.create(
            {
                "name": "Tukku Oy",
                "is_company": True,
                "email": "orders@tukku.example.com",
            }
        )
        cls.purchase_contact = Partner.create(
            {
                "name": "Pekka Purchases",
                "parent_id": cls.vendor.id,
                "email": "pekka@tukku.example.com",
                "contact_role_ids": [Command.link(cls.role_purchase.id)],
            }
        )
        cls.other_contact = Partner.create(
            {
                "name": "Olli Warehouse",
                "parent_id": cls.vendor.id,
                "email": "olli@tukku.example.com",
            }
        )
        cls.person = Partner.create({"name": "Veikko", "email": "veikko@example.com"})
        cls.product = cls.env["product.product"].create(
            {"name": "Shelf", "type": "consu", "standard_price": 60.0}
        )

    def order(self, vendor, **vals):
        return self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 2})
                ],
                **vals,
            }
        )

    def compose(self, action):
        """The mail composer as the button opens it."""
        return Form(self.env["mail.compose.message"].with_context(**action["context"]))

    def test_purchase_contact_follows_instead_of_the_vendor(self):
        order = self.order(self.vendor)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertIn(self.purchase_contact, order.message_partner_ids)
        self.assertNotIn(self.vendor, order.message_partner_ids)
        order = self.order(self.person)
        order.button_confirm()
        self.assertIn(self.person, order.message_partner_ids)

    def test_form_proposes_purchase_contact(self):
        form = Form(self.env["purchase.order"])
        form.partner_id = self.vendor
        self.assertEqual(form.retail_purchase_contact_id, self.purchase_contact)
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertEqual(order.retail_purchase_contact_id, self.purchase_contact)
        # a vendor who is a person has no purchase contact
        form = Form(order)
        form.partner_id = self.person
        self.assertFalse(form.retail_purchase_contact_id)
        # changed by hand, kept
        form.partner_id = self.vendor
        form.retail_purchase_contact_id = self.other_contact
        order = form.save()
        self.assertEqual(order.retail_purchase_contact_id, self.other_contact)

    def test_no_role_nothing_proposed(self):
        self.purchase_contact.contact_role_ids = [Command.clear()]
        self.assertFalse(self.order(self.vendor).retail_purchase_contact_id)
        # the contact of a vendor company that holds the role
        self.other_contact.contact_role_ids = [Command.link(self.role_purchase.id)]
        self.assertEqual(
            self.order(self.vendor).retail_purchase_contact_id, self.other_contact
        )
        self.assertFalse(self.order(self.other_contact).retail_purchase_contact_id)

    def test_rfq_and_order_emails_to_purchase_contact(self):
        order = self.order(self.vendor)
        composer = self.compose(order.with_context(send_rfq=True).action_rfq_send())
        self.assertEqual(
            composer.template_id, self.env.ref("purchase.email_template_edi_purchase")
        )
        self.assertEqual(composer.partner_ids[:], self.purchase_contact)
        composer.save().action_send_mail()
        self.assertEqual(order.state, "sent")
        message = order.message_ids.sorted("id")[-1]
        self.assertEqual(message.partner_ids, self.purchase_contact)
        notified = message.notification_ids.res_partner_id
        self.assertIn(self.purchase_contact, notified)
        self.assertNotIn(self.vendor, notified)
        self.assertNotIn(self.other_contact, notified)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        composer = self.compose(order.action_rfq_send())
        self.assertEqual(
            composer.template_id,
            self.env.ref("purchase.email_template_edi_purchase_done"),
        )
        self.assertEqual(composer.partner_ids[:], self.purchase_contact)

    def test_email_without_purchase_contact_goes_to_vendor(self):
        order = self.order(self.person)
        composer = self.compose(order.with_context(send_rfq=True).action_rfq_send())
        self.assertEqual(composer.partner_ids[:], self.person)

    def test_purchase_contact_gets_the_vendor_button(self):
        order = self.order(self.vendor)
        message = order.message_post(body="Your order")
        groups = order._notify_get_recipients_groups(message, "Purchase Order")
        name, matches, options = groups[0]
        self.assertEqual(name, "retail_purchase_contact")
        self.assertTrue(matches({"id": self.purchase_contact.id}))
        self.assertFalse(matches({"id": self.other_contact.id}))
        self.assertTrue(options["has_button_access"])
        url = options["button_access"]["url"]
        self.assertIn(f"access_token={order.access_token}", url)
        # the vendor's button (confirm the receipt), signed for the contact
        self.assertIn("confirm=reception", url)
        self.assertIn(f"pid={self.purchase_contact.id}", url)
        self.assertIn(f"hash={order._sign_token(self.purchase_contact.id)}", url)

    def test_reports_print_purchase_contact(self):
        order = self.order(self.vendor)
        Report = self.env["ir.actions.report"]
        for report in (
            "purchase.report_purchasequotation",
            "purchase.report_purchaseorder",
        ):
            html = Report._render_qweb_html(report, order.ids)[0].decode()
            self.assertIn("Attention:", html, report)
            self.assertIn("Pekka Purchases", html, report)
        order.retail_purchase_contact_id = False
        html = Report._render_qweb_html("purchase.report_purchaseorder", order.ids)[
            0
        ].decode()
        self.assertNotIn("Attention:", html)

    # -- the purchase contact is a contact of the vendor -------------------------
    def buyer_order(self, vendor, **vals):
        """An order of a purchase user, as that user."""
        buyer = new_test_user(
            self.env,
            login="retail_guard_buyer",
            groups="base.group_user,purchase.group_purchase_user",
        )
        return self.order(vendor, **vals).with_user(buyer)

    def test_buyer_sets_a_contact_of_the_vendor(self):
        order = self.buyer_order(self.vendor)
        order.write({"retail_purchase_contact_id": self.other_contact.id})
        self.assertEqual(order.retail_purchase_contact_id, self.other_contact)
        order.write({"retail_purchase_contact_id": False})
        self.assertFalse(order.retail_purchase_contact_id)

    def test_buyer_cannot_set_a_contact_of_another_partner(self):
        """The purchase contact gets the vendor's e-mails with a link signed
        for it: a person outside the vendor is refused, however written."""
        order = self.buyer_order(self.vendor)
        rival = self.env["res.partner"].create(
            {"name": "Kilpailija Oy", "is_company": True}
        )
        rival_contact = self.env["res.partner"].create(
            {"name": "Rita Rival", "parent_id": rival.id}
        )
        for contact in (self.person, rival, rival_contact):
            with (
                self.subTest(contact=contact.name),
                self.assertRaisesRegex(
                    ValidationError, "must be a contact of Tukku Oy"
                ),
                self.env.cr.savepoint(),
            ):
                order.write({"retail_purchase_contact_id": contact.id})
        self.assertEqual(order.retail_purchase_contact_id, self.purchase_contact)
        with self.assertRaises(ValidationError):
            order.create(
                {
                    "partner_id": self.person.id,
                    "retail_purchase_contact_id": self.other_contact.id,
                }
            )

    def test_changing_the_vendor_proposes_its_contact(self):
        """A contact chosen by hand goes with its vendor: nothing is refused
        when the vendor changes, its own contact is proposed."""
        order = self.buyer_order(self.vendor)
        order.write({"retail_purchase_contact_id": self.other_contact.id})
        order.write({"partner_id": self.person.id})
        self.assertFalse(order.retail_purchase_contact_id)
        order.write({"partner_id": self.vendor.id})
        self.assertEqual(order.retail_purchase_contact_id, self.purchase_contact)

    def test_contact_no_longer_of_the_vendor_gets_no_mail(self):
        order = self.order(self.vendor)
        rival = self.env["res.partner"].create(
            {"name": "Kilpailija Oy", "is_company": True}
        )
        self.purchase_contact.parent_id = rival
        composer = self.compose(order.with_context(send_rfq=True).action_rfq_send())
        self.assertEqual(composer.partner_ids[:], self.vendor)
        message = order.message_post(body="Your order")
        groups = order._notify_get_recipients_groups(message, "Purchase Order")
        self.assertNotIn("retail_purchase_contact", [group[0] for group in groups])
        # twin: a contact of the vendor gets them
        order.retail_purchase_contact_id = self.other_contact
        composer = self.compose(order.with_context(send_rfq=True).action_rfq_send())
        self.assertEqual(composer.partner_ids[:], self.other_contact)
