# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestInvoicePoints(RetailInvoiceCase):
    def repost(self, invoice, price_unit):
        """Reset ``invoice`` to draft, change its line's price, post it."""
        invoice.button_draft()
        with Form(invoice) as form, form.invoice_line_ids.edit(0) as line:
            line.price_unit = price_unit
        invoice.action_post()

    def test_posted_invoice_earns_on_untaxed_amount(self):
        invoice = self.invoice(self.customer, 100.0)
        self.assertEqual(invoice.amount_total, 115.0, "15% tax on the line")
        entry = self.entries(invoice)
        self.assertRecordValues(
            entry,
            [
                {
                    "partner_id": self.customer.id,
                    "kind": "earn",
                    "points": 100.0,
                    "amount": 100.0,
                    "currency_id": self.company.currency_id.id,
                    "company_id": self.company.id,
                    "origin": invoice.name,
                    "res_model": "account.move",
                    "res_id": invoice.id,
                    "idempotency_key": f"account.move:{invoice.id}:earn",
                }
            ],
        )
        self.assertEqual(self.customer.reward_points, 100.0)
        self.assertEqual(self.customer.reward_points_earned, 100.0)

    def test_company_contact_points_go_to_company(self):
        invoice = self.invoice(self.shop, 40.0)
        self.assertEqual(invoice.partner_id, self.invoice_contact)
        self.assertEqual(self.entries(invoice).partner_id, self.shop)
        self.assertEqual(self.shop.reward_points, 40.0)
        self.assertEqual(self.invoice_contact.reward_points, 0.0)

    def test_foreign_currency_uses_company_amount(self):
        """200 Gold Coins at the invoice's rate (2 per dollar) are 100 USD."""
        invoice = self.invoice(
            self.customer, 200.0, currency=self.currency_data["currency"]
        )
        self.assertEqual(invoice.amount_untaxed_signed, 100.0)
        self.assertEqual(self.entries(invoice).points, 100.0)
        self.assertEqual(self.entries(invoice).amount, 100.0)

    def test_rate_and_tier_apply(self):
        self.company.retail_points_per_currency = 2.0
        self.env["retail.tier"].search([]).active = False  # demo tiers
        self.env["retail.tier"].create(
            {"name": "Club", "min_points": 0.0, "earn_factor": 1.5}
        )
        self.env["retail.tier"]._recompute_partner_tiers()
        invoice = self.invoice(self.customer, 10.0)
        self.assertEqual(self.entries(invoice).points, 30.0)

    def test_posted_again_earns_at_the_tier_it_first_earned_at(self):
        """An invoice of 100 lifts its customer to Silver (100 lifetime
        points, x1.5). Posted again unchanged after a reset to draft, it
        books nothing more; corrected to 130, it books the 30 at the tier it
        first earned at; the customer's next invoice earns at Silver. Nobody
        writes the invoice's tier."""
        Tier = self.env["retail.tier"]
        Tier.search([]).active = False  # demo tiers
        silver = Tier.create(
            {"name": "Silver", "min_points": 100.0, "earn_factor": 1.5}
        )
        Tier._recompute_partner_tiers()
        invoice = self.invoice(self.customer, 100.0)
        self.assertEqual(self.customer.reward_tier_id, silver)
        self.assertFalse(invoice.retail_points_tier_id)
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(self.customer.reward_points, 100.0)
        self.repost(invoice, 130.0)
        self.assertEqual(self.customer.reward_points, 130.0)
        self.assertFalse(invoice.retail_points_tier_id)
        other = self.invoice(self.customer, 10.0)
        self.assertEqual(self.entries(other).points, 15.0)
        self.assertEqual(other.retail_points_tier_id, silver)
        with self.assertRaises(UserError):
            invoice.write({"retail_points_tier_id": silver.id})

    def test_repost_books_nothing_twice(self):
        invoice = self.invoice(self.customer, 100.0)
        invoice.button_draft()
        self.assertEqual(invoice.state, "draft")
        invoice.action_post()
        self.assertEqual(len(self.entries(invoice)), 1)
        self.assertEqual(self.customer.reward_points, 100.0)

    def test_repost_with_new_amount_books_the_difference(self):
        invoice = self.invoice(self.customer, 100.0)
        self.repost(invoice, 130.0)
        self.assertRecordValues(
            self.entries(invoice).sorted("id"),
            [
                {"kind": "earn", "points": 100.0},
                {
                    "kind": "earn",
                    "points": 30.0,
                    "idempotency_key": f"account.move:{invoice.id}:post:1",
                },
            ],
        )
        self.repost(invoice, 90.0)
        self.assertEqual(
            self.entries(invoice).sorted("id").mapped("points"), [100.0, 30.0, -40.0]
        )
        self.assertEqual(self.entries(invoice).sorted("id")[-1].kind, "reverse")
        self.assertEqual(self.customer.reward_points, 90.0)
        self.assertEqual(self.customer.reward_points_earned, 90.0)

    def test_cancelled_invoice_gives_points_back(self):
        invoice = self.invoice(self.customer, 100.0)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(
            self.entries(invoice).sorted("id").mapped("points"), [100.0, -100.0]
        )
        self.assertEqual(
            self.entries(invoice).sorted("id")[-1].idempotency_key,
            f"account.move:{invoice.id}:cancel:1",
        )
        self.assertEqual(self.customer.reward_points, 0.0)
        # cancelled again or posted back: always what the document is worth
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(self.customer.reward_points, 100.0)
        self.assertEqual(len(self.entries(invoice)), 3)
        # Odoo 17 cancels a posted invoice directly (through draft)
        invoice.button_cancel()
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertEqual(len(self.entries(invoice)), 4)

    def test_deleted_invoice_gives_points_back(self):
        invoice = self.invoice(self.customer, 100.0)
        invoice.button_draft()
        invoice.unlink()
        self.assertFalse(invoice.exists())
        entries = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(sorted(entries.mapped("points")), [-100.0, 100.0])
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_customer_changed_before_repost(self):
        other = self.Partner.create({"name": "Other Customer"})
        invoice = self.invoice(self.customer, 100.0)
        invoice.button_draft()
        with Form(invoice) as form:
            form.partner_id = other
        invoice.action_post()
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertEqual(other.reward_points, 100.0)
        self.assertEqual(
            sorted(self.entries(invoice).mapped("points")), [-100.0, 100.0, 100.0]
        )

    def test_credit_note_after_changed_invoice(self):
        """A credit note takes back its share of what the invoice kept."""
        invoice = self.invoice(self.customer, 200.0)
        self.repost(invoice, 100.0)
        self.assertEqual(self.customer.reward_points, 100.0)
        refund = self.credit_note(invoice, price_unit=50.0)
        self.assertEqual(self.entries(refund).points, -50.0)
        # the credit note cancelled: its points come back
        refund.button_cancel()
        self.assertEqual(self.customer.reward_points, 100.0)
        self.assertEqual(
            self.entries(refund).sorted("id").mapped("points"), [-50.0, 50.0]
        )

    def test_setting_off_keeps_correcting_earlier_bookings(self):
        """An invoice that earned keeps following its amount when invoice
        points are turned off later; new invoices earn nothing."""
        invoice = self.invoice(self.customer, 100.0)
        self.company.retail_points_from_invoices = False
        self.repost(invoice, 60.0)
        self.assertEqual(self.customer.reward_points, 60.0)
        self.assertFalse(self.entries(self.invoice(self.customer, 10.0)))

    def test_setting_off_books_nothing(self):
        self.company.retail_points_from_invoices = False
        invoice = self.invoice(self.customer, 100.0)
        self.assertFalse(self.entries(invoice))
        self.assertEqual(self.customer.reward_points, 0.0)
        # nor does its credit note take anything back
        refund = self.credit_note(invoice)
        self.assertFalse(self.entries(refund))

    def test_draft_bill_and_zero_invoice_book_nothing(self):
        draft = self.invoice(self.customer, 100.0, post=False)
        self.assertFalse(self.entries(draft))
        bill = self.invoice(self.customer, 100.0, move_type="in_invoice")
        self.assertFalse(self.entries(bill))
        free = self.invoice(self.customer, 0.0)
        self.assertEqual(free.state, "posted")
        self.assertFalse(self.entries(free))
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_invoice_books_its_own_points(self):
        """No bridge of a source document claims a plain invoice."""
        invoice = self.invoice(self.customer, 100.0)
        Entry = self.env["retail.point.entry"]
        self.assertFalse(Entry._get_documents_booked_by_their_source(invoice))
        self.assertEqual(self.entries(invoice).mapped("kind"), ["earn"])

    def test_invoicing_user_without_retail_rights(self):
        """Posting needs no rights on the ledger: the booking is server-side."""
        clerk = new_test_user(
            self.env,
            login="retail_billing_clerk",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertFalse(clerk.has_group("crm_retail_customers.group_retail_user"))
        invoice = self.invoice(self.customer, 25.0, post=False)
        invoice.with_user(clerk).action_post()
        entry = self.entries(invoice)
        self.assertEqual(entry.points, 25.0)
        self.assertEqual(entry.user_id, clerk)

    def test_full_credit_note_reverses_all(self):
        invoice = self.invoice(self.customer, 100.0)
        refund = self.credit_note(invoice)
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertRecordValues(
            self.entries(refund),
            [
                {
                    "partner_id": self.customer.id,
                    "kind": "reverse",
                    "points": -100.0,
                    "amount": -100.0,
                    "origin": refund.name,
                    "res_id": refund.id,
                    "idempotency_key": f"account.move:{refund.id}:reverse",
                }
            ],
        )
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertEqual(self.customer.reward_points_earned, 0.0)

    def test_modify_wizard_reverses_and_new_invoice_earns(self):
        invoice = self.invoice(self.customer, 100.0)
        wizard = self.reversal_wizard(invoice, "Wrong price")
        wizard.modify_moves()
        refund = invoice.reversal_move_id
        self.assertEqual(refund.state, "posted")
        self.assertEqual(self.entries(refund).points, -100.0)
        new_invoice = wizard.new_move_ids
        with Form(new_invoice) as form, form.invoice_line_ids.edit(0) as line:
            line.price_unit = 80.0
        new_invoice.action_post()
        self.assertEqual(self.entries(new_invoice).points, 80.0)
        self.assertEqual(self.customer.reward_points, 80.0)

    def test_partial_credit_notes_proportional_and_capped(self):
        invoice = self.invoice(self.customer, 200.0)
        first = self.credit_note(invoice, price_unit=50.0)
        self.assertEqual(self.entries(first).points, -50.0)
        self.assertEqual(self.customer.reward_points, 150.0)
        # 180 more would be 230 of 200: what is left of the invoice is taken
        # back, and the 30 credited beyond it take back what they would earn
        second = self.credit_note(invoice, price_unit=180.0)
        self.assertEqual(self.entries(second).points, -180.0)
        self.assertEqual(self.customer.reward_points, -30.0)
        third = self.credit_note(invoice, price_unit=10.0)
        self.assertEqual(self.entries(third).points, -10.0)

    def test_another_customers_credit_note_leaves_the_invoice_alone(self):
        """Odoo lets a credit note of another customer name the invoice: it
        takes back that customer's points as a credit note naming no invoice
        does, and changes nothing of what the invoice's own customer's credit
        notes take back."""
        invoice = self.invoice(self.customer, 200.0)
        other = self.env["res.partner"].create({"name": "Other Payee"})
        foreign = self.credit_note(invoice, post=False)
        foreign.partner_id = other
        foreign.action_post()
        self.assertEqual(self.entries(foreign).partner_id, other)
        own = self.credit_note(invoice)
        self.assertEqual(self.entries(own).points, -200.0)
        self.assertEqual(self.customer.reward_points, 0.0)
        self.assertEqual(self.customer.reward_points_earned, 0.0)

    def test_credit_note_of_an_invoice_in_draft_reads_none_of_its_figures(self):
        """An invoice reset to draft can be given any price: a credit note
        naming it meanwhile takes back what its own lines earn by the rules
        of its day, as one naming no invoice, not a share of the draft's."""
        invoice = self.invoice(self.customer, 100.0)
        invoice.button_draft()
        with Form(invoice) as form, form.invoice_line_ids.edit(0) as line:
            line.price_unit = 100000.0
        # the wizard reverses posted invoices only; the API names any
        refund = self.invoice(self.customer, 100.0, move_type="out_refund", post=False)
        refund.reversed_entry_id = invoice
        refund.action_post()
        self.assertEqual(self.entries(refund).points, -100.0)
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_money_credited_beyond_a_products_sale_takes_points_back(self):
        """A credit note of the invoice that gives its whole money back on
        its cheapest line (a deposit that never earns) takes back the
        invoice's points as money credited on a product it does not have:
        the money, not the product named, says what is refunded."""
        deposit = self.env["product.product"].create(
            {"name": "Bottle deposit", "retail_no_points": True}
        )
        # the deposit sold for 0.25, or given for nothing
        for price in (0.25, 0.0):
            with self.subTest(price=price):
                invoice = self.invoice(self.customer, 1000.0, post=False)
                invoice.write(
                    {
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": deposit.id,
                                    "price_unit": price,
                                    "tax_ids": [],
                                }
                            )
                        ]
                    }
                )
                invoice.action_post()
                self.assertEqual(self.customer.reward_points, 1000.0)
                refund = self.invoice(
                    self.customer, 1.0, move_type="out_refund", post=False
                )
                refund.write(
                    {
                        "reversed_entry_id": invoice.id,
                        "invoice_line_ids": [
                            Command.clear(),
                            Command.create(
                                {
                                    "product_id": deposit.id,
                                    "price_unit": 1000.0 + price,
                                    "tax_ids": [],
                                }
                            ),
                        ],
                    }
                )
                refund.action_post()
                self.assertAlmostEqual(self.customer.reward_points, 0.0, places=2)

    def test_never_earning_negative_lines_lower_what_the_goods_earn(self):
        """A negative line of a product that never earns (a gift card or a
        deposit taken in payment) lowers what the customer pays, not the
        goods' points by itself: the goods earn on what is left, as at the
        till; nothing when such a line pays for all of them."""
        gift = self.env["product.product"].create(
            {"name": "Gift card taken", "retail_no_points": True}
        )
        for taken, earned in ((400.0, 600.0), (1150.0, 0.0)):
            with self.subTest(taken=taken):
                invoice = self.invoice(self.customer, 1000.0, post=False)
                invoice.write(
                    {
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": gift.id,
                                    "quantity": -1,
                                    "price_unit": taken,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ]
                    }
                )
                invoice.action_post()
                self.assertEqual(sum(self.entries(invoice).mapped("points")), earned)

    def test_credit_note_repost_and_standalone(self):
        invoice = self.invoice(self.customer, 100.0)
        refund = self.credit_note(invoice, price_unit=30.0)
        refund.button_draft()
        refund.action_post()
        self.assertEqual(len(self.entries(refund)), 1)
        self.assertEqual(self.customer.reward_points, 70.0)
        # money given back without naming an invoice takes back the points
        # such a purchase earns
        standalone = self.invoice(self.customer, 20.0, move_type="out_refund")
        self.assertEqual(standalone.state, "posted")
        self.assertEqual(self.entries(standalone).points, -20.0)
        self.assertEqual(self.customer.reward_points, 50.0)
        # so does a credit note naming another customer's invoice
        other = self.invoice(self.shop, 500.0)
        foreign = self.invoice(self.customer, 40.0, move_type="out_refund", post=False)
        foreign.reversed_entry_id = other
        foreign.action_post()
        self.assertEqual(self.entries(foreign).points, -40.0)
        self.assertEqual(self.shop.reward_points, 500.0)
        self.assertEqual(self.customer.reward_points, 10.0)

    def test_refund_capped_by_balance_when_negative_not_allowed(self):
        self.company.retail_allow_negative_balance = False
        invoice = self.invoice(self.customer, 100.0)
        self.customer._post_reward_points(
            -80.0, "redeem", origin="POS/0001", company_id=self.company.id
        )
        refund = self.credit_note(invoice)
        self.assertEqual(self.entries(refund).points, -20.0)
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_several_invoices_posted_at_once(self):
        invoices = self.invoice(self.customer, 10.0, post=False)
        invoices |= self.invoice(self.shop, 20.0, post=False)
        invoices |= self.invoice(self.customer, 30.0, post=False)
        invoices.action_post()
        self.assertEqual(
            sorted(self.entries(invoices).mapped("points")), [10.0, 20.0, 30.0]
        )
        self.assertEqual(self.customer.reward_points, 40.0)
        self.assertEqual(self.shop.reward_points, 20.0)

    def test_archived_customer_does_not_block_posting(self):
        invoice = self.invoice(self.customer, 100.0)
        self.customer.active = False
        # an archived customer earns nothing, and posting does not fail ...
        later = self.invoice(self.customer, 30.0)
        self.assertEqual(later.state, "posted")
        self.assertFalse(self.entries(later))
        # ... but gives back what was earned (archiving cannot keep points)
        refund = self.credit_note(invoice)
        self.assertEqual(refund.state, "posted")
        self.assertEqual(self.entries(refund).points, -100.0)
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_setting_in_settings_app(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.retail_points_from_invoices)
        settings.retail_points_from_invoices = False
        settings.execute()
        self.assertFalse(self.company.retail_points_from_invoices)

    def test_queries_do_not_grow_with_history(self):
        """Booking costs the same for a customer with a long history, and
        each further invoice of a batch a constant number of queries."""
        self.company.retail_points_from_invoices = False
        regular = self.Partner.create({"name": "Regular"})
        for _index in range(8):
            self.invoice(regular, 10.0)
        self.company.retail_points_from_invoices = True
        for _index in range(8):
            self.invoice(regular, 10.0)
        self.company.retail_points_from_invoices = False
        newcomer = self.Partner.create({"name": "Newcomer"})
        one_new = self.invoice(newcomer, 10.0)
        one_regular = self.invoice(regular, 10.0)
        three = self.invoice(regular, 10.0) | self.invoice(regular, 20.0)
        three |= self.invoice(regular, 30.0)
        self.company.retail_points_from_invoices = True

        def count(moves):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            moves._retail_book_invoice_points()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        new_queries = count(one_new)
        self.assertGreater(new_queries, 0)
        regular_queries = count(one_regular)
        self.assertEqual(regular_queries, new_queries)
        self.assertLessEqual(count(three), 3 * new_queries)
        self.assertEqual(len(self.entries(one_new | one_regular | three)), 5)
