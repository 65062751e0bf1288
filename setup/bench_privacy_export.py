"""Scale figures of the customer data export (run inside `odoo shell`, on a
scratch DB).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench \
        < setup/bench_privacy_export.py

Gives one customer 100,000 ledger entries (60% earned at a shop till, so
also 60,000 purchases booked in the ledger; 20% redeemed, 20% adjusted, each
with a note) with SQL, then builds their export as a Retail CRM manager into
a spooled temporary file, as the route does: the time, the ZIP's size and the
peak of Python memory allocated during the build (``tracemalloc``, on a
second build: it slows Python down), at 10,000
and at 100,000 entries: a flat memory profile shows as the same peak for
both. Nothing is committed: the transaction is rolled back at the end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import sys
import tempfile
import time
import tracemalloc
import zipfile

sys.path.insert(0, "setup")
from bench_common import insert_customers, say

cr = env.cr
company = env.company
manager = (
    env["res.users"]
    .with_context(no_reset_password=True)
    .create(
        {
            "name": "Bench export manager",
            "login": "bench_export_manager",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [
                (6, 0, [env.ref("crm_retail_customers.group_retail_manager").id])
            ],
        }
    )
)


def add_entries(partner_id, count):
    t0 = time.perf_counter()
    cr.execute(
        """
        INSERT INTO retail_point_entry (partner_id, company_id, currency_id, date,
                                        kind, points, amount, origin, note,
                                        expiry_date, create_date, write_date)
        SELECT %(partner)s, %(company)s, %(currency)s,
               now() - (n || ' minutes')::interval,
               CASE WHEN n %% 5 < 3 THEN 'earn' WHEN n %% 5 = 3 THEN 'redeem'
                    ELSE 'adjust' END,
               CASE WHEN n %% 5 < 3 THEN 10 ELSE -2 END,
               CASE WHEN n %% 5 < 3 THEN 10.50 END,
               CASE WHEN n %% 5 < 4 THEN 'SHOP/' || lpad(n::text, 7, '0') END,
               CASE WHEN n %% 5 = 4 THEN 'Bench adjustment ' || n END,
               CASE WHEN n %% 5 < 3 THEN (now() + interval '1 year')::date END,
               now(), now()
          FROM generate_series(1, %(count)s) n
        """,
        {
            "partner": partner_id,
            "company": company.id,
            "currency": company.currency_id.id,
            "count": count,
        },
    )
    cr.execute("ANALYZE retail_point_entry")
    say(f"data: {count} entries in {time.perf_counter() - t0:.1f}s")


def run(partner_id, traced):
    Export = env["retail.privacy.export"].with_user(manager)
    partner = env["res.partner"].with_user(manager).browse(partner_id)
    env.invalidate_all()
    with tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024) as tmp:
        if traced:
            tracemalloc.start()
        t0 = time.perf_counter()
        stats = Export._retail_privacy_export_build(partner, tmp)
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        tracemalloc.stop()
        size = tmp.tell()
        tmp.seek(0)
        with zipfile.ZipFile(tmp) as archive:
            raw = sum(info.file_size for info in archive.infolist())
    return elapsed, peak, stats, size, raw


def build(partner_id, label):
    """Timed without tracemalloc (it slows Python down several times), then
    built again under it for the memory peak."""
    elapsed, _peak, stats, size, raw = run(partner_id, False)
    traced, peak = run(partner_id, True)[:2]
    say(
        f"{label}: {elapsed:.2f}s, {stats}, zip {size / 1e6:.1f} MB "
        f"({raw / 1e6:.1f} MB unpacked), Python peak {peak / 1e6:.1f} MB "
        f"(traced run {traced:.1f}s)"
    )
    return elapsed, peak


small, big = insert_customers(cr, "Export bench customer", 0, count=2)
add_entries(small, 10000)
add_entries(big, 100000)
build(small, "10,000 entries")
elapsed, peak = build(big, "100,000 entries")
say(f"target < 10s: {'OK' if elapsed < 10 else 'TOO SLOW'}")
cr.rollback()
