# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests.common import TransactionCase

from odoo.addons.crm_retail_customers.tests.common import RetailCompanyCustomersMixin


class RetailSaleCase(RetailCompanyCustomersMixin, TransactionCase):
    """A company customer with a sales contact, an invoice contact and a
    contact without role, a private customer and a product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # no document sets "customer since" unless a test says so, whatever
        # the database's demo data switches on (first POS order, invoice)
        cls.company.write(
            dict.fromkeys(cls.company._retail_customer_since_sources(), False)
        )
        cls._create_retail_customers()
        cls.role_sales = cls.env.ref("crm_retail_customers.contact_role_sales")
        cls.sales_contact = cls.Partner.create(
            {
                "name": "Saara Sales",
                "parent_id": cls.shop.id,
                "email": "saara@kauppa.example.com",
                "contact_role_ids": [Command.link(cls.role_sales.id)],
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Shelf",
                "type": "consu",
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )

    def order(self, partner, confirm=False, **vals):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    )
                ],
                **vals,
            }
        )
        if confirm:
            order.action_confirm()
        return order
