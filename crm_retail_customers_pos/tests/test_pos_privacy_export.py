# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import json
import zipfile

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import RETAIL_MANAGER, company_user

from .common import POS_CASHIER, RetailPosCase


@tagged("post_install", "-at_install")
class TestPosPrivacyExport(RetailPosCase):
    """The customer's data export lists their POS orders."""

    def test_export_lists_pos_orders(self):
        data = self.ui_order([self.ui_line(self.product_plain, 2)], self.customer_x)
        self.sync(data)
        order = self.order_of(data)
        manager = company_user(
            self.env, "pos_export_manager", RETAIL_MANAGER, self.company
        )
        buffer = io.BytesIO()
        self.env["retail.privacy.export"].with_user(
            manager
        )._retail_privacy_export_build(self.customer_x.with_user(manager), buffer)
        archive = zipfile.ZipFile(buffer)
        purchases = json.loads(archive.read("purchases.json"))
        self.assertEqual(
            [
                (p["number"], p["model"], p["document_id"], p["amount"])
                for p in purchases
            ],
            [(order.name, "pos.order", order.id, order.amount_total)],
        )
        self.assertEqual(purchases[0]["date"], str(order.date_order.date()))
        self.assertEqual(purchases[0]["currency"], self.company.currency_id.name)
        # the points the order earned are in the ledger, with its number
        ledger = json.loads(archive.read("points_ledger.json"))
        self.assertIn(order.name, [entry["origin"] for entry in ledger])
        # a cashier builds no export, even on a server path
        with self.assertRaises(AccessError):
            self.env["retail.privacy.export"].with_user(
                self.pos_user
            )._retail_privacy_export_build(
                self.customer_x.with_user(self.pos_user), io.BytesIO()
            )

    def test_invoiced_order_and_its_invoice(self):
        """An invoiced POS order is one purchase, but the export lists its
        invoice too (a document of the customer's)."""
        data = self.ui_order([self.ui_line(self.product_plain, 3)], self.customer_x)
        data["data"]["to_invoice"] = True
        data["to_invoice"] = True
        self.sync(data)
        order = self.order_of(data)
        self.assertEqual(order.state, "invoiced")
        manager = company_user(
            self.env, "pos_export_manager", RETAIL_MANAGER, self.company
        )
        buffer = io.BytesIO()
        self.env["retail.privacy.export"].with_user(
            manager
        )._retail_privacy_export_build(self.customer_x.with_user(manager), buffer)
        purchases = json.loads(zipfile.ZipFile(buffer).read("purchases.json"))
        self.assertEqual(
            sorted((p["model"], p["document_id"]) for p in purchases),
            [("account.move", order.account_move.id), ("pos.order", order.id)],
        )


@tagged("post_install", "-at_install")
class TestPosPrivacyExportHttp(HttpCase):
    @mute_logger("odoo.http")
    def test_cashier_refused(self):
        new_test_user(self.env, login="export_cashier", groups=POS_CASHIER)
        customer = self.env["res.partner"].create({"name": "Till Customer"})
        self.authenticate("export_cashier", "export_cashier")
        response = self.url_open(
            f"/crm_retail_customers/privacy/export/{customer.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"Till Customer", response.content)
