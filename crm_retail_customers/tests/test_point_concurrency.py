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

import random
import threading
import time

from psycopg2 import errorcodes, errors

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

RETRYABLE = (errors.SerializationFailure, errors.UniqueViolation)


@tagged("post_install", "-at_install")
class TestPointConcurrency(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.partner_id = env["res.partner"].create({"name": "Busy customer"}).id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            # Test data only: the ledger is insert-only for the application.
            cr.execute(
                "DELETE FROM retail_point_entry WHERE partner_id = %s",
                [self.partner_id],
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])

    def _book(self, points, key=None, attempts=50):
        for attempt in range(attempts):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    partner = env["res.partner"].browse(self.partner_id)
                    entry = partner._post_reward_points(
                        points, "earn", idempotency_key=key
                    )
                    return entry.id
            except RETRYABLE as exc:
                assert exc.pgcode in (
                    errorcodes.SERIALIZATION_FAILURE,
                    errorcodes.UNIQUE_VIOLATION,
                )
                time.sleep(random.uniform(0.0, 0.01 * 2 ** min(attempt, 5)))
        raise AssertionError("booking kept failing")

    def _run_parallel(self, jobs):
        barrier = threading.Barrier(len(jobs))
        results, failures = [], []

        def run(job):
            barrier.wait()
            try:
                results.extend(job())
            except Exception as exc:  # noqa: BLE001 -- reported below
                failures.append(exc)

        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertFalse(failures, failures)
        return results

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
        # DESIGN.md: 200 parallel bookings on one customer
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
