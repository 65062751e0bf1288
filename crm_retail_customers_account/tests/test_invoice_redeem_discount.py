# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import RetailBasketCase


@tagged("post_install", "-at_install")
class TestInvoiceRedeemDiscount(RetailBasketCase):
    """ "Redeem points" on a draft customer invoice (discount mode): one
    discount line per set of taxes, the points taken when it is posted,
    given back on reset to draft, cancel and credit notes, and nobody but
    the server deciding the figures."""

    # -- the discount and its taxes ---------------------------------------------
    def test_wizard_from_invoice_form_figures(self):
        invoice = self.basket()
        invoice = invoice.with_user(self.manager)
        action = invoice.action_retail_redeem_points()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        ) as form:
            self.assertEqual(form.balance, 500.0)
            self.assertEqual(form.max_points, 181.0, "the goods with taxes")
            form.points = 36.2
            self.assertEqual(form.value, 36.2)

    def test_invoice_form_shows_the_buttons_to_managers_only(self):
        """The invoice form has Redeem Points (draft, discount mode) and Pay
        with Points (posted, payment mode) for Retail CRM managers; the
        buttons are not in the form of an invoicing user."""
        clerk = company_user(
            self.env, "retail_form_clerk", "account.group_account_invoice", self.company
        )
        for user, shown in ((self.manager, True), (clerk, False)):
            arch = (
                self.env["account.move"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            for button in ("action_retail_redeem_points", "action_retail_pay_points"):
                self.assertEqual(button in arch, shown, (user.login, button))

    def test_discount_per_tax_lowers_the_tax_base(self):
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        lines = self.discount_lines(invoice)
        self.assertRecordValues(
            lines.sorted(lambda line: -line.price_unit),
            [
                {"price_unit": -10.0, "quantity": 1.0, "tax_ids": self.tax14.ids},
                {"price_unit": -20.0, "quantity": 1.0, "tax_ids": self.tax24.ids},
            ],
        )
        self.assertEqual(invoice.retail_points_redeemed, 36.2)
        self.assertFalse(self.redeem_entries(invoice), "taken when posted only")
        invoice.action_post()
        taxes = invoice.line_ids.filtered("tax_line_id")
        self.assertEqual(
            {
                tax.tax_line_id: (tax.tax_base_amount, round(-tax.balance, 2))
                for tax in taxes
            },
            {self.tax24: (80.0, 19.2), self.tax14: (40.0, 5.6)},
        )
        self.assertEqual(invoice.amount_untaxed, 120.0)
        self.assertEqual(invoice.amount_total, 144.8, "181.00 less 36.20")
        self.assertRecordValues(
            self.redeem_entries(invoice),
            [
                {
                    "partner_id": self.customer.id,
                    "points": -36.2,
                    "amount": 36.2,
                    "company_id": self.company.id,
                    "idempotency_key": f"account.move:{invoice.id}:redeem",
                }
            ],
        )
        earn = self.entries(invoice).filtered(lambda entry: entry.kind == "earn")
        self.assertEqual(earn.points, 120.0, "the discount earns nothing")
        self.assertAlmostEqual(self.customer.reward_points, 500.0 - 36.2 + 120.0)

    def test_posting_twice_books_once(self):
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice.action_post()
        invoice._retail_book_invoice_redemption()
        self.assertEqual(len(self.redeem_entries(invoice)), 1)

    def test_draft_cancel_and_repost(self):
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice.action_post()
        invoice.button_draft()
        self.assertEqual(self.redeem_entries(invoice).mapped("points"), [-36.2, 36.2])
        self.assertEqual(
            self.redeem_entries(invoice)[-1].idempotency_key,
            f"account.move:{invoice.id}:redeem:draft:1",
        )
        invoice.button_cancel()
        invoice._retail_book_invoice_redemption(event="cancel")
        self.assertEqual(len(self.redeem_entries(invoice)), 2, "given back once")
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(
            self.redeem_entries(invoice).mapped("points"), [-36.2, 36.2, -36.2]
        )
        self.assertAlmostEqual(self.customer.reward_points, 500.0 - 36.2 + 120.0)

    def test_zero_points_removes_the_discount(self):
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        self.redeem(invoice, 0.0)
        self.assertFalse(self.discount_lines(invoice))
        self.assertFalse(invoice.retail_points_redeemed)
        self.assertFalse(invoice.retail_points_redeem_partner_id)
        invoice.action_post()
        self.assertFalse(self.redeem_entries(invoice))
        self.assertEqual(invoice.amount_total, 181.0)

    def test_duplicate_has_no_discount(self):
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        copy = invoice.copy()
        self.assertFalse(self.discount_lines(copy))
        self.assertFalse(copy.retail_points_redeemed)
        self.assertEqual(copy.amount_total, 181.0)

    # -- credit notes -----------------------------------------------------------
    def test_full_credit_note_gives_all_back(self):
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice.action_post()
        refund = self.credit_note(invoice)
        self.assertEqual(len(self.discount_lines(refund)), 2)
        self.assertRecordValues(
            self.redeem_entries(refund),
            [
                {
                    "points": 36.2,
                    "idempotency_key": f"account.move:{refund.id}:redeem",
                }
            ],
        )
        self.assertAlmostEqual(self.customer.reward_points, 500.0)

    def test_partial_credit_notes_give_back_rounded_down_shares(self):
        """Whole points, a point worth 0.10: 363 points are 36.30, 24.87 on
        the coat. Crediting the coat gives back 363 x 24.87 / 36.30 = 248.7,
        rounded down to 248; crediting the rest gives back the other 115."""
        self.company.write(
            {"retail_points_precision": "whole", "retail_point_value": 0.1}
        )
        invoice = self.basket()
        self.redeem(invoice, 363)
        invoice.action_post()
        self.assertEqual(self.redeem_entries(invoice).points, -363.0)
        coat_only = self.credit_note(invoice, post=False)
        coat_only.write(
            {
                "invoice_line_ids": [
                    Command.unlink(line.id)
                    for line in coat_only.invoice_line_ids
                    if self.tax14 in line.tax_ids
                ]
            }
        )
        coat_only.action_post()
        self.assertEqual(self.redeem_entries(coat_only).points, 248.0)
        rest = self.credit_note(invoice, post=False)
        rest.write(
            {
                "invoice_line_ids": [
                    Command.unlink(line.id)
                    for line in rest.invoice_line_ids
                    if self.tax24 in line.tax_ids
                ]
            }
        )
        rest.action_post()
        self.assertEqual(self.redeem_entries(rest).points, 115.0)
        # a third credit note of the same gives nothing more
        again = self.credit_note(invoice)
        self.assertFalse(self.redeem_entries(again))
        again.button_draft()
        coat_only.button_draft()
        self.assertEqual(
            sum(self.redeem_entries(coat_only).mapped("points")),
            0.0,
            "a credit note reset to draft takes its give-back back",
        )

    # -- forgeries --------------------------------------------------------------
    def test_points_field_and_lines_cannot_be_forged(self):
        invoice = self.basket().with_user(self.manager)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            invoice.write({"retail_points_redeemed": 1000.0})
        with self.assertRaisesMessage(UserError, "Redeem points only"):
            invoice.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.redemption.id,
                                "price_unit": -150.0,
                                "tax_ids": [Command.set(self.tax24.ids)],
                            }
                        )
                    ]
                }
            )
        self.redeem(invoice, 36.2)
        line = self.discount_lines(invoice)[:1]
        with self.assertRaisesMessage(UserError, "Redeem points only"):
            line.write({"price_unit": -120.0})
        goods = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.coat
        )
        with self.assertRaisesMessage(UserError, "Redeem points only"):
            goods.write({"product_id": self.redemption.id})
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            line.write({"retail_points": 500.0})

    def test_changed_discount_refuses_posting(self):
        """A discount line deleted, goods changed or another customer after
        the points were redeemed: the invoice is not posted and nothing is
        booked until Redeem points sets it right."""
        for change in ("unlink", "goods", "customer"):
            with self.subTest(change=change):
                invoice = self.basket()
                self.redeem(invoice, 36.2)
                if change == "unlink":
                    self.discount_lines(invoice)[:1].unlink()
                elif change == "goods":
                    invoice.invoice_line_ids.filtered(
                        lambda line: line.product_id == self.bread
                    ).quantity = 2.0
                else:
                    invoice.partner_id = self.shop
                with self.assertRaisesMessage(UserError, "Redeem points again"):
                    invoice.action_post()
                self.assertEqual(invoice.state, "draft")
                self.assertFalse(self.redeem_entries(invoice))

    # -- who may redeem, how many -----------------------------------------------
    def test_who_may_redeem(self):
        invoice = self.basket()
        retail_user = company_user(
            self.env,
            "retail_invoice_user",
            "account.group_account_invoice,crm_retail_customers.group_retail_user",
            self.company,
        )
        with self.assertRaisesMessage(UserError, "Only a Retail CRM manager"):
            invoice.with_user(retail_user).action_retail_redeem_points()
        with self.assertRaises(AccessError):
            self.env["retail.invoice.redeem.points"].with_user(retail_user).create(
                {"move_id": invoice.id, "points": 10.0}
            )
        clerk = company_user(
            self.env,
            "retail_invoice_clerk",
            "account.group_account_invoice,base.group_partner_manager",
            self.company,
        )
        with self.assertRaisesMessage(UserError, "Only a Retail CRM manager"):
            invoice.with_user(clerk).action_retail_redeem_points()
        other = company_user(
            self.env,
            "retail_invoice_other_company",
            "account.group_account_invoice,crm_retail_customers.group_retail_manager",
            self.company_data_2["company"],
        )
        with self.assertRaises(AccessError):
            invoice.with_user(other).action_retail_redeem_points()
        with self.assertRaises(AccessError):
            self.redeem(invoice, 10.0, user=other)
        portal = company_user(
            self.env, "retail_invoice_portal", "base.group_portal", self.company
        )
        with self.assertRaises(AccessError):
            invoice.with_user(portal).action_retail_redeem_points()
        self.assertFalse(self.discount_lines(invoice))
        # the clerk posts what the manager granted: the server books it
        self.redeem(invoice, 36.2)
        invoice.with_user(clerk).action_post()
        self.assertEqual(self.redeem_entries(invoice).points, -36.2)

    def test_members_only(self):
        self.company.retail_members_only = True
        invoice = self.basket()
        with self.assertRaisesMessage(UserError, "not a member"):
            self.redeem(invoice, 10.0)
        self.customer.action_retail_enrol()
        self.redeem(invoice, 10.0)
        self.customer.action_retail_leave()
        with self.assertRaisesMessage(UserError, "not a member"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(self.redeem_entries(invoice))

    def test_balance_spent_meanwhile_refuses_posting(self):
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        self.customer.sudo()._post_reward_points(
            -480.0, "redeem", company_id=self.company.id
        )
        with self.assertRaisesMessage(UserError, "Cannot redeem 36.2 points"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(self.redeem_entries(invoice))

    def test_limits(self):
        invoice = self.basket()
        with self.assertRaisesMessage(UserError, "has only 500.0"):
            self.redeem(invoice, 500.5)
        self.customer.sudo()._post_reward_points(
            100.0, "adjust", company_id=self.company.id, note="test"
        )
        with self.assertRaisesMessage(UserError, "more than the goods"):
            self.redeem(invoice, 181.5)
        with self.assertRaisesMessage(UserError, "cannot be negative"):
            self.redeem(invoice, -5.0)
        self.company.retail_points_precision = "whole"
        with self.assertRaises(ValidationError):
            self.redeem(invoice, 10.5)
        self.assertFalse(self.discount_lines(invoice))

    def test_refused_outside_draft_invoices_and_in_payment_mode(self):
        invoice = self.basket()
        self.company.retail_points_redeem_mode = "payment"
        with self.assertRaisesMessage(UserError, "redeems points as a payment"):
            self.redeem(invoice, 10.0)
        self.company.retail_points_redeem_mode = "discount"
        invoice.action_post()
        with self.assertRaisesMessage(UserError, "draft customer invoice only"):
            self.redeem(invoice, 10.0)
        foreign = self.basket()
        foreign.currency_id = self.currency_data["currency"]
        with self.assertRaisesMessage(UserError, "in that currency only"):
            self.redeem(foreign, 10.0)

    # -- hostile review: the invoicing clerk (no Retail CRM rights) ---------------
    def clerk(self):
        """The invoicing clerk of the hostile review: posts, credits, resets
        and cancels invoices, has no Retail CRM rights."""
        return company_user(
            self.env,
            "retail_hostile_clerk",
            "base.group_user,account.group_account_invoice",
            self.company,
        )

    def clerk_credit_note(self, invoice, clerk, post=True):
        """A credit note of ``invoice`` made by ``clerk`` with the wizard."""
        wizard = (
            self.env["account.move.reversal"]
            .with_user(clerk)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "Goods returned", "journal_id": invoice.journal_id.id})
        )
        wizard.refund_moves()
        refund = wizard.new_move_ids.with_user(clerk)
        if post:
            refund.action_post()
        return refund

    def test_credited_invoice_reset_or_cancelled_gives_nothing_twice(self):
        """C1: a credited invoice cancelled or reset to draft gave its points
        back a second time. Refused while a posted credit note holds the
        give-back; the credit note reset first, the invoice gives back the
        rest once."""
        clerk = self.clerk()
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice = invoice.with_user(clerk)
        invoice.action_post()
        refund = self.clerk_credit_note(invoice, clerk)
        self.assertEqual(self.redeem_entries(refund).points, 36.2)
        balance = self.customer.reward_points
        for action in ("button_cancel", "button_draft"):
            with self.assertRaisesMessage(UserError, "Reset the credit note"):
                getattr(invoice, action)()
            self.assertEqual(invoice.state, "posted")
            self.assertAlmostEqual(self.customer.reward_points, balance)
        self.assertEqual(
            sum(self.redeem_entries(invoice | refund).mapped("points")), 0.0
        )
        refund.button_draft()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(
            sum(self.redeem_entries(invoice | refund).mapped("points")),
            0.0,
            "the points redeemed came back once",
        )

    def test_forged_line_totals_give_back_nothing_more(self):
        """C2: the clerk wrote ``price_total`` on the discount line of the
        posted invoice (or of its credit note) so that a small credit note
        gave back all the points. Refused on any document; and what a credit
        note gives back follows the lines' price, not a stored total."""
        clerk = self.clerk()
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice = invoice.with_user(clerk)
        invoice.action_post()
        line = self.discount_lines(invoice)[:1].with_user(clerk)
        for field in (
            "price_total",
            "price_subtotal",
            "amount_currency",
            "balance",
            "debit",
            "credit",
        ):
            with (
                self.subTest(field=field),
                self.assertRaisesMessage(UserError, "Redeem points only"),
            ):
                line.write({field: 0.01})
        refund = self.clerk_credit_note(invoice, clerk, post=False)
        refund_line = self.discount_lines(refund)[:1].with_user(clerk)
        with self.assertRaisesMessage(UserError, "Redeem points only"):
            refund_line.write({"price_total": -100.0})
        # a credit note of the coat only (24 % share: 24.80 of 36.20), its
        # stored totals forged below the clerk's reach: it gives back the
        # coat's share of the points, from the lines' prices
        refund.write(
            {
                "invoice_line_ids": [
                    Command.unlink(line.id)
                    for line in refund.invoice_line_ids
                    if self.tax14 in line.tax_ids
                ]
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move_line SET price_total = -0.01 WHERE id IN %s",
            [tuple(self.discount_lines(invoice).ids)],
        )
        self.env.cr.execute(
            "UPDATE account_move_line SET price_total = -36.20 WHERE id IN %s",
            [tuple(self.discount_lines(refund).ids)],
        )
        self.env.invalidate_all()
        refund.action_post()
        self.assertAlmostEqual(self.redeem_entries(refund).points, 24.8)

    def test_credit_note_that_gave_points_back_is_not_reversed(self):
        """H1: reversing a credit note (Odoo 17 makes it a journal entry,
        without the discount lines) made the customer owe again while the
        points it gave back stayed given back. Refused; reset to draft, it
        takes its points back."""
        clerk = self.clerk()
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice = invoice.with_user(clerk)
        invoice.action_post()
        refund = self.clerk_credit_note(invoice, clerk)
        balance = self.customer.reward_points
        with self.assertRaisesMessage(UserError, "cannot be reversed"):
            self.clerk_credit_note(refund, clerk)
        self.assertFalse(refund.reversal_move_id)
        self.assertAlmostEqual(self.customer.reward_points, balance)
        refund.button_draft()
        self.assertEqual(sum(self.redeem_entries(refund).mapped("points")), 0.0)

    def test_credit_note_keeps_the_invoice_it_gave_points_back_for(self):
        """C1 by another road: the clerk unlinked the credit note from its
        invoice (``reversed_entry_id``) so that the invoice no longer saw the
        points it gave back, then cancelled the invoice: refused."""
        clerk = self.clerk()
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice = invoice.with_user(clerk)
        invoice.action_post()
        refund = self.clerk_credit_note(invoice, clerk)
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            refund.write({"reversed_entry_id": False})
        self.assertEqual(refund.reversed_entry_id, invoice)
        with self.assertRaisesMessage(UserError, "Reset the credit note"):
            invoice.button_cancel()

    def test_forged_goods_totals_earn_nothing_more(self):
        """C2 on earning: the clerk wrote ``price_total`` on a goods line of
        a posted invoice, reset it to draft and posted it again: what it
        earns follows the lines' prices and taxes, not the stored total."""
        self.company.retail_points_on_untaxed = False
        clerk = self.clerk()
        invoice = self.basket().with_user(clerk)
        invoice.action_post()
        earned = sum(self.entries(invoice).mapped("points"))
        self.assertTrue(earned)
        coat = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.coat
        )
        coat.write({"price_total": 100000.0})
        invoice.button_draft()
        invoice.action_post()
        self.assertAlmostEqual(sum(self.entries(invoice).mapped("points")), earned)

    def clerks_credit_note(self, clerk, invoice, currency):
        """The credit note of ``invoice`` the clerk types through the ORM,
        line by line as the invoice (points discount lines included), in
        ``currency``."""
        return (
            self.env["account.move"]
            .with_user(clerk)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "invoice_date": invoice.invoice_date,
                    "reversed_entry_id": invoice.id,
                    "currency_id": currency.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "name": line.name,
                                "quantity": line.quantity,
                                "price_unit": line.price_unit,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                            }
                        )
                        for line in invoice.invoice_line_ids
                    ],
                }
            )
        )

    def test_credit_note_in_another_currency_gives_nothing_back(self):
        """F2: the clerk credited an invoice that redeemed 36.2 points in a
        currency worth a hundredth of the company's, its discount lines'
        figures kept: it gave back all 36.2 points for 1.45 of the company's
        money. A credit note of a points discount is refused in another
        currency (with the discount lines or without), nothing booked; in the
        company's currency it gives back all the points."""
        clerk = self.clerk()
        cheap = self.currency_data["currency"]
        self.env["res.currency.rate"].create(
            {
                "name": "2024-01-01",
                "rate": 100.0,
                "currency_id": cheap.id,
                "company_id": self.company.id,
            }
        )
        invoice = self.basket()
        self.redeem(invoice, 36.2)
        invoice.action_post()
        balance = self.customer.reward_points
        self.assertAlmostEqual(balance, 500.0 - 36.2 + 120.0)
        refund = self.clerks_credit_note(clerk, invoice, cheap)
        with self.assertRaisesMessage(UserError, "in that currency only"):
            refund.action_post()
        # without the discount lines: still the credit note of the discount
        refund.write(
            {
                "invoice_line_ids": [
                    Command.unlink(line.id) for line in self.discount_lines(refund)
                ]
            }
        )
        with self.assertRaisesMessage(UserError, "in that currency only"):
            refund.action_post()
        self.assertEqual(refund.state, "draft")
        self.assertFalse(self.entries(refund))
        self.assertAlmostEqual(self.customer.reward_points, balance)
        # the legitimate twin: in the company's currency, all points back
        twin = self.clerks_credit_note(clerk, invoice, self.company.currency_id)
        twin.action_post()
        self.assertAlmostEqual(sum(self.redeem_entries(twin).mapped("points")), 36.2)
        self.assertAlmostEqual(self.customer.reward_points, 500.0)
