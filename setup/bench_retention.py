"""Scale figure of the retention job (run inside `odoo shell`, on a scratch DB).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench < setup/bench_retention.py

100k customers with 1M ledger entries: half last active 6 years ago, half
last month. Times the query finding the inactive ones (retention 3 years),
the first run of the job (listing them all), the next day's run (nothing new
to list, the list checked for customers active again) and one erasure batch
of 100 customers 30 days later. Nothing is committed: the transaction is
rolled back at the end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import sys
import time
from datetime import timedelta

sys.path.insert(0, "setup")
from bench_common import insert_customers, say
from freezegun import freeze_time

from odoo import fields

cr = env.cr
company = env.company
t0 = time.perf_counter()
ids = insert_customers(cr, "Bench retention", 100, email=True)
old, recent = ids[::2], ids[1::2]
cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points)
    SELECT p, %s, now() - interval '6 years' - (k || ' days')::interval, 'earn', 10
      FROM unnest(%s::int[]) p, generate_series(1, 10) k
     UNION ALL
    SELECT p, %s, now() - interval '30 days' - (k || ' days')::interval, 'earn', 10
      FROM unnest(%s::int[]) p, generate_series(1, 10) k
    """,
    [company.id, old, company.id, recent],
)
cr.execute(
    "UPDATE res_partner SET customer_since = '2015-01-01' WHERE id = ANY(%s)", [ids]
)
cr.execute("ANALYZE res_partner; ANALYZE retail_point_entry")
say(f"setup: {time.perf_counter() - t0:.1f} s")
env["res.company"].search([]).write({"retail_retention_years": 0})
company.retail_retention_years = 3
Candidate = env["retail.retention.candidate"]
today = fields.Date.today()
t0 = time.perf_counter()
found = Candidate._retail_find_inactive(company, today)
say(f"query: {len(found)} inactive customers in {time.perf_counter() - t0:.2f} s")
assert set(old) <= set(found) and not set(recent) & set(found)
t0 = time.perf_counter()
Candidate._cron_retail_retention()
env.flush_all()
say(f"first run (listing): {time.perf_counter() - t0:.1f} s")
t0 = time.perf_counter()
with freeze_time(today + timedelta(days=1)):
    Candidate._cron_retail_retention()
env.flush_all()
say(f"next day's run (list checked, none new): {time.perf_counter() - t0:.1f} s")
t0 = time.perf_counter()
with freeze_time(today + timedelta(days=30)):
    Candidate._cron_retail_retention()
env.flush_all()
erased = Candidate.search_count([("state", "=", "erased")])
say(f"run 30 days later: {erased} erased in {time.perf_counter() - t0:.1f} s")
cr.rollback()
