"""The daily jobs at a million customers (points expiry, birthday bonus, a
tier threshold change), as the cron runs them, on a scratch database.

    /work/main/.venv/bin/python setup/bench_jobs.py -c .run/odoo.conf \\
        --template land12_base [--db jobs_bench] [--customers 1000000] \\
        [--reuse] [--keep] [--jobs expiry,birthday,tiers] [--no-kill]

Copies ``--template`` (a database with the addons; no filestore needed) to
``--db`` (dropped first if it exists; ``--reuse`` keeps a database made by an
earlier run of this script and its data), then makes with SQL
(``INSERT ... SELECT`` over ``generate_series``, the ledger's indexes and
foreign keys off while it loads) ``--customers`` members of the first
company (an e-mail address each, birthdays spread over the year, the birthday
greeting by e-mail on, lifetime points placing them in the
shared tiers Bronze / Silver / Gold) and 10 ledger entries each (9 earnings
of the last 12 months with their expiry date, 1 redemption): every 20th
customer has a lot that expires today (about 5 % due), balances and lifetime
points equal to the ledger, ANALYZE.

Then each job runs as ``ir.cron`` runs it: one run in its own cursor,
committed, again while the run triggered its cron (the trigger is taken
instead of waiting for the scheduler), in a subprocess of its own (so that
its memory is the job's). Per job it prints the customers touched, the
runs, the total time, the slowest run and the peak RSS after the first and
the last run (memory flat: no growth across runs), and checks the ledger:
one entry per customer due, balances equal to the ledger. The tier job
starts from the manager's threshold change (Silver 500 -> 450 lifetime
points), timed as its own request.

Kill test (unless ``--no-kill``): the work of each job is undone in SQL,
the job started again and SIGKILLed in the middle of its third run, started
again; it must finish and book every customer exactly once.

The scratch database is dropped at the end unless ``--keep``. Prints the CPU
cores it ran with.
"""

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import say

JOBS = {
    # job: (cron xmlid, model, method)
    "expiry": (
        "crm_retail_customers.ir_cron_expire_reward_points",
        "retail.point.entry",
        "_cron_expire_reward_points",
    ),
    "birthday": (
        "crm_retail_customers.ir_cron_retail_birthday_bonus",
        "res.partner",
        "_cron_retail_birthday_bonus",
    ),
    "tiers": (
        "crm_retail_customers.ir_cron_retail_recompute_tiers",
        "retail.tier",
        "_cron_recompute_partner_tiers",
    ),
}
COMPANY = 1
BIRTHDAY_POINTS = 25
SILVER_BEFORE = 500.0
SILVER_AFTER = 450.0
CURSORS_SQL = (
    "DELETE FROM ir_config_parameter WHERE key LIKE 'crm_retail_customers.%%cursor'"
)


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the job, in its own process ------------------------------------------------
def run_job(conf, db, job, max_runs):
    """Run ``job`` as ir.cron does until it stops triggering itself; one JSON
    line per run on stdout."""
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    xmlid, model, method = JOBS[job]
    runs = 0
    while runs < max_runs:
        start = time.perf_counter()
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref(xmlid)
            cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id = %s", [cron.id])
            getattr(env[model], method)()
            env.flush_all()
            cr.execute(
                "SELECT COUNT(*) FROM ir_cron_trigger WHERE cron_id = %s", [cron.id]
            )
            again = cr.fetchone()[0] > 0
            cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id = %s", [cron.id])
        runs += 1
        line = {
            "run": runs,
            "seconds": round(time.perf_counter() - start, 3),
            "rss_mb": round(rss_mb(), 1),
            "peak_mb": round(peak_mb(), 1),
            "again": again,
        }
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        if not again:
            break


def change_threshold(conf, db, min_points):
    """The manager's request: Silver's threshold changed through the ORM."""
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        silver = env["retail.tier"].search([("name", "=", "Silver")], limit=1)
        silver.min_points = min_points
        env.flush_all()
    sys.stdout.write(
        json.dumps({"seconds": round(time.perf_counter() - start, 3)}) + "\n"
    )


# -- the data ---------------------------------------------------------------------
def make_data(conn, customers, today):
    cr = conn.cursor()
    t0 = time.perf_counter()
    cr.execute("SET session_replication_role = replica")  # no FK triggers
    cr.execute(
        "SELECT indexname, indexdef FROM pg_indexes "
        "WHERE tablename = 'retail_point_entry' AND indexname LIKE '%%__%%_index'"
    )
    indexes = cr.fetchall()
    for name, _def in indexes:
        cr.execute(f'DROP INDEX "{name}"')
    cr.execute(
        """
        UPDATE res_company
           SET retail_points_validity_months = 12, retail_members_only = TRUE,
               retail_birthday_points = %s, retail_mail_birthday = TRUE
         WHERE id = %s
        """,
        [BIRTHDAY_POINTS, COMPANY],
    )
    cr.execute(
        "UPDATE res_company SET retail_birthday_points = 0 WHERE id != %s", [COMPANY]
    )
    cr.execute(
        "SELECT id FROM retail_tier WHERE company_id IS NULL ORDER BY min_points"
    )
    bronze, silver, gold = [r[0] for r in cr.fetchall()][:3]
    cr.execute(
        "UPDATE retail_tier SET min_points = %s WHERE id = %s", [SILVER_BEFORE, silver]
    )
    cr.execute("SELECT currency_id FROM res_company WHERE id = %s", [COMPANY])
    currency = cr.fetchone()[0]
    # points of earning k (1..9) of customer n: 10..100
    earn = "(10 + ((n * 31 + k * 17) %% 91))"
    cr.execute(
        f"""
        INSERT INTO res_partner (id, commercial_partner_id, name, complete_name,
               active, type, is_company, lang, company_id, retail_member,
               retail_member_since, retail_member_source, birthdate,
               retail_birth_month, retail_birth_day, reward_points,
               reward_points_earned, reward_tier_id, create_date, write_date,
               create_uid, write_uid, email, email_normalized)
        SELECT id, id, name, name, TRUE, 'contact', FALSE, 'en_US', %(company)s,
               TRUE, %(today)s::date - 400, 'import', birthdate,
               EXTRACT(MONTH FROM birthdate), EXTRACT(DAY FROM birthdate),
               earned - 20, earned,
               CASE WHEN earned >= 2000 THEN %(gold)s
                    WHEN earned >= %(silver_min)s THEN %(silver)s
                    ELSE %(bronze)s END,
               now(), now(), 1, 1, 'member' || n || '@example.com',
               'member' || n || '@example.com'
          FROM (SELECT nextval('res_partner_id_seq') AS id, n,
                       'Bench member ' || n AS name,
                       DATE '1950-01-01' + ((n * 7919) %% 20000)::int AS birthdate,
                       (SELECT SUM({earn}) FROM generate_series(1, 9) k) AS earned
                  FROM generate_series(1::bigint, %(count)s) n) s
        """,
        {
            "company": COMPANY,
            "today": today,
            "count": customers,
            "gold": gold,
            "silver": silver,
            "bronze": bronze,
            "silver_min": SILVER_BEFORE,
        },
    )
    cr.execute("SELECT MIN(id) FROM res_partner WHERE name LIKE 'Bench member %%'")
    first = cr.fetchone()[0]
    say(f"customers: {time.perf_counter() - t0:.0f}s")
    t1 = time.perf_counter()
    # earnings: the first of every 20th customer expires today, the others
    # in the next 12 months; one redemption of 20 points each
    cr.execute(
        f"""
        INSERT INTO retail_point_entry (partner_id, company_id, currency_id,
               user_id, kind, points, date, expiry_date, origin,
               create_uid, create_date, write_uid, write_date)
        SELECT %(first)s + n - 1, %(company)s, %(currency)s, 1,
               CASE WHEN k = 10 THEN 'redeem' ELSE 'earn' END,
               CASE WHEN k = 10 THEN -20 ELSE {earn} END,
               d, CASE WHEN k < 10 THEN (d + INTERVAL '12 months')::date END,
               'Bench', 1, now(), 1, now()
          FROM generate_series(1::bigint, %(count)s) n,
               generate_series(1, 10) k,
               LATERAL (SELECT CASE
                   WHEN k = 1 AND n %% 20 = 0
                       THEN (%(today)s::date - INTERVAL '12 months')
                   ELSE %(today)s::date - (1 + (n * 13 + k * 101) %% 360)::int
                       + INTERVAL '10 hours' END AS d) dd
        """,
        {
            "first": first,
            "company": COMPANY,
            "currency": currency,
            "count": customers,
            "today": today,
        },
    )
    say(f"ledger: {time.perf_counter() - t1:.0f}s")
    t2 = time.perf_counter()
    cr.execute("SET session_replication_role = DEFAULT")
    for _name, definition in indexes:
        cr.execute(definition)
    conn.commit()
    say(f"indexes: {time.perf_counter() - t2:.0f}s")
    conn.autocommit = True
    cr.execute("VACUUM ANALYZE res_partner")
    cr.execute("VACUUM ANALYZE retail_point_entry")
    conn.autocommit = False
    say(f"data: {time.perf_counter() - t0:.0f}s")


# -- checks and undo -----------------------------------------------------------
def counts(conn):
    cr = conn.cursor()
    cr.execute("SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench member %%'")
    members = cr.fetchone()[0]
    cr.execute("SELECT COUNT(*) FROM retail_point_entry")
    entries = cr.fetchone()[0]
    conn.rollback()
    return members, entries


def balances_off(conn):
    cr = conn.cursor()
    cr.execute(
        """
        SELECT COUNT(*) FROM res_partner p
          JOIN (SELECT partner_id, SUM(points) AS total
                  FROM retail_point_entry GROUP BY partner_id) l
            ON l.partner_id = p.id
         WHERE ROUND(p.reward_points, 2) != ROUND(l.total, 2)
        """
    )
    off = cr.fetchone()[0]
    conn.rollback()
    return off


def expiry_due_count(conn, today):
    cr = conn.cursor()
    cr.execute(
        """
        SELECT COUNT(*) FROM (
            SELECT e.partner_id
              FROM retail_point_entry e
          GROUP BY e.partner_id
            HAVING COALESCE(SUM(e.points) FILTER (
                       WHERE e.kind IN ('opening', 'earn', 'bonus', 'transfer')
                         AND e.points > 0 AND e.expiry_date <= %s), 0)
                   + COALESCE(SUM(e.points) FILTER (WHERE e.points < 0), 0) > 0) d
        """,
        [today],
    )
    due = cr.fetchone()[0]
    conn.rollback()
    return due


def check(conn, job, today, expected):
    """``(customers touched, customers touched twice)`` and whether the
    balances equal the ledger."""
    cr = conn.cursor()
    if job == "expiry":
        cr.execute(
            "SELECT COUNT(*), COUNT(DISTINCT partner_id) FROM retail_point_entry "
            "WHERE kind = 'expire' AND idempotency_key LIKE %s",
            [f"expire:%:{today}%"],
        )
    elif job == "birthday":
        cr.execute(
            "SELECT COUNT(*), COUNT(DISTINCT partner_id) FROM retail_point_entry "
            "WHERE kind = 'bonus' AND idempotency_key LIKE 'birthday:%%'"
        )
    else:
        cr.execute(
            """
            SELECT COUNT(*) FILTER (WHERE reward_tier_id = %s), 0
              FROM res_partner
             WHERE name LIKE 'Bench member %%'
               AND reward_points_earned >= %s AND reward_points_earned < %s
            """,
            [expected["silver"], SILVER_AFTER, SILVER_BEFORE],
        )
    total, distinct = cr.fetchone()
    conn.rollback()
    if job == "tiers":
        return total, 0, balances_off(conn)
    return total, total - distinct, balances_off(conn)


def undo(conn, job, today):
    """Undo what ``job`` booked (scratch database only), for the kill test."""
    cr = conn.cursor()
    cr.execute("SET session_replication_role = replica")
    if job == "expiry":
        cr.execute(
            "DELETE FROM retail_point_entry WHERE kind = 'expire' "
            "AND idempotency_key LIKE %s RETURNING partner_id, points",
            [f"expire:%:{today}%"],
        )
    elif job == "birthday":
        cr.execute("DELETE FROM retail_customer_message WHERE kind = 'birthday'")
        cr.execute(
            "DELETE FROM retail_point_entry WHERE kind = 'bonus' "
            "AND idempotency_key LIKE 'birthday:%%' RETURNING partner_id, points"
        )
    else:
        cr.execute(
            "UPDATE retail_tier SET min_points = %s WHERE name->>'en_US' = 'Silver'",
            [SILVER_BEFORE],
        )
        cr.execute(
            """
            UPDATE res_partner SET reward_tier_id = (
                   SELECT id FROM retail_tier WHERE name->>'en_US' = 'Bronze')
             WHERE name LIKE 'Bench member %%'
               AND reward_points_earned >= %s AND reward_points_earned < %s
            """,
            [SILVER_AFTER, SILVER_BEFORE],
        )
        cr.execute(CURSORS_SQL)
        conn.commit()
        return
    rows = cr.fetchall()
    cr.execute(
        """
        UPDATE res_partner p SET reward_points = p.reward_points - v.points
          FROM (SELECT UNNEST(%s::int[]) AS id, UNNEST(%s::float8[]) AS points) v
         WHERE p.id = v.id
        """,
        [[r[0] for r in rows], [float(r[1]) for r in rows]],
    )
    cr.execute(CURSORS_SQL)
    conn.commit()


# -- the driver ---------------------------------------------------------------------
def spawn(args, job, extra=()):
    return subprocess.Popen(
        [
            sys.executable,
            os.path.abspath(__file__),
            "-c",
            args.config,
            "--db",
            args.db,
            "--run-job",
            job,
            *extra,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def read_runs(proc, kill_in_run=None):
    runs = []
    for line in proc.stdout:
        runs.append(json.loads(line))
        if kill_in_run and len(runs) == kill_in_run - 1:
            # in the middle of the next run: half of the last run's time
            time.sleep(max(runs[-1]["seconds"] / 2, 0.2))
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    return runs


def threshold(args, min_points):
    out = subprocess.run(
        [
            sys.executable,
            os.path.abspath(__file__),
            "-c",
            args.config,
            "--db",
            args.db,
            "--threshold",
            str(min_points),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def bench_job(args, conn, job, today, figures):
    undo(conn, job, today)  # a database kept by an earlier run (--reuse)
    silver = None
    if job == "tiers":
        cr = conn.cursor()
        cr.execute("SELECT id FROM retail_tier WHERE name->>'en_US' = 'Silver'")
        silver = cr.fetchone()[0]
        cr.execute(
            "SELECT COUNT(*) FROM res_partner WHERE name LIKE 'Bench member %%' "
            "AND reward_points_earned >= %s AND reward_points_earned < %s",
            [SILVER_AFTER, SILVER_BEFORE],
        )
        expected = cr.fetchone()[0]
        conn.rollback()
    elif job == "expiry":
        expected = expiry_due_count(conn, today)
    else:
        # the birthdays of the job's catch-up days (7), today's included
        days = [today - timedelta(days=back) for back in range(7)]
        cr = conn.cursor()
        cr.execute(
            "SELECT COUNT(*) FROM res_partner WHERE retail_member AND active "
            "AND (retail_birth_month, retail_birth_day) IN %s",
            [tuple((day.month, day.day) for day in days)],
        )
        expected = cr.fetchone()[0]
        conn.rollback()
    request = threshold(args, SILVER_AFTER) if job == "tiers" else 0.0
    start = time.perf_counter()
    runs = read_runs(spawn(args, job))
    total = time.perf_counter() - start + request
    touched, twice, off = check(conn, job, today, {"silver": silver})
    slowest = max(r["seconds"] for r in runs)
    say(
        f"{job}: {touched} customers touched (expected {expected}), twice {twice}, "
        f"balances off {off}; {len(runs)} runs, {total:.1f}s"
        + (f" (request {request:.1f}s)" if job == "tiers" else "")
        + f", slowest run {slowest:.1f}s, RSS after run 1 {runs[0]['rss_mb']:.0f} MB, "
        f"after the last {runs[-1]['rss_mb']:.0f} MB, peak {runs[-1]['peak_mb']:.0f} MB"
    )
    figures.append((job, touched, len(runs), total, slowest, runs[-1]["peak_mb"]))
    if args.no_kill:
        return
    undo(conn, job, today)
    if job == "tiers":
        threshold(args, SILVER_AFTER)
    first = read_runs(spawn(args, job), kill_in_run=3)
    second = read_runs(spawn(args, job))
    touched2, twice2, off2 = check(conn, job, today, {"silver": silver})
    ok = touched2 == touched and not twice2 and not off2
    say(
        f"{job} kill test: {len(first)} runs before SIGKILL in run "
        f"{len(first) + 1}, {len(second)} runs after; {touched2} customers "
        f"touched, twice {twice2}, balances off {off2}: {'OK' if ok else 'FAILED'}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--template", default="land12_base")
    parser.add_argument("--db", default="jobs_bench")
    parser.add_argument("--customers", type=int, default=1000000)
    parser.add_argument("--jobs", default="expiry,birthday,tiers")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument("--run-job", help=argparse.SUPPRESS)
    parser.add_argument("--max-runs", type=int, default=100000, help=argparse.SUPPRESS)
    parser.add_argument("--threshold", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_job:
        return run_job(args.config, args.db, args.run_job, args.max_runs)
    if args.threshold is not None:
        return change_threshold(args.config, args.db, args.threshold)
    say(f"CPU cores: {os.cpu_count()}")
    today = date.today()
    if not args.reuse:
        subprocess.run(["dropdb", "--if-exists", args.db], check=True)
        subprocess.run(["createdb", "-T", args.template, args.db], check=True)
    conn = psycopg2.connect(dbname=args.db)
    try:
        members, _entries = counts(conn)
        if not members:
            make_data(conn, args.customers, today)
        members, entries = counts(conn)
        say(f"{members} members, {entries} ledger entries, today {today}")
        figures = []
        for job in args.jobs.split(","):
            bench_job(args, conn, job, today, figures)
        say("")
        say("| Job | Customers touched | Runs | Total time | Slowest run | Peak RSS |")
        say("|---|---:|---:|---:|---:|---:|")
        for job, touched, runs, total, slowest, peak in figures:
            say(
                f"| {job} | {touched:,} | {runs} | {total:.0f} s | {slowest:.1f} s "
                f"| {peak:.0f} MB |"
            )
    finally:
        conn.close()
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.db], check=True)


if __name__ == "__main__":
    main()
