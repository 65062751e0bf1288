# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestMembershipRpc(HttpCase):
    """Who enrols, over the external API: a cashier only through the till's
    call (with consent, from an open session), never the back-office action
    nor by writing the fields; contact clerks and portal users not at all."""

    def setUp(self):
        super().setUp()
        self.customer = self.env["res.partner"].create({"name": "RPC Member"})
        self.config = self.env["pos.config"].create({"name": "RPC Till"})
        profiles = {
            "cashier": "base.group_user,point_of_sale.group_pos_user",
            "clerk": "base.group_user,base.group_partner_manager",
            "portal": "base.group_portal",
            "retail": "base.group_user,crm_retail_customers.group_retail_user",
        }
        self.users = {
            name: new_test_user(
                self.env, login=f"rpc_{name}", password=f"rpc_{name}_pw", groups=groups
            )
            for name, groups in profiles.items()
        }

    def _call(self, who, model, method, *args):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.users[who].id,
            f"rpc_{who}_pw",
            model,
            method,
            list(args),
            {},
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_enrol_over_rpc(self):
        partner_ids = [self.customer.id]
        for who in ("cashier", "clerk", "portal"):
            with self.assertRaisesRegex(Fault, "Only Retail CRM users|not allowed"):
                self._call(who, "res.partner", "action_retail_enrol", partner_ids)
            refused = "cannot be set by hand|not allowed|access to"
            with self.assertRaisesRegex(Fault, refused):
                self._call(
                    who, "res.partner", "write", partner_ids, {"retail_member": True}
                )
        for who in ("clerk", "portal"):
            with self.assertRaisesRegex(Fault, "open session|not allowed"):
                self._call(
                    who,
                    "res.partner",
                    "retail_pos_enrol",
                    self.customer.id,
                    self.config.id,
                    True,
                )
        # the till's call needs an open session of the till
        with self.assertRaisesRegex(Fault, "open session"):
            self._call(
                "cashier",
                "res.partner",
                "retail_pos_enrol",
                self.customer.id,
                self.config.id,
                True,
            )
        with self.assertRaisesRegex(Fault, "Private methods"):
            self._call("retail", "res.partner", "_retail_enrol", partner_ids, "pos")
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.retail_member)
        self._call("retail", "res.partner", "action_retail_enrol", partner_ids)
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.retail_member)
        self.assertEqual(self.customer.retail_member_user_id, self.users["retail"])
