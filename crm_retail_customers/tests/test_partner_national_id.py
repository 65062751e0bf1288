# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""National IDs: checked by their country's rules on every write path, the
birth date filled from them, unique per company, and read by Retail CRM
users only."""

from contextlib import contextmanager

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.models.national_id import FI_CHECK

from .common import CONTACT_CLERK, RetailCase, company_user


def fi_code(birth, sign, individual):
    """A Finnish personal identity code with its check character."""
    digits = f"{birth}{individual}"
    return f"{birth}{sign}{individual}{FI_CHECK[int(digits) % 31]}"


def pl_pesel(first_ten):
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(w * int(d) for w, d in zip(weights, first_ten, strict=True))
    return first_ten + str((10 - total % 10) % 10)


def ir_code(first_nine):
    total = sum(int(first_nine[i]) * (10 - i) for i in range(9)) % 11
    return first_nine + str(total if total < 2 else 11 - total)


#: The digits 0-9 as a Persian keyboard types them.
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
#: The digits 0-9 as an Arabic keyboard types them (Arabic-Indic).
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@tagged("post_install", "-at_install")
class TestPartnerNationalId(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fi = cls.env.ref("base.fi")
        cls.pl = cls.env.ref("base.pl")
        cls.ir = cls.env.ref("base.ir")
        cls.Partner = cls.env["res.partner"].with_user(cls.user_retail)

    @contextmanager
    def assertRefused(self, message):
        """A ``ValidationError`` saying ``message`` (a regular expression),
        in a savepoint (Odoo's ``assertRaises``): nothing of the refused
        write stays."""
        with self.assertRaises(ValidationError) as refusal:
            yield refusal
        self.assertRegex(str(refusal.exception), message)

    def customer(self, country, number, **vals):
        return self.Partner.create(
            {
                "name": "Identified Customer",
                "country_id": country.id,
                "retail_national_id": number,
                **vals,
            }
        )

    def test_finnish_code_fills_the_birthdate(self):
        """131052-308T: born 13 October 1952; typed in lower case with
        spaces, kept as the country writes it."""
        customer = self.customer(self.fi, " 131052-308t ")
        self.assertEqual(customer.retail_national_id, "131052-308T")
        self.assertEqual(customer.retail_national_id_country_id, self.fi)
        self.assertEqual(str(customer.birthdate), "1952-10-13")
        # the new century signs of 2023 and the 2000s
        self.assertEqual(
            str(self.customer(self.fi, fi_code("010594", "Y", "123")).birthdate),
            "1994-05-01",
        )
        self.assertEqual(
            str(self.customer(self.fi, fi_code("150305", "A", "456")).birthdate),
            "2005-03-15",
        )

    def test_wrong_finnish_codes_are_refused(self):
        cases = {
            "131052-308U": "check character",
            "311352-308T": "no valid birth date",
            "131052-001H": "between 002 and 899",
            "13105230": "Finnish personal identity code",
        }
        for number, message in cases.items():
            with (
                self.subTest(number=number),
                self.assertRefused(message),
            ):
                self.customer(self.fi, number)
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Identified Customer")])
        )

    def test_pesel(self):
        """44051401359: born 14 May 1944; a month + 20 is of the 2000s."""
        customer = self.customer(self.pl, "44051401359")
        self.assertEqual(str(customer.birthdate), "1944-05-14")
        young = self.customer(self.pl, pl_pesel("0525150123"))
        self.assertEqual(str(young.birthdate), "2005-05-15")
        with self.assertRefused("check digit"):
            self.customer(self.pl, "44051401358")
        with self.assertRefused("eleven digits"):
            self.customer(self.pl, "4405140135")
        with self.assertRefused("no valid birth date"):
            self.customer(self.pl, pl_pesel("4413400135"))

    def test_iranian_code(self):
        number = ir_code("006234567")
        customer = self.customer(self.ir, f"{number[:3]}-{number[3:9]}-{number[9]}")
        self.assertEqual(customer.retail_national_id, number)
        self.assertFalse(customer.birthdate)
        wrong = number[:9] + str((int(number[9]) + 1) % 10)
        with self.assertRefused("check digit"):
            self.customer(self.ir, wrong)
        with self.assertRefused("ten digits"):
            self.customer(self.ir, "1111111111")

    def test_other_countries_kept_as_typed(self):
        customer = self.customer(self.env.ref("base.se"), "19121212-1212 ")
        self.assertEqual(customer.retail_national_id, "19121212-1212")

    def test_birthdate_must_agree(self):
        with self.assertRefused("disagrees with their national ID"):
            self.customer(self.fi, "131052-308T", birthdate="1960-01-01")
        customer = self.customer(self.fi, "131052-308T")
        with self.assertRefused("disagrees with their national ID"):
            customer.birthdate = "1953-10-13"
        # a country whose rules the number breaks
        with self.assertRefused("PESEL"):
            customer.retail_national_id_country_id = self.pl

    def test_unique_per_company(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "National ID Shop B"})
        self.customer(self.fi, "131052-308T", company_id=company_a.id)
        with self.assertRefused("already held"):
            self.customer(self.fi, "131052-308t", company_id=company_a.id)
        with self.assertRefused("already held"):
            self.customer(self.fi, "131052-308T")  # shared by every company
        other = self.env["res.partner"].create(
            {
                "name": "Other Shop Customer",
                "country_id": self.fi.id,
                "company_id": company_b.id,
                "retail_national_id": "131052-308T",
            }
        )
        self.assertEqual(other.retail_national_id, "131052-308T")

    def test_id_numbers_tab_and_api_are_checked_too(self):
        """Written as an identification number (the OCA tab, an import, the
        API), a national ID passes the same checks."""
        customer = self.Partner.create(
            {"name": "Tab Customer", "country_id": self.fi.id}
        )
        category = self.env.ref("crm_retail_customers.id_category_national_id")
        Number = self.env["res.partner.id_number"].with_user(self.user_retail)
        with self.assertRefused("check character"):
            Number.create(
                {
                    "partner_id": customer.id,
                    "category_id": category.id,
                    "name": "131052-308U",
                }
            )
        with self.assertRefused("as 131052-308T"):
            Number.create(
                {
                    "partner_id": customer.id,
                    "category_id": category.id,
                    "name": "131052-308t",
                }
            )
        Number.create(
            {
                "partner_id": customer.id,
                "category_id": category.id,
                "name": "131052-308T",
            }
        )
        self.assertEqual(customer.retail_national_id, "131052-308T")
        with self.assertRefused("two national IDs"):
            Number.create(
                {
                    "partner_id": customer.id,
                    "category_id": category.id,
                    "name": fi_code("010594", "Y", "123"),
                }
            )

    def test_persian_and_arabic_digits_are_the_same_number(self):
        """Attack: a national ID typed on a Persian or Arabic keyboard
        ("۰۰۶..." or "٤٤٠...") used to pass the country's check (Python's
        ``\\d`` and ``int`` read any Unicode digit), be stored as typed and
        so escape the duplicate check and the search by the number. It is
        the same number: stored with the digits 0-9, for every country's
        rules, and one customer per company still holds it."""
        company = self.env.company
        number = ir_code("006234567")
        persian = number.translate(PERSIAN_DIGITS)
        first = self.customer(self.ir, number, company_id=company.id)
        with self.assertRefused("already held"):
            self.customer(self.ir, persian, company_id=company.id)
        arabic = f"{persian[:3]}-{number[3:9].translate(ARABIC_DIGITS)}-{number[9]}"
        with self.assertRefused("already held"):
            self.customer(self.ir, arabic, company_id=company.id)
        # stored as the digits 0-9 and found by them, whatever the country
        first.retail_national_id = False
        cases = [
            (self.ir, persian, number),
            (self.pl, "44051401359".translate(ARABIC_DIGITS), "44051401359"),
            (self.fi, "131052-308T".translate(PERSIAN_DIGITS), "131052-308T"),
            (
                self.env.ref("base.se"),
                "19121212-1212".translate(ARABIC_DIGITS),
                "19121212-1212",
            ),
        ]
        for country, typed, stored in cases:
            with self.subTest(country=country.code):
                customer = self.customer(country, typed)
                self.assertEqual(customer.retail_national_id, stored)
                found = self.Partner.search([("retail_national_id", "=", stored)])
                self.assertEqual(found, customer)
        # the ID numbers tab is told the one way to write it
        category = self.env.ref("crm_retail_customers.id_category_national_id")
        with self.assertRefused(f"as {ir_code('006234568')}"):
            self.env["res.partner.id_number"].with_user(self.user_retail).create(
                {
                    "partner_id": self.Partner.create(
                        {"name": "Tab Customer", "country_id": self.ir.id}
                    ).id,
                    "category_id": category.id,
                    "name": ir_code("006234568").translate(PERSIAN_DIGITS),
                }
            )

    def test_other_numbers_typed_on_a_persian_keyboard_are_accepted(self):
        """Twin of the attack above: the digits are read, not refused, so a
        different valid number typed in Persian digits is another customer's
        and accepted; characters that only look like digits ("²") are still
        refused."""
        company = self.env.company
        self.customer(self.ir, ir_code("006234567"), company_id=company.id)
        other = self.customer(
            self.ir,
            ir_code("006234568").translate(PERSIAN_DIGITS),
            company_id=company.id,
        )
        self.assertEqual(other.retail_national_id, ir_code("006234568"))
        with self.assertRefused("ten digits"):
            self.customer(self.ir, "²" + ir_code("006234569")[1:])
        with self.assertRefused("eleven digits"):
            self.customer(self.pl, "4405140135²")

    def test_fullwidth_letters_are_the_same_number(self):
        """Attack: a number of a country whose rules are not checked
        (Germany), typed with full-width letters and digits on a CJK
        keyboard ('Ｌ０１Ｘ００Ｔ４７'), was stored with its letters as typed
        (only the digits were read as 0-9): the same number as 'L01X00T47'
        escaped the duplicate check and the search. Its compatibility forms
        are now read as their plain forms (NFKC) first, in every checker and
        in the search."""
        de = self.env.ref("base.de")
        held = self.customer(de, "L01X00T47")
        with self.assertRefused("already held"):
            self.customer(de, "Ｌ０１Ｘ００Ｔ４７")
        for typed in ("Ｌ０１Ｘ００Ｔ４７", "ｌ０１ｘ００ｔ４７", "L01X00T47"):
            with self.subTest(typed=typed):
                self.assertEqual(
                    self.Partner.search([("retail_national_id", "=", typed)]), held
                )
        # another number so typed is another customer's, stored in ASCII
        other = self.customer(de, "Ｌ０１Ｘ００Ｔ４８")
        self.assertEqual(other.retail_national_id, "L01X00T48")
        # the checked countries read them too (a full-width century sign)
        finn = self.customer(self.fi, "１３１０５２－３０８ｔ")
        self.assertEqual(finn.retail_national_id, "131052-308T")

    def test_fullwidth_digits_only_were_already_the_same_number(self):
        """Twin of the attack above: full-width digits alone were read as
        0-9 before (they are decimal digits) and still are: the same number
        is refused, another one is another customer's, stored in ASCII."""
        de = self.env.ref("base.de")
        held = self.customer(de, "12345678")
        with self.assertRefused("already held"):
            self.customer(de, "１２３４５６７８")
        other = self.customer(de, "１２３４５６７９")
        self.assertEqual(other.retail_national_id, "12345679")
        self.assertEqual(
            self.Partner.search([("retail_national_id", "=", "１２３４５６７８")]), held
        )

    def test_company_change_cannot_make_a_duplicate(self):
        """Attack: two companies' customers may hold the same national ID,
        but moving one of them into the other company (or making it shared
        by every company) used to leave that company with two customers of
        one ID: the uniqueness check did not watch the partner's company.
        The refusal does not tell the number (a contact clerk without
        Retail CRM rights may change the company)."""
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "National ID Shop D"})
        Partner = self.env["res.partner"]
        Partner.create(
            {
                "name": "Shop A Customer",
                "country_id": self.fi.id,
                "company_id": company_a.id,
                "retail_national_id": "131052-308T",
            }
        )
        moving = Partner.create(
            {
                "name": "Shop D Customer",
                "country_id": self.fi.id,
                "company_id": company_b.id,
                "retail_national_id": "131052-308T",
            }
        )
        for company in (company_a, Partner.browse()):
            with self.subTest(company=company.name):
                with self.assertRefused(
                    "Shop D Customer cannot change company"
                ) as refusal:
                    moving.write({"company_id": company.id})
                    moving.flush_recordset()
                self.assertNotIn("308T", str(refusal.exception))
        clerk = new_test_user(
            self.env,
            login="national_id_company_clerk",
            groups=CONTACT_CLERK,
            company_id=company_b.id,
            company_ids=[(6, 0, (company_a | company_b).ids)],
        )
        with self.assertRefused("cannot change company") as refusal:
            moving.with_user(clerk).company_id = company_a
        self.assertNotIn("308T", str(refusal.exception))
        self.assertEqual(moving.company_id, company_b)

    def test_company_change_without_duplicate_is_accepted(self):
        """Twin of the attack above: a customer whose national ID nobody of
        the target company holds moves (or becomes shared) freely."""
        company_b = self.env["res.company"].create({"name": "National ID Shop E"})
        moving = self.env["res.partner"].create(
            {
                "name": "Shop E Customer",
                "country_id": self.fi.id,
                "company_id": company_b.id,
                "retail_national_id": "131052-308T",
            }
        )
        moving.write({"company_id": self.env.company.id})
        moving.flush_recordset()
        self.assertEqual(moving.company_id, self.env.company)
        moving.write({"company_id": False})
        moving.flush_recordset()
        self.assertFalse(moving.company_id)
        self.assertEqual(moving.sudo().retail_national_id, "131052-308T")

    def test_only_retail_users_read_it(self):
        customer = self.customer(self.fi, "131052-308T")
        self.assertEqual(customer.retail_national_id_masked, "•••••••308T")
        clerk = company_user(
            self.env, "national_id_clerk", CONTACT_CLERK, self.env.company
        )
        as_clerk = customer.with_user(clerk)
        with self.assertRaises(AccessError):
            as_clerk.read(["retail_national_id"])
        with self.assertRaises(AccessError):
            as_clerk.read(["retail_national_id_masked"])
        # nor through the identification numbers, nor by searching them
        self.assertFalse(
            self.env["res.partner.id_number"]
            .with_user(clerk)
            .search([("partner_id", "=", customer.id)])
        )
        self.assertFalse(as_clerk.read(["id_numbers"])[0]["id_numbers"])
        category = self.env.ref("crm_retail_customers.id_category_national_id")
        with self.assertRaises(AccessError):
            self.env["res.partner.id_number"].with_user(clerk).create(
                {"partner_id": customer.id, "category_id": category.id, "name": "x"}
            )
        # a clerk may still change the birth date: checked against the
        # number, which the refusal does not tell
        with self.assertRefused("disagrees with their national ID") as refusal:
            as_clerk.birthdate = "1999-01-01"
        self.assertNotIn("308T", str(refusal.exception))
        self.assertNotIn("1952", str(refusal.exception))

    def test_found_by_search(self):
        customer = self.customer(self.fi, "131052-308T")
        found = self.Partner.search([("retail_national_id", "=", "131052-308t")])
        self.assertEqual(found, customer)

    def test_cleared_number_is_archived(self):
        customer = self.customer(self.fi, "131052-308T")
        customer.retail_national_id = False
        self.assertFalse(customer.retail_national_id)
        # the number is free again for another customer
        self.customer(self.fi, "131052-308T")

    def test_import_reports_every_bad_row(self):
        """An import with a wrong check character and a duplicate: each bad
        row is reported and no customer of the file is created."""
        result = (
            self.env["res.partner"]
            .with_user(self.user_retail)
            .load(
                ["name", "country_id/id", "retail_national_id"],
                [
                    ["Good Import", "base.fi", "131052-308T"],
                    ["Mistyped Import", "base.fi", "131052-308U"],
                    ["Twin Import", "base.fi", "131052-308t"],
                ],
            )
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual([m["record"] for m in errors], [1, 2], result["messages"])
        self.assertIn("check character", errors[0]["message"])
        self.assertIn("already held", errors[1]["message"])
        self.assertFalse(result["ids"])
        self.assertFalse(self.env["res.partner"].search([("name", "like", "% Import")]))

    def test_other_companies_numbers_stay_hidden(self):
        """A Retail CRM user of one company reads no national ID of another
        company's customers, not even through the identification numbers."""
        company_b = self.env["res.company"].create({"name": "National ID Shop C"})
        other = self.env["res.partner"].create(
            {
                "name": "Other Company Customer",
                "country_id": self.pl.id,
                "company_id": company_b.id,
                "retail_national_id": "44051401359",
            }
        )
        user_a = company_user(
            self.env,
            "national_id_retail_a",
            "base.group_user,crm_retail_customers.group_retail_user",
            self.env.company,
        )
        Number = self.env["res.partner.id_number"].with_user(user_a)
        self.assertFalse(Number.search([("partner_id", "=", other.id)]))
        self.assertFalse(Number.search_read([("name", "=", "44051401359")], ["name"]))
        self.assertFalse(
            Number.read_group([("name", "=", "44051401359")], ["name"], ["name"])
        )
