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


class BrowserSizeMixin:
    """Browser tests at the size people use: a desk or a till, a 1366 × 768
    screen.

    Odoo 17 starts Chromium with ``--window-size=1366x768``; the Chromium of
    Debian 12 reads only ``1366,768`` and otherwise opens a 780 × 493 viewport,
    so every tour would run in the small-screen layout. A class may choose
    another size on purpose (a tablet till, say) by setting ``browser_size``.

    Every tour of these classes first checks the size and fails (console
    error) when the window is not ``browser_size`` or the page is narrower.
    Like on a real screen of that size, the browser's own bars take part of
    the height: headless Chromium gives a 1366 × 768 window a 1366 × 625 page.
    """

    browser_size = "1366,768"

    def browser_js(self, url_path, code, ready="", **kwargs):
        width, height = (int(value) for value in self.browser_size.split(","))
        check = f"""
            (() => {{
                const w = window;
                const [ow, oh] = [w.outerWidth, w.outerHeight];
                const [iw, ih] = [w.innerWidth, w.innerHeight];
                if (ow !== {width} || oh !== {height} || iw !== {width}) {{
                    const page = `page ${{iw}} x ${{ih}}`;
                    console.error(
                        `window ${{ow}} x ${{oh}} (${{page}}), not {width} x {height}`
                    );
                }}
            }})();
        """
        return super().browser_js(url_path, check + code, ready=ready, **kwargs)
