# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.crm_retail_customers.models.retail_customer_report import (
    CSV_FORMATS,
)

#: The movement columns of the roll-forward and the ledger kinds each one
#: adds up. Adjustments take every kind not named here (``adjust``,
#: ``opening`` and any kind a bridge may add), so that the closing balance
#: is always the sum of all entries.
MOVEMENTS = [
    ("earned", ("earn", "reverse")),
    ("bonuses", ("bonus",)),
    ("adjustments", None),
    ("redeemed", ("redeem",)),
    # an erased customer's remaining balance (kind ``erase``) is closed like
    # expired points: breakage
    ("expired", ("expire", "erase")),
    ("transfers", ("transfer", "merge")),
]
#: Longest period of one report, in months (10 years).
MAX_MONTHS = 120
#: Access groups: Retail CRM managers and accounting managers.
LIABILITY_GROUPS = (
    "crm_retail_customers.group_retail_manager",
    "account.group_account_manager",
)


class RetailPointsLiability(models.AbstractModel):
    """The roll-forward of the reward points liability: per company and
    month, the points outstanding at the start, what each kind of movement
    added or took, and the points outstanding at the end, in points and in
    money (at the company's current value of a point).

    ONE SQL statement reads the ledger (a single aggregate over
    ``retail_point_entry`` grouped by company, month and kind, the months
    before the period folded into the opening balance); the PDF and the
    streamed CSV read the same rows.

    ``options``: ``date_from``, ``date_to`` (ISO dates; whole months from
    the month of the first to the month of the second), ``company_ids``,
    ``csv_format``.
    """

    _name = "retail.points.liability"
    _description = "Points Liability Roll-forward"

    # -- who may read, and what --------------------------------------------------
    @api.model
    def _check_access(self):
        """Finance figures of the whole register: Retail CRM managers and
        accounting managers only (PDF, CSV, whatever the route)."""
        if self.env.su or any(
            self.env.user.has_group(group) for group in LIABILITY_GROUPS
        ):
            return
        raise AccessError(
            _(
                "Only Retail CRM managers and accounting managers can print the "
                "points liability roll-forward."
            )
        )

    @api.model
    def _check_options(self, options):
        """``options`` as a client sent them, checked and normalised; a clear
        error for anything else."""
        if not isinstance(options, dict):
            raise UserError(_("The report options are not valid."))
        days = {}
        for key in ("date_from", "date_to"):
            value = options.get(key)
            if not value:
                raise UserError(_("Choose the first and the last month of the report."))
            try:
                days[key] = fields.Date.to_date(value)
            except (TypeError, ValueError) as exc:
                raise UserError(
                    _("%(value)s is not a date (YYYY-MM-DD).", value=value)
                ) from exc
        if days["date_to"] < days["date_from"]:
            raise UserError(_("The period ends before it starts."))
        start, end = days["date_from"], days["date_to"]
        if (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
            raise UserError(
                _(
                    "The report covers at most 10 years (%(months)s months): "
                    "choose a shorter period.",
                    months=MAX_MONTHS,
                )
            )
        company_ids = options.get("company_ids") or []
        if not isinstance(company_ids, list) or not all(
            isinstance(value, int) and not isinstance(value, bool) and value > 0
            for value in company_ids
        ):
            raise UserError(
                _(
                    "The report option %(option)s must list record ids.",
                    option="company_ids",
                )
            )
        if not company_ids:
            raise UserError(_("Choose at least one company."))
        if not self.env.su and set(company_ids) - set(self.env.user.company_ids.ids):
            raise UserError(_("The report asks for a company you cannot access."))
        csv_format = options.get("csv_format") or "comma"
        if csv_format not in CSV_FORMATS:
            raise UserError(_("Unknown CSV format: %(format)s.", format=csv_format))
        return {
            "date_from": fields.Date.to_string(days["date_from"]),
            "date_to": fields.Date.to_string(days["date_to"]),
            # each company once, in the order of their names (the rows' order)
            "company_ids": self.env["res.company"]
            .browse(sorted(set(company_ids)))
            .sorted(lambda c: (c.name, c.id))
            .ids,
            "csv_format": csv_format,
        }

    # -- periods and companies ------------------------------------------------------
    @api.model
    def _get_months(self, date_from, date_to):
        """First days of the months from ``date_from``'s to ``date_to``'s."""
        month = fields.Date.to_date(date_from).replace(day=1)
        last = fields.Date.to_date(date_to).replace(day=1)
        months = []
        while month <= last:
            months.append(month)
            month += relativedelta(months=1)
        return months

    @api.model
    def _get_companies(self, company_ids):
        """``{company_id: {"company", "tz", "currency"}}``: each company's
        months follow the time zone of its partner (its address), or UTC
        when it has none that PostgreSQL knows."""
        companies = self.env["res.company"].browse(company_ids)
        # sudo: the time zone of the companies' own partners, which the
        # user's companies were checked for (a user may not read a company's
        # partner of a branch they do not belong to)
        zones = {c.id: c.sudo().partner_id.tz for c in companies}
        names = tuple({tz for tz in zones.values() if tz in pytz.all_timezones_set})
        known = set()
        if names:
            self.env.cr.execute(
                "SELECT name FROM pg_timezone_names WHERE name IN %s", [names]
            )
            known = {row[0] for row in self.env.cr.fetchall()}
        return {
            company.id: {
                "company": company,
                "tz": zones[company.id] if zones[company.id] in known else "UTC",
                "currency": company.currency_id,
            }
            for company in companies
        }

    # -- columns and query ------------------------------------------------------------
    @api.model
    def _get_figure_labels(self):
        """``[(key, label)]`` of the roll-forward's figures, in order."""
        return [
            ("opening", _("Opening Balance")),
            ("earned", _("Earned")),
            ("bonuses", _("Bonuses")),
            ("adjustments", _("Adjustments")),
            ("redeemed", _("Redeemed")),
            ("expired", _("Expired")),
            ("transfers", _("Transfers")),
            ("closing", _("Closing Balance")),
        ]

    @api.model
    def _get_columns(self):
        """``[(key, label, kind)]`` in the order of the query's columns (the
        kinds of ``retail.customer.report._get_columns``: the CSV is written
        by its ``_stream_csv``). Money and rates have the key ``amount``,
        which the core always writes with decimals."""
        points = self._get_figure_labels()
        # plain loops: Odoo's ``_`` finds the language in its caller's frame,
        # which a comprehension (a frame of its own) does not have
        columns = [
            ("company", _("Company"), "text"),
            ("currency", _("Currency"), "text"),
            ("month", _("Month"), "text"),
        ]
        for key, label in points:
            columns.append((key, _("%(column)s (points)", column=label), "number"))
        for _key, label in points:
            columns.append(("amount", _("%(column)s (money)", column=label), "number"))
        columns.append(("amount", _("Redemption Rate (%)"), "number"))
        columns.append(("amount", _("Breakage Rate (%)"), "number"))
        return columns

    @api.model
    def _get_query(self, options):
        """The roll-forward's SQL: for each company (by name), a row per
        month of the period then its total row (``month`` the translated
        word "Total", rates on the total row only)."""
        months = self._get_months(options["date_from"], options["date_to"])
        start, last = months[0], months[-1]
        end = last + relativedelta(months=1)
        companies = self._get_companies(options["company_ids"])
        company_values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s::numeric, %s)",
                sequence,
                company_id,
                info["tz"],
                info["company"].retail_point_value or 0.0,
                info["currency"].decimal_places,
            )
            for sequence, (company_id, info) in enumerate(companies.items())
        )
        named = [kind for _column, kinds in MOVEMENTS if kinds for kind in kinds]
        sums = []
        for column, kinds in MOVEMENTS:
            condition = (
                SQL("mv.kind IN %s", kinds)
                if kinds
                else SQL("mv.kind NOT IN %s", tuple(named))
            )
            sums.append(
                SQL(
                    "COALESCE(SUM(mv.points) FILTER (WHERE %s), 0) AS %s",
                    condition,
                    SQL.identifier(column),
                )
            )
        movement_names = [column for column, _kinds in MOVEMENTS]
        net = SQL(" + ").join(SQL("r.%s", SQL.identifier(c)) for c in movement_names)

        def money(expression):
            return SQL("round((%s) * f.point_value, f.digits)", expression)

        figures = [SQL("f.opening")] + [
            SQL("f.%s", SQL.identifier(c)) for c in movement_names
        ]
        figures.append(SQL("f.opening + f.net"))
        totals = [SQL("t.opening")] + [
            SQL("t.%s", SQL.identifier(c)) for c in movement_names
        ]
        totals.append(SQL("t.opening + t.net"))
        return SQL(
            """
            WITH co(seq, id, tz, point_value, digits) AS (VALUES %(companies)s),
            b AS (
                -- the first instant of each month and of the month after
                -- the period in the company's time zone, in UTC (as the
                -- ledger stores its dates)
                SELECT co.*, c.name AS company, cur.name AS currency,
                       ARRAY(SELECT (m AT TIME ZONE co.tz) AT TIME ZONE 'UTC'
                               FROM generate_series(%(start)s::timestamp,
                                                    %(end)s::timestamp,
                                                    interval '1 month') AS m
                           ORDER BY m) AS bounds
                  FROM co
                  JOIN res_company c ON c.id = co.id
                  JOIN res_currency cur ON cur.id = c.currency_id
            ),
            -- the one pass over the ledger, grouped by company, month (the
            -- month's number in the period: 0 before it, the opening
            -- balance) and kind; the month is found among the bounds by
            -- a binary search (width_bucket), not by converting each date
            mv AS MATERIALIZED (
                SELECT e.company_id, width_bucket(e.date, b.bounds) AS month,
                       e.kind, SUM(e.points) AS points
                  FROM retail_point_entry e
                  JOIN b ON b.id = e.company_id
                 WHERE e.date < b.bounds[array_upper(b.bounds, 1)]
              GROUP BY 1, 2, 3
            ),
            r AS (
                SELECT b.seq, b.id, b.company, b.currency, b.point_value,
                       b.digits, m.month::date AS month, %(sums)s
                  FROM b
            CROSS JOIN generate_series(%(start)s::date, %(last)s::date,
                                       interval '1 month')
                       WITH ORDINALITY AS m(month, number)
             LEFT JOIN mv ON mv.company_id = b.id AND mv.month = m.number
              GROUP BY b.seq, b.id, b.company, b.currency, b.point_value,
                       b.digits, m.month
            ),
            op AS (
                SELECT company_id, SUM(points) AS points
                  FROM mv WHERE month = 0 GROUP BY company_id
            ),
            f AS (
                SELECT r.*, %(net)s AS net,
                       COALESCE(op.points, 0)
                       + COALESCE(SUM(%(net)s) OVER (
                             PARTITION BY r.id ORDER BY r.month
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                         AS opening
                  FROM r
             LEFT JOIN op ON op.company_id = r.id
            ),
            t AS (
                SELECT seq, id, company, currency, point_value, digits,
                       SUM(opening) FILTER (WHERE month = %(start)s::date)
                           AS opening,
                       %(total_sums)s, SUM(net) AS net
                  FROM f
              GROUP BY seq, id, company, currency, point_value, digits
            )
            SELECT company, currency, month, %(columns)s
              FROM (
                    SELECT f.company, f.currency, to_char(f.month, 'YYYY-MM') AS month,
                           %(figures)s, %(money)s, NULL::numeric, NULL::numeric,
                           f.seq, 0 AS total, f.month AS sort_month
                      FROM f
                 UNION ALL
                    SELECT t.company, t.currency, %(total)s,
                           %(totals)s, %(total_money)s,
                           round(-t.redeemed * 100
                                 / NULLIF(t.earned + t.bonuses, 0), 2),
                           round(-t.expired * 100
                                 / NULLIF(t.earned + t.bonuses, 0), 2),
                           t.seq, 1, NULL
                      FROM t
                   ) AS report_rows(company, currency, month, %(columns)s, seq,
                                    total, sort_month)
          ORDER BY seq, total, sort_month
            """,
            companies=company_values,
            start=start,
            end=end,
            last=last,
            sums=SQL(", ").join(sums),
            net=net,
            total_sums=SQL(", ").join(
                SQL("SUM(%s) AS %s", SQL.identifier(c), SQL.identifier(c))
                for c in movement_names
            ),
            figures=SQL(", ").join(figures),
            money=SQL(", ").join(money(figure) for figure in figures),
            totals=SQL(", ").join(totals),
            total_money=SQL(", ").join(
                SQL("round((%s) * t.point_value, t.digits)", figure)
                for figure in totals
            ),
            total=_("Total"),
            columns=SQL(", ").join(
                SQL.identifier(f"c{index}")
                for index in range(3, len(self._get_columns()))
            ),
        )

    # -- rows -------------------------------------------------------------------------
    @api.model
    def _prepare(self, options):
        """The report's query for ``options`` (checked), built with the
        user's rights; pending changes are flushed so the query sees them."""
        self._check_access()
        self.env["retail.point.entry"].flush_model(
            ["company_id", "date", "kind", "points"]
        )
        self.env["res.company"].flush_model()
        self.env["res.partner"].flush_model(["tz"])
        return self._get_query(options)

    @api.model
    def _get_rows(self, options):
        """All rows (tuples in the order of :meth:`_get_columns`): for each
        company, one per month then its total."""
        self.env.cr.execute(self._prepare(options))
        return self.env.cr.fetchall()

    @api.model
    def _get_sections(self, options):
        """The rows by company, for the PDF: ``[{"company", "tz",
        "currency", "months": [(first day, row)], "total": row}]``."""
        months = self._get_months(options["date_from"], options["date_to"])
        companies = self._get_companies(options["company_ids"])
        rows = self._get_rows(options)
        size = len(months) + 1
        sections = []
        for index, company_id in enumerate(options["company_ids"]):
            chunk = rows[index * size : (index + 1) * size]
            info = companies[company_id]
            sections.append(
                dict(
                    info,
                    months=list(zip(months, chunk[:-1], strict=True)),
                    total=chunk[-1],
                )
            )
        return sections
