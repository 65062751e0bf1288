# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class RetailAssertions:
    """Assertions shared by the test cases of every addon."""

    @contextmanager
    def assertRaisesMessage(self, exception, pattern):
        """``assertRaises`` (rolled back in a savepoint, so a refused write
        leaves nothing behind) that also checks the message people read."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), pattern)


class RetailCase(RetailAssertions, TransactionCase):
    """Shared fixtures: a four-level group tree and users of each profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        Group = cls.env["retail.customer.group"]
        cls.group_l1 = Group.create({"name": "Retail"})
        cls.group_l2 = Group.create({"name": "Members", "parent_id": cls.group_l1.id})
        cls.group_l3 = Group.create({"name": "Gold", "parent_id": cls.group_l2.id})
        cls.group_l4 = Group.create({"name": "Platinum", "parent_id": cls.group_l3.id})
        cls.group_other = Group.create({"name": "Business"})
        cls.Partner = cls.env["res.partner"]
        cls.role_invoice = cls.env.ref("crm_retail_customers.contact_role_invoice")
        cls.role_purchase = cls.env.ref("crm_retail_customers.contact_role_purchase")
        cls.role_sales = cls.env.ref("crm_retail_customers.contact_role_sales")
        cls.user_internal = new_test_user(
            cls.env, login="retail_internal", groups="base.group_user"
        )
        cls.user_retail = new_test_user(
            cls.env,
            login="retail_clerk",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="retail_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
        )

    def flush_tracking(self):
        """Run the tracking that Odoo does at commit time."""
        self.env.flush_all()
        self.env.cr.precommit.run()
