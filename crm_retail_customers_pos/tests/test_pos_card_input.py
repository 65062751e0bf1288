# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The till's card calls with what a cashier (or a forged request) may send:
a new contact of a company whose card is blocked gets no card at the till,
card numbers that are not text find no one, and card numbers and codes typed
in Persian or Arabic digits are the same digits."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import company_user

from .common import POS_RETAIL_MANAGER, RetailPosCase

#: Persian (U+06F0...) and Arabic-Indic (U+0660...) digits of 0-9.
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@tagged("post_install", "-at_install")
class TestPosCardIssueBlockedCompany(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Card = cls.env["retail.card"]
        # blocked on the company itself
        cls.shop = cls.Partner.create({"name": "Blocked Shop Oy", "is_company": True})
        cls.Card.create([{"partner_id": cls.shop.id}]).action_block()
        # blocked on a contact of the company
        cls.store = cls.Partner.create({"name": "Blocked Store Oy", "is_company": True})
        cls.misuser = cls.Partner.create({"name": "Misuser", "parent_id": cls.store.id})
        cls.Card.create([{"partner_id": cls.misuser.id}]).action_block()
        cls.free_shop = cls.Partner.create({"name": "Free Shop Oy", "is_company": True})
        cls.till_manager = company_user(
            cls.env,
            "card_till_manager",
            POS_RETAIL_MANAGER + ",base.group_partner_manager",
            cls.company,
        )

    def _till_new_contact(self, parent, user=None, name="Fresh Contact"):
        """The till's customer editor saving a new contact of ``parent`` with
        "Issue a loyalty card" ticked."""
        return (
            self.env["res.partner"]
            .with_user(user or self.pos_user)
            .create_from_ui(
                {
                    "id": False,
                    "name": name,
                    "parent_id": parent.id,
                    "retail_issue_card": True,
                    "retail_config_id": self.config.id,
                }
            )
        )

    def _company_cards(self, company):
        return self.Card.search([("partner_id.commercial_partner_id", "=", company.id)])

    def test_cashier_cannot_issue_card_to_contact_of_blocked_company(self):
        for company in (self.shop, self.store):
            before = self._company_cards(company)
            with (
                self.subTest(company=company.name),
                self.assertRaisesMessage(UserError, "cannot issue a card") as cm,
            ):
                self._till_new_contact(company)
            self.assertIn(company.name, str(cm.exception))
            self.assertEqual(self._company_cards(company), before)
            self.assertFalse(
                self.Partner.search(
                    [("name", "=", "Fresh Contact"), ("parent_id", "=", company.id)]
                )
            )

    def test_twin_cashier_issues_card_to_contact_of_free_company(self):
        partner = self.Partner.browse(self._till_new_contact(self.free_shop))
        self.assertEqual(partner.commercial_partner_id, self.free_shop)
        self.assertEqual(partner.card_ids.state, "active")
        self.assertEqual(partner.card_number, partner.card_ids.number)

    def test_twin_retail_manager_issues_card_at_till_to_blocked_company(self):
        """The rule is "retail managers only", at the till as well."""
        partner = self.Partner.browse(
            self._till_new_contact(self.shop, user=self.till_manager)
        )
        self.assertEqual(partner.card_ids.state, "active")

    def test_twin_cashier_saves_contact_of_blocked_company_without_card(self):
        partner_id = (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .create_from_ui(
                {"id": False, "name": "No Card Contact", "parent_id": self.shop.id}
            )
        )
        partner = self.Partner.browse(partner_id)
        self.assertEqual(partner.parent_id, self.shop)
        self.assertFalse(partner.card_ids)


@tagged("post_install", "-at_install")
class TestPosCardInput(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls.env["retail.card"].create([{"partner_id": cls.customer_x.id}])
        cls.code = cls.card.sudo().code
        cls.wrong = "0000" if cls.code != "0000" else "1111"

    def setUp(self):
        super().setUp()
        self.Till = self.env["res.partner"].with_user(self.pos_user)

    def failures(self):
        return self.env["retail.pos.proof.attempt"].search_count(
            [("kind", "=", "code"), ("user_id", "=", self.pos_user.id)]
        )

    def proofs(self, order_ref):
        return self.env["retail.pos.redeem.proof"].search_count(
            [("order_ref", "=", order_ref), ("kind", "=", "code")]
        )

    # -- card numbers -----------------------------------------------------------
    def test_find_by_card_number_not_text(self):
        number = self.card.number
        for value in (int(number), [number], {"number": number}, None, 2.5):
            with self.subTest(value=value):
                self.assertIs(
                    self.Till.retail_pos_find_by_card(value, self.config.id), False
                )
                self.assertIs(
                    self.Till.retail_pos_find_by_number(value, self.config.id), False
                )

    def test_twin_find_by_card_number_as_text(self):
        found = self.Till.retail_pos_find_by_card(self.card.number, self.config.id)
        self.assertEqual(found["partner"]["id"], self.customer_x.id)

    def test_find_by_card_number_in_persian_or_arabic_digits(self):
        for typed in (
            self.card.number.translate(PERSIAN),
            " " + self.card.number.translate(ARABIC) + "\u200f",
        ):
            with self.subTest(typed=typed):
                found = self.Till.retail_pos_find_by_card(typed, self.config.id)
                self.assertEqual(found["partner"]["id"], self.customer_x.id)
                found = self.Till.retail_pos_find_by_number(typed, self.config.id)
                self.assertEqual(found["partner"]["id"], self.customer_x.id)
        # another number in Persian digits finds no one
        other = self.card.number[:-1] + str((int(self.card.number[-1]) + 1) % 10)
        self.assertIs(
            self.Till.retail_pos_find_by_card(other.translate(PERSIAN), self.config.id),
            False,
        )

    # -- card codes -------------------------------------------------------------
    def test_code_in_persian_or_arabic_digits_works(self):
        for ref, typed in (
            ("Order P", self.code.translate(PERSIAN)),
            ("Order A", " ".join(self.code.translate(ARABIC))),
        ):
            with self.subTest(typed=typed):
                answer = self.Till.retail_pos_check_card_code(
                    self.customer_x.id, typed, self.config.id, ref
                )
                self.assertEqual(answer, {"ok": True})
                self.assertEqual(self.proofs(ref), 1)
        self.assertEqual(self.failures(), 0)

    def test_wrong_or_non_ascii_code_is_a_wrong_attempt(self):
        for typed in (
            self.wrong.translate(PERSIAN),
            # the right digits with a letter of the Persian alphabet
            self.code.translate(PERSIAN)[:3] + "\u0628",
            "\u00b2" * 4,  # superscripts are no decimal digits
            ["1", "2"],
        ):
            with self.subTest(typed=typed):
                before = self.failures()
                answer = self.Till.retail_pos_check_card_code(
                    self.customer_x.id, typed, self.config.id, "Order W"
                )
                self.assertIn("not the code", answer["error"])
                self.assertEqual(self.failures(), before + 1)
        self.assertEqual(self.proofs("Order W"), 0)

    def test_twin_code_in_ascii_digits_works(self):
        answer = self.Till.retail_pos_check_card_code(
            self.customer_x.id, self.code, self.config.id, "Order 1"
        )
        self.assertEqual(answer, {"ok": True})
        self.assertEqual(self.proofs("Order 1"), 1)
        self.assertEqual(self.failures(), 0)
