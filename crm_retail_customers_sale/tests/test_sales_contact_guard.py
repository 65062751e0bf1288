# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import RetailSaleCase


@tagged("post_install", "-at_install")
class TestSalesContactGuard(RetailSaleCase):
    """The sales contact is a contact of the order's customer, however it
    is written (the view's domain binds the form only): it gets the
    quotation's e-mails with a link signed to accept and pay it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="retail_guard_salesman",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.rival = cls.Partner.create({"name": "Kilpailija Oy", "is_company": True})
        cls.rival_contact = cls.Partner.create(
            {
                "name": "Rita Rival",
                "parent_id": cls.rival.id,
                "email": "rita@rival.example.com",
                "contact_role_ids": [Command.link(cls.role_sales.id)],
            }
        )

    def salesman_order(self, partner, **vals):
        """An order of the salesman, as the salesman."""
        return self.order(partner, user_id=self.salesman.id, **vals).with_user(
            self.salesman
        )

    def test_salesman_sets_a_contact_of_the_customer(self):
        order = self.salesman_order(self.shop)
        self.assertEqual(order.retail_sales_contact_id, self.sales_contact)
        order.write({"retail_sales_contact_id": self.other_contact.id})
        self.assertEqual(order.retail_sales_contact_id, self.other_contact)
        # the customer's own contact when the customer is a contact of the
        # company, and no contact at all
        order.write({"partner_id": self.invoice_contact.id})
        order.write({"retail_sales_contact_id": self.other_contact.id})
        self.assertEqual(order.retail_sales_contact_id, self.other_contact)
        order.write({"retail_sales_contact_id": False})
        self.assertFalse(order.retail_sales_contact_id)

    def test_salesman_cannot_set_a_contact_of_another_customer(self):
        order = self.salesman_order(self.shop)
        stranger = self.Partner.create({"name": "Veikko", "email": "v@example.com"})
        for contact in (self.rival_contact, self.rival, stranger):
            with (
                self.subTest(contact=contact.name),
                self.assertRaisesRegex(
                    ValidationError, "must be a contact of Kauppa Oy"
                ),
                self.env.cr.savepoint(),
            ):
                order.write({"retail_sales_contact_id": contact.id})
        self.assertEqual(order.retail_sales_contact_id, self.sales_contact)
        # nor at creation, nor for a private customer
        Order = self.env["sale.order"].with_user(self.salesman)
        for partner in (self.shop, self.customer):
            with self.subTest(partner=partner.name), self.assertRaises(ValidationError):
                Order.create(
                    {
                        "partner_id": partner.id,
                        "user_id": self.salesman.id,
                        "retail_sales_contact_id": self.rival_contact.id,
                    }
                )

    def test_changing_the_customer_proposes_its_contact(self):
        """A contact chosen by hand goes with its customer: another customer
        gets its own sales contact proposed (none for a private customer),
        as in the form; nothing is refused."""
        order = self.salesman_order(self.shop)
        order.write({"retail_sales_contact_id": self.other_contact.id})
        order.write({"partner_id": self.rival.id})
        self.assertEqual(order.retail_sales_contact_id, self.rival_contact)
        order.write({"partner_id": self.customer.id})
        self.assertFalse(order.retail_sales_contact_id)
        # the customer and a contact of it written together: kept
        order.write(
            {
                "partner_id": self.shop.id,
                "retail_sales_contact_id": self.other_contact.id,
            }
        )
        self.assertEqual(order.retail_sales_contact_id, self.other_contact)
        # the same in the form
        form = Form(order)
        form.partner_id = self.rival
        self.assertEqual(form.retail_sales_contact_id, self.rival_contact)
        form.save()
        self.assertEqual(order.retail_sales_contact_id, self.rival_contact)

    def test_contact_no_longer_of_the_customer_gets_no_mail(self):
        """A sales contact who left the customer (moved to another company)
        or was archived since it was chosen gets neither the quotation nor
        the customer's signed button: the customer is addressed as in Odoo."""
        moved = self.order(self.shop)
        archived = self.order(self.shop)
        twin = self.order(self.shop)
        archived.retail_sales_contact_id = self.other_contact
        self.sales_contact.parent_id = self.rival
        self.other_contact.active = False
        for order in (moved, archived):
            with self.subTest(order=order.retail_sales_contact_id.name):
                action = order.action_quotation_send()
                composer = Form(
                    self.env["mail.compose.message"].with_context(**action["context"])
                )
                self.assertEqual(composer.partner_ids[:], self.shop)
                message = order.message_post(body="Your quotation")
                groups = order._notify_get_recipients_groups(message, "Quotation")
                self.assertNotIn("retail_sales_contact", [group[0] for group in groups])
        # twin: a contact of the customer gets them
        twin_contact = self.Partner.create(
            {"name": "Tiina", "parent_id": self.shop.id, "email": "t@kauppa.example"}
        )
        twin.retail_sales_contact_id = twin_contact
        action = twin.action_quotation_send()
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        )
        self.assertEqual(composer.partner_ids[:], twin_contact)
        message = twin.message_post(body="Your quotation")
        groups = twin._notify_get_recipients_groups(message, "Quotation")
        self.assertEqual(groups[0][0], "retail_sales_contact")
        self.assertTrue(groups[0][1]({"id": twin_contact.id}))
