# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class RetailCase(TransactionCase):
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

    @contextmanager
    def assertRaisesMessage(self, exception, pattern):
        """``assertRaises`` (rolled back in a savepoint, so a refused write
        leaves nothing behind) that also checks the message people read."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), pattern)

    def flush_tracking(self):
        """Run the tracking that Odoo does at commit time."""
        self.env.flush_all()
        self.env.cr.precommit.run()


class BrowserSizeMixin:
    """Browser tests at the size people use: a desk or a till, 1366 × 768.

    Odoo 17 starts Chromium with ``--window-size=1366x768``; the Chromium of
    Debian 12 reads only ``1366,768`` and otherwise opens a 780 × 493 viewport,
    so every tour would run in the small-screen layout. A class may choose
    another size on purpose (a tablet till, say) by setting ``browser_size``;
    ``test_browser_viewport`` checks that the browser really has that size.
    """

    browser_size = "1366,768"

    def test_browser_viewport(self):
        width, height = (int(value) for value in self.browser_size.split(","))
        self.browser_js(
            "/web/login",
            f"""
            const size = [window.innerWidth, window.innerHeight];
            if (size[0] === {width} && size[1] === {height}) {{
                console.log("test successful");
            }} else {{
                console.error(`viewport ${{size.join(" x ")}}, not {width} x {height}`);
            }}
            """,
            timeout=60,
        )
