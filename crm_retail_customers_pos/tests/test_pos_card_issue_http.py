# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cards from the till go only to the customer just created there; a blocked
card is replaced by a retail manager only, on every path. Attacked over the
web client's JSON-RPC route with real sessions."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import RetailPosCase, TillRpcMixin


@tagged("post_install", "-at_install")
class TestPosCardIssueHttp(TillRpcMixin, RetailPosCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.holder = cls.Partner.create({"name": "Blocked Holder"})
        cls.blocked = cls.env["retail.card"].create([{"partner_id": cls.holder.id}])
        cls.blocked.action_block()
        company_ids = [(6, 0, cls.company.ids)]
        for login, groups in (
            ("issue_retail_user", "crm_retail_customers.group_retail_user"),
            ("issue_manager", "crm_retail_customers.group_retail_manager"),
        ):
            new_test_user(
                cls.env,
                login=login,
                groups=f"base.group_user,base.group_partner_manager,{groups}",
                company_id=cls.company.id,
                company_ids=company_ids,
            )

    @mute_logger("odoo.http")
    def test_cashier_cannot_issue_a_card_to_an_existing_customer(self):
        self.authenticate("retail_cashier", "retail_cashier")
        error = self._refused(
            "odoo.exceptions.UserError",
            "res.partner",
            "create_from_ui",
            {
                "id": self.holder.id,
                "name": "Blocked Holder",
                "email": "changed@example.com",
                "retail_issue_card": True,
                "retail_config_id": self.config.id,
            },
        )
        self.assertIn("only to customers created there", error)
        self.assertEqual(self.holder.card_ids, self.blocked)
        self.assertFalse(self.holder.email)
        # editing the customer without asking for a card still works
        self._call(
            "res.partner",
            "create_from_ui",
            {"id": self.holder.id, "name": "Blocked Holder", "phone": "123"},
        )
        self.assertEqual(self.holder.phone, "123")
        # a customer created at the till gets their card
        partner_id = self._call(
            "res.partner",
            "create_from_ui",
            {
                "id": False,
                "name": "Brand New",
                "retail_issue_card": True,
                "retail_config_id": self.config.id,
            },
        )
        self.assertEqual(self.Partner.browse(partner_id).card_ids.state, "active")

    @mute_logger("odoo.http")
    def test_blocked_card_replaced_by_managers_only(self):
        self.authenticate("issue_retail_user", "issue_retail_user")
        # neither Replace nor a new card in the back office
        self._refused(
            "odoo.exceptions.AccessError",
            "retail.card",
            "action_replace",
            self.blocked.ids,
        )
        error = self._refused(
            "odoo.exceptions.AccessError",
            "retail.card",
            "create",
            {"partner_id": self.holder.id},
        )
        self.assertIn("blocked card", error)
        self.assertEqual(self.holder.card_ids, self.blocked)
        # a customer whose card was lost (not blocked) gets one from a clerk
        other = self.Partner.create({"name": "Lost Holder"})
        lost = self.env["retail.card"].create([{"partner_id": other.id}])
        lost.action_report_lost()
        self._call("retail.card", "action_replace", lost.ids)
        self.assertEqual(lost.state, "replaced")
        # the manager replaces the blocked card
        self.authenticate("issue_manager", "issue_manager")
        self._call("retail.card", "action_replace", self.blocked.ids)
        self.assertEqual(self.blocked.state, "replaced")
        self.assertEqual(len(self.holder.card_ids), 2)
