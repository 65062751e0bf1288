# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Tills syncing paid orders of one customer at the same instant, on real
PostgreSQL.

Each worker thread calls ``pos.order.create_from_ui`` (what a till calls) in
its own cursor and commits, like two tills served by two Odoo workers. A
transaction that loses the race on the customer's row gets a serialization
failure and is retried, as Odoo's RPC layer retries it
(``odoo.service.model.retrying``).
"""

import logging
import threading
import time
import uuid
from unittest.mock import patch

from psycopg2 import OperationalError
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import RetailConcurrencyCase
from odoo.addons.crm_retail_customers_pos.models import pos_order as pos_order_retail
from odoo.addons.crm_retail_customers_pos.models.pos_order import (
    CUSTOMER_QUEUE_LOCK,
)
from odoo.addons.point_of_sale.models import pos_order as pos_order_module

OPENING_POINTS = 1000.0


class _DropConflictLogs(logging.Filter):
    """Keep out of the logs the errors a retried serialization failure makes
    ``create_from_ui`` log; count them instead."""

    def __init__(self):
        super().__init__()
        self.conflicts = 0

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if getattr(error, "pgcode", None) in PG_CONCURRENCY_ERRORS_TO_RETRY:
            self.conflicts += 1
            return False
        return True


@tagged("post_install", "-at_install", "retail_concurrency")
class TestPosConcurrency(RetailConcurrencyCase):
    def setUp(self):
        super().setUp()
        self.addCleanup(self._cleanup)
        self.ids = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.company
            company.write(
                {
                    "retail_points_per_currency": 1.0,
                    "retail_point_value": 0.1,
                    # the race is the subject, not the customer's presence
                    # (tested in test_pos_redeem_proof_http)
                    "retail_redeem_proof": "none",
                }
            )
            journal = env["account.journal"].search(
                [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
            )
            method = env["pos.payment.method"].create(
                {
                    "name": "Retail Concurrency Bank",
                    "journal_id": journal.id,
                    "company_id": company.id,
                }
            )
            config = env["pos.config"].create(
                {
                    "name": "Retail Concurrency Till",
                    "payment_method_ids": [(6, 0, method.ids)],
                }
            )
            config.open_ui()
            product = env["product.product"].create(
                {
                    "name": "Retail Concurrency Item",
                    "type": "service",
                    "available_in_pos": True,
                    "list_price": 10.0,
                    "taxes_id": False,
                }
            )
            partner = env["res.partner"].create({"name": "Busy Till Customer"})
            partner._retail_enrol("backoffice")  # members earn and redeem
            partner._post_reward_points(
                OPENING_POINTS, "opening", company_id=company.id
            )
            # demo tiers may multiply earned points: ask the customer
            self.earn_per_order = partner._retail_get_reward_points_for_amount(8.0)
            self.ids = {
                "method": method.id,
                "config": config.id,
                "session": config.current_session_id.id,
                "pricelist": config.pricelist_id.id,
                "product": product.id,
                "partner": partner.id,
                "redemption": env.ref(
                    "crm_retail_customers.product_retail_points_redemption"
                ).id,
            }

    def _cleanup(self):
        if not self.ids:
            return
        with self.registry.cursor() as cr:
            # Test data only: orders of an open session and the ledger cannot
            # be deleted through the application.
            cr.execute(
                "SELECT id FROM pos_order WHERE session_id = %s", [self.ids["session"]]
            )
            order_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("DELETE FROM pos_payment WHERE pos_order_id IN %s", [order_ids])
            cr.execute("DELETE FROM pos_order_line WHERE order_id IN %s", [order_ids])
            cr.execute("DELETE FROM pos_order WHERE id IN %s", [order_ids])
            cr.execute(
                "DELETE FROM retail_point_entry WHERE partner_id = %s",
                [self.ids["partner"]],
            )
            cr.execute("DELETE FROM pos_session WHERE id = %s", [self.ids["session"]])
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["pos.config"].browse(self.ids["config"]).unlink()
            env["pos.payment.method"].browse(self.ids["method"]).unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.ids["partner"]])

    # -- what the till sends -----------------------------------------------------
    def _order_data(self, redeem_points=20.0):
        """A paid order: the item (10.00) less ``redeem_points`` at 0.10."""
        uid = uuid.uuid4().hex[:14]
        discount = round(redeem_points * 0.1, 2)
        lines = [
            {
                "product_id": self.ids["product"],
                "qty": 1,
                "price_unit": 10.0,
                "price_subtotal": 10.0,
                "price_subtotal_incl": 10.0,
            },
            {
                "product_id": self.ids["redemption"],
                "qty": 1,
                "price_unit": -discount,
                "price_subtotal": -discount,
                "price_subtotal_incl": -discount,
                "retail_redeem_points": redeem_points,
            },
        ]
        total = 10.0 - discount
        now = fields.Datetime.to_string(fields.Datetime.now())
        return {
            "id": uid,
            "to_invoice": False,
            "data": {
                "name": f"Order {uid}",
                "uid": uid,
                "amount_paid": total,
                "amount_return": 0,
                "amount_tax": 0,
                "amount_total": total,
                "date_order": now,
                "fiscal_position_id": False,
                "pricelist_id": self.ids["pricelist"],
                "lines": [
                    (
                        0,
                        0,
                        dict(line, discount=0, tax_ids=[(6, 0, [])], pack_lot_ids=[]),
                    )
                    for line in lines
                ],
                "partner_id": self.ids["partner"],
                "pos_session_id": self.ids["session"],
                "sequence_number": 1,
                "statement_ids": [
                    (
                        0,
                        0,
                        {
                            "amount": total,
                            "name": now,
                            "payment_method_id": self.ids["method"],
                        },
                    )
                ],
                "user_id": SUPERUSER_ID,
                "to_invoice": False,
            },
        }

    def _sync(self, data):
        """``create_from_ui`` in a transaction of its own, retried on
        serialization failures like an RPC call."""
        return self.run_retrying(
            lambda env: env["pos.order"].create_from_ui([data]), 30, 0.05, 4
        )

    def _run_parallel(self, jobs):
        log_filter = _DropConflictLogs()
        pos_order_module._logger.addFilter(log_filter)
        try:
            self.run_parallel(jobs, 300)
        finally:
            pos_order_module._logger.removeFilter(log_filter)
        return log_filter.conflicts

    def _state(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT p.reward_points,
                       (SELECT SUM(points) FROM retail_point_entry
                         WHERE partner_id = p.id),
                       (SELECT COUNT(*) FROM retail_point_entry
                         WHERE partner_id = p.id AND kind = 'earn'),
                       (SELECT COUNT(*) FROM retail_point_entry
                         WHERE partner_id = p.id AND kind = 'redeem')
                  FROM res_partner p WHERE p.id = %s
                """,
                [self.ids["partner"]],
            )
            return cr.fetchone()

    def test_parallel_tills_exact_balance(self):
        """Four tills sell five orders each to one customer at the same time;
        each order redeems 20 points and earns 8: nothing lost, nothing
        doubled."""
        workers, per_worker = 4, 5
        orders = [
            [self._order_data() for _index in range(per_worker)]
            for _worker in range(workers)
        ]
        self._run_parallel(
            [
                (lambda batch=batch: [self._sync(data) for data in batch])
                for batch in orders
            ]
        )
        balance, total, earned, redeemed = self._state()
        count = workers * per_worker
        self.assertEqual((earned, redeemed), (count, count))
        self.assertAlmostEqual(
            balance, OPENING_POINTS + count * (self.earn_per_order - 20.0)
        )
        self.assertAlmostEqual(balance, total)

    def test_same_order_from_two_tills_books_once(self):
        """The same order arriving twice at the same instant (a retried sync
        racing the first one) earns and redeems once."""
        data = self._order_data()
        self._run_parallel([lambda: self._sync(data), lambda: self._sync(data)])
        balance, total, earned, redeemed = self._state()
        self.assertEqual((earned, redeemed), (1, 1))
        self.assertAlmostEqual(balance, OPENING_POINTS - 20.0 + self.earn_per_order)
        self.assertAlmostEqual(balance, total)

    def test_same_order_without_customer_saved_once(self):
        """A till sends an order without a customer again to a second
        server while the first one still saves it: the second transaction
        began before the first committed (its snapshot does not show the
        order). It used to save the order a second time (two sales, two
        payments); it now fails as a concurrent update, and its retry finds
        the order saved."""
        data = self._order_data(redeem_points=0.0)
        data["data"]["partner_id"] = False
        with self.registry.cursor() as late:
            late.execute("SELECT 1 FROM pos_session LIMIT 1")  # its snapshot
            self.assertEqual(len(self._sync(data)), 1)
            env = api.Environment(late, SUPERUSER_ID, {})
            with self.assertRaises(SerializationFailure):
                env["pos.order"].create_from_ui([data])
            late.rollback()
        self.assertEqual(self._sync(data), [])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM pos_order WHERE pos_reference = %s",
                [data["data"]["name"]],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def test_last_points_spent_at_two_tills(self):
        """Two tills redeem the customer's last 100 points at once, each for
        a whole order: one redemption gets them, the other order is still
        sold, redeems nothing and says so; the balance never goes negative."""
        orders = [self._order_data(redeem_points=100.0) for _index in range(2)]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].browse(self.ids["partner"])
            partner._post_reward_points(
                -(OPENING_POINTS - 100.0),
                "redeem",
                company_id=env.company.id,
                idempotency_key=f"spent:{self.ids['partner']}",
            )
        self._run_parallel([(lambda data=data: self._sync(data)) for data in orders])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, COALESCE(retail_points_redeemed, 0),"
                " COALESCE(retail_points_shortfall, 0), retail_points_note "
                "FROM pos_order WHERE session_id = %s",
                [self.ids["session"]],
            )
            results = sorted(cr.fetchall(), key=lambda row: row[1])
        self.assertEqual([row[0] for row in results], ["paid", "paid"])
        self.assertEqual([row[1:3] for row in results], [(0.0, 100.0), (100.0, 0.0)])
        self.assertIn("100", results[0][3])
        balance, total, _earned, _redeemed = self._state()
        self.assertAlmostEqual(balance, 0.0)
        self.assertAlmostEqual(balance, total)

    def test_second_till_queues_without_replay(self):
        """A second till syncing an order of the customer while the first
        one's sync is still open waits for it, then books on the balance the
        first left, in its first transaction: no serialization failure, no
        replay of the whole sync (Odoo would replay it after a random pause
        of up to 2 seconds)."""
        first, second = self._order_data(), self._order_data()
        booked_first = threading.Event()
        second_pid = []
        failures = []
        waits = []

        def till_one():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                self.assertEqual(len(env["pos.order"].create_from_ui([first])), 1)
                booked_first.set()
                # stay open until the second till waits
                deadline = time.monotonic() + 20
                while not waits and time.monotonic() < deadline:
                    time.sleep(0.05)
            # committed: the second till goes on

        def till_two():
            booked_first.wait(60)
            try:
                with self.registry.cursor() as cr:
                    second_pid.append(cr._cnx.get_backend_pid())
                    # what the request read before the sync: its snapshot
                    cr.execute(
                        "SELECT reward_points FROM res_partner WHERE id = %s",
                        [self.ids["partner"]],
                    )
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    return env["pos.order"].create_from_ui([second])
            except OperationalError as error:
                if error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    failures.append(error)
                raise

        def watch():
            booked_first.wait(60)
            deadline = time.monotonic() + 15
            with self.registry.cursor() as cr:
                while time.monotonic() < deadline:
                    if second_pid:
                        cr.execute(
                            "SELECT locktype, classid::int, objid::int "
                            "FROM pg_locks WHERE NOT granted AND pid = %s",
                            [second_pid[0]],
                        )
                        found = cr.fetchall()
                        if found:
                            waits.extend(found)
                            return
                    cr.rollback()
                    time.sleep(0.02)

        log_filter = _DropConflictLogs()
        pos_order_module._logger.addFilter(log_filter)
        try:
            results = self.run_parallel([till_one, till_two, watch], 120)
        finally:
            pos_order_module._logger.removeFilter(log_filter)
        self.assertFalse(failures, "the second till was rolled back")
        self.assertEqual(
            waits,
            [("advisory", CUSTOMER_QUEUE_LOCK, self.ids["partner"])],
            "the second till queued on the customer",
        )
        self.assertEqual(len(results[1]), 1)
        balance, total, earned, redeemed = self._state()
        self.assertEqual((earned, redeemed), (2, 2))
        self.assertAlmostEqual(
            balance, OPENING_POINTS + 2 * (self.earn_per_order - 20.0)
        )
        self.assertAlmostEqual(balance, total)
        # the second order booked on the balance the first one left
        self.assertAlmostEqual(results[1][0]["retail_points"]["balance"], balance)
        # nothing is left locked: a third sync goes through at once
        self.assertEqual(len(self._sync(self._order_data())), 1)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid::int = %s",
                [CUSTOMER_QUEUE_LOCK],
            )
            self.assertEqual(cr.fetchone()[0], 0)

    def _queue_locks(self):
        """``(pid, granted)`` of the customers' queue locks held or awaited."""
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT pid, granted FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid::int = %s AND objid::int = %s",
                [CUSTOMER_QUEUE_LOCK, self.ids["partner"]],
            )
            return cr.fetchall()

    def test_lone_till_queues_and_locks_for_its_transaction(self):
        """A till alone on its customer takes the customer's queue lock and
        row lock at the start of its sync and holds them until its
        transaction ends, with nothing left to release after it."""
        with self.registry.cursor() as cr:
            pid = cr._cnx.get_backend_pid()
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = env["pos.order"].create_from_ui([self._order_data()])
            self.assertEqual(self._queue_locks(), [(pid, True)])
            with (
                self.registry.cursor() as other,
                self.assertRaises(LockNotAvailable, msg="the customer is locked"),
                mute_logger("odoo.sql_db"),
            ):
                other.execute(
                    "SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                    [self.ids["partner"]],
                )
        self.assertEqual(self._queue_locks(), [])
        balance, total, earned, _redeemed = self._state()
        self.assertEqual(earned, 1)
        self.assertAlmostEqual(balance, total)
        self.assertAlmostEqual(result[0]["retail_points"]["balance"], balance)

    def test_lone_till_locks_its_session_before_its_customer(self):
        """The one statement of a lone till locks the POS session's row
        before the customer's, as the step by step way does: a till waiting
        for its session (a sync of the same session still saving) holds no
        customer, so two syncs never wait for each other in a cycle."""
        data = self._order_data()
        outcome = {}

        def sync():
            with self.registry.cursor() as cr:
                outcome["pid"] = cr._cnx.get_backend_pid()
                env = api.Environment(cr, SUPERUSER_ID, {})
                outcome["result"] = env["pos.order"].create_from_ui([data])

        with self.registry.cursor() as holder:
            holder.execute(
                "SELECT id FROM pos_session WHERE id = %s FOR NO KEY UPDATE",
                [self.ids["session"]],
            )
            thread = threading.Thread(target=sync)
            thread.start()
            try:
                waiting = False
                with self.registry.cursor() as probe:
                    for _attempt in range(200):
                        probe.execute(
                            "SELECT wait_event_type = 'Lock' FROM pg_stat_activity "
                            "WHERE pid = %s",
                            [outcome.get("pid", 0)],
                        )
                        row = probe.fetchone()
                        waiting = bool(row and row[0])
                        if waiting:
                            break
                        time.sleep(0.05)
                    self.assertTrue(waiting, "the sync waits for its session")
                    # the customer is free while the sync waits
                    probe.execute(
                        "SELECT id FROM res_partner WHERE id = %s "
                        "FOR NO KEY UPDATE NOWAIT",
                        [self.ids["partner"]],
                    )
                    self.assertEqual(probe.fetchone(), (self.ids["partner"],))
                    probe.rollback()
            finally:
                holder.rollback()
                thread.join(30)
        self.assertFalse(thread.is_alive())
        balance, total, earned, _redeemed = self._state()
        self.assertEqual(earned, 1)
        self.assertAlmostEqual(balance, total)
        self.assertAlmostEqual(
            outcome["result"][0]["retail_points"]["balance"], balance
        )

    def test_till_behind_a_commit_books_without_replay(self):
        """A till whose request read the database before another till's sync
        of the customer committed, and syncs after it: the queue is free,
        but its snapshot no longer sees the customer's row as it is. The
        sync starts again from a fresh snapshot, in the same request: no
        serialization failure reaches Odoo (which would replay the whole
        sync), and it books on the balance the other till left."""
        first, second = self._order_data(), self._order_data()
        log_filter = _DropConflictLogs()
        pos_order_module._logger.addFilter(log_filter)
        try:
            with self.registry.cursor() as cr:
                # the request's snapshot, taken before the other till syncs
                cr.execute(
                    "SELECT reward_points FROM res_partner WHERE id = %s",
                    [self.ids["partner"]],
                )
                self.assertAlmostEqual(cr.fetchone()[0], OPENING_POINTS)
                self._sync(first)
                env = api.Environment(cr, SUPERUSER_ID, {})
                result = env["pos.order"].create_from_ui([second])
        finally:
            pos_order_module._logger.removeFilter(log_filter)
        self.assertEqual(log_filter.conflicts, 0)
        balance, total, earned, redeemed = self._state()
        self.assertEqual((earned, redeemed), (2, 2))
        self.assertAlmostEqual(
            balance, OPENING_POINTS + 2 * (self.earn_per_order - 20.0)
        )
        self.assertAlmostEqual(balance, total)
        self.assertAlmostEqual(result[0]["retail_points"]["balance"], balance)
        self.assertEqual(self._queue_locks(), [])

    def test_queue_wait_is_bounded(self):
        """A queue lock left on a connection (its release did not run) delays
        the customer's syncs by the queue's wait, never blocks them: the sync
        goes on without the queue after ``CUSTOMER_QUEUE_WAIT_MS``."""
        with self.registry.cursor() as stuck:
            stuck.execute(
                "SELECT pg_advisory_lock(%s, %s)",
                [CUSTOMER_QUEUE_LOCK, self.ids["partner"]],
            )
            stuck.commit()
            try:
                with (
                    patch.object(pos_order_retail, "CUSTOMER_QUEUE_WAIT_MS", 300),
                    self.assertLogs(pos_order_retail._logger, "WARNING") as logs,
                ):
                    started = time.monotonic()
                    result = self._sync(self._order_data())
                    waited = time.monotonic() - started
            finally:
                stuck.execute(
                    "SELECT pg_advisory_unlock(%s, %s)",
                    [CUSTOMER_QUEUE_LOCK, self.ids["partner"]],
                )
                stuck.commit()
        self.assertEqual(len(result), 1)
        self.assertGreaterEqual(waited, 0.3)
        self.assertIn("synced without it", logs.output[0])
        balance, total, earned, _redeemed = self._state()
        self.assertEqual(earned, 1)
        self.assertAlmostEqual(balance, total)
