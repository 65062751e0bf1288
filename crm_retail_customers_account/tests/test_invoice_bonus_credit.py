# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The bonuses of a first purchase made on an invoice follow the purchase:
held while an invoice of the customer stands, taken back from whoever holds
them when none does (credited in full, cancelled, deleted, another
customer's), given back when one stands again."""

from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import company_user, referred_by

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoiceBonusCredit(RetailInvoiceCase):
    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company.write({"retail_welcome_points": 15, "retail_referral_points": 40})
        Partner = cls.env["res.partner"]
        cls.referrer = Partner.create({"name": "Ines Referrer"})
        cls.newcomer = Partner.create({"name": "Otto Newcomer"})
        (cls.referrer | cls.newcomer)._retail_enrol("backoffice")
        referred_by(cls.newcomer, cls.referrer)
        cls.welcome = f"welcome:{cls.newcomer.id}"
        cls.referral = f"referral:{cls.newcomer.id}"

    def bonuses(self, invoice):
        """``[(key, holder, points)]`` of the bonus entries of ``invoice``."""
        return [
            (entry.idempotency_key, entry.partner_id, entry.points)
            for entry in self.entries(invoice).filtered(
                lambda entry: entry.kind == "bonus"
            )
        ]

    def granted(self):
        return [
            (self.welcome, self.newcomer, 15.0),
            (self.referral, self.referrer, 40.0),
        ]

    def test_a_full_credit_note_takes_both_bonuses_back(self):
        invoice = self.invoice(self.newcomer, 100.0)
        self.assertEqual(self.bonuses(invoice), self.granted())
        self.assertEqual(self.newcomer.reward_points, 115.0)
        self.assertEqual(self.referrer.reward_points, 40.0)
        earned = self.referrer.reward_points_earned
        refund = self.credit_note(invoice)
        self.assertEqual(
            self.bonuses(invoice),
            self.granted()
            + [
                (f"{self.welcome}:revoked:1", self.newcomer, -15.0),
                (f"{self.referral}:revoked:1", self.referrer, -40.0),
            ],
        )
        # the credit note's own entry takes back the invoice's points only
        self.assertEqual(self.entries(refund).mapped("points"), [-100.0])
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        # a bonus never counted in the lifetime points, nor does its take-back
        self.assertEqual(self.referrer.reward_points_earned, earned)
        revoked = self.entries(invoice)[-1]
        self.assertEqual(
            revoked.note,
            f"Bonus taken back: {invoice.name} is no longer their purchase "
            "(credited in full, cancelled, deleted or another customer's)",
        )
        # the customer's next invoice is a purchase that stands: it holds
        # them, once
        second = self.invoice(self.newcomer, 50.0)
        self.assertEqual(
            self.bonuses(second),
            [
                (f"{self.welcome}:again:2", self.newcomer, 15.0),
                (f"{self.referral}:again:2", self.referrer, 40.0),
            ],
        )
        self.assertEqual(self.newcomer.reward_points, 50.0 + 15.0)
        self.invoice(self.newcomer, 20.0)
        self.assertEqual(self.newcomer.reward_points, 70.0 + 15.0)
        self.assertEqual(self.referrer.reward_points, 40.0)

    def test_partial_credit_notes_take_them_back_once_they_add_up(self):
        invoice = self.invoice(self.newcomer, 100.0)
        self.credit_note(invoice, price_unit=40.0)
        self.assertEqual(self.bonuses(invoice), self.granted())
        self.assertEqual(self.newcomer.reward_points, 60.0 + 15.0)
        self.credit_note(invoice, price_unit=60.0)
        self.assertEqual(
            [key for key, _holder, _points in self.bonuses(invoice)][2:],
            [f"{self.welcome}:revoked:1", f"{self.referral}:revoked:1"],
        )
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_a_cancelled_credit_note_gives_them_back(self):
        invoice = self.invoice(self.newcomer, 100.0)
        refund = self.credit_note(invoice)
        refund.button_draft()
        # a credit note reset to draft keeps what it took until it is
        # cancelled or posted again, as its points do
        self.assertEqual(self.referrer.reward_points, 0.0)
        refund.button_cancel()
        self.assertEqual(
            self.bonuses(invoice)[4:],
            [
                (f"{self.welcome}:restored:2", self.newcomer, 15.0),
                (f"{self.referral}:restored:2", self.referrer, 40.0),
            ],
        )
        self.assertEqual(self.newcomer.reward_points, 115.0)
        self.assertEqual(self.referrer.reward_points, 40.0)
        restored = self.entries(invoice)[-1]
        self.assertEqual(
            restored.note, f"Bonus given back: {invoice.name} is their purchase again"
        )
        # credited in full again: taken back again, under a key of its own
        self.credit_note(invoice)
        self.assertEqual(
            self.bonuses(invoice)[6:],
            [
                (f"{self.welcome}:revoked:3", self.newcomer, -15.0),
                (f"{self.referral}:revoked:3", self.referrer, -40.0),
            ],
        )
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_a_cancelled_invoice_takes_them_back(self):
        invoice = self.invoice(self.newcomer, 100.0)
        invoice.button_draft()
        # reset to draft, the invoice keeps them until cancelled or posted
        self.assertEqual(self.referrer.reward_points, 40.0)
        invoice.action_post()
        # posted again unchanged: nothing moves (the referrer's bonus is no
        # points of the invoice's customer to give back)
        self.assertEqual(self.bonuses(invoice), self.granted())
        self.assertEqual(len(self.entries(invoice)), 3)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(len(self.bonuses(invoice)), 4)

    def test_a_deleted_invoice_takes_them_back(self):
        invoice = self.invoice(self.newcomer, 100.0)
        invoice.button_draft()
        invoice.unlink()
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_an_invoice_moved_to_another_customer_takes_them_back(self):
        invoice = self.invoice(self.newcomer, 100.0)
        invoice.button_draft()
        invoice.partner_id = self.customer
        invoice.action_post()
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertIn(
            (f"{self.welcome}:revoked:1", self.newcomer, -15.0),
            self.bonuses(invoice),
        )

    def test_another_customers_credit_note_takes_nothing_back(self):
        invoice = self.invoice(self.newcomer, 100.0)
        refund = self.credit_note(invoice, post=False)
        refund.partner_id = self.customer
        refund.action_post()
        self.assertEqual(self.bonuses(invoice), self.granted())
        self.assertEqual(self.referrer.reward_points, 40.0)

    def test_a_spent_bonus_is_taken_back_as_far_as_the_balance_goes(self):
        self.company.retail_allow_negative_balance = False
        invoice = self.invoice(self.newcomer, 100.0)
        # the referrer spent 30 of their 40 points
        self.referrer._post_reward_points(-30.0, "redeem", origin="Shop")
        self.credit_note(invoice)
        self.assertEqual(self.referrer.reward_points, 0.0)
        taken = self.entries(invoice).filtered(
            lambda entry: entry.idempotency_key == f"{self.referral}:revoked:1"
        )
        self.assertEqual(taken.points, -10.0)
        self.assertIn(
            'The bonus "Referral of Otto Newcomer" should be taken back from '
            "Ines Referrer (40.0 points), but their balance held only 10.0",
            invoice.message_ids[0].body,
        )
        # given back, it is what was taken back, not more
        refund = invoice.reversal_move_id
        refund.button_draft()
        refund.button_cancel()
        self.assertEqual(self.referrer.reward_points, 10.0)

    def test_an_accountant_credits_the_invoice(self):
        accountant = company_user(
            self.env,
            "retail_bonus_accountant",
            "account.group_account_invoice",
            company=self.company,
        )
        invoice = self.invoice(self.newcomer, 100.0)
        refund = self.credit_note(invoice, post=False)
        refund.with_user(accountant).action_post()
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(self.newcomer.reward_points, 0.0)

    def test_a_corrected_invoice_keeps_them(self):
        """Reverse and create a new draft, then post it: the purchase stands,
        so its bonuses stay, now as entries of the corrected invoice."""
        invoice = self.invoice(self.newcomer, 100.0)
        wizard = self.reversal_wizard(invoice, "Wrong price")
        action = wizard.modify_moves()
        corrected = self.env["account.move"].browse(action["res_id"])
        corrected.action_post()
        self.assertEqual(self.newcomer.reward_points, 115.0)
        self.assertEqual(self.referrer.reward_points, 40.0)
        self.assertEqual(
            self.bonuses(corrected),
            [
                (f"{self.welcome}:again:2", self.newcomer, 15.0),
                (f"{self.referral}:again:2", self.referrer, 40.0),
            ],
        )

    def test_another_invoice_that_stands_keeps_them(self):
        first = self.invoice(self.newcomer, 100.0)
        second = self.invoice(self.newcomer, 50.0)
        self.assertFalse(self.bonuses(second))
        self.credit_note(first)
        self.assertEqual(self.newcomer.reward_points, 50.0 + 15.0)
        self.assertEqual(self.referrer.reward_points, 40.0)
        # the first one standing again: one purchase holds them, not two
        first.reversal_move_id.button_draft()
        first.reversal_move_id.button_cancel()
        self.assertEqual(self.newcomer.reward_points, 150.0 + 15.0)
        self.assertEqual(self.referrer.reward_points, 40.0)
        # and the second credited in full: the first holds them
        self.credit_note(second)
        self.assertEqual(self.newcomer.reward_points, 100.0 + 15.0)
        self.assertEqual(self.referrer.reward_points, 40.0)
        self.credit_note(first)
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_an_invoice_of_nothing_earns_no_bonus(self):
        """An invoice of 0.00, or whose discount is as large as its goods,
        buys nothing: it earns neither bonus, and the customer's first
        invoice that buys something does."""
        free = self.invoice(self.newcomer, 0.0)
        offset = self.invoice(self.newcomer, 0.0, amounts=[100.0, -100.0])
        self.assertEqual(offset.amount_untaxed, 0.0)
        self.assertFalse(self.bonuses(free) + self.bonuses(offset))
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)
        bought = self.invoice(self.newcomer, 100.0)
        self.assertEqual(self.bonuses(bought), self.granted())
        self.assertEqual(self.referrer.reward_points, 40.0)

    def test_money_moved_into_taxes_is_given_back(self):
        """A credit note whose line gets a tax included in its price gives
        back the invoice's whole money, less of it without taxes: the
        invoice is credited in full."""
        tax = self.env["account.tax"].create(
            {
                "name": "Included 30 %",
                "amount": 30.0,
                "price_include": True,
                "company_id": self.company.id,
            }
        )
        invoice = self.invoice(self.newcomer, 100.0)
        refund = self.credit_note(invoice, price_unit=115.0, post=False)
        refund.invoice_line_ids.tax_ids = tax
        refund.action_post()
        self.assertEqual(refund.amount_total, invoice.amount_total)
        self.assertAlmostEqual(refund.amount_untaxed, 88.46)
        self.assertEqual(
            [key for key, _holder, _points in self.bonuses(invoice)][2:],
            [f"{self.welcome}:revoked:1", f"{self.referral}:revoked:1"],
        )
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_an_invoice_of_nothing_holds_no_bonus(self):
        """The bonus of a purchase credited in full does not move to an
        invoice of 0.00: it is taken back."""
        invoice = self.invoice(self.newcomer, 100.0)
        free = self.invoice(self.newcomer, 0.0)
        self.credit_note(invoice)
        self.assertFalse(self.bonuses(free))
        self.assertEqual(self.newcomer.reward_points, 0.0)
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_a_merged_customers_purchase_still_stands(self):
        invoice = self.invoice(self.newcomer, 100.0)
        target = self.env["res.partner"].create({"name": "Otto Newcomer (2)"})
        # sudo: merging contacts is an administrator's tool
        self.env["base.partner.merge.automatic.wizard"].sudo()._merge(
            (self.newcomer | target).ids, target
        )
        self.credit_note(invoice, price_unit=10.0)
        self.assertEqual(target.reward_points, 90.0 + 15.0)
        self.assertEqual(self.referrer.reward_points, 40.0)

    def test_a_draft_invoice_without_customer_deleted(self):
        invoice = self.invoice(self.newcomer, 100.0)
        invoice.button_draft()
        invoice.partner_id = False
        invoice.unlink()
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(
            self.newcomer.point_entry_ids.filtered(
                lambda entry: entry.kind == "bonus"
            ).mapped("points"),
            [-15.0, 15.0],
        )

    def test_credited_in_full_in_its_currency(self):
        """A credit note in the invoice's currency at another rate: the
        money given back is compared in that currency, not converted."""
        gold = self.currency_data["currency"]
        self.env["res.currency.rate"].create(
            {
                "name": "2024-06-01",
                "rate": 4.0,
                "currency_id": gold.id,
                "company_id": self.company.id,
            }
        )
        invoice = self.invoice(self.newcomer, 100.0, currency=gold)
        wizard = self.reversal_wizard(invoice, "Goods returned")
        wizard.date = fields.Date.to_date("2024-07-01")
        wizard.refund_moves()
        refund = wizard.new_move_ids
        refund.action_post()
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_an_invoice_turned_into_a_credit_note(self):
        invoice = self.invoice(self.newcomer, 100.0)
        invoice.button_draft()
        invoice.write({"move_type": "out_refund"})
        invoice.action_post()
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_a_credit_note_linked_to_the_invoice_later(self):
        invoice = self.invoice(self.newcomer, 100.0)
        refund = self.invoice(self.newcomer, 100.0, move_type="out_refund")
        self.assertEqual(self.referrer.reward_points, 40.0)
        refund.reversed_entry_id = invoice
        self.assertEqual(self.referrer.reward_points, 0.0)
        refund.reversed_entry_id = False
        self.assertEqual(self.referrer.reward_points, 40.0)

    def test_a_referrer_who_left_gives_it_back(self):
        self.company.retail_members_only = True
        invoice = self.invoice(self.newcomer, 100.0)
        self.referrer.action_retail_leave()
        self.credit_note(invoice)
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_a_repeat_customers_invoice_costs_five_queries(self):
        """Every posted invoice looks for its customer's bonuses: while the
        first invoice holds them, the three searches (the invoices' bonuses,
        the customer's, their entries) and whether it stands (it exists, its
        credit notes), no more."""
        self.invoice(self.newcomer, 100.0)
        second = self.invoice(self.newcomer, 50.0)
        with self.assertQueryCount(5):
            second._retail_sync_invoice_bonuses()

    def test_a_holder_attached_to_a_company_holds_it_once(self):
        """The referrer joins a company (their points go with them): the
        bonus's entries are found by its keys, whoever holds them now."""
        first = self.invoice(self.newcomer, 100.0)
        refund = self.credit_note(first)
        shop = self.env["res.partner"].create({"name": "Ines Oy", "is_company": True})
        # sudo: attaching a customer who holds points is a retail manager's
        self.referrer.sudo().parent_id = shop
        refund.button_draft()
        refund.button_cancel()
        self.assertEqual(shop.reward_points, 40.0)
        self.credit_note(first)
        self.assertEqual(shop.reward_points, 0.0)
        self.invoice(self.newcomer, 50.0)
        self.assertEqual(shop.reward_points, 40.0)
        self.assertEqual(self.newcomer.reward_points, 50.0 + 15.0)

    def test_an_invoice_in_another_company_posts(self):
        """A user of another company only posts an invoice for the customer
        whose bonus an invoice of this company took back: the invoices of
        this company are read for the bonus, not refused."""
        invoice = self.invoice(self.newcomer, 100.0)
        self.credit_note(invoice)
        other = self.company_data_2["company"]
        accountant = company_user(
            self.env,
            "retail_bonus_other",
            "account.group_account_invoice",
            company=other,
        )
        move = (
            self.env["account.move"]
            .with_user(accountant)
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.newcomer.id,
                    "invoice_date": "2024-03-10",
                    "journal_id": self.company_data_2["default_journal_sale"].id,
                    "invoice_line_ids": [
                        (0, 0, {"name": "Tea", "quantity": 1, "price_unit": 50.0})
                    ],
                }
            )
        )
        move.action_post()
        self.assertEqual(move.state, "posted")
        # a purchase in another company does not hold this company's bonus
        self.assertEqual(self.referrer.reward_points, 0.0)

    def test_a_spent_bonus_moves_to_the_invoice_that_stands(self):
        """The referrer spent the bonus and the company allows no negative
        balance: crediting the first invoice while another stands moves the
        bonus to that one (given there first), nothing is missing, nothing
        noted."""
        self.company.retail_allow_negative_balance = False
        first = self.invoice(self.newcomer, 100.0)
        second = self.invoice(self.newcomer, 50.0)
        self.referrer._post_reward_points(-40.0, "redeem", origin="Shop")
        self.credit_note(first)
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(
            [key for key, _holder, _points in self.bonuses(second)],
            [f"{self.welcome}:again:1", f"{self.referral}:again:1"],
        )
        self.assertFalse(
            first.message_ids.filtered(lambda message: "should be" in message.body)
        )
        # with no purchase standing, what cannot be taken back is noted once
        self.credit_note(second)
        self.assertEqual(self.referrer.reward_points, 0.0)
        notes = second.message_ids.filtered(lambda message: "should be" in message.body)
        self.assertEqual(len(notes), 1)
        self.assertIn("their balance held only 0.0 and", notes.body)

    def adjust(self, partner, points):
        partner._post_reward_points(points, "adjust", note="Goodwill", origin="Shop")

    def bonus_total(self):
        return sum(
            self.env["retail.point.entry"]
            .search([("idempotency_key", "=like", f"{self.referral}%")])
            .mapped("points")
        )

    def spent_first_invoice(self, points):
        """No negative balance; the customer's first invoice, and the
        referrer spending ``points`` of the bonus."""
        self.company.retail_allow_negative_balance = False
        first = self.invoice(self.newcomer, 100.0)
        self.referrer._post_reward_points(-points, "redeem", origin="Shop")
        return first

    def next_invoice_credited(self, balance):
        """The referrer receives 100 points; the customer's next invoice
        holds the whole bonus, and credited in full, none of it is left:
        the referrer holds ``balance``."""
        self.adjust(self.referrer, 100.0)
        second = self.invoice(self.newcomer, 50.0)
        self.assertEqual(self.bonus_total(), 40.0)
        self.credit_note(second)
        self.assertEqual(self.bonus_total(), 0.0)
        self.assertEqual(self.referrer.reward_points, balance)

    def test_what_could_not_be_taken_back_is_taken_later(self):
        """The referrer had spent the bonus when the first invoice was
        credited; once they hold points again, the next invoice's credit
        note takes back what no purchase holds."""
        first = self.spent_first_invoice(40.0)
        self.credit_note(first)
        self.assertEqual(self.bonus_total(), 40.0)
        self.next_invoice_credited(60.0)

    def test_a_deleted_invoices_share_is_taken_back_later(self):
        first = self.spent_first_invoice(30.0)
        first.button_draft()
        first.unlink()
        self.assertEqual(self.bonus_total(), 30.0)
        self.next_invoice_credited(70.0)

    def test_a_merged_customers_other_invoice_holds_them(self):
        first = self.invoice(self.newcomer, 100.0)
        self.invoice(self.newcomer, 50.0)
        target = self.env["res.partner"].create({"name": "Otto Newcomer (2)"})
        # sudo: merging contacts is an administrator's tool
        self.env["base.partner.merge.automatic.wizard"].sudo()._merge(
            (self.newcomer | target).ids, target
        )
        self.credit_note(first)
        self.assertEqual(self.referrer.reward_points, 40.0)
        self.assertEqual(target.reward_points, 50.0 + 15.0)

    def test_a_merged_customers_invoice_moved_to_another_customer(self):
        """After a merge, the invoice's customer now (a user may change it)
        does not say whose purchase earned the bonus: the ledger does."""
        invoice = self.invoice(self.newcomer, 100.0)
        target = self.env["res.partner"].create({"name": "Otto Newcomer (2)"})
        # sudo: merging contacts is an administrator's tool
        self.env["base.partner.merge.automatic.wizard"].sudo()._merge(
            (self.newcomer | target).ids, target
        )
        invoice.button_draft()
        invoice.partner_id = self.customer
        invoice.action_post()
        self.assertEqual(self.referrer.reward_points, 0.0)
        self.assertEqual(target.reward_points, 0.0)
