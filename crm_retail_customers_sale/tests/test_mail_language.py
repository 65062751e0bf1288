# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged

from odoo.addons.crm_retail_customers.tests.common import load_languages

from .common import RetailSaleCase


@tagged("post_install", "-at_install")
class TestMailLanguage(RetailSaleCase):
    """Quotation e-mails go to the sales contact: they are written in the
    contact's language, not in the company's (Odoo's template says
    ``{{ object.partner_id.lang }}``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ["ru_RU"], ("base", "mail", "sale"))
        cls.shop.lang = "en_US"
        cls.sales_contact.lang = "ru_RU"

    def _send_quotation(self, order):
        action = order.action_quotation_send()
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        ).save()
        composer.action_send_mail()
        return order.message_ids.filtered(lambda m: m.message_type == "comment")[:1]

    def test_quotation_in_the_sales_contacts_language(self):
        order = self.order(self.shop)
        self.assertEqual(order.retail_sales_contact_id, self.sales_contact)
        message = self._send_quotation(order)
        self.assertEqual(message.partner_ids, self.sales_contact)
        self.assertIn("Здравствуйте", message.body)
        self.assertNotIn("Hello", message.body)

    def test_customer_without_sales_contact_keeps_its_language(self):
        # an English private customer: English, whatever the contact's
        order = self.order(self.customer)
        self.customer.lang = "en_US"
        message = self._send_quotation(order)
        self.assertIn("Hello", message.body)
        # a Russian company customer without a sales contact: Russian
        self.shop.lang = "ru_RU"
        self.sales_contact.lang = "en_US"
        order = self.order(self.shop, retail_sales_contact_id=False)
        message = self._send_quotation(order)
        self.assertIn("Здравствуйте", message.body)
