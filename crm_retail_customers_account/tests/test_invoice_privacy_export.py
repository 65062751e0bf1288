# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import json
import zipfile

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import RETAIL_MANAGER, company_user

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoicePrivacyExport(RetailInvoiceCase):
    """The customer's data export lists their invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = company_user(
            cls.env, "invoice_export_manager", RETAIL_MANAGER, cls.company
        )

    def export(self, partner):
        manager = self.manager
        buffer = io.BytesIO()
        self.env["retail.privacy.export"].with_user(
            manager
        )._retail_privacy_export_build(partner.with_user(manager), buffer)
        archive = zipfile.ZipFile(buffer)
        return {
            name: json.loads(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".json")
        }

    def test_export_lists_invoices_of_the_company(self):
        invoice = self.invoice(self.invoice_contact, 100.0, date="2024-03-10")
        self.invoice(self.customer, 7.0, date="2024-03-11")
        files = self.export(self.shop)
        self.assertEqual(
            [
                (p["number"], p["date"], p["amount"], p["model"], p["document_id"])
                for p in files["purchases.json"]
            ],
            [
                (
                    invoice.name,
                    "2024-03-10",
                    invoice.amount_total_signed,
                    "account.move",
                    invoice.id,
                )
            ],
        )
        self.assertEqual(
            [e["origin"] for e in files["points_ledger.json"]], [invoice.name]
        )
        self.assertEqual(
            sorted(c["name"] for c in files["customer.json"]["contacts"]),
            ["Iida Invoices", "Olli Buyer"],
        )
        # a contact's own export: the purchases and points are the company's
        files = self.export(self.invoice_contact)
        self.assertEqual(files["purchases.json"], [])
        self.assertEqual(files["points_ledger.json"], [])
        self.assertEqual(files["customer.json"]["points_held_by"]["id"], self.shop.id)

    def test_export_lists_credit_notes_and_reversed_invoices(self):
        """Invoices the purchases leave out (fully reversed) are in the
        export, with their credit notes."""
        invoice = self.invoice(self.customer, 40.0, date="2024-01-05")
        refund = self.credit_note(invoice)
        purchases = self.export(self.customer)["purchases.json"]
        self.assertEqual(
            sorted((p["number"], p["amount"]) for p in purchases),
            sorted(
                [
                    (invoice.name, invoice.amount_total_signed),
                    (refund.name, refund.amount_total_signed),
                ]
            ),
        )
        self.assertLess(refund.amount_total_signed, 0)
        self.assertEqual(
            {p["document_type"] for p in purchases},
            {"Customer Invoice", "Customer Credit Note"},
        )
