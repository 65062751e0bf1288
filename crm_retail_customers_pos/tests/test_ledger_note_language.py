# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The notes the till writes in the ledger (refunds, redeemed points given
back, returns without a receipt, the proof of the customer's presence) are
read in the reader's language, whoever sold in whatever language; the
stored note stays English."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import load_languages

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosLedgerNoteLanguage(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ["fi_FI", "fa_IR"])

    def note(self, entry, lang):
        return entry.with_context(lang=lang).note_text

    def _sell(self, lines, lang):
        data = self.ui_order(lines, self.customer_x)
        env = self.env(context=dict(self.env.context, lang=lang))
        env["pos.order"].create_from_ui([data])
        return self.order_of(data)

    def test_refund_notes_booked_in_finnish_read_in_english_and_persian(self):
        self.book(self.customer_x, 300)
        order = self._sell(
            [self.ui_line(self.product_plain, 5), self.redeem_line(200)], "en_US"
        )
        goods = order.lines.filtered(lambda l: l.product_id == self.product_plain)
        discount = order.lines - goods
        # refunded by a Finnish-speaking cashier
        self._sell([self.refund_line(goods), self.refund_line(discount)], "fi_FI")
        entries = self.entries(self.customer_x)
        reverse = entries.filtered(lambda e: e.kind == "reverse")
        give_back = entries.filtered(lambda e: e.kind == "redeem" and e.points > 0)
        self.assertEqual((reverse.points, give_back.points), (-80.0, 200.0))
        self.assertEqual(reverse.note, f"Refund of {order.name}")
        self.assertEqual(
            give_back.note, f"Redeemed points given back: refund of {order.name}"
        )
        self.assertEqual(self.note(reverse, "en_US"), f"Refund of {order.name}")
        self.assertEqual(self.note(reverse, "fi_FI"), f"Tilauksen {order.name} hyvitys")
        self.assertEqual(self.note(reverse, "fa_IR"), f"بازپرداخت {order.name}")
        self.assertEqual(
            self.note(give_back, "fi_FI"),
            f"Lunastetut pisteet palautettu: tilauksen {order.name} hyvitys",
        )

    def test_return_without_receipt_booked_in_english_read_in_finnish(self):
        self._sell([self.ui_line(self.product_plain, 5)], "en_US")
        self._sell([self.ui_line(self.product_plain, -5)], "en_US")
        entry = self.entries(self.customer_x)[-1]
        self.assertEqual((entry.kind, entry.points), ("reverse", -100.0))
        self.assertEqual(entry.note, "Goods returned without the receipt")
        self.assertEqual(self.note(entry, "fi_FI"), "Tuotteet palautettu ilman kuittia")
        self.assertEqual(self.note(entry, "fa_IR"), "کالای برگشتی بدون رسید")
