#!/usr/bin/env python3
"""Benchmark: the customer report CSVs as a Retail user downloads them.

Not a test: it prints figures. For each of the five customer reports it times

* ours: ``GET /crm_retail_customers/report/csv/<wizard>`` as a Retail CRM user
  from a real Odoo server started here with ``--workers=2`` (prefork, the way
  production runs), from the request to the last byte received;
* plain SQL: ``psql -c "COPY (<the report's query, same columns>) TO STDOUT
  WITH (FORMAT csv)"`` on the same database, as a whole ``psql`` process (the
  query is the report's own, record rules included, without our CSV
  formatting); and the same COPY in an open connection of this process (no
  process start, no log-in: the bare cost of the query and its CSV);
* Odoo's list export: ``POST /web/export/csv`` of the same columns of
  ``res.partner`` for the same customers (balance reports only: the other
  reports have no list view equivalent), as the same user.

Data: ``--customers N`` brings a scratch database to N generated customers
(``Bench customer <n>``, with an address, e-mail, phone, card number and
balance; ``--entries`` ledger entries each; one contact person and one delivery
address for every tenth), written with ``generate_series`` and committed. The
database must be a scratch copy, never one you care about:

    createdb -T retail_test retail_bench
    .venv/bin/python setup/bench_reports.py -c .run/odoo.conf -d retail_bench \
        --customers 100000 --port 8079

Each figure is the minimum (and the median) of ``--runs`` runs; the machine's
core count is printed with them.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("balances", "recent", "addresses", "contacts", "activity")
BENCH_LOGIN = "bench_retail_user"
BENCH_PASSWORD = "bench_retail_user"  # a user of a scratch database


def say(line=""):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def psql(db, sql, *, out=None):
    return subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", db, "-c", sql],
        check=True,
        stdout=out if out is not None else subprocess.PIPE,
        text=out is None,
    ).stdout


# -- data ----------------------------------------------------------------------
def generate(db, customers, entries):
    """Bring the database to ``customers`` generated customers."""
    have = int(psql(db, "SELECT count(*) FROM res_partner WHERE ref LIKE 'BENCH-%'"))
    if have >= customers:
        say(f"data: {have} generated customers already there")
        return
    start = time.perf_counter()
    first, last = have + 1, customers
    company = int(psql(db, "SELECT id FROM res_company ORDER BY id LIMIT 1"))
    country = int(psql(db, "SELECT id FROM res_country WHERE code = 'BE'"))
    group = psql(db, "SELECT id FROM retail_customer_group ORDER BY id LIMIT 1")
    group = group.strip() or "NULL"
    psql(
        db,
        f"""
        BEGIN;
        CREATE TEMP TABLE bench_new AS
        WITH ins AS (
            INSERT INTO res_partner (
                name, complete_name, ref, active, type, is_company,
                lang, email, phone, mobile, street, zip, city, country_id,
                customer_group_id, reward_points, reward_points_earned,
                card_number, create_date, write_date)
            SELECT 'Bench customer ' || n, 'Bench customer ' || n,
                   'BENCH-' || n, TRUE, 'contact',
                   n % 50 = 0, 'en_US', 'bench' || n || '@example.com',
                   '+32 2 555 ' || lpad((n % 10000)::text, 4, '0'),
                   CASE WHEN n % 3 = 0 THEN '+32 470 ' || n END,
                   n || ' Bench Street', lpad((1000 + n % 9000)::text, 4, '0'),
                   'Brussels', {country},
                   CASE WHEN n % 4 = 0 THEN {group} END,
                   {entries} * 10, {entries} * 10,
                   '8' || lpad(n::text, 12, '0'), now(), now()
              FROM generate_series({first}, {last}) n
            RETURNING id, ref)
        SELECT id, substr(ref, 7)::int AS n FROM ins;
        UPDATE res_partner p SET commercial_partner_id = p.id
          FROM bench_new b WHERE b.id = p.id;
        INSERT INTO retail_card (number, partner_id, company_id, state, issue_date)
        SELECT '8' || lpad(b.n::text, 12, '0'), b.id, {company}, 'active', now()
          FROM bench_new b;
        INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points,
                                        customer_group_id)
        SELECT b.id, {company}, now() - (k || ' days')::interval, 'earn', 10,
               CASE WHEN b.n % 4 = 0 THEN {group} END
          FROM bench_new b, generate_series(1, {entries}) k;
        INSERT INTO res_partner (name, complete_name, active, type,
                                 is_company, parent_id, commercial_partner_id, lang,
                                 email, street, zip, city, country_id,
                                 create_date, write_date)
        SELECT 'Bench ' || t || ' ' || b.n, 'Bench customer ' || b.n || ', ' || t,
               TRUE, t, FALSE, b.id, b.id,
               'en_US', CASE WHEN t = 'contact' THEN 'p' || b.n || '@example.com' END,
               b.n || ' Depot Road', '2000', 'Antwerp', {country}, now(), now()
          FROM bench_new b, unnest(ARRAY['contact', 'delivery']) t
         WHERE b.n % 10 = 0;
        COMMIT;
        ANALYZE res_partner; ANALYZE retail_point_entry; ANALYZE retail_card;
        """,
    )
    say(
        f"data: {last - first + 1} customers added ({entries} entries, a card each) "
        f"in {time.perf_counter() - start:.1f} s"
    )


# -- the server ----------------------------------------------------------------
def odoo_bin():
    """Odoo's launcher script: prefork re-runs ``sys.argv[0]`` for its
    gevent process, which ``python -m odoo`` cannot give."""
    import odoo  # pylint: disable=import-outside-toplevel

    script = Path(odoo.__path__[0]).parent / "odoo-bin"
    if script.exists():
        return str(script)
    found = shutil.which("odoo") or shutil.which("odoo-bin")
    if not found:
        raise SystemExit("odoo-bin not found next to the odoo package nor on PATH")
    return found


class Server:
    """Odoo in prefork mode, in a process group of its own (the master and
    its workers are stopped together)."""

    def __init__(self, config, db, port, workers):
        self.url = f"http://127.0.0.1:{port}"
        for used in (port, port + 1):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", used)) == 0:
                    raise SystemExit(f"port {used} is in use: choose another --port")
        handle, self.logname = tempfile.mkstemp(prefix="bench-odoo-", suffix=".log")
        cmd = [
            sys.executable,
            odoo_bin(),
            "-c",
            config,
            "-d",
            db,
            "--db-filter",
            f"^{re.escape(db)}$",
            f"--http-port={port}",
            f"--gevent-port={port + 1}",
            f"--workers={workers}",
            "--max-cron-threads=0",
            "--limit-time-cpu=3600",
            "--limit-time-real=7200",
            "--limit-memory-soft=8000000000",
            "--limit-memory-hard=16000000000",
            "--log-level=warn",
            "--no-database-list",
        ]
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            cmd,
            stdout=handle,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(handle)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/web/login", timeout=60).ok:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.5)
        self.stop()
        raise SystemExit(f"the server did not start; see {self.logname}")

    def stop(self):
        """SIGTERM to the group (Odoo's graceful stop), SIGKILL after 30 s."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(30)
                return
            except subprocess.TimeoutExpired:
                continue


class Client:
    """A browser's session: login, JSON-RPC calls, downloads."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        result = self.rpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        self.uid = result["uid"]
        page = self.session.get(f"{url}/web", timeout=60).text
        self.csrf = re.search(r'csrf_token: "(\w+)"', page).group(1)

    def rpc(self, path, params):
        reply = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=600,
        ).json()
        if "error" in reply:
            raise SystemExit(json.dumps(reply["error"], indent=1)[:2000])
        return reply["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def download(self, method, path, **kwargs):
        """Seconds from the request to the last byte, and the bytes' size."""
        start = time.perf_counter()
        size = 0
        with self.session.request(
            method, f"{self.url}{path}", stream=True, timeout=7200, **kwargs
        ) as response:
            response.raise_for_status()
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
        return time.perf_counter() - start, size


def ensure_user(admin):
    found = admin.call("res.users", "search", [("login", "=", BENCH_LOGIN)], context={})
    if found:
        return
    # a Retail CRM user who may export lists (Odoo's own export needs it)
    groups = [
        admin.call("ir.model.data", "check_object_reference", module, name)[1]
        for module, name in (
            ("crm_retail_customers", "group_retail_user"),
            ("base", "group_allow_export"),
        )
    ]
    admin.call(
        "res.users",
        "create",
        {
            "name": "Bench Retail User",
            "login": BENCH_LOGIN,
            "password": BENCH_PASSWORD,
            "groups_id": [(4, group) for group in groups],
        },
    )


# -- figures -------------------------------------------------------------------
def timed(runs, func):
    times = []
    for _run in range(runs):
        seconds, size = func()
        times.append(seconds)
    return min(times), statistics.median(times), size


def report_sql(config, db, uid, report, options):
    """The report's query as run for ``uid``: (plain SQL of its columns,
    customer domain), through an Odoo registry in this process."""
    import odoo  # pylint: disable=import-outside-toplevel
    from odoo.tools import SQL  # pylint: disable=import-outside-toplevel

    if not odoo.tools.config.get("db_name"):
        odoo.tools.config.parse_config(["-c", config, "-d", db, "--log-level=warn"])
    with odoo.registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, uid, {"lang": "en_US"})
        Report = env["retail.customer.report"]
        options = Report._check_options(dict(options, report=report))
        query = Report._get_query(report, options)
        # every report's query is complete in SQL (the sales summary of
        # "recent transactions" included): plain SQL reads the same columns
        columns = Report._get_columns(report)
        names = [SQL.identifier(f"c{i}") for i in range(len(columns))]
        plain = SQL(
            "SELECT %s FROM (%s) AS report(%s)",
            SQL(", ").join(names),
            query,
            SQL(", ").join(names),
        )
        text = cr.mogrify(plain.code, plain.params).decode()
        return " ".join(text.split()), Report._customer_domain(options)


EXPORT_FIELDS = [
    ("name", "Name"),
    ("company_id", "Company"),
    ("company_registry", "Business ID"),
    ("email", "E-mail"),
    ("card_number", "Card Number"),
    ("reward_points", "Balance"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", default=str(ROOT / ".run/odoo.conf"))
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--port", type=int, default=8079)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", default=",".join(REPORTS))
    parser.add_argument(
        "--odoo-export-runs",
        type=int,
        default=1,
        help="runs of Odoo's own list export (0: leave it out)",
    )
    parser.add_argument("--admin-password", default="admin")
    args = parser.parse_args()
    if not shutil.which("psql"):
        raise SystemExit("psql is needed")
    db = args.database

    generate(db, args.customers, args.entries)
    customers = int(
        psql(db, "SELECT count(*) FROM res_partner WHERE ref LIKE 'BENCH-%'")
    )
    server = Server(args.config, db, args.port, args.workers)
    connection = psycopg2.connect(dbname=db)
    try:
        admin = Client(server.url, db, "admin", args.admin_password)
        ensure_user(admin)
        user = Client(server.url, db, BENCH_LOGIN, BENCH_PASSWORD)
        say(
            f"machine: {os.cpu_count()} cores; server: --workers={args.workers}; "
            f"{customers} generated customers; min / median of {args.runs} runs"
        )
        say(
            f"{'report':<10} {'rows':>8} {'MB':>6} {'ours s':>13} "
            f"{'psql COPY s':>13} {'ours/COPY':>9} {'COPY in session s':>17} "
            f"{'Odoo export s':>13} {'export/ours':>11}"
        )
        for report in args.reports.split(","):
            vals = {"report": report}
            if report == "activity":
                vals.update(date_from="2000-01-01", date_to="2099-12-31")
            wizard = user.call("retail.customer.report.wizard", "create", vals)
            ours_min, ours_med, size = timed(
                args.runs,
                lambda w=wizard: user.download(
                    "GET", f"/crm_retail_customers/report/csv/{w}"
                ),
            )
            plain_sql, domain = report_sql(args.config, db, user.uid, report, vals)
            with open(os.devnull, "wb") as null:

                def copy(sql=plain_sql, null=null):
                    start = time.perf_counter()
                    psql(db, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", out=null)
                    return time.perf_counter() - start, 0

                copy_min, copy_med, _size = timed(args.runs, copy)

                def session_copy(sql=plain_sql, null=null):
                    start = time.perf_counter()
                    with connection.cursor() as cr:
                        copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
                        cr.copy_expert(copy_sql, null)
                    connection.rollback()
                    return time.perf_counter() - start, 0

                session_min, _med, _size = timed(args.runs, session_copy)
            rows = int(psql(db, f"SELECT count(*) FROM ({plain_sql}) q"))
            export = "-"
            ratio_export = "-"
            if report == "balances" and args.odoo_export_runs:
                data = {
                    "model": "res.partner",
                    "fields": [
                        {"name": name, "label": label} for name, label in EXPORT_FIELDS
                    ],
                    "ids": False,
                    "domain": domain,
                    "groupby": [],
                    "context": {"lang": "en_US"},
                    "import_compat": False,
                }
                export_min, _med, _size = timed(
                    args.odoo_export_runs,
                    lambda data=data: user.download(
                        "POST",
                        "/web/export/csv",
                        data={"data": json.dumps(data), "csrf_token": user.csrf},
                    ),
                )
                export = f"{export_min:.2f}"
                ratio_export = f"{export_min / ours_min:.1f}x"
            say(
                f"{report:<10} {rows:>8} {size / 1e6:>6.1f} "
                f"{ours_min:>6.3f}/{ours_med:<6.3f} {copy_min:>6.3f}/{copy_med:<6.3f} "
                f"{ours_min / copy_min:>8.2f}x "
                f"{session_min:>7.3f} ({ours_min / session_min:.2f}x) "
                f"{export:>13} {ratio_export:>11}"
            )
    finally:
        connection.close()
        server.stop()
        say(f"server log: {server.logname}")


if __name__ == "__main__":
    main()
