# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging
import math
import time
from collections import defaultdict
from operator import itemgetter

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import _, _lt, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import (
    SQL,
    float_compare,
    float_is_zero,
    float_round,
    formatLang,
    groupby,
)
from odoo.tools.translate import code_translations

from ..tools.dates import format_date_lang
from ..tools.records import cache_inserted, insert_values

_logger = logging.getLogger(__name__)

POINT_KINDS = [
    ("opening", "Opening balance"),
    ("earn", "Earned"),
    ("redeem", "Redeemed"),
    ("adjust", "Adjustment"),
    ("expire", "Expired"),
    ("reverse", "Reversed"),
    ("merge", "Merge"),
    ("transfer", "Transfer"),
    ("bonus", "Bonus"),
    ("erase", "Erased"),
]
#: Kinds that count towards lifetime earned points (the tier).
EARNED_KINDS = ("opening", "earn", "reverse")
#: Kinds whose points can expire (lots consumed oldest first); they get an
#: expiry date from the company's validity when booked. Bonuses (birthday,
#: welcome, referral) expire like earned points but do not count towards the
#: lifetime points: tiers reflect purchases.
EXPIRING_KINDS = ("opening", "earn", "bonus")
#: Kinds of the lots the expiry consumes: the above, and the lots a transfer
#: brings along with the expiry dates they had on the partner they came from.
LOT_KINDS = EXPIRING_KINDS + ("transfer",)
#: Which entries consume the lots (see ``_get_points_to_expire``): every
#: negative entry, the expiry's corrections (``expire`` entries of positive
#: points, keyed ``EXPIRED_PREFIX``), which give back to the lots what an
#: expiry took of points a refund takes back later, and the reversals given
#: back (a credit note cancelled: positive ``reverse``), which give back to
#: the lots what their reversal had consumed.
CONSUMING = "(points < 0 OR kind IN ('expire', 'reverse'))"
#: Key prefix of an expiry's correction: ``expired:<key of the take-back>``
#: (:meth:`RetailPointEntry._retail_book_expired_part`).
EXPIRED_PREFIX = "expired:"
#: Key prefix of the expiry job's entries:
#: ``expire:<customer>:<date>:<company>``.
EXPIRY_KEY_PREFIX = "expire:"
#: Kinds a manager may book by creating entries through the ORM (the
#: standard import, the external API); every other kind belongs to a document
#: or a job of the application.
# the most points a person books at once (an adjustment, a redemption, an
# imported opening balance), and the most any booking moves: the balances add
# up in floating point, exact to the hundredth well below 1e14
MAX_MANUAL_POINTS = 1e9
MAX_BOOKED_POINTS = 1e12
API_KINDS = ("opening", "adjust", "redeem")
#: Values such an entry may carry; the rest (date, user, expiry, source
#: document) is decided by the server.
API_FIELDS = frozenset(
    (
        "partner_id",
        "points",
        "kind",
        "note",
        "origin",
        "amount",
        "currency_id",
        "company_id",
        "idempotency_key",
    )
)
#: Descriptions the application writes (``origin_code``), shown in the
#: reader's language from their parameters (``origin_params``); the stored
#: ``origin`` keeps the English text for SQL and CSV readers. A description
#: typed by a person (a reference, a file name) has no code and stays as typed.
ORIGIN_TERMS = {
    "manual_adjust": _lt("Manual adjustment"),
    "manual_redeem": _lt("Manual redemption"),
    "opening_import": _lt("Opening balance import"),
    "merge": _lt("Merge"),
    "transfer": _lt("Transfer"),
    "expiry": _lt("Expiry %(date)s"),
    "welcome": _lt("Welcome bonus"),
    "birthday": _lt("Birthday bonus %(year)s"),
    "referral": _lt("Referral of %(customer)s"),
    "erase": _lt("Balance closed: personal data erased"),
    "expired_refund": _lt("Expired points of %(origin)s, taken back"),
    "expired_giveback": _lt("Expired points of %(origin)s, given back"),
}
#: Notes the application writes (``note_code``), shown in the reader's
#: language from their parameters (``note_params``) like the descriptions;
#: the stored ``note`` keeps the English text. A note typed by a person
#: (the reason of an adjustment, a note of an import row) has no code. The
#: bridges add theirs by extending ``_retail_text_terms``.
NOTE_TERMS = {
    "opening_balance": _lt("Opening balance"),
    "transfer": _lt("Points of %(origin_partner)s moved to %(target)s."),
    "merge": _lt("Merged %(sources)s into this customer."),
    "merge_welcome": _lt(
        "Welcome bonus earned before the merge, by %(source)s: not earned again."
    ),
    "merge_referral": _lt(
        "Referral bonus earned before the merge, for %(source)s: not earned again."
    ),
    "merge_birthday": _lt(
        "Birthday bonus of %(year)s earned before the merge, by %(source)s: not "
        "earned again that year."
    ),
    "merge_welcome_both": _lt(
        "Welcome bonus also earned before the merge, by %(source)s: one person, "
        "one bonus. One of them taken back is not given back while the other "
        "stands."
    ),
    "merge_referral_both": _lt(
        "Referral bonus also earned before the merge, for %(source)s: one "
        "person, one bonus. One of them taken back is not given back while the "
        "other stands."
    ),
    "expired_refund": _lt(
        "%(points)s of the %(taken)s points taken back had expired already: "
        "they are not taken a second time."
    ),
    "expired_giveback": _lt(
        "%(points)s of the %(taken)s points given back had expired already: "
        "they expire again."
    ),
}
#: Parameters of ``ORIGIN_TERMS`` that are dates (ISO), written in the
#: reader's format.
ORIGIN_DATE_PARAMS = frozenset(("date",))
#: Balance fields of ``res.partner`` maintained in SQL by the posting only.
BALANCE_FIELDS = ("reward_points", "reward_points_earned")
#: Key of ``cr.cache`` counting the writes of balances made through this
#: cursor (see ``RetailPointEntry._retail_balance_writes``).
BALANCE_WRITES = "crm_retail_customers.balance_writes"
#: Kinds booked also on an archived customer: what the ledger takes back or
#: moves (archiving a customer must not keep points a refund takes back).
KINDS_WHILE_ARCHIVED = ("expire", "merge", "transfer", "reverse", "erase")
#: Customers one run of the points expiry job books (see
#: ``_cron_expire_reward_points``): about 10 s at 1 million customers and 10
#: million entries (setup/bench_jobs.py), well within the default 120 s
#: limit of a cron run.
EXPIRY_BATCH = 10000
#: Customers (by id) whose ledger one step of the expiry job reads at once:
#: about 200,000 entries at 10 a customer, well under a second.
EXPIRY_SCAN = 20000
#: A run of the expiry job starts no new slice after this many seconds and
#: lets the next run go on (the default cron time limit is 120 s).
EXPIRY_RUN_SECONDS = 60
#: Where a run of the expiry job stopped: ``<date>:<last customer id>``.
EXPIRY_CURSOR_PARAM = "crm_retail_customers.expiry_cursor"
#: Messages of each kind one run of the customer messages job sends.
MESSAGE_BATCH = 1000
#: Points expiring within this many days are announced to the customer.
EXPIRY_REMINDER_DAYS = 30


class RetailPointEntry(models.Model):
    """One line of the reward points ledger.

    The ledger is insert-only: nobody, managers included, writes or deletes an
    entry; a correction is a new entry. Every entry is booked through
    ``res.partner._post_reward_points`` (also when created through the ORM by
    an import or the external API), which locks the customer row and keeps the
    stored balance equal to the sum of the entries.

    The rules of the ledger live here: posting (:meth:`_book_points`, to which
    ``_post_reward_points`` delegates, and :meth:`_prepare_reward_points`),
    transfers between customers (:meth:`_transfer_balance`) and the expiry of
    points (:meth:`_cron_expire_reward_points`); the tier a booking moves the
    customer to is ``retail.tier``'s.
    """

    _name = "retail.point.entry"
    _description = "Reward Point Entry"
    _order = "date desc, id desc"
    _rec_name = "origin"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    date = fields.Datetime(
        required=True, index=True, readonly=True, default=fields.Datetime.now
    )
    kind = fields.Selection(POINT_KINDS, required=True, index=True, readonly=True)
    points = fields.Float(digits="Reward Points", required=True, readonly=True)
    amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Amount of money the points are based on.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        default=lambda self: self.env.company.currency_id,
    )
    origin = fields.Char(
        "Source Document", readonly=True, help="Document number shown to people."
    )
    origin_code = fields.Char(
        "Description Code",
        readonly=True,
        help="Set when the application wrote the description: it is shown "
        "in the reader's language.",
    )
    origin_params = fields.Json("Description Parameters", readonly=True)
    description = fields.Char(
        compute="_compute_description",
        help="The source document, or what the application booked, in your language.",
    )
    res_model = fields.Char("Source Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        "Source Record", model_field="res_model", readonly=True, index=True
    )
    expiry_date = fields.Date(readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Booked by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    note = fields.Text(
        "Stored Note",
        readonly=True,
        help="As typed, or in English when the application wrote it (for SQL "
        "and CSV readers).",
    )
    note_code = fields.Char(
        readonly=True,
        help="Set when the application wrote the note: it is shown in the "
        "reader's language.",
    )
    note_params = fields.Json("Note Parameters", readonly=True)
    note_text = fields.Text(
        "Note",
        compute="_compute_note_text",
        help="The note as typed, or what the application noted, in your language.",
    )
    idempotency_key = fields.Char(
        readonly=True,
        copy=False,
        help="Identifies the source event: the same event is never booked twice.",
    )
    customer_group_id = fields.Many2one(
        "retail.customer.group",
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Group of the customer when the entry was booked.",
    )
    detail_ids = fields.One2many(
        "retail.point.entry.detail",
        "entry_id",
        string="Points by Rule",
        readonly=True,
        help="The earning rules that gave the points of this entry, as they "
        "were when it was booked.",
    )

    _sql_constraints = [
        (
            "idempotency_key_unique",
            "UNIQUE(idempotency_key)",
            "This event has already been booked.",
        ),
    ]

    @api.depends("origin", "origin_code", "origin_params")
    @api.depends_context("lang")
    def _compute_description(self):
        lang = self.env.lang or "en_US"
        render = self._retail_text_renderer(lang)
        for entry in self:
            entry.description = render(
                entry.origin_code, entry.origin_params, entry.origin, entry.id
            )

    @api.depends("note", "note_code", "note_params")
    @api.depends_context("lang")
    def _compute_note_text(self):
        lang = self.env.lang or "en_US"
        render = self._retail_text_renderer(lang)
        for entry in self:
            entry.note_text = render(
                entry.note_code, entry.note_params, entry.note, entry.id
            )

    @api.model
    def _retail_text_terms(self):
        """``{code: term}`` of the descriptions and notes the application
        writes in the ledger (``origin_code``, ``note_code``). Each term is
        an ``_lt`` of the addon that writes it, translated from that addon's
        files; bridges add theirs by extending this method."""
        return {
            **ORIGIN_TERMS,
            **{f"note_{code}": term for code, term in NOTE_TERMS.items()},
        }

    @api.model
    def _retail_text_renderer(self, lang):
        """A function ``(code, params, stored, entry_id) -> text`` that shows
        a description or note of the ledger in ``lang``: the text of
        ``code`` with ``params`` when the application wrote it, else
        ``stored`` as typed. Parameters not as the application writes them
        (a row changed in SQL) show ``stored``. Each distinct code and
        parameters is rendered once: a list of thousands of entries
        written by a few jobs costs a few renderings."""
        terms = self._retail_text_terms()
        rendered = {}

        def render(code, params, stored, entry_id=None):
            if code not in terms:
                return stored
            cache_key = (code, repr(params))
            if cache_key not in rendered:
                try:
                    rendered[cache_key] = self._render_origin(code, params or {}, lang)
                except (AssertionError, KeyError, TypeError, ValueError):
                    _logger.warning(
                        "Ledger entry %s: bad description parameters", entry_id
                    )
                    rendered[cache_key] = None
            text = rendered[cache_key]
            return stored if text is None else text

        return render

    @api.model
    def _render_origin(self, code, params, lang):
        """The description or note ``code`` (``_retail_text_terms``) with
        ``params`` in ``lang``: the translation of the addon that wrote it,
        dates as the language writes them (Solar Hijri for Persian,
        ``tools/dates.py``); English and ISO dates for ``en_US``
        readers of the stored column (``lang=None``)."""
        term = self._retail_text_terms()[code]
        source = term._source
        text = source
        if lang and lang != "en_US":
            text = code_translations.get_python_translations(term._module, lang).get(
                source, source
            )
        values = dict(params)
        if lang:
            for name in ORIGIN_DATE_PARAMS & set(values):
                values[name] = format_date_lang(self.env, values[name], lang_code=lang)
        try:
            return text % values if values else text
        except (KeyError, TypeError, ValueError):
            return source % dict(params) if params else source

    @api.model
    def _retail_text_vals(self, field, code, params):
        """``{field: English text, field_code: code, field_params: params}``
        of a text the application writes (``field`` ``origin`` or ``note``,
        ``code`` a key of ``_retail_text_terms``)."""
        params = {
            name: fields.Date.to_string(value) if name in ORIGIN_DATE_PARAMS else value
            for name, value in params.items()
        }
        return {
            field: self._render_origin(code, params, None),
            f"{field}_code": code,
            f"{field}_params": params or False,
        }

    @api.model
    def _origin_vals(self, code, **params):
        """Values of an entry whose description the application writes:
        ``origin`` (English, for SQL and CSV readers), ``origin_code`` and
        ``origin_params`` (shown in the reader's language)."""
        return self._retail_text_vals("origin", code, params)

    @api.model
    def _note_vals(self, code, **params):
        """Values of an entry whose note the application writes: ``note``
        (English, for SQL and CSV readers), ``note_code`` and
        ``note_params`` (shown in the reader's language). ``code`` is a key
        of ``NOTE_TERMS`` (or a bridge's, see ``_retail_text_terms``)
        without its ``note_`` prefix."""
        return self._retail_text_vals("note", f"note_{code}", params)

    def _compute_display_name(self):
        kinds = dict(POINT_KINDS)
        for entry in self:
            entry.display_name = entry.description or _(
                "%(kind)s %(points)s", kind=kinds.get(entry.kind), points=entry.points
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Imports and the external API book through the posting method, with
        the same lock, balance update and checks as every other caller."""
        if not vals_list:
            return super().create(vals_list)
        entries = self.browse()
        for vals in vals_list:
            vals = self._prepare_api_vals(vals)
            partner = self.env["res.partner"].browse(vals.pop("partner_id", False))
            if not partner.exists():
                raise UserError(_("A reward point entry needs a customer."))
            entries |= partner._post_reward_points(
                vals.pop("points", 0.0), vals.pop("kind", False), **vals
            )
        return entries

    @api.model
    def _prepare_api_vals(self, vals):
        """Values of an entry created through the ORM by a person (import,
        external API), checked: only the manual kinds, none of the values the
        server decides, and an idempotency key of their own namespace
        (``manual:``) so that it can never take the key of a document's or a
        job's future event."""
        vals = dict(vals)
        if vals.get("kind") not in API_KINDS:
            labels = dict(self._fields["kind"]._description_selection(self.env))
            raise UserError(
                _(
                    "Entries of kind %(kind)s are booked by the application "
                    "only; book an opening balance, an adjustment or a "
                    "redemption instead.",
                    kind=labels.get(vals.get("kind"), vals.get("kind")),
                )
            )
        extra = sorted(set(vals) - API_FIELDS)
        if extra:
            raise UserError(
                _(
                    "%(fields)s of a reward point entry are set by the "
                    "application, not by hand.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        if name in self._fields
                        else name
                        for name in extra
                    ),
                )
            )
        self._retail_check_points_value(vals.get("points"))
        company = self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )
        if vals["kind"] in ("adjust", "redeem"):
            # a whole-points company redeems and adjusts whole points only
            company._retail_check_whole_points(vals.get("points") or 0.0)
        if vals["kind"] == "redeem":
            self._retail_check_api_redemption(vals, company)
        if vals.get("idempotency_key"):
            vals["idempotency_key"] = f"manual:{vals['idempotency_key']}"
        return vals

    @api.model
    def _retail_check_api_redemption(self, vals, company):
        """A redemption booked through the API takes points (negative), from
        a customer who may redeem, as the redemption of the points wizard:
        a positive one would create points without the reason an
        adjustment needs, and a non-member's frozen balance cannot be
        spent. (A till's give-back of a refund is booked by the till, not
        here.)"""
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if float_compare(vals.get("points") or 0.0, 0.0, precision_digits=digits) >= 0:
            raise UserError(
                _(
                    "A redemption takes points: its points are negative. Book "
                    "an adjustment, with its reason, to add points."
                )
            )
        partner = self.env["res.partner"].browse(vals.get("partner_id") or [])
        if partner.exists():
            partner._retail_check_may_redeem(company)

    @api.model
    def _retail_check_points_value(self, points, maximum=None):
        """Refuse a number of points that is not a finite number or beyond
        ``maximum`` (``MAX_MANUAL_POINTS`` for what a person types or
        imports, ``MAX_BOOKED_POINTS`` for any booking): the balances add
        up in floating point, exact to the hundredth only well below that,
        and a JSON client may send ``NaN`` or ``Infinity``."""
        maximum = maximum or MAX_MANUAL_POINTS
        if isinstance(points, bool) or not isinstance(points, int | float):
            valid = points in (None, False)
        else:
            valid = math.isfinite(points) and abs(points) <= maximum
        if not valid:
            raise UserError(
                _(
                    "%(points)s is not a number of reward points that can be "
                    "booked: at most %(max)s points, up or down.",
                    points=points,
                    max=formatLang(self.env, maximum, digits=0),
                )
            )

    @api.model
    def _create_posted(self, vals, balances, also=()):
        """Insert an entry prepared by :meth:`_book_points` (private), with its
        points by rule (``detail_ids``: ``(0, 0, values)`` commands), and set
        the customer's stored balances ``(customer id, balance, lifetime
        points)``, in ONE statement: the ledger is insert-only and a till
        books on every sale with a customer (``tools.records`` says what of
        ``create`` is kept).

        ``also``: data-modifying ``SQL`` statements of the caller's own
        (``UPDATE``), run in that same statement; the caller keeps its cache
        true (see :meth:`_book_points`).

        :return: the entry
        """
        vals = dict(vals)
        details = [command[2] for command in vals.pop("detail_ids", None) or ()]
        Detail = self.env["retail.point.entry.detail"].with_env(self.env)
        columns, rows, params, (vals,) = insert_values(self, [vals])
        query = (
            f"WITH entry AS (INSERT INTO retail_point_entry ({columns}) "
            f"VALUES {rows} RETURNING id)"
        )
        if details:
            # the amounts rounded in the entry's currency, as the ORM rounds
            # a detail's amount (the currency is the entry's)
            currency = self.env["res.currency"].browse(vals.get("currency_id"))
            if currency:
                details = [
                    dict(detail, amount=currency.round(detail["amount"]))
                    if "amount" in detail
                    else detail
                    for detail in details
                ]
            detail_columns, detail_rows, detail_params, details = insert_values(
                Detail, details, {"entry_id": "(SELECT id FROM entry)"}
            )
            query += (
                ", detail AS (INSERT INTO retail_point_entry_detail "
                f"({detail_columns}) VALUES {detail_rows} RETURNING id)"
            )
            params += detail_params
        for index, statement in enumerate(also):
            query += f", also_{index} AS ({statement.code})"
            params += list(statement.params)
        query += (
            ", balance AS (UPDATE res_partner SET reward_points = %s, "
            "reward_points_earned = %s WHERE id = %s) "
            "SELECT (SELECT id FROM entry), "
            + ("ARRAY(SELECT id FROM detail ORDER BY id)" if details else "'{}'::int[]")
        )
        customer_id, balance, earned = balances
        self._retail_count_balance_write()
        self.env.cr.execute(query, [*params, balance, earned, customer_id])
        entry_id, detail_ids = self.env.cr.fetchone()
        entry = cache_inserted(self, [entry_id], [vals])
        cache_inserted(
            Detail, detail_ids, [dict(detail, entry_id=entry_id) for detail in details]
        )
        self.env["res.partner"].browse(customer_id).invalidate_recordset(
            list(BALANCE_FIELDS)
        )
        return entry

    # -- posting (res.partner._post_reward_points delegates here) -------------
    @api.model
    def _book_points(self, partner, points, kind, also=(), locked=None, **vals):
        """Book on this very ``partner`` (see
        ``res.partner._post_reward_points``, the entry point, which passes
        the commercial partner; only a transfer books on a partner that is no
        longer a commercial entity, to empty it).

        The partner row is locked (``res.partner._retail_lock``'s lock, taken
        with the lookup of the idempotency key: :meth:`_retail_lock_booking`)
        and its stored balance updated in the same transaction; the tier
        follows (``retail.tier._update_customer_tier``).

        ``also``: ``SQL`` updates of the caller's that belong to this booking
        (a till's sale keeps the points of each line): written in the
        statement that posts, and only when an entry is posted now (not for
        a key booked before). Code only, never values of a request; the
        caller flushes what they update first and invalidates it after.

        ``locked``: what the caller's own statement read of ``partner`` and
        of the key while taking the customer's lock, in this transaction
        (:meth:`_retail_lock_state_sql`, :meth:`_retail_locked_state`): used
        instead of locking and reading again when nothing wrote a balance
        since (:meth:`_retail_balance_writes`), else ignored. A till's sale
        reads it with the rest of its booking: one round trip less on every
        sale with a customer.
        """
        partner.ensure_one()
        kinds = dict(POINT_KINDS)
        if kind not in kinds:
            raise UserError(
                _("Unknown kind of reward point entry: %(kind)s.", kind=kind)
            )
        key = vals.get("idempotency_key")
        if self._retail_locked_state_holds(partner, key, locked):
            balance, earned, existing = locked["state"]
        else:
            balance, earned, existing = self._retail_lock_booking(partner, key)
        if existing:
            entry_id, existing_kind, holders = existing
            if existing_kind != kind:
                raise UserError(
                    _(
                        "The key %(key)s names another kind of event; "
                        "nothing was booked.",
                        key=key,
                    )
                )
            if partner.id not in holders:
                raise UserError(
                    _(
                        "The event %(key)s was already booked for another "
                        "customer; it cannot be booked for %(customer)s.",
                        key=key,
                        customer=partner.display_name,
                    )
                )
            return self.browse(entry_id)
        # a bonus taken back (negative) is taken back from an archived
        # holder too, as a refund's reversal is: it never blocks the refund
        # (or one of 0 points: a merge's mark that a bonus was earned before)
        revoked_bonus = kind == "bonus" and (points or 0.0) <= 0
        if (
            not partner.active
            and kind not in KINDS_WHILE_ARCHIVED
            and not revoked_bonus
        ):
            raise UserError(
                _(
                    "%(customer)s is archived; no points can be booked.",
                    customer=partner.display_name,
                )
            )
        company = self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )
        partner._retail_check_company(company)
        self._retail_check_points_value(points, MAX_BOOKED_POINTS)
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        points = float_round(points or 0.0, precision_digits=digits)
        points = self._prepare_reward_points(
            partner, points, kind, balance, company, vals
        )
        if vals.get("note") is not None and not (vals["note"] or "").strip():
            vals.pop("note")
        if kind in EXPIRING_KINDS and points > 0 and not vals.get("expiry_date"):
            months = company.retail_points_validity_months
            if months:
                booked = fields.Datetime.to_datetime(
                    vals.get("date") or fields.Datetime.now()
                )
                vals["expiry_date"] = booked.date() + relativedelta(months=months)
        if vals.get("detail_ids"):
            # the points by rule carry the entry's customer, company and date
            vals["detail_ids"] = [
                (
                    command[0],
                    command[1],
                    dict(
                        command[2],
                        partner_id=partner.id,
                        company_id=company.id,
                        date=vals.get("date") or fields.Datetime.now(),
                    ),
                )
                for command in vals["detail_ids"]
            ]
        new_earned = earned + (points if kind in EARNED_KINDS else 0.0)
        entry = self._create_posted(
            dict(
                vals,
                partner_id=partner.id,
                company_id=company.id,
                kind=kind,
                points=points,
                customer_group_id=partner.customer_group_id.id,
            ),
            (
                partner.id,
                float_round(balance + points, precision_digits=digits),
                float_round(new_earned, precision_digits=digits),
            ),
            also,
        )
        if kind in EARNED_KINDS:
            self.env["retail.tier"]._update_customer_tier(partner, new_earned, company)
        return entry

    @api.model
    def _retail_lock_booking(self, partner, key):
        """Take the customer's lock (the lock of ``res.partner._retail_lock``:
        the same row, the same strength) and look the idempotency ``key`` up,
        in one query: every booking does both.

        The key is looked up in SQL, without access rules (as sudo would):
        whoever books an event must see an earlier booking of it even in a
        company they cannot read; only the entry's id, kind and holder are
        used.

        :return: ``(balance, lifetime points, existing)``: the customer's
            balances as locked and, when ``key`` is booked already,
            ``existing`` is ``(entry id, kind, ids of its holder and of the
            holder's commercial partner)``, else ``None``
        """
        self.env.cr.execute(
            SQL("SELECT %s", self._retail_lock_state_sql(partner, key)),
            log_exceptions=False,
        )
        state = self._retail_lock_state_of(self.env.cr.fetchone()[0])
        partner.invalidate_recordset(list(BALANCE_FIELDS))
        return state

    @api.model
    def _retail_lock_state_sql(self, partner, key):
        """The expression that locks ``partner``'s row and reads what a
        booking under ``key`` needs (see :meth:`_retail_lock_booking`), as a
        JSON array: for a caller that reads it with its own statement and
        hands it to the posting (:meth:`_retail_locked_state`)."""
        self.flush_model(["idempotency_key", "kind", "partner_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        return SQL(
            """
            (SELECT json_build_array(p.reward_points, p.reward_points_earned,
                                     e.id, e.kind, h.id, h.commercial_partner_id)
               FROM res_partner p
          LEFT JOIN retail_point_entry e ON e.idempotency_key = %s
          LEFT JOIN res_partner h ON h.id = e.partner_id
              WHERE p.id = %s
                FOR NO KEY UPDATE OF p)
            """,
            key or None,
            partner.id,
        )

    @api.model
    def _retail_lock_state_of(self, row):
        """``(balance, lifetime points, existing)`` of a row of
        :meth:`_retail_lock_state_sql` (see :meth:`_retail_lock_booking`)."""
        balance, earned, entry_id, kind, holder, commercial = row
        existing = (entry_id, kind, {holder, commercial}) if entry_id else None
        return balance or 0.0, earned or 0.0, existing

    @api.model
    def _retail_locked_state(self, partner, key, row):
        """What a caller read with :meth:`_retail_lock_state_sql` for
        ``partner`` and ``key`` (``row``), as ``_book_points`` takes it
        (``locked``): true as long as no balance is written (the row is
        locked: only this transaction could)."""
        return {
            "partner_id": partner.id,
            "key": key,
            "state": self._retail_lock_state_of(row),
            "writes": self._retail_balance_writes(),
        }

    @api.model
    def _retail_locked_state_holds(self, partner, key, locked):
        """Whether ``locked`` (:meth:`_retail_locked_state`) is still what a
        booking of ``partner`` under ``key`` would read: read for them, and
        no balance written since."""
        return bool(
            locked
            and locked["partner_id"] == partner.id
            and locked["key"] == key
            and locked["writes"] == self._retail_balance_writes()
        )

    @api.model
    def _retail_balance_writes(self):
        """How many times balances were written through this cursor (every
        posting, :meth:`_create_posted`, and the expiry's batch): a balance
        read under the customer's lock is still true while this number has
        not changed."""
        return self.env.cr.cache.get(BALANCE_WRITES, 0)

    @api.model
    def _retail_count_balance_write(self):
        """Count a write of balances (see :meth:`_retail_balance_writes`),
        before it is made: a write that fails counts all the same."""
        cache = self.env.cr.cache
        cache[BALANCE_WRITES] = cache.get(BALANCE_WRITES, 0) + 1

    @api.model
    def _prepare_reward_points(self, partner, points, kind, balance, company, vals):
        """The points to book for ``partner`` (whose locked balance is
        ``balance``): what the ledger rules do not allow is refused, and a
        refund is capped at the balance when negative balances are off.
        """
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        zero = float_is_zero(points, precision_digits=digits)
        if kind == "earn" and points < 0:
            raise UserError(_("Earned points cannot be negative."))
        if kind == "opening" and points < 0:
            raise UserError(_("An opening balance cannot be negative."))
        if kind in ("earn", "opening", "adjust", "redeem", "reverse") and zero:
            if kind == "adjust":
                raise UserError(_("An adjustment needs a number of points."))
            if kind in ("redeem", "reverse"):
                raise UserError(_("Enter the number of points to book."))
        if kind == "adjust" and not (vals.get("note") or "").strip():
            raise UserError(_("An adjustment needs a reason."))
        correction = (vals.get("idempotency_key") or "").startswith(EXPIRED_PREFIX)
        if kind == "expire" and points > 0 and not correction:
            raise UserError(_("Expired points must be negative."))
        if kind == "erase":
            # the closing entry of an erasure (res.partner._retail_forget)
            # books exactly what closes the balance in its company (a shared
            # customer holds points in several), nothing else
            self.flush_model(["partner_id", "company_id", "points"])
            self.env.cr.execute(
                "SELECT COALESCE(SUM(points), 0) FROM retail_point_entry "
                "WHERE partner_id = %s AND company_id = %s",
                [partner.id, company.id],
            )
            held = self.env.cr.fetchone()[0]
            if float_compare(points + held, 0.0, precision_digits=digits):
                raise UserError(_("An erasure closes the whole balance, no more."))
        overdraws = float_compare(-points, balance, precision_digits=digits) > 0
        if kind == "redeem" and points < 0 and overdraws:
            raise UserError(
                _(
                    "Cannot redeem %(points)s points: %(customer)s has only "
                    "%(balance)s.",
                    points=-points,
                    customer=partner.display_name,
                    balance=balance,
                )
            )
        if (
            kind in ("reverse", "adjust", "bonus")
            and points < 0
            and overdraws
            and not company.retail_allow_negative_balance
        ):
            if kind == "adjust":
                raise UserError(
                    _(
                        "This adjustment would make the balance of %(customer)s "
                        "negative, which the company does not allow.",
                        customer=partner.display_name,
                    )
                )
            # a refund, or a bonus taken back (the POS bridge's
            # _retail_revoke_bonuses), is never refused: take back what is left
            points = -max(balance, 0.0)
        return points

    # -- transfers: points follow the customer ----------------------------------
    @api.model
    def _transfer_balance(self, partner, target, company=None):
        """Move ``partner``'s whole balance to ``target`` through a pair of
        ``transfer`` entries (the ledger stays insert-only): one out of the
        partner, and one into ``target`` per expiry date of the points that
        were still to expire there, so that they expire on the same day.
        One key per move: the partner and its last entry before the move.

        ``company``: the company whose ledger holds the balance
        (``res.partner._retail_points_company``); both sides are booked
        there, so that each company's ledger still adds up. Without it, each
        side in its customer's company, else the current one."""
        partner.ensure_one()
        self.flush_model()
        (partner | target)._retail_lock()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        balance = partner.reward_points
        if float_is_zero(balance, precision_digits=digits):
            return
        self.env.cr.execute(
            f"SELECT MAX(id), COALESCE(-SUM(points) FILTER (WHERE {CONSUMING}), 0) "
            "FROM retail_point_entry WHERE partner_id = %s",
            [partner.id],
        )
        last_entry, consumed = self.env.cr.fetchone()
        key = f"transfer:{partner.id}:{last_entry or 0}"
        common = {
            **self._origin_vals("transfer"),
            **self._note_vals(
                "transfer",
                origin_partner=partner.display_name,
                target=target.display_name,
            ),
        }
        lots = self._get_open_lots(partner, balance, consumed)
        company_id = (company or partner.company_id or self.env.company).id
        self._book_points(
            partner,
            -balance,
            "transfer",
            idempotency_key=f"{key}:out",
            company_id=company_id,
            **common,
        )
        company_id = (company or target.company_id or self.env.company).id
        for index, (expiry, points) in enumerate(lots):
            self._book_points(
                target,
                points,
                "transfer",
                idempotency_key=f"{key}:in:{index}",
                expiry_date=expiry,
                company_id=company_id,
                **common,
            )

    @api.model
    def _retail_consumed(self, partner):
        """Points (positive) the entries that consume lots (``CONSUMING``)
        took from ``partner``'s lots: what :meth:`_get_open_lots` is given."""
        self.flush_model(["partner_id", "points", "kind"])
        self.env.cr.execute(
            f"SELECT COALESCE(-SUM(points) FILTER (WHERE {CONSUMING}), 0) "
            "FROM retail_point_entry WHERE partner_id = %s",
            [partner.id],
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _get_open_lots(self, partner, balance, consumed):
        """``[(expiry date or None, points)]`` making up ``partner``'s
        ``balance``: the lots not yet consumed by the ``consumed`` points of
        the negative entries (earliest expiry first, as the expiry job
        counts), the rest without expiry. The open lots never exceed the
        balance: it is them plus the positive entries that are no lots."""
        self.env.cr.execute(
            """
            SELECT expiry_date, SUM(points)
              FROM retail_point_entry
             WHERE partner_id = %s AND kind IN %s AND points > 0
               AND expiry_date IS NOT NULL
          GROUP BY expiry_date
          ORDER BY expiry_date
            """,
            [partner.id, LOT_KINDS],
        )
        lots = self.env.cr.fetchall()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        result = []
        if balance > 0:
            for expiry, points in lots:
                used = min(points, consumed)
                consumed -= used
                if float_compare(points - used, 0.0, precision_digits=digits) > 0:
                    result.append((expiry, float_round(points - used, digits)))
        rest = float_round(balance - sum(p for _e, p in result), digits)
        if not float_is_zero(rest, precision_digits=digits):
            result.append((None, rest))
        return result

    # -- expiry ---------------------------------------------------------------
    @api.model
    def _get_points_to_expire(self, until, partner_ids=None):
        """Points of each customer that expire on or before ``until``.

        Earned and opening points are lots consumed oldest first by every
        negative entry (redemptions, reversals, negative adjustments and
        earlier expiries, less their corrections and the reversals given
        back: ``CONSUMING``). What the
        consumption has not covered of the lots expiring by ``until``
        expires, never more than the balance. A frozen
        balance (a customer who left the programme) does not expire.

        :return: ``{partner_id: points}`` (positive numbers)
        """
        where = "WHERE e.partner_id IN %s" if partner_ids is not None else ""
        if partner_ids is not None and not partner_ids:
            return {}
        self.flush_model()
        self.env.cr.execute(
            f"""
            SELECT e.partner_id,
                   COALESCE(SUM(e.points) FILTER (
                       WHERE e.kind IN %s AND e.points > 0
                         AND e.expiry_date <= %s), 0)
                   + COALESCE(SUM(e.points) FILTER (
                       WHERE e.points < 0 OR e.kind IN ('expire', 'reverse')), 0)
                       AS unconsumed,
                   MAX(p.reward_points) AS balance
              FROM retail_point_entry e
              JOIN res_partner p ON p.id = e.partner_id
              {where}
          GROUP BY e.partner_id
            """,
            [LOT_KINDS, until] + ([tuple(partner_ids)] if partner_ids else []),
        )
        due = {
            partner_id: min(unconsumed, balance)
            for partner_id, unconsumed, balance in self.env.cr.fetchall()
            if unconsumed > 0 and balance > 0
        }
        if not due:
            return due
        # frozen balances (customers who left the programme) do not expire
        frozen = set(self.env["res.partner"]._retail_frozen_ids(list(due)))
        return {key: value for key, value in due.items() if key not in frozen}

    @api.model
    def _retail_expired_part(self, partner, lot, points):
        """Of ``points`` (positive) about to be taken back from ``lot`` (the
        entry that booked them: a purchase's earned points, a bonus) on
        ``partner``, the part the expiry job took already, which a take-back
        must not take a second time; of ``points`` (negative) given back to
        ``lot`` (a credit note cancelled, an invoice posted again), the part
        the expiry would have taken (negative).

        A refund after the points' expiry date took them again before: the
        expiry had consumed them, then the reversal consumed as many of the
        customer's other points. The part is what the expiry would have
        taken less had ``lot`` been ``points`` smaller from the start: the
        job's rule (:meth:`_get_points_to_expire`) replayed over
        ``partner``'s ledger (:meth:`_retail_replay_rows`), once as it is
        and once with ``lot`` changed, the earlier take-backs and give-backs
        booked this way counted as changes of their lots too. Booking the
        part back (:meth:`_retail_book_expired_part`) with the take-back
        leaves the balance, and every later run of the job, as they would be
        had the points taken back never been booked.

        Nothing is read while ``lot`` has not reached its expiry date (a
        refund within the validity: the rule of almost every refund). The
        part is 0.0 (the take-back takes all, as before) when ``lot`` is not
        on ``partner``'s own ledger, or that ledger holds another customer's
        history (a merge, points transferred in): the replay could not tell
        whose lots the runs took, and guessing could give points away; nor
        while the balance is frozen (a customer who left the programme: the
        job takes nothing then, and takes what is due when they join again).
        """
        lot.ensure_one()
        today = fields.Date.context_today(self)
        if not lot.expiry_date or lot.expiry_date > today or not points:
            return 0.0
        partner = partner.commercial_partner_id
        if lot.partner_id != partner or partner._retail_frozen_ids(partner.ids):
            return 0.0
        # the ledger read is the one the take-back books on: no expiry run
        # nor other booking of the customer comes in between
        partner._retail_lock()
        # a give-back may find points a run found nothing to take of: the
        # days on which nothing was booked count too
        rows, removed = self._retail_replay_rows(partner, today if points < 0 else None)
        if rows is None or not any(
            row["run"] and row["run"] >= lot.expiry_date for row in rows
        ):
            return 0.0
        before = self._retail_replay_expiry(rows, removed)
        after = self._retail_replay_expiry(
            rows, removed + [(lot.id, lot.expiry_date, points)]
        )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        low, high = sorted((0.0, points))
        return float_round(min(max(before - after, low), high), precision_digits=digits)

    @api.model
    def _retail_replay_rows(self, partner, today):
        """``partner``'s ledger as :meth:`_retail_replay_expiry` replays it:
        ``(rows, removed)``, or ``(None, None)`` when it holds another
        customer's history (a ``merge`` entry, points transferred in, or a
        run of the job booked for another customer).

        ``rows``: the entries in booking order (dicts of ``id``, ``kind``,
        ``points``, ``expiry`` and ``run``: the day of the expiry job's run
        that booked it, from its key, :meth:`_retail_run_day`), without
        the take-backs and give-backs that were corrected
        (:meth:`_retail_book_expired_part`) nor their corrections, and, when
        ``today`` is given, with a run (no entry, ``id`` None) on each day
        before ``today`` on which a lot reached its expiry date and no run
        booked anything: the daily job ran then and found nothing to take,
        which points given back to a lot may change (points taken back
        never make a run take more). ``removed``: the corrected take-backs
        (give-backs: negative) as ``(lot id, lot's expiry date, points)``."""
        self.flush_model(
            [
                "partner_id",
                "date",
                "kind",
                "points",
                "expiry_date",
                "idempotency_key",
                "res_model",
                "res_id",
            ]
        )
        self.env.cr.execute(
            """
            SELECT e.id, e.kind, e.points, e.expiry_date, e.idempotency_key,
                   e.date::date, l.id, l.expiry_date
              FROM retail_point_entry e
         LEFT JOIN retail_point_entry l
                ON e.kind = 'expire' AND e.res_model = 'retail.point.entry'
               AND l.id = e.res_id
             WHERE e.partner_id = %s
          ORDER BY e.id
            """,
            [partner.id],
        )
        entries = self.env.cr.fetchall()
        own_run = f"{EXPIRY_KEY_PREFIX}{partner.id}:"
        for _id, kind, points, _expiry, key, *_rest in entries:
            key = key or ""
            if (
                kind == "merge"
                or (kind == "transfer" and points > 0)
                or (key.startswith(EXPIRY_KEY_PREFIX) and not key.startswith(own_run))
            ):
                return None, None
        lots = {
            key[len(EXPIRED_PREFIX) :]: (lot_id, lot_expiry)
            for _id, kind, _p, _e, key, _d, lot_id, lot_expiry in entries
            if kind == "expire" and (key or "").startswith(EXPIRED_PREFIX)
        }
        runs = {
            self._retail_run_day(key)
            for _id, kind, _p, _e, key, *_rest in entries
            if kind == "expire" and (key or "").startswith(EXPIRY_KEY_PREFIX)
        }
        quiet = sorted(
            {
                expiry
                for _id, kind, points, expiry, *_rest in entries
                if today
                and kind in LOT_KINDS
                and points > 0
                and expiry
                and expiry < today
            }
            - runs
        )
        rows, removed = [], []
        for entry_id, kind, points, expiry, key, day, _lot, _lot_expiry in entries:
            key = key or ""
            # a quiet run comes before the entries dated on its day (the job
            # may run at any hour): a redemption of that day must not seem
            # to have consumed a lot the run would have found expired, which
            # would leave the customer points they never had
            while quiet and day >= quiet[0]:
                rows.append({"id": None, "run": quiet.pop(0)})
            if key in lots:
                lot_id, lot_expiry = lots[key]
                removed.append((lot_id, lot_expiry, -points))
                continue
            if kind == "expire" and key.startswith(EXPIRED_PREFIX):
                continue
            run = None
            if kind == "expire" and key.startswith(EXPIRY_KEY_PREFIX):
                run = self._retail_run_day(key)
            rows.append(
                {
                    "id": entry_id,
                    "kind": kind,
                    "points": points,
                    "expiry": expiry,
                    "run": run,
                }
            )
        rows += [{"id": None, "run": day} for day in quiet]
        return rows, removed

    @staticmethod
    def _retail_run_day(key):
        """The day of the expiry job's run that booked the entry keyed
        ``key``: ``expire:<customer>:<day>:<company>``, or
        ``expire:<customer>:<day>`` before 17.0.2.21.0."""
        return fields.Date.to_date(key.split(":")[2])

    @api.model
    def _retail_replay_expiry(self, rows, removed):
        """Points the expiry job's runs (the ``rows`` with a ``run`` day, see
        :meth:`_retail_replay_rows`) would have taken in all from one
        customer's ledger ``rows``, by the job's rule: at a run, the lots due
        by its day less what the consuming entries (``CONSUMING``) took,
        never more than the balance; the runs' own entries replaced by what
        the rule gives. ``removed``: ``(lot id, lot's expiry date, points)``,
        lots of ``rows`` booked that many points smaller."""
        less = {}
        for lot_id, _expiry, points in removed:
            less[lot_id] = less.get(lot_id, 0.0) + points
        balance = consumed = expired = 0.0
        lots = []
        for row in rows:
            day = row["run"]
            if day:
                due = sum(value for lot_date, value in lots if lot_date <= day)
                unconsumed = due - consumed
                if unconsumed > 0 and balance > 0:
                    taken = min(unconsumed, balance)
                    expired += taken
                    balance -= taken
                    consumed += taken
                continue
            points = row["points"] - less.get(row["id"], 0.0)
            balance += points
            if row["points"] < 0 or row["kind"] in ("expire", "reverse"):
                consumed -= points
            elif row["kind"] in LOT_KINDS and row["expiry"]:
                lots.append((row["expiry"], points))
        return expired

    @api.model
    def _retail_book_expired_part(self, partner, lot, points, key, **vals):
        """Book back, before a take-back of ``points`` (positive) from
        ``lot`` on ``partner`` under ``key``, the part of them the expiry
        took already (:meth:`_retail_expired_part`): an ``expire`` entry of
        positive points keyed ``expired:<key>`` (``EXPIRED_PREFIX``), whose
        source is ``lot``, booked once, with ``vals`` (the take-back's
        company, date and ``origin``: the purchase, named in the
        description). Booked first, so that a company without negative
        balances caps the take-back at a balance that holds them.

        After a give-back of points to ``lot`` (``points`` negative: what a
        take-back took given back), the part the expiry would have taken of
        them expires at once (a negative ``expire`` entry under the same
        key scheme): booked after the give-back, it never takes the balance
        below where it was.

        Only a take-back (give-back) booked under ``key`` in the same
        transaction may be corrected this way: the replay of later ones
        counts it as ``lot`` made smaller (larger).

        :return: the points booked back (0.0 when none)
        """
        part = self._retail_expired_part(partner, lot, points)
        if not part:
            return 0.0
        origin = vals.pop("origin", None) or lot.origin or ""
        code = "expired_refund" if part > 0 else "expired_giveback"
        vals.update(self._origin_vals(code, origin=origin))
        digits = self.env["decimal.precision"].precision_get("Reward Points")

        def text(value):
            return f"{value:.{digits}f}".rstrip("0").rstrip(".")

        vals.update(
            self._note_vals(code, points=text(abs(part)), taken=text(abs(points)))
        )
        vals.update(res_model=self._name, res_id=lot.id)
        # sudo: the part is computed here from the customer's ledger, never
        # chosen by the user; whoever may book the take-back books it
        entry = partner.sudo()._post_reward_points(
            part, "expire", idempotency_key=f"{EXPIRED_PREFIX}{key}", **vals
        )
        return entry.points

    @api.model
    def _cron_expire_reward_points(
        self, batch_size=EXPIRY_BATCH, scan_size=EXPIRY_SCAN
    ):
        """Daily job: book ``expire`` entries for points past their date.

        One run books at most ``batch_size`` customers and, when more are
        due, triggers the job again at once: a long backlog (the first run
        after a validity is set on a register of 100k customers) is worked
        off in runs that each commit and stay within the cron time limit,
        instead of one run that is killed and rolled back every night.

        The ledger is read in slices of ``scan_size`` customers (by id,
        :meth:`_retail_expiry_due`), never whole: at 10 million entries a
        ``GROUP BY`` over all of them in every run made each run cost as much
        as the whole day. A run that stops before the end (batch full, or
        ``EXPIRY_RUN_SECONDS`` spent) records where it stopped in the
        parameter ``EXPIRY_CURSOR_PARAM`` (``<date>:<last customer id>``,
        committed with its bookings) and the next run goes on from there; a
        run killed half-way rolls back its bookings and its cursor alike, so
        the run after it does that slice again. The pass that reaches the
        last customer clears the cursor: a job run again the same day reads
        everything again, as it always did (the key
        ``expire:<customer>:<date>:<company>`` still books nobody twice).

        The due customers of a slice are booked together in set-based SQL
        (:meth:`_retail_book_expiry`), a few queries whatever their number:
        booking them one by one through the ORM took about 1.2 ms a customer.
        Customers locked by a till at that moment are skipped and the cursor
        stays before the first of them, so that the next run (triggered at
        once) books them.
        """
        today = fields.Date.context_today(self)
        # sudo: the job's own bookmark, read and written by the job only
        ICP = self.env["ir.config_parameter"].sudo()
        cursor = ICP.get_param(EXPIRY_CURSOR_PARAM) or ""
        day, _sep, last = cursor.partition(":")
        after = int(last) if day == str(today) and last.isdigit() else 0
        started = time.monotonic()
        booked = 0
        more = False
        while True:
            upto = self.env["res.partner"]._retail_slice_end(after, scan_size)
            due = self._retail_expiry_due(today, after, upto)
            room = batch_size - booked
            batch = self._retail_expiry_cut(due, room)
            done, skipped = self._retail_book_expiry(today, batch)
            booked += done
            if skipped:
                # the skipped customers are done again by the next run
                after = min(skipped) - 1
                more = True
                break
            if len(due) > len(batch):
                after = batch[-1][0] if batch else after
                more = True
                break
            if upto is None:
                break
            after = upto
            if booked >= batch_size or (
                time.monotonic() - started > EXPIRY_RUN_SECONDS
            ):
                more = True
                break
        ICP.set_param(EXPIRY_CURSOR_PARAM, f"{today}:{after}" if more else False)
        if more:
            self.env.ref("crm_retail_customers.ir_cron_expire_reward_points")._trigger()

    @api.model
    def _retail_expiry_due(self, today, after, upto=None):
        """``[(partner id, points due (positive), company id, customer group
        id, balance, currency id)]`` of the customers with
        ``after < id <= upto`` (no upper bound when ``upto`` is None) whose
        points expire on or before ``today``, by customer id and company id.

        What expires is the rule of :meth:`_get_points_to_expire` (lots
        consumed oldest first by every consuming entry, in any company;
        never more than the balance; frozen balances left alone), read over
        the entries of that slice only: the reminders and the take-back of
        expired points on a refund (:meth:`_retail_expired_part`) replay
        the same rule. It is taken out of the ledger of the company that
        holds the expired points (:meth:`_retail_share_expiry`), so that a
        shared customer's points earned in one company are not taken out of
        another's (the job's), which would leave the first owing points that
        no longer exist and the second booking breakage of points it never
        owed."""
        self.flush_model()
        self.env["res.partner"].flush_model(
            ["reward_points", "retail_member", "company_id", "customer_group_id"]
        )
        self.env["res.company"].flush_model(["retail_members_only", "currency_id"])
        self.env.cr.execute(
            """
            WITH parts AS (
                SELECT e.partner_id, e.company_id,
                       COALESCE(SUM(e.points) FILTER (
                           WHERE e.kind IN %(lots)s AND e.points > 0
                             AND e.expiry_date <= %(today)s), 0)
                       + COALESCE(SUM(e.points) FILTER (
                           WHERE e.points < 0
                              OR e.kind IN ('expire', 'reverse')), 0)
                           AS unconsumed,
                       SUM(e.points) AS held
                  FROM retail_point_entry e
                 WHERE e.partner_id > %(after)s
                   AND (%(upto)s IS NULL OR e.partner_id <= %(upto)s)
              GROUP BY e.partner_id, e.company_id
            ), due AS (
                SELECT parts.*,
                       SUM(parts.unconsumed) OVER (PARTITION BY parts.partner_id)
                           AS customer_unconsumed
                  FROM parts
            )
            SELECT p.id, due.company_id, due.unconsumed, due.held,
                   LEAST(due.customer_unconsumed, p.reward_points),
                   p.customer_group_id, p.reward_points, c.currency_id
              FROM due
              JOIN res_partner p ON p.id = due.partner_id
              JOIN res_company c ON c.id = due.company_id
              JOIN res_company pc ON pc.id = COALESCE(p.company_id, %(company)s)
             WHERE due.customer_unconsumed > 0 AND p.reward_points > 0
               AND NOT (pc.retail_members_only
                        AND NOT COALESCE(p.retail_member, FALSE))
          ORDER BY p.id, due.company_id
            """,
            {
                "lots": LOT_KINDS,
                "today": today,
                "after": after,
                "upto": upto,
                "company": self.env.company.id,
            },
        )
        rows = []
        for partner_id, parts in groupby(self.env.cr.fetchall(), key=itemgetter(0)):
            parts = list(parts)
            _pid, _c, _u, _h, due, group_id, balance, _cur = parts[0]
            shares = self._retail_share_expiry(
                float(due),
                [
                    (company_id, float(unconsumed), float(held))
                    for _p, company_id, unconsumed, held, *_rest in parts
                ],
            )
            currency_of = {part[1]: part[7] for part in parts}
            rows += [
                (
                    partner_id,
                    points,
                    company_id,
                    group_id,
                    float(balance),
                    currency_of[company_id],
                )
                for company_id, points in shares
            ]
        return rows

    @api.model
    def _retail_share_expiry(self, due, parts):
        """``[(company id, points)]``: the customer's ``due`` points (what
        expires, whatever company the lots and what consumed them were
        booked in) shared among the companies of ``parts`` (``(company id,
        unconsumed, held)``: the company's expired lots less what it
        consumed, and what its ledger holds for the customer), in company id
        order: first each company's own expired points not consumed there,
        up to what its ledger holds; then, when points spent in one company
        consumed lots of another (a shared customer), what is left from the
        ledgers that still hold points. No company's ledger goes below zero
        by it, and the parts add up to ``due``."""
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        left = float_round(due, precision_digits=digits)
        taken = {company_id: 0.0 for company_id, _u, _h in parts}
        for fill in (
            lambda unconsumed, held: min(max(unconsumed, 0.0), max(held, 0.0)),
            lambda _unconsumed, held: max(held, 0.0),
        ):
            for company_id, unconsumed, held in parts:
                room = fill(unconsumed, held) - taken[company_id]
                share = float_round(min(room, left), precision_digits=digits)
                if float_compare(share, 0.0, precision_digits=digits) > 0:
                    taken[company_id] += share
                    left = float_round(left - share, precision_digits=digits)
        return [
            (company_id, points)
            for company_id, points in taken.items()
            if float_compare(points, 0.0, precision_digits=digits) > 0
        ]

    @staticmethod
    def _retail_expiry_cut(due, room):
        """The first rows of ``due`` that fit in ``room`` customers, never
        splitting a customer's companies between two runs (a run that
        stops after a customer goes on after them)."""
        batch = []
        customers = 0
        for row in due:
            if not batch or row[0] != batch[-1][0]:
                if customers >= room:
                    break
                customers += 1
            batch.append(row)
        return batch

    @api.model
    def _retail_expiry_lock(self, partner_ids):
        """Lock the rows of ``partner_ids`` as ``res.partner._retail_lock``
        does, skipping those another transaction holds (a till booking them
        now). A row changed since this transaction began makes PostgreSQL
        refuse the whole statement; then they are locked one by one and such
        rows are skipped too. :return: the ids locked"""
        if not partner_ids:
            return []
        lock = (
            "SELECT id FROM res_partner WHERE id IN %s ORDER BY id "
            "FOR NO KEY UPDATE SKIP LOCKED"
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(lock, [tuple(partner_ids)], log_exceptions=False)
                return [row[0] for row in self.env.cr.fetchall()]
        except psycopg2.errors.SerializationFailure:
            _logger.info(
                "Points expiry: a customer of the batch changed meanwhile; "
                "locking them one by one"
            )
        locked = []
        for partner_id in partner_ids:
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(lock, [(partner_id,)], log_exceptions=False)
                    locked += [row[0] for row in self.env.cr.fetchall()]
            except psycopg2.errors.SerializationFailure:
                _logger.info("Points expiry of partner %s postponed", partner_id)
        return locked

    @api.model
    def _retail_book_expiry(self, today, due):
        """Book the ``expire`` entries of ``due`` (rows of
        :meth:`_retail_expiry_due`) in a few statements, whatever their
        number, keeping what :meth:`_book_points` keeps for one: the
        customer's row locked (:meth:`_retail_expiry_lock`), the key
        ``expire:<customer>:<date>:<company>`` (an entry already booked
        under it is left alone; the job's entries before 17.0.2.21.0 were
        keyed ``expire:<customer>:<date>``), the company whose ledger holds
        the points and its currency, the customer's
        group, the user, the entry's date, the description in the reader's
        language, and the stored balance (``reward_points``, rounded as the
        posting rounds it; the lifetime points and the tier do not change on
        expiry).

        :return: ``(customers booked, ids of the customers skipped because
            another transaction holds them)``
        """
        if not due:
            return 0, []
        locked = set(self._retail_expiry_lock(sorted({row[0] for row in due})))
        skipped = sorted({row[0] for row in due if row[0] not in locked})
        rows = [row for row in due if row[0] in locked]
        if not rows:
            return 0, skipped
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        origin = self._origin_vals("expiry", date=today)
        points = [-float_round(row[1], precision_digits=digits) for row in rows]
        # one entry per company and day: a company's part that comes due
        # later the same day (a customer joining again) has a key of its own
        keys = [f"{EXPIRY_KEY_PREFIX}{row[0]}:{today}:{row[2]}" for row in rows]
        now = self.env.cr.now()
        self.env.cr.execute(
            """
            INSERT INTO retail_point_entry
                   (partner_id, points, company_id, customer_group_id,
                    idempotency_key, kind, date, currency_id, user_id,
                    origin, origin_code, origin_params,
                    create_uid, create_date, write_uid, write_date)
            SELECT v.partner_id, v.points, v.company_id, v.group_id,
                   v.key, 'expire', %(date)s, v.currency_id, %(uid)s,
                   %(origin)s, %(origin_code)s, %(origin_params)s::jsonb,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM unnest(%(partners)s::int[], %(points)s::float8[],
                          %(companies)s::int[], %(groups)s::int[],
                          %(keys)s::varchar[], %(currencies)s::int[])
                       AS v(partner_id, points, company_id, group_id, key,
                            currency_id)
          ORDER BY v.partner_id, v.company_id
       ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING partner_id, points
            """,
            {
                "date": fields.Datetime.now(),
                "uid": self.env.uid,
                "origin": origin["origin"],
                "origin_code": origin["origin_code"],
                "origin_params": json.dumps(origin["origin_params"]),
                "now": now,
                "partners": [row[0] for row in rows],
                "points": points,
                "companies": [row[2] for row in rows],
                "groups": [row[3] for row in rows],
                "keys": keys,
                "currencies": [row[5] for row in rows],
            },
        )
        inserted = defaultdict(float)
        for partner_id, booked in self.env.cr.fetchall():
            inserted[partner_id] += float(booked)
        balances = {row[0]: row[4] for row in rows}
        ids = sorted(inserted)
        self._retail_count_balance_write()
        self.env.cr.execute(
            """
            UPDATE res_partner p SET reward_points = v.balance
              FROM unnest(%s::int[], %s::float8[]) AS v(id, balance)
             WHERE p.id = v.id
            """,
            [
                ids,
                [
                    float_round(balances[pid] + inserted[pid], precision_digits=digits)
                    for pid in ids
                ],
            ],
        )
        self.env["res.partner"].browse(ids).invalidate_recordset(list(BALANCE_FIELDS))
        self.env["res.partner"].invalidate_model(["point_entry_ids"])
        self.invalidate_model()
        return len(ids), skipped

    # -- messages to the customers -----------------------------------------------
    @api.model
    def _cron_retail_customer_messages(self, batch_size=MESSAGE_BATCH):
        """Daily job: the reminders of points expiring within
        ``EXPIRY_REMINDER_DAYS`` days (:meth:`_retail_send_expiry_reminders`)
        and the statements of the previous month
        (:meth:`_retail_send_statements`). Each message goes once (see
        ``retail.customer.message``); a run sends at most ``batch_size`` of
        each and triggers the job again when more are due."""
        more = self._retail_send_expiry_reminders(batch_size)
        more |= self._retail_send_statements(batch_size)
        if more:
            self.env.ref(
                "crm_retail_customers.ir_cron_retail_customer_messages"
            )._trigger()

    @api.model
    def _retail_message_companies(self, kind):
        return self.env["res.company"].search(
            self.env["res.company"]._retail_message_domain(kind)
        )

    @api.model
    def _retail_send_expiry_reminders(self, batch_size=MESSAGE_BATCH):
        """Remind each customer of the points that expire on a date within
        ``EXPIRY_REMINDER_DAYS`` days, once per customer and expiry date: the
        points of the lots of that date not yet consumed
        (:meth:`_get_open_lots`, the rule of the expiry job), as they are
        when the reminder goes. A lot consumed already brings nothing; a
        frozen balance (a customer who left the programme) does not expire.

        :return: whether reminders are left for another run
        """
        companies = self._retail_message_companies("expiry")
        if not companies:
            return False
        today = fields.Date.context_today(self)
        self.flush_model()
        self.env["retail.customer.message"].flush_model()
        self.env.cr.execute(
            """
            SELECT e.partner_id, COALESCE(p.company_id, %(company)s),
                   ARRAY_AGG(DISTINCT e.expiry_date ORDER BY e.expiry_date)
              FROM retail_point_entry e
              JOIN res_partner p ON p.id = e.partner_id
             WHERE e.kind IN %(kinds)s AND e.points > 0
               AND e.expiry_date > %(today)s AND e.expiry_date <= %(horizon)s
               AND p.active AND p.reward_points > 0
               AND COALESCE(p.company_id, %(company)s) IN %(companies)s
               AND NOT EXISTS (
                       SELECT 1 FROM retail_customer_message m
                        WHERE m.partner_id = e.partner_id AND m.kind = 'expiry'
                          AND m.ref_date = e.expiry_date
                          AND m.company_id = COALESCE(p.company_id, %(company)s))
          GROUP BY e.partner_id, p.company_id
          ORDER BY e.partner_id
            """,
            {
                "company": self.env.company.id,
                "kinds": LOT_KINDS,
                "today": today,
                "horizon": today + relativedelta(days=EXPIRY_REMINDER_DAYS),
                "companies": tuple(companies.ids),
            },
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return False
        frozen = set(self.env["res.partner"]._retail_frozen_ids([r[0] for r in rows]))
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        sent = 0
        for partner_id, company_id, dates in rows:
            if partner_id in frozen:
                continue
            if sent >= batch_size:
                return True
            partner = self.env["res.partner"].browse(partner_id)
            company = self.env["res.company"].browse(company_id)
            consumed = self._retail_consumed(partner)
            lots = dict(self._get_open_lots(partner, partner.reward_points, consumed))
            for expiry in dates:
                points = lots.get(expiry, 0.0)
                if float_compare(points, 0.0, precision_digits=digits) <= 0:
                    continue
                sent += partner._retail_send_message_once(
                    "expiry", company, expiry, {"points": points, "date": expiry}
                )
        return False

    @api.model
    def _retail_send_statements(self, batch_size=MESSAGE_BATCH):
        """Send each member the statement of their points in the previous
        month, once per customer and month, where the company sends
        statements: the balance at the end of the month, the points earned
        (purchases and bonuses), redeemed and expired in the month, and the
        points expiring within 30 days. Members who joined after the month,
        and those with neither a balance nor a movement, get none.

        :return: whether statements are left for another run
        """
        companies = self._retail_message_companies("statement")
        if not companies:
            return False
        today = fields.Date.context_today(self)
        month_end = today.replace(day=1)
        month = month_end - relativedelta(months=1)
        self.flush_model()
        self.env["res.partner"].flush_model()
        self.env["retail.customer.message"].flush_model()
        self.env.cr.execute(
            """
            SELECT p.id, COALESCE(p.company_id, %(company)s),
                   COALESCE(SUM(e.points) FILTER (WHERE e.date < %(end)s), 0),
                   COALESCE(SUM(e.points) FILTER (
                       WHERE e.date >= %(start)s AND e.date < %(end)s
                         AND e.kind IN ('earn', 'bonus') AND e.points > 0), 0),
                   COALESCE(-SUM(e.points) FILTER (
                       WHERE e.date >= %(start)s AND e.date < %(end)s
                         AND e.kind = 'redeem'), 0),
                   -- net of what refunds booked back (never below zero)
                   GREATEST(COALESCE(-SUM(e.points) FILTER (
                       WHERE e.date >= %(start)s AND e.date < %(end)s
                         AND e.kind = 'expire'), 0), 0),
                   COUNT(e.id) FILTER (
                       WHERE e.date >= %(start)s AND e.date < %(end)s)
              FROM res_partner p
              JOIN retail_point_entry e ON e.partner_id = p.id
             WHERE p.active AND p.retail_member
               AND p.retail_member_since < %(end)s
               AND COALESCE(p.company_id, %(company)s) IN %(companies)s
               AND NOT EXISTS (
                       SELECT 1 FROM retail_customer_message m
                        WHERE m.partner_id = p.id AND m.kind = 'statement'
                          AND m.ref_date = %(start)s
                          AND m.company_id = COALESCE(p.company_id, %(company)s))
          GROUP BY p.id
          ORDER BY p.id
            """,
            {
                "company": self.env.company.id,
                "start": month,
                "end": month_end,
                "companies": tuple(companies.ids),
            },
        )
        rows = self.env.cr.fetchall()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        sent = 0
        for partner_id, company_id, balance, earned, redeemed, expired, moves in rows:
            if not moves and float_is_zero(balance, precision_digits=digits):
                continue
            if sent >= batch_size:
                return True
            partner = self.env["res.partner"].browse(partner_id)
            values = {
                "month": month,
                "balance": float_round(balance, digits),
                "earned": float_round(earned, digits),
                "redeemed": float_round(redeemed, digits),
                "expired": float_round(expired, digits),
                "expiring": partner.with_company(
                    company_id
                ).retail_reward_points_expiring,
            }
            sent += partner._retail_send_message_once(
                "statement", self.env["res.company"].browse(company_id), month, values
            )
        return False

    # -- insert-only ---------------------------------------------------------------
    def write(self, vals):
        if vals:
            raise UserError(
                _(
                    "Reward point entries cannot be changed. Book a correcting "
                    "entry (Adjust points) instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ledger(self):
        raise UserError(
            _(
                "Reward point entries cannot be deleted. Book a correcting "
                "entry (Adjust points) instead."
            )
        )

    @api.model
    def _get_documents_booked_by_their_source(self, documents):
        """The ``documents`` (e.g. invoices) whose points are booked by the
        document they were made from, not by themselves.

        An invoice made by the Point of Sale bills an order that earned its
        points when it was paid: posting the invoice must not earn them
        again. The bridge that books the source answers here (the POS bridge
        for its orders' invoices), so the bridge of the documents asks the
        ledger rather than knowing the other bridges. None by default.
        """
        return documents.browse()

    # Several documents may take back the points of one sale: the refunds of
    # the document that booked it (a till refund of a POS order) and the
    # corrections of the documents that bill it (the credit notes of that
    # order's invoice). Each bridge knows its own documents only, so together
    # they never take back more than the sale earned through these two hooks,
    # the bridge of the source answering the first, the bridge of the
    # correcting documents the second (neither imports the other).

    @api.model
    def _get_source_points(self, documents):
        """What the source of each of ``documents`` (booked by their source,
        see :meth:`_get_documents_booked_by_their_source`) earned, and what
        the source's own refunds took back of it already.

        Answered by the bridge of the source (the POS bridge for the
        invoices of its orders), so that a credit note of such an invoice
        takes back no more than is left.

        :return: ``{document id: {"source": name of the source, "earned":
            points earned (positive), "taken_back": points its own refunds
            took back (positive), "refunds_due": points its own refunds would
            have taken back had nothing else taken any (positive)}}``;
            documents the bridges do not know are left out (nothing by
            default)
        """
        return {}

    @api.model
    def _retail_bonuses_taken_back(self, bonuses):
        """``bonuses`` (first-purchase bonuses, ``welcome:<customer>``,
        ``referral:<customer>``) were just taken back by the document that
        earned them (a till's refund of the first purchase in full). A
        bridge whose documents move such bonuses between a customer's
        purchases may now give the person another one of theirs that it kept
        while these stood (customers merged who had each earned one: the
        invoicing bridge). Nothing by default."""

    @api.model
    def _get_source_bonuses(self, documents):
        """The first-purchase bonuses (``welcome:<customer>``,
        ``referral:<customer>``) the source of each of ``documents`` (booked
        by their source, see :meth:`_get_documents_booked_by_their_source`)
        earned, and how much of that purchase the source's own refunds gave
        back (in full, they take the bonuses back themselves).

        Answered by the bridge of the source (the POS bridge for the invoices
        of its orders), so that the credit notes of such an invoice take its
        bonuses back as a refund of the source would, and give them back
        when they are cancelled.

        :return: ``{document id: {"bonuses": [(bonus entry, share of the
            purchase the source's refunds gave back, 0 to 1; 1.0 when in
            full)], "money": the goods money of the source as the document
            billed it when it was made (with taxes, in the document's
            currency), "customer": the source's customer}}``: the
            corrections are measured against the source, not the document
            as a user may have edited it since; documents the bridges do not
            know are left out (nothing by default)
        """
        return {}

    @api.model
    def _retail_source_refunded(self, documents):
        """The sources of ``documents`` (booked by their source: the
        invoices of POS orders) were just given back in part by their own
        refunds: a bridge whose documents give back the rest (the credit
        notes of the invoice) may now find the purchase given back in full
        and take its bonuses back (the invoicing bridge). Nothing by
        default."""

    @api.model
    def _get_source_lot(self, document, customer):
        """The entry whose points the corrections of ``document`` (booked by
        its source) take back from ``customer`` or give back: the source's
        earning, so that a take-back after its expiry date does not take
        what the expiry took already (:meth:`_retail_book_expired_part`).
        Answered by the bridge of the source (the POS bridge for the invoice
        of one order); an empty recordset by default."""
        return self.browse()

    @api.model
    def _retail_bonus_moves(self, bonuses):
        """What documents of another bridge than the source's took back and
        gave back of each of ``bonuses`` (first-purchase bonuses of a source,
        see :meth:`_get_source_bonuses`): ``{bonus id: points}``, negative
        when taken back, so that the source's refunds take back only what is
        left. Answered by the invoicing bridge (the credit notes of the
        invoice of a POS order); nothing by default."""
        return {}

    @api.model
    def _get_points_taken_back_elsewhere(self, documents):
        """Points (positive) taken back of each of ``documents`` (booked by
        their source) by the documents that correct them, of another model
        than the source's: the credit notes of the invoice of a POS order.
        Their entries count, whatever state the documents are in now: what
        the ledger took stays taken until they book it back.

        Answered by the bridge of the correcting documents (the invoicing
        bridge); the refunds of the source count it in their cap (the POS
        bridge). One query for all ``documents``.

        :return: ``{document id: points}``; 0.0 when nothing was taken back
            (nothing by default)
        """
        return {}

    def _retail_merge_marked(self):
        """The bonuses these entries mark, for those that are a merge's mark
        (a ``bonus`` of 0 points whose source is another entry: see the
        partner merge wizard's ``_retail_merge_bonuses``)."""
        marks = self.filtered(
            lambda entry: entry.kind == "bonus" and entry.res_model == self._name
        )
        return self.browse(marks.mapped("res_id")).exists()

    def action_open_source(self):
        self.ensure_one()
        if not (self.res_model and self.res_id and self.res_model in self.env):
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    @api.model
    def _retail_proportional_points(
        self, points, base, refunded, done=0.0, company=None
    ):
        """Points a partial refund takes back (or gives back): the one rule
        of every refund, at the till (earned points reversed, redeemed points
        given back) and on credit notes.

        ``points`` were booked for an amount ``base``; ``refunded`` of it is
        refunded now, after earlier refunds that took ``done`` points already.
        The refund takes ``points`` x ``refunded`` / ``base`` (the share kept
        between 0 and 1; the whole when ``base`` is zero), never more than
        ``points - done``, rounded to the points of ``company``
        (``res.company._retail_round_points``: a whole-points company takes
        whole points, rounded up, so that refunding a sale piece by piece
        takes back all it earned and no more). All figures are positive; the
        caller books the result with its sign.

        :return: the points to book (0.0 when nothing is left to take)
        """
        if points <= 0:
            return 0.0
        share = min(max(refunded / base, 0.0), 1.0) if base > 0 else 1.0
        return self._retail_take_back_points(points * share, points - done, company)

    @api.model
    def _retail_take_back_points(self, points, left, company=None):
        """``points`` to take back (positive), rounded to the points of
        ``company`` (up for a whole-points company), and never more than
        ``left`` (what the sale has left): the one rounding of every refund,
        credit note and return."""
        company = company or self.env.company
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        return max(
            float_round(
                min(company._retail_round_points(points, take_back=True), left),
                precision_digits=digits,
            ),
            0.0,
        )
