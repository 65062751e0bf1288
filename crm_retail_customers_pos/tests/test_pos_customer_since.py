# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import RetailCase


@tagged("post_install", "-at_install")
class TestPosCustomerSinceSetting(RetailCase):
    """The "customer since" setting of the POS lives in this bridge (its
    field name kept from the core, where it did nothing without the app)."""

    def test_customer_since_is_derived_when_pos_orders_set_it(self):
        company = self.env.company
        customer = self.Partner.create({"name": "Since Customer"})
        for source in company._retail_customer_since_sources():
            company[source] = False
        customer.with_user(self.user_retail).customer_since = "2020-01-01"
        self.assertEqual(str(customer.customer_since), "2020-01-01")
        company.retail_customer_since_pos = True
        customer.invalidate_recordset(["retail_customer_since_auto"])
        self.assertTrue(customer.retail_customer_since_auto)
        with self.assertRaisesMessage(UserError, "Customer Since"):
            customer.with_user(self.user_retail).customer_since = "2001-01-01"
        self.assertEqual(str(customer.customer_since), "2020-01-01")

    def test_setting_in_the_customer_since_block(self):
        self.assertIn(
            "retail_customer_since_pos",
            self.env.company._retail_customer_since_sources(),
        )
        settings = self.env["res.config.settings"].create({})
        settings.retail_customer_since_pos = True
        settings.execute()
        self.assertTrue(self.env.company.retail_customer_since_pos)
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        block = arch[arch.index('name="retail_customer_since"') :]
        block = block[: block.index("</block>")]
        self.assertNotIn('invisible="1"', block.split(">")[0])
        # every installed bridge's source (with Sales and Invoicing: all three)
        for field in self.env.company._retail_customer_since_sources():
            self.assertIn(f'name="{field}"', block)
