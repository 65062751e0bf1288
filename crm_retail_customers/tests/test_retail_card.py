# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import subprocess
import tempfile
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common import PointsCase, RetailCase

REPORT = "crm_retail_customers.retail_card_report"


def ean13(body):
    """EAN-13 number of the 12 digits ``body``, written out independently of
    the code under test: weights 1, 3, 1, 3... from the left."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@tagged("post_install", "-at_install")
class TestRetailCard(RetailCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Card = cls.env["retail.card"]
        cls.company = cls.env.company
        cls.company.write(
            {"retail_card_prefix": "2900", "retail_card_check_ean13": True}
        )
        cls.aino, cls.mikko = cls.Partner.create(
            [{"name": "Aino Cardholder"}, {"name": "Mikko Cardholder"}]
        )
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})
        cls.partner_b = cls.Partner.create(
            {"name": "Bertil Shop B Only", "company_id": cls.company_b.id}
        )

    def assertValidEan13(self, number, prefix="2900"):
        self.assertRegex(number, r"^\d{13}$")
        self.assertTrue(number.startswith(prefix), number)
        self.assertEqual(number, ean13(number[:12]))

    def count(self, number):
        return self.Card.search_count([("number", "=", number)])

    # -- numbers --------------------------------------------------------------
    # noon UTC: the day is the same in every time zone the code may use
    @freeze_time("2026-06-15 12:00:00")
    def test_sequence_number_is_ean13_with_prefix(self):
        card, second = self.Card.create(
            [{"partner_id": self.aino.id}, {"partner_id": self.mikko.id}]
        )
        self.assertValidEan13(card.number)
        self.assertValidEan13(second.number)
        self.assertNotEqual(card.number, second.number)
        self.assertEqual(card.state, "active")
        self.assertEqual(card.company_id, self.company)
        self.assertEqual(card.issue_date, date.today())
        self.assertRegex(card.code, r"^\d{4}$")
        # the sequence gives the counter; prefix and check digit are added
        self.assertEqual(int(second.number[4:12]), int(card.number[4:12]) + 1)

    def test_prefix_change_in_settings_applies(self):
        settings = self.env["res.config.settings"].create({})
        settings.retail_card_prefix = "2777"
        settings.execute()
        self.assertEqual(self.company.retail_card_prefix, "2777")
        card = self.Card.create({"partner_id": self.aino.id})
        self.assertValidEan13(card.number, prefix="2777")
        self.company.retail_card_prefix = "29123456"
        card = self.Card.create({"partner_id": self.aino.id})
        self.assertValidEan13(card.number, prefix="29123456")

    def test_sequence_skips_numbers_in_use(self):
        """A legacy card imported with the number the sequence gives next does
        not make the next issued card fail: that number is skipped."""
        sequence = self.env.ref("crm_retail_customers.seq_retail_card")
        upcoming = ean13("2900" + str(sequence.number_next_actual).zfill(8))
        legacy = self.Card.create({"partner_id": self.mikko.id, "number": upcoming})
        card = self.Card.create({"partner_id": self.aino.id})
        self.assertValidEan13(card.number)
        self.assertNotEqual(card.number, legacy.number)

    def test_typed_number_spaces_stripped(self):
        number = ean13("290099990001")
        card = self.Card.create(
            {"partner_id": self.aino.id, "number": f" 2900 9999 0001 {number[-1]} "}
        )
        self.assertEqual(card.number, number)
        other = ean13("290099990002")
        card.number = other[:6] + " " + other[6:]
        self.assertEqual(card.number, other)

    @mute_logger("odoo.sql_db")
    def test_wrong_check_digit(self):
        good = ean13("290099990003")
        bad = good[:12] + str((int(good[12]) + 1) % 10)
        with self.assertRaisesMessage(
            ValidationError, f"Card number {bad} has a wrong check digit"
        ):
            self.Card.create({"partner_id": self.aino.id, "number": bad})
        self.assertEqual(self.count(bad), 0)
        card = self.Card.create({"partner_id": self.aino.id})
        old = card.number
        with self.assertRaisesMessage(ValidationError, "wrong check digit"):
            card.number = bad
        self.assertEqual(card.number, old)

    def test_non_digits(self):
        with self.assertRaisesMessage(
            ValidationError, "Card number 29000000A0012 must contain digits only"
        ):
            self.Card.create({"partner_id": self.aino.id, "number": "29000000A0012"})
        self.assertEqual(self.count("29000000A0012"), 0)

    def test_wrong_length(self):
        with self.assertRaisesMessage(
            ValidationError, "Card number 290000000001 must have 13 digits, not 12"
        ):
            self.Card.create({"partner_id": self.aino.id, "number": "290000000001"})
        self.assertEqual(self.count("290000000001"), 0)
        with self.assertRaisesMessage(ValidationError, "must have 13 digits, not 14"):
            self.Card.create(
                {"partner_id": self.aino.id, "number": ean13("290000000001") + "5"}
            )

    def test_check_disabled_accepts_legacy_number(self):
        self.company.retail_card_check_ean13 = False
        legacy = self.Card.create({"partner_id": self.aino.id, "number": "LEG-00042"})
        short = self.Card.create({"partner_id": self.mikko.id, "number": "12345"})
        self.assertEqual(legacy.number, "LEG-00042")
        self.assertEqual(short.number, "12345")
        # issued numbers are still EAN-13
        self.assertValidEan13(self.Card.create({"partner_id": self.aino.id}).number)
        # a company that checks refuses the legacy number
        self.company.retail_card_check_ean13 = True
        with self.assertRaisesMessage(ValidationError, "digits only"):
            self.Card.create({"partner_id": self.aino.id, "number": "LEG-00043"})

    def test_dates(self):
        with self.assertRaisesMessage(ValidationError, "cannot expire before"):
            self.Card.create(
                {
                    "partner_id": self.aino.id,
                    "issue_date": "2026-05-01",
                    "expiry_date": "2026-04-30",
                }
            )
        self.assertFalse(self.Card.search([("partner_id", "=", self.aino.id)]))

    # -- uniqueness -------------------------------------------------------------
    def test_duplicate_names_holder_to_manager(self):
        card = self.Card.create({"partner_id": self.aino.id})
        Card = self.Card.with_user(self.user_manager)
        with self.assertRaisesMessage(
            ValidationError,
            rf"^Card {card.number} is already issued to Aino Cardholder\.$",
        ):
            Card.create({"partner_id": self.mikko.id, "number": card.number})
        # spaces do not get round the check
        spaced = f"{card.number[:4]} {card.number[4:]}"
        with self.assertRaisesMessage(ValidationError, "already issued to Aino"):
            Card.create({"partner_id": self.mikko.id, "number": spaced})
        other = Card.create({"partner_id": self.mikko.id})
        with self.assertRaisesMessage(ValidationError, "already issued to Aino"):
            other.number = card.number
        self.assertEqual(self.count(card.number), 1)
        self.assertEqual(card.partner_id, self.aino)

    def test_duplicate_hides_holder_the_user_cannot_read(self):
        """A number issued in another company is still taken, but a user who
        may not read that customer is not told who holds it."""
        number = ean13("290055550001")
        self.Card.create(
            {
                "partner_id": self.partner_b.id,
                "company_id": self.company_b.id,
                "number": number,
            }
        )
        Card = self.Card.with_user(self.user_retail)
        self.assertFalse(
            self.Partner.with_user(self.user_retail).search(
                [("id", "=", self.partner_b.id)]
            )
        )
        self.assertFalse(Card.search([("number", "=", number)]))
        with self.assertRaisesMessage(
            ValidationError, rf"^Card {number} is already issued\.$"
        ) as cm:
            Card.create({"partner_id": self.aino.id, "number": number})
        self.assertNotIn("Bertil", str(cm.exception))
        self.assertFalse(self.Card.search([("partner_id", "=", self.aino.id)]))
        self.assertEqual(self.count(number), 1)

    def test_duplicate_within_one_batch(self):
        number = ean13("290055550002")
        with self.assertRaisesMessage(
            ValidationError,
            f"Card number {number} is given to more than one card at once",
        ):
            self.Card.create(
                [
                    {"partner_id": self.aino.id, "number": number},
                    {"partner_id": self.mikko.id, "number": number},
                ]
            )
        self.assertEqual(self.count(number), 0)
        cards = self.Card.create(
            [{"partner_id": self.aino.id}, {"partner_id": self.mikko.id}]
        )
        numbers = cards.mapped("number")
        with self.assertRaisesMessage(ValidationError, "more than one card at once"):
            cards.write({"number": number})
        self.assertEqual(cards.mapped("number"), numbers)

    def test_archived_customer_refused(self):
        self.mikko.active = False
        with self.assertRaisesMessage(
            ValidationError,
            "Cannot issue a card to Mikko Cardholder: the customer is archived",
        ):
            self.Card.create({"partner_id": self.mikko.id})
        self.assertEqual(
            self.mikko.with_context(active_test=False).retail_card_count, 0
        )
        card = self.Card.create({"partner_id": self.aino.id})
        with self.assertRaisesMessage(ValidationError, "the customer is archived"):
            card.partner_id = self.mikko
        self.assertEqual(card.partner_id, self.aino)

    # -- states ---------------------------------------------------------------
    def test_block_lost_replace_and_partner_card_number(self):
        card = self.Card.create({"partner_id": self.aino.id})
        self.assertEqual(self.aino.card_number, card.number)
        card.action_block()
        self.assertEqual(card.state, "blocked")
        self.assertFalse(self.aino.card_number)
        with self.assertRaisesMessage(
            UserError, f"Only an active card can be blocked; card {card.number} is "
        ):
            card.action_block()
        card.action_report_lost()
        self.assertEqual(card.state, "lost")
        action = card.action_replace()
        new = card.replaced_by_id
        self.assertTrue(new)
        self.assertEqual(action["res_id"], new.id)
        self.assertEqual(card.state, "replaced")
        self.assertEqual(new.state, "active")
        self.assertEqual(new.partner_id, self.aino)
        self.assertValidEan13(new.number)
        self.assertNotEqual(new.number, card.number)
        self.assertNotEqual(new.code, card.code or "-")
        self.assertEqual(self.aino.card_number, new.number)
        self.assertEqual(self.aino.retail_card_count, 2)
        # a replaced card is finished
        with self.assertRaisesMessage(UserError, "Only an active card can be blocked"):
            card.action_block()
        with self.assertRaisesMessage(UserError, "can be reported lost"):
            card.action_report_lost()
        with self.assertRaisesMessage(UserError, "has already been replaced"):
            card.action_replace()
        with self.assertRaisesMessage(UserError, "Only a blocked card can be"):
            card.action_unblock()
        self.assertEqual(card.state, "replaced")
        self.assertEqual(card.replaced_by_id, new)
        # states change through the buttons only
        with self.assertRaisesMessage(UserError, "with its buttons"):
            card.write({"state": "active"})
        self.assertEqual(card.state, "replaced")

    # noon UTC: the day is the same in every time zone the code may use
    @freeze_time("2026-06-15 12:00:00")
    def test_replace_active_card_keeps_expiry(self):
        card = self.Card.create(
            {"partner_id": self.aino.id, "expiry_date": date(2099, 12, 31)}
        )
        card.action_replace()
        self.assertEqual(card.replaced_by_id.expiry_date, date(2099, 12, 31))
        self.assertEqual(card.replaced_by_id.issue_date, date.today())

    @freeze_time("2026-06-15")
    def test_replace_expired_card_renews_it(self):
        card = self.Card.create(
            {
                "partner_id": self.aino.id,
                "issue_date": "2024-06-01",
                "expiry_date": "2026-06-01",
            }
        )
        self.Card._cron_expire_cards()
        self.assertEqual(card.state, "expired")
        card.action_replace()
        new = card.replaced_by_id
        self.assertEqual(new.issue_date, date(2026, 6, 15))
        self.assertEqual(new.expiry_date, date(2028, 6, 14))
        self.assertEqual(new.state, "active")

    def test_newest_active_card_is_the_partner_number(self):
        old, new = self.Card.create(
            [
                {"partner_id": self.aino.id, "issue_date": "2025-01-01"},
                {"partner_id": self.aino.id, "issue_date": "2026-01-01"},
            ]
        )
        self.assertEqual(self.aino.card_number, new.number)
        new.action_block()
        self.assertEqual(self.aino.card_number, old.number)
        new.with_user(self.user_manager).action_unblock()
        self.assertEqual(self.aino.card_number, new.number)

    def test_replace_keeps_reward_points(self):
        self.aino._post_reward_points(100, "earn")
        entries = self.aino.point_entry_ids
        card = self.Card.create({"partner_id": self.aino.id})
        card.action_report_lost()
        card.action_replace()
        self.assertEqual(self.aino.reward_points, 100)
        self.assertEqual(self.aino.reward_points_earned, 100)
        self.assertEqual(self.aino.point_entry_ids, entries)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_unblock_is_for_managers(self):
        card = self.Card.with_user(self.user_retail).create(
            {"partner_id": self.aino.id}
        )
        card.action_block()
        with self.assertRaisesMessage(AccessError, "Only a retail manager can"):
            card.action_unblock()
        self.assertEqual(card.state, "blocked")
        card.with_user(self.user_manager).action_unblock()
        self.assertEqual(card.state, "active")

    @freeze_time("2026-06-15")
    def test_unblock_past_expiry_gives_expired(self):
        card = self.Card.create(
            {
                "partner_id": self.aino.id,
                "issue_date": "2026-01-01",
                "expiry_date": "2026-06-10",
            }
        )
        card.action_block()
        card.action_unblock()
        self.assertEqual(card.state, "expired")

    @freeze_time("2026-06-15")
    def test_cron_expires_cards(self):
        cron = self.env.ref("crm_retail_customers.ir_cron_expire_retail_cards")
        self.assertEqual(cron.model_id.model, "retail.card")
        self.assertEqual(cron.code.strip(), "model._cron_expire_cards()")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        issued = {"issue_date": "2025-06-01"}
        past, today, none, blocked, other_company = self.Card.create(
            [
                dict(issued, partner_id=self.aino.id, expiry_date="2026-06-14"),
                dict(issued, partner_id=self.aino.id, expiry_date="2026-06-15"),
                dict(issued, partner_id=self.aino.id),
                dict(issued, partner_id=self.mikko.id, expiry_date="2026-01-01"),
                dict(
                    issued,
                    partner_id=self.partner_b.id,
                    company_id=self.company_b.id,
                    expiry_date="2026-06-01",
                ),
            ]
        )
        blocked.action_block()
        self.assertEqual(self.aino.card_number, none.number)
        cron.method_direct_trigger()
        self.assertEqual(past.state, "expired")
        self.assertEqual(today.state, "active")
        self.assertEqual(none.state, "active")
        self.assertEqual(blocked.state, "blocked")
        self.assertEqual(other_company.state, "expired")
        with freeze_time("2026-06-16"):
            self.Card._cron_expire_cards()
        self.assertEqual(today.state, "expired")
        self.assertEqual(self.aino.card_number, none.number)

    # -- security -------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_verification_code_for_managers_only(self):
        card = self.Card.with_user(self.user_retail).create(
            {"partner_id": self.aino.id}
        )
        self.assertRegex(card.sudo().code, r"^\d{4}$")
        with self.assertRaises(AccessError):
            card.with_user(self.user_retail).read(["code"])
        with self.assertRaises(AccessError):
            card.invalidate_recordset()
            _code = card.with_user(self.user_retail).code
        self.assertNotIn("code", card.with_user(self.user_retail).fields_get())
        self.assertEqual(card.with_user(self.user_manager).code, card.sudo().code)
        # a code given at creation is kept
        given = self.Card.create({"partner_id": self.mikko.id, "code": "1234"})
        self.assertEqual(given.code, "1234")

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_access_rights(self):
        Card = self.Card.with_user(self.user_retail)
        card = Card.create({"partner_id": self.aino.id})
        card.action_block()
        self.assertEqual(card.state, "blocked")
        with self.assertRaises(AccessError):
            card.unlink()
        internal = self.Card.with_user(self.user_internal)
        with self.assertRaises(AccessError):
            internal.create({"partner_id": self.mikko.id})
        self.assertFalse(self.Card.search([("partner_id", "=", self.mikko.id)]))
        # internal users read cards and a customer's card number
        self.assertEqual(internal.browse(card.id).number, card.number)
        with self.assertRaises(AccessError):
            internal.browse(card.id).action_report_lost()
        self.assertEqual(card.state, "blocked")
        self.Card.with_user(self.user_manager).browse(card.id).unlink()
        self.assertFalse(card.exists())

    def test_cards_of_other_companies_are_hidden(self):
        card_b = self.Card.create(
            {"partner_id": self.partner_b.id, "company_id": self.company_b.id}
        )
        self.assertNotIn(card_b, self.Card.with_user(self.user_manager).search([]))
        with self.assertRaisesMessage(UserError, "Incompatible companies"):
            self.Card.create(
                {"partner_id": self.partner_b.id, "company_id": self.company.id}
            )

    # -- search, views, actions ---------------------------------------------------
    def test_name_search_by_card_number(self):
        card = self.Card.create({"partner_id": self.aino.id})
        found = self.Partner.name_search(card.number)
        self.assertIn(self.aino.id, [pid for pid, _name in found])
        self.assertEqual(
            self.Partner.with_user(self.user_internal).search(
                [("card_number", "=", card.number)]
            ),
            self.aino,
        )
        # typed with spaces, or with the digits of a Persian (or Arabic)
        # keyboard, it is the same number; a longer one is not
        persian = card.number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        spaced = f" {card.number[:4]} {card.number[4:8]} {card.number[8:]} "
        for typed in (persian, spaced):
            found = self.Partner.with_user(self.user_internal).name_search(typed)
            self.assertEqual([pid for pid, _name in found], [self.aino.id])
        self.assertNotIn(
            self.aino.id,
            [pid for pid, _name in self.Partner.name_search(card.number + "1")],
        )
        card.action_replace()
        new_found = self.Partner.name_search(card.replaced_by_id.number)
        self.assertIn(self.aino.id, [pid for pid, _name in new_found])
        self.assertNotIn(
            self.aino.id, [pid for pid, _name in self.Partner.name_search(card.number)]
        )

    def test_issue_card_from_customer_form(self):
        action = self.env.ref("crm_retail_customers.retail_card_action_issue")
        self.assertEqual((action.res_model, action.target), ("retail.card", "new"))
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn(f'name="{action.id}"', arch)
        self.assertIn('name="action_open_cards"', arch)
        Card = self.Card.with_user(self.user_retail).with_context(
            default_partner_id=self.aino.id
        )
        with Form(Card, view=action.view_id) as form:
            form.expiry_date = date(2099, 1, 1)
        card = form.record
        self.assertEqual(card.partner_id, self.aino)
        self.assertValidEan13(card.number)
        self.assertEqual(self.aino.retail_card_count, 1)
        cards_action = self.aino.action_open_cards()
        self.assertEqual(self.Card.search(cards_action["domain"]), card)

    def test_card_form_and_list(self):
        with Form(self.Card.with_user(self.user_retail)) as form:
            form.partner_id = self.mikko
            form.number = ean13("290077770001")
        self.assertEqual(form.record.number, ean13("290077770001"))
        for view_type in ("tree", "form", "search"):
            self.assertTrue(self.Card.get_views([(False, view_type)]))

    # -- printing ---------------------------------------------------------------
    def test_print_card_pdf(self):
        cards = self.Card.create(
            [
                {"partner_id": self.aino.id, "expiry_date": "2030-12-31"},
                {"partner_id": self.mikko.id},
            ]
        )
        report = self.env.ref(REPORT)
        self.assertEqual(report.report_type, "qweb-pdf")
        self.assertEqual(report.binding_model_id.model, "retail.card")
        paper = report.paperformat_id
        self.assertEqual(
            (paper.print_page_width, paper.print_page_height), (86.0, 54.0)
        )
        # clerks print cards
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_retail)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, cards.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            info = subprocess.run(
                ["pdfinfo", pdf_file.name], capture_output=True, check=True
            ).stdout.decode()
        self.assertRegex(info, r"Pages:\s+2\n")
        # one card a page, 86 x 54 mm (244 x 153 points), landscape
        width, height = map(
            float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
        )
        self.assertAlmostEqual(width, 86 / 25.4 * 72, delta=2)
        self.assertAlmostEqual(height, 54 / 25.4 * 72, delta=2)
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        for card in cards:
            self.assertIn(card.partner_id.name, text)
            self.assertIn(card.number, text)
        self.assertIn(self.company.name, text)
        self.assertIn("Valid until", text)
        # the verification code is printed for managers only
        self.assertNotIn(f"Code {cards[0].sudo().code}", text)
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, cards[0].ids)
        )
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        self.assertIn(f"Code {cards[0].sudo().code}", text)
        self.assertIn(cards[0].number, text)

    # -- import -----------------------------------------------------------------
    def test_import_cards(self):
        fields = ["number", "partner_id", "issue_date", "expiry_date"]
        typed = ean13("290088880001")
        Card = self.Card.with_user(self.user_retail)
        result = Card.load(
            fields,
            [
                [typed, "Aino Cardholder", "2025-01-10", "2027-01-10"],
                ["", "Mikko Cardholder", "2025-02-01", ""],
            ],
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), 2)
        imported = self.Card.browse(result["ids"])
        self.assertEqual(imported[0].number, typed)
        self.assertEqual(imported[0].partner_id, self.aino)
        self.assertEqual(imported[0].expiry_date, date(2027, 1, 10))
        self.assertEqual(imported[1].partner_id, self.mikko)
        self.assertValidEan13(imported[1].number)
        self.assertEqual(self.aino.card_number, typed)

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_import_bad_batch_writes_nothing(self):
        fields = ["number", "partner_id", "issue_date", "expiry_date"]
        existing = self.Card.create({"partner_id": self.aino.id})
        good = ean13("290088880002")
        bad_digit = good[:12] + str((int(good[12]) + 5) % 10)
        before = self.Card.search_count([])
        result = self.Card.with_user(self.user_retail).load(
            fields,
            [
                [good, "Mikko Cardholder", "2025-01-10", ""],
                [bad_digit, "Mikko Cardholder", "2025-01-10", ""],
                [good, "Aino Cardholder", "2025-01-10", ""],
                [existing.number, "Mikko Cardholder", "2025-01-10", ""],
            ],
        )
        self.assertFalse(result["ids"])
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 3, errors)
        self.assertRegex(errors[0], f"Card number {bad_digit} has a wrong check digit")
        self.assertRegex(errors[1], f"Card {good} is already issued to Mikko")
        self.assertRegex(
            errors[2], f"Card {existing.number} is already issued to Aino Cardholder"
        )
        self.assertEqual(self.Card.search_count([]), before)
        self.assertEqual(self.count(good), 0)
        self.assertFalse(self.mikko.card_ids)


@tagged("post_install", "-at_install")
class TestRetailCardInput(PointsCase):
    """Card numbers and card holders a retail clerk cannot change."""

    def test_card_numbers_are_ascii_digits(self):
        Card = self.env["retail.card"]
        with self.assertRaisesMessage(ValidationError, "digits only"):
            Card.create({"partner_id": self.customer.id, "number": "29000000000²7"})
        self.assertEqual(self.Partner.name_search("29000000000²7"), [])
        # Arabic-Indic digits are digits (test_retail_card_input.py): this
        # number is read as 2900000000017, whose check digit is wrong
        with self.assertRaisesMessage(ValidationError, "2900000000017 has a wrong"):
            Card.create({"partner_id": self.customer.id, "number": "٢٩٠٠٠٠٠٠٠٠٠١٧"})

    def test_clerk_cannot_free_a_blocked_card(self):
        card = self.env["retail.card"].create({"partner_id": self.customer.id})
        card.with_user(self.user_retail).action_block()
        as_clerk = card.with_user(self.user_retail)
        with self.assertRaisesMessage(AccessError, "replace a blocked card"):
            as_clerk.action_replace()
        with self.assertRaisesMessage(AccessError, "report a blocked card lost"):
            as_clerk.action_report_lost()
        self.assertEqual(card.state, "blocked")
        self.assertFalse(self.customer.card_number)
        card.with_user(self.user_manager).action_replace()
        self.assertEqual(card.state, "replaced")
        self.assertTrue(self.customer.card_number)

    def test_clerk_cannot_hand_a_card_to_someone_else(self):
        thief = self.Partner.create({"name": "Card Thief"})
        card = self.env["retail.card"].create({"partner_id": self.customer.id})
        with self.assertRaisesMessage(AccessError, "Only a retail manager"):
            card.with_user(self.user_retail).write({"partner_id": thief.id})
        self.assertEqual(card.partner_id, self.customer)
        self.assertFalse(thief.card_number)

    def test_a_new_card_is_issued_as_the_server_decides(self):
        """A clerk issues cards, but neither in another state than active,
        nor linked as a replacement, nor with a verification code they chose
        (who knows a card's code can use it without the card); the buttons
        alone change a card's state and link it to its successor."""
        Card = self.env["retail.card"].with_user(self.user_retail)
        for vals in ({"state": "replaced"}, {"state": "blocked"}):
            with self.assertRaisesMessage(AccessError, "A new card is active"):
                Card.create(dict(vals, partner_id=self.customer.id))
        card = Card.create({"partner_id": self.customer.id})
        with self.assertRaisesMessage(AccessError, "A new card is active"):
            Card.create({"partner_id": self.customer.id, "replaced_by_id": card.id})
        with self.assertRaisesMessage(AccessError, "verification code"):
            Card.create({"partner_id": self.customer.id, "code": "0000"})
        self.assertEqual(self.customer.card_ids, card.sudo())
        self.assertNotEqual(card.sudo().code, "0000")
        # a replaced card keeps the link to its successor
        card.with_user(self.user_manager).action_replace()
        successor = card.replaced_by_id
        self.assertTrue(successor)
        for user in (self.user_retail, self.user_manager):
            with self.assertRaisesMessage(UserError, "with its buttons"):
                card.with_user(user).write({"replaced_by_id": False})
        self.assertEqual(card.replaced_by_id, successor)
        # a manager may import a card issued elsewhere: its code and state
        given = (
            self.env["retail.card"]
            .with_user(self.user_manager)
            .create(
                {"partner_id": self.customer.id, "code": "4321", "state": "expired"}
            )
        )
        self.assertEqual(given.sudo().code, "4321")
        self.assertEqual(given.state, "expired")

    def test_a_blocked_card_stops_new_cards_of_the_whole_customer(self):
        """Points of a contact person book on its company: a contact's new
        card would work on the account whose card is blocked. Blocked
        anywhere in the company (its own card or a contact's), a new card
        for any of them is a retail manager's decision."""
        company = self.Partner.create({"name": "Blocked Ltd", "is_company": True})
        buyer = self.Partner.create({"name": "Buyer", "parent_id": company.id})
        card = self.env["retail.card"].create({"partner_id": company.id})
        card.action_block()
        Card = self.env["retail.card"].with_user(self.user_retail)
        newcomer = self.Partner.create({"name": "New Buyer", "parent_id": company.id})
        for holder in (company, buyer, newcomer):
            with self.assertRaisesMessage(AccessError, "blocked card"):
                Card.create({"partner_id": holder.id})
        self.assertEqual(
            self.env["retail.card"].search_count(
                [("partner_id.commercial_partner_id", "=", company.id)]
            ),
            1,
        )
        card.with_user(self.user_manager).action_unblock()
        buyer_card = Card.create({"partner_id": buyer.id})
        buyer_card.action_block()
        with self.assertRaisesMessage(AccessError, "blocked card"):
            Card.create({"partner_id": company.id})
        # another customer is not concerned
        self.assertTrue(Card.create({"partner_id": self.customer.id}))
        self.assertTrue(
            self.env["retail.card"]
            .with_user(self.user_manager)
            .create({"partner_id": newcomer.id})
        )

    def test_a_blocked_cards_number_stays_blocked(self):
        card = self.env["retail.card"].create({"partner_id": self.customer.id})
        number = card.number
        card.action_block()
        spare = self.env["retail.card"]._next_number(self.company)
        with self.assertRaisesMessage(AccessError, "Only a retail manager"):
            card.with_user(self.user_retail).write({"number": spare})
        with self.assertRaisesMessage(UserError, "stays with it"):
            card.with_user(self.user_manager).write({"number": spare})
        self.assertEqual(card.number, number)
        with self.assertRaisesMessage(ValidationError, "already issued"):
            self.env["retail.card"].with_user(self.user_retail).create(
                {"partner_id": self.customer.id, "number": number}
            )
