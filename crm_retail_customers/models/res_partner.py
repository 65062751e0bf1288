# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import calendar
import hashlib
import logging
import math
import re
import uuid
from datetime import timedelta
from functools import partial

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_is_zero
from odoo.tools.mail import email_normalize, email_split_tuples, formataddr
from odoo.tools.misc import format_date

from .retail_access import check_retail_manager
from .retail_card import _is_digits, ascii_digits
from .retail_consent_log import with_consent_source
from .retail_contact_role import SYSTEM_ROLE_CODES
from .retail_customer_message import MESSAGE_TEMPLATES, PROMOTIONAL_MESSAGES
from .retail_partner_relation import REFERRED_BY_XMLID
from .retail_point_entry import BALANCE_FIELDS

#: Fields of the customer that only server code sets (see
#: ``retail.derived.state.mixin``); ``customer_since`` joins them while a
#: document sets it (the company's customer-since sources).
DERIVED_FIELDS = BALANCE_FIELDS + (
    "reward_tier_id",
    "card_number",
    "effective_no_letter_marketing",
    "effective_no_sms_marketing",
    "effective_no_email_marketing",
    "retail_sales_count",
    "retail_sales_amount",
    "retail_last_sale_date",
    "retail_last_sale_name",
)

#: Marketing channels with their own ban flag: channel -> (own flag, effective).
MARKETING_BANS = {
    "letter": ("no_letter_marketing", "effective_no_letter_marketing"),
    "sms": ("no_sms_marketing", "effective_no_sms_marketing"),
    "email": ("no_email_marketing", "effective_no_email_marketing"),
}
#: What the import of existing customers brings from the previous system.
OPENING_FIELDS = (
    "retail_opening_sales_count",
    "retail_opening_sales_amount",
    "retail_opening_last_sale_date",
)
#: The customer's all-time figures, which add the opening figures.
SUMMARY_FIELDS = [
    "retail_sales_count",
    "retail_sales_amount",
    "retail_last_sale_date",
    "retail_last_sale_name",
]
#: The customer's acquisition fields filled from Odoo's UTM cookies, by the
#: field of ``utm.mixin`` whose cookie they read; names longer than this are
#: cut (a visitor writes the cookie).
UTM_ACQUISITION_FIELDS = {
    "source_id": "acquisition_source_id",
    "campaign_id": "acquisition_campaign_id",
    "medium_id": "acquisition_medium_id",
}
UTM_NAME_MAX = 100
OPENING_MANAGER_GROUP = "crm_retail_customers.group_retail_manager"
#: Rows of the customer's purchases read at a time by the data export.
PRIVACY_EXPORT_BATCH = 5000
#: How often a number already taken (given by hand or imported) is skipped
#: before giving up: the sequence then needs another prefix or next number.
MAX_TAKEN_NUMBERS = 50
_logger = logging.getLogger(__name__)


def email_pattern(email):
    """A case-insensitive POSIX regular expression finding the whole
    address ``email`` in a text (a list of addresses, ``"Name" <address>``),
    not as a part of a longer one (``ann@x.org`` in ``joann@x.org``)."""
    return (
        r"(^|[^a-z0-9._%+'-])" + re.escape(email) + r"($|[^a-z0-9_.-]|\.($|[^a-z0-9]))"
    )


def like(value):
    """A ``LIKE`` pattern finding ``value`` anywhere, its wildcards escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: Membership fields: only the enrol and leave actions set them (see
#: ``retail.derived.state.mixin``).
MEMBERSHIP_FIELDS = (
    "retail_member",
    "retail_member_since",
    "retail_member_source",
    "retail_member_user_id",
    "retail_member_left_on",
)
#: Ways of joining that give the welcome bonus. An import or the upgrade
#: records customers who were members already (in the old system).
WELCOME_SOURCES = ("backoffice", "pos", "card", "portal")
#: Ways of joining the loyalty programme that bring no welcome message: the
#: customer took no step (an import, the upgrade of the application).
SILENT_SOURCES = ("import", "upgrade")
#: A birthday job that did not run for a few days (server down) still books
#: the birthdays of those days: it looks back this many days.
BIRTHDAY_CATCH_UP_DAYS = 7
#: Members one run of the birthday job goes through (see
#: ``_cron_retail_birthday_bonus``).
BIRTHDAY_BATCH = 1000
USER_GROUP = "crm_retail_customers.group_retail_user"


class _NothingSent(Exception):
    """No channel took a message: roll its record back."""


class ResPartner(models.Model):
    """The retail customer, by concern (one section each, in this order):
    the profile and the points ledger; customer types with their customer
    number, and relations between customers; the loyalty programme
    membership.

    **Customer numbers.** The customer number is Odoo's ``ref``: every
    partner many2one, the
    contact search and the documents already find and show it. Numbers of
    partners with a customer type are unique per company: checked before
    writing with a clear message, and held by a partial unique index for
    concurrent transactions (a partner shared between companies counts in
    its own "no company" range there; the Python check also compares it with
    every company's numbers).

    **Membership.** A customer (the commercial partner) is a member or
    not. When the company
    reserves points to members (``retail_members_only``, default on), only
    members earn, redeem and receive bonuses; a non-member's order books
    nothing. The rule is applied by what earns or redeems for a document or a
    person (POS orders, invoices, the redeem wizard, bonuses), all through
    :meth:`_retail_may_earn`; ``_post_reward_points`` itself stays the
    policy-free ledger mechanics (imports, adjustments, refunds, transfers).

    **Frozen balance.** A customer who leaves keeps their balance, *frozen*:
    while frozen (not a member, in a company reserving points to members)
    nothing is earned (orders, invoices, bonuses book nothing), nothing can be
    redeemed, and the daily expiry job leaves their points alone. What the
    ledger must always be able to book still books: refunds take back points
    (``reverse``), managers adjust, merges and transfers move the balance.
    Joining again thaws the balance as it is; expiry dates are not moved, so
    points whose date passed while frozen expire at the next run of the job.
    """

    _name = "res.partner"
    _inherit = ["res.partner", "retail.derived.state.mixin"]
    _retail_derived_fields = DERIVED_FIELDS
    # a customer type of one company is for that company's partners only
    # (``customer_type_id`` is ``check_company``); Accounting and Inventory
    # set this too, the core must not depend on them for it
    _check_company_auto = True
    # Every partner many2one and the name search also find customers by card.
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "card_number",
    ]

    # -- customer group ---------------------------------------------------
    customer_group_id = fields.Many2one(
        "retail.customer.group",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The group of the customer. Contacts of a company follow the "
        "company's group.",
    )
    retail_properties = fields.Properties(
        "Customer Properties",
        definition="customer_group_id.partner_properties_definition",
        copy=True,
    )
    # -- contact roles ------------------------------------------------------
    contact_role_ids = fields.Many2many(
        "retail.contact.role",
        "res_partner_retail_contact_role_rel",
        "partner_id",
        "role_id",
        help="What this contact is for: the invoice, purchase and sales roles "
        "decide which contact documents are addressed to.",
    )
    retail_contact_role_warning = fields.Char(
        "Contact Role Warning",
        compute="_compute_retail_contact_role_warning",
        help="Set when a system role is held by more than one contact.",
    )
    # -- marketing bans -----------------------------------------------------
    no_letter_marketing = fields.Boolean(
        tracking=True,
        help="Do not send marketing letters to this contact.",
    )
    no_sms_marketing = fields.Boolean(
        "No SMS Marketing",
        tracking=True,
        help="Do not send marketing SMS to this contact.",
    )
    no_email_marketing = fields.Boolean(
        "No E-mail Marketing",
        tracking=True,
        help="Do not send marketing e-mails to this contact.",
    )
    effective_no_letter_marketing = fields.Boolean(
        "Letter Marketing Banned",
        compute="_compute_effective_bans",
        store=True,
        help="Own ban or the ban of the company the contact belongs to.",
    )
    effective_no_sms_marketing = fields.Boolean(
        "SMS Marketing Banned",
        compute="_compute_effective_bans",
        store=True,
        help="Own ban or the ban of the company the contact belongs to.",
    )
    effective_no_email_marketing = fields.Boolean(
        "E-mail Marketing Banned",
        compute="_compute_effective_bans",
        store=True,
        help="Own ban or the ban of the company the contact belongs to.",
    )
    retail_consent_log_ids = fields.One2many(
        "retail.consent.log",
        "partner_id",
        "Consents",
        readonly=True,
        groups=USER_GROUP,
        help="Every change of the contact's own marketing bans: when, on which "
        "channel, from what to what, where and by whom.",
    )

    def _retail_own_bans(self, channels):
        """``{partner id: {channel: own ban}}`` of these partners."""
        return {
            partner.id: {
                channel: bool(partner[MARKETING_BANS[channel][0]])
                for channel in channels
            }
            for partner in self
        }

    def _retail_log_consents(self, old_bans, channels):
        """Log the changes of the own bans on ``channels`` since
        ``old_bans`` (as :meth:`_retail_own_bans` gave them; a partner
        missing there is new: it was allowed everything)."""
        changes = []
        for partner in self:
            before = old_bans.get(partner.id, {})
            for channel in channels:
                banned = bool(partner[MARKETING_BANS[channel][0]])
                was_banned = before.get(channel, False)
                if banned != was_banned:
                    changes.append((partner, channel, not was_banned, not banned))
        self.env["retail.consent.log"]._retail_record(changes)

    @api.model
    def load(self, fields, data):
        """Imports (base_import and the external API's ``load``) log the ban
        changes they make as imports."""
        return super(ResPartner, with_consent_source(self, "import")).load(fields, data)

    # -- loyalty cards ------------------------------------------------------
    card_ids = fields.One2many("retail.card", "partner_id", string="Cards")
    retail_card_count = fields.Integer(
        "Card Count", compute="_compute_retail_card_count"
    )
    card_number = fields.Char(
        compute="_compute_card_number",
        store=True,
        index=True,
        help="Number of the customer's newest active card.",
    )
    # -- reward points ---------------------------------------------------------
    reward_points = fields.Float(
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="Balance: the sum of the customer's ledger entries.",
    )
    reward_points_earned = fields.Float(
        "Lifetime Points",
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="Points earned over the customer's lifetime (opening balance and "
        "earnings, less reversals); decides the tier.",
    )
    # Odoo looks customers up by this address for every e-mail it sends them
    # (a birthday greeting, a statement): unindexed, each lookup read the
    # whole table, 130 ms at a million customers
    email_normalized = fields.Char(index=True)
    reward_tier_id = fields.Many2one(
        "retail.tier",
        string="Tier",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    point_entry_ids = fields.One2many(
        "retail.point.entry", "partner_id", string="Point Entries"
    )
    retail_reward_points_expiring = fields.Float(
        "Points Expiring in 30 Days",
        digits="Reward Points",
        compute="_compute_retail_reward_points_expiring",
    )
    # -- profile ------------------------------------------------------------
    birthdate = fields.Date()
    retail_age = fields.Integer("Age", compute="_compute_retail_age")
    # Birthdays may be known without the year: day and month are stored on
    # their own, taken from the birthdate when there is one.
    retail_birth_day = fields.Integer(
        "Birth Day",
        compute="_compute_retail_birth_day",
        store=True,
        readonly=False,
        help="Day of the birthday (1-31), also when the year is not known.",
    )
    retail_birth_month = fields.Integer(
        "Birth Month",
        compute="_compute_retail_birth_month",
        store=True,
        readonly=False,
        index=True,
        help="Month of the birthday (1-12), also when the year is not known.",
    )
    retail_birthday_this_month = fields.Boolean(
        "Birthday This Month",
        compute="_compute_retail_birthday_this_month",
        search="_search_retail_birthday_this_month",
    )
    gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
    )
    acquisition_source_id = fields.Many2one(
        "utm.source",
        help="How the customer found the shop. A customer who signs up on the "
        "web after a tracked link gets the link's source, campaign and medium.",
    )
    acquisition_campaign_id = fields.Many2one(
        "utm.campaign",
        help="The marketing campaign the customer came through.",
    )
    acquisition_medium_id = fields.Many2one(
        "utm.medium",
        help="How the campaign reached the customer (e-mail, banner, ...).",
    )
    preferred_contact_method = fields.Selection(
        [
            ("email", "E-mail"),
            ("phone", "Phone"),
            ("sms", "SMS"),
            ("letter", "Letter"),
            ("none", "No contact"),
        ],
    )
    customer_since = fields.Date(
        # a duplicate is a new contact: its own first purchase dates it
        copy=False,
        help="Date of the customer's first purchase. Set from the first "
        "invoice, sale order or POS order when enabled in the settings.",
    )
    retail_customer_since_auto = fields.Boolean(
        compute="_compute_retail_customer_since_auto",
        help="Customer since is set by documents in this company.",
    )
    # The customer's sales at a glance, counted like the "recent
    # transactions" report (retail.customer.report._get_sales_summary).
    retail_sales_count = fields.Integer(
        "Shop Purchases",
        compute="_compute_retail_sales_summary",
        groups="crm_retail_customers.group_retail_user",
        help="Sales to the customer in the installed apps of the companies "
        "you work in (invoices, sale orders, POS orders, sales booked in the "
        "points ledger), an invoiced order counting once.",
    )
    retail_sales_amount = fields.Monetary(
        "Amount Spent",
        currency_field="retail_currency_id",
        compute="_compute_retail_sales_summary",
        groups="crm_retail_customers.group_retail_user",
        help="Total of these sales, in the company's currency.",
    )
    retail_currency_id = fields.Many2one(
        "res.currency", compute="_compute_retail_sales_summary"
    )
    retail_last_sale_date = fields.Date(
        "Last Purchase",
        compute="_compute_retail_sales_summary",
        groups="crm_retail_customers.group_retail_user",
    )
    retail_last_sale_name = fields.Char(
        "Last Purchase Document",
        compute="_compute_retail_sales_summary",
        groups="crm_retail_customers.group_retail_user",
    )

    @api.model
    def _name_search(self, name, domain=None, operator="ilike", limit=None, order=None):
        """A scanned or typed card number finds its holder through the card
        number index first, instead of the generic ``ilike`` over several
        columns that reads the whole customer table. The number is read as
        the card stores it: without spaces, and digits typed on a Persian or
        Arabic keyboard are the same digits."""
        number = ascii_digits("".join(name.split())) if isinstance(name, str) else ""
        if (
            operator in ("ilike", "=", "=ilike")
            and _is_digits(number)
            and len(number) >= 8
        ):
            holders = self._search(
                [("card_number", "=", number)] + list(domain or []),
                limit=limit,
                order=order,
            )
            if holders:
                return holders
        return super()._name_search(
            name, domain=domain, operator=operator, limit=limit, order=order
        )

    @api.model
    def _commercial_fields(self):
        # The group is a property of the customer (the company), its contacts
        # follow it, like the price list does.
        return super()._commercial_fields() + ["customer_group_id"]

    # -- computes -----------------------------------------------------------
    @api.depends(
        "no_letter_marketing",
        "no_sms_marketing",
        "no_email_marketing",
        "commercial_partner_id.no_letter_marketing",
        "commercial_partner_id.no_sms_marketing",
        "commercial_partner_id.no_email_marketing",
    )
    def _compute_effective_bans(self):
        for partner in self:
            company = partner.commercial_partner_id
            for own, effective in MARKETING_BANS.values():
                partner[effective] = partner[own] or company[own]

    @api.depends("card_ids.state", "card_ids.number", "card_ids.issue_date")
    def _compute_card_number(self):
        for partner in self:
            active = partner.card_ids.filtered(lambda c: c.state == "active")
            newest = active.sorted(
                lambda c: (c.issue_date or fields.Date.today(), c.id)
            )
            partner.card_number = newest[-1:].number or False

    def _compute_retail_card_count(self):
        counts = dict(
            self.env["retail.card"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.retail_card_count = counts.get(partner._origin, 0)

    @api.depends_context("company")
    def _compute_retail_reward_points_expiring(self):
        horizon = fields.Date.context_today(self) + timedelta(days=30)
        expiring = self.env["retail.point.entry"]._get_points_to_expire(
            horizon, self.commercial_partner_id.ids
        )
        for partner in self:
            partner.retail_reward_points_expiring = expiring.get(
                partner.commercial_partner_id.id, 0.0
            )

    @api.depends("birthdate")
    @api.depends_context("tz")
    def _compute_retail_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.retail_age = (
                relativedelta(today, partner.birthdate).years
                if partner.birthdate and partner.birthdate <= today
                else 0
            )

    @api.depends("birthdate")
    def _compute_retail_birth_day(self):
        for partner in self:
            if partner.birthdate:
                partner.retail_birth_day = partner.birthdate.day

    @api.depends("birthdate")
    def _compute_retail_birth_month(self):
        # the day and month typed without a birthdate are kept
        for partner in self:
            if partner.birthdate:
                partner.retail_birth_month = partner.birthdate.month

    @api.depends("retail_birth_month")
    @api.depends_context("tz")
    def _compute_retail_birthday_this_month(self):
        month = fields.Date.context_today(self).month
        for partner in self:
            partner.retail_birthday_this_month = partner.retail_birth_month == month

    def _search_retail_birthday_this_month(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Unsupported search on birthday."))
        month = fields.Date.context_today(self).month
        positive = (operator == "=") == bool(value)
        return [("retail_birth_month", "=" if positive else "!=", month)]

    @api.depends("child_ids.contact_role_ids", "child_ids.active")
    def _compute_retail_contact_role_warning(self):
        roles = self.env["retail.contact.role"].search(
            [("code", "in", SYSTEM_ROLE_CODES)]
        )
        for partner in self:
            messages = []
            if partner.id and partner.is_company:
                for role in roles:
                    holders = partner._retail_get_role_holders(role.code)
                    if len(holders) > 1:
                        messages.append(
                            _(
                                "%(role)s is held by %(names)s; documents use "
                                "%(first)s.",
                                role=role.name,
                                names=", ".join(holders.mapped("name")),
                                first=holders[0].name,
                            )
                        )
            partner.retail_contact_role_warning = " ".join(messages) or False

    # -- contact roles --------------------------------------------------------
    def _retail_get_role_holders(self, code):
        """Contacts of this partner's commercial entity holding role ``code``.

        Ordered as ``address_get`` picks them: the first one wins (the oldest
        contact holding the role).
        """
        self.ensure_one()
        commercial = self.commercial_partner_id
        if not commercial.id:
            return self.browse()
        return self.search(
            [
                ("commercial_partner_id", "=", commercial.id),
                ("contact_role_ids.code", "=", code),
            ],
            order="id",
        )

    def address_get(self, adr_pref=None):
        """Answer the role-based address types from the contact roles.

        ``'invoice'`` prefers the contact holding the invoice role over Odoo's
        invoice-type address; ``'purchase'`` and ``'sales'`` (not address
        types in Odoo) are the holders of those roles, else the usual default.
        """
        adr_pref = set(adr_pref or [])
        result = super().address_get(adr_pref)
        role_prefs = adr_pref.intersection(SYSTEM_ROLE_CODES)
        if not role_prefs or len(self) != 1:
            return result
        for code in role_prefs:
            holder = (
                self
                if code in self.contact_role_ids.mapped("code")
                else self._retail_get_role_holders(code)[:1]
            )
            if holder:
                result[code] = holder.id
        return result

    # -- price list from the group ---------------------------------------------
    def _retail_get_specific_pricelist(self):
        """The price list set on this partner itself in the current company,
        as opposed to the default one Odoo falls back to."""
        self.ensure_one()
        prop = (
            self.env["ir.property"]
            # sudo: ir.property is technical; only this partner's own value is read
            .sudo()
            .search(
                [
                    ("name", "=", "property_product_pricelist"),
                    ("res_id", "=", f"res.partner,{self.id}"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        return prop.get_by_record() if prop else self.env["product.pricelist"]

    def _retail_apply_group_pricelist(self, old_groups):
        """Give customers the price list of their new group, unless they have
        a price list of their own (other than the one of their old group)."""
        for partner in self.filtered(
            lambda p: p.is_company or not p.parent_id
        ).filtered("customer_group_id.pricelist_id"):
            current = partner._retail_get_specific_pricelist()
            old_group = old_groups.get(partner.id, self.env["retail.customer.group"])
            if not current or current == old_group.pricelist_id:
                partner.property_product_pricelist = (
                    partner.customer_group_id.pricelist_id
                )

    @api.model
    def _retail_slice_end(self, after, size):
        """Id of the last partner of the slice of ``size`` partners after id
        ``after``, or None when the slice reaches the last one: the jobs
        that go through every customer read them slice by slice (by id),
        each query bounded by a slice."""
        self.env.cr.execute(
            "SELECT id FROM res_partner WHERE id > %s ORDER BY id OFFSET %s LIMIT 1",
            [after, size - 1],
        )
        row = self.env.cr.fetchone()
        return row[0] if row else None

    # -- chatter tracking of batches ------------------------------------------
    def _message_track(self, fields_iter, initial_values_dict):
        """Tracking of a batch written with the context key
        ``retail_batch_tracking`` (the tier job moving thousands of
        customers, ``retail.tier._retail_move_tiers``): the same messages
        and tracking values as Odoo logs one customer at a time, built by
        Odoo's own code, created in one batch (:meth:`_message_create`
        collects them): one ``mail.message`` insert per customer cost about
        4 ms, most of the job's time."""
        if not self.env.context.get("retail_batch_tracking") or len(self) < 2:
            return super()._message_track(fields_iter, initial_values_dict)
        collected = []
        tracking = super(
            ResPartner, self.with_context(retail_message_batch=collected)
        )._message_track(fields_iter, initial_values_dict)
        if not collected:
            return tracking
        # the tracking values in one batch too, as mail.message.create
        # creates them (as superuser, linked to their message)
        trackings = [
            values.pop("tracking_value_ids", False) or [] for values in collected
        ]
        if any(len(cmd) != 3 or cmd[0] != 0 for cmds in trackings for cmd in cmds):
            for values, cmds in zip(collected, trackings, strict=True):
                values["tracking_value_ids"] = cmds
            trackings = [[] for _values in collected]
        messages = self.with_context(retail_message_batch=None)._message_create(
            collected
        )
        # sudo: as mail.message.create creates the tracking values
        self.env["mail.tracking.value"].sudo().create(
            [
                dict(cmd[2], mail_message_id=message.id)
                for message, cmds in zip(messages, trackings, strict=True)
                for cmd in cmds
            ]
        )
        return tracking

    def _message_create(self, values_list):
        """Collect the messages of a batch being tracked (see
        :meth:`_message_track`) instead of creating them one by one."""
        collected = self.env.context.get("retail_message_batch")
        if collected is None:
            return super()._message_create(values_list)
        collected.extend(values_list)
        return self.env["mail.message"]

    # -- reward points ledger -------------------------------------------------
    def _post_reward_points(self, points, kind, **vals):
        """Book ``points`` of ``kind`` on the customer: the one way to change a
        balance, used by wizards, POS, invoices, imports and jobs.

        The entry goes on the commercial partner (a company's contacts share
        its balance). This method only delegates; the rules live in the model
        that owns them:

        - ``retail.point.entry._book_points``: the lock (:meth:`_retail_lock`),
          the idempotency key, the company and archive checks, the ledger rules
          (``_prepare_reward_points``), expiry dates and the stored balance;
        - ``retail.point.entry._transfer_balance`` and
          ``_cron_expire_reward_points``: transfers and expiry;
        - ``retail.tier._update_customer_tier``: the tier and its price list.

        An already booked ``idempotency_key`` returns the existing entry
        instead of booking again. The number of queries does not depend on
        the customer's history.

        :param float points: signed points (redemptions are negative)
        :param str kind: one of ``retail.point.entry`` kinds
        :param vals: other ``retail.point.entry`` values (origin, amount,
            res_model, res_id, note, idempotency_key, date, company_id, ...);
            ``also``, the caller's own SQL updates written with the entry
            (see ``retail.point.entry._book_points``)
        :return: the ``retail.point.entry`` booked (or found)
        """
        self.ensure_one()
        return self.env["retail.point.entry"]._book_points(
            self.commercial_partner_id, points, kind, **vals
        )

    def _retail_lock(self):
        """Lock these partners' rows until the end of the transaction: the one
        lock every writer of a balance takes (posting, transfers, merges, the
        POS before it saves orders), so that two of them on one customer are
        serialised and no update is lost. Posting takes it with its lookup of
        the idempotency key (``retail.point.entry._retail_lock_booking``).

        Rows are locked in the order of their ids, so two transactions locking
        several customers never wait for each other in a cycle. The strength
        is ``FOR NO KEY UPDATE``, not ``FOR UPDATE``: inserting an order,
        invoice or ledger entry that points to the customer takes a key-share
        lock on the customer row, which ``FOR UPDATE`` conflicts with and
        ``FOR NO KEY UPDATE`` does not; with ``FOR UPDATE``, two tills that
        had each inserted an order for the customer waited for each other's
        key-share lock (deadlock). ``FOR NO KEY UPDATE`` still conflicts with
        itself, which is all the serialisation needs (the primary key is never
        changed). A concurrent update of a locked row makes PostgreSQL raise
        a serialization failure, which Odoo retries: it is not logged.

        :return: the balances as locked, ``{partner_id: (reward_points,
            reward_points_earned)}`` (the cache of those fields is
            invalidated: they are read again after the lock)
        """
        if not self.ids:
            return {}
        self.env.cr.execute(self._retail_lock_sql(), log_exceptions=False)
        balances = {
            partner_id: (points or 0.0, earned or 0.0)
            for partner_id, points, earned in self.env.cr.fetchall()
        }
        self.invalidate_recordset(list(BALANCE_FIELDS))
        return balances

    def _retail_lock_sql(self, fnames=BALANCE_FIELDS, where=None):
        """The statement of :meth:`_retail_lock` (these partners' rows, in id
        order, ``FOR NO KEY UPDATE``), returning their ids and the columns of
        ``fnames`` (by default their balances): for a caller that sends it
        with other statements in one round trip, or reads with the lock what
        it is about to read anyway. ``where``: an SQL condition that picks
        the rows instead of these partners' ids (a statement that finds them
        itself)."""
        # columns of the model's own fields (a name that is not one fails
        # here), written as they are: a till's every sync sends this
        columns = ", ".join(self._fields[fname].name for fname in fnames)
        return SQL(
            f"SELECT id, {columns} FROM res_partner WHERE %s "
            "ORDER BY id FOR NO KEY UPDATE",
            where if where is not None else SQL("id IN %s", tuple(self.ids)),
        )

    def _retail_holds_points_or_cards(self):
        """Whether any of these partners has ledger entries or cards (in any
        company: what matters is that points or cards would move)."""
        if not self:
            return False
        # sudo: only the existence of rows is checked, across companies
        entries = self.env["retail.point.entry"].sudo()
        cards = self.env["retail.card"].sudo()
        return bool(
            entries.search_count([("partner_id", "in", self.ids)], limit=1)
            or cards.search_count([("partner_id", "in", self.ids)], limit=1)
        )

    def _retail_reparented(self, vals):
        """Partners holding points that ``vals`` turns into a contact of
        another entity (a new parent, no longer a company): these partners,
        and their contacts (at any depth) whose commercial partner changes
        with theirs.

        Moving them moves their balance, as a merge does: retail managers
        only, like merges. So does moving a partner that holds a card or
        has ledger entries: a contact's card redeems its company's points,
        so attaching a card holder to a company (or detaching the holder of
        a blocked card from one) decides whose points that card spends. A
        contact is moved by moving the partner it belongs to as well: the
        person or company between a card holder and the customer it books
        on holds nothing itself, yet moving it moves the card."""
        if not {"parent_id", "is_company"} & set(vals):
            return self.browse()
        moving = self.filtered(
            lambda partner: (
                (
                    "parent_id" in vals
                    and partner.parent_id.id != (vals["parent_id"] or False)
                )
                or (
                    "is_company" in vals
                    and partner.is_company != bool(vals["is_company"])
                )
            )
        )
        if not moving:
            return self.browse()
        # sudo: only which customer the new parent books on is compared; a
        # parent of another company is refused later, by the points' rules
        parent = self.browse(vals.get("parent_id") or []).sudo()

        def new_commercial(partner):
            is_company = vals.get("is_company", partner.is_company)
            # sudo: the partner's current parent, compared only (see above)
            current = partner.sudo().parent_id
            new_parent = parent if "parent_id" in vals else current
            if is_company or not new_parent:
                return partner
            return new_parent.commercial_partner_id

        # their contacts move when the customer they book on changes (a
        # company given a new parent stays its own customer, and so do they)
        with_contacts = moving.filtered(
            lambda partner: new_commercial(partner) != partner.commercial_partner_id
        )
        holdings = moving._retail_moving_holdings(with_contacts)
        if holdings:
            moved, holder, _points = holdings[0]
            if moved == holder:
                message = _(
                    "%(customer)s holds reward points or a loyalty card: only a "
                    "retail manager can attach them to a company or change their "
                    "company status (the points move with them, and a contact's "
                    "card spends its company's points).",
                    customer=holder.display_name,
                )
            else:
                message = self._retail_contact_holds_message(holder, moved)
            check_retail_manager(self.env, message)
        # a holder listed twice (a moved partner below another) moves once
        return self.browse(
            list(dict.fromkeys(h.id for _moved, h, points in holdings if points))
        )

    @api.model
    def _retail_contact_holds_message(self, contact, customer):
        """The refusal of a clerk's move (a new parent, a company status, a
        merge) of ``customer``, whose ``contact`` holds points or a card."""
        return _(
            "%(contact)s, a contact of %(customer)s, holds reward points or a "
            "loyalty card: only a retail manager can attach %(customer)s to a "
            "company, merge it or change its company status (its contacts move "
            "with it, and a contact's card spends its company's points).",
            # sudo: the name of a contact of the customer the user moves or
            # merges, which may belong to a company the user does not work in
            contact=contact.sudo().display_name,
            customer=customer.display_name,
        )

    def _retail_moving_holdings(self, with_contacts=None):
        """Which of these partners, and of the contacts of ``with_contacts``
        (a part of them) that book on the same customer as they do, have
        ledger entries or cards, in any company. Those contacts are the
        partner's contacts at any depth that are no company (a company books
        on itself, and its contacts on it): their commercial partner changes
        with the partner's (a new parent, a company status, a merge).

        One query (the contacts are walked down ``parent_id``, indexed).

        :return: ``[(partner of self, holder, balance of the holder)]``, the
            partners' own holdings first
        """
        if not self:
            return []
        with_contacts = with_contacts or self.browse()
        self.flush_model(["parent_id", "is_company", "reward_points"])
        self.env["retail.point.entry"].flush_model(["partner_id"])
        self.env["retail.card"].flush_model(["partner_id"])
        # no sudo needed: rows of every company (and archived contacts)
        # count, read in SQL; only which partners hold something, and their
        # own balance, leaves this method
        self.env.cr.execute(
            """WITH RECURSIVE moving(root, id) AS (
                   SELECT m.id, m.id FROM unnest(%s::int[]) AS m(id)
                 UNION
                   SELECT moving.root, c.id
                     FROM moving JOIN res_partner c ON c.parent_id = moving.id
                    WHERE moving.root = ANY(%s::int[])
                      AND c.is_company IS NOT TRUE
               )
               SELECT moving.root, moving.id, p.reward_points
                 FROM moving JOIN res_partner p ON p.id = moving.id
                WHERE EXISTS (SELECT 1 FROM retail_point_entry e
                               WHERE e.partner_id = p.id)
                   OR EXISTS (SELECT 1 FROM retail_card c WHERE c.partner_id = p.id)
             ORDER BY moving.id <> moving.root, moving.root, moving.id""",
            [self.ids, with_contacts.ids],
        )
        return [
            (self.browse(moved_id), self.browse(holder_id), points)
            for moved_id, holder_id, points in self.env.cr.fetchall()
        ]

    def _retail_check_company_change(self, vals):
        """Refuse a change of ``company_id`` that would take a customer's
        points or cards away from a company: for a partner holding ledger
        entries or cards (in any company), only a retail manager changes the
        company, and not while entries of another company than the new one
        exist for them (that company's staff and tills would lose the
        customer). Making a customer shared (no company) loses nobody."""
        if "company_id" not in vals:
            return
        company = self.env["res.company"].browse(vals["company_id"] or [])
        moving = self.filtered(lambda partner: partner.company_id != company)
        if not moving._retail_holds_points_or_cards():
            return
        check_retail_manager(
            self.env,
            _(
                "%(customer)s holds reward points or loyalty cards: only a "
                "retail manager can change their company.",
                customer=moving[0].display_name,
            ),
        )
        if not company:
            return
        # sudo: entries of companies the user cannot read count as well; only
        # the customer and the company of one of them are read
        entries = self.env["retail.point.entry"].sudo()
        foreign = entries.search(
            [
                ("partner_id", "in", moving.ids),
                ("company_id", "!=", company.id),
            ],
            limit=1,
        )
        if foreign:
            raise UserError(
                _(
                    "%(customer)s has reward point entries in %(other)s: they "
                    "cannot be moved to %(company)s, whose staff and tills "
                    "alone would then see them. Leave the customer shared "
                    "between companies.",
                    customer=foreign.partner_id.display_name,
                    other=foreign.company_id.name,
                    company=foreign.env["res.company"].browse(company.id).name,
                )
            )

    def _retail_transfer_points_to_commercial(self):
        """Move the balance of partners that are no longer a commercial entity
        to the entity they now belong to: the balance a company shows is the
        sum of its contacts' purchases, and nothing is left behind. The
        points move within the company whose ledger holds them
        (:meth:`_retail_points_company`)."""
        for partner in self:
            if partner.commercial_partner_id != partner:
                company = partner._retail_points_company()
                if not company:
                    continue
                # sudo: the move follows a change of the partner the user was
                # allowed to make, within a company they work in; it books
                # the whole balance the ledger holds, no figure comes from
                # the user.
                source = partner.sudo()
                source.env["retail.point.entry"]._transfer_balance(
                    source, source.commercial_partner_id, company=company
                )

    def _retail_points_company(self):
        """The company whose ledger holds this partner's balance, for a move
        of the balance to another customer: the move is booked there, out of
        the partner and into the other customer, so that each company's
        ledger still adds up to its customers' points.

        Refused when the balance is held by several companies' ledgers (a
        shared customer who earned in two of them: their points cannot be
        moved by one booking) and when the user does not work in that
        company: a manager of one company would otherwise move the points
        another company owes.

        :return: the company, or an empty recordset when no company holds a
            balance of the partner
        """
        self.ensure_one()
        entries = self.env["retail.point.entry"]
        entries.flush_model(["partner_id", "company_id", "points"])
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        self.env.cr.execute(
            """SELECT company_id FROM retail_point_entry
                WHERE partner_id = %s
             GROUP BY company_id
               HAVING ROUND(SUM(points)::numeric, %s) <> 0
             ORDER BY company_id""",
            [self.id, digits],
        )
        company_ids = [row[0] for row in self.env.cr.fetchall()]
        # sudo: the names of the companies holding the points, for the message
        companies = self.env["res.company"].sudo().browse(company_ids)
        if len(companies) > 1:
            raise UserError(
                _(
                    "The reward points of %(customer)s are held by several "
                    "companies (%(companies)s): they cannot move to another "
                    "customer. Leave %(customer)s where they are, or have each "
                    "company adjust its part first.",
                    customer=self.display_name,
                    companies=", ".join(companies.mapped("name")),
                )
            )
        if companies and not self.env.su and companies not in self.env.user.company_ids:
            raise UserError(
                _(
                    "The reward points of %(customer)s are held by %(company)s, "
                    "where you do not work: only its staff can move them to "
                    "another customer.",
                    customer=self.display_name,
                    company=companies.name,
                )
            )
        return companies.with_env(self.env)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_retail_records(self):
        """A customer with ledger entries, cards or consent records is
        archived, never deleted: those records are kept (the ledger is
        insert-only, a card number is never given again, a consent is
        proof), and the database would refuse the deletion with a bare
        integrity error."""
        tables = ("retail_point_entry", "retail_card", "retail_consent_log")
        for model in ("retail.point.entry", "retail.card", "retail.consent.log"):
            self.env[model].flush_model(["partner_id"])
        self.env.cr.execute(
            SQL(" UNION ALL ").join(
                SQL(
                    "(SELECT partner_id FROM %s WHERE partner_id IN %s LIMIT 1)",
                    SQL.identifier(table),
                    tuple(self.ids),
                )
                for table in tables
            )
        )
        row = self.env.cr.fetchone()
        if row:
            raise UserError(
                _(
                    "%(customer)s has reward point entries, loyalty cards or "
                    "consent records, which are kept: archive the contact "
                    "instead of deleting it.",
                    customer=self.browse(row[0]).display_name,
                )
            )

    def _retail_check_company(self, company, message=None):
        """The rule "customer of another company", checked in one place for
        the ledger, the documents that book points and the till: a customer
        that belongs to a company is served by that company only (a shared
        customer, without company, by every company).

        :param company: the company that would book for or serve the customer
        :param str message: the caller's error (what it refuses), translated,
            with the placeholders ``%(customer)s``, ``%(customer_company)s``
            and ``%(company)s``; default: no points booked
        :raise UserError: when the customer belongs to another company
        """
        self.ensure_one()
        if not self.company_id or self.company_id == company:
            return
        if message is None:
            message = _(
                "%(customer)s belongs to %(customer_company)s; points cannot "
                "be booked for them in %(company)s."
            )
        raise UserError(
            message
            % {
                "customer": self.display_name,
                "customer_company": self.company_id.name,
                "company": company.name,
            }
        )

    def _retail_get_reward_points_for_amount(self, amount, currency=None, company=None):
        """Points earned by spending ``amount``: amount (in company currency)
        x company points per currency unit x the customer's tier earn factor,
        rounded as the company books a purchase's points (whole points
        rounded down, see ``res.company._retail_round_points``)."""
        self.ensure_one()
        company = company or self.env.company
        if currency and currency != company.currency_id:
            amount = currency._convert(
                amount, company.currency_id, company, fields.Date.context_today(self)
            )
        tier = self.commercial_partner_id.reward_tier_id
        factor = tier.earn_factor if tier else 1.0
        return company._retail_round_points(
            amount * company.retail_points_per_currency * factor
        )

    def action_open_point_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_retail_customers.retail_point_entry_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_group_by_kind": 0}
        return action

    def action_open_cards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_retail_customers.retail_card_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.model
    def _retail_contacts_action(self, name, domain, context=None):
        """The Contacts action on the partners of ``domain``, titled ``name``
        (the partners of a customer group, type or tier), with ``context``
        instead of the action's own if given."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contacts.action_contacts"
        )
        action.update({"name": name, "domain": domain})
        if context is not None:
            action["context"] = context
        return action

    @api.model
    def _retail_customer_since_is_automatic(self):
        """Whether documents set "customer since" in the current company (it
        is then derived state, not a field people type)."""
        company = self.env.company
        return any(
            company[source] for source in company._retail_customer_since_sources()
        )

    @api.model
    def _retail_customer_since_set_by(self, company_ids):
        """Whether documents set "customer since" in one of the companies
        ``company_ids``, ``False`` among them standing for a partner shared
        by every company: any company's documents then set it."""
        # sudo: the companies' settings are read, whoever the user
        Company = self.env["res.company"].sudo()
        sources = Company._retail_customer_since_sources()
        if not sources:
            return False
        setting = expression.OR([[(source, "=", True)] for source in sources])
        if False not in company_ids:
            setting = expression.AND([setting, [("id", "in", list(company_ids))]])
        return bool(Company.search_count(setting, limit=1))

    def _retail_check_derived(self, vals_list, create=False):
        """ "Customer since" is also the documents' where the partner is
        kept, whoever edits it: a user of a company whose documents do not
        set it may not type it on a partner of one whose documents do, nor
        on a partner shared by all companies when any company's documents
        set it (the date those documents keep would be overwritten)."""
        super()._retail_check_derived(vals_list, create=create)
        if self._retail_server_writes():
            return
        sent = [
            vals
            for vals in vals_list
            if "customer_since" in vals and (vals["customer_since"] or not create)
        ]
        if not sent:
            return
        if create:
            company_ids = {vals.get("company_id") or False for vals in sent}
        else:
            # sudo: whose partners these are, whoever the user
            company_ids = {partner.company_id.id for partner in self.sudo()}
        if self._retail_customer_since_set_by(company_ids):
            self._retail_refuse_derived({"customer_since"})

    @api.depends_context("company")
    def _compute_retail_customer_since_auto(self):
        self.retail_customer_since_auto = self._retail_customer_since_is_automatic()

    @api.depends_context("allowed_company_ids")
    def _compute_retail_sales_summary(self):
        """One query for all of ``self`` (a list of 80 customers costs what
        one does); a contact shows its company's figures, as the reports
        count sales by commercial partner."""
        customers = {
            partner: partner._origin.commercial_partner_id.id for partner in self
        }
        summary = self.env["retail.customer.report"]._get_sales_summary(
            list(set(customers.values()) - {False})
        )
        currency = self.env.company.currency_id
        for partner, customer in customers.items():
            count, amount, number, day = summary.get(customer, (0, 0.0, False, False))
            partner.retail_currency_id = currency
            partner.retail_sales_count = count
            partner.retail_sales_amount = amount
            partner.retail_last_sale_name = number
            partner.retail_last_sale_date = day

    def action_open_retail_sales(self):
        """The list of the customer's purchases (the documents its *Shop
        purchases* figures count), over all time like the figures."""
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_retail_customers.retail_customer_purchase_action"
        )
        action["name"] = _("Shop Purchases of %(customer)s", customer=customer.name)
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"retail_purchase_partner_id": customer.id}
        return action

    def _retail_privacy_export_purchases(self):
        """The purchases of this customer (a commercial partner) for its data
        export, as dicts (date, number, document type, amount, currency,
        model, id), by kind of document, read in batches. The core lists
        what its *Shop purchases* count (``retail.customer.purchase``): each
        bridge's source (POS orders, sale orders, invoices) and the ledger's
        own sales, an invoiced order once, as the order, in the companies
        the user works in; bridges may add rows by extending this
        generator."""
        self.ensure_one()
        lines = self.env["retail.customer.report"]._get_sales_lines_query(
            SQL("(%s)", self.id), company=True
        )
        lang = self.env.lang or "en_US"
        currency = self.env.company.currency_id.name
        self.env.cr.execute(
            SQL(
                "SELECT model, COALESCE(name->>%s, name->>'en_US') FROM ir_model",
                lang,
            )
        )
        labels = dict(self.env.cr.fetchall())
        last = (-1, 0)
        while True:
            # keyset on (source, document): the condition reaches each
            # source's own index, every batch reads only its rows
            self.env.cr.execute(
                SQL(
                    """
                SELECT s.source, s.document, s.moment::date, s.number, s.amount,
                       s.model, cur.name
                  FROM (%s) AS s(customer, moment, number, amount, model,
                                 document, source, company)
             LEFT JOIN res_company co ON co.id = s.company
             LEFT JOIN res_currency cur ON cur.id = co.currency_id
                 WHERE s.source > %s OR (s.source = %s AND s.document > %s)
              ORDER BY s.source, s.document
                 LIMIT %s
                    """,
                    lines,
                    last[0],
                    last[0],
                    last[1],
                    PRIVACY_EXPORT_BATCH,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                return
            # the amounts are in the currency of each document's company
            for _source, document, day, number, amount, model, code in rows:
                yield {
                    "date": day,
                    "number": number,
                    "document_type": labels.get(model, model),
                    "amount": float(amount or 0.0),
                    "currency": code or currency,
                    "model": model,
                    "document_id": document,
                }
            last = rows[-1][:2]

    def action_retail_privacy_export(self):
        """Download the customer's data export (Retail CRM managers)."""
        self.ensure_one()
        check_retail_manager(
            self.env, _("Only Retail CRM managers export a customer's data.")
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_retail_customers/privacy/export/{self.id}",
            "target": "download",
        }

    def _retail_pop_merged_derived(self, vals):
        """Leave out the derived fields that Odoo's merge wizard copies to the
        destination with every other field: the merge rebuilds them from the
        moved entries and cards. Outside a merge they are left in ``vals``, to
        be refused by ``retail.derived.state.mixin``. (The context key can be
        sent by any client: it only ever removes values.)"""
        if self.env.context.get("retail_partner_merge"):
            vals = dict(vals)
            for name in self._retail_derived_field_names() | {"customer_since"}:
                vals.pop(name, None)
        return vals

    def _retail_pop_commercial_partner(self, vals):
        """Leave out a ``commercial_partner_id`` sent by a client: Odoo
        computes it from the parent and the company status, and stores what
        it is sent when nothing it depends on changes. Set by hand, it
        would decide whose points a contact's card spends, around the checks
        of a move (:meth:`_retail_reparented`). Server code (superuser)
        keeps it; an import of an export that holds the column still
        works."""
        if "commercial_partner_id" in vals and not self.env.su:
            vals = dict(vals)
            vals.pop("commercial_partner_id")
        return vals

    # -- create and write (all concerns) ---------------------------------------
    def _retail_derived_field_names(self):
        names = (
            super()._retail_derived_field_names()
            | set(MEMBERSHIP_FIELDS)
            | {"retail_forgotten", "retail_forgotten_date"}
        )
        if self._retail_customer_since_is_automatic():
            names.add("customer_since")
        return names

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._retail_clean_ref(vals) for vals in vals_list]
        vals_list = self._retail_utm_defaults(vals_list)
        self._retail_check_opening_rights(vals_list)
        self._retail_check_opening_numbers(vals_list)
        self._retail_check_customer_numbers(
            [(None, vals, self.browse()) for vals in vals_list]
        )
        vals_list = [
            self._retail_pop_commercial_partner(self._retail_pop_merged_derived(vals))
            for vals in vals_list
        ]
        partners = super().create(vals_list)
        partners._retail_log_consents({}, list(MARKETING_BANS))
        partners.filtered("customer_group_id")._retail_apply_group_pricelist({})
        self.env["retail.tier"]._assign_entry_tier(partners)
        partners.filtered(
            lambda p: p.customer_type_id and not p.ref
        )._retail_assign_customer_number()
        opened = partners.filtered("retail_opening_sales_count")
        if opened:
            # the all-time figures add them: new ones count at once
            opened.invalidate_recordset(SUMMARY_FIELDS)
            opened._retail_opening_tiers()
        return partners

    def write(self, vals):
        if self.env.context.get("retail_partner_merge"):
            # Odoo's merge copies the merged partners' values to the
            # destination while they still exist: the destination keeps its
            # own number (the context key only ever removes a value).
            vals = {k: v for k, v in vals.items() if k != "ref"}
            # the opening figures add up afterwards (base_partner_merge.py)
            vals = {k: v for k, v in vals.items() if k not in OPENING_FIELDS}
        self._retail_check_opening_rights([vals])
        self._retail_check_opening_numbers([vals])
        self._retail_check_revive(vals)
        vals = self._retail_clean_ref(vals)
        if {"ref", "customer_type_id", "company_id"} & set(vals):
            self._retail_check_customer_numbers(
                [(partner.id, vals, partner) for partner in self]
            )
        vals = self._retail_pop_commercial_partner(
            self._retail_pop_merged_derived(vals)
        )
        old_groups = (
            {p.id: p.customer_group_id for p in self}
            if "customer_group_id" in vals
            else None
        )
        reparented = self._retail_reparented(vals)
        self._retail_check_company_change(vals)
        ban_channels = [
            channel for channel, (own, _eff) in MARKETING_BANS.items() if own in vals
        ]
        old_bans = self._retail_own_bans(ban_channels) if ban_channels else None
        res = super().write(vals)
        if ban_channels:
            self._retail_log_consents(old_bans, ban_channels)
        if reparented:
            reparented._retail_transfer_points_to_commercial()
        if old_groups is not None and "property_product_pricelist" not in vals:
            self._retail_apply_group_pricelist(old_groups)
        if vals.get("customer_type_id"):
            self.filtered(
                lambda p: p.customer_type_id and not p.ref
            )._retail_assign_customer_number()
        if set(OPENING_FIELDS) & set(vals):
            self.invalidate_recordset(SUMMARY_FIELDS)
        if "retail_opening_sales_amount" in vals:
            self._retail_opening_tiers()
        return res

    @api.model
    def _retail_utm_defaults(self, vals_list):
        """A customer who signs up on the web (a partner created in a public
        visitor's request, e.g. the portal's sign-up) after arriving through
        a tracked link gets the link's source, campaign and medium: Odoo's
        UTM cookies, which ``utm``'s ``ir.http`` sets from the ``utm_*``
        parameters of any URL. What the request gives explicitly is kept.
        Staff creating customers carry the cookies of their own browsing:
        they are ignored (only a public visitor's request counts)."""
        if not request or not request.env.user._is_public():
            return vals_list
        ids = self._retail_utm_from_request()
        if not ids:
            return vals_list
        return [
            {**vals, **{f: i for f, i in ids.items() if not vals.get(f)}}
            for vals in vals_list
        ]

    @api.model
    def _retail_utm_from_request(self):
        """``{acquisition field: id}`` of the source, campaign and medium of
        the tracked link the visitor of this request came through (Odoo's
        UTM cookies); empty outside a request or without a link. Only the
        customer's own request may say where the customer came from: the
        callers make sure of that."""
        if not request:
            return {}
        cookies = request.httprequest.cookies
        names = {}
        for _param, mixin_field, cookie in self.env["utm.mixin"].tracking_fields():
            field = UTM_ACQUISITION_FIELDS.get(mixin_field)
            name = (cookies.get(cookie) or "").strip()[:UTM_NAME_MAX]
            if field and name:
                names[field] = name
        # sudo: a visitor may not read or create UTM records; only the names
        # of their own link are looked up (or recorded), as Odoo's utm.mixin
        # does for leads
        Mixin = self.env["utm.mixin"].sudo()
        return {
            field: Mixin._find_or_create_record(
                self._fields[field].comodel_name, name
            ).id
            for field, name in names.items()
        }

    def _retail_set_acquisition_from_request(self):
        """A customer joining the programme themself (the customer portal)
        after a tracked link gets the link's source, campaign and medium
        where they have none yet: what staff or an earlier link set stays."""
        ids = self._retail_utm_from_request()
        for partner in self:
            missing = {f: i for f, i in ids.items() if not partner[f]}
            if missing:
                partner.write(missing)

    # == customer types, customer numbers, relations ===========================
    ref = fields.Char(copy=False)
    customer_type_id = fields.Many2one(
        "retail.customer.type",
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        help="Decides the customer number the partner gets when created or "
        "first given a type.",
    )
    relation_ids = fields.One2many(
        "retail.partner.relation",
        "partner_id",
        string="Relations",
        help="How this customer relates to others.",
    )
    inverse_relation_ids = fields.One2many(
        "retail.partner.relation",
        "related_partner_id",
        string="Relations of Others",
        help="How other customers relate to this one.",
    )

    _sql_constraints = [
        # Implemented by the partial index of ``init``.
        (
            "customer_number_company_uniq",
            "",
            "This customer number is already used in this company.",
        ),
    ]

    def init(self):
        res = super().init()
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_customer_number_company_uniq
                ON res_partner (ref, COALESCE(company_id, 0))
             WHERE customer_type_id IS NOT NULL AND ref IS NOT NULL AND ref != ''
            """
        )
        return res

    # -- customer numbers ---------------------------------------------------------
    @api.model
    def _retail_clean_ref(self, vals):
        """Numbers typed or imported with spaces around are the same number."""
        if isinstance(vals.get("ref"), str) and vals["ref"] != vals["ref"].strip():
            vals = dict(vals, ref=vals["ref"].strip())
        return vals

    def _retail_number_taken(self, number, company, customer_type, exclude_ids=()):
        """Whether ``number`` is another partner's customer number in
        ``company``, or any company's for a partner shared by all (empty
        ``company``). A partner without a type keeps its free-form reference,
        which only counts against a typed partner's number.

        ``sudo()``: partners the user cannot read (other companies' shared
        ranges, archived contacts) still hold their numbers; only a yes or no
        is read.
        """
        domain = [("ref", "=", number), ("id", "not in", list(exclude_ids))]
        if company:
            domain.append(("company_id", "in", [company.id, False]))
        if not customer_type:
            domain.append(("customer_type_id", "!=", False))
        # sudo: a number is taken by partners of every company and archived
        # ones too, whoever asks; only whether one exists is read
        return bool(
            self.sudo().with_context(active_test=False).search_count(domain, limit=1)
        )

    @api.model
    def _retail_check_customer_numbers(self, items):
        """Refuse a customer number already used, before anything is
        written. ``items`` lists ``(partner id or None, vals, partner)``."""
        Company = self.env["res.company"]
        Type = self.env["retail.customer.type"]
        seen = set()
        for partner_id, vals, partner in items:
            number = vals.get("ref", partner.ref)
            if not number:
                continue
            company = (
                Company.browse(vals["company_id"])
                if "company_id" in vals
                else partner.company_id
            )
            customer_type = (
                Type.browse(vals["customer_type_id"])
                if "customer_type_id" in vals
                else partner.customer_type_id
            )
            key = (number, company.id)
            if (customer_type and key in seen) or self._retail_number_taken(
                number, company, customer_type, [partner_id] if partner_id else []
            ):
                if company:
                    message = _(
                        "The customer number %(number)s is already used by another "
                        "partner of %(company)s. Leave it empty to get the next "
                        "number of the customer type.",
                        number=number,
                        company=company.name,
                    )
                else:
                    message = _(
                        "The customer number %(number)s is already used by another "
                        "partner. Leave it empty to get the next number of the "
                        "customer type.",
                        number=number,
                    )
                raise ValidationError(message)
            if customer_type:
                seen.add(key)

    def _retail_assign_customer_number(self):
        """Give each partner the next free number of its type's sequence.

        A number given by hand or imported before may already be taken: it
        is skipped, like a number a cancelled transaction used.
        """
        for partner in self:
            customer_type = partner.customer_type_id
            for _attempt in range(MAX_TAKEN_NUMBERS):
                number = customer_type._next_customer_number()
                if not partner._retail_number_taken(
                    number, partner.company_id, customer_type, [partner.id]
                ):
                    break
            else:
                raise UserError(
                    _(
                        "The sequence of the customer type %(type)s only gives "
                        "numbers that are already used (last: %(number)s). Set "
                        "its next number or prefix.",
                        type=customer_type.name,
                        number=number,
                    )
                )
            # ``write`` checks the number again (it was just found free) and
            # the partial unique index holds it against a concurrent create
            partner.write({"ref": number})
        return True

    # -- relations ------------------------------------------------------------------
    def _retail_get_referrer(self):
        """The member who referred this customer (their "referred by"
        relation), or an empty recordset. Used by the referral bonus.

        ``sudo()``: the bonus is booked by server code for whoever records
        the purchase; the referrer is read, nothing else.
        """
        self.ensure_one()
        referred_by = self.env.ref(REFERRED_BY_XMLID, raise_if_not_found=False)
        if not referred_by:
            return self.browse()
        # sudo: see the docstring; only the referrer of this customer is read
        relations = self.env["retail.partner.relation"].sudo()
        relation = relations.search(
            [
                ("type_id", "=", referred_by.id),
                ("partner_id", "=", self.commercial_partner_id.id),
            ],
            order="id",
            limit=1,
        )
        referrer = relation.related_partner_id.commercial_partner_id
        if not referrer.retail_member:
            return self.browse()
        return referrer.with_env(self.env)

    # == loyalty programme membership ==========================================
    retail_member = fields.Boolean(
        "Loyalty Member",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Member of the loyalty programme: earns and redeems points.",
    )
    retail_member_since = fields.Date(
        "Member Since",
        readonly=True,
        copy=False,
        help="Date the customer last joined the loyalty programme.",
    )
    retail_member_source = fields.Selection(
        [
            ("backoffice", "Back office"),
            ("pos", "Point of Sale"),
            ("card", "Card issued"),
            ("portal", "Customer portal"),
            ("import", "Import"),
            ("upgrade", "Upgrade of the application"),
        ],
        "Enrolled Through",
        readonly=True,
        copy=False,
    )
    retail_member_user_id = fields.Many2one(
        "res.users",
        "Enrolled By",
        readonly=True,
        copy=False,
    )
    retail_member_left_on = fields.Date(
        "Not a Member Since",
        readonly=True,
        copy=False,
        help="Date the customer last left the loyalty programme.",
    )
    retail_outside_programme = fields.Boolean(
        "Outside the Loyalty Programme",
        compute="_compute_retail_points_frozen",
        help="The company reserves points to members and the customer is not "
        "one: no tier, no earning, no redeeming.",
    )
    retail_points_frozen_note = fields.Char(
        "Frozen Balance",
        compute="_compute_retail_points_frozen",
        help="Why the balance and lifetime points of a customer outside the "
        "loyalty programme do not move.",
    )
    retail_points_frozen = fields.Boolean(
        "Points Frozen",
        compute="_compute_retail_points_frozen",
        help="The customer left the loyalty programme: the balance is kept but "
        "can neither grow, be redeemed nor expire until they join again.",
    )

    # -- birthdays ------------------------------------------------------------
    @api.constrains("retail_birth_day", "retail_birth_month", "birthdate")
    def _check_birthday(self):
        for partner in self:
            day, month = partner.retail_birth_day or 0, partner.retail_birth_month or 0
            if not 0 <= month <= 12 or day < 0 or (day and not month):
                valid = False
            else:
                # 2000 is a leap year: 29 February is a birthday
                valid = not day or day <= calendar.monthrange(2000, month)[1]
            if not valid:
                raise ValidationError(
                    _(
                        "%(day)s/%(month)s is not a birthday (day/month) of "
                        "%(customer)s.",
                        day=day,
                        month=month,
                        customer=partner.display_name,
                    )
                )
            birthdate = partner.birthdate
            if birthdate and (day, month) != (birthdate.day, birthdate.month):
                raise ValidationError(
                    _(
                        "The birthday of %(customer)s must match the birthdate "
                        "%(birthdate)s.",
                        customer=partner.display_name,
                        birthdate=birthdate,
                    )
                )

    @api.model
    def _retail_birthdays_on(self, day):
        """``(month, day)`` birthdays celebrated on ``day``: 29 February is
        celebrated on 28 February in other years."""
        pairs = [(day.month, day.day)]
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            pairs.append((2, 29))
        return pairs

    @api.model
    def _cron_retail_birthday_bonus(self, batch_size=BIRTHDAY_BATCH):
        """Daily job: book each company's birthday bonus for the members whose
        birthday it is, once per customer and year (key
        ``birthday:<partner>:<year>``): a job run twice a day, or run again
        after a server stop, books nothing twice. Birthdays of the last
        ``BIRTHDAY_CATCH_UP_DAYS`` days are looked at, so a job that did not
        run on the day still books them (in the birthday's year). A customer
        booked by a till (or another job) at that very moment is left to a
        next run, which the job triggers at once.

        One run goes through at most ``batch_size`` members not booked yet
        (:meth:`_retail_birthday_members`) and triggers the job again when
        more are left: the cron commits each run, so at a million customers
        (about 2,700 birthdays a day, 19,000 after a week without the job) a
        run killed half-way loses one batch, not the day, and the run after
        it goes on with the members the key shows unbooked. A run that
        booked nothing (members who may not earn, a bonus rounded to 0)
        does not trigger another: it would find the same members again."""
        today = fields.Date.context_today(self)
        busy = more = False
        booked_now = 0
        left = batch_size
        Entry = self.env["retail.point.entry"]
        companies = self.env["res.company"].search(
            [("retail_birthday_points", ">", 0)], order="id"
        )
        for company in companies:
            for back in range(BIRTHDAY_CATCH_UP_DAYS):
                day = today - timedelta(days=back)
                members = self._retail_birthday_members(company, day, left + 1)
                if len(members) > left:
                    members = members[:left]
                    more = True
                left -= len(members)
                # each member read on its own: every booking invalidates
                # the customers' cache, and a shared prefetch re-read the
                # whole batch's rows for each member (about 10 ms each)
                for member in map(self.browse, members.ids):
                    key = f"birthday:{member.id}:{day.year}"
                    try:
                        with self.env.cr.savepoint():
                            # sudo: whether the bonus was booked before, by
                            # whichever company, decides only the greeting
                            booked = Entry.sudo().search_count(
                                [("idempotency_key", "=", key)], limit=1
                            )
                            entry = member._retail_book_bonus(
                                company.retail_birthday_points,
                                key,
                                Entry._origin_vals("birthday", year=day.year),
                                company,
                            )
                    except (UserError, psycopg2.errors.SerializationFailure) as exc:
                        # one customer booked by a till at this very moment,
                        # or booked by another company, must not void the run
                        busy = busy or not isinstance(exc, UserError)
                        _logger.info(
                            "Birthday bonus of partner %s not booked: %s",
                            member.id,
                            exc,
                        )
                        continue
                    if entry and not booked:
                        booked_now += 1
                        # the greeting goes with a bonus booked now, once
                        member._retail_send_message_once(
                            "birthday",
                            company,
                            day,
                            {"points": entry.points, "date": day},
                        )
                if more:
                    break
            if more:
                break
        if busy or (more and booked_now):
            self.env.ref(
                "crm_retail_customers.ir_cron_retail_birthday_bonus"
            )._trigger()

    @api.model
    def _retail_birthday_members(self, company, day, limit):
        """Up to ``limit`` members of ``company`` (or shared) whose birthday
        is celebrated on ``day`` and whose bonus of that year is not booked
        yet (no entry under ``birthday:<partner>:<year>``, in any company),
        by id."""
        members = self.search(
            expression.AND(
                [
                    [("retail_member", "=", True)],
                    [("company_id", "in", [company.id, False])],
                    self._retail_birthday_domain(day),
                ]
            ),
            order="id",
        )
        if not members:
            return members
        self.env["retail.point.entry"].flush_model(["idempotency_key"])
        self.env.cr.execute(
            """
            SELECT m.id
              FROM unnest(%s::int[]) AS m(id)
             WHERE NOT EXISTS (
                       SELECT 1 FROM retail_point_entry e
                        WHERE e.idempotency_key = 'birthday:' || m.id || ':' || %s)
          ORDER BY m.id
             LIMIT %s
            """,
            [members.ids, str(day.year), limit],
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _retail_birthday_domain(self, day):
        """Domain of the customers whose birthday is celebrated on ``day``."""
        return expression.OR(
            [
                [("retail_birth_month", "=", month), ("retail_birth_day", "=", mday)]
                for month, mday in self._retail_birthdays_on(day)
            ]
        )

    # -- membership -----------------------------------------------------------
    @api.depends(
        "retail_member",
        "retail_member_left_on",
        "reward_points",
        "reward_points_earned",
        "commercial_partner_id",
    )
    @api.depends_context("company")
    def _compute_retail_points_frozen(self):
        for partner in self:
            customer = partner.commercial_partner_id
            company = customer.company_id or self.env.company
            outside = bool(company.retail_members_only and not customer.retail_member)
            partner.retail_outside_programme = outside
            partner.retail_points_frozen = bool(outside and customer.reward_points)
            note = False
            if outside and customer.retail_member_left_on:
                note = _(
                    "Frozen: not a member since %(date)s. The balance and the "
                    "lifetime points (earned while a member) do not change until "
                    "the customer joins again.",
                    date=format_date(self.env, customer.retail_member_left_on),
                )
            elif outside and (customer.reward_points or customer.reward_points_earned):
                note = _(
                    "Frozen: not a member. The balance and the lifetime points do "
                    "not change until the customer joins the loyalty programme."
                )
            partner.retail_points_frozen_note = note

    def _retail_may_earn(self, company=None):
        """Whether the customer earns, redeems and receives bonuses in
        ``company`` (default: the current one): an active customer who is a
        member, or anyone active when the company does not reserve points to
        members. Hook of every bonus (birthday, welcome, referral)."""
        self.ensure_one()
        customer = self.commercial_partner_id
        company = company or self.env.company
        if not customer.active:
            return False
        return customer.retail_member or not company.retail_members_only

    def _retail_check_may_redeem(self, company=None):
        """Refuse a redemption by a customer who may not redeem (members
        only: a frozen balance cannot be spent)."""
        self.ensure_one()
        if not self._retail_may_earn(company):
            raise UserError(
                _(
                    "%(customer)s is not a member of the loyalty programme: "
                    "no points can be redeemed.",
                    customer=self.commercial_partner_id.display_name,
                )
            )

    def _retail_book_bonus(self, points, key, origin, company=None, **vals):
        """Book a ``bonus`` of ``points`` once for the event ``key`` (e.g.
        ``welcome:<partner>``, ``referral:<referred partner>``), when the
        customer may earn in ``company``. Nothing for 0 points. ``origin``
        is a text, or the values of ``retail.point.entry._origin_vals`` for
        a description the application writes (read in the reader's language).

        :return: the ``retail.point.entry`` booked or already booked under
            ``key``, or an empty recordset when nothing is booked
        """
        self.ensure_one()
        company = company or self.env.company
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if float_compare(points, 0.0, precision_digits=digits) < 0:
            raise UserError(_("A bonus cannot be negative."))
        if not key:
            raise UserError(_("A bonus needs the key of its event."))
        # a whole-points company gives whole bonus points (rounded down)
        points = company._retail_round_points(points)
        if float_compare(
            points, 0.0, precision_digits=digits
        ) == 0 or not self._retail_may_earn(company):
            return self.env["retail.point.entry"]
        # a description of the application comes with its code and parameters
        origin_vals = origin if isinstance(origin, dict) else {"origin": origin}
        return self._post_reward_points(
            points,
            "bonus",
            idempotency_key=key,
            company_id=company.id,
            **origin_vals,
            **vals,
        )

    @api.model
    def _retail_frozen_ids(self, partner_ids):
        """Ids among ``partner_ids`` of non-members in a company reserving
        points to members (their own, else the current one): one query."""
        self.flush_model(["retail_member", "company_id"])
        self.env["res.company"].flush_model(["retail_members_only"])
        self.env.cr.execute(
            """
            SELECT p.id
              FROM res_partner p
              JOIN res_company c ON c.id = COALESCE(p.company_id, %s)
             WHERE p.id IN %s
               AND NOT COALESCE(p.retail_member, FALSE)
               AND c.retail_members_only
            """,
            [self.env.company.id, tuple(partner_ids)],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _retail_check_enrol_rights(self):
        if not (self.env.su or self.env.user.has_group(USER_GROUP)):
            raise AccessError(
                _(
                    "Only Retail CRM users enrol customers in the loyalty "
                    "programme or take them out of it."
                )
            )

    def action_retail_enrol(self):
        """Back-office button: the customers join the loyalty programme."""
        self._retail_check_enrol_rights()
        self.check_access_rule("read")
        # sudo: a Retail CRM user (checked above) enrols customers they can
        # see without needing the right to edit contacts; only the membership
        # fields and the welcome bonus are written, by the application
        self.sudo()._retail_enrol("backoffice")
        return True

    def action_retail_leave(self):
        """Back-office button: the customers leave the programme; their
        balance is kept, frozen (see the class docstring)."""
        self._retail_check_enrol_rights()
        self.check_access_rule("read")
        members = self.commercial_partner_id.filtered("retail_member")
        # sudo: as for enrolling; only the membership flag is written
        members.sudo()._retail_write_derived(
            {
                "retail_member": False,
                "retail_member_left_on": fields.Date.context_today(self),
            }
        )
        return True

    def _retail_enrol(self, source):
        """Make the commercial partners of ``self`` members (``source``: how,
        one of ``retail_member_source``), by the current user, and book the
        welcome bonus for the ways of joining that give it. Members already
        are left as they are. Refuses archived customers, writing nothing.

        :return: the customers who joined now
        """
        customers = self.commercial_partner_id
        archived = customers.filtered(lambda partner: not partner.active)
        if archived:
            raise UserError(
                _(
                    "%(customer)s is archived and cannot join the loyalty programme.",
                    customer=archived[0].display_name,
                )
            )
        joining = customers.filtered(lambda partner: not partner.retail_member)
        if not joining:
            return joining
        joining._retail_write_derived(
            {
                "retail_member": True,
                "retail_member_since": fields.Date.context_today(self),
                "retail_member_source": source,
                "retail_member_user_id": self.env.uid,
                "retail_member_left_on": False,
            }
        )
        if source in WELCOME_SOURCES:
            for customer in joining:
                company = customer.company_id or self.env.company
                if company.retail_welcome_on_enrol:
                    # sudo: the bonus is the company's setting, booked once
                    # per customer under a key of their id; whoever may enrol
                    # books it without the ledger rights of a retail manager
                    customer.sudo()._retail_try_bonus(
                        "welcome", customer.sudo()._retail_book_welcome, company
                    )
        if source not in SILENT_SOURCES:
            today = fields.Date.context_today(self)
            for customer in joining:
                customer._retail_send_message_once(
                    "welcome", customer.company_id or self.env.company, today
                )
        return joining

    # -- bonuses of the first paid purchase --------------------------------------
    def _retail_reward_first_purchase(self, company, purchase=None):
        """A paid purchase of this customer in ``company`` (a POS order, a
        posted invoice): the one hook the bridges call, once the purchase's
        own points (its redemption first) are booked. It books the bonuses
        that a first paid purchase earns, as entries of the document
        ``purchase`` when given (so that a refund of it in full can take them
        back: see the Point of Sale bridge):

        - the welcome bonus of the customer (:meth:`_retail_reward_welcome`),
          so that enrolling customers who never buy earns nothing, and the
          bonus cannot pay for the purchase that triggered it;
        - the referral bonus of whoever referred them
          (:meth:`_retail_reward_referral`).

        A bonus never blocks a booking: one that cannot be booked (a key held
        by another customer, an archived referrer, a company mismatch) is
        skipped and logged, its savepoint rolled back; the purchase goes on.

        :return: the bonus entries booked (the welcome bonus also when found
            under its key), or an empty recordset
        """
        self.ensure_one()
        customer = self.commercial_partner_id
        entries = self.env["retail.point.entry"]
        for label, points, book in (
            ("welcome", company.retail_welcome_points, customer._retail_reward_welcome),
            (
                "referral",
                company.retail_referral_points,
                customer._retail_reward_referral,
            ),
        ):
            # no savepoint (no query) while the company gives no such bonus
            if self._retail_is_bonus(points):
                entries |= customer._retail_try_bonus(
                    label, partial(book, purchase=purchase), company
                )
        return entries

    @api.model
    def _retail_is_bonus(self, points):
        """Whether a company's bonus setting of ``points`` gives anything (0
        turns a bonus off; negative values are refused by the settings)."""
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        return float_compare(points, 0.0, precision_digits=digits) > 0

    def _retail_try_bonus(self, label, book, company):
        """``book(company)`` in a savepoint: a bonus the ledger refuses is
        skipped and logged (``label`` names it), never raised to the booking
        or enrolment that triggered it.

        :return: the entry ``book`` returned, or an empty recordset
        """
        try:
            with self.env.cr.savepoint():
                return book(company)
        except (UserError, psycopg2.IntegrityError) as exc:
            _logger.warning(
                "The %s bonus of partner %s in company %s was not booked: %s",
                label,
                self.id,
                company.id,
                exc,
            )
        return self.env["retail.point.entry"]

    def _retail_book_welcome(self, company, purchase=None):
        """Book ``company``'s welcome bonus on this customer, once (key
        ``welcome:<customer>``), as an entry of ``purchase`` when given."""
        self.ensure_one()
        customer = self.commercial_partner_id
        return customer._retail_book_bonus(
            company.retail_welcome_points,
            f"welcome:{customer.id}",
            self.env["retail.point.entry"]._origin_vals("welcome"),
            company,
            **self._retail_purchase_vals(purchase),
        )

    @api.model
    def _retail_purchase_vals(self, purchase):
        """The document values of a bonus that ``purchase`` earned (none
        without a purchase)."""
        if not purchase:
            return {}
        return {"res_model": purchase._name, "res_id": purchase.id}

    def _retail_reward_welcome(self, company, purchase=None):
        """A paid purchase in ``company``: a member who joined in a way that
        gives the welcome bonus (back office, till, card issued, customer
        portal; not an import nor the upgrade) receives it now, once. Costs
        no query while the company gives no welcome bonus.

        :return: the bonus entry, or an empty recordset
        """
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        if not self._retail_is_bonus(company.retail_welcome_points):
            return Entry
        customer = self.commercial_partner_id
        if not (
            customer.retail_member and customer.retail_member_source in WELCOME_SOURCES
        ):
            return Entry
        return customer._retail_book_welcome(company, purchase)

    def _retail_reward_referral(self, company, purchase=None):
        """A paid purchase of this customer in ``company``: the member who
        referred them (a "referred by" relation) earns the company's referral
        bonus, once per referred customer (key ``referral:<customer>``), on
        the first paid purchase after the referral was recorded.

        The key is the once-only rule: when the referral bonus of the
        customer was booked already (for whoever referred them then), a
        referrer recorded later gets nothing, and nothing fails.

        Called through :meth:`_retail_reward_first_purchase`, whether or not
        the buyer earns points themselves. Costs no query while the company
        gives no referral bonus.

        :return: the bonus entry, or an empty recordset
        """
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        if not self._retail_is_bonus(company.retail_referral_points):
            return Entry
        customer = self.commercial_partner_id
        referrer = customer._retail_get_referrer()
        if not referrer or referrer == customer:
            return Entry
        key = f"referral:{customer.id}"
        # sudo: a key held by anyone (another company's referrer included)
        # only decides that nothing more is booked; nothing of it is returned
        if Entry.sudo().search_count([("idempotency_key", "=", key)], limit=1):
            return Entry
        return referrer._retail_book_bonus(
            company.retail_referral_points,
            key,
            self.env["retail.point.entry"]._origin_vals(
                "referral", customer=customer.display_name
            ),
            company,
            **self._retail_purchase_vals(purchase),
        )

    # -- tier upgrade e-mail --------------------------------------------------
    def _retail_notify_tier_upgrade(self):
        """E-mail the customer their new tier (template in their language)
        and keep the message in the chatter. The e-mail is queued, not sent
        while the booking (a till's order) waits."""
        template = self.env.ref(
            "crm_retail_customers.mail_template_retail_tier_upgrade",
            raise_if_not_found=False,
        )
        if not template or not self.email:
            return
        # sudo: a fixed template of the application on the customer whose
        # ledger the booking just changed; whoever booked (a cashier) needs no
        # rights on templates or the composer
        self.sudo().with_context(mail_notify_force_send=False).message_post_with_source(
            template, subtype_xmlid="mail.mt_comment"
        )

    # -- messages to the customer ---------------------------------------------
    def _retail_message_email_ok(self, kind):
        """Whether the e-mail ``kind`` may go to this customer: an address,
        not blacklisted, and for a promotional message no e-mail marketing
        ban (:data:`PROMOTIONAL_MESSAGES`; service messages are the
        customer's own enrolment, points and statement)."""
        self.ensure_one()
        if not self.email_normalized or self.is_blacklisted:
            return False
        return not (kind in PROMOTIONAL_MESSAGES and self.effective_no_email_marketing)

    def _retail_send_message(self, kind, company, values=None):
        """Send the message ``kind`` (see ``retail.customer.message``) of
        ``company`` to the commercial partner of this customer by the
        channels the company enables: the e-mail template here, in the
        customer's language, posted in the chatter (a note: the customer
        receives it, the followers do not) and queued as a ``mail.mail``.
        ``values`` reach the template as ``ctx['retail_message']``. The SMS
        bridge adds its channel.

        :return: whether a message was queued
        """
        self.ensure_one()
        customer = self.commercial_partner_id
        if not company[f"retail_mail_{kind}"]:
            return False
        # sudo: an application's message to the customer, whoever triggered
        # it (a cashier enrolling, a job); no rights on templates are needed
        customer = customer.sudo().with_company(company)
        if not customer._retail_message_email_ok(kind):
            return False
        template = self.env.ref(MESSAGE_TEMPLATES[kind], raise_if_not_found=False)
        if not template:
            return False
        # a note (the followers are not notified) in the light layout: the
        # default one heads a note "Internal communication", which the
        # customer is not
        customer.with_context(
            retail_message=values or {}, mail_notify_force_send=False
        ).message_post_with_source(
            template,
            subtype_xmlid="mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
        )
        return True

    def _retail_send_message_once(self, kind, company, ref_date, values=None):
        """:meth:`_retail_send_message`, once per customer, company, ``kind``
        and ``ref_date`` (``retail.customer.message``), in a savepoint: a
        message that fails (a template edited wrong) is logged and never
        stops the booking or the job that triggered it; one that goes by no
        channel is not recorded (it may go once the customer has an address).

        :return: whether a message was queued now
        """
        self.ensure_one()
        if not company._retail_message_enabled(kind):
            return False
        # the customer may be the one who triggered the message (joining in
        # the customer portal: the portal user is the author); Odoo does not
        # notify a message's author, yet the message is for them. Only the
        # customer is a recipient (a note), so nobody else is notified.
        customer = self.commercial_partner_id.with_context(mail_notify_author=True)
        Message = self.env["retail.customer.message"]
        try:
            with self.env.cr.savepoint():
                if not Message._retail_claim(customer, company, kind, ref_date):
                    return False
                if not customer._retail_send_message(kind, company, values):
                    raise _NothingSent()
        except _NothingSent:
            return False
        except UserError as exc:
            _logger.warning(
                "The %s message to partner %s was not sent: %s", kind, customer.id, exc
            )
            return False
        return True

    # == purchases in the previous system =====================================
    # The customer's purchases in the system the shop used before: their
    # number, total and last date, as the import of existing customers brings
    # them (no documents behind them here). Opening figures, kept apart from
    # documents: the all-time figures and the "recent transactions" report
    # add them to the documents' (the purchase list shows documents only), a
    # report over a period leaves them out (they have no dates but the last
    # one), and tiers count them only where the company says so
    # (``res.company.retail_tier_opening_purchases``). Only Retail CRM
    # managers set them: they weigh on tiers, which are money.
    retail_opening_sales_count = fields.Integer(
        "Purchases in the Previous System",
        groups="crm_retail_customers.group_retail_user",
        help="Number of purchases the customer made before this register, "
        "as imported from the previous system.",
    )
    retail_opening_sales_amount = fields.Monetary(
        "Purchase Total in the Previous System",
        currency_field="retail_currency_id",
        groups="crm_retail_customers.group_retail_user",
        help="What those purchases came to, in the company's currency.",
    )
    retail_opening_last_sale_date = fields.Date(
        "Last Purchase in the Previous System",
        groups="crm_retail_customers.group_retail_user",
    )

    retail_opening_editable = fields.Boolean(
        compute="_compute_retail_opening_editable",
        help="The current user may set these figures (a Retail CRM manager).",
    )

    @api.depends_context("uid")
    def _compute_retail_opening_editable(self):
        self.retail_opening_editable = self.env.user.has_group(OPENING_MANAGER_GROUP)

    @api.constrains(*OPENING_FIELDS)
    def _check_retail_opening_figures(self):
        today = fields.Date.context_today(self)
        for partner in self:
            count = partner.retail_opening_sales_count
            amount = partner.retail_opening_sales_amount
            day = partner.retail_opening_last_sale_date
            if not (count or amount or day):
                continue
            if partner.parent_id and not partner.is_company:
                raise ValidationError(
                    _(
                        "%(partner)s is a contact of %(company)s: purchases of "
                        "the previous system belong on the company.",
                        partner=partner.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )
            if count < 0 or amount < 0:
                raise ValidationError(
                    _(
                        "The purchases of %(partner)s in the previous system "
                        "cannot be negative.",
                        partner=partner.display_name,
                    )
                )
            if not count:
                raise ValidationError(
                    _(
                        "%(partner)s has a purchase total or a last purchase "
                        "date from the previous system but no purchases: give "
                        "their number too.",
                        partner=partner.display_name,
                    )
                )
            if day and day > today:
                raise ValidationError(
                    _(
                        "The last purchase of %(partner)s in the previous "
                        "system (%(date)s) is in the future.",
                        partner=partner.display_name,
                        date=day,
                    )
                )

    @api.model
    def _retail_check_opening_numbers(self, vals_list):
        """Refuse an opening figure that is no finite number (``nan``,
        ``inf``, ``1e309`` in an imported file, NaN or Infinity over
        JSON-RPC) before it is written: Odoo would round it to the
        currency's or the integer's digits and fail with a raw ``ValueError``
        (an import shows "Unknown error"). The constraint cannot see it: the
        conversion fails first."""
        for vals in vals_list:
            for name in ("retail_opening_sales_count", "retail_opening_sales_amount"):
                value = vals.get(name)
                if isinstance(value, bool) or not isinstance(value, int | float | str):
                    continue  # empty, or not a number at all: Odoo's own message
                try:
                    finite = math.isfinite(float(value))
                except ValueError:
                    continue  # text that is no number: Odoo's own message
                except OverflowError:
                    finite = False  # an integer too large for a float
                if not finite:
                    raise ValidationError(
                        _(
                            "%(field)s must be a finite number, not %(value)s.",
                            field=self._fields[name]._description_string(self.env),
                            value=value,
                        )
                    )

    def _retail_check_opening_rights(self, vals_list):
        """Opening figures weigh on tiers (and so on price lists): only
        Retail CRM managers set them, also over RPC and imports."""
        if self.env.su or self.env.user.has_group(OPENING_MANAGER_GROUP):
            return
        if any(set(OPENING_FIELDS) & set(vals) for vals in vals_list):
            raise AccessError(
                _(
                    "Only Retail CRM managers may set the purchases of the "
                    "previous system."
                )
            )

    def _retail_opening_tiers(self):
        """Put these customers in the tier their lifetime points and, where
        the company counts them, their purchases in the previous system
        reach (``retail.tier._update_customer_tier``)."""
        Tier = self.env["retail.tier"]
        customers = self.filtered(lambda p: p.is_company or not p.parent_id)
        # sudo: the tier is derived state that only server code sets; the
        # figures it follows were just written by a Retail CRM manager
        customers = customers.sudo()
        companies = Tier._get_tier_companies(customers)
        for customer in customers:
            Tier._update_customer_tier(
                customer, customer.reward_points_earned, companies[customer.id]
            )

    def _retail_opening_tier_points(self, company):
        """The lifetime points the customer's purchases in the previous
        system count for in ``company``'s tiers: their total at the
        company's points per currency unit, where the company counts them."""
        self.ensure_one()
        # sudo: two settings of the company whose tiers the customer is in,
        # read only: a user of another company who books for a shared
        # customer (or merges one) moves their tier all the same
        company = company.sudo()
        if not (company and company.retail_tier_opening_purchases):
            return 0.0
        # sudo: a booking of a cashier moves the tier; the figure is read only
        amount = self.sudo().retail_opening_sales_amount
        return (amount or 0.0) * company.retail_points_per_currency

    # == erasure ("right to be forgotten") ======================================
    # ``action_retail_forget`` is the public entry (the confirmation wizard
    # calls it): Retail CRM managers only, on customers they may edit.
    # ``_retail_forget`` is the worker (private: no RPC, no access check of its
    # own) that a retention job may call. The partner row keeps its id, so the
    # ledger, orders, invoices, payments and consent rows keep pointing to it
    # and every figure stays exact; it is archived and emptied of everything
    # personal. Bridges extend ``_retail_forget_check`` (refusals, before
    # anything is written) and ``_retail_forget_scrub`` (their tables).
    retail_forgotten = fields.Boolean(
        "Erased",
        readonly=True,
        copy=False,
        help="The customer's personal data was erased at their request; the "
        "record only ties the ledger and the documents together.",
    )
    retail_forgotten_date = fields.Datetime("Erased on", readonly=True, copy=False)

    def action_retail_forget(self):
        """Erase these customers (and the contacts of a company): Retail CRM
        managers only, on customers of their companies they may edit.

        :return: the ``retail.erasure.log`` rows written (none when all were
            erased already)
        """
        check_retail_manager(
            self.env, _("Only Retail CRM managers may erase a customer's data.")
        )
        # every partner the erasure empties (a company's contacts, a
        # person's addresses), not only those asked for, passes the checks
        # sudo: the search must see contacts the user cannot read, so that
        # the checks below refuse them instead of the erasure missing them
        targets = self.sudo()._retail_forget_targets().with_env(self.env) | self
        self.check_access_rights("write")
        self.check_access_rule("write")
        # the contacts and addresses the user may not edit: refused without
        # naming them (Odoo's message would name them in debug mode)
        hidden = targets - targets._filter_access_rules("write")
        if hidden:
            raise AccessError(
                _(
                    "%(customer)s has contacts or addresses you may not edit: "
                    "their data can only be erased by someone who may.",
                    customer=", ".join(self.mapped("display_name")),
                )
            )
        allowed = self.env.companies
        for partner in targets:
            # a contact without a company of a customer company of another
            # company is that company's (its export answers as unknown)
            # sudo: only the company of the partner's customer company
            company = (
                partner.company_id or partner.sudo().commercial_partner_id.company_id
            )
            if company and company not in allowed:
                raise AccessError(
                    _(
                        "%(customer)s belongs to a company you do not work in.",
                        customer=partner.display_name,
                    )
                )
        targets._retail_forget_check_companies(allowed)
        # sudo: the rights were checked above; the worker reads and empties
        # rows (messages, traces, users) that no user may write one by one
        return self.sudo()._retail_forget().with_env(self.env)

    def _retail_forget_foreign_tables(self):
        """``[(table, partner column, company column)]``: the rows tying a
        partner to a company. A partner holding such rows in a company the
        erasing user does not work in is refused. Bridges add their
        documents' tables (POS orders, invoices, sale orders)."""
        return [
            ("retail_point_entry", "partner_id", "company_id"),
            ("retail_card", "partner_id", "company_id"),
        ]

    def _retail_forget_check_companies(self, companies):
        """Refuse (``AccessError``) when one of these partners has points,
        cards or documents in a company outside ``companies``: a shared
        customer of another company is that company's to erase too. The
        message names the customer only, never the other company's
        documents."""
        self.env.flush_all()
        ids = tuple(self.ids)
        if not ids:
            return
        cr = self.env.cr
        cr.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
        present = set(cr.fetchall())
        for (
            table,
            partner_column,
            company_column,
        ) in self._retail_forget_foreign_tables():
            if (table, partner_column) not in present or (
                table,
                company_column,
            ) not in present:
                continue
            # table and column names come from the code, never from a user
            cr.execute(
                SQL(
                    "SELECT %s FROM %s WHERE %s IN %s AND %s IS NOT NULL "
                    "AND NOT (%s = ANY(%s)) LIMIT 1",
                    SQL.identifier(partner_column),
                    SQL.identifier(table),
                    SQL.identifier(partner_column),
                    ids,
                    SQL.identifier(company_column),
                    SQL.identifier(company_column),
                    companies.ids,
                )
            )
            row = cr.fetchone()
            if row:
                # sudo: the name of a partner the user may edit (checked before
                # this), whatever company its other fields belong to
                customer = self.browse(row[0]).sudo().display_name
                raise AccessError(
                    _(
                        "%(customer)s also has points, cards or documents in a "
                        "company you do not work in: their data can only be "
                        "erased by someone working in all their companies.",
                        customer=customer,
                    )
                )

    def _retail_check_revive(self, vals):
        """An erased partner stays erased: nobody but the server (superuser)
        un-archives it or writes its personal fields again (a revived
        record would never be erased again)."""
        if self.env.su:
            return
        personal = set(self._retail_forget_columns()) | {"name", "complete_name"}
        if not (vals.get("active") or personal & set(vals)):
            return
        # sudo: only whether one of them was erased
        if any(self.sudo().mapped("retail_forgotten")):
            raise UserError(
                _("This customer's data was erased: create a new customer.")
            )

    def _retail_forget_targets(self):
        """The partners an erasure of ``self`` empties: the partners
        themselves and, for a company, its contacts and addresses, for a
        person their addresses (invoice, delivery, other; archived ones
        too); those erased already are left out."""
        partners = self.with_context(active_test=False)
        companies = partners.filtered("is_company")
        if companies:
            partners |= partners.search([("id", "child_of", companies.ids)])
        # a person's invoice and delivery addresses are theirs too
        persons = partners - companies
        if persons:
            partners |= partners.search(
                [("id", "child_of", persons.ids), ("type", "!=", "contact")]
            )
        return partners.filtered(lambda partner: not partner.retail_forgotten)

    def _retail_forget(self):
        """Erase the personal data of ``self`` (see the section comment).
        Everything is checked first (:meth:`_retail_forget_check`, a
        ``UserError`` writes nothing), then written in a savepoint: a
        failure leaves nothing half-erased. Partners erased already are
        skipped (idempotent).

        :return: the ``retail.erasure.log`` rows written
        """
        Log = self.env["retail.erasure.log"]
        partners = self._retail_forget_targets()
        if not partners:
            return Log
        partners._retail_forget_check()
        self.env.flush_all()
        with self.env.cr.savepoint():
            closed = partners._retail_forget_close_ledger()
            # the anonymous names, and the strings the documents and
            # messages may hold: read before the partner rows are emptied
            names = {partner.id: self._retail_forget_name() for partner in partners}
            values = partners._retail_forget_values(names)
            partners._retail_forget_other_ledgers(values)
            partners._retail_forget_scrub(names, values)
            self.env.flush_all()
            self.env.invalidate_all()
            logs = Log._retail_record(partners, closed)
        self.env.invalidate_all()
        return logs

    def _retail_forget_check(self):
        """Refuse (``UserError``, nothing written) what cannot be erased.
        Bridges add their documents' rules."""
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "in", self.ids), ("share", "=", False)], limit=1)
        )
        if users:
            raise UserError(
                _(
                    "%(partner)s is the contact of the user %(user)s of this "
                    "database: archive the user and erase their data as an "
                    "employee's, not as a customer's.",
                    partner=users.partner_id.display_name,
                    user=users.login,
                )
            )
        company = (
            self.env["res.company"]
            .with_context(active_test=False)
            .search([("partner_id", "in", self.ids)], limit=1)
        )
        if company:
            raise UserError(
                _(
                    "%(partner)s is the address of the company %(company)s; "
                    "it cannot be erased.",
                    partner=company.partner_id.display_name,
                    company=company.name,
                )
            )
        system = self._retail_forget_system_partners()
        if system:
            raise UserError(
                _(
                    "%(partner)s is a record the system itself uses (the "
                    "public user, the portal template, a data record of "
                    "Odoo); it cannot be erased.",
                    partner=system[0].display_name,
                )
            )

    def _retail_forget_system_partners(self):
        """Those of these partners the system needs: data records of the
        ``base`` module (the public partner...), the partners of the public
        user and of the portal template user (auth_signup), and of share
        users that are not portal users."""
        # sudo: only whether they are ``base`` data records
        data = self.env["ir.model.data"].sudo()
        base_ids = set(
            data.search(
                [
                    ("module", "=", "base"),
                    ("model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                ]
            ).mapped("res_id")
        )
        users = self.env.ref("base.public_user", raise_if_not_found=False)
        template_id = (
            # sudo: a system parameter read, only to know the template user
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("base.template_portal_user_id")
        )
        if template_id and str(template_id).isdigit():
            users |= self.env["res.users"].browse(int(template_id))
        portal = self.env.ref("base.group_portal")
        users |= (
            self.env["res.users"]
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("share", "=", True),
                    ("groups_id", "not in", portal.ids),
                ]
            )
        )
        users = users.with_context(active_test=False).exists()
        system_ids = base_ids | set(users.partner_id.ids)
        return self.filtered(lambda partner: partner.id in system_ids)

    def _retail_forget_close_ledger(self):
        """Close the balance of each of these partners, per company, with an
        entry of kind ``erase`` (key ``erase:<partner>:<company>``): the
        accounts still add up, the liability sees breakage. Typed notes and
        descriptions of their entries are emptied (amounts, points, dates and
        kinds are kept).

        :return: ``{partner id: {company id: (entries, points closed)}}``
        """
        cr = self.env.cr
        Entry = self.env["retail.point.entry"]
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        self._retail_lock()
        cr.execute(
            """SELECT partner_id, company_id, COUNT(*), SUM(points)
                 FROM retail_point_entry WHERE partner_id IN %s
             GROUP BY 1, 2 ORDER BY 1, 2""",
            [tuple(self.ids)],
        )
        closed = {}
        for partner_id, company_id, count, points in cr.fetchall():
            entries, total = 0, 0.0
            if not float_is_zero(points or 0.0, precision_digits=digits):
                Entry._book_points(
                    self.browse(partner_id),
                    -points,
                    "erase",
                    company_id=company_id,
                    idempotency_key=f"erase:{partner_id}:{company_id}",
                    **Entry._origin_vals("erase"),
                )
                total -= points
            closed.setdefault(partner_id, {})[company_id] = (entries + count, total)
        self.env.flush_all()
        # Typed texts (no ``*_code``: written by a person, an import row)
        # may name anyone; what the application wrote is rendered from
        # parameters, which may name the customer (transfers, merges): both
        # are emptied. Document numbers (``res_model`` set) are kept.
        cr.execute(
            """UPDATE retail_point_entry
                  SET note = NULL, note_code = NULL, note_params = NULL,
                      origin = CASE WHEN res_model IS NULL AND origin_code IS NULL
                                    THEN NULL ELSE origin END
                WHERE partner_id IN %s AND kind != 'erase'""",
            [tuple(self.ids)],
        )
        Entry.invalidate_model(["note", "note_code", "note_params", "origin"])
        return closed

    def _retail_forget_other_ledgers(self, values):
        """Entries of other customers that the application wrote naming
        these ones (the referrer's "Referral of ...", the notes of transfers
        and merges): the anonymous name instead, amounts untouched."""
        self._retail_forget_replace(
            "retail_point_entry",
            ["origin", "origin_params", "note", "note_params"],
            "partner_id NOT IN %s AND (origin_code = 'referral' "
            "OR note_code IN ('note_transfer', 'note_merge'))",
            [tuple(self.ids)],
            values,
        )
        self.env["retail.point.entry"].invalidate_model(
            ["origin", "origin_params", "note", "note_params"]
        )

    def _retail_forget_values(self, names):
        """The personal strings of these partners that other records may
        copy (a name in a tracking value or a document's stored name, an
        e-mail in a message): ``[(value, replacement)]`` (the replacement:
        the partner's anonymous name of ``names``), longest first,
        values shorter than 4 characters left out (they are not
        distinctive and would damage unrelated text)."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id, name, complete_name, email, email_normalized, phone,
                      mobile, phone_sanitized, street, street2, vat, ref,
                      card_number
                 FROM res_partner WHERE id IN %s""",
            [tuple(self.ids)],
        )
        values = {}
        for row in self.env.cr.fetchall():
            anonymous = names[row[0]]
            for value in row[1:]:
                if value and len(value.strip()) >= 4:
                    values.setdefault(value.strip(), anonymous)
        self.env.cr.execute(
            "SELECT partner_id, number FROM retail_card WHERE partner_id IN %s",
            [tuple(self.ids)],
        )
        for partner_id, number in self.env.cr.fetchall():
            if number and len(number) >= 4:
                values.setdefault(number, names[partner_id])
        return sorted(values.items(), key=lambda item: -len(item[0]))

    @api.model
    def _retail_forget_name(self):
        """The name an erased partner is shown under: neutral and
        translated, with a random token that derives from nothing personal
        (not the id, not the customer number)."""
        token = hashlib.sha256(uuid.uuid4().bytes).hexdigest()[:6].upper()
        return _("Erased customer %(token)s", token=token)

    def _retail_forget_replace(self, table, columns, where, params, values):
        """Replace each personal value of ``values`` by its anonymous
        replacement in ``columns`` (text or JSON) of the rows of ``table``
        matching ``where`` (SQL, with ``params``), in one statement."""
        if not values:
            return
        self.env.cr.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND column_name IN %s",
            [table, tuple(columns)],
        )
        kinds = dict(self.env.cr.fetchall())
        assignments = []
        for column in columns:
            kind = kinds.get(column)
            if not kind:
                continue
            term = SQL.identifier(column)
            if kind in ("jsonb", "json"):
                term = SQL("%s::text", term)
            for value, replacement in values:
                term = SQL("replace(%s, %s, %s)", term, value, replacement)
            if kind in ("jsonb", "json"):
                term = SQL(f"(%s)::{kind}", term)
            assignments.append(SQL("%s = %s", SQL.identifier(column), term))
        if assignments:
            # table and column names come from the code, never from a user
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE %s",
                    SQL.identifier(table),
                    SQL(", ").join(assignments),
                    SQL(where, *params),
                )
            )

    def _retail_forget_scrub(self, names, values):
        """Empty the personal data of these partners in the core's tables
        and in Odoo's (messages, tracking values, followers, activities,
        blacklists, users, bank accounts, images). Bridges extend it for
        their documents (and call ``super()``). SQL throughout: an erasure
        of a customer with a long history costs a few statements."""
        cr = self.env.cr
        ids = tuple(self.ids)
        # -- our own tables ----------------------------------------------------
        # the retention list keeps the row (erased) without the texts a
        # manager typed or an earlier refusal wrote, which may name them
        cr.execute(
            "UPDATE retail_retention_candidate SET state = 'erased', "
            "exclusion_reason = NULL, error = NULL WHERE partner_id IN %s",
            [ids],
        )
        self.env["retail.retention.candidate"].invalidate_model(
            ["state", "exclusion_reason", "error"]
        )
        # relations name two people: the row goes
        cr.execute(
            "DELETE FROM retail_partner_relation "
            "WHERE partner_id IN %s OR related_partner_id IN %s",
            [ids, ids],
        )
        # cards keep their row (POS orders and proofs point to them) without
        # a number that identifies the person (unique: the card's id)
        cr.execute("SELECT id FROM retail_card WHERE partner_id IN %s", [ids])
        card_ids = tuple(row[0] for row in cr.fetchall())
        if card_ids:
            cr.execute(
                "UPDATE retail_card SET number = 'ERASED-' || id, code = NULL "
                "WHERE id IN %s",
                [card_ids],
            )
            self._retail_forget_messages("retail.card", card_ids)
        # national and other identity numbers (partner_identification)
        cr.execute(
            "DELETE FROM res_partner_id_number WHERE partner_id IN %s RETURNING id",
            [ids],
        )
        self._retail_forget_messages(
            "res.partner.id_number", tuple(row[0] for row in cr.fetchall())
        )
        # -- Odoo's tables -------------------------------------------------------
        cr.execute(
            "DELETE FROM ir_attachment WHERE res_model = 'res.partner' "
            "AND res_id IN %s",
            [ids],
        )
        # bank accounts: documents may point to them (payments); their
        # number and holder are emptied, the row archived
        cr.execute(
            """UPDATE res_partner_bank
                  SET acc_number = 'ERASED-' || id,
                      sanitized_acc_number = 'ERASED-' || id,
                      acc_holder_name = NULL, active = FALSE
                WHERE partner_id IN %s RETURNING id""",
            [ids],
        )
        self._retail_forget_messages(
            "res.partner.bank", tuple(row[0] for row in cr.fetchall())
        )
        # portal users: documents, messages and logs point to them; they are
        # archived and lose their login, password and signature
        cr.execute(
            """UPDATE res_users
                  SET login = 'erased-' || id, password = NULL, signature = NULL,
                      active = FALSE
                WHERE partner_id IN %s RETURNING id""",
            [ids],
        )
        user_ids = tuple(row[0] for row in cr.fetchall())
        if user_ids:
            # their open sessions end now: Odoo caches each session's token
            # (computed from the login, password and active flag written
            # above in SQL), as ``res.users.write`` does for these fields
            self.env.registry.clear_cache()
            cr.execute("DELETE FROM res_users_apikeys WHERE user_id IN %s", [user_ids])
            cr.execute("DELETE FROM res_users_log WHERE create_uid IN %s", [user_ids])
            # two-factor authentication (auth_totp): the secret and the
            # trusted devices (their browser and the key) are credentials
            cr.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'res_users' AND column_name = 'totp_secret'"
            )
            if cr.fetchone():
                cr.execute(
                    "UPDATE res_users SET totp_secret = NULL WHERE id IN %s",
                    [user_ids],
                )
            cr.execute("SELECT to_regclass('auth_totp_device') IS NOT NULL")
            if cr.fetchone()[0]:
                cr.execute(
                    "DELETE FROM auth_totp_device WHERE user_id IN %s", [user_ids]
                )
        # blocklists hold the address itself, and their chatter tracks it;
        # an address or number another customer or list contact still uses
        # keeps its row (that one's objection holds)
        emails, phones = self._retail_forget_exclusive_addresses()
        cr.execute(
            "DELETE FROM mail_blacklist WHERE email IN %s RETURNING id",
            [emails or ("",)],
        )
        self._retail_forget_messages(
            "mail.blacklist", tuple(row[0] for row in cr.fetchall())
        )
        cr.execute(
            "DELETE FROM phone_blacklist WHERE number IN %s RETURNING id",
            [phones or ("",)],
        )
        self._retail_forget_messages(
            "phone.blacklist", tuple(row[0] for row in cr.fetchall())
        )
        # the partner's own chatter (tracking values, notifications and
        # attachment links go with the messages), followers and activities
        self._retail_forget_messages("res.partner", ids)
        cr.execute("DELETE FROM mail_followers WHERE partner_id IN %s", [ids])
        cr.execute(
            "DELETE FROM mail_activity WHERE res_model = 'res.partner' "
            "AND res_id IN %s",
            [ids],
        )
        cr.execute("DELETE FROM mail_notification WHERE res_partner_id IN %s", [ids])
        cr.execute(
            "DELETE FROM mail_message_res_partner_rel WHERE res_partner_id IN %s",
            [ids],
        )
        cr.execute(
            "DELETE FROM mail_message_res_partner_starred_rel "
            "WHERE res_partner_id IN %s",
            [ids],
        )
        cr.execute("DELETE FROM mail_message_reaction WHERE partner_id IN %s", [ids])
        cr.execute("DELETE FROM discuss_channel_member WHERE partner_id IN %s", [ids])
        # messages elsewhere written by them: the text is theirs
        cr.execute(
            """UPDATE mail_message
                  SET author_id = NULL, email_from = NULL, reply_to = NULL,
                      body = CASE WHEN message_type IN ('comment', 'email')
                                  THEN '' ELSE body END,
                      subject = NULL
                WHERE author_id IN %s""",
            [ids],
        )
        # messages from their address that no author links to them (an
        # e-mail received): the whole address, not a part of another one
        addresses = self._retail_forget_own_emails()
        patterns = [email_pattern(email) for email in addresses]
        if patterns:
            cr.execute(
                "UPDATE mail_message SET email_from = NULL, reply_to = NULL "
                "WHERE email_from ~* ANY(%s) OR reply_to ~* ANY(%s)",
                [patterns, patterns],
            )
        # queued or kept e-mails to them: the mail goes when they are its
        # only recipient, else they leave its recipients
        self._retail_forget_mails(addresses, patterns)
        # wizards' rows (kept until Odoo's clean-up): a composer of a
        # message to them holds its rendered text ("Dear ...") and their name
        self._retail_forget_wizards(values)
        if values:
            cr.execute(
                "DELETE FROM bus_bus WHERE message LIKE ANY(%s)",
                [[like(value) for value, _name in values]],
            )
        # tracking values that name them (the customer of an order, an
        # invoice, a card): the anonymous name instead
        for partner_id, name in names.items():
            cr.execute(
                """UPDATE mail_tracking_value v
                       SET old_value_char = CASE WHEN v.old_value_integer = %(id)s
                                                 THEN %(name)s ELSE old_value_char END,
                           new_value_char = CASE WHEN v.new_value_integer = %(id)s
                                                 THEN %(name)s ELSE new_value_char END
                      FROM ir_model_fields f
                     WHERE f.id = v.field_id AND f.relation = 'res.partner'
                       AND %(id)s IN (v.old_value_integer, v.new_value_integer)""",
                {"id": partner_id, "name": name},
            )
        # -- the partner rows ------------------------------------------------------
        self._retail_forget_partner_rows(names)

    def _retail_forget_wizards(self, values):
        """Delete the wizards' rows (transient models: a mail composer, the
        portal invitation, an SMS composer...) that point to these partners
        or hold one of their personal ``values``: a wizard's row is a draft
        nobody needs once used, and Odoo removes it only at its next
        clean-up (a message to the customer leaves its composer with the
        rendered "Dear ..." and the name). The erasure's own confirmation
        wizard is kept (it is running; it holds no personal data)."""
        cr = self.env.cr
        ids = tuple(self.ids)
        likes = [like(value) for value, _name in values]
        for model in self.env.registry.values():
            if (
                not model._transient
                or not model._auto
                or model._name == "retail.partner.forget"
            ):
                continue
            terms = []
            for field in model._fields.values():
                if not field.store or not field.column_type:
                    if (
                        field.type == "many2many"
                        and field.store
                        and field.comodel_name == "res.partner"
                    ):
                        terms.append(
                            SQL(
                                "id IN (SELECT %s FROM %s WHERE %s IN %s)",
                                SQL.identifier(field.column1),
                                SQL.identifier(field.relation),
                                SQL.identifier(field.column2),
                                ids,
                            )
                        )
                    continue
                column = SQL.identifier(field.name)
                if field.type == "many2one" and field.comodel_name == "res.partner":
                    terms.append(SQL("%s IN %s", column, ids))
                elif field.type in ("char", "text", "html") and likes:
                    if field.translate:
                        column = SQL("%s::text", column)
                    terms.append(SQL("%s LIKE ANY(%s)", column, likes))
            if terms:
                # table and column names come from the registry, never from
                # a user
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE %s",
                        SQL.identifier(model._table),
                        SQL(" OR ").join(terms),
                    )
                )
                self.env[model._name].invalidate_model()
        # a composer to several records names them in ``res_ids`` ("[7, 12]")
        cr.execute("SELECT to_regclass('mail_compose_message') IS NOT NULL")
        if cr.fetchone()[0]:
            cr.execute(
                "DELETE FROM mail_compose_message "
                "WHERE model = 'res.partner' AND res_ids ~ ANY(%s)",
                [[rf"(^|[^0-9]){partner_id}([^0-9]|$)" for partner_id in ids]],
            )
            self.env["mail.compose.message"].invalidate_model()

    def _retail_forget_own_emails(self):
        """The normalised e-mail addresses of these partners."""
        self.env.cr.execute(
            "SELECT DISTINCT lower(email_normalized) FROM res_partner "
            "WHERE id IN %s AND email_normalized IS NOT NULL",
            [tuple(self.ids)],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _retail_forget_exclusive_addresses(self, with_lists=True):
        """The e-mail addresses and phone numbers of these partners that no
        other partner (not erased) and, ``with_lists``, no mailing-list
        contact uses: ``(emails, phones)``, tuples. Only those may leave the
        blocklists and the mailing lists."""
        cr = self.env.cr
        ids = tuple(self.ids)
        cr.execute(
            """SELECT DISTINCT lower(e.email_normalized) FROM res_partner e
                WHERE e.id IN %s AND e.email_normalized IS NOT NULL
                  AND NOT EXISTS (
                      SELECT 1 FROM res_partner o
                       WHERE lower(o.email_normalized) = lower(e.email_normalized)
                         AND o.id NOT IN %s
                         AND o.retail_forgotten IS NOT TRUE)""",
            [ids, ids],
        )
        emails = [row[0] for row in cr.fetchall()]
        cr.execute(
            """SELECT DISTINCT n.number
                 FROM res_partner e, unnest(ARRAY[e.phone_sanitized, e.mobile])
                      AS n(number)
                WHERE e.id IN %s AND n.number IS NOT NULL
                  AND NOT EXISTS (
                      SELECT 1 FROM res_partner o
                       WHERE n.number IN (o.phone_sanitized, o.mobile)
                         AND o.id NOT IN %s
                         AND o.retail_forgotten IS NOT TRUE)""",
            [ids, ids],
        )
        phones = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT to_regclass('mailing_contact') IS NOT NULL")
        if with_lists and cr.fetchone()[0] and (emails or phones):
            cr.execute(
                "SELECT lower(email_normalized), phone_sanitized, mobile "
                "FROM mailing_contact WHERE lower(email_normalized) IN %s "
                "OR phone_sanitized IN %s OR mobile IN %s",
                [
                    tuple(emails) or ("",),
                    tuple(phones) or ("",),
                    tuple(phones) or ("",),
                ],
            )
            used = {value for row in cr.fetchall() for value in row if value}
            emails = [email for email in emails if email not in used]
            phones = [phone for phone in phones if phone not in used]
        return tuple(emails), tuple(phones)

    def _retail_forget_mails(self, addresses, patterns):
        """Queued or kept e-mails (``mail.mail``) to these partners or to
        their ``addresses`` (``patterns``: their whole-address patterns):
        deleted when nobody else receives them, else the erased recipients
        leave the recipients (partners, To and Cc)."""
        cr = self.env.cr
        ids = tuple(self.ids)
        cr.execute(
            "SELECT DISTINCT mail_mail_id FROM mail_mail_res_partner_rel "
            "WHERE res_partner_id IN %s",
            [ids],
        )
        mail_ids = {row[0] for row in cr.fetchall()}
        if patterns:
            cr.execute(
                "SELECT id FROM mail_mail "
                "WHERE email_to ~* ANY(%s) OR email_cc ~* ANY(%s)",
                [patterns, patterns],
            )
            mail_ids |= {row[0] for row in cr.fetchall()}
        if not mail_ids:
            return
        cr.execute(
            "DELETE FROM mail_mail_res_partner_rel "
            "WHERE res_partner_id IN %s AND mail_mail_id IN %s",
            [ids, tuple(mail_ids)],
        )
        erased = set(addresses)
        cr.execute(
            """SELECT m.id, m.email_to, m.email_cc,
                      EXISTS (SELECT 1 FROM mail_mail_res_partner_rel r
                               WHERE r.mail_mail_id = m.id)
                 FROM mail_mail m WHERE m.id IN %s""",
            [tuple(mail_ids)],
        )
        gone = []
        for mail_id, email_to, email_cc, other_partners in cr.fetchall():
            kept = []
            for text in (email_to, email_cc):
                pairs = email_split_tuples(text or "")
                rest = [
                    formataddr(pair)
                    for pair in pairs
                    if (email_normalize(pair[1]) or pair[1].lower()) not in erased
                ]
                kept.append(", ".join(rest) or None)
            if not other_partners and not kept[0] and not kept[1]:
                gone.append(mail_id)
            else:
                cr.execute(
                    "UPDATE mail_mail SET email_to = %s, email_cc = %s WHERE id = %s",
                    [kept[0], kept[1], mail_id],
                )
        if gone:
            cr.execute(
                "DELETE FROM mail_mail WHERE id IN %s RETURNING mail_message_id",
                [tuple(gone)],
            )
            message_ids = tuple({row[0] for row in cr.fetchall() if row[0]})
            # the message of a mail sent from no document (its subject, its
            # body) is the mail's: it goes too, unless another mail uses it
            if message_ids:
                cr.execute(
                    """DELETE FROM mail_message m
                        WHERE m.id IN %s AND m.model IS NULL
                          AND NOT EXISTS (SELECT 1 FROM mail_mail o
                                           WHERE o.mail_message_id = m.id)""",
                    [message_ids],
                )

    def _retail_forget_documents(self, model, res_ids, values):
        """Documents of ``model`` (``res_ids``) kept after the erasure (an
        invoice, a POS order): the personal strings ``values`` their
        messages, tracking values and e-mails copied (the name in "Dear
        ...", an address, the e-mail) become the anonymous name. Bridges
        call it for their documents; the documents' own columns are theirs
        to scrub."""
        if not res_ids:
            return
        res_ids = tuple(res_ids)
        where = "model = %s AND res_id IN %s"
        self._retail_forget_replace(
            "mail_message",
            ["body", "subject", "record_name", "email_from", "reply_to", "preview"],
            where,
            [model, res_ids],
            values,
        )
        self._retail_forget_replace(
            "mail_tracking_value",
            ["old_value_char", "new_value_char", "old_value_text", "new_value_text"],
            "mail_message_id IN (SELECT id FROM mail_message WHERE " + where + ")",
            [model, res_ids],
            values,
        )
        self._retail_forget_replace(
            "mail_mail",
            ["body_html", "email_to", "email_cc", "headers"],
            "mail_message_id IN (SELECT id FROM mail_message WHERE " + where + ")",
            [model, res_ids],
            values,
        )

    def _retail_forget_messages(self, model, res_ids):
        """Delete the messages of ``model`` records ``res_ids`` (their
        tracking values, notifications and attachment links go with them,
        by the foreign keys) and their attachments."""
        if not res_ids:
            return
        cr = self.env.cr
        cr.execute(
            "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
            [model, tuple(res_ids)],
        )
        cr.execute(
            "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
            [model, tuple(res_ids)],
        )
        if model != "res.partner":
            cr.execute(
                "DELETE FROM ir_attachment WHERE res_model = %s AND res_id IN %s "
                "AND res_field IS NULL",
                [model, tuple(res_ids)],
            )

    def _retail_forget_partner_rows(self, names):
        """Empty the personal columns of the partner rows (``names``: the
        anonymous name of each), archive them and flag them erased; members
        leave the loyalty programme (their balance was closed)."""
        cr = self.env.cr
        ids = tuple(names)
        columns = self._retail_forget_columns()
        cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name IN %s",
            [tuple(columns)],
        )
        present = {row[0] for row in cr.fetchall()}
        emptied = SQL(", ").join(
            SQL("%s = NULL", SQL.identifier(column)) for column in sorted(present)
        )
        now = fields.Datetime.now()
        for partner_id, name in names.items():
            cr.execute(
                SQL(
                    """UPDATE res_partner
                          SET %s, name = %s, complete_name = %s,
                              active = FALSE, retail_forgotten = TRUE,
                              retail_forgotten_date = %s,
                              retail_member_left_on = CASE WHEN retail_member
                                  THEN %s ELSE retail_member_left_on END,
                              retail_member = FALSE
                        WHERE id = %s""",
                    emptied,
                    name,
                    name,
                    now,
                    now.date(),
                    partner_id,
                )
            )
        # the contacts' copies of their company's name
        cr.execute(
            "UPDATE res_partner SET commercial_company_name = NULL "
            "WHERE commercial_partner_id IN %s",
            [ids],
        )

    @api.model
    def _retail_forget_columns(self):
        """Columns of ``res_partner`` emptied by an erasure (those of
        modules not installed are skipped). Bridges may add theirs."""
        return [
            "display_name",
            "email",
            "email_normalized",
            "phone",
            "mobile",
            "phone_sanitized",
            "street",
            "street2",
            "zip",
            "city",
            "state_id",
            "country_id",
            "website",
            "comment",
            "vat",
            "company_registry",
            "ref",
            "function",
            "title",
            "birthdate",
            "retail_birth_day",
            "retail_birth_month",
            "gender",
            "card_number",
            "commercial_company_name",
            "company_name",
            "retail_properties",
            "retail_national_id_country_id",
            "barcode",
            "industry_id",
            "signup_token",
            "signup_type",
            "signup_expiration",
            "partner_latitude",
            "partner_longitude",
            "preferred_contact_method",
            "additional_info",
            "retail_opening_last_sale_date",
        ]
