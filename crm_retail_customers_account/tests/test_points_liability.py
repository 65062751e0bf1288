# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import RetailInvoiceCase


@tagged("post_install", "-at_install")
class TestPointsLiability(RetailInvoiceCase):
    """The points liability posted to the accounts of a company with Odoo's
    generic chart: the accounts and journal come with the chart; the job
    posts one journal entry per month; the liability account always
    carries the posted points × the point value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"retail_point_value": 0.05, "retail_points_validity_months": 3}
        )
        cls.liability = cls.company.retail_liability_account_id
        cls.expense = cls.company.retail_points_expense_account_id
        cls.breakage = cls.company.retail_breakage_account_id
        cls.Entry = cls.env["retail.point.entry"]

    # -- helpers -------------------------------------------------------------------
    def job(self, when):
        """The daily job run at ``when``; the journal entries it posted."""
        before = self.postings()
        with freeze_time(when):
            self.env["res.company"]._cron_retail_post_points_liability()
        return self.postings() - before

    def postings(self, company=None):
        return self.env["account.move"].search(
            [
                ("company_id", "=", (company or self.company).id),
                ("retail_liability_cutoff", "!=", False),
            ],
            order="date, id",
        )

    def book(self, when, partner, points, kind, **vals):
        if kind == "adjust":
            vals.setdefault("note", "Test")
        with freeze_time(when):
            return partner._post_reward_points(points, kind, **vals)

    def ledger_points(self, company=None):
        entries = self.Entry.search([("company_id", "=", (company or self.company).id)])
        return sum(entries.mapped("points"))

    def lines_by_kind(self, move):
        """``{kind: (points, liability credit)}`` of ``move``'s liability
        lines."""
        return {
            line.retail_liability_kind: (
                line.retail_liability_points,
                line.credit - line.debit,
            )
            for line in move.line_ids
            if line.retail_liability_kind
        }

    def assertReconciled(self, company=None):
        """The liability account's balance equals every posted point × the
        point value, and every ledger entry is posted."""
        company = company or self.company
        check = company._retail_liability_check()
        self.assertEqual(check["unposted"], 0.0)
        self.assertAlmostEqual(
            check["balance"],
            company.currency_id.round(
                self.ledger_points(company) * company.retail_point_value
            ),
        )
        self.assertAlmostEqual(check["difference"], 0.0)
        return check

    # -- tests ------------------------------------------------------------------------
    def test_chart_brings_accounts_and_journal(self):
        """Loading Odoo's generic chart made the accounts (by type: nothing
        depends on a code) and the miscellaneous journal."""
        self.assertEqual(self.liability.account_type, "liability_current")
        self.assertEqual(self.expense.account_type, "expense")
        self.assertEqual(self.breakage.account_type, "income_other")
        self.assertEqual(self.liability.company_id, self.company)
        journal = self.company.retail_liability_journal_id
        self.assertEqual(journal.type, "general")
        self.assertEqual(self.company.retail_liability_frequency, "monthly")
        # a second company's chart brings its own
        company_2 = self.company_data_2["company"]
        self.assertEqual(company_2.retail_liability_account_id.company_id, company_2)
        self.assertNotEqual(company_2.retail_liability_account_id, self.liability)

    def test_reconciled_over_a_replayed_history(self):
        """Sales, a partial credit note, an adjustment, a bonus, a
        redemption, a merge, a transfer, expiry, a change of the point
        value and an entry booked late: after each monthly posting the
        liability account carries exactly the posted points × the value."""
        with freeze_time("2026-01-10 12:00:00"):
            invoice = self.invoice(self.customer, 200.0, date="2026-01-10")
        self.book("2026-01-20 12:00:00", self.customer, 50, "adjust", note="Goodwill")
        self.assertFalse(self.job("2026-01-25 12:00:00"), "January is not over")
        (january,) = self.job("2026-02-01 06:00:00")
        self.assertEqual(january.date, date(2026, 1, 31))
        self.assertEqual(january.state, "posted")
        self.assertEqual(january.journal_id, self.company.retail_liability_journal_id)
        self.assertEqual(
            self.lines_by_kind(january), {"earn": (200.0, 10.0), "adjust": (50.0, 2.5)}
        )
        earn_counterpart = january.line_ids.filtered(
            lambda line: line.account_id == self.expense
        )
        self.assertEqual(sum(earn_counterpart.mapped("debit")), 12.5)
        self.assertEqual(
            set(self.Entry.search([]).filtered("liability_move_id").mapped("kind")),
            {"earn", "adjust"},
        )
        self.assertReconciled()
        self.assertFalse(self.job("2026-02-01 07:00:00"), "posted once")

        # February: a partial credit note, a redemption, a bonus, a merge
        # and a transfer between customers
        with freeze_time("2026-02-05 12:00:00"):
            self.credit_note(invoice, price_unit=80.0)
        self.book("2026-02-10 12:00:00", self.customer, -30, "redeem")
        self.book("2026-02-11 12:00:00", self.shop, 25, "bonus")
        duplicate = self.Partner.create({"name": "Duplicate customer"})
        self.book("2026-02-12 09:00:00", duplicate, 40, "adjust")
        with freeze_time("2026-02-12 12:00:00"):
            self.env["base.partner.merge.automatic.wizard"]._merge(
                (self.customer | duplicate).ids, self.customer
            )
            self.Entry._transfer_balance(self.shop, self.customer)
        (february,) = self.job("2026-03-01 00:30:00")
        self.assertEqual(february.date, date(2026, 2, 28))
        kinds = self.lines_by_kind(february)
        self.assertEqual(kinds["reverse"], (-80.0, -4.0))
        self.assertEqual(kinds["redeem"], (-30.0, -1.5))
        self.assertEqual(kinds["bonus"], (25.0, 1.25))
        self.assertEqual(kinds["adjust"], (40.0, 2.0))
        # merges and transfers move points between customers: they net out
        self.assertEqual(kinds["merge"][0], 0.0)
        self.assertEqual(kinds["transfer"][0], 0.0)
        self.assertReconciled()

        # April: January's points expire (three months), the point value
        # drops; May's posting revalues first, in a journal entry of its own
        with freeze_time("2026-04-15 12:00:00"):
            self.Entry._cron_expire_reward_points()
        expired = self.Entry.search([("kind", "=", "expire")])
        self.assertTrue(expired)
        self.company.retail_point_value = 0.04
        revaluation, april = self.job("2026-05-01 03:00:00")
        self.assertEqual(revaluation.date, date(2026, 4, 30))
        before_april = 200 + 50 - 80 - 30 + 25 + 40
        self.assertEqual(
            self.lines_by_kind(revaluation),
            {"revaluation": (0.0, round(before_april * 0.04 - before_april * 0.05, 2))},
        )
        expire_points = sum(expired.mapped("points"))
        self.assertEqual(
            self.lines_by_kind(april)["expire"],
            (expire_points, round(expire_points * 0.04, 2)),
        )
        breakage = april.line_ids.filtered(
            lambda line: line.account_id == self.breakage
        )
        self.assertEqual(breakage.credit, round(-expire_points * 0.04, 2))
        self.assertReconciled()

        # a till that synced late: an entry dated in April booked in May goes
        # with May's posting, labelled so (April is posted)
        late = self.book(
            "2026-05-03 12:00:00",
            self.customer,
            10,
            "adjust",
            date=datetime(2026, 4, 28, 12, 0),
        )
        self.book("2026-05-04 12:00:00", self.customer, 5, "adjust")
        (may,) = self.job("2026-06-01 02:00:00")
        self.assertEqual(late.liability_move_id, may)
        late_line = may.line_ids.filtered(
            lambda line: (
                line.retail_liability_kind == "adjust" and "booked late" in line.name
            )
        )
        self.assertEqual(late_line.retail_liability_points, 10.0)
        self.assertEqual(may.date, date(2026, 5, 31))
        self.assertReconciled()

        # someone books on the liability account by hand: the check shows it
        with freeze_time("2026-06-02 12:00:00"):
            manual = self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "date": "2026-06-02",
                    # only the points journal books on the liability account
                    "journal_id": self.company.retail_liability_journal_id.id,
                    "line_ids": [
                        Command.create(
                            {"account_id": self.liability.id, "credit": 1.0}
                        ),
                        Command.create({"account_id": self.expense.id, "debit": 1.0}),
                    ],
                }
            )
            manual.action_post()
        self.assertEqual(self.company._retail_liability_check()["difference"], 1.0)

    def test_erasure_posted_as_breakage(self):
        """The closing entry of an erasure (kind ``erase``) is posted like
        expired points: the liability debited, the breakage account
        credited; the account still carries every posted point × value."""
        self.book("2026-01-10 12:00:00", self.customer, 120, "adjust")
        self.job("2026-02-01 06:00:00")
        with freeze_time("2026-02-10 12:00:00"):
            self.customer.sudo().action_retail_forget()
        (february,) = self.job("2026-03-01 06:00:00")
        self.assertEqual(self.lines_by_kind(february), {"erase": (-120.0, -6.0)})
        breakage = february.line_ids.filtered(
            lambda line: line.account_id == self.breakage
        )
        self.assertEqual(breakage.credit, 6.0)
        self.assertReconciled()

    def test_other_company_is_its_own(self):
        """Each company posts its own ledger to its own accounts."""
        company_2 = self.company_data_2["company"]
        company_2.retail_point_value = 0.10
        other = self.Partner.create({"name": "Customer B", "company_id": company_2.id})
        self.book("2026-01-10 12:00:00", other, 30, "adjust", company_id=company_2.id)
        self.book("2026-01-11 12:00:00", self.customer, 70, "adjust")
        self.job("2026-02-01 12:00:00")
        (posting_2,) = self.postings(company_2)
        self.assertEqual(self.lines_by_kind(posting_2), {"adjust": (30.0, 3.0)})
        self.assertEqual(
            posting_2.line_ids.account_id,
            company_2.retail_liability_account_id
            | company_2.retail_points_expense_account_id,
        )
        (posting_1,) = self.postings()
        self.assertEqual(self.lines_by_kind(posting_1), {"adjust": (70.0, 3.5)})
        self.assertReconciled()
        self.assertReconciled(company_2)

    def test_daily_postings_in_the_company_time_zone(self):
        """Daily: one journal entry per day up to the start of today, days
        counted in the time zone of the company's address (23:30 UTC on 31
        January is 1 February in Helsinki)."""
        self.company.write({"retail_liability_frequency": "daily"})
        self.company.partner_id.tz = "Europe/Helsinki"
        self.book("2026-01-31 10:00:00", self.customer, 10, "adjust")
        self.book("2026-01-31 23:30:00", self.customer, 20, "adjust")
        self.book("2026-02-01 20:00:00", self.customer, 40, "adjust")
        postings = self.job("2026-02-01 21:00:00")  # 23:00 in Helsinki
        self.assertEqual(postings.mapped("date"), [date(2026, 1, 31)])
        self.assertEqual(self.lines_by_kind(postings), {"adjust": (10.0, 0.5)})
        postings = self.job("2026-02-01 22:30:00")  # 2 February in Helsinki
        self.assertEqual(postings.mapped("date"), [date(2026, 2, 1)])
        self.assertEqual(self.lines_by_kind(postings), {"adjust": (60.0, 3.0)})
        self.assertReconciled()

    def test_time_zone_change_never_dates_before_the_last_posting(self):
        """The company's address moves from Kiritimati (UTC+14) to Pago Pago
        (UTC-11): an entry booked late, dated before the last posting, goes
        in a posting dated on the last posting's day, not on the day before
        it (what the new time zone makes of the last posting's end)."""
        self.company.write({"retail_liability_frequency": "daily"})
        self.company.partner_id.tz = "Pacific/Kiritimati"
        self.book("2026-01-10 12:00:00", self.customer, 10, "adjust")
        # 12 January, 02:00 in Kiritimati: up to the start of that day
        (first,) = self.job("2026-01-11 12:00:00")
        self.assertEqual(first.date, date(2026, 1, 11))
        self.company.partner_id.tz = "Pacific/Pago_Pago"
        late = self.book(
            "2026-01-11 12:00:10",
            self.customer,
            5,
            "adjust",
            date=datetime(2026, 1, 10, 20),
        )
        # 11 January, 01:00 in Pago Pago
        (second,) = self.job("2026-01-11 12:00:30")
        self.assertEqual(late.liability_move_id, second)
        self.assertEqual(second.date, date(2026, 1, 11))
        self.assertReconciled()

    def test_locked_period_posts_nothing_and_retries(self):
        """A lock date over the period: nothing posted, the reason in the
        settings, the entries wait; the next day's run posts them once the
        period is open."""
        self.book("2025-12-10 12:00:00", self.customer, 10, "adjust")
        self.job("2026-01-01 12:00:00")
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        self.company.fiscalyear_lock_date = date(2026, 1, 31)
        self.assertFalse(self.job("2026-02-01 12:00:00"))
        self.assertIn("locked", self.company.retail_liability_error)
        self.assertEqual(self.company._retail_liability_check()["unposted"], 100.0)
        self.assertFalse(self.Entry.search([("points", "=", 100)]).liability_move_id)
        with self.assertRaisesRegex(UserError, "locked up to"):
            self.company.action_retail_post_points_liability()
        self.company.fiscalyear_lock_date = False
        (posting,) = self.job("2026-02-02 12:00:00")
        self.assertEqual(posting.date, date(2026, 1, 31))
        self.assertFalse(self.company.retail_liability_error)
        self.assertReconciled()

    def test_missing_setting_posts_nothing(self):
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        self.company.retail_breakage_account_id = False
        self.assertFalse(self.job("2026-02-01 12:00:00"))
        self.assertIn("Points Breakage Account", self.company.retail_liability_error)
        with self.assertRaisesRegex(UserError, "Points Breakage Account"):
            self.company.action_retail_post_points_liability()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.retail_liability_missing, "Points Breakage Account")
        self.assertEqual(settings.retail_liability_unposted, 100.0)
        # as the web client opens the settings (their form's onchange)
        form = Form(self.env["res.config.settings"])
        self.assertEqual(form.retail_liability_unposted, 100.0)
        self.assertEqual(form.retail_liability_missing, "Points Breakage Account")

    def test_button_posts_up_to_now(self):
        """The manager's button posts up to this moment; the month's job
        then posts the rest of the month in a second journal entry."""
        self.book("2026-03-03 12:00:00", self.customer, 100, "adjust")
        with freeze_time("2026-03-04 12:00:00"):
            action = self.company.action_retail_post_points_liability()
            first = self.env["account.move"].search(action["domain"])
            self.assertEqual(first.date, date(2026, 3, 4))
            again = self.company.action_retail_post_points_liability()
            self.assertEqual(again["tag"], "display_notification")
        self.book("2026-03-20 12:00:00", self.customer, 20, "adjust")
        # booked after the button, dated before it: the next morning's job
        # (which posts up to 1 March) posts the one of February in a journal
        # entry of its own, dated as the button's; the one of March waits
        february = self.book(
            "2026-03-05 09:00:00",
            self.customer,
            7,
            "adjust",
            date=datetime(2026, 2, 20, 12),
        )
        march = self.book(
            "2026-03-05 09:00:00",
            self.customer,
            3,
            "adjust",
            date=datetime(2026, 3, 2, 12),
        )
        (late,) = self.job("2026-03-05 10:00:00")
        self.assertEqual(late.date, date(2026, 3, 4))
        self.assertEqual(february.liability_move_id, late)
        self.assertIn("booked late", late.line_ids[0].name)
        self.assertFalse(march.liability_move_id)
        (second,) = self.job("2026-04-01 12:00:00")
        self.assertEqual(second.date, date(2026, 3, 31))
        self.assertEqual(march.liability_move_id, second)
        self.assertEqual(second.ref, "Reward points liability 2026-03-04 – 2026-03-31")
        self.assertEqual(
            sorted(
                (line.retail_liability_points, "booked late" in line.name)
                for line in second.line_ids.filtered("retail_liability_kind")
            ),
            [(3.0, True), (20.0, False)],
        )
        self.assertReconciled()

    def test_posting_cannot_be_undone_by_hand(self):
        """The journal entry the ledger entries point to cannot be reset to
        draft, cancelled, reversed or deleted (they would be posted twice)."""
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        (posting,) = self.job("2026-02-01 12:00:00")
        self.assertFalse(posting.show_reset_to_draft_button)
        self.assertEqual(posting.retail_liability_entry_count, 1)
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            posting.button_draft()
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            posting.button_cancel()
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            posting.write({"state": "draft"})
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=posting.ids)
            .create({"journal_id": posting.journal_id.id, "date": "2026-02-02"})
        )
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            reversal.reverse_moves()
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            posting.unlink()
        self.assertEqual(posting.state, "posted")
        self.assertReconciled()

    def test_derived_state_refused(self):
        """Nobody sets what the posting decides: the journal entry a ledger
        entry is posted by, the points and kind of a liability line, the
        cutoff of a posting."""
        entry = self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        (posting,) = self.job("2026-02-01 12:00:00")
        with self.assertRaises(UserError):
            entry.write({"liability_move_id": False})
        with self.assertRaises(UserError):
            self.Entry.create(
                {
                    "partner_id": self.customer.id,
                    "points": 5,
                    "kind": "adjust",
                    "liability_move_id": posting.id,
                }
            )
        line = posting.line_ids.filtered("retail_liability_kind")
        with self.assertRaisesRegex(UserError, "journal items cannot be changed"):
            line.write({"retail_liability_points": 1000.0})
        other = (
            self.env["account.move.line"].search(
                [("move_id.state", "=", "draft")], limit=1
            )
            or self.invoice(self.customer, 10.0, post=False).line_ids[:1]
        )
        with self.assertRaisesRegex(UserError, "cannot be set by hand"):
            other.write({"retail_liability_points": 1000.0})
        with self.assertRaisesRegex(UserError, "cannot be set by hand"):
            self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": self.company_data["default_journal_misc"].id,
                    "retail_liability_cutoff": fields.Datetime.now(),
                }
            )
        self.assertReconciled()

    def test_who_posts(self):
        """Accounting managers of the company post; cashiers, invoicing
        clerks, Retail CRM managers and other companies' accountants are
        refused, and only accounting managers read the settings."""
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        company_2 = self.company_data_2["company"]
        users = {
            "cashier": company_user(
                self.env,
                "liab_cashier",
                "base.group_user,crm_retail_customers.group_retail_user",
                self.company,
            ),
            "clerk": company_user(
                self.env, "liab_clerk", "account.group_account_invoice", self.company
            ),
            "retail manager": company_user(
                self.env,
                "liab_retail_manager",
                "crm_retail_customers.group_retail_manager",
                self.company,
            ),
            "other company's accountant": company_user(
                self.env,
                "liab_accountant_2",
                "account.group_account_manager",
                company_2,
            ),
        }
        for name, user in users.items():
            with self.subTest(user=name), self.assertRaises(AccessError):
                self.company.with_user(user).action_retail_post_points_liability()
        for name in ("cashier", "clerk", "retail manager"):
            with self.subTest(user=name), self.assertRaises(AccessError):
                self.company.with_user(users[name]).read(
                    ["retail_liability_account_id"]
                )
            with self.subTest(user=name), self.assertRaises(AccessError):
                self.company.with_user(users[name]).write(
                    {"retail_liability_account_id": self.expense.id}
                )
        self.assertFalse(self.postings())
        accountant = company_user(
            self.env, "liab_accountant", "account.group_account_manager", self.company
        )
        with freeze_time("2026-01-12 12:00:00"):
            action = self.company.with_user(
                accountant
            ).action_retail_post_points_liability()
        self.assertEqual(len(action["domain"][0][2]), 1)
        self.assertReconciled()

    def test_first_posting_opens_the_closed_years(self):
        """A shop whose ledger is older than these accounts: its first
        posting carries what the closed years hold in one journal entry
        dated the first day open, then goes on month by month."""
        self.book("2024-03-01 12:00:00", self.customer, 100, "adjust")
        self.book("2025-06-01 12:00:00", self.customer, 50, "adjust")
        self.book("2026-01-10 12:00:00", self.customer, 20, "adjust")
        self.company.fiscalyear_lock_date = date(2025, 12, 31)
        opening, january = self.job("2026-02-01 12:00:00")
        self.assertEqual(opening.date, date(2026, 1, 1))
        self.assertEqual(self.lines_by_kind(opening), {"adjust": (150.0, 7.5)})
        self.assertEqual(january.date, date(2026, 1, 31))
        self.assertEqual(self.lines_by_kind(january), {"adjust": (20.0, 1.0)})
        self.assertFalse(self.company.retail_liability_error)
        self.assertReconciled()

    def test_revaluation_never_before_the_last_posting(self):
        """A value changed after January was posted is revalued on the day
        the job finds it, not in January (which may be closed by then)."""
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        self.job("2026-02-01 12:00:00")
        self.company.retail_point_value = 0.06
        (revaluation,) = self.job("2026-02-10 12:00:00")
        self.assertEqual(revaluation.date, date(2026, 2, 10))
        self.assertEqual(self.lines_by_kind(revaluation), {"revaluation": (0.0, 1.0)})
        self.assertReconciled()

    def test_posted_items_cannot_change(self):
        """Nobody changes the journal items of a posting, adds any, moves
        one into it or duplicates it: the liability it carries is read from
        them."""
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        (posting,) = self.job("2026-02-01 12:00:00")
        clerk = company_user(
            self.env, "liab_items_clerk", "account.group_account_invoice", self.company
        )
        liability = posting.line_ids.filtered("retail_liability_kind")
        other = posting.line_ids - liability
        for user in (clerk, self.env.user):
            move = posting.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "journal items cannot"):
                    liability.with_user(user).write({"account_id": self.expense.id})
                with self.assertRaisesRegex(UserError, "journal items cannot"):
                    move.write(
                        {
                            "line_ids": [
                                Command.update(liability.id, {"credit": 1.0}),
                                Command.update(other.id, {"debit": 1.0}),
                            ]
                        }
                    )
                with self.assertRaisesRegex(UserError, "journal items cannot"):
                    move.write(
                        {
                            "line_ids": [
                                Command.create(
                                    {"account_id": self.expense.id, "debit": 0.5}
                                ),
                                Command.create(
                                    {"account_id": self.liability.id, "credit": 0.5}
                                ),
                            ]
                        }
                    )
                with self.assertRaisesRegex(UserError, "duplicated"):
                    move.copy()
        self.assertEqual(liability.credit, 5.0)
        self.assertReconciled()

    def test_settings_are_checked(self):
        """Accounts of the wrong kind, one account twice, or another
        liability account once postings carry the liability: refused."""
        receivable = self.company_data["default_account_receivable"]
        with (
            self.assertRaisesRegex(ValidationError, "not an account of that kind"),
            self.env.cr.savepoint(),
        ):
            self.company.retail_liability_account_id = receivable
        with (
            self.assertRaisesRegex(ValidationError, "three different accounts"),
            self.env.cr.savepoint(),
        ):
            self.company.retail_points_expense_account_id = self.breakage
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        self.job("2026-02-01 12:00:00")
        other = self.liability.copy({"code": "250999"})
        with (
            self.assertRaisesRegex(ValidationError, "stays its points liability"),
            self.env.cr.savepoint(),
        ):
            self.company.retail_liability_account_id = other
        self.assertReconciled()

    def test_accounting_manager_configures_and_posts(self):
        """An accounting manager without the rights to Settings sets the
        accounts and posts from Invoicing › Configuration › Points
        Liability; an invoicing clerk cannot open it."""
        self.book("2026-01-10 12:00:00", self.customer, 100, "adjust")
        accountant = company_user(
            self.env,
            "liab_form_accountant",
            "account.group_account_manager",
            self.company,
        )
        self.assertFalse(accountant.has_group("base.group_erp_manager"))
        self.company.retail_breakage_account_id = False
        income = self.company_data["default_account_revenue"].copy({"code": "450999"})
        Post = self.env["retail.points.liability.post"].with_user(accountant)
        form = Form(Post)
        self.assertEqual(form.missing, "Points Breakage Account")
        self.assertEqual(form.unposted, 100.0)
        form.retail_breakage_account_id = income
        form.save().action_save()
        self.assertEqual(self.company.retail_breakage_account_id, income)
        with freeze_time("2026-01-12 12:00:00"):
            action = Post.create({}).action_post()
        self.assertEqual(len(action["domain"][0][2]), 1)
        self.assertReconciled()
        clerk = company_user(
            self.env, "liab_form_clerk", "account.group_account_invoice", self.company
        )
        with self.assertRaises(AccessError):
            self.env["retail.points.liability.post"].with_user(clerk).create({})
