# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import ValidationError

from .national_id import NATIONAL_ID_CATEGORY


class ResPartnerIdNumber(models.Model):
    """National IDs (category ``retail_national_id``) are checked here, on
    every write path (the partner's field, the ID numbers tab, imports and
    the API): by the rules of their country, one per customer, and unique
    among the customers of a company."""

    _inherit = "res.partner.id_number"

    def init(self):
        """Index of the numbers, for the exact lookups of national IDs (the
        uniqueness check, the contact search and the till's customer search
        find a customer by the whole number): without it each reads the
        whole table."""
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_id_number_name_index
                ON res_partner_id_number (name)
            """
        )
        return super().init()

    @api.constrains("name", "category_id", "partner_id", "active")
    def _check_retail_national_id(self):
        national = self.filtered(
            lambda number: (
                number.active and number.category_id.code == NATIONAL_ID_CATEGORY
            )
        )
        for number in national:
            partner = number.partner_id
            country = partner._retail_national_id_country()
            normalized, birthdate = partner._retail_normalize_national_id(
                country, number.name
            )
            if normalized != number.name:
                raise ValidationError(
                    _(
                        "Write the national ID %(number)s as %(normalized)s.",
                        number=number.name,
                        normalized=normalized,
                    )
                )
            partner._retail_check_national_id_birthdate(normalized, birthdate)
            held = partner.id_numbers.filtered(
                lambda n: n.category_id.code == NATIONAL_ID_CATEGORY
            )
            if len(held) > 1:
                raise ValidationError(
                    _(
                        "%(customer)s has two national IDs.",
                        customer=partner.display_name,
                    )
                )
            number._retail_check_national_id_unique()

    def _retail_check_national_id_unique(self):
        """One customer per national ID in a company (a shared customer, of
        no company, counts in every company)."""
        if self._retail_national_id_duplicate():
            raise ValidationError(
                _(
                    "The national ID %(number)s is already held by another customer.",
                    number=self.name,
                )
            )

    def _retail_national_id_duplicate(self):
        """Whether another customer of the company of this number's
        customer (of any company, for a shared customer) holds the same
        national ID: asked when the number changes and when its customer
        changes company (``res.partner._check_retail_national_id_company``)."""
        self.ensure_one()
        company = self.partner_id.company_id
        domain = [
            ("id", "!=", self.id),
            ("category_id", "=", self.category_id.id),
            ("name", "=", self.name),
            ("partner_id", "!=", self.partner_id.id),
        ]
        if company:
            domain.append(("partner_id.company_id", "in", (company.id, False)))
        # sudo: the duplicate may belong to a company the user cannot see;
        # only its existence is told, not who holds it
        return bool(self.sudo().search_count(domain, limit=1))
