# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import float_compare, float_is_zero, float_round

from .retail_access import check_retail_manager
from .retail_contact_role import SYSTEM_ROLE_CODES
from .retail_point_entry import EARNED_KINDS, EXPIRING_KINDS, LOT_KINDS, POINT_KINDS

_logger = logging.getLogger(__name__)

#: Customers one run of the points expiry job books (see
#: ``_cron_expire_reward_points``): about 12 s at 1.2 ms a customer, well
#: within the default 120 s limit of a cron run.
EXPIRY_BATCH = 10000

#: Balance fields maintained in SQL by ``_post_reward_points`` only.
BALANCE_FIELDS = ("reward_points", "reward_points_earned")
#: Kinds booked also on an archived customer: what the ledger takes back or
#: moves (archiving a customer must not keep points a refund takes back).
KINDS_WHILE_ARCHIVED = ("expire", "merge", "transfer", "reverse")
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


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "retail.derived.state.mixin"]
    _retail_derived_fields = DERIVED_FIELDS
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
    contact_role_warning = fields.Char(
        compute="_compute_contact_role_warning",
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
    # -- loyalty cards ------------------------------------------------------
    card_ids = fields.One2many("retail.card", "partner_id", string="Cards")
    card_count = fields.Integer(compute="_compute_card_count")
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
    reward_points_expiring = fields.Float(
        "Points Expiring in 30 Days",
        digits="Reward Points",
        compute="_compute_reward_points_expiring",
    )
    # -- profile ------------------------------------------------------------
    birthdate = fields.Date()
    age = fields.Integer(compute="_compute_age")
    birth_month = fields.Integer(
        compute="_compute_birth_month",
        store=True,
        index=True,
        help="Month of the birthdate (1-12), for birthday campaigns.",
    )
    birthday_this_month = fields.Boolean(
        compute="_compute_birthday_this_month",
        search="_search_birthday_this_month",
    )
    gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
    )
    acquisition_source_id = fields.Many2one(
        "utm.source",
        help="How the customer found the shop.",
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
        "Purchases",
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
        columns that reads the whole customer table."""
        if (
            name
            and operator in ("ilike", "=", "=ilike")
            and name.strip().isascii()
            and name.strip().isdigit()
            and len(name.strip()) >= 8
        ):
            holders = self._search(
                [("card_number", "=", name.strip())] + list(domain or []),
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

    def _compute_card_count(self):
        counts = dict(
            self.env["retail.card"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.card_count = counts.get(partner._origin, 0)

    @api.depends_context("company")
    def _compute_reward_points_expiring(self):
        horizon = fields.Date.context_today(self) + timedelta(days=30)
        expiring = self._get_points_to_expire(horizon, self.commercial_partner_id.ids)
        for partner in self:
            partner.reward_points_expiring = expiring.get(
                partner.commercial_partner_id.id, 0.0
            )

    @api.depends("birthdate")
    @api.depends_context("tz")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.age = (
                relativedelta(today, partner.birthdate).years
                if partner.birthdate and partner.birthdate <= today
                else 0
            )

    @api.depends("birthdate")
    def _compute_birth_month(self):
        for partner in self:
            partner.birth_month = partner.birthdate.month if partner.birthdate else 0

    @api.depends("birth_month")
    @api.depends_context("tz")
    def _compute_birthday_this_month(self):
        month = fields.Date.context_today(self).month
        for partner in self:
            partner.birthday_this_month = partner.birth_month == month

    def _search_birthday_this_month(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Unsupported search on birthday."))
        month = fields.Date.context_today(self).month
        positive = (operator == "=") == bool(value)
        return [("birth_month", "=" if positive else "!=", month)]

    @api.depends("child_ids.contact_role_ids", "child_ids.active")
    def _compute_contact_role_warning(self):
        roles = self.env["retail.contact.role"].search(
            [("code", "in", SYSTEM_ROLE_CODES)]
        )
        for partner in self:
            messages = []
            if partner.id and partner.is_company:
                for role in roles:
                    holders = partner._get_role_holders(role.code)
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
            partner.contact_role_warning = " ".join(messages) or False

    # -- contact roles --------------------------------------------------------
    def _get_role_holders(self, code):
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
                else self._get_role_holders(code)[:1]
            )
            if holder:
                result[code] = holder.id
        return result

    # -- price list from the group ---------------------------------------------
    def _get_specific_pricelist(self):
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

    def _apply_group_pricelist(self, old_groups):
        """Give customers the price list of their new group, unless they have
        a price list of their own (other than the one of their old group)."""
        for partner in self.filtered(
            lambda p: p.is_company or not p.parent_id
        ).filtered("customer_group_id.pricelist_id"):
            current = partner._get_specific_pricelist()
            old_group = old_groups.get(partner.id, self.env["retail.customer.group"])
            if not current or current == old_group.pricelist_id:
                partner.property_product_pricelist = (
                    partner.customer_group_id.pricelist_id
                )

    # -- reward points ledger -------------------------------------------------
    def _post_reward_points(self, points, kind, **vals):
        """Book ``points`` of ``kind`` on the customer: the one way to change a
        balance, used by wizards, POS, invoices, imports and jobs.

        The entry goes on the commercial partner (a company's contacts share
        its balance). The partner row is locked (``SELECT ... FOR NO KEY
        UPDATE``: a row lock, in the flavour that does not
        conflict with the key-share locks PostgreSQL takes when an order or
        invoice pointing to the customer is inserted, which deadlocked tills)
        and the stored balance updated in the same transaction, so two tills
        booking at once are serialised and nothing is lost. An already booked
        ``idempotency_key`` returns the existing entry instead of booking again.
        The number of queries does not depend on the customer's history.

        :param float points: signed points (redemptions are negative)
        :param str kind: one of ``retail.point.entry`` kinds
        :param vals: other ``retail.point.entry`` values (origin, amount,
            res_model, res_id, note, idempotency_key, date, company_id, ...)
        :return: the ``retail.point.entry`` booked (or found)
        """
        self.ensure_one()
        return self.commercial_partner_id._retail_book(points, kind, **vals)

    def _retail_book(self, points, kind, **vals):
        """Book on this very partner (see :meth:`_post_reward_points`, the
        entry point; only a transfer books on a partner that is no longer a
        commercial entity, to empty it)."""
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        kinds = dict(POINT_KINDS)
        if kind not in kinds:
            raise UserError(
                _("Unknown kind of reward point entry: %(kind)s.", kind=kind)
            )
        partner = self
        key = vals.get("idempotency_key")
        if key:
            # sudo: the key identifies a source event; whoever books it must
            # see an earlier booking even in a company they cannot read. Only
            # the id and holder of that entry are used.
            existing = Entry.sudo().search([("idempotency_key", "=", key)], limit=1)
            if existing:
                holder = existing.partner_id
                if existing.kind != kind:
                    raise UserError(
                        _(
                            "The key %(key)s names another kind of event; "
                            "nothing was booked.",
                            key=key,
                        )
                    )
                if partner not in (holder, holder.commercial_partner_id):
                    raise UserError(
                        _(
                            "The event %(key)s was already booked for another "
                            "customer; it cannot be booked for %(customer)s.",
                            key=key,
                            customer=partner.display_name,
                        )
                    )
                return Entry.browse(existing.id)
        if not partner.active and kind not in KINDS_WHILE_ARCHIVED:
            raise UserError(
                _(
                    "%(customer)s is archived; no points can be booked.",
                    customer=partner.display_name,
                )
            )
        company = self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )
        if partner.company_id and partner.company_id != company:
            raise UserError(
                _(
                    "%(customer)s belongs to %(customer_company)s; points cannot "
                    "be booked for them in %(company)s.",
                    customer=partner.display_name,
                    customer_company=partner.company_id.name,
                    company=company.name,
                )
            )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        points = float_round(points or 0.0, precision_digits=digits)
        self.env.cr.execute(
            "SELECT reward_points, reward_points_earned FROM res_partner "
            "WHERE id = %s FOR NO KEY UPDATE",
            [partner.id],
        )
        balance, earned = (value or 0.0 for value in self.env.cr.fetchone())
        points = partner._check_reward_points(points, kind, balance, company, vals)
        if vals.get("note") is not None and not (vals["note"] or "").strip():
            vals.pop("note")
        if kind in EXPIRING_KINDS and not vals.get("expiry_date"):
            months = company.retail_points_validity_months
            if months:
                booked = fields.Datetime.to_datetime(
                    vals.get("date") or fields.Datetime.now()
                )
                vals["expiry_date"] = booked.date() + relativedelta(months=months)
        entry = Entry._create_posted(
            dict(
                vals,
                partner_id=partner.id,
                company_id=company.id,
                kind=kind,
                points=points,
                customer_group_id=partner.customer_group_id.id,
            )
        )
        new_earned = earned + (points if kind in EARNED_KINDS else 0.0)
        self.env.cr.execute(
            "UPDATE res_partner SET reward_points = %s, reward_points_earned = %s "
            "WHERE id = %s",
            [
                float_round(balance + points, precision_digits=digits),
                float_round(new_earned, precision_digits=digits),
                partner.id,
            ],
        )
        partner.invalidate_recordset(list(BALANCE_FIELDS))
        if kind in EARNED_KINDS:
            partner._update_reward_tier(new_earned, company)
        return entry

    # -- points follow the customer -------------------------------------------
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
        """Partners of ``self`` holding points that ``vals`` may turn into a
        contact of another entity (a new parent, no longer a company).

        Moving them moves their balance, as a merge does: retail managers
        only, like merges."""
        if not {"parent_id", "is_company"} & set(vals):
            return self.browse()
        holders = self.filtered(lambda partner: partner.reward_points)
        if holders:
            check_retail_manager(
                self.env,
                _(
                    "%(customer)s holds reward points: only a retail manager can "
                    "attach them to a company or change their company status "
                    "(the points move with them).",
                    customer=holders[0].display_name,
                ),
            )
        return holders

    def _retail_transfer_points_to_commercial(self):
        """Move the balance of partners that are no longer a commercial entity
        to the entity they now belong to: the balance a company shows is the
        sum of its contacts' purchases, and nothing is left behind."""
        for partner in self:
            if partner.commercial_partner_id != partner:
                # sudo: the move follows a change of the partner the user was
                # allowed to make; it books the whole balance the ledger holds,
                # no figure comes from the user.
                partner.sudo()._retail_transfer_points(
                    partner.commercial_partner_id.sudo()
                )

    def _retail_transfer_points(self, target):
        """Move this partner's whole balance to ``target`` through a pair of
        ``transfer`` entries (the ledger stays insert-only): one out of this
        partner, and one into ``target`` per expiry date of the points that
        were still to expire here, so that they expire there on the same day.
        One key per move: the partner and its last entry before the move."""
        self.ensure_one()
        self.env["retail.point.entry"].flush_model()
        self.env.cr.execute(
            "SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
            [tuple({self.id, target.id})],
        )
        self.invalidate_recordset(list(BALANCE_FIELDS))
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        balance = self.reward_points
        if float_is_zero(balance, precision_digits=digits):
            return
        self.env.cr.execute(
            "SELECT MAX(id), COALESCE(-SUM(points) FILTER (WHERE points < 0), 0) "
            "FROM retail_point_entry WHERE partner_id = %s",
            [self.id],
        )
        last_entry, consumed = self.env.cr.fetchone()
        key = f"transfer:{self.id}:{last_entry or 0}"
        common = {
            "origin": _("Transfer"),
            "note": _(
                "Points of %(origin_partner)s moved to %(target)s.",
                origin_partner=self.display_name,
                target=target.display_name,
            ),
        }
        lots = self._retail_open_lots(balance, consumed)
        self._retail_book(
            -balance,
            "transfer",
            idempotency_key=f"{key}:out",
            company_id=(self.company_id or self.env.company).id,
            **common,
        )
        company_id = (target.company_id or self.env.company).id
        for index, (expiry, points) in enumerate(lots):
            target._retail_book(
                points,
                "transfer",
                idempotency_key=f"{key}:in:{index}",
                expiry_date=expiry,
                company_id=company_id,
                **common,
            )

    def _retail_open_lots(self, balance, consumed):
        """``[(expiry date or None, points)]`` making up ``balance``: the lots
        not yet consumed by the ``consumed`` points of the negative entries
        (earliest expiry first, as the expiry job counts), the rest without
        expiry. The open lots never exceed the balance: it is them plus the
        positive entries that are no lots."""
        self.env.cr.execute(
            """
            SELECT expiry_date, SUM(points)
              FROM retail_point_entry
             WHERE partner_id = %s AND kind IN %s AND points > 0
               AND expiry_date IS NOT NULL
          GROUP BY expiry_date
          ORDER BY expiry_date
            """,
            [self.id, LOT_KINDS],
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

    def _get_reward_points_for_amount(self, amount, currency=None, company=None):
        """Points earned by spending ``amount``: amount (in company currency)
        x company points per currency unit x the customer's tier earn factor,
        rounded to the points precision."""
        self.ensure_one()
        company = company or self.env.company
        if currency and currency != company.currency_id:
            amount = currency._convert(
                amount, company.currency_id, company, fields.Date.context_today(self)
            )
        tier = self.commercial_partner_id.reward_tier_id
        factor = tier.earn_factor if tier else 1.0
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        return float_round(
            amount * company.retail_points_per_currency * factor,
            precision_digits=digits,
        )

    def _check_reward_points(self, points, kind, balance, company, vals):
        """Refuse what the ledger rules do not allow; return the points to book
        (a refund may be capped at the balance when negative balances are off).
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
        if kind == "expire" and points > 0:
            raise UserError(_("Expired points must be negative."))
        overdraws = float_compare(-points, balance, precision_digits=digits) > 0
        if kind == "redeem" and points < 0 and overdraws:
            raise UserError(
                _(
                    "Cannot redeem %(points)s points: %(customer)s has only "
                    "%(balance)s.",
                    points=-points,
                    customer=self.display_name,
                    balance=balance,
                )
            )
        if (
            kind in ("reverse", "adjust")
            and points < 0
            and overdraws
            and not company.retail_allow_negative_balance
        ):
            if kind == "adjust":
                raise UserError(
                    _(
                        "This adjustment would make the balance of %(customer)s "
                        "negative, which the company does not allow.",
                        customer=self.display_name,
                    )
                )
            # a refund is never refused: take back what is left
            points = -max(balance, 0.0)
        return points

    def _assign_entry_tier(self):
        """New customers start in the tier open to everyone (threshold 0),
        when there is one: one search for the whole batch."""
        customers = self.filtered(lambda p: p.is_company or not p.parent_id)
        if not customers:
            return
        tier = self.env["retail.tier"]._tier_for_points(0.0, self.env.company)
        if tier:
            customers._retail_write_derived({"reward_tier_id": tier.id})

    def _update_reward_tier(self, earned, company):
        tier = self.env["retail.tier"]._tier_for_points(earned, company)
        if tier != self.reward_tier_id:
            old_tier = self.reward_tier_id
            self._retail_write_derived({"reward_tier_id": tier.id})
            self._apply_tier_pricelist(old_tier)

    def _apply_tier_pricelist(self, old_tier):
        """A tier price list replaces the customer's price list, unless the
        customer has one of their own that came from neither the old tier nor
        the group."""
        new_pricelist = self.reward_tier_id.pricelist_id
        if not new_pricelist:
            return
        current = self._get_specific_pricelist()
        if not current or current in (
            old_tier.pricelist_id | self.customer_group_id.pricelist_id
        ):
            self.property_product_pricelist = new_pricelist

    @api.model
    def _update_reward_tiers(self):
        """Re-assign every customer's tier after the tier table changed:
        one UPDATE over all customers, tiers compared per company."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE res_partner p
               SET reward_tier_id = best.tier_id
              FROM (
                    SELECT p2.id AS partner_id,
                           (SELECT t.id
                              FROM retail_tier t
                             WHERE t.active
                               AND t.min_points <= COALESCE(p2.reward_points_earned, 0)
                               AND (t.company_id IS NULL
                                    OR t.company_id = COALESCE(p2.company_id, %s))
                          ORDER BY t.min_points DESC, t.sequence, t.id
                             LIMIT 1) AS tier_id
                      FROM res_partner p2
                     WHERE p2.id = p2.commercial_partner_id
                   ) best
             WHERE p.id = best.partner_id
               AND p.reward_tier_id IS DISTINCT FROM best.tier_id
            """,
            [self.env.company.id],
        )
        self.invalidate_model(["reward_tier_id"])

    @api.model
    def _get_points_to_expire(self, until, partner_ids=None):
        """Points of each customer that expire on or before ``until``.

        Earned and opening points are lots consumed oldest first by every
        negative entry (redemptions, reversals, negative adjustments and
        earlier expiries). What the consumption has not covered of the lots
        expiring by ``until`` expires, never more than the balance.

        :return: ``{partner_id: points}`` (positive numbers)
        """
        where = "WHERE e.partner_id IN %s" if partner_ids is not None else ""
        if partner_ids is not None and not partner_ids:
            return {}
        self.env["retail.point.entry"].flush_model()
        self.env.cr.execute(
            f"""
            SELECT e.partner_id,
                   COALESCE(SUM(e.points) FILTER (
                       WHERE e.kind IN %s AND e.points > 0
                         AND e.expiry_date <= %s), 0)
                   + COALESCE(SUM(e.points) FILTER (WHERE e.points < 0), 0)
                       AS unconsumed,
                   MAX(p.reward_points) AS balance
              FROM retail_point_entry e
              JOIN res_partner p ON p.id = e.partner_id
              {where}
          GROUP BY e.partner_id
            """,
            [LOT_KINDS, until] + ([tuple(partner_ids)] if partner_ids else []),
        )
        return {
            partner_id: min(unconsumed, balance)
            for partner_id, unconsumed, balance in self.env.cr.fetchall()
            if unconsumed > 0 and balance > 0
        }

    @api.model
    def _cron_expire_reward_points(self, batch_size=EXPIRY_BATCH):
        """Daily job: book ``expire`` entries for points past their date.

        One run books at most ``batch_size`` customers and, when more are
        due, triggers the job again at once: a long backlog (the first run
        after a validity is set on a register of 100k customers) is worked
        off in runs that each commit and stay within the cron time limit,
        instead of one run that is killed and rolled back every night. A
        customer booked by an earlier run has nothing left to expire, so
        the next run goes on with the others.
        """
        today = fields.Date.context_today(self)
        to_expire = self._get_points_to_expire(today)
        due = sorted(to_expire)
        skipped = 0
        for partner in self.browse(due[:batch_size]):
            try:
                # one customer booked by a till at this very moment must not
                # void the run: their expiry waits for the next run
                with self.env.cr.savepoint():
                    partner._retail_book(
                        -to_expire[partner.id],
                        "expire",
                        origin=_("Expiry %(date)s", date=today),
                        idempotency_key=f"expire:{partner.id}:{today}",
                        company_id=(partner.company_id or self.env.company).id,
                    )
            except psycopg2.errors.SerializationFailure:
                skipped += 1
                _logger.info("Points expiry of partner %s postponed", partner.id)
        if len(due) > batch_size or skipped:
            self.env.ref("crm_retail_customers.ir_cron_expire_reward_points")._trigger()

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

    def _retail_derived_field_names(self):
        names = super()._retail_derived_field_names()
        if self._retail_customer_since_is_automatic():
            names.add("customer_since")
        return names

    @api.model
    def _retail_customer_since_is_automatic(self):
        """Whether documents set "customer since" in the current company (it
        is then derived state, not a field people type)."""
        company = self.env.company
        return any(
            company[source] for source in company._retail_customer_since_sources()
        )

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
        """The customer's "balances and recent transactions" report, over
        all time like the figures of the button that opens it."""
        self.ensure_one()
        wizard = self.env["retail.customer.report.wizard"].create(
            {
                "report": "recent",
                "partner_ids": [fields.Command.set(self.commercial_partner_id.ids)],
            }
        )
        return wizard.action_print_pdf()

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._retail_pop_merged_derived(vals) for vals in vals_list]
        partners = super().create(vals_list)
        partners.filtered("customer_group_id")._apply_group_pricelist({})
        partners._assign_entry_tier()
        return partners

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

    def write(self, vals):
        vals = self._retail_pop_merged_derived(vals)
        old_groups = (
            {p.id: p.customer_group_id for p in self}
            if "customer_group_id" in vals
            else None
        )
        reparented = self._retail_reparented(vals)
        res = super().write(vals)
        if reparented:
            reparented._retail_transfer_points_to_commercial()
        if old_groups is not None and "property_product_pricelist" not in vals:
            self._apply_group_pricelist(old_groups)
        return res

    # -- marketing hooks (looked up by name by mass_mailing / mass_mailing_sms) --
    def _mailing_banned(self, mailing, channel):
        """Recipients (``self``, else the mailing's) banned on ``channel``,
        found with one query rather than by loading every recipient.

        The mailing's domain is used, not ``_get_recipients()``: for an A/B
        test that draws a new random sample on each call, and the banned
        customers of the sample really sent could be missed.
        """
        effective_field = MARKETING_BANS[channel][1]
        if self:
            scope = [("id", "in", self.ids)]
        elif mailing:
            scope = mailing._parse_mailing_domain()
        else:
            return self.browse()
        return self.search(expression.AND([scope, [(effective_field, "=", True)]]))

    def _get_retail_address_labels(self):
        """Lines of the address labels of these contacts, in their order.

        Contacts whose letter ban is effective (own or company's) and contacts
        without a postal address get no label. A company's contact is
        addressed as the company, then the person; the country is left out
        for mail within the company's own country, as postal services ask.

        :return: one list of non-empty lines per label
        """
        labels = []
        home_country = self.env.company.country_id
        for partner in self:
            if partner.effective_no_letter_marketing or not (
                partner.street or partner.city or partner.zip
            ):
                continue
            lines = []
            if partner.parent_id and partner.commercial_company_name:
                lines.append(partner.commercial_company_name)
            lines.append(partner.name or "")
            lines += partner._display_address(without_company=True).split("\n")
            country = partner.country_id
            lines = [
                line.strip()
                for line in lines
                if line.strip()
                and not (country == home_country and line.strip() == country.name)
            ]
            labels.append(lines)
        return labels

    def _mailing_get_opt_out_list(self, mailing):
        """E-mail addresses e-mail marketing must skip: those of customers with
        an effective e-mail ban among the mailing's recipients."""
        banned = self._mailing_banned(mailing, "email")
        return set(banned.mapped("email_normalized")) - {False}

    def _mailing_get_opt_out_list_sms(self, mailing):
        """Partner ids SMS marketing must skip (effective SMS ban)."""
        return self._mailing_banned(mailing, "sms").ids
