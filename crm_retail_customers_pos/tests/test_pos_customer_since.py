# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.tests.common import RetailCase, company_user


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

    def test_customer_since_is_kept_by_the_company_whose_documents_set_it(self):
        """Company A's POS orders set "customer since"; company B types it.
        B's staff type it on B's own customers, but neither on a customer
        shared by every company nor on one of A's: A's orders keep that date."""
        company_a = self.env.company
        company_a.retail_customer_since_pos = True
        company_b = self.env["res.company"].create({"name": "Since Shop B"})
        for source in company_b._retail_customer_since_sources():
            company_b[source] = False
        groups = "base.group_user,base.group_partner_manager"
        clerk_b = company_user(self.env, "since_clerk_b", groups, company_b)
        both = new_test_user(
            self.env,
            login="since_clerk_ab",
            groups=groups,
            company_id=company_b.id,
            company_ids=[(6, 0, (company_a | company_b).ids)],
        )
        shared, own_a = self.Partner.create(
            [
                {"name": "Shared Since"},
                {"name": "A's Since", "company_id": company_a.id},
            ]
        )
        own_b = self.Partner.create({"name": "B's Since", "company_id": company_b.id})
        Partner_b = self.Partner.with_user(clerk_b).with_company(company_b)
        with self.assertRaisesMessage(UserError, "Customer Since"):
            shared.with_user(clerk_b).with_company(
                company_b
            ).customer_since = "2001-01-01"
        with self.assertRaisesMessage(UserError, "Customer Since"):
            own_a.with_user(both).with_context(
                allowed_company_ids=[company_b.id, company_a.id]
            ).customer_since = "2001-01-01"
        with self.assertRaisesMessage(UserError, "Customer Since"):
            Partner_b.create({"name": "New Shared", "customer_since": "2001-01-01"})
        self.assertFalse(shared.customer_since or own_a.customer_since)
        # B's own customers: typed by B's staff
        own_b.with_user(clerk_b).with_company(company_b).customer_since = "2019-05-01"
        self.assertEqual(str(own_b.customer_since), "2019-05-01")
        new_b = Partner_b.create(
            {
                "name": "New B",
                "company_id": company_b.id,
                "customer_since": "2018-01-01",
            }
        )
        self.assertEqual(str(new_b.customer_since), "2018-01-01")
        # nobody's documents set it: typed on shared customers too
        company_a.retail_customer_since_pos = False
        shared.with_user(clerk_b).with_company(company_b).customer_since = "2017-01-01"
        self.assertEqual(str(shared.customer_since), "2017-01-01")

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
