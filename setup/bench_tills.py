"""Many tills syncing paid orders at once, as a chain loads the server.

    createdb -T <database with the addons> tills_src   # or use one you have
    /work/main/.venv/bin/python setup/bench_tills.py -c .run/odoo.conf \\
        --template tills_src [--port 8193] [--gevent-port 8194] [--rounds 1] \\
        [--warmup 1]

Copies ``--template`` (and its filestore) to a scratch database
(``<template>_bench``), starts ``odoo-bin --workers=4 --max-cron-threads=0``
on it (or uses the server at ``--url``, already serving ``--db``), makes 8
tills (8 ``pos.config``, a cashier each, logged in over HTTP, a POS session
each opened by its cashier), then runs three scenarios back to back, in
``--rounds`` rounds after ``--warmup`` rounds that are not counted (the
workers' caches filled, every customer's first purchase made), each round
starting with the next scenario (anonymous, distinct, one; distinct, one,
anonymous; ...):

- ``anonymous``: the orders have no customer;
- ``distinct``: each till its own 3 customers;
- ``one``: half the orders of every till on ONE customer shared by all the
  tills, the other half on the till's own customers;

8 threads (one per till) x 15 paid orders each (one line, one bank payment,
the payload of ``crm_retail_customers_pos/tests/common.py`` ``ui_order``)
through ``/web/dataset/call_kw/pos.order/create_from_ui`` with the
cashier's session. Prints per scenario the throughput (orders/s), p50,
p95 and p99 latency and the slowest order, the ratios to the anonymous
scenario and the number of requests Odoo replayed after a serialization failure (the
``try again in`` lines of ``odoo.service.model`` in the server's log), the
machine's CPU time per order (all processes: run it on an otherwise idle
machine), and checks that every customer's ``reward_points`` equals the sum
of its ledger entries and that every order earned its points exactly once.

The server is stopped and the scratch database dropped at the end (unless
``--keep``). Prints the CPU cores it ran with.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from configparser import ConfigParser
from datetime import datetime, timezone
from pathlib import Path

import psycopg2
import requests

TILLS = 8
ORDERS = 15
OWN_CUSTOMERS = 3
PRICE = 10.0
OPENING = 100.0
PASSWORD = "Bench-Tills-17"
ODOO_BIN = "/opt/odoo17/odoo-bin"
RETRY_LINE = re.compile(r"odoo\.service\.model: .*try again in")
SCENARIOS = ("anonymous", "distinct", "one")


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class RpcError(Exception):
    pass


class Server:
    def __init__(self, url, db):
        self.url = url
        self.db = db
        self.admin_uid = None
        self.process = None
        self.log_path = None

    def start(self, rcfile, port, gevent_port, log_path):
        try:
            requests.get(self.url, timeout=2)
        except requests.ConnectionError:
            pass
        else:
            raise SystemExit(f"port {port} is taken by another server")
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    ODOO_BIN,
                    "-c",
                    rcfile,
                    "-d",
                    self.db,
                    f"--db-filter=^{re.escape(self.db)}$",
                    f"--http-port={port}",
                    f"--gevent-port={gevent_port}",
                    "--workers=4",
                    "--max-cron-threads=0",
                    # the default limits kill a worker on a slow 2-core box
                    "--limit-time-cpu=600",
                    "--limit-time-real=1200",
                    "--log-level=warn",
                    # the replays after a serialization failure
                    "--log-handler=odoo.service.model:INFO",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.log_tail()}")
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
        raise SystemExit(f"the server does not answer:\n{self.log_tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass

    def log_tail(self, size=4000):
        if not self.log_path:
            return ""
        return Path(self.log_path).read_text(errors="replace")[-size:]

    def retries(self):
        """Replays after a serialization failure logged so far."""
        if not self.log_path:
            return None
        text = Path(self.log_path).read_text(errors="replace")
        return len(RETRY_LINE.findall(text))

    def jsonrpc(self, path, params, cookie=None, timeout=300):
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
        if not self.admin_uid:
            self.admin_uid, _cookie = self.jsonrpc(
                "/jsonrpc",
                {
                    "service": "common",
                    "method": "login",
                    "args": [self.db, "admin", "admin"],
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
                    "admin",
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        )
        return result

    def call_kw(self, cookie, model, method, *args):
        result, _cookie = self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
            cookie=cookie,
        )
        return result


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True)


def prepare(server, db, tag):
    """As the administrator: the programme, a product, 8 tills with a
    cashier each (logged in, session opened), customers with an opening
    balance. Returns the data the orders need."""
    pos = server.admin(
        "pos.config",
        "search_read",
        [],
        ["company_id", "pricelist_id", "payment_method_ids"],
        order="id",
        limit=1,
    )[0]
    company = pos["company_id"][0]
    server.admin(
        "res.company",
        "write",
        [company],
        {
            "retail_points_per_currency": 1.0,
            "retail_redeem_proof": "none",
            "retail_members_only": False,
        },
    )
    bank = server.admin(
        "pos.payment.method",
        "search_read",
        [("id", "in", pos["payment_method_ids"]), ("is_cash_count", "=", False)],
        ["id"],
        order="id",
        limit=1,
    )[0]["id"]
    product = server.admin(
        "product.product",
        "create",
        {
            "name": "Bench Tills Tea",
            "list_price": PRICE,
            "taxes_id": [(6, 0, [])],
            "available_in_pos": True,
            "type": "consu",
        },
    )
    groups = server.admin(
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
    tills = []
    for index in range(TILLS):
        config = server.admin(
            "pos.config",
            "create",
            {
                "name": f"Bench Till {tag}-{index}",
                "company_id": company,
                "payment_method_ids": [(6, 0, [bank])],
                "pricelist_id": pos["pricelist_id"] and pos["pricelist_id"][0],
                "available_pricelist_ids": [(6, 0, [pos["pricelist_id"][0]])]
                if pos["pricelist_id"]
                else [],
            },
        )
        login = f"bench_till_{tag}_{index}"
        cashier = server.admin(
            "res.users",
            "create",
            {
                "name": f"Bench Cashier {index}",
                "login": login,
                "password": PASSWORD,
                "email": f"{login}@example.com",
                "company_id": company,
                "company_ids": [(6, 0, [company])],
                "groups_id": [(6, 0, [group["res_id"] for group in groups])],
            },
        )
        info, cookie = server.jsonrpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": PASSWORD},
        )
        assert info["uid"] == cashier, info
        session = server.call_kw(
            cookie,
            "pos.session",
            "create",
            {"config_id": config, "user_id": cashier},
        )
        server.call_kw(cookie, "pos.session", "set_cashbox_pos", [session], 0, "")
        customers = [
            server.admin(
                "res.partner",
                "create",
                {"name": f"Bench Customer {tag}-{index}-{n}", "company_id": company},
            )
            for n in range(OWN_CUSTOMERS * len(SCENARIOS))
        ]
        tills.append(
            {
                "config": config,
                "cashier": cashier,
                "cookie": cookie,
                "session": session,
                "customers": customers,
            }
        )
    shared = server.admin(
        "res.partner",
        "create",
        {"name": f"Bench Shared Customer {tag}", "company_id": company},
    )
    everyone = [shared] + [c for till in tills for c in till["customers"]]
    for partner in everyone:
        server.admin(
            "retail.point.entry",
            "create",
            {
                "partner_id": partner,
                "points": OPENING,
                "kind": "opening",
                "company_id": company,
            },
        )
    return {
        "company": company,
        "pricelist": pos["pricelist_id"] and pos["pricelist_id"][0],
        "payment_method": bank,
        "product": product,
        "tills": tills,
        "shared": shared,
        "customers": everyone,
        "number": 0,
    }


def order(data, till, customer):
    """A paid order as the till sends it (one line, one payment)."""
    data["number"] += 1
    number = data["number"]
    uid = f"{till['session']:05d}-{till['config'] % 1000:03d}-{number:04d}"
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    total = PRICE
    line = {
        "id": number,
        "pack_lot_ids": [],
        "price_unit": PRICE,
        "product_id": data["product"],
        "price_subtotal": total,
        "price_subtotal_incl": total,
        "qty": 1,
        "tax_ids": [(6, 0, [])],
        "full_product_name": "Bench Tills Tea",
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
            "partner_id": customer or False,
            "pos_session_id": till["session"],
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
            "user_id": till["cashier"],
            "to_invoice": False,
        },
        "id": uid,
        "to_invoice": False,
    }


def scenario_orders(data, scenario, round_):
    """``[[order of till t]]``, ``ORDERS`` each."""
    result = []
    for till in data["tills"]:
        # a fresh set of the till's own customers per scenario
        own = till["customers"][
            OWN_CUSTOMERS * SCENARIOS.index(scenario) : OWN_CUSTOMERS
            * (SCENARIOS.index(scenario) + 1)
        ]
        orders = []
        for n in range(ORDERS):
            if scenario == "anonymous":
                customer = False
            elif scenario == "one" and n % 2 == 0:
                customer = data["shared"]
            else:
                customer = own[(n + round_) % len(own)]
            orders.append(order(data, till, customer))
        result.append(orders)
    return result


def cpu_busy():
    """Seconds the machine's CPUs have been busy (``/proc/stat``: all but
    idle and I/O wait), the server's, PostgreSQL's and this script's."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def rotated(scenarios, round_):
    """The scenarios in the order of round ``round_``: each round starts
    with the next one, so that none is always played first (on workers just
    warmed up) or last (on the largest tables)."""
    start = round_ % len(scenarios)
    return scenarios[start:] + scenarios[:start]


def play(server, data, orders_by_till):
    """8 threads, each sending its till's orders one by one; returns the
    wall time and the latencies (s)."""
    latencies = []
    errors = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(orders_by_till))

    def till(index, orders):
        cookie = data["tills"][index]["cookie"]
        barrier.wait()
        for payload in orders:
            start = time.perf_counter()
            try:
                result = server.call_kw(
                    cookie, "pos.order", "create_from_ui", [payload]
                )
            except (RpcError, requests.RequestException) as error:
                with lock:
                    errors.append(f"{payload['id']}: {error}")
                continue
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if len(result) != 1:
                    errors.append(f"{payload['id']}: answer {result}")

    threads = [
        threading.Thread(target=till, args=(index, orders))
        for index, orders in enumerate(orders_by_till)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if errors:
        raise SystemExit("orders refused:\n" + "\n".join(errors[:20]))
    return wall, latencies


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def check_ledger(db, data):
    """Every customer's stored balance equals its ledger's sum; every order
    of a customer earned once. Returns the faults."""
    faults = []
    with psycopg2.connect(dbname=db) as cnx, cnx.cursor() as cr:
        cr.execute(
            """
            SELECT p.id, p.reward_points, COALESCE(SUM(e.points), 0)
              FROM res_partner p
              LEFT JOIN retail_point_entry e ON e.partner_id = p.id
             WHERE p.id = ANY(%s)
             GROUP BY p.id, p.reward_points
            HAVING abs(COALESCE(p.reward_points, 0) - COALESCE(SUM(e.points), 0))
                   > 0.001
            """,
            [data["customers"]],
        )
        faults += [f"customer {r[0]}: balance {r[1]} != ledger {r[2]}" for r in cr]
        cr.execute(
            """
            SELECT o.pos_reference, COUNT(e.id)
              FROM pos_order o
              LEFT JOIN retail_point_entry e
                     ON e.idempotency_key = 'pos.order:' || o.pos_reference || ':earn'
             WHERE o.session_id = ANY(%s) AND o.partner_id IS NOT NULL
             GROUP BY o.id, o.pos_reference HAVING COUNT(e.id) != 1
            """,
            [[till["session"] for till in data["tills"]]],
        )
        faults += [f"order {r[0]}: {r[1]} earn entries" for r in cr]
        cr.execute(
            "SELECT COUNT(*) FROM pos_order WHERE session_id = ANY(%s)",
            [[till["session"] for till in data["tills"]]],
        )
        count = cr.fetchone()[0]
        if count != data["number"]:
            faults.append(f"{count} orders saved, {data['number']} sent")
    cnx.close()
    return faults


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("--template", help="database to copy (with its filestore)")
    parser.add_argument("--db", help="scratch database (default <template>_bench)")
    parser.add_argument("--url", help="use this server (serving --db) instead")
    parser.add_argument("--port", type=int, default=8193)
    parser.add_argument("--gevent-port", type=int, default=8194)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="rounds played first and not counted (default 1)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    rc = ConfigParser()
    rc.read(args.config)
    data_dir = Path(rc["options"]["data_dir"])
    db = args.db or f"{args.template}_bench"
    copied = False
    if not args.url:
        if not args.template:
            raise SystemExit("--template or --url is needed")
        run("createdb", "-T", args.template, db)
        copied = True
        source = data_dir / "filestore" / args.template
        if source.is_dir():
            shutil.copytree(source, data_dir / "filestore" / db)
    server = Server(args.url or f"http://127.0.0.1:{args.port}", db)
    log_dir = tempfile.mkdtemp(prefix="bench_tills_")
    try:
        if not args.url:
            server.start(
                args.config,
                args.port,
                args.gevent_port,
                str(Path(log_dir) / "server.log"),
            )
            say(f"server: odoo-bin --workers=4 --max-cron-threads=0 on {db}")
        data = prepare(server, db, datetime.now().strftime("%H%M%S"))
        say(
            f"{TILLS} tills x {ORDERS} paid orders each, all at once, "
            f"{os.cpu_count()} CPU cores"
        )
        results = {name: [] for name in SCENARIOS}
        for round_ in range(-args.warmup, args.rounds):
            for name in rotated(SCENARIOS, round_):
                orders = scenario_orders(data, name, round_)
                before = server.retries()
                busy = cpu_busy()
                wall, latencies = play(server, data, orders)
                busy = cpu_busy() - busy
                after = server.retries()
                retries = None if before is None else after - before
                if round_ >= 0:
                    results[name].append((wall, latencies, retries, busy))
        base = None
        say(
            f"{'scenario':<10} {'orders/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'p99 ms':>8} {'max ms':>8} {'x thr.':>7} {'x p95':>7} {'replays':>8} "
            f"{'CPU ms':>7}"
        )
        for name in SCENARIOS:
            count = sum(len(r[1]) for r in results[name])
            wall = sum(r[0] for r in results[name])
            latencies = [lat for r in results[name] for lat in r[1]]
            retries = [r[2] for r in results[name]]
            throughput = count / wall
            p50 = statistics.median(latencies) * 1000
            p95 = percentile(latencies, 0.95) * 1000
            p99 = percentile(latencies, 0.99) * 1000
            slowest = max(latencies) * 1000
            if base is None:
                base = (throughput, p95)
            replays = "?" if None in retries else str(sum(retries))
            busy = sum(r[3] for r in results[name]) / count * 1000
            say(
                f"{name:<10} {throughput:9.1f} {p50:8.0f} {p95:8.0f} "
                f"{p99:8.0f} {slowest:8.0f} "
                f"{throughput / base[0]:7.2f} {p95 / base[1]:7.2f} {replays:>8} "
                f"{busy:7.1f}"
            )
        faults = check_ledger(db, data)
        if faults:
            say("LEDGER FAULTS:\n" + "\n".join(faults[:20]))
            raise SystemExit(1)
        say(
            f"balances exact: {len(data['customers'])} customers' balances "
            f"equal their ledger sums, every order earned once"
        )
    finally:
        server.stop()
        shutil.rmtree(log_dir, ignore_errors=True)
        if copied and not args.keep:
            run("dropdb", "--if-exists", db)
            shutil.rmtree(data_dir / "filestore" / db, ignore_errors=True)


if __name__ == "__main__":
    main()
