# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import CONTACT_CLERK, company_user

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosSalesAtAGlance(RetailPosCase):
    """POS orders in the sales summary and the till's customer details."""

    def invoiced_order(self, customer):
        data = self.ui_order([self.ui_line(self.product_plain, 3)], customer)
        data["data"]["to_invoice"] = True
        data["to_invoice"] = True
        self.sync(data)
        return self.order_of(data)

    def test_invoiced_order_counts_once(self):
        """A POS order and its invoice are one sale: the order's number and
        amount, whatever the period the invoice date falls in."""
        order = self.invoiced_order(self.customer_x)
        invoice = order.account_move
        self.assertEqual(order.state, "invoiced")
        self.assertEqual((invoice.move_type, invoice.state), ("out_invoice", "posted"))
        Report = self.env["retail.customer.report"]
        summary = Report._get_sales_summary(self.customer_x.ids)
        self.assertEqual(
            summary[self.customer_x.id],
            (1, order.amount_total, order.name, order.date_order.date()),
        )
        # the invoice alone in a period (the order made before it): still
        # no sale of its own
        order.date_order = "2020-01-10 10:00:00"
        self.assertEqual(
            Report._get_sales_summary(self.customer_x.ids, invoice.invoice_date), {}
        )
        self.assertEqual(
            Report._get_sales_summary(self.customer_x.ids)[self.customer_x.id][0], 1
        )
        # the customer's figures are the same
        self.env.invalidate_all()
        self.assertEqual(self.customer_x.retail_sales_count, 1)
        self.assertEqual(self.customer_x.retail_sales_amount, order.amount_total)
        self.assertEqual(self.customer_x.retail_last_sale_name, order.name)
        # the customer's purchases list (its Shop purchases button): the
        # order, once
        action = self.customer_x.action_open_retail_sales()
        purchases = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .search(action["domain"])
        )
        self.assertEqual(
            [(p.name, p.res_model, p.res_id, p.amount) for p in purchases],
            [(order.name, "pos.order", order.id, order.amount_total)],
        )

    def test_refund_is_no_sale(self):
        data = self.ui_order([self.ui_line(self.product_plain, 2)], self.customer_x)
        self.sync(data)
        order = self.order_of(data)
        refund = self.ui_order([self.refund_line(order.lines)], self.customer_x)
        self.sync(refund)
        summary = self.env["retail.customer.report"]._get_sales_summary(
            self.customer_x.ids
        )
        self.assertEqual(summary[self.customer_x.id][:3], (1, 40.0, order.name))

    def test_till_rpc_as_cashier(self):
        data = self.ui_order([self.ui_line(self.product_plain, 2)], self.customer_x)
        self.sync(data)
        order = self.order_of(data)
        Partner = self.env["res.partner"].with_user(self.pos_user)
        self.assertFalse(Partner.retail_pos_sales_summary(999999999))
        self.assertEqual(
            Partner.retail_pos_sales_summary(self.customer_x.id),
            {
                "count": 1,
                "amount": 40.0,
                "last_date": str(order.date_order.date()),
                "last_name": order.name,
            },
        )
        # the cashier is no Retail CRM user: the fields themselves stay closed
        with self.assertRaises(AccessError):
            self.customer_x.with_user(self.pos_user).read(["retail_sales_count"])
        clerk = company_user(
            self.env, "retail_clerk_no_pos", CONTACT_CLERK, self.company
        )
        with self.assertRaisesRegex(AccessError, "Point of Sale users"):
            self.env["res.partner"].with_user(clerk).retail_pos_sales_summary(
                self.customer_x.id
            )
        # another company's customer is out of the cashier's reach
        other = self.env["res.company"].create({"name": "Other shop"})
        stranger = self.env["res.partner"].create(
            {"name": "Stranger", "company_id": other.id}
        )
        with self.assertRaises(AccessError):
            Partner.retail_pos_sales_summary(stranger.id)

    def test_invoiced_order_earns_once(self):
        """The order earns when paid; its invoice, made and posted by the
        till, books nothing more (the account bridge asks the ledger which
        documents their source books)."""
        order = self.invoiced_order(self.customer_x)
        invoice = order.account_move
        self.assertEqual(invoice.state, "posted")
        Entry = self.env["retail.point.entry"]
        self.assertEqual(Entry._get_documents_booked_by_their_source(invoice), invoice)
        entries = self.entries(self.customer_x)
        self.assertEqual(entries.mapped("res_model"), ["pos.order"])
        self.assertEqual(self.customer_x.reward_points, 60.0)
        # a credit note of the POS invoice gives the money back: it takes
        # back what the order earned (the invoice itself held nothing;
        # setup/tests/odoo_db/test_pos_invoice_credit_note.py)
        credit = invoice._reverse_moves()
        credit.action_post()
        self.assertEqual(self.customer_x.reward_points, 0.0)
        self.assertEqual(len(self.entries(self.customer_x)), len(entries) + 1)


@tagged("post_install", "-at_install")
class TestPosSalesSummary(RetailPosCase):
    def test_paid_orders_count_once(self):
        first = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        first["data"]["date_order"] = "2026-01-15 10:00:00"
        second = self.ui_order([self.ui_line(self.product_plain, 2)], self.customer_x)
        second["data"]["date_order"] = "2026-02-20 10:00:00"
        self.sync(first, second)
        # both orders earned points: the ledger entries are not counted again
        self.assertEqual(len(self.entries(self.customer_x)), 2)
        Report = self.env["retail.customer.report"]
        summary = Report._get_sales_summary(self.customer_x.ids)
        last = self.order_of(second)
        first_order = self.order_of(first)
        self.assertEqual(
            summary[self.customer_x.id],
            (
                2,
                first_order.amount_total + last.amount_total,
                last.name,
                last.date_order.date(),
            ),
        )
        summary = Report._get_sales_summary(
            self.customer_x.ids, date_from="2026-01-01", date_to="2026-01-31"
        )
        self.assertEqual(summary[self.customer_x.id][0], 1)
