# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bookings from parallel transactions on real PostgreSQL.

Each worker thread uses its own database cursor and commits, like two tills
served by two Odoo workers. A transaction that loses the race gets a
serialization failure on the partner row lock and is retried after a random
pause that grows with each attempt, as Odoo's RPC layer retries it
(``odoo.service.model.retrying``): without the pause, the slowest thread can
lose every race to the others.
"""

from psycopg2 import errorcodes, errors

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged

from .common import RetailConcurrencyCase


@tagged("post_install", "-at_install", "retail_concurrency")
class TestPointConcurrency(RetailConcurrencyCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Busy customer"})
            partner._retail_enrol("backoffice")  # only members' points expire
            self.partner_id = partner.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            # Test data only: the ledger is insert-only for the application.
            cr.execute(
                "DELETE FROM retail_point_entry WHERE partner_id = %s",
                [self.partner_id],
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])

    def _book(self, points, key=None):
        def book(env):
            partner = env["res.partner"].browse(self.partner_id)
            return partner._post_reward_points(points, "earn", idempotency_key=key).id

        # a unique violation: the same key booked by another transaction
        return self.run_retrying(
            book, 50, 0.01, 5, retry=(errorcodes.UNIQUE_VIOLATION,)
        )

    def _run_parallel(self, jobs):
        return [item for result in self.run_parallel(jobs, 120) for item in result]

    def _state(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT reward_points, (SELECT SUM(points) FROM retail_point_entry"
                " WHERE partner_id = %s), (SELECT COUNT(*) FROM retail_point_entry"
                " WHERE partner_id = %s) FROM res_partner WHERE id = %s",
                [self.partner_id] * 3,
            )
            return cr.fetchone()

    def test_parallel_bookings_exact_sum(self):
        # the scale target: 200 parallel bookings on one customer
        per_worker, workers = 50, 4
        jobs = [
            (lambda: [self._book(1.5) for _i in range(per_worker)])
            for _w in range(workers)
        ]
        self._run_parallel(jobs)
        balance, total, count = self._state()
        self.assertEqual(count, per_worker * workers)
        self.assertAlmostEqual(balance, 1.5 * per_worker * workers)
        self.assertAlmostEqual(balance, total)

    def test_same_key_in_two_transactions_books_once(self):
        jobs = [(lambda: [self._book(10, key="pos-order-42")]) for _w in range(2)]
        ids = self._run_parallel(jobs)
        self.assertEqual(len(set(ids)), 1)
        balance, total, count = self._state()
        self.assertEqual((balance, total, count), (10, 10, 1))

    def test_expiry_run_survives_a_customer_busy_at_a_till(self):
        """A till booking for one customer while the expiry job runs makes
        that customer's expiry fail with a serialization failure: the job
        goes on with the others and leaves that one for its next run."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            calm = env["res.partner"].create({"name": "Calm customer"})
            calm._retail_enrol("backoffice")  # only members' points expire
            self.addCleanup(self._cleanup_partner, calm.id)
            for partner_id in (self.partner_id, calm.id):
                env["res.partner"].browse(partner_id)._post_reward_points(
                    30, "earn", expiry_date="2020-01-01"
                )
            calm_id = calm.id
        job_cr = self.registry.cursor()
        try:
            job_cr.execute("SELECT 1")  # the job's snapshot starts here
            with self.registry.cursor() as till_cr:
                till_cr.execute(
                    "UPDATE res_partner SET write_date = now() WHERE id = %s",
                    [self.partner_id],
                )
            env = api.Environment(job_cr, SUPERUSER_ID, {})
            triggers = self._triggers(job_cr)
            env["retail.point.entry"]._cron_expire_reward_points()
            env.flush_all()
            job_cr.execute(
                "SELECT partner_id, points FROM retail_point_entry "
                "WHERE kind = 'expire' AND partner_id IN %s",
                [(self.partner_id, calm_id)],
            )
            self.assertEqual(job_cr.fetchall(), [(calm_id, -30.0)])
            self.assertEqual(
                self._triggers(job_cr), triggers + 1, "the next run is triggered"
            )
        finally:
            job_cr.rollback()
            job_cr.close()

    def test_birthday_run_leaves_a_busy_customer_to_its_next_run(self):
        """A customer booked by a till (or by the expiry job on another
        server) while the birthday job runs: the job goes on and triggers
        its next run at once, which books the bonus, once."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.company
            self.addCleanup(
                self._set_birthday_points, company.id, company.retail_birthday_points
            )
            company.retail_birthday_points = 25
            today = fields.Date.context_today(env["res.partner"])
            partner = env["res.partner"].browse(self.partner_id)
            partner.birthdate = today.replace(year=1992)
        job_cr = self.registry.cursor()
        job = "ir_cron_retail_birthday_bonus"
        try:
            job_cr.execute("SELECT 1")  # the job's snapshot starts here
            with self.registry.cursor() as till_cr:
                till_cr.execute(
                    "UPDATE res_partner SET write_date = now() WHERE id = %s",
                    [self.partner_id],
                )
            env = api.Environment(job_cr, SUPERUSER_ID, {})
            triggers = self._triggers(job_cr, job)
            env["res.partner"]._cron_retail_birthday_bonus()
            env.flush_all()
            self.assertEqual(self._bonuses(job_cr), 0)
            self.assertEqual(
                self._triggers(job_cr, job), triggers + 1, "the next run is triggered"
            )
        finally:
            job_cr.rollback()
            job_cr.close()
        # the next run, twice (rolled back: the job books the bonus of every
        # member whose birthday it is)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                for _run in range(2):
                    env["res.partner"]._cron_retail_birthday_bonus()
                    env.flush_all()
                    self.assertEqual(self._bonuses(cr), 1)
            finally:
                cr.rollback()

    def _bonuses(self, cr):
        cr.execute(
            "SELECT COUNT(*) FROM retail_point_entry WHERE partner_id = %s "
            "AND idempotency_key LIKE 'birthday:%%'",
            [self.partner_id],
        )
        return cr.fetchone()[0]

    def _set_birthday_points(self, company_id, points):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.company"].browse(company_id).retail_birthday_points = points

    def _triggers(self, cr, job="ir_cron_expire_reward_points"):
        cr.execute(
            "SELECT COUNT(*) FROM ir_cron_trigger t JOIN ir_model_data d "
            "ON d.res_id = t.cron_id AND d.model = 'ir.cron' "
            "AND d.name = %s",
            [job],
        )
        return cr.fetchone()[0]

    def _cleanup_partner(self, partner_id):
        with self.registry.cursor() as cr:
            # Test data only: the ledger is insert-only for the application.
            cr.execute(
                "DELETE FROM retail_point_entry WHERE partner_id = %s", [partner_id]
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])

    def test_lock_strength(self):
        """``res.partner._retail_lock``: while one transaction holds it, a
        second one waits for it, but inserting a row that points to the
        customer (an order, an invoice, a ledger entry: a key-share lock on
        the customer row) does not wait, so a till that has saved an order
        never deadlocks against one that holds the lock."""
        other_id = self._create_partner("Second customer")
        with self.registry.cursor() as holder_cr, self.registry.cursor() as cr:
            holder = api.Environment(holder_cr, SUPERUSER_ID, {})["res.partner"]
            balances = holder.browse([other_id, self.partner_id])._retail_lock()
            self.assertEqual(
                balances, {self.partner_id: (0.0, 0.0), other_id: (0.0, 0.0)}
            )
            cr.execute("SET LOCAL lock_timeout = '2s'")
            # a key-share lock, as an insert referencing the customer takes
            cr.execute(
                "SELECT id FROM res_partner WHERE id = %s FOR KEY SHARE",
                [self.partner_id],
            )
            self.assertEqual(cr.fetchone(), (self.partner_id,))
            cr.execute("SAVEPOINT second_lock")
            with self.assertRaises(errors.LockNotAvailable):
                api.Environment(cr, SUPERUSER_ID, {})["res.partner"].browse(
                    self.partner_id
                )._retail_lock()
            cr.execute("ROLLBACK TO SAVEPOINT second_lock")
            holder_cr.rollback()
            cr.rollback()

    def _create_partner(self, name):
        with self.registry.cursor() as cr:
            partner_id = (
                api.Environment(cr, SUPERUSER_ID, {})["res.partner"]
                .create({"name": name})
                .id
            )
        self.addCleanup(self._cleanup_partner, partner_id)
        return partner_id
