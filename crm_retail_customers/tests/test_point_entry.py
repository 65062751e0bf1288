# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import PointsCase


@tagged("post_install", "-at_install")
class TestPointEntry(PointsCase):
    def test_post_and_balance(self):
        entry = self.customer._post_reward_points(
            120.456, "earn", amount=120.456, origin="POS/0001"
        )
        self.assertAlmostEqual(entry.points, 120.46)
        self.assertEqual(entry.kind, "earn")
        self.assertEqual(entry.user_id, self.env.user)
        self.assertEqual(entry.customer_group_id, self.group_l3)
        self.customer._post_reward_points(-20, "redeem", origin="POS/0002")
        self.customer._post_reward_points(5, "adjust", note="Goodwill")
        self.assertAlmostEqual(self.customer.reward_points, 105.46)
        self.assertAlmostEqual(self.customer.reward_points_earned, 120.46)
        self.customer._post_reward_points(-10.46, "reverse", origin="POS/0001R")
        self.assertAlmostEqual(self.customer.reward_points, 95.0)
        self.assertAlmostEqual(self.customer.reward_points_earned, 110.0)

    def test_company_contacts_share_balance(self):
        entry = self.shop_contact._post_reward_points(50, "earn", origin="INV/1")
        self.assertEqual(entry.partner_id, self.shop)
        self.assertEqual(self.shop.reward_points, 50)
        self.assertEqual(self.shop_contact.reward_points, 0)

    def test_idempotency_key(self):
        first = self.customer._post_reward_points(10, "earn", idempotency_key="k1")
        again = self.customer._post_reward_points(10, "earn", idempotency_key="k1")
        self.assertEqual(first, again)
        self.assertEqual(self.customer.reward_points, 10)
        self.assertEqual(len(self.customer.point_entry_ids), 1)

    def test_bad_input_refused(self):
        self.customer._post_reward_points(30, "earn")
        cases = [
            ((-5, "earn"), {}, "Earned points cannot be negative"),
            ((-5, "opening"), {}, "opening balance cannot be negative"),
            ((0, "adjust"), {"note": "why"}, "needs a number of points"),
            ((10, "adjust"), {}, "needs a reason"),
            ((10, "adjust"), {"note": "   "}, "needs a reason"),
            ((-31, "redeem"), {}, "Cannot redeem 31"),
            ((5, "gift"), {}, "Unknown kind"),
        ]
        for args, vals, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesMessage(UserError, message),
            ):
                self.customer._post_reward_points(*args, **vals)
        self.assertEqual(len(self.customer.point_entry_ids), 1)
        self.assertEqual(self.customer.reward_points, 30)

    def test_archived_customer_refused(self):
        self.customer.active = False
        with self.assertRaisesMessage(UserError, "archived"):
            self.customer._post_reward_points(10, "earn")
        self.assertFalse(self.customer.point_entry_ids)

    def test_negative_balance_after_refund(self):
        self.customer._post_reward_points(10, "earn")
        self.customer._post_reward_points(-25, "reverse")
        self.assertEqual(self.customer.reward_points, -15)
        # redemptions never go below zero
        with self.assertRaisesMessage(UserError, "Cannot redeem"):
            self.customer._post_reward_points(-1, "redeem")
        # the company may refuse negative balances: refunds are capped
        self.company.retail_allow_negative_balance = False
        other = self.Partner.create({"name": "Other"})
        other._post_reward_points(10, "earn")
        entry = other._post_reward_points(-25, "reverse")
        self.assertEqual(entry.points, -10)
        self.assertEqual(other.reward_points, 0)
        with self.assertRaisesMessage(UserError, "would make the balance"):
            other._post_reward_points(-1, "adjust", note="fix")

    def test_ledger_is_insert_only(self):
        entry = self.customer._post_reward_points(10, "earn")
        for user in (self.env.user, self.user_manager):
            with self.assertRaisesMessage(UserError, "cannot be changed"):
                entry.with_user(user).write({"points": 1000})
        # the superuser passes access rights and meets the ledger rule itself
        with self.assertRaisesMessage(UserError, "cannot be deleted"):
            entry.sudo().unlink()
        # managers have no delete right on the ledger at all
        with self.assertRaises(AccessError):
            entry.with_user(self.user_manager).unlink()
        self.assertEqual(entry.points, 10)

    def test_balance_fields_not_writable(self):
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.customer.write({"reward_points": 1000})
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.Partner.create({"name": "Rich", "reward_points": 1000})
        self.assertEqual(self.customer.reward_points, 0)

    def test_orm_create_goes_through_posting(self):
        """An import or API create by a manager gets the same checks and
        balance update as every other booking."""
        Entry = self.env["retail.point.entry"].with_user(self.user_manager)
        entry = Entry.create(
            {
                "partner_id": self.shop_contact.id,
                "kind": "opening",
                "points": 75,
                "note": "Migrated",
                "idempotency_key": "import:1",
            }
        )
        self.assertEqual(entry.partner_id, self.shop)
        self.assertEqual(self.shop.reward_points, 75)
        self.assertEqual(
            Entry.create(
                {
                    "partner_id": self.shop.id,
                    "kind": "opening",
                    "points": 75,
                    "idempotency_key": "import:1",
                }
            ),
            entry,
        )
        with self.assertRaisesMessage(UserError, "Cannot redeem"):
            Entry.create({"partner_id": self.shop.id, "kind": "redeem", "points": -80})
        self.assertEqual(self.shop.reward_points, 75)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_access(self):
        self.customer._post_reward_points(10, "earn")
        # every internal user reads balances and entries
        self.assertEqual(self.customer.with_user(self.user_internal).reward_points, 10)
        self.assertEqual(
            len(self.customer.with_user(self.user_internal).point_entry_ids), 1
        )
        # only managers create entries directly
        for user in (self.user_internal, self.user_retail):
            with self.assertRaises(AccessError):
                self.env["retail.point.entry"].with_user(user).create(
                    {
                        "partner_id": self.customer.id,
                        "kind": "adjust",
                        "points": 5,
                        "note": "x",
                    }
                )
        self.assertEqual(self.customer.reward_points, 10)

    def test_posting_writes_in_one_statement_what_create_would(self):
        """The entry, its points by rule and the customer's balance are
        written by one statement; the entry is what the ORM's create would
        have made of the same values (defaults, audit columns, rounding),
        in the cache (a cached list of the customer's entries too) as in
        the database."""
        self.env["retail.tier"].search([]).write({"active": False})
        self.customer._post_reward_points(10, "earn")
        self.assertEqual(len(self.customer.point_entry_ids), 1)  # cached
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            entry = self.customer._post_reward_points(
                12.344,
                "earn",
                amount=12.344,
                idempotency_key="test:one-statement",
                detail_ids=[
                    Command.create(
                        {"name": "Normal rate", "points": 12.344, "amount": 12.344}
                    )
                ],
            )
        writes = [
            line
            for line in logs.output
            if re.search(r"query:\s*(INSERT|UPDATE|WITH|DELETE)\b", line)
        ]
        self.assertEqual(len(writes), 1, writes)
        self.assertIn("WITH entry AS (INSERT INTO retail_point_entry", writes[0])

        def check():
            self.assertEqual(entry.points, 12.34)
            self.assertEqual(entry.amount, 12.34)
            self.assertEqual(entry.kind, "earn")
            self.assertEqual(entry.partner_id, self.customer)
            self.assertEqual(entry.company_id, self.env.company)
            self.assertEqual(entry.currency_id, self.env.company.currency_id)
            self.assertEqual(entry.user_id, self.env.user)
            self.assertEqual(entry.create_uid, self.env.user)
            self.assertEqual(entry.write_uid, self.env.user)
            self.assertTrue(entry.date and entry.create_date)
            self.assertEqual(entry.customer_group_id, self.group_l3)
            self.assertEqual(entry.idempotency_key, "test:one-statement")
            detail = entry.detail_ids
            self.assertEqual(len(detail), 1)
            self.assertEqual(
                (detail.name, detail.points, detail.amount, detail.kind),
                ("Normal rate", 12.34, 12.34, "earn"),
            )
            self.assertEqual(detail.partner_id, self.customer)
            self.assertEqual(detail.company_id, self.env.company)
            self.assertEqual(detail.date, entry.date)
            self.assertEqual(self.customer.reward_points, 22.34)
            self.assertEqual(self.customer.reward_points_earned, 22.34)

        with self.assertQueryCount(1):  # the balance, read again after posting
            self.assertIn(entry, self.customer.point_entry_ids)
            check()
        self.env.invalidate_all()
        check()
        self.assertEqual(len(self.customer.point_entry_ids), 2)

    def test_posting_checks_the_rights_create_would(self):
        """Posting checks the user's right to create entries, as the ORM's
        create did: a user without it books nothing."""
        self.customer._post_reward_points(10, "earn")
        Entry = self.env["retail.point.entry"].with_user(self.user_internal)
        with (
            self.assertRaises(AccessError),
            self.env.cr.savepoint(),
            mute_logger("odoo.models"),
        ):
            Entry._book_points(self.customer, 5, "adjust", note="By hand")
        self.env.invalidate_all()
        self.assertEqual(self.customer.reward_points, 10)
        self.assertEqual(len(self.customer.point_entry_ids), 1)

    def test_query_count_independent_of_history(self):
        """Booking costs the same queries with 1 or 1,000 previous entries."""
        # no tier change in the measured bookings (a tier change is tracked)
        self.env["retail.tier"].search([]).write({"active": False})
        small = self.Partner.create({"name": "New customer"})
        big = self.Partner.create({"name": "Loyal customer"})
        small._post_reward_points(2, "earn")
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO retail_point_entry
                   (partner_id, company_id, date, kind, points, create_uid,
                    create_date, write_uid, write_date)
            SELECT %s, %s, now() - (n || ' days')::interval, 'earn', 1, 1,
                   now(), 1, now()
              FROM generate_series(1, 1000) n
            """,
            [big.id, self.env.company.id],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET reward_points = 1000, reward_points_earned = 1000"
            " WHERE id = %s",
            [big.id],
        )
        big.invalidate_recordset()
        counts = {small: [], big: []}
        # alternate the customers, so that whatever the first booking warms
        # up (precision, user, access rules) is warm for both when compared
        for partner in (small, big, small, big):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.assertQueryCount(4):
                partner._post_reward_points(-1, "redeem", origin="POS/1")
                self.env.flush_all()
            counts[partner].append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[small][-1], counts[big][-1])
        self.assertEqual(big.reward_points, 998)


@tagged("post_install", "-at_install")
class TestLockedState(PointsCase):
    """A caller that locked the customer and read the booking's state with
    its own statement (a till's sale) hands it to the posting, which then
    neither locks nor reads again; a state some balance write has made old
    is read again, never trusted."""

    def _read_state(self, partner, key):
        Entry = self.env["retail.point.entry"]
        self.env.cr.execute(
            SQL("SELECT %s", Entry._retail_lock_state_sql(partner, key))
        )
        return Entry._retail_locked_state(partner, key, self.env.cr.fetchone()[0])

    def test_state_read_under_the_lock_saves_the_lock_query(self):
        # no tier change (a tier change is tracked); the caches warm
        self.env["retail.tier"].search([]).write({"active": False})
        self.customer._post_reward_points(10, "earn", idempotency_key="s:0")
        locked = self._read_state(self.customer, "s:1:earn")
        self.assertEqual(locked["state"], (10.0, 10.0, None))
        self.env.flush_all()
        # the posting itself: the entry and the balance, in one statement
        with self.assertQueryCount(1):
            entry = self.customer._post_reward_points(
                5, "earn", idempotency_key="s:1:earn", locked=locked
            )
            self.env.flush_all()
        self.assertEqual(entry.points, 5.0)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.reward_points, 15.0)
        self.assertEqual(self.customer.reward_points_earned, 15.0)
        # the same state, once used, is old: the next posting reads again
        entry = self.customer._post_reward_points(
            2, "earn", idempotency_key="s:1:earn:2", locked=locked
        )
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.reward_points, 17.0)

    def test_state_made_old_by_a_posting_is_read_again(self):
        """No update is lost: a posting between the read and the booking
        (of any kind, on any customer) makes the state old."""
        self.customer._post_reward_points(10, "earn", idempotency_key="o:0")
        locked = self._read_state(self.customer, "o:1:earn")
        self.customer._post_reward_points(-4, "redeem", idempotency_key="o:1:redeem")
        self.customer._post_reward_points(
            6, "earn", idempotency_key="o:1:earn", locked=locked
        )
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.reward_points, 12.0)
        self.assertEqual(self.customer.reward_points_earned, 16.0)
        self.assertEqual(
            sum(self.customer.point_entry_ids.mapped("points")),
            self.customer.reward_points,
        )

    def test_state_of_another_key_or_customer_is_ignored(self):
        self.customer._post_reward_points(10, "earn", idempotency_key="k:0")
        locked = self._read_state(self.customer, "k:1:earn")
        # another customer's posting with this customer's state
        self.shop._post_reward_points(3, "earn", idempotency_key="k:9", locked=locked)
        self.assertEqual(self.shop.reward_points, 3.0)
        # another key: the key's own booking is looked up
        self.customer._post_reward_points(4, "earn", idempotency_key="k:0")
        locked = self._read_state(self.customer, "k:2:earn")
        again = self.customer._post_reward_points(
            4, "earn", idempotency_key="k:0", locked=locked
        )
        self.assertEqual(len(self.customer.point_entry_ids), 1)
        self.assertEqual(again.points, 10.0)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.reward_points, 10.0)

    def test_state_knows_the_key_of_another_customer(self):
        self.shop._post_reward_points(10, "earn", idempotency_key="d:1:earn")
        locked = self._read_state(self.customer, "d:1:earn")
        with self.assertRaisesMessage(UserError, "already booked for another"):
            self.customer._post_reward_points(
                10, "earn", idempotency_key="d:1:earn", locked=locked
            )
        self.assertEqual(self.customer.reward_points, 0)


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
class TestLedgerSchema(PointsCase):
    def test_entry_rule_has_no_company_false_branch(self):
        """``company_id`` is required on entries: the rule names the
        companies only."""
        domain = (
            self.env["ir.rule"]
            .with_user(self.user_retail)
            ._compute_domain("retail.point.entry", "read")
        )
        self.assertNotIn(("company_id", "=", False), list(domain))
        self.assertIn(("company_id", "in", self.user_retail.company_ids.ids), domain)
