# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.tests import Form

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_retail_customers.tests.common import RetailCompanyCustomersMixin


class RetailInvoiceCase(RetailCompanyCustomersMixin, AccountTestInvoicingCommon):
    """A company customer with an invoice contact and another contact, a
    private customer, and the company set to earn points from invoices (one
    point per currency unit). Tests run as Odoo's ``accountman`` user."""

    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company = cls.company_data["company"]
        cls.company.write(
            {
                "retail_points_per_currency": 1.0,
                "retail_points_from_invoices": True,
                "retail_allow_negative_balance": True,
                "retail_customer_since_invoice": False,
                # figures to the decimal; whole points: test_invoice_whole_points.py
                "retail_points_precision": "decimal",
                # membership is tested in test_invoice_membership.py
                "retail_members_only": False,
            }
        )
        cls._create_retail_customers()

    def invoice(self, partner, amount, date="2024-03-10", post=True, **kwargs):
        """A customer invoice of ``amount`` untaxed (one line, 15% tax)."""
        return self.init_invoice(
            kwargs.pop("move_type", "out_invoice"),
            partner=partner,
            invoice_date=fields.Date.to_date(date),
            amounts=[amount],
            taxes=self.tax_sale_a,
            post=post,
            **kwargs,
        )

    def reversal_wizard(self, invoice, reason):
        """The "Credit Note" wizard opened on ``invoice``."""
        return (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": reason, "journal_id": invoice.journal_id.id})
        )

    def credit_note(self, invoice, price_unit=None, post=True):
        """A credit note made with the reversal wizard: the whole invoice, or
        ``price_unit`` on its single line (a partial refund)."""
        wizard = self.reversal_wizard(invoice, "Goods returned")
        wizard.refund_moves()
        refund = wizard.new_move_ids
        self.assertEqual(refund.move_type, "out_refund")
        if price_unit is not None:
            with Form(refund) as form, form.invoice_line_ids.edit(0) as line:
                line.price_unit = price_unit
        if post:
            refund.action_post()
        return refund

    def entries(self, moves):
        return self.env["retail.point.entry"].search(
            [("res_model", "=", "account.move"), ("res_id", "in", moves.ids)],
            order="id",
        )
