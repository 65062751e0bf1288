# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_retail_customers.tests.common import BrowserSizeMixin


@tagged("post_install", "-at_install")
class TestRetailSaleTour(BrowserSizeMixin, HttpCase):
    def test_quotation_proposes_sales_contact(self):
        Partner = self.env["res.partner"]
        role = "crm_retail_customers.contact_role_%s"
        shop = Partner.create({"name": "Tour Retail Shop", "is_company": True})
        sales_contact = Partner.create(
            {
                "name": "Saara Sales",
                "parent_id": shop.id,
                "contact_role_ids": [Command.link(self.env.ref(role % "sales").id)],
            }
        )
        invoice_contact = Partner.create(
            {
                "name": "Iida Invoices",
                "parent_id": shop.id,
                "contact_role_ids": [Command.link(self.env.ref(role % "invoice").id)],
            }
        )
        self.start_tour(
            "/web#action=sale.action_quotations_with_onboarding",
            "crm_retail_customers_sale_contact_tour",
            login="admin",
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", shop.id)], order="id desc", limit=1
        )
        self.assertTrue(order)
        self.assertEqual(order.retail_sales_contact_id, sales_contact)
        self.assertEqual(order.partner_invoice_id, invoice_contact)
