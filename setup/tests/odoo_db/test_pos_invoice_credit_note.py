# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A credit note made in the back office on the invoice of a POS order: the
order earned its points when it was paid (its invoice earns nothing), and
the money the credit note gives back takes them back. Two bridges meet here
(the POS one books the order, the invoicing one the credit note), so the
test lives with the repository's integration tests."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers_pos.tests.common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosInvoiceCreditNote(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.earn.rule"].search([]).active = False
        # POS companies often earn nothing on invoices: the credit note of a
        # POS invoice takes back all the same
        cls.company.retail_points_from_invoices = False

    def invoiced_sale(self, qty):
        data = self.ui_order([self.ui_line(self.product_plain, qty)], self.customer_x)
        data["to_invoice"] = data["data"]["to_invoice"] = True
        self.sync(data)
        order = self.order_of(data)
        self.assertEqual(order.state, "invoiced")
        return order

    def credit_note(self, invoice, price_unit=None):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "Goods returned", "journal_id": invoice.journal_id.id})
        )
        wizard.refund_moves()
        refund = wizard.new_move_ids
        if price_unit is not None:
            refund.invoice_line_ids.price_unit = price_unit
        refund.action_post()
        return refund

    def test_credit_note_of_pos_invoice_takes_back_the_points(self):
        """Five pairs of socks (100.00) earn 100 points at the till; the
        invoice earns nothing more; crediting the whole invoice takes the 100
        back."""
        order = self.invoiced_sale(5)
        self.assertEqual(order.retail_points_earned, 100.0)
        self.assertEqual(self.customer_x.reward_points, 100.0)
        invoice = order.account_move
        refund = self.credit_note(invoice)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        entry = self.env["retail.point.entry"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", refund.id)]
        )
        self.assertEqual(entry.kind, "reverse")
        self.assertEqual(entry.points, -100.0)
        # posted again after a reset to draft: nothing more is taken
        refund.button_draft()
        refund.action_post()
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_partial_credit_note_takes_back_its_share(self):
        """A credit note lowering the price of the socks by 4.00 (20.00 of
        money back) takes back the 20 points that money earned."""
        order = self.invoiced_sale(5)
        self.credit_note(order.account_move, price_unit=4.0)
        self.assertEqual(self.customer_x.reward_points, 80.0)
