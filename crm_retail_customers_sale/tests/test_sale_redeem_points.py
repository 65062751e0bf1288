# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.crm_retail_customers.tests.common import (
    RetailAssertions,
    company_user,
)

from .common import RetailSaleCase


@tagged("post_install", "-at_install")
class TestSaleRedeemPoints(RetailAssertions, RetailSaleCase):
    """ "Redeem points" on a quotation (discount mode): the discount lines of
    the invoice's wizard, on the order; they go to the invoice with the
    order, whose posting takes the points once (never the confirmation).
    The basket of the invoice tests: a coat of 100.00 at 24 % and bread of
    50.00 at 14 %, a point worth 1.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "retail_point_value": 1.0,
                "retail_points_redeem_mode": "discount",
                "retail_points_precision": "decimal",
                "retail_members_only": False,
                "retail_points_from_invoices": False,
            }
        )
        cls.env["retail.tier"].search([]).active = False
        Tax = cls.env["account.tax"]
        cls.tax24 = Tax.create(
            {"name": "VAT 24 %", "amount": 24.0, "type_tax_use": "sale"}
        )
        cls.tax14 = Tax.create(
            {"name": "VAT 14 %", "amount": 14.0, "type_tax_use": "sale"}
        )
        Product = cls.env["product.product"]
        cls.coat = Product.create(
            {
                "name": "Coat",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax24.ids)],
            }
        )
        cls.bread = Product.create(
            {
                "name": "Bread",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax14.ids)],
            }
        )
        cls.redemption = cls.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
        )
        cls.manager = company_user(
            cls.env,
            "retail_sale_manager",
            "sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "crm_retail_customers.group_retail_manager",
            cls.company,
        )
        cls.customer.sudo()._post_reward_points(
            500.0, "opening", company_id=cls.company.id
        )

    def quotation(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.coat.id,
                            "product_uom_qty": 1.0,
                            "price_unit": 100.0,
                            "tax_id": [Command.set(self.tax24.ids)],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.bread.id,
                            "product_uom_qty": 1.0,
                            "price_unit": 50.0,
                            "tax_id": [Command.set(self.tax14.ids)],
                        }
                    ),
                ],
            }
        )

    def redeem(self, order, points, user=None):
        order = order.with_user(user or self.manager)
        action = order.action_retail_redeem_points()
        Wizard = self.env[action["res_model"]].with_user(user or self.manager)
        with Form(Wizard.with_context(**action["context"])) as form:
            self.assertEqual(form.balance, self.customer.reward_points)
            form.points = points
            wizard = form.save()
        wizard.action_redeem()

    def discount_lines(self, order):
        return order.order_line.filtered(
            lambda line: line.product_id == self.redemption
        )

    def redeemed(self):
        return self.env["retail.point.entry"].search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "redeem")],
            order="id",
        )

    def test_order_form_shows_the_button_to_managers_only(self):
        salesman = company_user(
            self.env,
            "retail_form_salesman",
            "sales_team.group_sale_salesman_all_leads",
            self.company,
        )
        for user, shown in ((self.manager, True), (salesman, False)):
            arch = (
                self.env["sale.order"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertEqual("action_retail_redeem_points" in arch, shown)

    def test_quotation_to_invoice_books_once(self):
        order = self.quotation()
        self.redeem(order, 36.2)
        self.assertRecordValues(
            self.discount_lines(order).sorted("price_unit"),
            [
                {"price_unit": -20.0, "tax_id": self.tax24.ids},
                {"price_unit": -10.0, "tax_id": self.tax14.ids},
            ],
        )
        self.assertEqual(order.retail_points_redeemed, 36.2)
        self.assertEqual(order.amount_total, 144.8)
        order.action_confirm()
        self.assertFalse(self.redeemed(), "not at confirmation")
        invoice = order._create_invoices()
        self.assertEqual(invoice.retail_points_redeemed, 36.2)
        self.assertEqual(invoice.retail_points_redeem_partner_id, self.customer)
        invoice.action_post()
        taxes = invoice.line_ids.filtered("tax_line_id")
        self.assertEqual(
            {
                tax.tax_line_id: (tax.tax_base_amount, round(-tax.balance, 2))
                for tax in taxes
            },
            {self.tax24: (80.0, 19.2), self.tax14: (40.0, 5.6)},
        )
        self.assertRecordValues(
            self.redeemed(),
            [
                {
                    "points": -36.2,
                    "res_model": "account.move",
                    "res_id": invoice.id,
                    "idempotency_key": f"account.move:{invoice.id}:redeem",
                }
            ],
        )
        # nothing left to invoice: no second redemption
        with self.assertRaises(UserError):
            order._create_invoices()
        # the invoice cancelled gives back; the order invoiced again takes
        # the points again, once in all
        invoice.button_draft()
        invoice.button_cancel()
        second = order._create_invoices()
        self.assertEqual(second.retail_points_redeemed, 36.2)
        second.action_post()
        self.assertEqual(self.redeemed().mapped("points"), [-36.2, 36.2, -36.2])
        self.assertAlmostEqual(self.customer.reward_points, 500.0 - 36.2)

    def test_discount_cannot_be_forged(self):
        order = self.quotation().with_user(self.manager)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            order.write({"retail_points_redeemed": 100.0})
        with self.assertRaisesMessage(UserError, "Redeem points only"):
            order.write(
                {
                    "order_line": [
                        Command.create(
                            {"product_id": self.redemption.id, "price_unit": -100.0}
                        )
                    ]
                }
            )
        self.redeem(order, 36.2)
        with self.assertRaisesMessage(UserError, "Redeem points only"):
            self.discount_lines(order)[:1].write({"price_unit": -90.0})
        self.discount_lines(order)[:1].unlink()
        with self.assertRaisesMessage(UserError, "Redeem points again"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_a_foreign_price_list_after_redeeming(self):
        # a salesperson switches the quotation to a price list in a currency
        # worth four times the company's: the discount lines keep their
        # figures, which would then be worth four times the points
        foreign = self.env.ref("base.EUR")
        if foreign == self.company.currency_id:
            foreign = self.env.ref("base.CHF")
        foreign.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": foreign.id, "rate": 0.25, "company_id": self.company.id}
        )
        salesman = company_user(
            self.env,
            "retail_sale_pricelist",
            "sales_team.group_sale_salesman_all_leads,product.group_product_pricelist",
            self.company,
        )
        order = self.quotation()
        self.redeem(order, 36.2)
        pricelist = self.env["product.pricelist"].create(
            {"name": "Export", "currency_id": foreign.id}
        )
        order.with_user(salesman).write({"pricelist_id": pricelist.id})
        self.assertEqual(order.currency_id, foreign)
        with self.assertRaisesMessage(UserError, "confirmed in that currency only"):
            order.with_user(salesman).action_confirm()
        self.assertEqual(order.state, "draft")
        # confirmed all the same by writing its state: its invoice is refused
        order.with_user(salesman).write({"state": "sale"})
        invoice = order._create_invoices()
        self.assertEqual(invoice.currency_id, foreign)
        with self.assertRaisesMessage(UserError, "Redeem points again"):
            invoice.with_user(self.manager).action_post()
        self.assertFalse(self.redeemed())

    def test_changed_invoice_refuses_posting(self):
        order = self.quotation()
        self.redeem(order, 36.2)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.coat
        ).unlink()
        with self.assertRaisesMessage(UserError, "Redeem points again"):
            invoice.action_post()
        self.assertFalse(self.redeemed())

    def test_who_may_redeem(self):
        order = self.quotation()
        retail_user = company_user(
            self.env,
            "retail_sale_user",
            "sales_team.group_sale_salesman_all_leads,"
            "crm_retail_customers.group_retail_user",
            self.company,
        )
        salesman = company_user(
            self.env,
            "retail_sale_clerk",
            "sales_team.group_sale_salesman_all_leads",
            self.company,
        )
        for user in (retail_user, salesman):
            with self.assertRaisesMessage(UserError, "Only a Retail CRM manager"):
                order.with_user(user).action_retail_redeem_points()
        portal = company_user(
            self.env, "retail_sale_portal", "base.group_portal", self.company
        )
        with self.assertRaises(AccessError):
            order.with_user(portal).action_retail_redeem_points()
        self.assertFalse(self.discount_lines(order))

    def test_payment_mode_and_confirmed_orders_have_no_redemption(self):
        order = self.quotation()
        self.company.retail_points_redeem_mode = "payment"
        with self.assertRaisesMessage(UserError, "redeems points as a payment"):
            self.redeem(order, 10.0)
        self.company.retail_points_redeem_mode = "discount"
        order.action_confirm()
        with self.assertRaisesMessage(UserError, "quotation only"):
            self.redeem(order, 10.0)

    def test_limits_and_copy(self):
        order = self.quotation()
        with self.assertRaisesMessage(UserError, "has only 500.0"):
            self.redeem(order, 500.5)
        with self.assertRaisesMessage(UserError, "more than the goods"):
            self.redeem(order, 181.5)
        self.company.retail_members_only = True
        with self.assertRaisesMessage(UserError, "not a member"):
            self.redeem(order, 10.0)
        self.company.retail_members_only = False
        self.redeem(order, 36.2)
        copy = order.copy()
        self.assertFalse(self.discount_lines(copy))
        self.assertFalse(copy.retail_points_redeemed)

    def test_stored_totals_of_discount_lines_cannot_be_forged(self):
        """C2 on quotations: the stored totals of a discount line are not
        written by hand, and what points may pay follows the goods' prices,
        not their stored totals."""
        order = self.quotation()
        self.redeem(order, 36.2)
        line = self.discount_lines(order)[:1].with_user(self.manager)
        for field in ("price_total", "price_subtotal", "price_tax"):
            with (
                self.subTest(field=field),
                self.assertRaisesMessage(UserError, "Redeem points only"),
            ):
                line.write({field: -0.01})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order_line SET price_total = 100000 WHERE order_id = %s"
            " AND product_id != %s",
            [order.id, self.redemption.id],
        )
        self.env.invalidate_all()
        self.assertAlmostEqual(order._retail_redeemable_amount(), 181.0)
