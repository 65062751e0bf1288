# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a card's holder and number may be, whoever sends them: a customer of
a company the user does not work in is never named, a number that is not text
is refused, and digits typed on a Persian or Arabic keyboard are digits."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import RETAIL_MANAGER, RETAIL_USER, RetailCase, company_user

#: Persian (U+06F0...) and Arabic-Indic (U+0660...) digits of 0-9.
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def ean13(body):
    """EAN-13 number of the 12 digits ``body``, written out independently of
    the code under test: weights 1, 3, 1, 3... from the left."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@tagged("post_install", "-at_install")
class TestRetailCardHolderOfOtherCompany(RetailCase):
    """A user of company A tries a card for a customer of company B, by id:
    Odoo's company check would answer with the customer's name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Card = cls.env["retail.card"]
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Card Co B"})
        cls.secret = cls.Partner.create(
            {"name": "Secretive Bcustomer", "company_id": cls.company_b.id}
        )
        cls.mine = cls.Partner.create(
            {"name": "Mine Acustomer", "company_id": cls.company_a.id}
        )
        cls.clerk_a = company_user(cls.env, "card_clerk_a", RETAIL_USER, cls.company_a)
        cls.manager_a = company_user(
            cls.env, "card_manager_a", RETAIL_MANAGER, cls.company_a
        )
        cls.missing_id = cls.Partner.search([], order="id desc", limit=1).id + 1000

    def assertNamesNoOne(self, text):
        self.assertNotIn("Secretive", text)
        self.assertNotIn("Bcustomer", text)

    def test_create_for_other_company_customer_names_no_one(self):
        with self.assertRaises(AccessError):
            self.secret.with_user(self.clerk_a).read(["name"])
        for user in (self.clerk_a, self.manager_a):
            for partner_id in (self.secret.id, self.missing_id):
                with (
                    self.subTest(user=user.login, partner_id=partner_id),
                    self.assertRaisesMessage(AccessError, "cannot issue a card") as cm,
                ):
                    self.Card.with_user(user).create([{"partner_id": partner_id}])
                self.assertNamesNoOne(str(cm.exception))
        # one readable holder does not cover another one in the same batch
        with self.assertRaisesMessage(AccessError, "cannot issue a card") as cm:
            self.Card.with_user(self.clerk_a).create(
                [{"partner_id": self.mine.id}, {"partner_id": self.secret.id}]
            )
        self.assertNamesNoOne(str(cm.exception))
        self.assertFalse(
            self.Card.search([("partner_id", "in", (self.secret | self.mine).ids)])
        )

    def test_twin_create_for_own_company_customer(self):
        card = self.Card.with_user(self.clerk_a).create([{"partner_id": self.mine.id}])
        self.assertEqual(card.partner_id, self.mine)
        self.assertEqual(card.state, "active")

    def test_write_holder_of_other_company_names_no_one(self):
        """Only managers change a card's holder; not to another company's
        customer, whose name the company check would tell."""
        card = self.Card.create([{"partner_id": self.mine.id}])
        with self.assertRaisesMessage(AccessError, "cannot issue a card") as cm:
            card.with_user(self.manager_a).write({"partner_id": self.secret.id})
        self.assertNamesNoOne(str(cm.exception))
        self.assertEqual(card.partner_id, self.mine)

    def test_twin_manager_writes_holder_of_own_company(self):
        card = self.Card.create([{"partner_id": self.mine.id}])
        other = self.Partner.create(
            {"name": "Other Acustomer", "company_id": self.company_a.id}
        )
        card.with_user(self.manager_a).write({"partner_id": other.id})
        self.assertEqual(card.partner_id, other)

    def test_holder_not_an_id_refused(self):
        for value in ("abc", [self.mine.id], {"id": self.mine.id}):
            with (
                self.subTest(value=value),
                self.assertRaisesMessage(ValidationError, "id of a customer"),
            ):
                self.Card.with_user(self.clerk_a).create([{"partner_id": value}])

    def _load(self, partner_id, number):
        return (
            self.Card.with_user(self.clerk_a)
            .with_context(import_file=True)
            .load(["partner_id/.id", "number"], [[str(partner_id), number]])
        )

    def test_import_for_other_company_customer_names_no_one(self):
        number = ean13("290000555555")
        result = self._load(self.secret.id, number)
        self.assertFalse(result["ids"], result)
        text = " ".join(message["message"] for message in result["messages"])
        self.assertIn("cannot issue a card", text)
        self.assertNamesNoOne(text)
        self.assertFalse(self.Card.search([("number", "=", number)]))

    def test_twin_import_for_own_company_customer(self):
        number = ean13("290000555555")
        result = self._load(self.mine.id, number)
        self.assertTrue(result["ids"], result)
        self.assertEqual(self.Card.browse(result["ids"]).partner_id, self.mine)
        self.assertEqual(self.Card.browse(result["ids"]).number, number)


@tagged("post_install", "-at_install")
class TestRetailCardNumberInput(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Card = cls.env["retail.card"]
        cls.env.company.write(
            {"retail_card_prefix": "2900", "retail_card_check_ean13": True}
        )
        cls.holder = cls.Partner.create({"name": "Number Holder"})
        cls.Card_as_clerk = cls.Card.with_user(cls.user_retail)

    def test_number_not_text_refused(self):
        number = ean13("290000777777")
        for value in (int(number), [number], {"number": number}, 2.5):
            with (
                self.subTest(value=value),
                self.assertRaisesMessage(ValidationError, "is not text"),
            ):
                self.Card_as_clerk.create(
                    [{"partner_id": self.holder.id, "number": value}]
                )
        self.assertFalse(self.Card.search([("number", "=", number)]))
        card = self.Card.create([{"partner_id": self.holder.id}])
        before = card.number
        with self.assertRaisesMessage(ValidationError, "is not text"):
            card.with_user(self.user_manager).write({"number": int(number)})
        self.assertEqual(card.number, before)

    def test_twin_number_as_text(self):
        number = ean13("290000777777")
        card = self.Card_as_clerk.create(
            [{"partner_id": self.holder.id, "number": number}]
        )
        self.assertEqual(card.number, number)
        spare = ean13("290000777778")
        card.with_user(self.user_manager).write({"number": spare})
        self.assertEqual(card.number, spare)

    def test_number_in_persian_or_arabic_digits(self):
        """Typed on a Persian or Arabic keyboard (with the invisible marks
        such keyboards add), the number is stored as the scanner reads it."""
        persian = ean13("290000666661")
        arabic = ean13("290000666662")
        cards = self.Card_as_clerk.create(
            [
                {
                    "partner_id": self.holder.id,
                    "number": "\u200f"
                    + persian.translate(PERSIAN)[:6]
                    + "\u200c "
                    + persian.translate(PERSIAN)[6:],
                },
                {"partner_id": self.holder.id, "number": arabic.translate(ARABIC)},
            ]
        )
        self.assertEqual(cards.mapped("number"), [persian, arabic])
        # the same number in Persian digits is the same number: taken
        with self.assertRaisesMessage(ValidationError, f"Card {persian} is already"):
            self.Card_as_clerk.create(
                [{"partner_id": self.holder.id, "number": persian.translate(PERSIAN)}]
            )

    def test_persian_digits_checked_as_digits(self):
        good = ean13("290000666663")
        bad = good[:12] + str((int(good[12]) + 1) % 10)
        with self.assertRaisesMessage(
            ValidationError, f"Card number {bad} has a wrong check digit"
        ):
            self.Card_as_clerk.create(
                [{"partner_id": self.holder.id, "number": bad.translate(PERSIAN)}]
            )
        # superscripts are no decimal digits
        with self.assertRaisesMessage(ValidationError, "digits only"):
            self.Card_as_clerk.create(
                [{"partner_id": self.holder.id, "number": good[:12] + "²"}]
            )
        self.assertFalse(self.Card.search([("number", "in", [good, bad])]))
