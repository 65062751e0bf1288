# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import CONTACT_CLERK, company_user

from .common import POS_CASHIER, RetailPosCase

POS_RETAIL_CASHIER = f"{POS_CASHIER},crm_retail_customers.group_retail_user"
#: a valid Finnish personal identity code, a PESEL and an Iranian code
FINNISH_ID = "131052-308T"
PESEL = "44051401359"
IRANIAN_ID = "0084575948"


@tagged("post_install", "-at_install")
class TestPosNationalIdSearch(RetailPosCase):
    """The till's customer search ("Search more") finds a customer by the
    whole national ID, for a cashier who is a Retail CRM user only; never by
    a prefix, and the till never gets the number itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.retail_cashier = company_user(
            cls.env, "nid_retail_cashier", POS_RETAIL_CASHIER, cls.company
        )
        countries = {
            code: cls.env.ref(f"base.{code.lower()}") for code in ("FI", "PL", "IR")
        }
        cls.aino, cls.piotr, cls.dara = cls.Partner.create(
            [
                {
                    "name": "Aino Identity",
                    "retail_national_id": FINNISH_ID,
                    "retail_national_id_country_id": countries["FI"].id,
                },
                {
                    "name": "Piotr Identity",
                    "retail_national_id": PESEL,
                    "retail_national_id_country_id": countries["PL"].id,
                },
                {
                    "name": "Dara Identity",
                    "company_id": cls.company.id,
                    "retail_national_id": IRANIAN_ID,
                    "retail_national_id_country_id": countries["IR"].id,
                },
            ]
        )

    def search_more(self, text, user, offset=0):
        """The customer list's "Search more" as Odoo's ``getNewPartners``
        sends it, as ``user``: the rows the till gets."""
        fields = ["name", "parent_name", "phone_mobile_search", "email"]
        domain = ["|"] * (len(fields) - 1) + [
            (field, "ilike", text + "%") for field in fields
        ]
        return self.pos_session.with_user(user).get_pos_ui_res_partner_by_params(
            {"domain": domain, "limit": 30, "offset": offset}
        )

    def ids(self, text, user, offset=0):
        return [row["id"] for row in self.search_more(text, user, offset)]

    def test_retail_cashier_finds_the_whole_number(self):
        for number, partner in (
            (FINNISH_ID, self.aino),
            (PESEL, self.piotr),
            (IRANIAN_ID, self.dara),
        ):
            self.assertEqual(self.ids(number, self.retail_cashier), partner.ids)
        # as the country writes it, whatever way it is typed
        self.assertEqual(self.ids("131052-308t", self.retail_cashier), self.aino.ids)
        self.assertEqual(self.ids("4405140 1359", self.retail_cashier), self.piotr.ids)
        # the next page of a national ID search is empty
        self.assertEqual(self.ids(FINNISH_ID, self.retail_cashier, offset=1), [])

    def test_till_never_gets_the_number(self):
        rows = self.search_more(FINNISH_ID, self.retail_cashier)
        self.assertEqual([row["id"] for row in rows], self.aino.ids)
        self.assertFalse(
            [key for key in rows[0] if "national" in key or "id_number" in key]
        )
        text = json.dumps(rows, default=str)
        self.assertNotIn("308T", text)
        rows = self.search_more(PESEL, self.retail_cashier)
        self.assertEqual([row["id"] for row in rows], self.piotr.ids)
        self.assertNotIn(PESEL, json.dumps(rows, default=str))

    def test_prefix_finds_nothing(self):
        """Typing the start of a number (or all of it but one character)
        must not list its holder: a cashier cannot enumerate the numbers."""
        for text in (
            FINNISH_ID[:-1],
            FINNISH_ID[:7],
            "131052",
            PESEL[:-1],
            PESEL[:6],
            IRANIAN_ID[:-1],
            IRANIAN_ID[:8],
        ):
            with self.subTest(text=text):
                found = self.ids(text, self.retail_cashier)
                self.assertFalse(
                    set(found) & set((self.aino | self.piotr | self.dara).ids)
                )

    def test_cashier_without_retail_rights_finds_nothing(self):
        """A pure cashier may not read national IDs: a national ID finds no
        one for them."""
        for user in (
            self.pos_user,
            company_user(self.env, "nid_pure_cashier", POS_CASHIER, self.company),
        ):
            for number in (FINNISH_ID, PESEL, IRANIAN_ID):
                with self.subTest(user=user.login, number=number):
                    self.assertEqual(self.ids(number, user), [])

    def test_retail_user_without_pos_rights_finds_nothing(self):
        clerk = company_user(
            self.env,
            "nid_retail_clerk",
            f"{CONTACT_CLERK},crm_retail_customers.group_retail_user",
            self.company,
        )
        Session = self.env["pos.session"].with_user(clerk)
        self.assertFalse(Session._retail_national_id_holders(FINNISH_ID))

    def test_other_companys_customer_is_not_found(self):
        """A customer of another company is not found by a Retail CRM
        cashier of this one, even by their whole number, and the other way
        round."""
        other = self.env["res.company"].create({"name": "Identity Other Oy"})
        stranger = self.Partner.create(
            {
                "name": "Stranger Identity",
                "company_id": other.id,
                "retail_national_id": "4872103459",
                "retail_national_id_country_id": self.env.ref("base.ir").id,
            }
        )
        self.assertEqual(stranger.retail_national_id, "4872103459")
        self.assertEqual(self.ids("4872103459", self.retail_cashier), [])
        other_cashier = company_user(
            self.env, "nid_other_cashier", POS_RETAIL_CASHIER, other
        )
        self.assertEqual(
            self.env["pos.session"]
            .with_user(other_cashier)
            ._retail_national_id_holders("4872103459"),
            stranger,
        )
        # this company's customer is not theirs (a shared one would be)
        self.assertFalse(
            self.env["pos.session"]
            .with_user(other_cashier)
            ._retail_national_id_holders(IRANIAN_ID)
        )

    def test_portal_user_is_refused(self):
        portal = company_user(self.env, "nid_portal", "base.group_portal", self.company)
        with self.assertRaises(AccessError):
            self.search_more(FINNISH_ID, portal)
