# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The daily jobs in batches (expiry, birthday bonus, tier moves): each run
of the cron is a savepoint here (the cron commits it), a run that fails in
the middle of its batch is rolled back whole, and the next run books each
customer exactly once. The failure is a real one: a PostgreSQL trigger that
refuses one customer's row."""

import psycopg2
from freezegun import freeze_time

from odoo.tests import tagged

from ..models.retail_point_entry import EXPIRY_CURSOR_PARAM
from ..models.retail_tier import TIER_CURSOR_PARAM, TIER_MOVE_NOW_PARAM
from .common import PointsCase


@tagged("post_install", "-at_install")
class TestDailyJobsBatches(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.members = cls.Partner.create(
            [{"name": f"Batch member {n}", "birthdate": "1990-05-05"} for n in range(7)]
        )
        cls.Entry = cls.env["retail.point.entry"]

    # -- helpers -----------------------------------------------------------------
    def _triggers(self, xmlid):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.env.ref(xmlid).id)]
        )

    def _run(self, job, *args, **kwargs):
        """One run of the cron: committed here as a savepoint."""
        with self.env.cr.savepoint():
            job(*args, **kwargs)
            self.env.flush_all()
            self.env.cr.precommit.run()  # the chatter tracking, as at commit
        self.env.invalidate_all()

    def _refuse_row(self, table, partner_id, column="partner_id"):
        """A real failure in the middle of a batch: PostgreSQL refuses the
        row of ``partner_id`` (rolled back with the test)."""
        self.env.cr.execute(
            f"""
            CREATE FUNCTION pg_temp.refuse_row() RETURNS trigger AS $$
            BEGIN
                IF NEW.{column} = {int(partner_id)} THEN
                    RAISE EXCEPTION 'refused in the middle of the batch';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_row BEFORE INSERT OR UPDATE ON {table}
               FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_row();
            """
        )

    def _allow_rows(self, table):
        self.env.cr.execute(f"DROP TRIGGER refuse_row ON {table}")

    def _expire_entries(self):
        return self.Entry.search(
            [("kind", "=", "expire"), ("partner_id", "in", self.members.ids)]
        )

    def _earn_all(self, points=10):
        with freeze_time("2025-01-10 12:00:00"):
            for member in self.members:
                member._post_reward_points(points, "earn")

    # -- expiry ------------------------------------------------------------------
    def test_expiry_runs_in_batches(self):
        """7 customers due, 3 a run, slices of 2 customers: 3 runs, each
        booking customers no other run booked, the first two triggering the
        next, the cursor cleared by the last."""
        self.company.retail_points_validity_months = 12
        self._earn_all()
        xmlid = "crm_retail_customers.ir_cron_expire_reward_points"
        triggers = self._triggers(xmlid)
        booked = []
        with freeze_time("2026-02-01 12:00:00"):
            for run in range(1, 4):
                self._run(self.Entry._cron_expire_reward_points, 3, scan_size=2)
                entries = self._expire_entries()
                booked.append(len(entries))
                self.assertEqual(
                    len(entries), len(entries.partner_id), "nobody booked twice"
                )
                self.assertEqual(
                    self._triggers(xmlid),
                    triggers + min(run, 2),
                    "runs 1 and 2 trigger the next run, run 3 does not",
                )
        self.assertEqual(booked, [3, 6, 7])
        self.assertEqual(self.members.mapped("reward_points"), [0.0] * 7)
        self.assertEqual(set(self._expire_entries().mapped("points")), {-10.0})
        self.assertFalse(self.env["ir.config_parameter"].get_param(EXPIRY_CURSOR_PARAM))

    def test_expiry_run_rolled_back_then_resumed(self):
        """A run that fails in the middle of its batch books none of it; the
        next run books the batch, and every customer ends with one entry."""
        self.company.retail_points_validity_months = 12
        self._earn_all()
        with freeze_time("2026-02-01 12:00:00"):
            self._run(self.Entry._cron_expire_reward_points, 3)
            self.assertEqual(len(self._expire_entries()), 3)
            self._refuse_row("retail_point_entry", self.members[4].id)
            with self.assertRaises(psycopg2.errors.RaiseException):
                self._run(self.Entry._cron_expire_reward_points, 3)
            self.env.invalidate_all()
            self.assertEqual(len(self._expire_entries()), 3, "the batch rolled back")
            self.assertEqual(self.members[3].reward_points, 10.0)
            self._allow_rows("retail_point_entry")
            for _run in range(2):
                self._run(self.Entry._cron_expire_reward_points, 3)
        entries = self._expire_entries()
        self.assertEqual(sorted(entries.partner_id.ids), sorted(self.members.ids))
        self.assertEqual(self.members.mapped("reward_points"), [0.0] * 7)

    def test_expiry_run_skips_a_customer_already_booked(self):
        """A customer whose expiry of the day is booked already (key
        ``expire:<customer>:<date>``) is not booked again."""
        self.company.retail_points_validity_months = 12
        self._earn_all()
        with freeze_time("2026-02-01 12:00:00"):
            self._run(self.Entry._cron_expire_reward_points, 2)
            self.env["ir.config_parameter"].set_param(EXPIRY_CURSOR_PARAM, False)
            self._run(self.Entry._cron_expire_reward_points)
        self.assertEqual(len(self._expire_entries()), 7)
        self.assertEqual(self.members.mapped("reward_points"), [0.0] * 7)

    def test_expiry_queries_do_not_grow_with_the_batch(self):
        """The customers of a batch are booked together: a run booking 6
        customers makes no more queries than one booking 1."""
        self.company.retail_points_validity_months = 12
        self._earn_all()
        with freeze_time("2026-02-01 12:00:00"):
            self._run(self.Entry._cron_expire_reward_points, 1)  # warm caches
            self.env["ir.config_parameter"].set_param(EXPIRY_CURSOR_PARAM, False)
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.Entry._cron_expire_reward_points(1)
            self.env.flush_all()
            one = self.env.cr.sql_log_count - before
            self.env["ir.config_parameter"].set_param(EXPIRY_CURSOR_PARAM, False)
            self.env.flush_all()
            with self.assertQueryCount(one):
                self.Entry._cron_expire_reward_points(10)
                self.env.flush_all()
        self.assertEqual(len(self._expire_entries()), 7)

    # -- birthday --------------------------------------------------------------
    def _birthday_setup(self):
        self.company.write({"retail_birthday_points": 25, "retail_welcome_points": 0})
        self.members.action_retail_enrol()
        return self._bonuses()

    def _bonuses(self):
        return self.Entry.search(
            [
                ("kind", "=", "bonus"),
                ("partner_id", "in", self.members.ids),
                ("idempotency_key", "=like", "birthday:%"),
            ]
        )

    def test_birthday_runs_in_batches(self):
        self.assertFalse(self._birthday_setup())
        xmlid = "crm_retail_customers.ir_cron_retail_birthday_bonus"
        triggers = self._triggers(xmlid)
        booked = []
        with freeze_time("2026-05-05 12:00:00"):
            for run in range(1, 4):
                self._run(self.Partner._cron_retail_birthday_bonus, 3)
                bonuses = self._bonuses()
                booked.append(len(bonuses))
                self.assertEqual(len(bonuses), len(bonuses.partner_id))
                self.assertEqual(self._triggers(xmlid), triggers + min(run, 2))
        self.assertEqual(booked, [3, 6, 7])
        self.assertEqual(self.members.mapped("reward_points"), [25.0] * 7)

    def test_birthday_run_rolled_back_then_resumed(self):
        self._birthday_setup()
        with freeze_time("2026-05-05 12:00:00"):
            self._run(self.Partner._cron_retail_birthday_bonus, 3)
            # the second batch (members 3, 4, 5) fails at member 4
            self._refuse_row("retail_point_entry", self.members[4].id)
            with self.assertRaises(psycopg2.errors.RaiseException):
                self._run(self.Partner._cron_retail_birthday_bonus, 3)
            self.assertEqual(len(self._bonuses()), 3, "the batch rolled back")
            self._allow_rows("retail_point_entry")
            for _run in range(3):
                self._run(self.Partner._cron_retail_birthday_bonus, 3)
        bonuses = self._bonuses()
        self.assertEqual(sorted(bonuses.partner_id.ids), sorted(self.members.ids))
        self.assertEqual(self.members.mapped("reward_points"), [25.0] * 7)
        greetings = self.env["retail.customer.message"].search(
            [("kind", "=", "birthday"), ("partner_id", "in", self.members.ids)]
        )
        self.assertLessEqual(len(greetings), 7)
        self.assertEqual(len(greetings), len(greetings.partner_id))

    # -- tiers -------------------------------------------------------------------
    def _tier_setup(self):
        """A tier above everyone's points; the 7 members earn 30,000 points
        (more than any other customer), their tier is the one below."""
        self.silver = self.env["retail.tier"].create(
            {"name": "Batch Silver", "min_points": 50000}
        )
        for member in self.members:
            member._post_reward_points(30000, "earn")
        self.bronze = self.members[0].reward_tier_id
        self.assertEqual(set(self.members.mapped("reward_tier_id")), {self.bronze})
        self.assertNotEqual(self.bronze, self.silver)

    def test_small_tier_change_moves_at_once(self):
        self._tier_setup()
        self.silver.min_points = 25000
        self.assertEqual(set(self.members.mapped("reward_tier_id")), {self.silver})
        self.assertFalse(self.env["ir.config_parameter"].get_param(TIER_CURSOR_PARAM))

    def test_large_tier_change_moves_in_runs(self):
        """Above the limit of the request, the tier change only records the
        recompute and triggers the job; the job moves 3 customers a run,
        with the chatter tracking of each move, and is done after 3 runs."""
        self._tier_setup()
        self.env["ir.config_parameter"].set_param(TIER_MOVE_NOW_PARAM, "5")
        xmlid = "crm_retail_customers.ir_cron_retail_recompute_tiers"
        triggers = self._triggers(xmlid)
        self.silver.min_points = 25000
        self.assertEqual(self._triggers(xmlid), triggers + 1)
        self.assertEqual(set(self.members.mapped("reward_tier_id")), {self.bronze})
        Tier = self.env["retail.tier"]
        moved = []
        for _run in range(3):
            self._run(Tier._cron_recompute_partner_tiers, 3)
            moved.append(
                len(self.members.filtered(lambda m: m.reward_tier_id == self.silver))
            )
        self.assertEqual(moved, [3, 6, 7])
        self.assertEqual(self._triggers(xmlid), triggers + 3)
        self.assertFalse(self.env["ir.config_parameter"].get_param(TIER_CURSOR_PARAM))
        # each move in the customer's chatter, once, also those logged in a
        # batch (runs 1 and 2) rather than one by one (run 3: one customer)
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.res_id", "in", self.members.ids),
                ("mail_message_id.model", "=", "res.partner"),
                ("field_id.name", "=", "reward_tier_id"),
                ("new_value_char", "=", "Batch Silver"),
            ]
        )
        self.assertEqual(
            sorted(tracked.mail_message_id.mapped("res_id")), sorted(self.members.ids)
        )
        message = tracked[0].mail_message_id
        self.assertEqual(message.message_type, "notification")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(tracked[0].old_value_char, self.bronze.name)
        # nothing recorded: the job does nothing
        self._run(Tier._cron_recompute_partner_tiers, 3)
        self.assertEqual(self._triggers(xmlid), triggers + 3)

    def test_tier_run_rolled_back_then_resumed(self):
        self._tier_setup()
        self.env["ir.config_parameter"].set_param(TIER_MOVE_NOW_PARAM, "5")
        self.silver.min_points = 25000
        Tier = self.env["retail.tier"]
        self._run(Tier._cron_recompute_partner_tiers, 3)
        self._refuse_row("res_partner", self.members[4].id, column="id")
        with self.assertRaises(psycopg2.errors.RaiseException):
            self._run(Tier._cron_recompute_partner_tiers, 3)
        self.assertEqual(self.members[3].reward_tier_id, self.bronze)
        self._allow_rows("res_partner")
        for _run in range(2):
            self._run(Tier._cron_recompute_partner_tiers, 3)
        self.assertEqual(set(self.members.mapped("reward_tier_id")), {self.silver})
