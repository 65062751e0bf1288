# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Suspicious loyalty activity: a read-only report (an SQL view) of the
patterns a retail manager looks at, and its daily digest by e-mail."""

import datetime
import logging

import pytz

from odoo import _, api, fields, models, tools
from odoo.tools import SQL, float_repr

from ..tools.dates import format_date_lang
from .retail_point_entry import API_KINDS

_logger = logging.getLogger(__name__)

#: Each part of the view numbers its rows ``source id * PARTS + part``, so
#: that a row keeps its id from one read to the next (no ``row_number()``).
#: Parts of the core: 1 transactions, 2 enrolment and redemption, 4 manual
#: bookings; 3 is the Point of Sale bridge's (orders set aside at the till).
PARTS = 16
PART_TRANSACTIONS = 1
PART_ENROL_REDEEM = 2
PART_POS_HELD = 3
PART_MANUAL = 4
#: Idempotency keys of the entries booked by a person: the external API and
#: imports through the ORM (``manual:``, see
#: ``retail.point.entry._prepare_api_vals``) and the Adjust points wizard.
MANUAL_KEY_PREFIXES = ("manual:", "points-wizard:")


class RetailSuspiciousActivity(models.Model):
    """One suspicious pattern of the loyalty programme, found in the ledger
    and the documents (read-only, an SQL view).

    The view is the ``UNION ALL`` of the queries of
    :meth:`_retail_suspicious_queries`, each of which selects the columns of
    :meth:`_retail_suspicious_columns`; a bridge adds its pattern by
    extending that method (and the ``kind`` selection), and Odoo builds the
    view again (``init``) when the bridge is installed or updated. Every
    query takes the bounds of one day (see :meth:`_retail_suspicious_rows`),
    which the daily digest uses to read one day through the indexes instead
    of the whole history.

    Days are those of the company's timezone (the timezone of its contact,
    else UTC). The thresholds are company settings; 0 turns a pattern off.
    """

    _name = "retail.suspicious.activity"
    _description = "Suspicious Loyalty Activity"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "kind"
    #: What the view reads: flushed before it is searched.
    _depends = {
        "retail.point.entry": [
            "partner_id",
            "company_id",
            "date",
            "kind",
            "points",
            "origin",
            "origin_code",
            "origin_params",
            "res_model",
            "res_id",
            "user_id",
            "note",
            "idempotency_key",
        ],
        "res.partner": ["retail_member_since", "retail_member_user_id", "tz"],
        "res.company": [
            "partner_id",
            "retail_suspicious_transactions",
            "retail_suspicious_points",
        ],
    }

    kind = fields.Selection(
        [
            ("transactions", "Many transactions in a day"),
            ("enrol_redeem", "Enrolled and redeemed by one user"),
            ("manual", "Large manual booking"),
        ],
        readonly=True,
    )
    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one(
        "res.users", readonly=True, help="Cashier or user who booked or enrolled."
    )
    company_id = fields.Many2one("res.company", readonly=True)
    points = fields.Float(digits="Reward Points", readonly=True)
    transactions = fields.Integer(
        readonly=True, help="Loyalty transactions (source documents) of the row."
    )
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document", model_field="res_model", readonly=True
    )
    origin = fields.Char(
        "Document References",
        readonly=True,
        help="The documents of the row as stored (descriptions the application "
        "wrote in English), for SQL and CSV readers.",
    )
    origin_terms = fields.Json(
        "Document Descriptions",
        readonly=True,
        help="The distinct descriptions of the row's ledger entries, when the "
        "application wrote any: [stored text, code, parameters].",
    )
    origin_text = fields.Char(
        "Documents",
        compute="_compute_origin_text",
        search="_search_origin_text",
        help="The documents of the row, descriptions the application wrote in "
        "your language.",
    )
    till = fields.Char(readonly=True, help="Point of Sale where the document was made.")
    note = fields.Text(readonly=True)
    description = fields.Char(compute="_compute_description")

    # -- the view --------------------------------------------------------------
    @api.model
    def _retail_suspicious_columns(self):
        """The columns every part selects, in this order."""
        return (
            "id",
            "kind",
            "date",
            "partner_id",
            "user_id",
            "company_id",
            "points",
            "transactions",
            "res_model",
            "res_id",
            "origin",
            "origin_terms",
            "till",
            "note",
        )

    @api.model
    def _retail_company_tz(self):
        """``(company_id, tz)`` of every company: its contact's timezone, else
        UTC. The names are Odoo's (the IANA database, which PostgreSQL knows
        too); they are not checked against ``pg_timezone_names``, whose scan
        costs about 0.2 s each time it is read."""
        return SQL(
            """
            (SELECT c.id AS company_id, COALESCE(NULLIF(cp.tz, ''), 'UTC') AS tz
               FROM res_company c
               JOIN res_partner cp ON cp.id = c.partner_id)
            """
        )

    @api.model
    def _retail_local_day(self, timestamp, tz):
        """The day of ``timestamp`` (UTC, as Odoo stores it) in ``tz``."""
        return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", timestamp, tz)

    @api.model
    def _retail_in_range(self, timestamp, since, until):
        """``since <= timestamp < until`` (UTC), or no condition."""
        if since is None:
            return SQL("TRUE")
        return SQL("(%s >= %s AND %s < %s)", timestamp, since, timestamp, until)

    @api.model
    def _retail_till(self, res_model, res_id):
        """Scalar SQL: the name of the till of the document ``res_model``,
        ``res_id`` (SQL expressions), or NULL. The Point of Sale bridge
        answers for its orders."""
        return SQL("NULL::varchar")

    @api.model
    def _retail_suspicious_queries(self, since=None, until=None):
        """The parts of the view, each an ``odoo.tools.SQL`` selecting
        :meth:`_retail_suspicious_columns`. With ``since``/``until`` (naive
        UTC datetimes), each part reads only what happened in between,
        through the indexes on the dates."""
        return [
            self._retail_query_transactions(since, until),
            self._retail_query_enrol_redeem(since, until),
            self._retail_query_manual(since, until),
        ]

    @api.model
    def _retail_select(self, part, columns):
        """The ``SELECT`` clause of a part of the view: ``columns`` maps each
        column of :meth:`_retail_suspicious_columns` to its ``SQL``
        expression, ``id`` to the row's source id (numbered here
        ``id * PARTS + part``); ``origin_terms``, ``till`` and ``note``
        default to NULL."""
        exprs = {
            "origin_terms": SQL("NULL::jsonb"),
            "till": SQL("NULL::varchar"),
            "note": SQL("NULL::text"),
            **columns,
            "id": SQL("(%s)::bigint * %s + %s", columns["id"], PARTS, part),
        }
        return SQL(
            "SELECT %s",
            SQL(", ").join(
                SQL("%s AS %s", exprs[column], SQL.identifier(column))
                for column in self._retail_suspicious_columns()
            ),
        )

    @api.model
    def _retail_entry_document(self, entry):
        """``(res_model, res_id)``: the document of the ledger entry of alias
        ``entry`` (an ``SQL``), the entry itself when it has none."""
        return (
            SQL("COALESCE(%s.res_model, 'retail.point.entry')", entry),
            SQL(
                "CASE WHEN %s.res_model IS NULL THEN %s.id ELSE %s.res_id END",
                entry,
                entry,
                entry,
            ),
        )

    @api.model
    def _retail_first_document(self, entry):
        """``_retail_entry_document`` of the first entry (by id) of a group."""
        res_model, res_id = self._retail_entry_document(entry)
        return {
            "res_model": SQL("(ARRAY_AGG(%s ORDER BY %s.id))[1]", res_model, entry),
            "res_id": SQL("(ARRAY_AGG(%s ORDER BY %s.id))[1]", res_id, entry),
        }

    @api.model
    def _retail_origin_terms(self, entry):
        """Aggregate: the distinct ``[origin, origin_code, origin_params]``
        of the entries of alias ``entry`` (an ``SQL``) of a group whose
        description the application wrote (a few: manual redemptions,
        bonuses...); NULL when it wrote none (``origin`` then says it all).
        Only those entries are aggregated, so the view costs no more for the
        documents' own numbers. :meth:`_retail_render_documents` puts them in
        the reader's language in ``origin``: no read of the entries."""
        return SQL(
            "jsonb_agg(DISTINCT jsonb_build_array(%s.origin, %s.origin_code, "
            "%s.origin_params)) FILTER (WHERE %s.origin_code IS NOT NULL)",
            entry,
            entry,
            entry,
            entry,
        )

    @api.model
    def _retail_query_transactions(self, since, until):
        """(a) More than the company's number of loyalty transactions (earn
        and redeem entries, counted by source document: an order that earns
        and redeems is one) of one customer in one day. The row's document
        (and till) is the day's first; its origin lists them all."""
        e = SQL("e")
        day = self._retail_local_day(SQL("e.date"), SQL("ctz.tz"))
        document = SQL(
            "COALESCE(e.res_model || ',' || e.res_id, 'retail.point.entry,' || e.id)"
        )
        select = self._retail_select(
            PART_TRANSACTIONS,
            {
                "id": SQL("MIN(e.id)"),
                "kind": SQL("'transactions'::varchar"),
                "date": day,
                "partner_id": SQL("e.partner_id"),
                "user_id": SQL(
                    "CASE WHEN COUNT(DISTINCT e.user_id) = 1 THEN MIN(e.user_id) END"
                ),
                "company_id": SQL("e.company_id"),
                "points": SQL("SUM(e.points)"),
                "transactions": SQL("COUNT(DISTINCT %s)::integer", document),
                **self._retail_first_document(e),
                "origin": SQL("LEFT(STRING_AGG(DISTINCT e.origin, ', '), 500)"),
                "origin_terms": self._retail_origin_terms(SQL("e")),
            },
        )
        return SQL(
            """
            %(select)s
              FROM retail_point_entry e
              JOIN res_company c ON c.id = e.company_id
              JOIN %(company_tz)s ctz ON ctz.company_id = e.company_id
             WHERE e.kind IN ('earn', 'redeem')
               AND c.retail_suspicious_transactions > 0
               AND %(range)s
          GROUP BY e.partner_id, e.company_id, %(day)s
            HAVING COUNT(DISTINCT %(document)s)
                   > MAX(c.retail_suspicious_transactions)
            """,
            select=select,
            day=day,
            document=document,
            company_tz=self._retail_company_tz(),
            range=self._retail_in_range(SQL("e.date"), since, until),
        )

    @api.model
    def _retail_query_enrol_redeem(self, since, until):
        """(b) A customer enrolled by a user, who got a bonus and whose points
        that very user redeemed, all on the day of the enrolment."""
        day = self._retail_local_day(SQL("r.date"), SQL("ctz.tz"))
        bonus_day = self._retail_local_day(SQL("b.date"), SQL("btz.tz"))
        select = self._retail_select(
            PART_ENROL_REDEEM,
            {
                "id": SQL("MIN(r.id)"),
                "kind": SQL("'enrol_redeem'::varchar"),
                "date": SQL("p.retail_member_since"),
                "partner_id": SQL("p.id"),
                "user_id": SQL("p.retail_member_user_id"),
                "company_id": SQL("r.company_id"),
                "points": SQL("SUM(r.points)"),
                "transactions": SQL("COUNT(*)::integer"),
                **self._retail_first_document(SQL("r")),
                "origin": SQL("LEFT(STRING_AGG(r.origin, ', ' ORDER BY r.id), 500)"),
                "origin_terms": self._retail_origin_terms(SQL("r")),
            },
        )
        return SQL(
            """
            %(select)s
              FROM retail_point_entry r
              JOIN res_partner p ON p.id = r.partner_id
              JOIN %(company_tz)s ctz ON ctz.company_id = r.company_id
             WHERE r.kind = 'redeem'
               AND r.user_id = p.retail_member_user_id
               AND %(day)s = p.retail_member_since
               AND %(range)s
               AND EXISTS (
                   SELECT 1
                     FROM retail_point_entry b
                     JOIN %(company_tz)s btz ON btz.company_id = b.company_id
                    WHERE b.partner_id = p.id
                      AND b.kind = 'bonus' AND b.points > 0
                      AND %(bonus_day)s = p.retail_member_since)
          GROUP BY p.id, r.company_id
            """,
            select=select,
            day=day,
            bonus_day=bonus_day,
            company_tz=self._retail_company_tz(),
            range=self._retail_in_range(SQL("r.date"), since, until),
        )

    @api.model
    def _retail_query_manual(self, since, until):
        """(d) Adjustments, and the entries booked by hand (external API,
        Adjust points wizard), of more points (up or down) than the company's
        threshold."""
        manual = SQL(" OR ").join(
            SQL("e.idempotency_key LIKE %s", f"{prefix}%")
            for prefix in MANUAL_KEY_PREFIXES
        )
        res_model, res_id = self._retail_entry_document(SQL("e"))
        select = self._retail_select(
            PART_MANUAL,
            {
                "id": SQL("e.id"),
                "kind": SQL("'manual'::varchar"),
                "date": self._retail_local_day(SQL("e.date"), SQL("ctz.tz")),
                "partner_id": SQL("e.partner_id"),
                "user_id": SQL("e.user_id"),
                "company_id": SQL("e.company_id"),
                "points": SQL("e.points"),
                "transactions": SQL("1"),
                "res_model": res_model,
                "res_id": res_id,
                "origin": SQL("e.origin"),
                "origin_terms": SQL(
                    "CASE WHEN e.origin_code IS NOT NULL THEN "
                    "jsonb_build_array(jsonb_build_array(e.origin, e.origin_code, "
                    "e.origin_params)) END"
                ),
                "note": SQL("e.note"),
            },
        )
        return SQL(
            """
            %(select)s
              FROM retail_point_entry e
              JOIN res_company c ON c.id = e.company_id
              JOIN %(company_tz)s ctz ON ctz.company_id = e.company_id
             WHERE (e.kind = 'adjust'
                    OR (e.kind IN %(api_kinds)s AND e.res_model IS NULL
                        AND (e.idempotency_key IS NULL OR %(manual)s)))
               AND c.retail_suspicious_points > 0
               AND ABS(e.points) > c.retail_suspicious_points
               AND %(range)s
            """,
            select=select,
            api_kinds=API_KINDS,
            manual=manual,
            company_tz=self._retail_company_tz(),
            range=self._retail_in_range(SQL("e.date"), since, until),
        )

    @api.model
    def _retail_suspicious_union(self, since=None, until=None):
        """All the parts, with the till of each row's document."""
        columns = self._retail_suspicious_columns()
        union = SQL(" UNION ALL ").join(
            SQL("(%s)", query)
            for query in self._retail_suspicious_queries(since, until)
        )
        selected = SQL(", ").join(
            SQL(
                "COALESCE(u.till, %s) AS till",
                self._retail_till(SQL("u.res_model"), SQL("u.res_id")),
            )
            if column == "till"
            else SQL("u.%s", SQL.identifier(column))
            for column in columns
        )
        return SQL("SELECT %s FROM (%s) u", selected, union)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._retail_suspicious_union(),
            )
        )

    def _register_hook(self):
        """Build the view again when it is missing: uninstalling a bridge
        drops the tables of its app with ``CASCADE``, and the view with
        them (one query per start of the server)."""
        res = super()._register_hook()
        if not tools.table_kind(self.env.cr, self._table):
            self.init()
        return res

    # -- descriptions ---------------------------------------------------------
    @api.depends("origin", "origin_terms")
    @api.depends_context("lang")
    def _compute_origin_text(self):
        render = self.env["retail.point.entry"]._retail_text_renderer(
            self.env.lang or "en_US"
        )
        for row in self:
            row.origin_text = self._retail_render_documents(
                row.origin, row.origin_terms, render
            )

    def _search_origin_text(self, operator, value):
        """Searched in the stored references (English descriptions)."""
        return [("origin", operator, value)]

    @api.model
    def _retail_render_documents(self, origin, terms, render):
        """The documents of a row (``origin``, the stored texts joined by
        ", ") in the reader's language: each stored text of ``terms`` (see
        :meth:`_retail_origin_terms`) replaced by its rendering by
        ``render`` (``retail.point.entry._retail_text_renderer``); the
        documents' own numbers stay as they are."""
        if not terms or not origin:
            return origin
        rendered = {}
        for item in terms:
            stored, code, params = (list(item) + [None, None, None])[:3]
            if stored:
                rendered[stored] = render(code, params, stored) or stored
        if origin in rendered:
            return rendered[origin]
        return ", ".join(rendered.get(text, text) for text in origin.split(", "))

    @api.depends("kind", "points", "transactions", "note", "company_id")
    def _compute_description(self):
        for row in self:
            row.description = self._retail_describe(
                {
                    "kind": row.kind,
                    "points": row.points,
                    "transactions": row.transactions,
                    "note": row.note,
                    "company_id": row.company_id.id,
                }
            )

    @api.model
    def _retail_describe(self, row):
        """A short description of ``row`` (a dict of the view's columns), in
        the language of the context. Bridges describe their kinds."""
        company = self.env["res.company"].browse(row.get("company_id"))
        points = float_repr(
            abs(row.get("points") or 0.0),
            self.env["decimal.precision"].precision_get("Reward Points"),
        )
        if row["kind"] == "transactions":
            return _(
                "%(count)s loyalty transactions in one day (more than %(limit)s).",
                count=row.get("transactions"),
                limit=company.retail_suspicious_transactions,
            )
        if row["kind"] == "enrol_redeem":
            return _(
                "Enrolled with a bonus, and %(points)s points redeemed by the "
                "same user on the same day.",
                points=points,
            )
        if row["kind"] == "manual":
            return _(
                "Manual booking of %(sign)s%(points)s points (more than %(limit)s).",
                sign="-" if (row.get("points") or 0.0) < 0 else "+",
                points=points,
                limit=company.retail_suspicious_points,
            )
        return row.get("note") or ""

    def action_open_document(self):
        """Open the row's document (the order, the ledger entry...)."""
        self.ensure_one()
        if not (self.res_model and self.res_id and self.res_model in self.env):
            return False
        document = self.env[self.res_model].browse(self.res_id)
        document.check_access_rights("read")
        document.check_access_rule("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # -- one day, and the daily digest -------------------------------------------
    @api.model
    def _retail_day_bounds(self, company, day):
        """The UTC bounds (naive datetimes) of ``day`` in ``company``'s
        timezone (as in the view)."""
        try:
            tz = pytz.timezone(company.partner_id.tz or "UTC")
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc
        start = tz.localize(datetime.datetime.combine(day, datetime.time.min))
        end = tz.localize(
            datetime.datetime.combine(
                day + datetime.timedelta(days=1), datetime.time.min
            )
        )
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _retail_suspicious_rows(self, company, day):
        """The rows of ``company`` on ``day``, as dicts of the view's columns,
        read through the date indexes (one query, whatever the history).
        No access check: callers are the digest job and server code."""
        since, until = self._retail_day_bounds(company, day)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT * FROM (%s) rows WHERE rows.company_id = %s "
                "AND rows.date = %s ORDER BY rows.kind, rows.id",
                self._retail_suspicious_union(since, until),
                company.id,
                day,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _retail_digest_recipients(self, company):
        """The Retail CRM managers of ``company`` (internal, active, with an
        e-mail address)."""
        group = self.env.ref("crm_retail_customers.group_retail_manager")
        return group.users.filtered(
            lambda user: (
                not user.share
                and user.active
                and company in user.company_ids
                and user.partner_id.email
            )
        )

    @api.model
    def _retail_digest_lines(self, rows):
        """Rows of the digest as texts in the language of the context."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        partners = self.env["res.partner"].browse(
            {row["partner_id"] for row in rows if row["partner_id"]}
        )
        users = self.env["res.users"].browse(
            {row["user_id"] for row in rows if row["user_id"]}
        )
        names = {partner.id: partner.display_name for partner in partners}
        render = self.env["retail.point.entry"]._retail_text_renderer(
            self.env.lang or "en_US"
        )
        logins = {user.id: user.name for user in users}
        return [
            {
                "kind": kinds.get(row["kind"], row["kind"]),
                "customer": names.get(row["partner_id"], ""),
                "user": logins.get(row["user_id"], ""),
                "till": row["till"] or "",
                "origin": self._retail_render_documents(
                    row["origin"], row.get("origin_terms"), render
                )
                or "",
                "description": self._retail_describe(row),
            }
            for row in rows
        ]

    @api.model
    def _retail_send_digest(self, company, day):
        """E-mail ``company``'s rows of ``day`` to its Retail CRM managers,
        one e-mail per language, once: the day is remembered on the company
        and never sent again. Nothing is sent when nothing happened.

        :return: the ``mail.mail`` records created
        """
        mails = self.env["mail.mail"]
        last = company.retail_suspicious_digest_date
        if last and last >= day:
            return mails
        rows = self._retail_suspicious_rows(company, day)
        recipients = self._retail_digest_recipients(company)
        if rows and recipients:
            template = self.env.ref(
                "crm_retail_customers.mail_template_retail_suspicious_digest"
            )
            by_lang = {}
            for user in recipients:
                by_lang.setdefault(user.lang or "en_US", self.env["res.users"])
                by_lang[user.lang or "en_US"] |= user
            for lang, users in by_lang.items():
                env = self.with_context(lang=lang).env
                lines = self.with_env(env)._retail_digest_lines(rows)
                mail_id = template.with_context(
                    lang=lang,
                    retail_digest_day=format_date_lang(env, day, lang_code=lang),
                    retail_digest_rows=lines,
                ).send_mail(
                    company.id,
                    email_values={
                        "recipient_ids": [(6, 0, users.partner_id.ids)],
                        "auto_delete": False,
                    },
                )
                mails |= mails.browse(mail_id)
        company.write({"retail_suspicious_digest_date": day})
        return mails

    @api.model
    def _cron_send_suspicious_digest(self):
        """Daily job: each company's digest of the day before (in the
        company's timezone)."""
        companies = self.env["res.company"].search([("active", "=", True)])
        for company in companies:
            try:
                tz = pytz.timezone(company.partner_id.tz or "UTC")
            except pytz.UnknownTimeZoneError:
                tz = pytz.utc
            today = datetime.datetime.now(pytz.utc).astimezone(tz).date()
            self._retail_send_digest(company, today - datetime.timedelta(days=1))
