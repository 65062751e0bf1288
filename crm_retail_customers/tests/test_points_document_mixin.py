# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo_test_helper import FakeModelLoader

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_point_entry import PointsCase


def _document_model():
    """A document type of its own, fed through the mixin like the bridges'
    documents: a customer, a company, a date that dates the first purchase.
    Defined when the test registers it (``FakeModelLoader``), never at
    import: the module's registry does not know it."""

    class RetailPointsTestDocument(models.Model):
        _name = "retail.points.test.document"
        _inherit = "retail.points.document.mixin"
        _description = "Reward Points Test Document"

        name = fields.Char()
        partner_id = fields.Many2one("res.partner")
        company_id = fields.Many2one("res.company")
        date = fields.Date()

        def _retail_customer_since_day(self):
            if self.partner_id and self.date:
                return self.partner_id.commercial_partner_id, self.date
            return False

    return RetailPointsTestDocument


@tagged("post_install", "-at_install")
class TestPointsDocumentMixin(PointsCase):
    """A document fed through ``retail.points.document.mixin``: the bridge
    says what it should have booked, the mixin books the difference under
    the one key scheme, refuses another company's customer and moves
    'customer since' only earlier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        cls.loader.update_registry([_document_model()])
        cls.addClassCleanup(cls.loader.restore_registry)
        cls.Document = cls.env["retail.points.test.document"]
        cls.document = cls.Document.create(
            {
                "name": "DOC/1",
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
            }
        )
        cls.key = f"retail.points.test.document:{cls.document.id}"
        cls.Entry = cls.env["retail.point.entry"]

    def _entries(self):
        return self.Entry.search(
            [
                ("res_model", "=", self.document._name),
                ("res_id", "=", self.document.id),
            ],
            order="id",
        )

    def _sync(self, customer, target, event="post"):
        booked = self.document._retail_points_booked()
        self.document._retail_points_sync(customer, target, booked, event)
        return booked

    def test_booking_and_keys(self):
        booked = self._sync(self.customer, 30.0)
        entry = self._entries()
        self.assertEqual(entry.points, 30.0)
        self.assertEqual(entry.kind, "earn")
        self.assertEqual(entry.idempotency_key, f"{self.key}:earn")
        self.assertEqual(entry.origin, "DOC/1")
        self.assertEqual(entry.company_id, self.company)
        self.assertEqual(booked[self.document.id], {self.customer.id: [30.0, 1]})
        self.assertEqual(self.customer.reward_points, 30.0)
        self.assertLedgerConsistent()

    def test_same_target_books_nothing(self):
        self._sync(self.customer, 30.0)
        self._sync(self.customer, 30.0)
        self.assertEqual(len(self._entries()), 1)
        self.assertEqual(self.customer.reward_points, 30.0)

    def test_lowered_target_books_the_difference(self):
        self._sync(self.customer, 30.0)
        self._sync(self.customer, 20.0)
        _first, second = self._entries()
        self.assertEqual(second.points, -10.0)
        self.assertEqual(second.kind, "reverse")
        self.assertEqual(second.idempotency_key, f"{self.key}:post:1")
        self.assertEqual(self.customer.reward_points, 20.0)
        # cancelled: everything goes back, under the event's own key
        self._sync(self.customer, 0.0, event="cancel")
        self.assertEqual(self._entries()[-1].idempotency_key, f"{self.key}:cancel:2")
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertLedgerConsistent()

    def test_former_customer_gives_back(self):
        self._sync(self.customer, 30.0)
        self._sync(self.shop_contact, 30.0)
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertEqual(self.shop.reward_points, 30.0)
        self.assertLedgerConsistent()

    def test_customer_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Shop Oy"})
        foreign = self.Partner.create({"name": "Foreign", "company_id": other.id})
        with self.assertRaisesMessage(UserError, "belongs to Other Shop Oy"):
            self.document._retail_check_points_company(foreign)
        with self.assertRaisesMessage(UserError, "belongs to Other Shop Oy"):
            self._sync(foreign, 10.0)
        self.assertFalse(self._entries())
        # a shared customer and one of the document's company pass
        self.document._retail_check_points_company(self.customer)
        own = self.Partner.create({"name": "Own", "company_id": self.company.id})
        self.document._retail_check_points_company(own)

    def test_customer_since_moves_only_earlier(self):
        def confirm(day):
            self.document.date = day
            self.document._retail_update_customer_since()

        confirm(date(2024, 5, 10))
        self.assertEqual(self.customer.customer_since, date(2024, 5, 10))
        confirm(date(2025, 1, 1))
        self.assertEqual(self.customer.customer_since, date(2024, 5, 10))
        confirm(date(2023, 2, 3))
        self.assertEqual(self.customer.customer_since, date(2023, 2, 3))
        # a batch: the earliest of its documents counts
        earlier = self.Document.create(
            {"partner_id": self.customer.id, "date": date(2022, 1, 1)}
        )
        (self.document | earlier)._retail_update_customer_since()
        self.assertEqual(self.customer.customer_since, date(2022, 1, 1))
        # nothing to date: nothing changes
        self.Document.create({"name": "no date"})._retail_update_customer_since()
        self.assertEqual(self.customer.customer_since, date(2022, 1, 1))
