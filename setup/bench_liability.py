"""Scale figures of the points liability roll-forward (run inside
`odoo shell`, on a scratch DB).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench < setup/bench_liability.py

Creates 100k customers split between two companies (the current one, and
one on Helsinki time) and 1M ledger entries over 2024 and 2025 with SQL,
every kind of entry (earnings, refunds, bonuses, adjustments, opening
balances, redemptions, expiries, transfers, merges); then times, as a
Retail CRM manager, the roll-forward's one query (24 months of both
companies; and 2025 alone, 2024 folding into the opening balance) and the
whole CSV streamed as the download route does. Nothing is committed: the
transaction is rolled back at the end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import statistics
import sys
import time

from odoo.tests import new_test_user

sys.path.insert(0, "setup")
from bench_common import insert_customers, say

cr = env.cr
t0 = time.perf_counter()
other = env["res.company"].create(
    {"name": "Bench Helsinki", "retail_point_value": 0.02}
)
other.partner_id.tz = "Europe/Helsinki"
companies = [env.company.id, other.id]
env.flush_all()
ids = insert_customers(cr, "Bench customer", 0)
# 10 entries a customer over two years, at any hour: 5 earnings, a refund, a
# bonus, a redemption, an expiry, and by turns an adjustment, an opening
# balance, a transfer or a merge
cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points)
    SELECT p, (%s::int[])[1 + p %% 2],
           TIMESTAMP '2024-01-01 00:00'
               + ((p * 7 + k * 73) %% 730 || ' days')::interval
               + ((p + k * 5) %% 24 || ' hours')::interval,
           kind, points
      FROM unnest(%s::int[]) p, generate_series(1, 10) k,
           LATERAL (SELECT CASE
                WHEN k <= 5 THEN 'earn' WHEN k = 6 THEN 'reverse'
                WHEN k = 7 THEN 'bonus' WHEN k = 8 THEN 'redeem'
                WHEN k = 9 THEN 'expire'
                ELSE (ARRAY['adjust', 'opening', 'transfer', 'merge'])[1 + p %% 4]
           END AS kind) kinds,
           LATERAL (SELECT CASE kinds.kind
                WHEN 'earn' THEN 10 + (p * k) %% 91 WHEN 'reverse' THEN -5
                WHEN 'bonus' THEN 20 WHEN 'redeem' THEN -30 WHEN 'expire' THEN -7
                WHEN 'opening' THEN 50 WHEN 'adjust' THEN 3
                ELSE (p %% 3) - 1
           END AS points) amounts
    """,
    [companies, ids],
)
cr.execute("ANALYZE res_partner; ANALYZE retail_point_entry")
cr.execute("SELECT count(*) FROM retail_point_entry")
say(
    f"data: {time.perf_counter() - t0:.1f}s (100k customers, "
    f"{cr.fetchone()[0]} ledger entries in all)"
)

user = new_test_user(
    env,
    login="bench_liability_manager",
    groups="base.group_user,crm_retail_customers.group_retail_manager",
    company_ids=[(6, 0, companies)],
)
Liability = env["retail.points.liability"].with_user(user)
Report = env["retail.customer.report"].with_user(user)
PERIODS = {
    "2024-2025, 24 months": ("2024-01-01", "2025-12-31"),
    "2025, 12 months after an opening": ("2025-01-01", "2025-12-31"),
}
for label, (date_from, date_to) in PERIODS.items():
    options = Liability._check_options(
        {"date_from": date_from, "date_to": date_to, "company_ids": companies}
    )
    times = []
    for _run in range(3):
        start = time.perf_counter()
        rows = Liability._get_rows(options)
        times.append(time.perf_counter() - start)
    say(
        f"query, {label}, 2 companies ({len(rows)} rows): "
        f"min {min(times):.2f}s, median {statistics.median(times):.2f}s"
    )
    times = []
    for _run in range(3):
        start = time.perf_counter()
        query = Liability._prepare(options)
        data = b"".join(Report._stream_csv(Liability._get_columns(), query))
        times.append(time.perf_counter() - start)
    say(
        f"CSV, {label} ({len(data)} bytes): min {min(times):.2f}s, "
        f"median {statistics.median(times):.2f}s"
    )
# the closing balance of the last month is the ledger's sum
# (the bench's entries end on 30 December 2025; the demo data's later ones
# are left out)
cr.execute(
    "SELECT company_id, SUM(points) FROM retail_point_entry"
    " WHERE company_id = ANY(%s) AND date < '2025-12-31 12:00' GROUP BY 1",
    [companies],
)
ledger = dict(cr.fetchall())
totals = [row for row in rows if row[2] == "Total"]
closing = {
    company_id: row[10]
    for company_id, row in zip(options["company_ids"], totals, strict=True)
}
say(f"closing = ledger sum: {closing == ledger} ({closing} / {ledger})")
cr.rollback()
