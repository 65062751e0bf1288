# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import load_languages

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestReceiptLanguage(RetailPosCase):
    """The points lines of the receipt are the customer's: the server answers
    the till's sync with their labels in the customer's language, whatever
    the cashier's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(
            cls.env,
            ["fa_IR", "ru_RU"],
            ("base", "point_of_sale", "crm_retail_customers_pos"),
        )
        cls.pos_user.lang = "ru_RU"
        cls.customer_fa = cls.Partner.create({"name": "مریم احمدی", "lang": "fa_IR"})
        cls.customer_en = cls.Partner.create({"name": "Edith English", "lang": "en_US"})

    def _labels(self, customer, *lines):
        self.data = self.ui_order(list(lines), customer=customer)
        result = self.sync(self.data, user=self.pos_user)
        return result[0]["retail_points"]

    def test_persian_customer_gets_persian_labels_from_russian_cashier(self):
        self.book(self.customer_fa, 50)
        points = self._labels(
            self.customer_fa, self.ui_line(self.product_plain), self.redeem_line(10)
        )
        self.assertEqual(points["earned"], 19.0)
        self.assertEqual(points["redeemed"], 10.0)
        labels = points["labels"]
        # beside Odoo's loyalty app the title also says "(SHOP)"
        # (crm_retail_customers_loyalty): the translated title leads it
        self.assertTrue(labels["title"].startswith("امتیاز پاداش"), labels["title"])
        self.assertEqual(labels["earned"], "امتیاز کسب‌شده")
        self.assertEqual(labels["redeemed"], "امتیاز استفاده‌شده")
        self.assertEqual(labels["balance"], "موجودی جدید")
        # the order as the till reloads it (receipt reprinted) says the same
        exported = self.order_of(self.data).with_user(self.pos_user).export_for_ui()
        self.assertEqual(exported[0]["retail_points"]["labels"], labels)

    def test_english_customer_gets_english_labels_from_russian_cashier(self):
        labels = self._labels(self.customer_en, self.ui_line(self.product_plain))[
            "labels"
        ]
        self.assertEqual(labels["earned"], "Points earned")
        self.assertEqual(labels["balance"], "New balance")
        # the cashier's own language is Russian: the terms are loaded, unused
        self.assertEqual(
            self.env["pos.order"]
            .with_context(lang="ru_RU")
            ._retail_receipt_labels()["balance"],
            "Новый баланс",
        )
