# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Taking a shared customer into one company would hide their points from
the other companies' staff and tills: over the web client's RPC, a clerk or
Retail user cannot, a retail manager only while no other company's entries
exist for them."""

from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import CONTACT_CLERK, RETAIL_MANAGER, PointsCase, company_user

MANAGER = RETAIL_MANAGER + ",base.group_partner_manager"

PROFILES = {
    "clerk": "base.group_user,base.group_partner_manager",
    "retail": "base.group_user,base.group_partner_manager,"
    "crm_retail_customers.group_retail_user",
    "manager": "base.group_user,base.group_partner_manager,"
    "crm_retail_customers.group_retail_manager",
}


@tagged("post_install", "-at_install")
class TestPartnerCompanyChange(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})
        for profile, groups in PROFILES.items():
            company_user(cls.env, f"company_change_{profile}", groups, cls.company_a)
        Partner = cls.env["res.partner"]
        # shared, with points earned in company B
        cls.shared = Partner.create({"name": "Shared Sam", "company_id": False})
        cls.shared._post_reward_points(
            40, "earn", company_id=cls.company_b.id, origin="B/1"
        )
        # shared, with points earned in company A only
        cls.local = Partner.create({"name": "Local Liisa", "company_id": False})
        cls.local._post_reward_points(
            15, "earn", company_id=cls.company_a.id, origin="A/1"
        )
        # shared, with a card and no entries
        cls.carded = Partner.create({"name": "Carded Carl", "company_id": False})
        cls.env["retail.card"].create({"partner_id": cls.carded.id})
        cls.plain = Partner.create({"name": "Plain Paula", "company_id": False})

    def _write_as(self, profile, partner, vals):
        self.authenticate(f"company_change_{profile}", f"company_change_{profile}")
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/res.partner/write",
            {
                "model": "res.partner",
                "method": "write",
                "args": [partner.ids, vals],
                "kwargs": {},
            },
        )

    def _refused(self, error, profile, partner, vals):
        with self.assertRaises(JsonRpcException) as cm:
            self._write_as(profile, partner, vals)
        self.assertEqual(cm.exception.args[0], error, profile)

    @mute_logger("odoo.http")
    def test_company_of_customers_with_points_or_cards(self):
        into_a = {"company_id": self.company_a.id}
        access = "odoo.exceptions.AccessError"
        for profile in ("clerk", "retail"):
            for partner in (self.shared, self.local, self.carded):
                self._refused(access, profile, partner, into_a)
        # a manager neither, while company B's entries exist
        self._refused("odoo.exceptions.UserError", "manager", self.shared, into_a)
        customers = self.shared | self.local | self.carded
        customers.invalidate_recordset()
        self.assertFalse(any(customers.mapped("company_id")))
        # B's staff still find the customer and B's ledger books for them
        self.assertEqual(self.shared.reward_points, 40.0)
        self.shared._post_reward_points(
            2, "earn", company_id=self.company_b.id, origin="B/2"
        )
        # the manager moves a customer whose points are all of company A,
        # and one holding only a card; and makes them shared again
        for partner in (self.local, self.carded):
            self.assertTrue(self._write_as("manager", partner, into_a))
            partner.invalidate_recordset()
            self.assertEqual(partner.company_id, self.company_a)
        self.assertTrue(self._write_as("manager", self.local, {"company_id": False}))
        # customers without points or cards: unchanged, anyone with contact
        # rights may
        self.assertTrue(self._write_as("clerk", self.plain, into_a))
        self.plain.invalidate_recordset()
        self.assertEqual(self.plain.company_id, self.company_a)
        # other fields of a customer holding points stay writable
        self.assertTrue(self._write_as("clerk", self.shared, {"phone": "+358 1"}))

    def test_message_names_the_other_company(self):
        manager = self.env["res.users"].search(
            [("login", "=", "company_change_manager")]
        )
        with self.assertRaisesRegex(UserError, "entries in Shop B"):
            self.shared.with_user(manager).write({"company_id": self.company_a.id})


@tagged("post_install", "-at_install")
class TestPointsFollowTheCustomer(PointsCase):
    """A person joining or leaving a company, and who may move them."""

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

    def test_contact_clerk_cannot_move_points_by_reparenting(self):
        clerk = new_test_user(self.env, login="reparent_clerk", groups=CONTACT_CLERK)
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

    def test_clerk_cannot_move_a_card_holder(self):
        """A contact's card spends its company's points: attaching a card
        holder to a company, or detaching one, is a retail manager's."""
        clerk = new_test_user(
            self.env, login="reparent_card_clerk", groups=CONTACT_CLERK
        )
        holder = self.Partner.create({"name": "Card holder"})
        self.env["retail.card"].create({"partner_id": holder.id})
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            holder.with_user(clerk).write({"parent_id": self.shop.id})
        self.assertFalse(holder.parent_id)
        # a contact without points or card moves freely; a manager moves
        # the card holder
        plain = self.Partner.create({"name": "Plain"})
        plain.with_user(clerk).parent_id = self.shop
        holder.with_user(self.user_manager).parent_id = self.shop
        self.assertEqual(holder.commercial_partner_id, self.shop)
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            holder.with_user(clerk).write({"parent_id": False})
        # writing the parent it already has moves nothing
        holder.with_user(clerk).write({"parent_id": self.shop.id, "name": "Holder"})


@tagged("post_install", "-at_install")
class TestContactsMoveWithTheirParent(PointsCase):
    """A contact books on the customer its parent books on: moving the
    parent (a new parent, no longer a company) moves its contacts, their
    cards and their points with it. The partner moved holds nothing itself,
    yet a card of one of its contacts then spends another customer's points
    (or a blocked card no longer stops a new card for that customer): a
    retail manager's move, as moving the card holder itself is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env, login="reparent_parent_clerk", groups=CONTACT_CLERK
        )
        # the customer whose points a moved card would spend
        cls.rich = cls.Partner.create({"name": "Rich Oy", "is_company": True})
        cls.rich._post_reward_points(500, "opening")
        cls.rich_contact = cls.Partner.create(
            {"name": "Rich buyer", "parent_id": cls.rich.id}
        )
        # a person without points; their contact holds a card
        cls.head = cls.Partner.create({"name": "Head"})
        cls.holder = cls.Partner.create(
            {"name": "Card Holder", "parent_id": cls.head.id}
        )
        cls.card = cls.env["retail.card"].create({"partner_id": cls.holder.id})

    def test_commercial_entity_is_never_set_by_hand(self):
        """The commercial entity is Odoo's to compute (the parent, the
        company status): a clerk writing it, or sending it with a new
        contact, would decide whose points a card spends around the checks
        of a move. It is left out; the contact still books on its own
        customer, and the rest of the write is kept (the twin)."""
        self.holder.with_user(self.clerk).write(
            {"commercial_partner_id": self.rich.id, "phone": "+358 40 123 4567"}
        )
        self.env.invalidate_all()
        self.assertEqual(self.card.partner_id.commercial_partner_id, self.head)
        self.assertEqual(self.holder.phone, "+358 40 123 4567")
        newcomer = self.Partner.with_user(self.clerk).create(
            {"name": "Newcomer", "commercial_partner_id": self.rich.id}
        )
        self.env.invalidate_all()
        self.assertEqual(newcomer.commercial_partner_id, newcomer)
        self.assertEqual(self.rich.reward_points, 500)

    def test_clerk_cannot_move_a_card_holder_through_its_parent(self):
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            self.head.with_user(self.clerk).write({"parent_id": self.rich.id})
        self.assertEqual(self.card.partner_id.commercial_partner_id, self.head)
        # a company in between, made a contact: its contacts book on Rich Oy
        shell = self.Partner.create(
            {"name": "Shell Oy", "is_company": True, "parent_id": self.rich.id}
        )
        self.holder.parent_id = shell
        with self.assertRaisesMessage(AccessError, "a contact of Shell Oy"):
            shell.with_user(self.clerk).write({"is_company": False})
        self.assertEqual(self.card.partner_id.commercial_partner_id, shell)
        # a retail manager moves them
        shell.with_user(self.user_manager).write({"is_company": False})
        self.assertEqual(self.card.partner_id.commercial_partner_id, self.rich)
        self.assertEqual(self.rich.reward_points, 500)

    def test_clerk_cannot_hide_a_blocked_card_by_detaching_its_parent(self):
        Card = self.env["retail.card"]
        self.head.with_user(self.user_manager).parent_id = self.rich
        self.card.action_block()
        self.assertTrue(Card._holders_have_blocked_card([self.rich_contact.id]))
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            self.head.with_user(self.clerk).write({"parent_id": False})
        # Rich Oy's blocked card still stops a new card for its contacts
        self.assertTrue(Card._holders_have_blocked_card([self.rich_contact.id]))

    def test_clerk_moves_parents_whose_contacts_hold_nothing(self):
        """Twin: a contact clerk's ordinary work stays open: a parent whose
        contacts hold no points or cards, and a company whose card holders
        keep booking on it (a company given a parent stays its own
        customer)."""
        plain_head = self.Partner.create({"name": "Plain head"})
        self.Partner.create({"name": "Plain contact", "parent_id": plain_head.id})
        plain_head.with_user(self.clerk).write({"parent_id": self.rich.id})
        self.assertEqual(plain_head.commercial_partner_id, self.rich)
        carded_company = self.Partner.create({"name": "Carded Oy", "is_company": True})
        self.holder.parent_id = carded_company
        carded_company.with_user(self.clerk).write({"parent_id": self.rich.id})
        self.assertEqual(self.card.partner_id.commercial_partner_id, carded_company)
        self.assertEqual(self.rich.reward_points, 500)

    def test_moving_a_contact_costs_two_queries(self):
        """The check walks the contacts down in the query that looks for
        points and cards: an ordinary contact write pays no more for the
        contacts than before (the new parent's customer, which the write
        reads anyway for the contact's commercial partner, and that query)."""
        person = self.Partner.create({"name": "Person"})
        self.env.invalidate_all()
        # as a form has it loaded
        person.read(["parent_id", "is_company", "commercial_partner_id"])
        with self.assertQueryCount(__system__=2):
            person._retail_reparented({"parent_id": self.rich.id})


@tagged("post_install", "-at_install")
class TestPointsMoveWithinTheirCompany(PointsCase):
    """Moving a customer's points to the company they join books both sides
    in the company whose ledger holds them: never another company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.env.company
        cls.other = cls.env["res.company"].create({"name": "Other Retail Co"})
        cls.other_shop = cls.Partner.create(
            {"name": "Other Co Shop", "is_company": True, "company_id": cls.other.id}
        )
        cls.manager = company_user(cls.env, "move_mine_manager", MANAGER, cls.mine)
        cls.other_manager = company_user(
            cls.env, "move_other_manager", MANAGER, cls.other
        )
        cls.person = cls.Partner.create({"name": "Shared Person"})
        cls.person._post_reward_points(70, "opening", company_id=cls.mine.id)

    def entries(self, *partners):
        return self.env["retail.point.entry"].search(
            [("partner_id", "in", [partner.id for partner in partners])]
        )

    def test_other_companys_manager_cannot_take_this_companys_points(self):
        with self.assertRaisesMessage(UserError, "where you do not work"):
            self.person.with_user(self.other_manager).parent_id = self.other_shop
        self.assertFalse(self.person.parent_id)
        self.assertEqual(self.person.reward_points, 70)
        self.assertEqual(len(self.entries(self.person, self.other_shop)), 1)
        # a shared customer without points joins their company freely
        free = self.Partner.create({"name": "Free Person"})
        free.with_user(self.other_manager).parent_id = self.other_shop
        self.assertEqual(free.commercial_partner_id, self.other_shop)

    def test_points_are_not_moved_to_another_companys_customer(self):
        with self.assertRaisesMessage(UserError, "belongs to Other Retail Co"):
            self.person.with_user(self.manager).parent_id = self.other_shop
        self.assertEqual(self.person.reward_points, 70)
        self.assertEqual(self.other_shop.reward_points, 0)

    def test_points_move_within_the_company_that_holds_them(self):
        own_shop = self.Partner.create(
            {"name": "Own Shop", "is_company": True, "company_id": self.mine.id}
        )
        # a manager of the other company moves them to a shared shop: the
        # move is refused (this company's points), this company's manager
        # moves them, booked in this company even when working in the other
        shared_shop = self.Partner.create({"name": "Shared Shop", "is_company": True})
        with self.assertRaisesMessage(UserError, "where you do not work"):
            self.person.with_user(self.other_manager).parent_id = shared_shop
        self.manager.company_ids |= self.other
        self.person.with_user(self.manager).with_company(self.other).write(
            {"parent_id": own_shop.id}
        )
        moves = self.entries(self.person, own_shop).filtered(
            lambda entry: entry.kind == "transfer"
        )
        self.assertEqual(sorted(moves.mapped("points")), [-70.0, 70.0])
        self.assertEqual(moves.company_id, self.mine)
        self.assertEqual(own_shop.reward_points, 70)

    def test_points_of_two_companies_do_not_move(self):
        self.person._post_reward_points(5, "opening", company_id=self.other.id)
        shared_shop = self.Partner.create({"name": "Shared Shop", "is_company": True})
        with self.assertRaisesMessage(UserError, "held by several companies"):
            self.person.with_user(self.manager).parent_id = shared_shop
        self.assertEqual(self.person.reward_points, 75)
        # once one company's part is nothing, the rest moves within the other
        self.person._post_reward_points(
            -5, "adjust", company_id=self.other.id, note="moved by hand"
        )
        self.person.with_user(self.manager).parent_id = shared_shop
        self.assertEqual(shared_shop.reward_points, 70)
        self.assertEqual(self.entries(shared_shop).company_id, self.mine)


@tagged("post_install", "-at_install")
class TestCustomerWithRecordsIsArchived(PointsCase):
    def test_customer_with_points_or_card_is_not_deleted(self):
        self.customer._post_reward_points(10, "opening")
        carded = self.Partner.create({"name": "Carded"})
        self.env["retail.card"].create({"partner_id": carded.id})
        for partner in (self.customer, carded):
            with self.assertRaisesMessage(UserError, "archive the contact"):
                partner.with_user(self.user_manager).unlink()
            self.assertTrue(partner.exists())
        # nor within a batch, and a contact without such records goes
        plain = self.Partner.create({"name": "No points"})
        with self.assertRaisesMessage(UserError, "Aino Virtanen has reward"):
            (plain | self.customer).with_user(self.user_manager).unlink()
        plain.with_user(self.user_manager).unlink()
        self.assertFalse(plain.exists())
