# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Taking a shared customer into one company would hide their points from
the other companies' staff and tills: over the web client's RPC, a clerk or
Retail user cannot, a retail manager only while no other company's entries
exist for them."""

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

PROFILES = {
    "clerk": "base.group_user,base.group_partner_manager",
    "retail": "base.group_user,base.group_partner_manager,"
    "crm_retail_customers.group_retail_user",
    "manager": "base.group_user,base.group_partner_manager,"
    "crm_retail_customers.group_retail_manager",
}


@tagged("post_install", "-at_install")
class TestPartnerCompanyChange(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})
        for profile, groups in PROFILES.items():
            new_test_user(
                cls.env,
                login=f"company_change_{profile}",
                groups=groups,
                company_id=cls.company_a.id,
                company_ids=[(6, 0, cls.company_a.ids)],
            )
        Partner = cls.env["res.partner"]
        # shared, with points earned in company B
        cls.shared = Partner.create({"name": "Shared Sam", "company_id": False})
        cls.shared._post_reward_points(
            40, "earn", company_id=cls.company_b.id, origin="B/1"
        )
        # shared, with points earned in company A only
        cls.local = Partner.create({"name": "Local Liisa", "company_id": False})
        cls.local._post_reward_points(
            15, "earn", company_id=cls.company_a.id, origin="A/1"
        )
        # shared, with a card and no entries
        cls.carded = Partner.create({"name": "Carded Carl", "company_id": False})
        cls.env["retail.card"].create({"partner_id": cls.carded.id})
        cls.plain = Partner.create({"name": "Plain Paula", "company_id": False})

    def _write_as(self, profile, partner, vals):
        self.authenticate(f"company_change_{profile}", f"company_change_{profile}")
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/res.partner/write",
            {
                "model": "res.partner",
                "method": "write",
                "args": [partner.ids, vals],
                "kwargs": {},
            },
        )

    def _refused(self, error, profile, partner, vals):
        with self.assertRaises(JsonRpcException) as cm:
            self._write_as(profile, partner, vals)
        self.assertEqual(cm.exception.args[0], error, profile)

    @mute_logger("odoo.http")
    def test_company_of_customers_with_points_or_cards(self):
        into_a = {"company_id": self.company_a.id}
        access = "odoo.exceptions.AccessError"
        for profile in ("clerk", "retail"):
            for partner in (self.shared, self.local, self.carded):
                self._refused(access, profile, partner, into_a)
        # a manager neither, while company B's entries exist
        self._refused("odoo.exceptions.UserError", "manager", self.shared, into_a)
        customers = self.shared | self.local | self.carded
        customers.invalidate_recordset()
        self.assertFalse(any(customers.mapped("company_id")))
        # B's staff still find the customer and B's ledger books for them
        self.assertEqual(self.shared.reward_points, 40.0)
        self.shared._post_reward_points(
            2, "earn", company_id=self.company_b.id, origin="B/2"
        )
        # the manager moves a customer whose points are all of company A,
        # and one holding only a card; and makes them shared again
        for partner in (self.local, self.carded):
            self.assertTrue(self._write_as("manager", partner, into_a))
            partner.invalidate_recordset()
            self.assertEqual(partner.company_id, self.company_a)
        self.assertTrue(self._write_as("manager", self.local, {"company_id": False}))
        # customers without points or cards: unchanged, anyone with contact
        # rights may
        self.assertTrue(self._write_as("clerk", self.plain, into_a))
        self.plain.invalidate_recordset()
        self.assertEqual(self.plain.company_id, self.company_a)
        # other fields of a customer holding points stay writable
        self.assertTrue(self._write_as("clerk", self.shared, {"phone": "+358 1"}))

    def test_message_names_the_other_company(self):
        manager = self.env["res.users"].search(
            [("login", "=", "company_change_manager")]
        )
        with self.assertRaisesRegex(UserError, "entries in Shop B"):
            self.shared.with_user(manager).write({"company_id": self.company_a.id})
