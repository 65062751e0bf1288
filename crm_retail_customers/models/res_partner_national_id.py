# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .national_id import (
    NATIONAL_ID_CATEGORY,
    NationalIdError,
    normalize,
    read_number,
)


class ResPartner(models.Model):
    """A customer's national identity number, kept as an identification
    number of OCA ``partner_identification`` (category
    ``retail_national_id``) so that it sits with the partner's other
    identification numbers, and shown here as one field with its country.

    It is sensitive: only Retail CRM users read it (the fields' groups and
    the record rules of ``res.partner.id_number``), lists show it masked,
    and the till never loads it."""

    _inherit = "res.partner"

    retail_national_id = fields.Char(
        "National ID",
        compute="_compute_retail_national_id",
        inverse="_inverse_retail_national_id",
        search="_search_retail_national_id",
        groups="crm_retail_customers.group_retail_user",
        help="The customer's national identity number. Finnish, Polish and "
        "Iranian numbers are checked by their country's rules and fill the "
        "birth date they hold; numbers of other countries are kept as typed.",
    )
    retail_national_id_country_id = fields.Many2one(
        "res.country",
        "National ID Country",
        groups="crm_retail_customers.group_retail_user",
        help="The country that issued the national ID (by default the "
        "customer's country): its rules check the number.",
    )
    retail_national_id_masked = fields.Char(
        "National ID (masked)",
        compute="_compute_retail_national_id",
        groups="crm_retail_customers.group_retail_user",
    )

    @api.depends("id_numbers.name", "id_numbers.category_id")
    def _compute_retail_national_id(self):
        self._compute_identification("retail_national_id", NATIONAL_ID_CATEGORY)
        for partner in self:
            number = partner.retail_national_id or ""
            partner.retail_national_id_masked = number and (
                "•" * max(len(number) - 4, 0) + number[-4:]
            )

    def _inverse_retail_national_id(self):
        """Store the number the one way its country writes it, take its
        country from the customer's when none is given, and fill the birth
        date the number holds; the number itself is checked by
        ``res.partner.id_number`` (whatever way it is written)."""
        for partner in self.filtered("retail_national_id"):
            country = partner._retail_national_id_country()
            number, birthdate = partner._retail_normalize_national_id(
                country, partner.retail_national_id
            )
            vals = {}
            if country and not partner.retail_national_id_country_id:
                vals["retail_national_id_country_id"] = country.id
            if birthdate and not partner.birthdate:
                vals["birthdate"] = birthdate
            if vals:
                partner.write(vals)
            partner.retail_national_id = number
        self._inverse_identification("retail_national_id", NATIONAL_ID_CATEGORY)

    def _search_retail_national_id(self, operator, value):
        """The number is searched as it is stored: upper case, read by
        ``national_id.read_number`` (typed on a Persian or a CJK keyboard,
        with full-width letters, it is the same number)."""
        if isinstance(value, str) and operator in ("=", "ilike", "like", "=ilike"):
            value = read_number(value).strip().upper()
        return self._search_identification(NATIONAL_ID_CATEGORY, operator, value)

    def _retail_national_id_country(self):
        self.ensure_one()
        return self.retail_national_id_country_id or self.country_id

    @api.model
    def _retail_normalize_national_id(self, country, number):
        """``(number, birth date)`` of ``number`` by the rules of
        ``country`` (:mod:`.national_id`); a broken number raises a
        ``ValidationError`` that names it."""
        try:
            return normalize(country.code, number)
        except NationalIdError as error:
            raise ValidationError(str(error.args[0]) % {"number": number}) from None

    @api.constrains("retail_national_id_country_id", "birthdate")
    def _check_retail_national_id(self):
        """A country or birth date changed afterwards must still agree with
        the number."""
        # sudo: the check reads the numbers whoever changes the country or
        # the birth date (a clerk without Retail CRM rights may edit the
        # birth date); nothing is shown but the refusal
        numbers = self.sudo().id_numbers.filtered(
            lambda number: number.category_id.code == NATIONAL_ID_CATEGORY
        )
        numbers._check_retail_national_id()

    @api.constrains("company_id")
    def _check_retail_national_id_company(self):
        """A national ID is held by one customer per company (a shared
        customer counts in every company): a customer moved to another
        company, or shared by every company, must not meet there a customer
        holding the same number. ``res.partner.id_number`` cannot watch the
        company of its partner, so the partner checks it when it changes."""
        # sudo: whoever changes the company (a contact clerk without Retail
        # CRM rights may) is checked against every company's numbers; the
        # refusal names the customer moved, neither the number nor the
        # customer who holds it
        numbers = self.sudo().id_numbers.filtered(
            lambda number: number.category_id.code == NATIONAL_ID_CATEGORY
        )
        for number in numbers:
            if number._retail_national_id_duplicate():
                raise ValidationError(
                    _(
                        "%(customer)s cannot change company: a customer of "
                        "that company already holds the same national ID (a "
                        "customer shared by every company counts in each).",
                        customer=number.partner_id.with_env(self.env).display_name,
                    )
                )

    def _retail_check_national_id_birthdate(self, number, birthdate):
        self.ensure_one()
        if birthdate and self.birthdate and self.birthdate != birthdate:
            # neither the number nor its date: a clerk without Retail CRM
            # rights who edits the birth date must not learn them
            raise ValidationError(
                _(
                    "The birth date of %(customer)s disagrees with their "
                    "national ID: check the birth date or the number.",
                    customer=self.display_name,
                )
            )
