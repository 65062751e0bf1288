# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.barcode import get_barcode_check_digit

from odoo.addons.crm_retail_customers.tests.common import CONTACT_CLERK, company_user
from odoo.addons.crm_retail_customers_pos.models.pos_session import (
    RETAIL_POS_PARTNER_FIELDS,
)

from .common import POS_CASHIER, RetailPosCase, TillRpcMixin


def ean13(body):
    """EAN-13 number: the 12 digits ``body`` and their check digit."""
    return body + str(get_barcode_check_digit(body + "0"))


@tagged("post_install", "-at_install")
class TestPosCustomers(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group = cls.env["retail.customer.group"].create({"name": "POS Members"})
        cls.tier = cls.env["retail.tier"].create({"name": "Silver", "min_points": 50})
        cls.customer_x.write(
            {"customer_group_id": cls.group.id, "no_sms_marketing": True}
        )
        cls.customer_x._post_reward_points(120, "opening", company_id=cls.company.id)
        cls.Card = cls.env["retail.card"]
        cls.card = cls.Card.create(
            {"partner_id": cls.customer_x.id, "number": ean13("290000012345")}
        )

    def find(self, number):
        return (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .retail_pos_find_by_card(number, self.config.id)
        )

    # -- what the till loads ---------------------------------------------------
    def test_pos_loads_the_retail_fields(self):
        data = self.pos_session.with_user(self.pos_user).load_pos_data()
        fields = self.pos_session._loader_params_res_partner()["search_params"][
            "fields"
        ]
        self.assertTrue(set(RETAIL_POS_PARTNER_FIELDS) <= set(fields))
        self.assertEqual(data["retail_redemption_product_id"], self.redemption.id)
        self.assertIn(self.redemption.id, data["pos_special_products_ids"])
        self.assertIn(self.redemption.id, [p["id"] for p in data["product.product"]])
        self.assertEqual(data["res.company"]["retail_point_value"], 0.1)
        loaded = {p["id"]: p for p in data["res.partner"]}
        if self.customer_x.id in loaded:
            partner = loaded[self.customer_x.id]
            self.assertEqual(partner["card_number"], self.card.number)
            self.assertEqual(partner["reward_points"], 120.0)

    def test_redemption_product_loaded_with_limited_categories(self):
        category = self.env["pos.category"].create({"name": "Only this"})
        self.config.with_context(bypass_categories_forbidden_change=True).write(
            {"limit_categories": True, "iface_available_categ_ids": category.ids}
        )
        domain = self.config._get_available_product_domain()
        products = self.env["product.product"].search(domain)
        self.assertIn(self.redemption, products)

    def test_contacts_show_the_company_balance(self):
        company = self.Partner.create({"name": "Retail Corp", "is_company": True})
        contact = self.Partner.create({"name": "Buyer", "parent_id": company.id})
        company._post_reward_points(75, "opening", company_id=self.company.id)
        self.assertEqual(company.reward_tier_id, self.tier)
        loaded = self.pos_session.get_pos_ui_res_partner_by_params(
            {"domain": [("id", "in", (company | contact).ids)]}
        )
        by_id = {p["id"]: p for p in loaded}
        self.assertEqual(by_id[contact.id]["reward_points"], 75.0)
        self.assertEqual(by_id[contact.id]["reward_tier_id"][0], self.tier.id)
        self.assertEqual(by_id[company.id]["reward_points"], 75.0)

    def search_more(self, text, offset=0):
        """The customer list's "Search more" as Odoo's ``getNewPartners``
        sends it (this addon leaves it as it is), as the cashier."""
        fields = ["name", "parent_name", "phone_mobile_search", "email"]
        domain = ["|"] * (len(fields) - 1) + [
            (field, "ilike", text + "%") for field in fields
        ]
        found = self.pos_session.with_user(
            self.pos_user
        ).get_pos_ui_res_partner_by_params(
            {"domain": domain, "limit": 30, "offset": offset}
        )
        return [partner["id"] for partner in found]

    def test_search_more_finds_card_numbers(self):
        """A typed card number (or its start) finds the card holder, with the
        retail fields the till shows."""
        self.assertEqual(self.search_more(self.card.number), [self.customer_x.id])
        self.assertEqual(self.search_more(self.card.number[:8]), [self.customer_x.id])
        # short numbers: the card numbers besides the standard fields
        self.assertIn(self.customer_x.id, self.search_more(self.card.number[:4]))
        # the next page of a card search is empty, not the standard search
        self.assertEqual(self.search_more(self.card.number, offset=1), [])
        # and the standard name search used by every customer field
        found_ids = [pid for pid, _name in self.Partner.name_search(self.card.number)]
        self.assertIn(self.customer_x.id, found_ids)

    def test_search_more_digits_without_card_is_the_standard_search(self):
        """Digits that start no card number (a phone number) are searched
        in the standard fields, as without this addon."""
        caller = self.Partner.create({"name": "Caller", "phone": "0912345678901"})
        self.assertFalse(
            self.env["retail.card"].search([("number", "=like", "0912345678%")])
        )
        self.assertEqual(self.search_more("0912345678"), [caller.id])
        self.assertEqual(self.search_more("Points Cust"), [self.customer_x.id])

    def test_card_number_prefix_index(self):
        """The prefix search has an index it can use in any collation."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'res_partner' "
            "AND indexname = 'res_partner_card_number_prefix_index'"
        )
        (definition,) = self.env.cr.fetchone()
        self.assertIn("varchar_pattern_ops", definition)

    def test_partner_fields_sent_once(self):
        """The till learns the retail customer fields from the server."""
        loaded = self.pos_session.load_pos_data()
        self.assertEqual(loaded["retail_partner_fields"], RETAIL_POS_PARTNER_FIELDS)
        fields = self.pos_session._loader_params_res_partner()["search_params"][
            "fields"
        ]
        self.assertTrue(set(RETAIL_POS_PARTNER_FIELDS) <= set(fields))

    # -- scanning a card ---------------------------------------------------------
    def test_scan_active_card(self):
        result = self.find(f" {self.card.number} ")
        partner = result["partner"]
        self.assertEqual(partner["id"], self.customer_x.id)
        self.assertEqual(partner["card_number"], self.card.number)
        self.assertEqual(partner["reward_points"], 120.0)
        self.assertEqual(partner["reward_tier_id"][0], self.tier.id)
        self.assertEqual(partner["customer_group_id"][0], self.group.id)
        self.assertTrue(partner["effective_no_sms_marketing"])

    def test_scan_unknown_number(self):
        self.assertFalse(self.find(ean13("290000099999")))
        self.assertFalse(self.find(""))

    def test_scan_unusable_cards(self):
        blocked = self.Card.create(
            {"partner_id": self.customer_x.id, "number": ean13("290000020001")}
        )
        blocked.action_block()
        lost = self.Card.create(
            {"partner_id": self.customer_x.id, "number": ean13("290000020002")}
        )
        lost.action_report_lost()
        replaced = self.Card.create(
            {"partner_id": self.customer_x.id, "number": ean13("290000020003")}
        )
        replaced.action_replace()
        expired = self.Card.create(
            {
                "partner_id": self.customer_x.id,
                "number": ean13("290000020004"),
                "issue_date": "2020-01-01",
                "expiry_date": "2021-01-01",
            }
        )
        self.Card._cron_expire_cards()
        self.assertEqual(expired.state, "expired")
        past_due = self.Card.create(
            {
                "partner_id": self.customer_x.id,
                "number": ean13("290000020005"),
                "issue_date": "2020-01-01",
                "expiry_date": "2021-01-01",
            }
        )
        self.assertEqual(past_due.state, "active")
        expected = {
            blocked: "is blocked",
            lost: "reported lost",
            replaced: f"replaced by card {replaced.replaced_by_id.number}",
            expired: "has expired",
            past_due: "has expired",
        }
        for card, message in expected.items():
            result = self.find(card.number)
            self.assertNotIn("partner", result)
            self.assertIn(message, result["error"])
            self.assertIn(card.number, result["error"])

    def test_scan_card_of_archived_customer(self):
        gone = self.Partner.create({"name": "Gone"})
        card = self.Card.create(
            {"partner_id": gone.id, "number": ean13("290000030001")}
        )
        gone.active = False
        self.assertIn("archived", self.find(card.number)["error"])

    # -- numbers typed into the product search ---------------------------------
    def find_typed(self, number):
        return (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .retail_pos_find_by_number(number, self.config.id)
        )

    def test_typed_card_number_is_checked_as_a_scan(self):
        result = self.find_typed(f" {self.card.number} ")
        self.assertEqual(result["partner"]["id"], self.customer_x.id)
        self.assertEqual(result["standing"]["balance"], 120.0)
        # a typed number is no card presented: no redeem proof
        self.assertFalse(result["presented"])
        self.assertFalse(
            self.env["retail.pos.redeem.proof"].search(
                [("partner_id", "=", self.customer_x.id)]
            )
        )
        self.card.action_report_lost()
        result = self.find_typed(self.card.number)
        self.assertNotIn("partner", result)
        self.assertIn("reported lost", result["error"])

    def test_typed_customer_number(self):
        self.customer_x.ref = "R-0815"
        result = self.find_typed("R-0815")
        self.assertEqual(result["partner"]["id"], self.customer_x.id)
        self.assertFalse(result["presented"])
        # a number two customers share, none, or no text picks nobody
        self.Partner.create({"name": "Namesake", "ref": "R-0815"})
        self.assertFalse(self.find_typed("R-0815"))
        self.assertFalse(self.find_typed("R-0816"))
        self.assertFalse(self.find_typed("  "))
        self.assertFalse(self.find_typed(["R-0815"]))
        # a forged till (text, list, boolean) is no till, and no server error
        Partner = self.env["res.partner"].with_user(self.pos_user)
        for config in ("abc", [1], True):
            result = Partner.retail_pos_find_by_number(self.card.number, config)
            self.assertEqual(result["partner"]["id"], self.customer_x.id)

    # -- creating customers at the till ---------------------------------------
    def test_create_customer_with_card(self):
        partner_id = (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .create_from_ui(
                {
                    "id": False,
                    "name": "New Till Customer",
                    "email": "new.till@example.com",
                    "phone": "+32 470 12 34 56",
                    "customer_group_id": str(self.group.id),
                    "birthdate": "1990-05-17",
                    "no_email_marketing": True,
                    "no_sms_marketing": False,
                    "no_letter_marketing": True,
                    "retail_issue_card": True,
                    "retail_config_id": self.config.id,
                }
            )
        )
        partner = self.Partner.browse(partner_id)
        self.assertEqual(partner.name, "New Till Customer")
        self.assertEqual(partner.email, "new.till@example.com")
        self.assertEqual(partner.customer_group_id, self.group)
        self.assertEqual(partner.birthdate.isoformat(), "1990-05-17")
        self.assertEqual(
            (
                partner.no_email_marketing,
                partner.no_sms_marketing,
                partner.no_letter_marketing,
            ),
            (True, False, True),
        )
        card = partner.card_ids
        self.assertEqual(len(card), 1)
        self.assertEqual(card.state, "active")
        self.assertEqual(card.company_id, self.config.company_id)
        self.assertTrue(card.number.startswith(self.company.retail_card_prefix))
        self.assertEqual(len(card.number), 13)
        self.assertEqual(partner.card_number, card.number)
        # the till can scan it at once
        self.assertEqual(self.find(card.number)["partner"]["id"], partner.id)

    def test_till_ban_changes_logged_as_pos(self):
        """Bans set or changed in the till's customer editor are logged as
        made at the till, by the cashier; unchanged ones are not logged."""
        Log = self.env["retail.consent.log"]
        last = Log.search([], order="id desc", limit=1).id
        Partner = self.env["res.partner"].with_user(self.pos_user)
        partner_id = Partner.create_from_ui(
            {"id": False, "name": "Consent At Till", "no_email_marketing": True}
        )
        Partner.create_from_ui(
            {
                "id": self.customer_x.id,
                "name": self.customer_x.name,
                "no_sms_marketing": False,
                "no_email_marketing": False,
            }
        )
        logs = Log.search([("id", ">", last)], order="id")
        self.assertEqual(
            [
                (log.partner_id.id, log.channel, log.previous_allowed, log.allowed)
                for log in logs
            ],
            [
                (partner_id, "email", True, False),
                (self.customer_x.id, "sms", False, True),
            ],
        )
        self.assertEqual(set(logs.mapped("source")), {"pos"})
        self.assertEqual(logs.user_id, self.pos_user)
        # the same write outside the till's save is a back-office change
        Partner.browse(partner_id).write({"no_email_marketing": False})
        self.assertEqual(
            self.env["retail.consent.log"]
            .search([("partner_id", "=", partner_id)], order="id desc", limit=1)
            .source,
            "backoffice",
        )

    def test_non_cashier_save_is_no_till_consent(self):
        """L11: a contact clerk calling the till's save is logged as the
        back office, not as the till."""
        clerk = company_user(
            self.env, "consent_clerk_not_cashier", CONTACT_CLERK, self.company
        )
        partner_id = (
            self.env["res.partner"]
            .with_user(clerk)
            .create_from_ui(
                {"id": False, "name": "Clerk Consent", "no_email_marketing": True}
            )
        )
        logs = self.env["retail.consent.log"].search([("partner_id", "=", partner_id)])
        self.assertEqual(logs.mapped("source"), ["backoffice"])
        self.assertEqual(logs.user_id, clerk)

    def test_create_customer_without_card(self):
        partner_id = (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .create_from_ui(
                {
                    "id": False,
                    "name": "No Card",
                    "customer_group_id": "",
                    "birthdate": "",
                }
            )
        )
        partner = self.Partner.browse(partner_id)
        self.assertFalse(partner.card_ids)
        self.assertFalse(partner.birthdate)
        self.assertFalse(partner.customer_group_id)

    def test_edit_customer_issues_no_second_card(self):
        # the till issues cards only to customers created there: asking for a
        # card while editing a customer is refused, and nothing is written
        with self.assertRaisesMessage(UserError, "only to customers created there"):
            self.env["res.partner"].with_user(self.pos_user).create_from_ui(
                {
                    "id": self.customer_x.id,
                    "no_email_marketing": True,
                    "retail_issue_card": True,
                    "retail_config_id": self.config.id,
                }
            )
        self.assertEqual(self.customer_x.card_ids, self.card)
        self.assertFalse(self.customer_x.no_email_marketing)


@tagged("post_install", "-at_install")
class TestPosStanding(RetailPosCase):
    """What the till learns of a customer set on an order."""

    # noon UTC of a day every year has: the birthday and expiry dates set
    # here are the day the till asks on (no midnight in between, in any
    # time zone), and 29 February would not exist in the year of birth
    @freeze_time("2026-06-15 12:00:00")
    def test_standing_of_a_customer(self):
        self.company.retail_points_validity_months = 12
        tier = self.env["retail.tier"].create(
            {"name": "Standing Silver", "min_points": 10, "earn_factor": 1.25}
        )
        today = fields.Date.context_today(self.customer_x)
        self.customer_x.birthdate = today.replace(year=1985)
        self.book(self.customer_x, 40, "earn", expiry_date=today + timedelta(days=5))
        self.book(self.customer_x, 60, "earn", expiry_date=today + timedelta(days=90))
        card = self.env["retail.card"].create({"partner_id": self.customer_x.id})
        standing = self.Partner.with_user(self.pos_user).retail_pos_standing(
            self.customer_x.id
        )
        self.assertEqual(standing["balance"], 100)
        self.assertEqual(standing["tier"], [tier.id, "Standing Silver"])
        self.assertEqual(standing["earn_factor"], 1.25)
        self.assertEqual(standing["expiring"], 40)
        self.assertTrue(standing["birthday"])
        self.assertFalse(standing["card_warning"])
        card.action_block()
        standing = self.Partner.retail_pos_standing(self.customer_x.id)
        self.assertIn("is blocked", standing["card_warning"])

    def test_born_on_29_february(self):
        self.customer_x.birthdate = "2000-02-29"
        Partner = self.Partner
        with freeze_time("2027-02-28"):
            self.assertTrue(Partner.retail_pos_standing(self.customer_x.id)["birthday"])
        with freeze_time("2028-02-28"):
            self.assertFalse(
                Partner.retail_pos_standing(self.customer_x.id)["birthday"]
            )
        with freeze_time("2028-02-29"):
            self.assertTrue(Partner.retail_pos_standing(self.customer_x.id)["birthday"])

    def test_scan_answers_with_the_standing_in_one_call(self):
        self.book(self.customer_x, 70)
        card = self.env["retail.card"].create({"partner_id": self.customer_x.id})
        result = self.Partner.with_user(self.pos_user).retail_pos_find_by_card(
            card.number, self.config.id
        )
        self.assertEqual(result["partner"]["id"], self.customer_x.id)
        self.assertEqual(result["standing"]["balance"], 70)
        self.assertEqual(result["standing"]["partner_id"], self.customer_x.id)

    def test_till_loads_the_earn_factors(self):
        tier = self.env["retail.tier"].create(
            {"name": "Base Club", "min_points": 0, "earn_factor": 1.5}
        )
        data = self.pos_session.load_pos_data()
        self.assertEqual(data["retail_tier_factors"][tier.id], 1.5)
        self.assertEqual(data["retail_base_earn_factor"], 1.5)

    def test_standing_only_for_who_may_read_the_customer(self):
        """The standing call is public: a portal user and a user of another
        company learn nothing of a customer they may not read."""
        self.book(self.customer_x, 70)
        portal = new_test_user(
            self.env, login="standing_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.Partner.with_user(portal).retail_pos_standing(self.customer_x.id)
        other = self.env["res.company"].create({"name": "Standing Other Oy"})
        self.customer_x.company_id = self.company
        stranger = company_user(self.env, "standing_other_cashier", POS_CASHIER, other)
        with self.assertRaises(AccessError):
            self.Partner.with_user(stranger).retail_pos_standing(self.customer_x.id)


@tagged("post_install", "-at_install")
class TestPosPartnerRpc(TillRpcMixin, RetailPosCase, HttpCase):
    """A contact clerk cannot write a customer's derived state (bans,
    tier, card number, balance) over the web client's JSON-RPC route."""

    @mute_logger("odoo.http")
    def test_contact_clerk_over_json_rpc(self):
        company_user(self.env, "json_contact_clerk", CONTACT_CLERK, self.company)
        customer = self.customer_x
        customer.no_email_marketing = True
        tier = self.env["retail.tier"].create({"name": "Json Gold", "min_points": 1})
        self.authenticate("json_contact_clerk", "json_contact_clerk")
        for vals in (
            {"effective_no_email_marketing": False},
            {"reward_tier_id": tier.id},
            {"card_number": "2900000000017"},
            {"reward_points": 1000},
        ):
            self._refused(
                "odoo.exceptions.UserError", "res.partner", "write", [customer.id], vals
            )
        customer.invalidate_recordset()
        self.assertTrue(customer.effective_no_email_marketing)
        self.assertFalse(customer.reward_tier_id)
        self.assertFalse(customer.card_number)
        self.assertEqual(customer.reward_points, 0)
