# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two customers merged who had each earned a welcome bonus, one at the till
and one on an invoice: one person holds one welcome bonus while one of their
purchases stands, whatever the order in which the till and the back office
take them back. The invoicing addon keeps the invoices' bonuses in line
(``account.move._retail_sync_invoice_bonuses``); the test command installs
it with this addon."""

from odoo import Command
from odoo.tests import tagged

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosBonusMergeInvoices(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"retail_welcome_points": 25.0, "retail_points_from_invoices": True}
        )
        cls.shopper, cls.duplicate = cls.Partner.create(
            [{"name": "Dora Shopper"}, {"name": "Dora S."}]
        )
        (cls.shopper | cls.duplicate)._retail_enrol("backoffice")

    def invoice(self, customer, price):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product_plain.id,
                            "price_unit": price,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def welcome_held(self):
        self.env.invalidate_all()
        return sum(
            self.env["retail.point.entry"]
            .search([("partner_id", "=", self.shopper.id), ("kind", "=", "bonus")])
            .mapped("points")
        )

    def test_the_tills_bonus_taken_back_after_the_invoices_one(self):
        sale = self.ui_order([self.ui_line(self.product_plain, 1)], self.shopper)
        self.sync(sale, user=self.pos_user)
        self.invoice(self.shopper, 30.0)
        first = self.invoice(self.duplicate, 50.0)
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.duplicate | self.shopper).ids, self.shopper
        )
        self.assertEqual(self.welcome_held(), 50.0)
        # the duplicate's invoice credited: its bonus goes (the till's stands)
        first._reverse_moves(cancel=True)
        self.assertEqual(self.welcome_held(), 25.0)
        # the till's first purchase refunded in full: its bonus goes too
        refund = self.ui_order(
            [self.refund_line(self.order_of(sale).lines)], self.shopper
        )
        self.sync(refund, user=self.pos_user)
        # the invoice of 30 stands: the bonus linked by the merge is the
        # person's again, at once
        self.assertEqual(self.welcome_held(), 25.0)
        # and their next invoice keeps one
        self.invoice(self.shopper, 10.0)
        self.assertEqual(self.welcome_held(), 25.0)
        # the stored balance is the ledger's
        self.assertAlmostEqual(
            self.shopper.reward_points,
            sum(self.shopper.point_entry_ids.mapped("points")),
        )
