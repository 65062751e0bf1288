# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import RETAIL_MANAGER


@tagged("post_install", "-at_install")
class TestPointRpc(HttpCase):
    """The ledger rules hold for external API callers too."""

    def setUp(self):
        super().setUp()
        self.manager = new_test_user(
            self.env,
            login="rpc_manager",
            password="rpc_manager_pw",
            groups=RETAIL_MANAGER,
        )
        self.partner = self.env["res.partner"].create({"name": "API customer"})

    def _call(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.manager.id,
            "rpc_manager_pw",
            model,
            method,
            list(args),
            kwargs,
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_rpc_create_write_unlink(self):
        entry_id = self._call(
            "retail.point.entry",
            "create",
            {
                "partner_id": self.partner.id,
                "kind": "adjust",
                "points": 30,
                "note": "API",
            },
        )
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.reward_points, 30)
        with self.assertRaisesRegex(Fault, "cannot be changed"):
            self._call("retail.point.entry", "write", [entry_id], {"points": 300})
        with self.assertRaisesRegex(Fault, "not allowed to delete"):
            self._call("retail.point.entry", "unlink", [entry_id])
        with self.assertRaisesRegex(Fault, "cannot be set by hand"):
            self._call(
                "res.partner", "write", [self.partner.id], {"reward_points": 1000}
            )
        with self.assertRaisesRegex(Fault, "Private methods"):
            self._call(
                "res.partner", "_post_reward_points", [self.partner.id], 500, "adjust"
            )
        entry = self.env["retail.point.entry"].browse(entry_id)
        self.assertEqual(entry.points, 30)
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.reward_points, 30)
