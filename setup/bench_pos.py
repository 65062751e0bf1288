"""Card scan and card search at the till with 100k customers (run inside
`odoo shell`, on a scratch DB).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench < setup/bench_pos.py

Creates 100k customers with a card each in SQL, opens a till and times the
one call a scan makes (``res.partner.retail_pos_find_by_card``: card, holder
as the till loads it, and standing), for customers the till has not loaded,
then the customer list's "Search more" with a typed card number (the domain
Odoo's ``getNewPartners`` sends). Prints the CPU cores the figures were
measured with. Nothing is committed: the transaction is rolled back at the end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import os
import statistics
import sys
import time

sys.path.insert(0, "setup")
from bench_common import insert_customers, say

cr = env.cr
company = env.company.id
ids = insert_customers(cr, "Scan customer", 100)
cr.execute(
    """
    INSERT INTO retail_card (number, partner_id, company_id, state, issue_date)
    SELECT '7' || lpad(n::text, 12, '0'), (%s::int[])[n], %s, 'active', now()
      FROM generate_series(1, 100000) n
    """,
    [ids, company],
)
cr.execute(
    "UPDATE res_partner p SET card_number = c.number FROM retail_card c "
    "WHERE c.partner_id = p.id AND p.id = ANY(%s)",
    [ids],
)
cr.execute("ANALYZE res_partner; ANALYZE retail_card; ANALYZE retail_point_entry")
config = env["pos.config"].search([("company_id", "=", company)], limit=1)
if not config.current_session_id:
    config.open_ui()
env.invalidate_all()
Partner = env["res.partner"]
timings, queries = [], []
for n in range(1, 200, 4):
    number = "7" + str(n * 397).zfill(12)
    before = cr.sql_log_count
    start = time.perf_counter()
    result = Partner.retail_pos_find_by_card(number, config.id)
    timings.append((time.perf_counter() - start) * 1000)
    queries.append(cr.sql_log_count - before)
    assert result and result.get("partner"), result
    env.invalidate_all()
say(
    f"card scan, customer not loaded, 100k customers: median "
    f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, "
    f"{statistics.median(queries):.0f} queries (one call; {len(timings)} scans)"
)
session = config.current_session_id
fields_ = ["name", "parent_name", "phone_mobile_search", "email"]
timings, queries = [], []
for n in range(1, 200, 4):
    number = "7" + str(n * 397).zfill(12)
    domain = ["|"] * (len(fields_) - 1) + [(f, "ilike", number + "%") for f in fields_]
    before = cr.sql_log_count
    start = time.perf_counter()
    found = session.get_pos_ui_res_partner_by_params({"domain": domain, "limit": 30})
    timings.append((time.perf_counter() - start) * 1000)
    queries.append(cr.sql_log_count - before)
    assert len(found) == 1, found
    env.invalidate_all()
say(
    f"search more with a card number, 100k customers: median "
    f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, "
    f"{statistics.median(queries):.0f} queries ({len(timings)} searches)"
)
say(f"measured with {os.cpu_count()} CPU cores")
cr.rollback()
