# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceSalesSummary(RetailInvoiceCase):
    def summary(self, partners, date_from=None, date_to=None, companies=None):
        # the companies selected in the web client
        companies = companies or self.company
        Report = self.env["retail.customer.report"].with_context(
            allowed_company_ids=companies.ids
        )
        return {
            partner: (count, number, day)
            for partner, (count, _amount, number, day) in Report._get_sales_summary(
                partners.ids, date_from, date_to
            ).items()
        }

    # a fixed moment: the till sale is booked "now" (the ledger's dates are
    # in UTC), a day the test names instead of one computed apart from it
    @freeze_time("2026-06-15 12:00:00")
    def test_invoices_counted_once(self):
        # a sale booked in the ledger only (e.g. a shop till), before the invoices
        self.customer._post_reward_points(
            5.0, "earn", origin="SHOP/0001", company_id=self.company.id
        )
        self.invoice(self.customer, 10.0, date="2024-01-10")
        self.invoice(self.customer, 20.0, date="2024-02-20")
        self.invoice(self.customer, 30.0, date="2024-02-25", post=False)
        refund_of = self.invoice(self.customer, 40.0, date="2024-01-05")
        self.credit_note(refund_of)
        self.assertEqual(
            len(
                self.env["retail.point.entry"].search(
                    [("partner_id", "=", self.customer.id), ("kind", "=", "earn")]
                )
            ),
            4,
        )
        summary = self.summary(self.customer | self.shop)
        # two posted invoices (the one fully reversed by its credit note is no
        # sale) plus the till sale; the invoices' own ledger entries do not
        # count again
        self.assertEqual(refund_of.payment_state, "reversed")
        self.assertEqual(summary[self.customer.id], (3, "SHOP/0001", date(2026, 6, 15)))
        self.assertNotIn(self.shop.id, summary)

    def test_last_invoice_and_period(self):
        first = self.invoice(self.customer, 10.0, date="2024-01-10")
        last = self.invoice(self.customer, 20.0, date="2024-02-20")
        summary = self.summary(self.customer)
        self.assertEqual(summary[self.customer.id], (2, last.name, date(2024, 2, 20)))
        # what the customer spent: the invoices' totals, in company currency
        Report = self.env["retail.customer.report"].with_context(
            allowed_company_ids=self.company.ids
        )
        amount = Report._get_sales_summary(self.customer.ids)[self.customer.id][1]
        self.assertAlmostEqual(
            amount, first.amount_total_signed + last.amount_total_signed
        )
        # invoices are in the period by their invoice date; their ledger
        # entries (booked today) are not counted in it
        summary = self.summary(self.customer, date(2024, 2, 1), date(2024, 2, 29))
        self.assertEqual(summary[self.customer.id], (1, last.name, date(2024, 2, 20)))
        summary = self.summary(self.customer, date(2024, 3, 1), None)
        self.assertEqual(summary, {})

    def test_invoices_without_points(self):
        self.company.retail_points_from_invoices = False
        first = self.invoice(self.shop, 10.0, date="2024-01-10")
        summary = self.summary(self.shop)
        self.assertEqual(summary[self.shop.id], (1, first.name, date(2024, 1, 10)))

    def test_other_company_and_empty(self):
        other = self.company_data_2["company"]
        self.init_invoice(
            "out_invoice",
            partner=self.customer,
            invoice_date=date(2024, 1, 10),
            amounts=[10.0],
            post=True,
            company=other,
        )
        self.assertEqual(self.summary(self.customer), {})
        both = self.summary(self.customer, companies=self.company | other)
        self.assertEqual(both[self.customer.id][0], 1)
        self.assertEqual(self.env["retail.customer.report"]._get_sales_summary([]), {})

    def test_purchases_list_of_the_customer(self):
        """The customer's *Shop purchases* button lists its posted invoices,
        not a draft, a reversed invoice or another customer's."""
        first = self.invoice(self.customer, 10.0, date="2024-01-10")
        last = self.invoice(self.customer, 20.0, date="2024-02-20")
        self.invoice(self.customer, 30.0, date="2024-02-25", post=False)
        self.credit_note(self.invoice(self.customer, 40.0, date="2024-01-05"))
        self.invoice(self.shop, 50.0, date="2024-02-21")
        action = self.customer.with_context(
            allowed_company_ids=self.company.ids
        ).action_open_retail_sales()
        purchases = (
            self.env[action["res_model"]]
            .with_context(allowed_company_ids=self.company.ids, **action["context"])
            .search(action["domain"])
        )
        self.assertEqual(
            [(p.name, p.date, p.res_model, p.res_id) for p in purchases],
            [
                (last.name, date(2024, 2, 20), "account.move", last.id),
                (first.name, date(2024, 1, 10), "account.move", first.id),
            ],
        )
        self.assertEqual(
            purchases.mapped("amount"),
            [last.amount_total_signed, first.amount_total_signed],
        )
