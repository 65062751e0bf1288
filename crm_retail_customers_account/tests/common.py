# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields
from odoo.tests import Form

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_retail_customers.tests.common import (
    RetailAssertions,
    RetailCompanyCustomersMixin,
    company_user,
)


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
        """A customer invoice of ``amount`` untaxed (one line, 15% tax; or
        the lines of ``amounts``)."""
        return self.init_invoice(
            kwargs.pop("move_type", "out_invoice"),
            partner=partner,
            invoice_date=fields.Date.to_date(date),
            amounts=kwargs.pop("amounts", [amount]),
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


class RetailBasketCase(RetailAssertions, RetailInvoiceCase):
    """Redeeming points on invoices (Redeem Points, Pay with Points). The
    basket of the POS tests: a coat of 100.00 at 24 % and bread of 50.00
    at 14 % (181.00 with taxes). A point is worth 1.00: 36.20 points split
    24.80 / 11.40 with taxes, 20.00 / 10.00 without."""

    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company.retail_point_value = 1.0
        # the opening balance would reach a tier (demo data) and its factor
        cls.env["retail.tier"].search([]).active = False
        cls.tax24 = cls.env["account.tax"].create(
            {
                "name": "VAT 24 %",
                "amount": 24.0,
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.tax14 = cls.env["account.tax"].create(
            {
                "name": "VAT 14 %",
                "amount": 14.0,
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.coat = cls.env["product.product"].create(
            {"name": "Coat", "lst_price": 100.0, "taxes_id": [Command.set([])]}
        )
        cls.bread = cls.env["product.product"].create(
            {"name": "Bread", "lst_price": 50.0, "taxes_id": [Command.set([])]}
        )
        cls.redemption = cls.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
        )
        cls.manager = company_user(
            cls.env,
            "retail_invoice_manager",
            "account.group_account_invoice,crm_retail_customers.group_retail_manager",
            cls.company,
        )
        cls.customer.sudo()._post_reward_points(
            500.0, "opening", company_id=cls.company.id
        )

    def basket(self, partner=None, post=False):
        """A draft invoice of the coat (24 %) and the bread (14 %)."""
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_date": fields.Date.to_date("2024-03-10"),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.coat.id,
                            "quantity": 1.0,
                            "price_unit": 100.0,
                            "tax_ids": [Command.set(self.tax24.ids)],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.bread.id,
                            "quantity": 1.0,
                            "price_unit": 50.0,
                            "tax_ids": [Command.set(self.tax14.ids)],
                        }
                    ),
                ],
            }
        )

    def redeem(self, invoice, points, user=None):
        """Redeem ``points`` with the wizard opened from the invoice's button,
        as ``user`` (the Retail CRM manager by default)."""
        invoice = invoice.with_user(user or self.manager)
        action = invoice.action_retail_redeem_points()
        self.assertEqual(action["res_model"], "retail.invoice.redeem.points")
        Wizard = self.env[action["res_model"]].with_user(user or self.manager)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.points = points
            wizard = form.save()
        wizard.action_redeem()
        return wizard

    def discount_lines(self, move):
        return move.invoice_line_ids.filtered(
            lambda line: line.product_id == self.redemption
        )

    def redeem_entries(self, moves):
        return self.entries(moves).filtered(lambda entry: entry.kind == "redeem")
