# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import date, datetime, time

import psycopg2
import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.crm_retail_customers.models.retail_derived_state_mixin import (
    _SERVER_WRITE,
)

_logger = logging.getLogger(__name__)

#: First key of the advisory lock of a company's liability posting (the
#: second is the company id): one posting per company at a time, whichever
#: server or worker runs it.
LIABILITY_LOCK = 0x52504C  # "RPL"
#: Account types each account of the points liability may have.
LIABILITY_ACCOUNT_TYPES = {
    "retail_liability_account_id": ("liability_current", "liability_non_current"),
    "retail_points_expense_account_id": (
        "expense",
        "expense_direct_cost",
        "income",
        "income_other",
    ),
    "retail_breakage_account_id": ("income", "income_other"),
}
#: Accounts of the points liability and the chart account types they are
#: created with (``_retail_setup_liability_accounts``).
LIABILITY_ACCOUNTS = {
    "retail_liability_account_id": "liability_current",
    "retail_points_expense_account_id": "expense",
    "retail_breakage_account_id": "income_other",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    retail_points_from_invoices = fields.Boolean(
        "Reward Points from Invoices",
        help="Posted customer invoices that do not come from the Point of Sale "
        "earn reward points on their untaxed amount; credit notes take them back.",
    )
    retail_points_journal_id = fields.Many2one(
        "account.journal",
        "Points Journal",
        domain="[('type', '=', 'bank'), ('company_id', '=', id)]",
        check_company=True,
        help="Companies that redeem points as a payment: the bank journal of "
        "the points payments of customer invoices (Pay with Points); its "
        "account receives the value of the points. It may be the journal of "
        "the till's points payment method.",
    )
    # Kept under its name when it moved here from the core: the companies'
    # values stay.
    retail_customer_since_invoice = fields.Boolean(
        "Customer Since: First Invoice",
        help="Set 'customer since' from the first posted customer invoice.",
    )

    def _retail_customer_since_sources(self):
        return super()._retail_customer_since_sources() + [
            "retail_customer_since_invoice"
        ]

    @api.constrains("retail_points_journal_id")
    def _check_retail_points_journal(self):
        for company in self:
            journal = company.retail_points_journal_id
            if journal and journal.type != "bank":
                raise ValidationError(
                    _(
                        "The points journal of %(company)s must be a bank journal.",
                        company=company.name,
                    )
                )

    # -- points liability ---------------------------------------------------------
    retail_liability_account_id = fields.Many2one(
        "account.account",
        "Points Liability Account",
        domain="[('account_type', 'in', ('liability_current', "
        "'liability_non_current')), ('deprecated', '=', False)]",
        check_company=True,
        groups="account.group_account_manager",
        help="What the shop owes its customers for the points they hold: "
        "credited with the points given, debited with the points redeemed "
        "and expired, at the value of one point. Setting it turns the "
        "posting of the points liability on.",
    )
    retail_points_expense_account_id = fields.Many2one(
        "account.account",
        "Points Expense Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost', "
        "'income', 'income_other')), ('deprecated', '=', False)]",
        check_company=True,
        groups="account.group_account_manager",
        help="Counterpart of the points given (earned, bonuses, adjustments, "
        "transfers) and redeemed: the cost of the programme, or a deferral "
        "of revenue if a revenue account is chosen.",
    )
    retail_breakage_account_id = fields.Many2one(
        "account.account",
        "Points Breakage Account",
        domain="[('account_type', 'in', ('income', 'income_other')), "
        "('deprecated', '=', False)]",
        check_company=True,
        groups="account.group_account_manager",
        help="Income of the points that expired unused (breakage).",
    )
    retail_liability_journal_id = fields.Many2one(
        "account.journal",
        "Points Liability Journal",
        domain="[('type', '=', 'general')]",
        check_company=True,
        groups="account.group_account_manager",
        help="Miscellaneous journal of the journal entries of the points liability.",
    )
    retail_liability_frequency = fields.Selection(
        [("daily", "Daily"), ("monthly", "Monthly")],
        "Points Liability Posting",
        default="monthly",
        required=True,
        groups="account.group_account_manager",
        help="The daily job posts one journal entry per company and day, or "
        "per month once the month has ended (in the time zone of the "
        "company's address).",
    )
    retail_liability_error = fields.Text(
        "Points Liability Posting Error",
        readonly=True,
        groups="account.group_account_manager",
        help="Why the last run of the daily job could not post the points "
        "liability; it tries again the next day.",
    )

    @api.constrains("retail_liability_journal_id")
    def _check_retail_liability_journal(self):
        for company in self:
            # sudo: reads a setting to check it
            journal = company.sudo().retail_liability_journal_id
            if journal and journal.type != "general":
                raise ValidationError(
                    _(
                        "The points liability journal of %(company)s must be a "
                        "miscellaneous journal.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "retail_liability_account_id",
        "retail_points_expense_account_id",
        "retail_breakage_account_id",
    )
    def _check_retail_liability_accounts(self):
        """The accounts of the points liability are of their kind and
        distinct: a liability, an expense (or revenue), an income."""
        # sudo: reads the settings being checked
        for company in self.sudo():
            accounts = {
                field: company[field]
                for field in LIABILITY_ACCOUNT_TYPES
                if company[field]
            }
            for field, account in accounts.items():
                if account.account_type not in LIABILITY_ACCOUNT_TYPES[field]:
                    raise ValidationError(
                        _(
                            "%(account)s cannot be the %(setting)s of "
                            "%(company)s: it is not an account of that kind.",
                            account=account.display_name,
                            setting=self._fields[field]._description_string(self.env),
                            company=company.name,
                        )
                    )
            if len(set(accounts.values())) < len(accounts):
                raise ValidationError(
                    _(
                        "The points liability, expense and breakage accounts "
                        "of %(company)s must be three different accounts.",
                        company=company.name,
                    )
                )

    def write(self, vals):
        if "retail_liability_account_id" in vals:
            self._retail_check_liability_account_kept(
                vals["retail_liability_account_id"]
            )
        return super().write(vals)

    def _retail_check_liability_account_kept(self, account_id):
        """Refuse another liability account once postings carry the
        liability on this one: its balance would stay behind, and the
        account the reconciliation reads would miss it."""
        for company in self:
            # sudo: compares the setting being changed
            current = company.sudo().retail_liability_account_id
            if (
                current
                and current.id != account_id
                and company._retail_liability_posted_until()
            ):
                raise ValidationError(
                    _(
                        "%(company)s has posted its points liability to "
                        "%(account)s: that account stays its points liability "
                        "account.",
                        company=company.name,
                        account=current.display_name,
                    )
                )

    def _retail_liability_settings(self):
        """``{field: value}`` of the settings of the points liability (ids
        for accounts and the journal)."""
        self.ensure_one()
        return {
            "retail_liability_account_id": self.retail_liability_account_id.id,
            "retail_points_expense_account_id": (
                self.retail_points_expense_account_id.id
            ),
            "retail_breakage_account_id": self.retail_breakage_account_id.id,
            "retail_liability_journal_id": self.retail_liability_journal_id.id,
            "retail_liability_frequency": self.retail_liability_frequency,
        }

    def _retail_liability_tz(self):
        """The time zone the company's days and months are counted in: its
        address's, else UTC."""
        return pytz.timezone(self.partner_id.tz or "UTC")

    def _retail_liability_to_utc(self, local):
        """``local`` (naive, the company's time zone) as a naive UTC datetime."""
        return (
            self._retail_liability_tz()
            .localize(local)
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )

    def _retail_liability_to_local(self, utc):
        """``utc`` (naive) in the company's time zone (naive)."""
        return (
            pytz.utc.localize(utc)
            .astimezone(self._retail_liability_tz())
            .replace(tzinfo=None)
        )

    def _retail_liability_missing(self):
        """Labels of the settings the posting of this company still lacks."""
        self.ensure_one()
        names = [*LIABILITY_ACCOUNTS, "retail_liability_journal_id"]
        # sudo: reads which settings are empty, not their values
        company = self.sudo()
        return [
            self._fields[name]._description_string(self.env)
            for name in names
            if not company[name]
        ]

    def _retail_check_liability_setup(self):
        missing = self._retail_liability_missing()
        if missing:
            raise UserError(
                _(
                    "The points liability of %(company)s cannot be posted: set "
                    "%(settings)s in Settings › Retail customers.",
                    company=self.name,
                    settings=", ".join(missing),
                )
            )

    def _retail_liability_posted_until(self):
        """The end (naive UTC) of what the postings of this company carry,
        ``None`` before its first posting."""
        self.env["account.move"].flush_model(["retail_liability_cutoff", "state"])
        self.env.cr.execute(
            """SELECT MAX(retail_liability_cutoff) FROM account_move
                WHERE company_id = %s AND state = 'posted'""",
            (self.id,),
        )
        return self.env.cr.fetchone()[0]

    def _retail_liability_last_date(self):
        """The accounting date of this company's last posting of the points
        liability, ``None`` before its first."""
        self.env["account.move"].flush_model(
            ["retail_liability_cutoff", "state", "date"]
        )
        self.env.cr.execute(
            """SELECT MAX(date) FROM account_move
                WHERE company_id = %s AND state = 'posted'
                  AND retail_liability_cutoff IS NOT NULL""",
            (self.id,),
        )
        return self.env.cr.fetchone()[0]

    def _retail_liability_carried(self):
        """``(points, amount)`` the posted journal entries of this company
        carry on the liability: the sum of their liability lines (the points
        they moved, and their credit)."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT COALESCE(SUM(l.retail_liability_points), 0),
                      COALESCE(-SUM(l.balance), 0)
                 FROM account_move_line l
                 JOIN account_move m ON m.id = l.move_id
                WHERE m.company_id = %s AND m.state = 'posted'
                  AND l.retail_liability_kind IS NOT NULL""",
            (self.id,),
        )
        return self.env.cr.fetchone()

    def action_retail_post_points_liability(self):
        """Post the points liability of these companies up to now (the
        button of Settings › Retail customers; the daily job posts up to
        the end of the previous day or month). Accounting managers of the
        companies only: the posting reads every customer's ledger of the
        company in SQL."""
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(_("Only accounting managers post the points liability."))
        foreign = self - self.env.user.company_ids
        if foreign:
            raise AccessError(
                _(
                    "You cannot post the points liability of %(companies)s.",
                    # sudo: names the companies refused (the user may not read them)
                    companies=", ".join(foreign.sudo().mapped("name")),
                )
            )
        now = fields.Datetime.now()
        moves = self.env["account.move"]
        for company in self:
            moves |= company._retail_post_points_liability(now)
            # sudo: clears the job's last error once the posting went through
            if company.sudo().retail_liability_error:
                company.sudo().retail_liability_error = False
        if not moves:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": _(
                        "The points liability is posted: nothing new to post."
                    ),
                },
            }
        return {
            "type": "ir.actions.act_window",
            "name": _("Points Liability"),
            "res_model": "account.move",
            "view_mode": "tree,form",
            "domain": [("id", "in", moves.ids)],
        }

    @api.model
    def _cron_retail_post_points_liability(self):
        """Daily job: post the points liability of every company that has a
        liability account, up to the start of the day (daily) or of the
        month (monthly). A company whose posting is refused (a setting
        missing, a lock date) keeps its ledger entries unposted and the
        reason in its settings; the job tries again the next day."""
        companies = self.search([("retail_liability_account_id", "!=", False)])
        for company in companies:
            error = False
            try:
                with self.env.cr.savepoint():
                    company._retail_post_points_liability(
                        company._retail_liability_job_cutoff()
                    )
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
                _logger.warning(
                    "Points liability of company %s not posted: %s", company.id, error
                )
            except psycopg2.errors.SerializationFailure:
                # posted meanwhile by another server or an accountant's
                # button: nothing is left to this run
                _logger.info(
                    "Points liability of company %s posted meanwhile", company.id
                )
                continue
            if company.retail_liability_error != error:
                company.retail_liability_error = error

    def _retail_liability_job_cutoff(self):
        """Where the daily job posts up to (naive UTC): the start of today,
        or of this month, in the company's time zone."""
        today = self._retail_liability_to_local(fields.Datetime.now()).date()
        if self.retail_liability_frequency == "monthly":
            today = today.replace(day=1)
        return self._retail_liability_to_utc(datetime.combine(today, time.min))

    def _retail_liability_periods(self, cutoff, posted_until):
        """``[(start, end, accounting date)]`` (naive UTC; ``end`` exclusive)
        of the postings that carry this company's ledger entries dated
        before ``cutoff`` not posted yet, oldest first: one per period (day
        or month in the company's time zone) of the entries dated since the
        last posting (``posted_until``), the last one ending at ``cutoff``.
        Entries dated before ``posted_until`` (booked late: a till that
        synced after the posting) go with the first of them, or, when there
        is none, in a posting of their own dated as the last one."""
        unit = "day" if self.retail_liability_frequency == "daily" else "month"
        tz = self._retail_liability_tz().zone
        self.env["retail.point.entry"].flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT DISTINCT date_trunc(%s, (date AT TIME ZONE 'UTC')
                                                  AT TIME ZONE %s)
                     FROM retail_point_entry
                    WHERE company_id = %s AND liability_move_id IS NULL
                      AND date < %s AND date >= %s
                    ORDER BY 1""",
                unit,
                tz,
                self.id,
                cutoff,
                posted_until or datetime.min,
            )
        )
        step = relativedelta(days=1) if unit == "day" else relativedelta(months=1)
        periods = []
        for (local_start,) in cr.fetchall():
            start = max(
                self._retail_liability_to_utc(local_start), posted_until or cutoff.min
            )
            end = min(self._retail_liability_to_utc(local_start + step), cutoff)
            periods.append((start, end, self._retail_liability_move_date(end)))
        if posted_until and not periods:
            end = min(cutoff, posted_until)
            cr.execute(
                """SELECT 1 FROM retail_point_entry
                    WHERE company_id = %s AND liability_move_id IS NULL
                      AND date < %s LIMIT 1""",
                (self.id, end),
            )
            if cr.fetchone():
                periods.append(
                    (end, end, self._retail_liability_move_date(posted_until))
                )
        return periods

    def _retail_post_points_liability(self, cutoff):
        """Post this company's ledger entries dated before ``cutoff`` (naive
        UTC) that no journal entry carries yet: one journal entry per period
        (day or month, ``retail_liability_frequency``), with a pair of lines
        per ledger kind valued at the point value, the liability credited
        with what the customers hold. Idempotent: each ledger entry is
        carried by one journal entry (``liability_move_id``) and never posted
        again. A change of the point value is posted first, as a revaluation
        entry of its own. Afterwards the liability lines carry exactly the
        outstanding points × the point value.

        Returns the journal entries posted. Raises ``UserError`` (nothing
        posted) when a setting is missing or a period is locked."""
        self.ensure_one()
        self._retail_check_liability_setup()
        # one posting per company at a time, whichever server runs it: the
        # second waits, then finds the entries carried and posts nothing
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", (LIABILITY_LOCK, self.id)
        )
        # The second one's snapshot may predate the first one's commit (a
        # request's first query, the job's search of the companies): it would
        # not see what the first posted. Every posting updates the company's
        # row, so such a second one fails here as a concurrent update (a
        # serialization failure, which Odoo's RPC layer retries and the job
        # leaves to the other run) instead of posting on stale data; a
        # revaluation, which no ledger entry carries, drew the first one's
        # number again (a "duplicate key" error shown to the user).
        self.env.cr.execute(
            "UPDATE res_company SET write_date = write_date WHERE id = %s",
            (self.id,),
            log_exceptions=False,
        )
        lang = self.partner_id.lang or "en_US"
        if self.env.context.get("lang") != lang:
            # the journal entries' labels in the company's language
            return (
                self.with_context(lang=lang)
                ._retail_post_points_liability(cutoff)
                .with_env(self.env)
            )
        posted_until = self._retail_liability_posted_until()
        periods = self._retail_liability_periods(cutoff, posted_until)
        if not posted_until:
            periods = self._retail_liability_opening(periods)
        last_date = self._retail_liability_last_date()
        if last_date:
            # days and months are counted in the company's time zone: once
            # it changed (a shop moved its address), a period's last day may
            # come before the day of the last posting; the accounts never
            # go back in time
            periods = [
                (start, end, max(move_date, last_date))
                for start, end, move_date in periods
            ]
        moves = self.env["account.move"]
        # a change of the point value is dated with the first period posted
        # now, or today: never before the last posting
        revaluation = self._retail_liability_revaluation(
            periods[0][2]
            if periods
            else max(
                self._retail_liability_to_local(fields.Datetime.now()).date(),
                last_date or date.min,
            ),
            posted_until or cutoff,
        )
        if revaluation:
            moves |= revaluation
        for start, end, move_date in periods:
            moves |= self._retail_liability_post_period(
                start, end, move_date, posted_until
            )
        return moves

    def _retail_liability_opening(self, periods):
        """The periods of a company's first posting: those the accounts are
        locked for (closed years of a shop that had a ledger before it had
        these accounts) go in one journal entry dated the first day open."""
        lock_date = self._get_user_fiscal_lock_date()
        closed = [period for period in periods if period[2] <= lock_date]
        if not closed:
            return periods
        opening = (closed[0][0], closed[-1][1], lock_date + relativedelta(days=1))
        return [opening] + periods[len(closed) :]

    def _retail_liability_move_date(self, end):
        """Accounting date of a posting that carries entries up to ``end``
        (naive UTC, exclusive): the company's last day before it."""
        return (
            self._retail_liability_to_local(end) - relativedelta(microseconds=1)
        ).date()

    def _retail_liability_check_lock(self, move_date, label):
        lock_date = self._get_user_fiscal_lock_date()
        if lock_date and move_date <= lock_date:
            raise UserError(
                _(
                    "The points liability of %(company)s (%(period)s) cannot be "
                    "posted on %(date)s: the accounts are locked up to "
                    "%(lock_date)s. Nothing was posted; move the lock date or "
                    "post again once the period is open (the daily job tries "
                    "again every day).",
                    company=self.name,
                    period=label,
                    date=move_date,
                    lock_date=lock_date,
                )
            )

    def _retail_liability_create_move(self, move_date, label, cutoff, lines):
        """Create and post a journal entry of the points liability."""
        self._retail_liability_check_lock(move_date, label)
        # sudo: settings readable by accounting managers only, read by the
        # posting that checked its caller
        company = self.sudo()
        move = (
            self.env["account.move"]
            .with_context(retail_derived_write=_SERVER_WRITE)
            .create(
                {
                    "move_type": "entry",
                    "company_id": self.id,
                    "journal_id": company.retail_liability_journal_id.id,
                    "date": move_date,
                    "ref": label,
                    "retail_liability_cutoff": cutoff,
                    "line_ids": [fields.Command.create(vals) for vals in lines],
                }
            )
        )
        move.action_post()
        return move.with_env(self.env)

    def _retail_liability_line_pair(self, name, amount, points, kind, counterpart):
        """The liability line (credited with ``amount``, carrying ``points``
        of ``kind``) and its counterpart on ``counterpart``."""
        # sudo: settings readable by accounting managers only (see above)
        liability = self.sudo().retail_liability_account_id
        return [
            {
                "name": name,
                "account_id": liability.id,
                "debit": max(-amount, 0.0),
                "credit": max(amount, 0.0),
                "retail_liability_kind": kind,
                "retail_liability_points": points,
            },
            {
                "name": name,
                "account_id": counterpart.id,
                "debit": max(amount, 0.0),
                "credit": max(-amount, 0.0),
            },
        ]

    def _retail_liability_revaluation(self, move_date, cutoff):
        """A journal entry that brings the liability the postings carry to
        their points × today's point value, if the value changed since (or
        ``None``)."""
        points, amount = self._retail_liability_carried()
        currency = self.currency_id
        difference = currency.round(points * self.retail_point_value) - amount
        if currency.is_zero(difference):
            return None
        label = _(
            "Reward points liability: revaluation at %(value)s a point",
            value=self.retail_point_value,
        )
        # sudo: settings readable by accounting managers only (see above)
        expense = self.sudo().retail_points_expense_account_id
        lines = self._retail_liability_line_pair(
            label, difference, 0.0, "revaluation", expense
        )
        return self._retail_liability_create_move(move_date, label, cutoff, lines)

    def _retail_liability_post_period(self, start, end, move_date, posted_until):
        """Post the entries dated before ``end`` not carried yet (those of
        the period from ``start``, and any booked late) in one journal
        entry."""
        kinds = dict(
            self.env["account.move.line"]
            ._fields["retail_liability_kind"]
            ._description_selection(self.env)
        )
        local_start = self._retail_liability_to_local(start).date()
        label = _(
            "Reward points liability %(start)s – %(end)s",
            start=min(local_start, move_date),
            end=move_date,
        )
        self._retail_liability_check_lock(move_date, label)
        # a placeholder carries the entries first, so that exactly the
        # entries marked are the ones counted (a till booking meanwhile is
        # either in both or in neither)
        move = self._retail_liability_create_placeholder(move_date, label, end)
        cr = self.env.cr
        cr.execute(
            """UPDATE retail_point_entry SET liability_move_id = %s
                WHERE company_id = %s AND liability_move_id IS NULL
                  AND date < %s""",
            (move.id, self.id, end),
        )
        self.env["retail.point.entry"].invalidate_model(["liability_move_id"])
        cr.execute(
            """SELECT kind, date < %s, SUM(points) FROM retail_point_entry
                WHERE liability_move_id = %s GROUP BY 1, 2 ORDER BY 1, 2""",
            (posted_until or start, move.id),
        )
        rows = cr.fetchall()
        # sudo: settings readable by accounting managers only (see above)
        company = self.sudo()
        value = self.retail_point_value
        currency = self.currency_id
        lines = []
        total_points = total_amount = 0.0
        for kind, late, points in rows:
            amount = currency.round(points * value)
            name = kinds.get(kind, kind)
            if late:
                name = _(
                    "%(kind)s, dated before %(date)s (booked late)",
                    kind=name,
                    date=self._retail_liability_to_local(posted_until).date(),
                )
            counterpart = (
                company.retail_breakage_account_id
                if kind in ("expire", "erase")
                else company.retail_points_expense_account_id
            )
            lines += self._retail_liability_line_pair(
                name, amount, points, kind, counterpart
            )
            total_points += points
            total_amount += amount
        carried_points, carried_amount = self._retail_liability_carried()
        rounding = (
            currency.round((carried_points + total_points) * value)
            - carried_amount
            - total_amount
        )
        if not currency.is_zero(rounding):
            lines += self._retail_liability_line_pair(
                _("Rounding"),
                rounding,
                0.0,
                "rounding",
                company.retail_points_expense_account_id,
            )
        move.with_context(retail_derived_write=_SERVER_WRITE).write(
            {"line_ids": [fields.Command.create(vals) for vals in lines]}
        )
        move.action_post()
        return move

    def _retail_liability_create_placeholder(self, move_date, label, cutoff):
        # sudo: settings readable by accounting managers only (see above)
        journal = self.sudo().retail_liability_journal_id
        return (
            self.env["account.move"]
            .with_context(retail_derived_write=_SERVER_WRITE)
            .create(
                {
                    "move_type": "entry",
                    "company_id": self.id,
                    "journal_id": journal.id,
                    "date": move_date,
                    "ref": label,
                    "retail_liability_cutoff": cutoff,
                }
            )
        ).with_env(self.env)

    def _retail_liability_check(self):
        """The reconciliation of the points liability of this company:
        ``balance``, the balance of the liability account (a credit, from
        every posted journal item on it, hand-made ones included);
        ``expected``, the points of the ledger entries posted so far × the
        point value; ``difference``; ``unposted``, the points of the ledger
        entries no journal entry carries yet; ``posted_until``."""
        self.ensure_one()
        # sudo: settings readable by accounting managers only; the figures
        # are shown to them (Settings) and to the reconciliation report
        account = self.sudo().retail_liability_account_id
        self.env.flush_all()
        cr = self.env.cr
        balance = 0.0
        if account:
            cr.execute(
                """SELECT COALESCE(-SUM(balance), 0) FROM account_move_line
                    WHERE account_id = %s AND company_id = %s
                      AND parent_state = 'posted'""",
                (account.id, self.id),
            )
            balance = cr.fetchone()[0]
        cr.execute(
            """SELECT COALESCE(SUM(points) FILTER (
                          WHERE liability_move_id IS NOT NULL), 0),
                      COALESCE(SUM(points) FILTER (
                          WHERE liability_move_id IS NULL), 0)
                 FROM retail_point_entry WHERE company_id = %s""",
            (self.id,),
        )
        posted, unposted = cr.fetchone()
        currency = self.currency_id
        expected = currency.round(posted * self.retail_point_value)
        return {
            "balance": balance,
            "expected": expected,
            "difference": currency.round(balance - expected),
            "unposted": unposted,
            "posted_until": self._retail_liability_posted_until(),
        }

    def _retail_setup_liability_accounts(self):
        """Create the accounts and the journal of the points liability where
        a company with a chart of accounts has none set: next to an account
        of the same type of its chart (codes of the chart's length; nothing
        depends on a code). Called when a chart is loaded and when this
        module is installed."""
        Account = self.env["account.account"]
        names = {
            "retail_liability_account_id": _("Reward Points Liability"),
            "retail_points_expense_account_id": _("Reward Points Expense"),
            "retail_breakage_account_id": _("Reward Points Breakage"),
        }
        # sudo: installation and chart loading set up company settings
        for company in self.sudo():
            vals = {}
            for field, account_type in LIABILITY_ACCOUNTS.items():
                if company[field]:
                    continue
                sibling = Account.search(
                    [
                        *Account._check_company_domain(company),
                        ("account_type", "=", account_type),
                    ],
                    order="code",
                    limit=1,
                )
                if not sibling:
                    continue
                code = Account._search_new_account_code(
                    company, len(sibling.code), sibling.code[:2]
                )
                vals[field] = Account.create(
                    {
                        "name": names[field],
                        "code": code,
                        "account_type": account_type,
                        "company_id": company.id,
                        "reconcile": False,
                    }
                ).id
            has_chart = vals or company.retail_liability_account_id
            if has_chart and not company.retail_liability_journal_id:
                Journal = self.env["account.journal"]
                codes = set(
                    Journal.search([("company_id", "=", company.id)]).mapped("code")
                )
                code = next(
                    f"PTS{n}" if n else "PTS"
                    for n in range(100)
                    if (f"PTS{n}" if n else "PTS") not in codes
                )
                vals["retail_liability_journal_id"] = Journal.create(
                    {
                        "name": _("Reward Points"),
                        "code": code,
                        "type": "general",
                        "company_id": company.id,
                    }
                ).id
            if vals:
                company.write(vals)
            if has_chart and "retail_liability_account_id" in vals:
                # only the postings book on the liability account
                company.retail_liability_account_id.allowed_journal_ids = (
                    company.retail_liability_journal_id
                )
