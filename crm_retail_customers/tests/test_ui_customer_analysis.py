# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BrowserSizeMixin, load_languages, screenshot_at_end

RETAIL = (
    "base.group_user,base.group_partner_manager,crm_retail_customers.group_retail_user"
)


@tagged("post_install", "-at_install")
class TestCustomerAnalysisUi(BrowserSizeMixin, HttpCase):
    """The customer analysis in the browser (1366 × 768) of a Retail CRM
    user: the pivot from the menu, a cell opened, its customers opened; and
    the pivot of a Persian user, right to left. Screenshots are kept as
    test artifacts for people to look at."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # "customer since" is typed here, not set by documents
        company = cls.env.company
        company.write(dict.fromkeys(company._retail_customer_since_sources(), False))
        group = cls.env["retail.customer.group"].create({"name": "Tour Analysis"})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Analysis Customer",
                "customer_group_id": group.id,
                "customer_since": "2025-03-10",
            }
        )
        cls.customer._post_reward_points(
            10, "earn", origin="SHOP/1", amount=100.0, date="2025-03-12 10:00:00"
        )
        cls.env["retail.customer.analysis"]._refresh_analysis()
        cls.user = new_test_user(
            cls.env, login="analysis_tour", groups=RETAIL, tz="UTC"
        )

    def test_open_cell_and_customers(self):
        with screenshot_at_end("customer_analysis_customers"):
            self.start_tour(
                "/web#action=contacts.action_contacts",
                "crm_retail_customers_analysis_tour",
                login=self.user.login,
            )

    def test_persian_pivot_right_to_left(self):
        load_languages(self.env, ["fa_IR"], ("base", "web", "crm_retail_customers"))
        self.user.lang = "fa_IR"
        action = self.env.ref("crm_retail_customers.retail_customer_analysis_action")
        code = """
            const rtl = document.body.classList.contains("o_rtl");
            const pivot = document.querySelector(".o_pivot table");
            const direction = getComputedStyle(pivot).direction;
            if (!rtl || direction !== "rtl") {
                console.error(`o_rtl ${rtl}, pivot direction ${direction}`);
            } else {
                console.log("test successful");
            }
        """
        with screenshot_at_end("customer_analysis_fa_IR") as path:
            self.browser_js(
                f"/web#action={action.id}",
                code,
                ready="!!document.querySelector('.o_pivot table')",
                login=self.user.login,
            )
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
