"""Scale figures of the posting of the points liability (run inside
`odoo shell`, on a scratch DB with the invoicing bridge installed).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench \
        < setup/bench_liability_posting.py

Creates 100k customers and 1M ledger entries over 2025 (earnings,
redemptions, bonuses, expiries) with SQL; times the posting of the year,
monthly (12 journal entries), as the daily job does after a year without
accounts; then one more day of 10,000 entries (the steady state); then the
reconciliation the settings show. Nothing is committed: the transaction is
rolled back at the end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import sys
import time
from datetime import datetime

sys.path.insert(0, "setup")
from bench_common import insert_customers, say

cr = env.cr
company = env.company
assert company.retail_liability_account_id, "the invoicing bridge sets the accounts up"
company.retail_liability_frequency = "monthly"
env.flush_all()
ids = insert_customers(cr, "Bench customer", 0)
cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points)
    SELECT p, %s,
           TIMESTAMP '2025-01-01 10:00' + ((p + k * 73) %% 365 || ' days')::interval,
           (ARRAY['earn', 'earn', 'earn', 'earn', 'earn', 'earn', 'redeem',
                  'bonus', 'adjust', 'expire'])[k + 1],
           (ARRAY[12.5, 30, 7.25, 55, 18, 9, -40, 20, 5, -11])[k + 1]
      FROM unnest(%s::int[]) AS p, generate_series(0, 9) AS k
    """,
    (company.id, ids),
)
cr.execute(
    "SELECT COUNT(*) FROM retail_point_entry WHERE company_id = %s", [company.id]
)
say(f"{cr.fetchone()[0]:,} ledger entries")
cr.execute("ANALYZE retail_point_entry")

t0 = time.perf_counter()
moves = company._retail_post_points_liability(datetime(2026, 1, 1))
env.flush_all()
elapsed = time.perf_counter() - t0
say(f"a year posted monthly ({len(moves)} journal entries): {elapsed:.2f} s")

cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points)
    SELECT p, %s, TIMESTAMP '2026-01-05 10:00', 'earn', 10
      FROM unnest(%s::int[]) AS p LIMIT 10000
    """,
    (company.id, ids),
)
t0 = time.perf_counter()
moves = company._retail_post_points_liability(datetime(2026, 2, 1))
env.flush_all()
elapsed = time.perf_counter() - t0
say(f"the next month, 10,000 entries ({len(moves)} journal entry): {elapsed:.2f} s")

t0 = time.perf_counter()
check = company._retail_liability_check()
elapsed = time.perf_counter() - t0
say(f"reconciliation: {elapsed:.2f} s, difference {check['difference']}")
env.cr.rollback()
