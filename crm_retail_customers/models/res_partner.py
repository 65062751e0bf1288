# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from .retail_contact_role import SYSTEM_ROLE_CODES

#: Marketing channels with their own ban flag: channel -> (own flag, effective).
MARKETING_BANS = {
    "letter": ("no_letter_marketing", "effective_no_letter_marketing"),
    "sms": ("no_sms_marketing", "effective_no_sms_marketing"),
    "email": ("no_email_marketing", "effective_no_email_marketing"),
}


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        # sudo: ir.property is technical; only this partner's own value is read.
        prop = (
            self.env["ir.property"]
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

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("customer_group_id")._apply_group_pricelist({})
        return partners

    def write(self, vals):
        old_groups = (
            {p.id: p.customer_group_id for p in self}
            if "customer_group_id" in vals
            else None
        )
        res = super().write(vals)
        if old_groups is not None and "property_product_pricelist" not in vals:
            self._apply_group_pricelist(old_groups)
        return res

    # -- marketing hooks (looked up by name by mass_mailing / mass_mailing_sms) --
    def _mailing_banned(self, mailing, channel):
        """Recipients (``self``, else the mailing's) banned on ``channel``,
        found with one query rather than by loading every recipient."""
        ids = self.ids if self else (mailing._get_recipients() if mailing else [])
        effective_field = MARKETING_BANS[channel][1]
        return self.search([("id", "in", ids), (effective_field, "=", True)])

    def _mailing_get_opt_out_list(self, mailing):
        """E-mail addresses e-mail marketing must skip: those of customers with
        an effective e-mail ban among the mailing's recipients."""
        banned = self._mailing_banned(mailing, "email")
        return set(banned.mapped("email_normalized")) - {False}

    def _mailing_get_opt_out_list_sms(self, mailing):
        """Partner ids SMS marketing must skip (effective SMS ban)."""
        return self._mailing_banned(mailing, "sms").ids
