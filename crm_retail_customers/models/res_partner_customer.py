# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .retail_partner_relation import REFERRED_BY_XMLID

#: How often a number already taken (given by hand or imported) is skipped
#: before giving up: the sequence then needs another prefix or next number.
MAX_TAKEN_NUMBERS = 50


class ResPartner(models.Model):
    """Customer types with their customer number, and relations between
    customers.

    The customer number is Odoo's ``ref``: every partner many2one, the
    contact search and the documents already find and show it. Numbers of
    partners with a customer type are unique per company: checked before
    writing with a clear message, and held by a partial unique index for
    concurrent transactions (a partner shared between companies counts in
    its own "no company" range there; the Python check also compares it with
    every company's numbers).
    """

    _inherit = "res.partner"

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
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._retail_clean_ref(vals) for vals in vals_list]
        self._retail_check_customer_numbers(
            [(None, vals, self.browse()) for vals in vals_list]
        )
        partners = super().create(vals_list)
        partners.filtered(
            lambda p: p.customer_type_id and not p.ref
        )._retail_assign_customer_number()
        return partners

    def write(self, vals):
        if self.env.context.get("retail_partner_merge"):
            # Odoo's merge copies the merged partners' values to the
            # destination while they still exist: the destination keeps its
            # own number (the context key only ever removes a value).
            vals = {k: v for k, v in vals.items() if k != "ref"}
        vals = self._retail_clean_ref(vals)
        if {"ref", "customer_type_id", "company_id"} & set(vals):
            self._retail_check_customer_numbers(
                [(partner.id, vals, partner) for partner in self]
            )
        res = super().write(vals)
        if vals.get("customer_type_id"):
            self.filtered(
                lambda p: p.customer_type_id and not p.ref
            )._retail_assign_customer_number()
        return res

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
