# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two Odoo servers on one database, as two hosts behind a load balancer.

Two real ``odoo-bin`` processes (threaded, ``--max-cron-threads=0`` so that
jobs run only when the test starts them) serve the scratch database
``<test database>_servers`` (setup/test.sh copies it, with its filestore,
from the fresh test database before pytest starts; when it is missing it is
copied here) on ports 8185 (A) and 8186 (B), with the same configuration,
addons and ``data_dir``. The HTTP sessions are files in
``<data_dir>/sessions``: the cashier logs in on A and B accepts the very same
session cookie, as behind a load balancer without sticky sessions.

Tills send paid orders (``pos.order.create_from_ui`` with the session of a
POS user, the payload the till sends) from parallel threads, each till to A
and B in turn, several orders on one customer. Server B is killed (SIGKILL
of its process group) in the middle of a batch; every order that got no
answer is sent again, unchanged (same uid and reference), to A: the till's
resend. B is started again, and orders (with and without a customer) are
sent to A and B at the same instant (a till that gave up waiting for an
answer). Then the daily jobs (points expiry, birthday bonus, card expiry,
points liability posting) run on A and B at the same instant: first the
jobs' methods themselves (their own locks and idempotency keys, without the
scheduler's lock), then, on new work, as the scheduler starts them
(``ir.cron`` ``method_direct_trigger``: a second start of a running job is
refused), then once more on B.

Every order is booked exactly once (one ``pos.order`` per till reference,
one earn entry per order of a customer), every stored balance equals the
sum of its ledger, and every job did its work exactly once: one expiry entry
per customer and day, one birthday bonus per customer and year, each card
expired once, one liability journal entry per period, the liability lines
carrying exactly the ledger entries they post.

The servers are killed at the end, also when the test fails, and the
scratch database and its filestore are dropped. About 30 s on 2 cores (the
servers' start-up included)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg2
import requests

import odoo
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import config

PORTS = {"A": 8185, "B": 8186}
ADMIN_PASSWORD = "admin"
CASHIER_LOGIN = "two_servers_cashier"
CASHIER_PASSWORD = "Two-Servers-Cashier-17"
#: customers of the tills; several orders go to each of them
CUSTOMERS = 4
#: orders of the first batch (both servers up) and of the second (B killed)
FIRST_BATCH = 12
SECOND_BATCH = 24
TILLS = 4
PRICE = 10.0
OPENING = 100.0
BIRTHDAY_POINTS = 25.0
JOBS = {
    "expiry": ("crm_retail_customers.ir_cron_expire_reward_points",
               "retail.point.entry", "_cron_expire_reward_points"),
    "birthday": ("crm_retail_customers.ir_cron_retail_birthday_bonus",
                 "res.partner", "_cron_retail_birthday_bonus"),
    "cards": ("crm_retail_customers.ir_cron_expire_retail_cards",
              "retail.card", "_cron_expire_cards"),
    "liability": ("crm_retail_customers_account.ir_cron_retail_post_points_liability",
                  "res.company", "_cron_retail_post_points_liability"),
}  # fmt: skip
#: what a call refused by the scheduler's lock of a running job answers
CRON_BUSY = "This cron task is currently being executed"


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True)


class RpcError(Exception):
    pass


class Server:
    """One ``odoo-bin`` process (its own process group) on ``port``."""

    def __init__(self, name, port, db, log_dir):
        self.name = name
        self.port = port
        self.db = db
        self.log_path = Path(log_dir) / f"server_{name}.log"
        self.process = None
        self.admin_uid = None
        self.url = f"http://127.0.0.1:{port}"

    def start(self):
        try:
            requests.get(self.url, timeout=2)
        except requests.ConnectionError:
            pass
        else:
            raise AssertionError(f"port {self.port} is taken by another server")
        log = open(self.log_path, "ab")  # noqa: SIM115 (the server's, closed below)
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "odoo",
                    "-c",
                    config.rcfile,
                    "-d",
                    self.db,
                    f"--db-filter=^{re.escape(self.db)}$",
                    f"--http-port={self.port}",
                    "--workers=0",
                    "--max-cron-threads=0",
                    "--log-level=warn",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # its own process group: killed as a whole, as a host dies
                start_new_session=True,
            )
        finally:
            log.close()

    def wait_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"server {self.name} stopped ({self.process.returncode}):\n"
                    f"{self.log_tail()}"
                )
            try:
                answer = requests.post(
                    f"{self.url}/web/webclient/version_info",
                    json={"jsonrpc": "2.0", "method": "call", "params": {}},
                    timeout=5,
                )
                if answer.ok and "result" in answer.json():
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise AssertionError(f"server {self.name} does not answer:\n{self.log_tail()}")

    def kill(self):
        """SIGKILL the whole process group (the host dies); wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self):
        """SIGTERM, then SIGKILL when it does not stop within 15 s."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
        self.kill()

    def log_tail(self, size=4000):
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""

    # -- calls -----------------------------------------------------------
    def jsonrpc(self, path, params, cookie=None, timeout=120):
        answer = requests.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            cookies={"session_id": cookie} if cookie else None,
            timeout=timeout,
        )
        answer.raise_for_status()
        data = answer.json()
        if "error" in data:
            error = data["error"].get("data") or data["error"]
            raise RpcError(f"{error.get('name')}: {error.get('message')}")
        return data.get("result"), answer.cookies.get("session_id")

    def admin(self, model, method, *args, **kwargs):
        """``execute_kw`` over ``/jsonrpc`` as the administrator (login and
        password, no session)."""
        if not self.admin_uid:
            self.admin_uid, _cookie = self.jsonrpc(
                "/jsonrpc",
                {
                    "service": "common",
                    "method": "login",
                    "args": [self.db, "admin", ADMIN_PASSWORD],
                },
            )
        result, _cookie = self.jsonrpc(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.db,
                    self.admin_uid,
                    ADMIN_PASSWORD,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        )
        return result

    def call_kw(self, cookie, model, method, *args, timeout=120):
        """A call as the web client and the till make it, with a session."""
        result, _cookie = self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
            cookie=cookie,
            timeout=timeout,
        )
        return result


@tagged("post_install", "-at_install")
class TestTwoServers(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = f"{get_db_name()}_servers"
        cls.filestore_dir = Path(config["data_dir"]) / "filestore" / cls.db
        databases = run("psql", "-Atc", "SELECT datname FROM pg_database", "postgres")
        if cls.db not in databases.stdout.split():
            cls.copy_database()
        cls.addClassCleanup(cls.drop_database)

    @classmethod
    def copy_database(cls):
        """The scratch database when setup/test.sh did not copy it: a copy of
        the test database (this process's connections to it closed first: a
        template must have none) and of its filestore."""
        odoo.sql_db.close_db(get_db_name())
        run("createdb", "-T", get_db_name(), cls.db)
        source = Path(config["data_dir"]) / "filestore" / get_db_name()
        shutil.rmtree(cls.filestore_dir, ignore_errors=True)
        if source.is_dir():
            shutil.copytree(source, cls.filestore_dir)

    @classmethod
    def drop_database(cls):
        run("dropdb", "--if-exists", cls.db)
        shutil.rmtree(cls.filestore_dir, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.log_dir = tempfile.mkdtemp(prefix="two_servers_")
        self.addCleanup(shutil.rmtree, self.log_dir, ignore_errors=True)
        self.servers = {
            name: Server(name, port, self.db, self.log_dir)
            for name, port in PORTS.items()
        }
        for server in self.servers.values():
            # also when the test fails: no process left behind
            self.addCleanup(server.kill)
            self.addCleanup(server.stop)
        self.cnx = psycopg2.connect(dbname=self.db)
        self.cnx.autocommit = True
        self.addCleanup(self.cnx.close)

    def sql(self, query, params=None):
        with self.cnx.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None

    def logs(self):
        return "\n".join(
            f"--- server {name} ---\n{server.log_tail()}"
            for name, server in self.servers.items()
        )

    # -- set-up over the servers ----------------------------------------
    def prepare(self, a):
        """As the administrator, on A: the company's programme, customers
        with an opening balance (dated back in SQL, expired since 5 days),
        their birthday today, a card past its expiry date, a product, a
        cashier and a POS session opened by the cashier."""
        today = datetime.now(timezone.utc).date()
        configs = a.admin(
            "pos.config", "search_read", [], ["company_id", "pricelist_id",
            "payment_method_ids"], order="id", limit=1,
        )  # fmt: skip
        self.assertTrue(configs, "no POS in the database")
        pos = configs[0]
        company_id = pos["company_id"][0]
        a.admin(
            "res.company",
            "write",
            [company_id],
            {
                "retail_points_per_currency": 1.0,
                "retail_points_validity_months": 12,
                "retail_birthday_points": BIRTHDAY_POINTS,
                "retail_redeem_proof": "none",
                "retail_liability_frequency": "daily",
            },
        )
        data = {
            "today": today,
            "company": company_id,
            "customers": [],
            "openings": [],
            "cards": [],
        }
        # their opening balances were taken over 3 days ago: the liability
        # job has a past day to post
        self.add_work(a, data, dated_back=True)
        data["till_customers"] = list(data["customers"])
        data["posted_openings"] = list(data["openings"])
        product = a.admin(
            "product.product",
            "create",
            {
                "name": "Two Servers Tea",
                "list_price": PRICE,
                "taxes_id": [(6, 0, [])],
                "available_in_pos": True,
                "type": "consu",
            },
        )
        groups = a.admin(
            "ir.model.data",
            "search_read",
            [
                ("model", "=", "res.groups"),
                "|",
                "&",
                ("module", "=", "base"),
                ("name", "=", "group_user"),
                "&",
                ("module", "=", "point_of_sale"),
                ("name", "=", "group_pos_user"),
            ],
            ["res_id"],
        )
        cashier = a.admin(
            "res.users",
            "create",
            {
                "name": "Two Servers Cashier",
                "login": CASHIER_LOGIN,
                "password": CASHIER_PASSWORD,
                # the opening of a session posts a message from the cashier
                "email": "two.servers.cashier@example.com",
                "company_id": company_id,
                "company_ids": [(6, 0, [company_id])],
                "groups_id": [(6, 0, [group["res_id"] for group in groups])],
            },
        )
        methods = a.admin(
            "pos.payment.method",
            "search_read",
            [("id", "in", pos["payment_method_ids"])],
            ["is_cash_count"],
            order="is_cash_count, id",
        )
        data.update(
            {
                "config": pos["id"],
                "pricelist": pos["pricelist_id"] and pos["pricelist_id"][0],
                "payment_method": methods[0]["id"],
                "product": product,
                "cashier": cashier,
            }
        )
        return data

    def add_work(self, a, data, dated_back):
        """Work for the daily jobs, as the administrator on A: ``CUSTOMERS``
        members whose birthday is today, with an opening balance that
        expired 5 days ago (``dated_back``: taken over 3 days ago, set in
        SQL), one of them with a card past its expiry date."""
        today = data["today"]
        company_id = data["company"]
        number = len(data["customers"])
        birthday = today.replace(year=today.year - 30)
        if (today.month, today.day) == (2, 29):  # pragma: no cover
            birthday = today.replace(year=today.year - 28)
        customers = [
            a.admin(
                "res.partner",
                "create",
                {
                    "name": f"Two Servers Customer {index}",
                    "birthdate": birthday.isoformat(),
                    "company_id": company_id,
                },
            )
            for index in range(number, number + CUSTOMERS)
        ]
        # members (the birthday bonus is for members), as the back office
        # enrols them
        a.admin("res.partner", "action_retail_enrol", customers)
        openings = [
            a.admin(
                "retail.point.entry",
                "create",
                {
                    "partner_id": partner,
                    "points": OPENING,
                    "kind": "opening",
                    "company_id": company_id,
                },
            )
            for partner in customers
        ]
        members = a.admin("res.partner", "read", customers, ["retail_member"])
        self.assertTrue(all(member["retail_member"] for member in members))
        self.sql(
            """UPDATE retail_point_entry SET expiry_date = %s WHERE id IN %s""",
            [today - timedelta(days=5), tuple(openings)],
        )
        if dated_back:
            self.sql(
                """UPDATE retail_point_entry
                      SET date = now() - interval '3 days' WHERE id IN %s""",
                [tuple(openings)],
            )
        card = a.admin(
            "retail.card",
            "create",
            {
                "partner_id": customers[0],
                "issue_date": (today - timedelta(days=400)).isoformat(),
                "expiry_date": (today - timedelta(days=1)).isoformat(),
                "company_id": company_id,
            },
        )
        data["customers"] += customers
        data["openings"] += openings
        data["cards"].append(card)

    def open_session(self, a, b, data):
        """The cashier logs in on A; B accepts the same session cookie (the
        sessions are files in the shared data_dir). The cashier opens a POS
        session (on B, with A's cookie)."""
        info, cookie = a.jsonrpc(
            "/web/session/authenticate",
            {"db": self.db, "login": CASHIER_LOGIN, "password": CASHIER_PASSWORD},
        )
        self.assertEqual(info["uid"], data["cashier"])
        self.assertTrue(cookie)
        on_b, _cookie = b.jsonrpc("/web/session/get_session_info", {}, cookie=cookie)
        self.assertEqual(on_b["uid"], data["cashier"], "B does not share A's session")
        open_sessions = a.call_kw(
            cookie,
            "pos.session",
            "search",
            [("config_id", "=", data["config"]), ("state", "!=", "closed")],
        )
        self.assertFalse(open_sessions, "the POS has a session open already")
        session = b.call_kw(
            cookie,
            "pos.session",
            "create",
            {"config_id": data["config"], "user_id": data["cashier"]},
        )
        b.call_kw(cookie, "pos.session", "set_cashbox_pos", [session], 0, "")
        state = a.call_kw(cookie, "pos.session", "read", [session], ["state"])
        self.assertEqual(state[0]["state"], "opened")
        return cookie, session

    def order(self, data, session, number, customer, qty):
        """Order data as the till sends it (one line, one payment)."""
        uid = f"{session:05d}-001-{number:04d}"
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        total = PRICE * qty
        line = {
            "id": number,
            "pack_lot_ids": [],
            "price_unit": PRICE,
            "product_id": data["product"],
            "price_subtotal": total,
            "price_subtotal_incl": total,
            "qty": qty,
            "tax_ids": [(6, 0, [])],
            "full_product_name": "Two Servers Tea",
        }
        return {
            "data": {
                "amount_paid": total,
                "amount_return": 0,
                "amount_tax": 0,
                "amount_total": total,
                "date_order": now,
                "fiscal_position_id": False,
                "pricelist_id": data["pricelist"],
                "lines": [(0, 0, line)],
                "name": f"Order {uid}",
                "partner_id": customer,
                "pos_session_id": session,
                "sequence_number": number,
                "statement_ids": [
                    (
                        0,
                        0,
                        {
                            "amount": total,
                            "name": now,
                            "payment_method_id": data["payment_method"],
                        },
                    )
                ],
                "uid": uid,
                "user_id": data["cashier"],
                "to_invoice": False,
            },
            "id": uid,
            "to_invoice": False,
        }

    def alternate(self, a, b, orders):
        """``[(server, order)]``: each till (``play_tills`` gives till ``t``
        the orders ``t``, ``t + TILLS``, ...) sends to A and B in turn, half
        of the tills to each server at any moment."""
        return [
            (b if (index + index // TILLS) % 2 == 0 else a, order)
            for index, order in enumerate(orders)
        ]

    def play_tills(self, orders, cookie, on_answer=None, resend=False, known=None):
        """Send ``orders`` (``[(server, order data)]``) from ``TILLS``
        threads, each sending its share one by one. Returns the orders that
        got no answer (connection refused, reset or timed out). With
        ``resend``, an order may be known already: those are added to
        ``known``."""
        known = [] if known is None else known
        unanswered = []
        errors = []
        lock = threading.Lock()

        def till(share):
            for server, order in share:
                try:
                    result = server.call_kw(
                        cookie, "pos.order", "create_from_ui", [order], timeout=90
                    )
                except requests.RequestException:
                    with lock:
                        unanswered.append(order)
                    continue
                except RpcError as error:
                    with lock:
                        errors.append(f"{order['id']} on {server.name}: {error}")
                    continue
                with lock:
                    if not result and resend:
                        # booked already (by a server that died before it
                        # answered, or sent before): Odoo answers nothing
                        known.append(order)
                    elif (
                        len(result) != 1
                        or result[0]["pos_reference"] != (order["data"]["name"])
                    ):
                        errors.append(f"{order['id']}: unexpected answer {result}")
                if on_answer:
                    on_answer(server)

        threads = [
            threading.Thread(target=till, args=(orders[index::TILLS],))
            for index in range(TILLS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(t.is_alive() for t in threads), "a till hangs")
        self.assertFalse(errors, f"orders refused:\n{errors}\n{self.logs()}")
        return unanswered

    def run_at_once(self, calls):
        """Run ``calls`` (``[(label, function)]``) in threads started at the
        same instant; ``{label: result or exception}``."""
        barrier = threading.Barrier(len(calls))
        results = {}

        def runner(label, function):
            barrier.wait()
            try:
                results[label] = function()
            except Exception as error:  # noqa: BLE001 (reported by the caller)
                results[label] = error

        threads = [threading.Thread(target=runner, args=call) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(t.is_alive() for t in threads), "a job hangs")
        return results

    # -- the test ---------------------------------------------------------
    def test_two_servers_one_database(self):
        a, b = self.servers["A"], self.servers["B"]
        started = time.monotonic()
        for server in (a, b):
            server.start()
        for server in (a, b):
            server.wait_ready()
        data = self.prepare(a)
        cookie, session = self.open_session(a, b, data)
        customers = data["till_customers"]

        # first batch: both servers up, orders alternately on A and B, each
        # customer several times, the tills in parallel
        orders = []
        for number in range(1, FIRST_BATCH + SECOND_BATCH + 1):
            customer = customers[number % CUSTOMERS] if number % 6 else False
            orders.append(self.order(data, session, number, customer, number % 3 + 1))
        first, second = orders[:FIRST_BATCH], orders[FIRST_BATCH:]
        unanswered = self.play_tills(
            self.alternate(a, b, first),
            cookie,
        )
        self.assertFalse(unanswered, "an order got no answer while both were up")

        # second batch: B dies (SIGKILL) once it has answered 2 orders, with
        # orders still to come or in flight; the tills send every order that
        # got no answer again, unchanged, to A
        answered_by_b = []
        killed = threading.Event()

        def on_answer(server):
            if server is b:
                answered_by_b.append(1)
                if len(answered_by_b) == 2 and not killed.is_set():
                    killed.set()
                    b.kill()

        unanswered = self.play_tills(
            self.alternate(a, b, second),
            cookie,
            on_answer=on_answer,
        )
        self.assertTrue(killed.is_set())
        self.assertTrue(unanswered, "B was killed before the batch was over")
        sent_to_b = [
            order for server, order in self.alternate(a, b, second) if server is b
        ]
        self.assertTrue(all(order in sent_to_b for order in unanswered))
        booked_by_b = []
        resent = self.play_tills(
            [(a, order) for order in unanswered],
            cookie,
            resend=True,
            known=booked_by_b,
        )
        self.assertFalse(resent, "A did not answer the orders sent again")
        # a till sending again orders already booked (their answer lost):
        # nothing booked again
        known = []
        again = self.play_tills(
            [(a, first[0]), (a, second[0]), (a, second[1])],
            cookie,
            resend=True,
            known=known,
        )
        self.assertFalse(again)
        self.assertEqual(len(known), 3)

        # B again, then the daily jobs on both at the same instant
        b.start()
        b.wait_ready()
        self.assert_orders(orders)
        # a till that gave up waiting for B's answer sends the order again
        # to A while B still saves it (with and without a customer): both
        # at the same instant; one saves it, the other answers nothing
        doubles = [
            self.order(data, session, number, customer, 1)
            for number, customer in (
                (101, customers[0]),
                (102, False),
                (103, customers[1]),
                (104, False),
            )
        ]
        for order in doubles:
            results = self.run_at_once(
                [
                    (
                        server.name,
                        lambda server=server, order=order: server.call_kw(
                            cookie, "pos.order", "create_from_ui", [order]
                        ),
                    )
                    for server in (a, b)
                ]
            )
            self.assertEqual(
                sorted(len(result) for result in results.values()),
                [0, 1],
                f"{order['id']}: {results}",
            )
        orders += doubles
        self.assert_orders(orders)
        figures = self.run_jobs(a, b, data)
        self.assert_orders(orders)
        for server in (a, b):
            server.stop()
            self.assertIsNotNone(server.process.poll())
        elapsed = time.monotonic() - started
        print(f"two servers: {len(orders)} orders, {len(unanswered)} sent again "
              f"to A ({len(booked_by_b)} of them booked by B before it died); "
              f"jobs: {figures}; {elapsed:.1f} s")  # fmt: skip

    def run_jobs(self, a, b, data):
        """The daily jobs on A and B at the same instant, three times; each
        job's effect checked after each round."""
        # 1. the jobs' methods themselves, on both servers at once, without
        # the scheduler's lock (a job started again while it runs, a second
        # scheduler): their own locks and keys decide
        partner_model = a.admin("ir.model", "search", [("model", "=", "res.partner")])[
            0
        ]
        actions = {
            job: a.admin(
                "ir.actions.server",
                "create",
                {
                    "name": f"Two servers: {job}",
                    "model_id": partner_model,
                    "state": "code",
                    # in superuser mode, as the scheduler runs its jobs
                    "code": f"env[{model!r}].sudo().{method}()",
                },
            )
            for job, (_xmlid, model, method) in JOBS.items()
        }
        results = self.run_at_once(
            [
                (
                    (job, server.name),
                    lambda server=server, action=action: server.admin(
                        "ir.actions.server", "run", [action]
                    ),
                )
                for job, action in actions.items()
                for server in (a, b)
            ]
        )
        failed = {k: v for k, v in results.items() if isinstance(v, Exception)}
        self.assertFalse(failed, self.logs())
        first = self.assert_jobs(data, exactly=False)
        # 2. new work (customers whose balance expired and whose birthday
        # is today, a card past its date), then the jobs as the scheduler
        # starts them, on both servers at once: the job's row lock refuses
        # a second start while it runs
        self.add_work(a, data, dated_back=False)
        crons = {
            job: a.admin(
                "ir.model.data",
                "search_read",
                [
                    ("module", "=", xmlid.split(".")[0]),
                    ("name", "=", xmlid.split(".")[1]),
                ],
                ["res_id"],
            )[0]["res_id"]
            for job, (xmlid, _model, _method) in JOBS.items()
        }
        results = self.run_at_once(
            [
                (
                    (job, server.name),
                    lambda server=server, cron=cron: server.admin(
                        "ir.cron", "method_direct_trigger", [cron]
                    ),
                )
                for job, cron in crons.items()
                for server in (a, b)
            ]
        )
        busy = 0
        for label, result in results.items():
            if isinstance(result, Exception):
                self.assertIn(CRON_BUSY, str(result), f"{label}\n{self.logs()}")
                busy += 1
        second = self.assert_jobs(data, exactly=False)
        # 3. once more, on B: what a run left (a customer booked by another
        # job at that instant) is done now, nothing twice
        for cron in crons.values():
            b.admin("ir.cron", "method_direct_trigger", [cron])
        last = self.assert_jobs(data, exactly=True)
        return (
            f"after the unlocked round {first}, after the scheduler's round "
            f"{second} ({busy} of 8 starts refused as running), at the end {last}"
        )

    # -- assertions -------------------------------------------------------
    def assert_orders(self, orders):
        references = [order["data"]["name"] for order in orders]
        rows = self.sql(
            """SELECT pos_reference, COUNT(*), MIN(state), MAX(state), MIN(id)
                 FROM pos_order WHERE pos_reference IN %s
             GROUP BY pos_reference""",
            [tuple(references)],
        )
        found = {row[0]: row for row in rows}
        self.assertEqual(sorted(found), sorted(references), "an order is lost")
        doubled = [row for row in rows if row[1] != 1]
        self.assertFalse(doubled, "an order is booked twice")
        self.assertFalse([row for row in rows if row[2] != "paid" or row[3] != "paid"])
        # one earn entry per order of a customer, none for the others
        order_ids = {row[0]: row[4] for row in rows}
        earn = Counter(
            dict(
                self.sql(
                    """SELECT res_id, COUNT(*) FROM retail_point_entry
                        WHERE res_model = 'pos.order' AND res_id IN %s
                          AND kind = 'earn'
                     GROUP BY res_id""",
                    [tuple(order_ids.values())],
                )
            )
        )
        expected = Counter(
            {
                order_ids[order["data"]["name"]]: 1
                for order in orders
                if order["data"]["partner_id"]
            }
        )
        self.assertEqual(earn, expected, "earn entries per order")
        self.assert_balances()

    def assert_balances(self):
        wrong = self.sql(
            """SELECT p.id, p.reward_points, SUM(e.points)
                 FROM res_partner p JOIN retail_point_entry e ON e.partner_id = p.id
             GROUP BY p.id HAVING ROUND(p.reward_points::numeric, 2)
                                  != ROUND(SUM(e.points)::numeric, 2)"""
        )
        self.assertFalse(wrong, "stored balance != sum of the ledger")

    def assert_jobs(self, data, exactly):
        """Each job's effect at most once; with ``exactly``, exactly once."""
        compare = self.assertEqual if exactly else self.assertLessEqual
        customers = tuple(data["customers"])
        # points expiry: one entry per customer and day, the opening balance
        expiries = self.sql(
            """SELECT partner_id, date::date, COUNT(*), SUM(points)
                 FROM retail_point_entry
                WHERE kind = 'expire' AND partner_id IN %s
             GROUP BY partner_id, date::date""",
            [customers],
        )
        self.assertFalse([row for row in expiries if row[2] != 1], expiries)
        compare(len(expiries), len(customers), expiries)
        self.assertFalse([row for row in expiries if row[3] != -OPENING], expiries)
        # birthday bonus: one per customer and year
        bonuses = self.sql(
            """SELECT partner_id, idempotency_key, COUNT(*)
                 FROM retail_point_entry
                WHERE kind = 'bonus' AND partner_id IN %s
                  AND idempotency_key LIKE 'birthday:%%'
             GROUP BY partner_id, idempotency_key""",
            [customers],
        )
        self.assertFalse([row for row in bonuses if row[2] != 1], bonuses)
        compare(len(bonuses), len(customers), bonuses)
        per_customer = Counter(row[0] for row in bonuses)
        self.assertFalse([c for c, n in per_customer.items() if n != 1], bonuses)
        # the card: expired once (one tracked change of its state)
        cards = self.sql(
            """SELECT c.state, (SELECT COUNT(*) FROM mail_tracking_value v
                                  JOIN mail_message m ON m.id = v.mail_message_id
                                  JOIN ir_model_fields f ON f.id = v.field_id
                                 WHERE m.model = 'retail.card' AND m.res_id = c.id
                                   AND f.name = 'state')
                 FROM retail_card c WHERE c.id IN %s ORDER BY c.id""",
            [tuple(data["cards"])],
        )
        self.assertFalse([row for row in cards if row[1] > 1], cards)
        self.assertFalse([row for row in cards if int(row[0] == "expired") != row[1]])
        if exactly:
            self.assertEqual(cards, [("expired", 1)] * len(data["cards"]))
        # the liability: one journal entry per period, carrying the ledger
        # entries it posts and nothing twice
        company = data["company"]
        error = self.sql(
            "SELECT retail_liability_error FROM res_company WHERE id = %s", [company]
        )[0][0]
        self.assertFalse(error, "the liability posting was refused")
        periods = self.sql(
            """SELECT retail_liability_cutoff, COUNT(*) FROM account_move
                WHERE company_id = %s AND state = 'posted'
                  AND retail_liability_cutoff IS NOT NULL
             GROUP BY retail_liability_cutoff""",
            [company],
        )
        self.assertFalse([row for row in periods if row[1] != 1], periods)
        if exactly:
            self.assertTrue(periods, "nothing posted")
            opening = self.sql(
                """SELECT COUNT(*) FROM retail_point_entry
                    WHERE id IN %s AND liability_move_id IS NULL""",
                [tuple(data["posted_openings"])],
            )[0][0]
            self.assertEqual(opening, 0, "the opening balances are not posted")
        carried, posted = self.sql(
            """SELECT (SELECT COALESCE(SUM(l.retail_liability_points), 0)
                         FROM account_move_line l
                         JOIN account_move m ON m.id = l.move_id
                        WHERE m.company_id = %(company)s AND m.state = 'posted'
                          AND l.retail_liability_kind IS NOT NULL),
                      (SELECT COALESCE(SUM(e.points), 0) FROM retail_point_entry e
                         JOIN account_move m ON m.id = e.liability_move_id
                        WHERE e.company_id = %(company)s AND m.state = 'posted')""",
            {"company": company},
        )[0]
        self.assertAlmostEqual(carried, posted, 2, "liability lines != ledger posted")
        self.assert_balances()
        return (
            f"{len(expiries)} expiries, {len(bonuses)} birthday bonuses, "
            f"{sum(row[1] for row in cards)} cards expired, {len(periods)} "
            f"liability entries carrying {posted:g} points"
        )
