# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The ledger's edges, attacked by the users who could reach them: a clerk
with contact rights only, a retail clerk, a manager over the API, a user of
another company. Each test first shows the attack, then that nothing moved."""

import base64
from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .test_point_entry import PointsCase


@tagged("post_install", "-at_install")
class TestDerivedState(PointsCase):
    """Derived state is never written by users, whatever the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_clerk = new_test_user(
            cls.env,
            login="contact_clerk",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.gold = cls.env["retail.tier"].create(
            {"name": "Trust Gold", "min_points": 10000, "earn_factor": 3.0}
        )

    def test_clerk_cannot_lift_an_effective_ban(self):
        self.customer.no_email_marketing = True
        self.assertTrue(self.customer.effective_no_email_marketing)
        as_clerk = self.customer.with_user(self.contact_clerk)
        with self.assertRaisesMessage(UserError, "E-mail Marketing Banned"):
            as_clerk.write({"effective_no_email_marketing": False})
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.effective_no_email_marketing)
        # the customer's own choice stays editable, and leaves a trace
        as_clerk.write({"no_email_marketing": False})
        self.flush_tracking()
        self.assertFalse(self.customer.effective_no_email_marketing)
        self.assertIn(
            "no_email_marketing",
            self.customer.message_ids.tracking_value_ids.field_id.mapped("name"),
        )

    def test_clerk_cannot_type_tier_or_card_number(self):
        as_clerk = self.customer.with_user(self.contact_clerk)
        for vals in (
            {"reward_tier_id": self.gold.id},
            {"card_number": "2900000000017"},
            {"reward_points": 5000},
            {"reward_points_earned": 20000},
        ):
            with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                as_clerk.write(vals)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.Partner.with_user(self.contact_clerk).create(
                {"name": "Forged", "card_number": "2900000000017"}
            )
        self.customer.invalidate_recordset()
        self.assertNotEqual(self.customer.reward_tier_id, self.gold)
        self.assertFalse(self.customer.card_number)
        self.assertFalse(self.Partner.search([("name", "=", "Forged")]))

    def test_managers_and_superuser_do_not_write_balances_either(self):
        for env in (self.env(user=self.user_manager), self.env(su=True)):
            with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                self.customer.with_env(env).write({"reward_points": 1})
        self.assertEqual(self.customer.reward_points, 0)

    def test_forged_context_does_not_open_the_door(self):
        """The server marker is an object: a JSON context cannot carry it."""
        forged = self.customer.with_user(self.contact_clerk).with_context(
            retail_derived_write=True
        )
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            forged.write({"reward_tier_id": self.gold.id})
        # the merge's context only ever drops values
        merged = self.customer.with_user(self.contact_clerk).with_context(
            retail_partner_merge=True
        )
        merged.write({"reward_points": 999, "reward_tier_id": self.gold.id})
        self.assertEqual(self.customer.reward_points, 0)
        self.assertNotEqual(self.customer.reward_tier_id, self.gold)


@tagged("post_install", "-at_install")
class TestLedgerKeys(PointsCase):
    def test_key_of_another_customer_is_an_error(self):
        self.customer._post_reward_points(10, "earn", idempotency_key="doc:1:earn")
        with self.assertRaisesMessage(UserError, "already booked for another"):
            self.shop._post_reward_points(10, "earn", idempotency_key="doc:1:earn")
        self.assertEqual(self.shop.reward_points, 0)
        # the same customer (also through a contact) finds the booking
        again = self.customer._post_reward_points(
            10, "earn", idempotency_key="doc:1:earn"
        )
        self.assertEqual(len(self.customer.point_entry_ids), 1)
        self.assertEqual(again, self.customer.point_entry_ids)

    def test_booking_refuses_a_customer_of_another_company(self):
        other = self.env["res.company"].create({"name": "Other Shop Oy"})
        foreign = self.Partner.create({"name": "Foreign", "company_id": other.id})
        with self.assertRaisesMessage(UserError, "belongs to Other Shop Oy"):
            foreign._post_reward_points(10, "earn", company_id=self.company.id)
        self.assertFalse(
            self.env["retail.point.entry"].search([("partner_id", "=", foreign.id)])
        )

    def test_manager_api_entries_cannot_forge_events(self):
        Entry = self.env["retail.point.entry"].with_user(self.user_manager)
        base = {"partner_id": self.customer.id, "points": 10.0}
        for kind in ("earn", "reverse", "expire", "merge", "transfer"):
            with self.assertRaisesMessage(UserError, "booked by the application"):
                Entry.create(dict(base, kind=kind))
        for extra in (
            {"date": "2001-01-01 00:00:00"},
            {"user_id": self.user_retail.id},
            {"expiry_date": "2999-01-01"},
            {"res_model": "pos.order", "res_id": 1},
        ):
            with self.assertRaisesMessage(UserError, "set by the application"):
                Entry.create(dict(base, kind="adjust", note="x", **extra))
        # a key given over the API lives in its own namespace: it cannot take
        # the key of a document's future event
        entry = Entry.create(
            dict(base, kind="opening", idempotency_key="account.move:99:earn")
        )
        self.assertEqual(entry.idempotency_key, "manual:account.move:99:earn")
        self.assertEqual(entry.user_id, self.user_manager)
        later = self.customer._post_reward_points(
            5, "earn", idempotency_key="account.move:99:earn"
        )
        self.assertNotEqual(later, entry)
        self.assertEqual(self.customer.reward_points, 15)
        self.assertLedgerConsistent()


@tagged("post_install", "-at_install")
class TestWizardsAndCardsInput(PointsCase):
    def _import(self, text):
        wizard = self.env["retail.points.import.wizard"].create(
            {"file": base64.b64encode(text.encode()), "filename": "open.csv"}
        )
        return wizard.action_import()

    def test_import_keys_are_exact(self):
        self.customer.ref = "C_01"
        self.shop.ref = "CX01"
        self.shop.email = "Shop@Kauppa.example.fi"
        with self.assertRaisesMessage(UserError, "no single customer"):
            self._import("customer,points\nC%,10\n")
        with self.assertRaisesMessage(UserError, "no single customer"):
            self._import("customer,points\nC_0_,10\n")
        self.assertFalse(self.customer.point_entry_ids | self.shop.point_entry_ids)
        self._import("customer,points\nC_01,10\nshop@kauppa.example.fi,4\n")
        self.assertEqual(self.customer.reward_points, 10)
        self.assertEqual(self.shop.reward_points, 4)

    def test_import_refuses_numbers_and_dates_out_of_range(self):
        self.customer.ref = "C-001"
        for cell in ("nan", "inf", "-inf", "1e309", "1e12"):
            with self.assertRaisesMessage(UserError, "is not a number of points"):
                self._import(f"customer,points\nC-001,{cell}\n")
        for day in ("9999-12-31", "2026-02-30", "1900-01-01", "3000-01-01"):
            with self.assertRaisesMessage(UserError, "is not a past date"):
                self._import(f"customer,points,date\nC-001,5,{day}\n")
        self.assertFalse(self.customer.point_entry_ids)

    def test_adjust_wizard_replayed_books_once(self):
        wizard = (
            self.env["retail.points.adjust.wizard"]
            .with_user(self.user_manager)
            .create({"partner_id": self.customer.id, "points": 25, "note": "Gift"})
        )
        wizard.action_confirm()
        wizard.action_confirm()
        self.assertEqual(self.customer.reward_points, 25)
        self.assertEqual(len(self.customer.point_entry_ids), 1)

    def test_card_numbers_are_ascii_digits(self):
        Card = self.env["retail.card"]
        for number in ("29000000000²7", "٢٩٠٠٠٠٠٠٠٠٠١٧"):
            with self.assertRaisesMessage(ValidationError, "digits only"):
                Card.create({"partner_id": self.customer.id, "number": number})
        self.assertEqual(self.Partner.name_search("29000000000²7"), [])

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


@tagged("post_install", "-at_install")
class TestPointsFollowTheCustomer(PointsCase):
    def test_person_joining_a_company_brings_the_points(self):
        person = self.Partner.create({"name": "Ville"})
        person._post_reward_points(100, "earn", idempotency_key="t:1")
        person._post_reward_points(-30, "redeem", idempotency_key="t:2")
        person.with_user(self.user_manager).parent_id = self.shop
        self.assertEqual(person.commercial_partner_id, self.shop)
        self.assertEqual(person.reward_points, 0)
        self.assertEqual(self.shop.reward_points, 70)
        moves = self.env["retail.point.entry"].search([("kind", "=", "transfer")])
        self.assertEqual(sorted(moves.mapped("points")), [-70, 70])
        self.assertEqual(len(set(moves.mapped("idempotency_key"))), 2)
        self.assertLedgerConsistent()
        # leaving again: the company keeps what is its own now
        person.parent_id = False
        self.assertEqual(person.reward_points, 0)
        self.assertEqual(self.shop.reward_points, 70)

    def test_transferred_points_expire_on_their_own_date_once(self):
        self.company.retail_points_validity_months = 12
        person = self.Partner.create({"name": "Ville"})
        with freeze_time("2025-01-10"):
            person._post_reward_points(100, "earn", idempotency_key="t:old")
        with freeze_time("2025-06-10"):
            person._post_reward_points(50, "earn", idempotency_key="t:new")
            person._post_reward_points(-120, "redeem", idempotency_key="t:r")
            person.parent_id = self.shop
        lots = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.shop.id), ("kind", "=", "transfer")]
        )
        # 120 redeemed consumed the old lot and 20 of the new one
        self.assertEqual(
            [(lot.expiry_date, lot.points) for lot in lots],
            [(date(2026, 6, 10), 30.0)],
        )
        Entry = self.env["retail.point.entry"]
        for day in ("2026-06-11", "2026-06-11", "2026-06-12"):
            with freeze_time(day):
                Entry._cron_expire_reward_points()
        expired = self.env["retail.point.entry"].search([("kind", "=", "expire")])
        self.assertEqual(expired.partner_id, self.shop)
        self.assertEqual(expired.points, -30)
        self.assertEqual(self.shop.reward_points, 0)
        self.assertEqual(person.reward_points, 0)
        self.assertLedgerConsistent()

    def test_contact_clerk_cannot_merge_customers_with_points(self):
        clerk = new_test_user(
            self.env,
            login="merge_clerk",
            groups="base.group_user,base.group_partner_manager",
        )
        duplicate = self.Partner.create({"name": "Aino V."})
        duplicate._post_reward_points(40, "earn", idempotency_key="t:dup")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(clerk)
            .with_context(
                active_model="res.partner",
                active_ids=(self.customer | duplicate).ids,
            )
        )
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            wizard._merge((self.customer | duplicate).ids, self.customer)
        self.assertTrue(duplicate.exists())
        self.assertEqual(duplicate.reward_points, 40)

    def test_merge_into_a_contact_puts_the_points_on_the_company(self):
        duplicate = self.Partner.create({"name": "Laura L."})
        duplicate._post_reward_points(40, "earn", idempotency_key="t:dup")
        wizard_form = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner",
                active_ids=(self.shop_contact | duplicate).ids,
            )
        )
        wizard_form.dst_partner_id = self.shop_contact
        wizard_form.save().action_merge()
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.shop_contact.reward_points, 0)
        self.assertEqual(self.shop.reward_points, 40)
        self.assertLedgerConsistent()

    def test_expiry_date_of_moved_lots_is_kept_when_nothing_was_spent(self):
        self.company.retail_points_validity_months = 6
        person = self.Partner.create({"name": "Ville"})
        with freeze_time("2025-03-01"):
            person._post_reward_points(10, "earn", idempotency_key="t:a")
        with freeze_time("2025-04-01"):
            person._post_reward_points(20, "earn", idempotency_key="t:b")
            person._post_reward_points(5, "adjust", note="gift", idempotency_key="t:c")
            person.parent_id = self.shop
        lots = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.shop.id), ("kind", "=", "transfer")],
            order="id",
        )
        start = date(2025, 3, 1)
        self.assertEqual(
            [(lot.expiry_date, lot.points) for lot in lots],
            [
                (start + relativedelta(months=6), 10.0),
                (start + relativedelta(months=7), 20.0),
                (False, 5.0),
            ],
        )


@tagged("post_install", "-at_install")
class TestTrustFindings(PointsCase):
    """Attacks found by a hostile review of the back office."""

    def test_contact_clerk_cannot_move_points_by_reparenting(self):
        clerk = new_test_user(
            self.env,
            login="reparent_clerk",
            groups="base.group_user,base.group_partner_manager",
        )
        victim = self.Partner.create({"name": "Victim"})
        victim._post_reward_points(500, "opening")
        shell = self.Partner.with_user(clerk).create(
            {"name": "Shell Oy", "is_company": True}
        )
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            victim.with_user(clerk).write({"parent_id": shell.id})
        company_victim = self.Partner.create({"name": "Victim Oy", "is_company": True})
        company_victim._post_reward_points(300, "opening")
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            company_victim.with_user(clerk).write(
                {"is_company": False, "parent_id": shell.id}
            )
        self.assertEqual(victim.reward_points, 500)
        self.assertEqual(company_victim.reward_points, 300)
        self.assertEqual(shell.reward_points, 0)

    def test_clerk_cannot_hand_a_card_to_someone_else(self):
        thief = self.Partner.create({"name": "Card Thief"})
        card = self.env["retail.card"].create({"partner_id": self.customer.id})
        with self.assertRaisesMessage(AccessError, "Only a retail manager"):
            card.with_user(self.user_retail).write({"partner_id": thief.id})
        self.assertEqual(card.partner_id, self.customer)
        self.assertFalse(thief.card_number)

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

    def test_activity_report_reads_only_the_users_companies(self):
        other = self.env["res.company"].create({"name": "B Shop Oy"})
        shared = self.Partner.create({"name": "Shared Customer"})
        shared._post_reward_points(777, "opening", company_id=self.company.id)
        b_user = new_test_user(
            self.env,
            login="b_retail_user",
            groups="base.group_user,crm_retail_customers.group_retail_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        Report = self.env(user=b_user, context={"allowed_company_ids": other.ids})[
            "retail.customer.report"
        ]
        options = Report._check_options(
            {
                "report": "activity",
                "date_from": "2000-01-01",
                "date_to": "2100-01-01",
                "partner_ids": shared.ids,
                "company_id": other.id,
            }
        )
        rows = Report._get_rows("activity", options)
        self.assertFalse([row for row in rows if 777 in row], rows)
