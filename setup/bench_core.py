"""Scale figures of the core addon (run inside `odoo shell`, on a scratch DB).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench < setup/bench_core.py

Creates 100k customers, 1M ledger entries and 200k cards with SQL, then times
the balance CSV against the same rows read with plain SQL, a card lookup and a
booking. Nothing is committed: the transaction is rolled back at the end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import io
import sys
import time
import tracemalloc

sys.path.insert(0, "setup")
from bench_common import insert_customers, say

cr = env.cr
company = env.company.id
t0 = time.perf_counter()
ids = insert_customers(cr, "Bench customer", 100, email=True)
cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points)
    SELECT p, %s, now() - (k || ' days')::interval, 'earn', 10
      FROM unnest(%s::int[]) p, generate_series(1, 10) k
    """,
    [company, ids],
)
cr.execute(
    """
    INSERT INTO retail_card (number, partner_id, company_id, state, issue_date)
    SELECT '8' || lpad(n::text, 12, '0'), (%s::int[])[1 + (n %% 100000)], %s, 'active',
           now()
      FROM generate_series(1, 200000) n
    """,
    [ids, company],
)
cr.execute(
    """
    UPDATE res_partner p SET card_number = c.number
      FROM (SELECT DISTINCT ON (partner_id) partner_id, number FROM retail_card
          ORDER BY partner_id, id DESC) c
     WHERE c.partner_id = p.id
    """
)
cr.execute("ANALYZE res_partner; ANALYZE retail_point_entry; ANALYZE retail_card")
say(f"data: {time.perf_counter() - t0:.1f}s (100k customers, 1M entries, 200k cards)")

Report = env["retail.customer.report"]
options = {"consent": {}}
query = Report._get_query("balances", options)
env.flush_all()
start = time.perf_counter()
cr.execute(query)
rows = cr.fetchall()
plain = time.perf_counter() - start
say(f"balance query, plain SQL: {plain:.3f}s for {len(rows)} rows")
del rows
columns = Report._get_columns("balances")


def stream_size():
    return sum(len(c) for c in Report._stream_csv(columns, query))


start = time.perf_counter()
size = stream_size()
csv_time = time.perf_counter() - start
tracemalloc.start()
stream_size()
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
say(
    f"balance CSV streamed: {csv_time:.3f}s, {size / 1e6:.1f} MB, "
    f"ratio to the plain SQL fetch {csv_time / plain:.2f}, "
    f"peak Python memory while streaming {peak / 1e6:.1f} MB"
)
copy_sql = cr.mogrify(query.code, query.params).decode()
start = time.perf_counter()
out = io.StringIO()
cr._obj.copy_expert(f"COPY ({copy_sql}) TO STDOUT WITH CSV HEADER", out)
copy_time = time.perf_counter() - start
say(
    f"same rows as CSV by PostgreSQL COPY: {copy_time:.3f}s; "
    f"streamed CSV / COPY = {csv_time / copy_time:.2f}"
)

cr.execute(
    "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM retail_card WHERE number = %s",
    ["8000000012345"],
)
plan = cr.fetchone()[0][0]
say(
    f"card lookup: {plan['Plan']['Node Type']}, "
    f"{plan['Execution Time']:.3f} ms execution"
)
start = time.perf_counter()
found = env["res.partner"].name_search("8000000112345")
assert found, "card number not found"
elapsed = (time.perf_counter() - start) * 1000
say(f"partner name_search by card number: {elapsed:.1f} ms")

partner = env["res.partner"].browse(ids[0])
before = cr.sql_log_count
start = time.perf_counter()
partner._post_reward_points(5, "earn", origin="BENCH")
env.flush_all()
say(
    f"booking on a customer with 10 entries among 1M: {cr.sql_log_count - before} "
    f"queries, {(time.perf_counter() - start) * 1000:.1f} ms"
)
cr.rollback()
