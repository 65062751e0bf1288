# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from .retail_access import check_retail_manager
from .retail_contact_role import SYSTEM_ROLE_CODES
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
            res_model, res_id, note, idempotency_key, date, company_id, ...)
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
        serialised and no update is lost.

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
        self.env.cr.execute(
            SQL(
                "SELECT id, reward_points, reward_points_earned FROM res_partner "
                "WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                tuple(self.ids),
            ),
            log_exceptions=False,
        )
        balances = {
            partner_id: (points or 0.0, earned or 0.0)
            for partner_id, points, earned in self.env.cr.fetchall()
        }
        self.invalidate_recordset(list(BALANCE_FIELDS))
        return balances

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
        sum of its contacts' purchases, and nothing is left behind."""
        for partner in self:
            if partner.commercial_partner_id != partner:
                # sudo: the move follows a change of the partner the user was
                # allowed to make; it books the whole balance the ledger holds,
                # no figure comes from the user.
                self.env["retail.point.entry"].sudo()._transfer_balance(
                    partner.sudo(), partner.commercial_partner_id.sudo()
                )

    def _retail_get_reward_points_for_amount(self, amount, currency=None, company=None):
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
        partners.filtered("customer_group_id")._retail_apply_group_pricelist({})
        self.env["retail.tier"]._assign_entry_tier(partners)
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
        self._retail_check_company_change(vals)
        res = super().write(vals)
        if reparented:
            reparented._retail_transfer_points_to_commercial()
        if old_groups is not None and "property_product_pricelist" not in vals:
            self._retail_apply_group_pricelist(old_groups)
        return res
