# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io
import re
import tempfile

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv.expression import expression
from odoo.tools import SQL
from odoo.tools.query import Query

from .marketing_ban_sql import (
    BAN_CHANNELS,
    retail_banned_values_sql,
    retail_partner_ban_join,
)
from .res_partner import MARKETING_BANS
from .retail_point_entry import POINT_KINDS

#: Bytes of a CSV made by PostgreSQL kept in memory; the rest goes to a
#: temporary file, so memory stays flat however many customers there are.
CSV_SPOOL_SIZE = 1024 * 1024
#: Columns of kind "number" that hold money, not points: always printed with
#: decimals (points of a whole-points company print as whole numbers).
MONEY_COLUMNS = frozenset({"amount"})
#: Bytes sent at a time.
CSV_CHUNK = 64 * 1024
#: First characters that make spreadsheet programs evaluate a cell.
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
#: A cell whose first character other than white space is a formula
#: character: spreadsheet programs strip leading spaces, tabs, line breaks
#: and non-breaking spaces (U+00A0) before they look for a formula, so
#: " =HYPERLINK(...)" is evaluated as "=HYPERLINK(...)" is. Any Unicode
#: space (U+2000-U+200A, U+3000...) and the invisible format characters a
#: program may drop (zero-width spaces and joiners, direction marks, the
#: byte order mark) count as white space: which of them a program strips is
#: its own business. The same pattern in PostgreSQL (ARE, whose ``\s`` is
#: ASCII only in some locales, hence the ranges) and Python.
FORMULA_RE = (
    r"^[\s\u0085\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f"
    r"\u205f-\u2064\u3000\ufeff]*[=+@-]"
)
#: A phone number or a signed number ("+48 601 234 567", "+358 (0)40 123",
#: "-12.5"), after spaces if any (" +48 601 234 567"): it starts like a
#: formula but is none (digits, spaces, dots, hyphens, slashes and brackets
#: call no function), and is written as it is. A tab or a line break before
#: it is no space of a number: such a cell is neutralised.
NOT_FORMULA_RE = r"^[ \u00a0]*[+-]\(?[0-9][0-9 ()./-]*$"
#: strftime directives of a language's date format and the ``to_char``
#: patterns writing them.
DATE_PATTERNS = {"%d": "DD", "%m": "MM", "%Y": "YYYY", "%y": "YY"}
ISO_DATE = "YYYY-MM-DD"
#: Values of a consent filter.
CONSENT_VALUES = ("all", "allowed", "banned")
#: CSV flavours: the machine-readable file (comma, decimal point, no BOM), and
#: the file spreadsheet programs open right in languages writing a decimal
#: comma (Excel reads a semicolon-separated file there, and needs the BOM to
#: take it as UTF-8).
CSV_FORMATS = ("comma", "excel")
#: Values of the ``membership`` option: every customer, loyalty members only,
#: or customers who are not members.
MEMBERSHIP_FILTERS = ("all", "members", "non_members")
BOM = "\ufeff"
#: Reports that need a period: the points activity and its breakdown by
#: earning rule.
PERIOD_REPORTS = ("activity", "rules")


def _is_choice(value, choices):
    """Whether ``value`` (from a client: any JSON) is one of ``choices``:
    a list or an object is none, and never reaches a lookup that would
    fail on it."""
    return isinstance(value, str) and value in choices


def _is_id(value):
    """Whether ``value`` (from a client: any JSON) is a record id."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class RetailCustomerReport(models.AbstractModel):
    """The five customer reports, each as ONE SQL query.

    The customers a user may see are selected with the ORM (``_search``, so
    record rules and multi-company apply) and embedded as a sub-select; the
    report itself never loops over partners in Python. The PDF templates and
    the streamed CSV download read the same rows.

    ``options`` is a dict: ``group_ids``, ``tier_ids``, ``consent`` (channel
    -> 'all' / 'allowed' / 'banned'), ``date_from``, ``date_to``,
    ``company_id``, ``partner_ids``; ``limit`` (rows, for ``_get_rows``) is
    set by the server only.

    The addresses report is the source of letter mail-merges: addresses whose
    letter ban is effective (their own or their customer's) are never in it,
    whatever the filters (the *Letters: banned* filter leaves it empty).
    """

    _name = "retail.customer.report"
    _description = "Retail Customer Reports"

    # -- who may read, and what ----------------------------------------------
    @api.model
    def _check_report_access(self):
        """Every report of the register (PDF, HTML, CSV, whatever the route)
        is for Retail CRM users: it lists customers' contact data and
        balances in bulk, which contact rights alone do not give."""
        if not (
            self.env.su
            or self.env.user.has_group("crm_retail_customers.group_retail_user")
        ):
            raise AccessError(
                _("Only Retail CRM users can print or download customer reports.")
            )

    @api.model
    def _check_options(self, options):
        """``options`` as they came from a client (a report URL carries them
        as JSON), checked and normalised; a clear error for anything else."""
        if not isinstance(options, dict):
            raise UserError(_("The report options are not valid."))
        report = options.get("report")
        if not _is_choice(report, dict(self._get_report_selection())):
            raise UserError(_("Unknown customer report: %(report)s.", report=report))
        checked = {"report": report}
        for key in ("group_ids", "tier_ids", "partner_ids"):
            ids = options.get(key) or []
            if not isinstance(ids, list) or not all(_is_id(value) for value in ids):
                raise UserError(
                    _("The report option %(option)s must list record ids.", option=key)
                )
            checked[key] = ids
        consent = options.get("consent") or {}
        if not isinstance(consent, dict):
            raise UserError(_("The consent filter of the report is not valid."))
        for channel, value in consent.items():
            if channel not in MARKETING_BANS or not _is_choice(value, CONSENT_VALUES):
                raise UserError(
                    _(
                        "Unknown consent filter %(channel)s: %(value)s. Use one of "
                        "%(channels)s with all, allowed or banned.",
                        channel=channel,
                        value=value,
                        channels=", ".join(MARKETING_BANS),
                    )
                )
        checked["consent"] = dict(consent)
        for key in ("date_from", "date_to"):
            value = options.get(key)
            try:
                day = fields.Date.to_date(value) if value else None
            except (TypeError, ValueError) as exc:
                raise UserError(
                    _("%(value)s is not a date (YYYY-MM-DD).", value=value)
                ) from exc
            checked[key] = fields.Date.to_string(day) if day else None
        if report in PERIOD_REPORTS and not (
            checked["date_from"] and checked["date_to"]
        ):
            raise UserError(_("The points activity report needs a period."))
        company_id = options.get("company_id") or False
        if company_id and not (
            _is_id(company_id) and company_id in self.env.user.company_ids.ids
        ):
            raise UserError(_("The report asks for a company you cannot access."))
        checked["company_id"] = company_id
        csv_format = options.get("csv_format") or "comma"
        if not _is_choice(csv_format, CSV_FORMATS):
            raise UserError(_("Unknown CSV format: %(format)s.", format=csv_format))
        checked["csv_format"] = csv_format
        membership = options.get("membership") or "all"
        if not _is_choice(membership, MEMBERSHIP_FILTERS):
            raise UserError(
                _(
                    "Unknown membership filter %(value)s: use all, members or "
                    "non_members.",
                    value=membership,
                )
            )
        checked["membership"] = membership
        return checked

    # -- scope -----------------------------------------------------------------
    @api.model
    def _customer_domain(self, options, archived=False):
        """Domain of the report's customers; ``archived``: archived customers
        too (the period reports: see :meth:`_customer_subselect`). The
        e-mail and SMS consent filters are no domain: see
        :meth:`_customer_subselect`."""
        # The companies' own partners (the shops themselves) are no customers;
        # read directly, whatever companies the user may see.
        self.env.cr.execute("SELECT partner_id FROM res_company")
        own_partners = [row[0] for row in self.env.cr.fetchall()]
        domain = [] if archived else [("active", "=", True)]
        domain += [
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
            ("id", "not in", own_partners),
            # employees' own partners are not customers; portal users are
            "|",
            ("user_ids", "=", False),
            ("user_ids.share", "=", True),
        ]
        if options.get("partner_ids"):
            domain.append(("id", "in", options["partner_ids"]))
        if options.get("group_ids"):
            domain.append(("customer_group_id", "child_of", options["group_ids"]))
        if options.get("tier_ids"):
            domain.append(("reward_tier_id", "in", options["tier_ids"]))
        if options.get("company_id"):
            domain.append(("company_id", "in", [options["company_id"], False]))
        for channel, consent in (options.get("consent") or {}).items():
            if consent in ("allowed", "banned") and channel not in BAN_CHANNELS:
                field = MARKETING_BANS[channel][1]
                domain.append((field, "=", consent == "banned"))
        membership = options.get("membership") or "all"
        if membership != "all":
            domain.append(("retail_member", "=", membership == "members"))
        return domain

    @api.model
    def _customer_subselect(self, options, archived=False):
        """SQL selecting the ids of the customers in the report, with the
        current user's record rules applied.

        ``archived``: archived customers too. The period reports sum the
        ledger of the customers: archiving a customer must not change the
        figures of a past period (the points were given all the same).

        The e-mail and SMS consent filters follow the rule of the bulk
        sends (``marketing_ban_sql``): a customer who has a ban or the
        address / number of a customer who has one is never "allowed", so
        "allowed" lists no one a mailing or an SMS send would skip;
        "banned" lists the bans the user may read only (:meth:`_ban_joins`).
        """
        Partner = self.env["res.partner"]
        Partner.check_access_rights("read")
        if archived:
            Partner = Partner.with_context(active_test=False)
        query = Partner._search(self._customer_domain(options, archived=archived))
        consent = {
            channel: value
            for channel, value in (options.get("consent") or {}).items()
            if channel in BAN_CHANNELS and value in ("allowed", "banned")
        }
        if not consent:
            return query.subselect()
        # the customers are selected once (MATERIALIZED), then joined with
        # the banned addresses / numbers (hash joins)
        ctes, joins, conditions, _statuses = self._ban_joins("p", consent)
        return SQL(
            """WITH base(id) AS MATERIALIZED (%s), %s
               SELECT p.id FROM base JOIN res_partner p ON p.id = base.id %s
                WHERE %s""",
            query.subselect(),
            ctes,
            joins,
            conditions,
        )

    @api.model
    def _ban_joins(self, alias, consent, channels=None):
        """``(ctes, joins, condition, statuses)`` of the e-mail / SMS
        ``consent`` (``{channel: 'allowed'|'banned'}``) of the partner row
        ``alias``: the CTEs of the banned values, the joins, the condition
        of the filters (TRUE if none) and, per channel, the row's status
        (``statuses``: TRUE banned, FALSE allowed, NULL neither, see
        below). ``channels``: the channels whose statuses are wanted
        (default: those of ``consent``, for the filters only; a channel's
        CTEs are ``banned_<channel>_values`` and ``seen_<channel>_values``).

        A report must not tell its user about customers they cannot read
        (record rules: another company's customer), while the bulk sends
        honour every ban, whoever's (``marketing_ban_sql``). So:

        * *allowed* is the sends' rule: no ban at all, not even one of a
          customer the user cannot read with the same address or number.
          Listing such an address as allowed would be a lie leading the
          user to mail someone who refused (a list exported to another
          program), so it is never allowed;
        * *banned* says only what the user may read: the row's own
          (effective) ban, or the address / number of a banned customer
          the user can read;
        * an address or number banned only because an unreadable customer
          has it is in neither filter and shows neither "Yes" nor "No" in
          the ban columns (``None``: "Not sent", see
          :meth:`_get_bool_labels`): the report names no one and states no
          refusal it cannot show, and says no more than the sends
          themselves do (they skip it).

        Without record rules on contacts (superuser, or none apply) every
        ban is seen: the second look-up is left out."""
        readable = self._partner_rule_sql("p")
        restricted = readable.code != "TRUE"
        wanted = channels or [c for c in BAN_CHANNELS if c in consent]
        ctes, joins, conditions, statuses = [], [], [SQL("TRUE")], {}
        for channel in wanted:
            value = consent.get(channel)
            banned = seen = None
            # the sends' rule: every customer's bans
            if channels or value == "allowed" or not restricted:
                name = f"banned_{channel}_values"
                ctes.append(
                    SQL(
                        "%s(value) AS MATERIALIZED (%s)",
                        SQL.identifier(name),
                        retail_banned_values_sql(channel),
                    )
                )
                join, banned = retail_partner_ban_join(alias, channel, name)
                joins.append(join)
            # what the user may read: the bans of readable customers only
            if restricted and (channels or value == "banned"):
                name = f"seen_{channel}_values"
                ctes.append(
                    SQL(
                        "%s(value) AS MATERIALIZED (%s)",
                        SQL.identifier(name),
                        retail_banned_values_sql(channel, among=readable),
                    )
                )
                join, seen = retail_partner_ban_join(alias, channel, name, tag="seen")
                joins.append(join)
            if seen is None:
                seen = banned
            if channels:
                statuses[channel] = SQL(
                    "CASE WHEN %s THEN TRUE WHEN %s THEN NULL ELSE FALSE END",
                    seen,
                    banned,
                )
            if value == "banned":
                conditions.append(seen)
            elif value == "allowed":
                conditions.append(SQL("NOT %s", banned))
        return (
            SQL(", ").join(ctes),
            SQL(" ").join(joins),
            SQL(" AND ").join(conditions),
            statuses,
        )

    @api.model
    def _partner_rule_sql(self, alias):
        """Condition on the partner row ``alias``: the user may read it (the
        read record rules of contacts, multi-company included), compiled on
        that alias so that PostgreSQL checks it on the joined row itself:
        no sub-select of every readable contact (a million rows) in a
        report of a few customers."""
        if self.env.su:
            return SQL("TRUE")
        domain = self.env["ir.rule"]._compute_domain("res.partner", "read")
        if not domain:
            return SQL("TRUE")
        query = Query(self.env.cr, alias, "res_partner")
        # sudo: the rules themselves are read as the ORM applies them (it
        # compiles them with sudo too); the condition restricts the user
        expression(domain, self.env["res.partner"].sudo(), alias, query)
        if query._joins:
            # a rule through another table: the ORM's own sub-select, slower
            # but exact (the shipped rules need none)
            readable = (
                self.env["res.partner"].with_context(active_test=False)._search([])
            )
            return SQL("%s IN (%s)", SQL.identifier(alias, "id"), readable.subselect())
        return query.where_clause

    # -- columns ---------------------------------------------------------------
    @api.model
    def _get_columns(self, report):
        """``[(key, label, kind)]``; kind is 'text', 'number' (points and
        amounts, with the points precision), 'integer', 'date', 'bool'."""
        number = ("customer_number", _("Customer Number"), "text")
        balance = [
            ("name", _("Name"), "text"),
            number,
            ("company", _("Company"), "text"),
            ("business_id", _("Business ID"), "text"),
            ("email", _("E-mail"), "text"),
            ("card_number", _("Card Number"), "text"),
            ("balance", _("Balance"), "number"),
        ]
        if report == "balances":
            return balance
        if report == "recent":
            return balance + [
                ("sales_count", _("Number of Sales"), "integer"),
                ("last_sale", _("Last Sale"), "text"),
                ("last_sale_date", _("Last Sale Date"), "date"),
            ]
        if report == "addresses":
            return [
                ("customer", _("Customer"), "text"),
                number,
                ("name", _("Address Name"), "text"),
                ("type", _("Type"), "text"),
                ("street", _("Street"), "text"),
                ("street2", _("Street 2"), "text"),
                ("zip", _("ZIP"), "text"),
                ("city", _("City"), "text"),
                ("state", _("State"), "text"),
                ("country", _("Country"), "text"),
            ]
        if report == "contacts":
            return [
                ("customer", _("Customer"), "text"),
                number,
                ("name", _("Name"), "text"),
                ("email", _("E-mail"), "text"),
                ("phone", _("Phone"), "text"),
                ("mobile", _("Mobile"), "text"),
                ("no_letter", _("No Letters"), "bool"),
                ("no_sms", _("No SMS"), "bool"),
                ("no_email", _("No E-mails"), "bool"),
            ]
        if report == "rules":
            return [
                ("rule", _("Earning Rule"), "text"),
                ("points", _("Points Given"), "number"),
                ("customers", _("Customers"), "integer"),
                ("amount", _("Sales Amount"), "number"),
            ]
        Entry = self.env["retail.point.entry"]
        labels = dict(Entry._fields["kind"]._description_selection(self.env))
        return (
            [("group", _("Customer Group"), "text")]
            + [(kind, labels[kind], "number") for kind in self._activity_kinds()]
            + [
                ("total", _("Total"), "number"),
                ("customers", _("Customers"), "integer"),
            ]
        )

    @api.model
    def _activity_kinds(self):
        return [kind for kind, _label in POINT_KINDS if kind != "merge"]

    # -- queries -----------------------------------------------------------------
    @api.model
    def _get_query(self, report, options):
        """The report's SQL; rows come in the order of ``_get_columns``.

        The customers come from :meth:`_customer_subselect` (record rules
        applied); the contacts and addresses joined to them are checked
        against the rules too (:meth:`_partner_rule_sql`): a customer shared
        by the companies may have addresses of a company the user is not in.
        """
        scope = self._customer_subselect(options, archived=report in PERIOD_REPORTS)
        lang = self.env.lang or "en_US"
        if report == "balances":
            return SQL(
                """
                SELECT p.name, p.ref, c.name,
                       COALESCE(NULLIF(p.company_registry, ''), p.vat),
                       p.email, p.card_number, COALESCE(p.reward_points, 0)
                  FROM res_partner p
             LEFT JOIN res_company c ON c.id = p.company_id
                 WHERE p.id IN (%s)
              ORDER BY p.name, p.id
                """,
                scope,
            )
        if report == "recent":
            # The sales of the report's company only: the sources of sales
            # keep to ``env.companies``, narrowed here to the company chosen
            # (one of the user's: _check_options). The balance is the
            # customer's, as on the form, in every company.
            sales = self
            if options.get("company_id"):
                sales = self.with_context(allowed_company_ids=[options["company_id"]])
            # the customers are selected once (MATERIALIZED), not again by
            # every source of the sales summary
            return SQL(
                """
                WITH scope(id) AS MATERIALIZED (%s)
                SELECT p.name, p.ref, c.name,
                       COALESCE(NULLIF(p.company_registry, ''), p.vat),
                       p.email, p.card_number, COALESCE(p.reward_points, 0),
                       COALESCE(s.sales_count, 0), s.last_number, s.last_date
                  FROM res_partner p
             LEFT JOIN res_company c ON c.id = p.company_id
             LEFT JOIN (%s) s ON s.partner_id = p.id
                 WHERE p.id IN (SELECT id FROM scope)
              ORDER BY p.name, p.id
                """,
                scope,
                sales._get_sales_summary_query(
                    SQL("(SELECT id FROM scope)"),
                    options.get("date_from"),
                    options.get("date_to"),
                ),
            )
        if report == "addresses":
            # The mail-merge source of letter campaigns: as the Address
            # Labels print, it leaves out every address whose letter ban is
            # effective: its own (a delivery address refusing letters) or its
            # customer's (every address of a letter-banned customer), so a
            # customer refusing letters is not listed, whatever the filters.
            return SQL(
                """
                SELECT cust.name, cust.ref, COALESCE(a.name, cust.name),
                       CASE WHEN a.id = cust.id THEN %s ELSE %s END, a.street,
                       a.street2, a.zip, a.city, st.name,
                       COALESCE(co.name->>%s, co.name->>'en_US')
                  FROM res_partner cust
                  JOIN res_partner a
                    ON a.id = cust.id
                    OR (a.commercial_partner_id = cust.id
                        AND a.id != cust.id AND a.active
                        AND a.type IN ('invoice', 'delivery', 'other')
                        AND %s)
             LEFT JOIN res_country_state st ON st.id = a.state_id
             LEFT JOIN res_country co ON co.id = a.country_id
                 WHERE cust.id IN (%s)
                   AND a.effective_no_letter_marketing IS NOT TRUE
              ORDER BY cust.name, cust.id, a.id != cust.id,
                       CASE a.type WHEN 'invoice' THEN 1 WHEN 'delivery' THEN 2
                                   ELSE 3 END, a.id
                """,
                _("Main address"),
                self._address_type_label_sql(SQL("a.type")),
                lang,
                self._partner_rule_sql("a"),
                scope,
            )
        if report == "contacts":
            # Each row's consent as the bulk sends decide it: for e-mails and
            # SMS, an address or number a banned customer has is never
            # "allowed" (marketing_ban_sql); "banned" is said of the bans the
            # user may read only (_ban_joins), in the columns and the
            # filters alike.
            consent = {
                channel: value
                for channel, value in (options.get("consent") or {}).items()
                if value in ("allowed", "banned")
            }
            # both channels joined: the columns say No SMS / No E-mails (a
            # ban only an unreadable customer explains: NULL, see _ban_joins)
            ctes, joins, conditions, statuses = self._ban_joins(
                "a", consent, BAN_CHANNELS
            )
            if "letter" in consent:
                conditions = SQL(
                    "%s AND COALESCE(a.effective_no_letter_marketing, FALSE) = %s",
                    conditions,
                    consent["letter"] == "banned",
                )
            return SQL(
                """
                WITH %s
                SELECT cust.name, cust.ref, a.name, a.email, a.phone, a.mobile,
                       COALESCE(a.effective_no_letter_marketing, FALSE), %s, %s
                  FROM res_partner cust
                  JOIN res_partner a
                    ON a.id = cust.id
                    OR (a.commercial_partner_id = cust.id AND a.id != cust.id
                        AND a.active AND a.type = 'contact' AND %s)
                       %s
                 WHERE cust.id IN (%s) AND %s
              ORDER BY cust.name, cust.id, a.id != cust.id, a.name, a.id
                """,
                ctes,
                statuses["sms"],
                statuses["email"],
                self._partner_rule_sql("a"),
                joins,
                scope,
                conditions,
            )
        if report == "rules":
            return self._get_rules_query(scope, options)
        sums = SQL(", ").join(
            SQL("COALESCE(SUM(e.points) FILTER (WHERE e.kind = %s), 0)", kind)
            for kind in self._activity_kinds()
        )
        # the ledger of the companies the user works in (the record rule on
        # entries, which this query does not go through)
        companies = [options["company_id"]] if options.get("company_id") else []
        period = [
            SQL(
                "e.company_id IN %s",
                tuple(companies or self.env.companies.ids),
            )
        ]
        if options.get("date_from"):
            period.append(SQL("e.date >= %s", options["date_from"]))
        if options.get("date_to"):
            period.append(SQL("e.date < %s::date + 1", options["date_to"]))
        return SQL(
            """
            SELECT COALESCE(g.complete_name, %s), %s, COALESCE(SUM(e.points), 0),
                   COUNT(DISTINCT e.partner_id)
              FROM retail_point_entry e
         LEFT JOIN retail_customer_group g ON g.id = e.customer_group_id
             WHERE e.partner_id IN (%s) AND %s AND e.kind != 'merge'
          GROUP BY g.complete_name
          ORDER BY g.complete_name NULLS LAST
            """,
            _("No group"),
            sums,
            scope,
            SQL(" AND ").join(period),
        )

    @api.model
    def _get_rules_query(self, scope, options):
        """The points activity by earning rule: per rule (and the normal
        rate, last), the points the ledger booked by it in the period, net of
        what refunds took back, the customers (distinct) and the money of
        the lines it decided; ONE aggregate over the points by rule
        (``retail.point.entry.detail``, which carry customer, company and
        date), in the companies the user works in, for the customers of the
        report. A rule is named as it is now in the user's language, or as
        the ledger kept it when it is gone."""
        companies = [options["company_id"]] if options.get("company_id") else []
        where = [
            SQL("d.company_id IN %s", tuple(companies or self.env.companies.ids)),
            SQL("d.date >= %s", options["date_from"]),
            SQL("d.date < %s::date + 1", options["date_to"]),
        ]
        lang = self.env.lang or "en_US"
        return SQL(
            """
            SELECT CASE WHEN d.rule_id IS NULL THEN %s
                        ELSE COALESCE(r.name->>%s, r.name->>'en_US', MAX(d.name))
                   END,
                   COALESCE(SUM(d.points), 0), COUNT(DISTINCT d.partner_id),
                   COALESCE(SUM(d.amount), 0)
              FROM retail_point_entry_detail d
         LEFT JOIN retail_earn_rule r ON r.id = d.rule_id
             WHERE d.partner_id IN (%s) AND %s
          GROUP BY d.rule_id, r.name
          ORDER BY d.rule_id IS NULL, 1, d.rule_id
            """,
            _("Normal rate"),
            lang,
            scope,
            SQL(" AND ").join(where),
        )

    # -- sales summary -------------------------------------------------------------
    @api.model
    def _get_sales_sources(self):
        """The documents the apps count as sales, one dict per source; the
        bridges add theirs (POS orders, sale orders, invoices), none knows
        another's. Keys (``SQL`` fragments unless said otherwise):

        - ``model``: the model name (text) of the documents; their ledger
          entries are then no sale of their own;
        - ``source``: the FROM clause; ``where``: the documents that count;
        - ``customer``: the commercial partner; ``moment``: date or datetime
          of the sale; ``number``: its number; ``amount``: what the customer
          spent, in the company's currency; ``document``: its id;
          ``company``: the company that sold (the customer analysis counts
          each company's sales);
        - ``billed_invoices`` (optional): a query of the ids of the customer
          invoices billing the source's documents: such an invoice is the
          same sale, not another one;
        - ``invoice`` (optional): the id of the customer invoice a row is,
          so that it is left out when another source bills it.

        Each source is read with its own filters and indexes; the queries
        bypass record rules (a Retail user may not read orders or invoices;
        only counts, amounts and numbers come out), so every source keeps to
        the companies the user works in (``env.companies``; a report for
        one company narrows them to it, see :meth:`_get_query`).
        """
        return []

    @api.model
    def _get_order_sales_source(self, model, where, billed_invoices):
        """A source of :meth:`_get_sales_sources` for orders (POS, sales):
        the table of ``model``, alias ``o``, with its customer, order date,
        name, total in the company's currency (``currency_rate``) and
        company; ``where`` (an ``SQL``) picks the orders that are sales, in
        the companies the user works in."""
        return {
            "model": model,
            "source": SQL(
                "%s o JOIN res_partner p ON p.id = o.partner_id",
                SQL.identifier(self.env[model]._table),
            ),
            "customer": SQL("p.commercial_partner_id"),
            "moment": SQL("o.date_order"),
            "number": SQL("o.name"),
            "amount": SQL("o.amount_total / COALESCE(NULLIF(o.currency_rate, 0), 1)"),
            "document": SQL("o.id"),
            "company": SQL("o.company_id"),
            "where": SQL(
                "%s AND o.company_id IN %s", where, tuple(self.env.companies.ids)
            ),
            "billed_invoices": billed_invoices,
        }

    @api.model
    def _get_ledger_sales_source(self, models):
        """The ledger's own sales: ``earn`` entries, but for the documents a
        source of :meth:`_get_sales_sources` counts itself (``models``)."""
        return {
            "model": "retail.point.entry",
            "source": SQL("retail_point_entry e"),
            "customer": SQL("e.partner_id"),
            "moment": SQL("e.date"),
            "number": SQL("e.origin"),
            "amount": SQL("COALESCE(e.amount, 0)"),
            "document": SQL("e.id"),
            "company": SQL("e.company_id"),
            # the companies of the user, as the documents' sources
            "where": SQL(
                "e.kind = 'earn' AND (e.res_model IS NULL OR e.res_model NOT IN %s)"
                " AND e.company_id IN %s",
                tuple(models) or ("",),
                tuple(self.env.companies.ids),
            ),
        }

    @api.model
    def _get_sales_lines_query(
        self, partners=None, date_from=None, date_to=None, ledger=True, company=False
    ):
        """ONE query of the sales of the customers ``partners`` (an ``SQL``
        that follows ``IN``: a tuple of ids or a sub-select; None: every
        customer) in the period (dates, both included): rows ``(customer,
        moment, number, amount, model, document, source)``, one per sale;
        ``source`` is the sale's source (its index in
        :meth:`_get_sales_sources`, the ledger last).

        The sources of :meth:`_get_sales_sources` and the ledger are
        combined with UNION ALL; an invoice billing another source's
        document is left out, whatever the period (the sale is the order).
        ``ledger=False`` leaves out the ledger's own sales (a caller reading
        the ledger itself counts them in the same pass:
        :meth:`_get_ledger_sales_source` says which they are);
        ``company=True`` adds the sale's company as a last column.
        """
        sources = self._get_sales_sources()
        for source in sources:
            self.env[source["model"]].flush_model()
        self.env["retail.point.entry"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        billed = [s["billed_invoices"] for s in sources if s.get("billed_invoices")]
        if ledger:
            sources.append(self._get_ledger_sales_source([s["model"] for s in sources]))
        parts = []
        for index, source in enumerate(sources):
            where = [source["where"]]
            if partners is not None:
                where.append(SQL("%s IN %s", source["customer"], partners))
            if date_from:
                where.append(SQL("%s >= %s::date", source["moment"], date_from))
            if date_to:
                where.append(SQL("%s < %s::date + 1", source["moment"], date_to))
            if source.get("invoice") and billed:
                where.append(
                    SQL(
                        "NOT EXISTS (SELECT 1 FROM (%s) AS billed(move_id)"
                        " WHERE billed.move_id = %s)",
                        SQL(" UNION ALL ").join(billed),
                        source["invoice"],
                    )
                )
            parts.append(
                SQL(
                    "SELECT %s, %s::timestamp, %s::varchar, %s::numeric, %s::varchar,"
                    " %s, %s%s FROM %s WHERE %s",
                    source["customer"],
                    source["moment"],
                    source["number"],
                    source["amount"],
                    source["model"],
                    source["document"],
                    index,
                    SQL(", %s", source["company"]) if company else SQL(),
                    source["source"],
                    SQL(" AND ").join(where),
                )
            )
        return SQL(" UNION ALL ").join(parts)

    @api.model
    def _get_sales_summary_query(self, partners, date_from=None, date_to=None):
        """ONE query summing up the sales of the customers ``partners`` (an
        ``SQL`` that follows ``IN``: a tuple of ids or a sub-select) in the
        period (dates, both included): rows ``(partner_id, sales_count,
        sales_amount, last_number, last_date)``, one per customer who bought
        (the sales of :meth:`_get_sales_lines_query`).

        Over all time (no period), the purchases of the previous system that
        the import brought (``res.partner.retail_opening_sales_*``) are added:
        their number and total, and their last date when it is the latest,
        named "Previous system". A period leaves them out: they have no
        dates but the last one.
        """
        summary = self._get_documents_summary_query(partners, date_from, date_to)
        if date_from or date_to:
            return summary
        self.env["res.partner"].flush_model(
            [
                "retail_opening_sales_count",
                "retail_opening_sales_amount",
                "retail_opening_last_sale_date",
            ]
        )
        return SQL(
            """
            SELECT p.id AS partner_id,
                   COALESCE(s.sales_count, 0)
                   + COALESCE(p.retail_opening_sales_count, 0) AS sales_count,
                   COALESCE(s.sales_amount, 0)
                   + COALESCE(p.retail_opening_sales_amount, 0) AS sales_amount,
                   CASE WHEN o.latest THEN %s ELSE s.last_number END AS last_number,
                   CASE WHEN o.latest THEN p.retail_opening_last_sale_date
                        ELSE s.last_date END AS last_date
              FROM res_partner p
         LEFT JOIN (%s) s ON s.partner_id = p.id
             CROSS JOIN LATERAL (
                   SELECT COALESCE(p.retail_opening_sales_count, 0) > 0
                          AND (s.partner_id IS NULL
                               OR p.retail_opening_last_sale_date > s.last_date)
                          AS latest
                   ) o
             WHERE p.id IN %s
               AND (s.partner_id IS NOT NULL OR p.retail_opening_sales_count > 0)
            """,
            _("Previous system"),
            summary,
            partners,
        )

    @api.model
    def _get_documents_summary_query(self, partners, date_from=None, date_to=None):
        """:meth:`_get_sales_summary_query` of the documents only."""
        return SQL(
            """
            SELECT DISTINCT ON (s.customer) s.customer AS partner_id,
                   COUNT(*) OVER w AS sales_count,
                   SUM(s.amount) OVER w AS sales_amount,
                   s.number AS last_number, s.moment::date AS last_date
              FROM (%s)
                AS s(customer, moment, number, amount, model, document, source)
            WINDOW w AS (PARTITION BY s.customer)
          ORDER BY s.customer, s.moment DESC, s.model, s.document DESC
            """,
            self._get_sales_lines_query(partners, date_from, date_to),
        )

    @api.model
    def _get_sales_summary(self, partner_ids, date_from=None, date_to=None):
        """``{partner_id: (count, amount, last_number, last_date)}`` of the
        customers ``partner_ids`` who bought in the period, in one query
        whatever their number (the report's and the customer's figures)."""
        if not partner_ids:
            return {}
        self.env.cr.execute(
            self._get_sales_summary_query(
                SQL("%s", tuple(partner_ids)), date_from, date_to
            )
        )
        return {row[0]: tuple(row[1:]) for row in self.env.cr.fetchall()}

    # -- rows --------------------------------------------------------------------
    @api.model
    def _get_rows(self, report, options):
        """The rows of the report as tuples matching ``_get_columns`` (PDF):
        all of them, or the first ``options["limit"]`` (set by the caller
        after :meth:`_check_options`, which takes none from a client)."""
        query = self._prepare(report, options)
        if options.get("limit"):
            # every report's query ends with its ORDER BY: the first rows
            query = SQL("%s LIMIT %s", query, options["limit"])
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    @api.model
    def _prepare(self, report, options):
        """The report's query, built with the user's rights; pending changes
        are flushed so the query sees them."""
        query = self._get_query(report, options)
        self.env.flush_all()
        return query

    @api.model
    def _address_type_label_sql(self, column):
        """SQL giving the label of the address type in ``column``, in the
        user's language (the rows are complete in SQL, for the CSV)."""
        Partner = self.env["res.partner"]
        labels = Partner._fields["type"]._description_selection(self.env)
        return SQL(
            "CASE %s %s ELSE %s END",
            column,
            SQL(" ").join(SQL("WHEN %s THEN %s", key, label) for key, label in labels),
            column,
        )

    @api.model
    def _get_totals(self, report, rows):
        """Total line of a report (None when it has none)."""
        columns = self._get_columns(report)
        if report not in ("balances", "recent", "activity", "rules"):
            return None
        totals = []
        for index, (_key, _label, kind) in enumerate(columns):
            if index == 0:
                totals.append(_("Total"))
            elif kind == "number":
                # a float whatever the rows hold, so that it prints as points
                totals.append(sum((row[index] or 0.0 for row in rows), 0.0))
            elif kind == "integer" and _key != "customers":
                totals.append(sum(row[index] or 0 for row in rows))
            else:
                totals.append("")
        return totals

    # -- CSV -----------------------------------------------------------------------
    @api.model
    def _get_csv_dialect(self, csv_format):
        """``(delimiter, decimal point, prefix, date pattern)`` of a CSV
        flavour (the pattern for PostgreSQL's ``to_char``). The comma file is
        for programs: decimal point and ISO dates in every language. The
        Excel flavour writes numbers with the decimal separator of the
        user's language (no thousands separator, so they stay numbers) and
        dates in its date format, as Excel reads them in that language."""
        if csv_format != "excel":
            return ",", ".", "", ISO_DATE
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        decimal_point = (lang.decimal_point if lang else ".") or "."
        date_pattern = self._get_date_pattern(lang.date_format if lang else "")
        return ";", decimal_point, BOM, date_pattern

    @api.model
    def _get_date_pattern(self, date_format):
        """The ``to_char`` pattern of an Odoo date format (``%d.%m.%Y`` ->
        ``DD"."MM"."YYYY``); ISO for a format with other directives (month
        names, weekdays) or none."""
        pattern = []
        for token in re.findall(r"%.|[^%]+", date_format or ""):
            if token.startswith("%"):
                if token not in DATE_PATTERNS:
                    return ISO_DATE
                pattern.append(DATE_PATTERNS[token])
            else:
                # literal text, quoted so that to_char takes no letter of it
                # for a pattern
                literal = token.replace("\\", "\\\\").replace('"', '\\"')
                pattern.append(f'"{literal}"')
        return "".join(pattern) if pattern else ISO_DATE

    @api.model
    def _get_bool_labels(self):
        """``(yes, no, withheld)``: the labels of a boolean column, in the
        user's language. ``withheld`` is for NULL: an e-mail address or a
        phone number that the bulk sends skip because of a ban the user may
        not read (:meth:`_ban_joins`): neither "Yes" (a refusal the report
        cannot show) nor "No" (it would pass for allowed)."""
        return _("Yes"), _("No"), _("Not sent")

    @api.model
    def _get_csv_query(self, query, columns, decimal_point=".", date_pattern=ISO_DATE):
        """``query`` with every column turned into its CSV text by PostgreSQL:
        numbers with the points precision and ``decimal_point``, booleans as
        translated Yes/No, dates with ``date_pattern`` (``to_char``), and
        a NULL boolean as the neutral label of :meth:`_get_bool_labels`,
        text starting with a formula character (``FORMULA_CHARS``), or
        with one after white space (``FORMULA_RE``: spreadsheet programs
        strip it), prefixed with a quote (CSV injection), but for phone
        numbers and numbers (``NOT_FORMULA_RE``).

        The query's columns are renamed by position (``c0``, ``c1``, ...).
        The report's query is a sorted sub-select with nothing joined or
        grouped around it, so its rows keep their order.
        """
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        formulas = list(FORMULA_CHARS)
        yes, no, withheld = self._get_bool_labels()

        def text(col):
            # neutralise spreadsheet formulas (CSV injection)
            return SQL(
                "CASE WHEN (left(%s::text, 1) = ANY(%s) OR %s::text ~ %s)"
                " AND %s::text !~ %s THEN %s || %s ELSE %s::text END",
                col,
                formulas,
                col,
                FORMULA_RE,
                col,
                NOT_FORMULA_RE,
                "'",
                col,
                col,
            )

        formats = {
            "number": lambda col: SQL(
                "replace(round(%s::numeric, %s)::text, '.', %s)",
                col,
                digits,
                decimal_point,
            ),
            "integer": lambda col: SQL("%s::text", col),
            "bool": lambda col: SQL(
                "CASE WHEN %s THEN %s WHEN NOT %s THEN %s ELSE %s END",
                col,
                yes,
                col,
                no,
                withheld,
            ),
            "date": lambda col: SQL("to_char(%s, %s)", col, date_pattern),
            "text": text,
        }
        # points of a whole-points company without a fraction as whole
        # numbers ("280"); a figure with one (booked before the company
        # counted whole points) keeps its decimals. The setting is read by
        # PostgreSQL in the COPY itself (once: an uncorrelated sub-select).
        self.env["res.company"].flush_model(["retail_points_precision"])
        whole = SQL(
            "(SELECT retail_points_precision = 'whole' FROM res_company WHERE id = %s)",
            self.env.company.id,
        )

        def format_column(key, kind, col):
            if kind == "number" and key not in MONEY_COLUMNS:
                return SQL(
                    "CASE WHEN %s AND round(%s::numeric, %s) = trunc(%s::numeric) "
                    "THEN trunc(%s::numeric)::text ELSE %s END",
                    whole,
                    col,
                    digits,
                    col,
                    col,
                    formats["number"](col),
                )
            return formats[kind](col)

        names = [SQL.identifier(f"c{index}") for index in range(len(columns))]
        return SQL(
            "SELECT %s FROM (%s) AS report(%s)",
            SQL(", ").join(
                format_column(key, kind, SQL("report.%s", name))
                for name, (key, _label, kind) in zip(names, columns, strict=True)
            ),
            query,
            SQL(", ").join(names),
        )

    @api.model
    def _stream_csv(self, columns, query, csv_format="comma"):
        """The CSV file in chunks of UTF-8 bytes: a header row, then the rows
        (``csv_format``: see ``CSV_FORMATS``).

        PostgreSQL writes the rows itself (``COPY ... TO STDOUT``): formatting
        rows in Python costs more than reading them, and the file must come
        within 1.5x of the query's time (a scale target of the project). The
        output is spooled (memory up to ``CSV_SPOOL_SIZE``, then a temporary
        file) and sent in chunks.
        """
        delimiter, decimal_point, prefix, date_pattern = self._get_csv_dialect(
            csv_format
        )
        buffer = io.StringIO(prefix)
        buffer.seek(len(prefix))
        csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow(
            [label for _key, label, _kind in columns]
        )
        yield buffer.getvalue().encode()
        cr = self.env.cr
        copy = SQL(
            "COPY (%s) TO STDOUT WITH (FORMAT csv, DELIMITER %s)",
            self._get_csv_query(query, columns, decimal_point, date_pattern),
            delimiter,
        )
        with tempfile.SpooledTemporaryFile(max_size=CSV_SPOOL_SIZE) as spool:
            # COPY takes no query parameters: the driver binds them first.
            cr.copy_expert(cr.mogrify(copy.code, copy.params).decode(), spool)
            spool.seek(0)
            while chunk := spool.read(CSV_CHUNK):
                yield chunk

    @api.model
    def _get_report_label(self, report):
        return dict(self._get_report_selection())[report]

    @api.model
    def _get_report_selection(self):
        return [
            ("balances", _("Reward point balances")),
            ("recent", _("Balances and recent transactions")),
            ("addresses", _("Addresses")),
            ("contacts", _("E-mails and phones")),
            ("activity", _("Points activity")),
            ("rules", _("Points by earning rule")),
        ]
