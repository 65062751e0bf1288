"""Scale figures of the customer analysis (run inside `odoo shell`, on a
scratch DB).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench < setup/bench_analysis.py

Creates 100k customers in a tree of 12 customer groups (customer since 2023
to 2025, four countries) and 1M ledger entries over 2024 and 2025 (earnings
with a sales amount, redemptions, expiries) with SQL; times the refresh of
the figures (the hourly job); then times, as a Retail CRM user, what the
pivot asks when it shows customer group × month of 2025 (its four
``read_group``), with the two measures it opens with (customers, sales
amount) and with all eight, alone and compared with 2024 (eight
``read_group``). Nothing is committed: the transaction is rolled back at the
end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import statistics
import sys
import time

from odoo.tests import new_test_user

sys.path.insert(0, "setup")
from bench_common import insert_customers, say

cr = env.cr
company = env.company.id
t0 = time.perf_counter()
Group = env["retail.customer.group"]
groups = []
for root in ("Bench North", "Bench South", "Bench Online"):
    parent = Group.create({"name": root})
    groups += [parent] + [
        Group.create({"name": f"{root} {n}", "parent_id": parent.id}) for n in range(3)
    ]
env.flush_all()
ids = insert_customers(cr, "Bench customer", 0)
countries = [env.ref(f"base.{code}").id for code in ("fi", "pl", "be", "ir")]
cr.execute(
    """
    UPDATE res_partner p
       SET customer_group_id = (%(groups)s::int[])[1 + p.id %% 12],
           country_id = (%(countries)s::int[])[1 + p.id %% 4],
           customer_since = DATE '2023-01-01' + (p.id %% 1000),
           birthdate = DATE '1950-01-01' + (p.id %% 18000),
           retail_member = p.id %% 3 > 0
     WHERE p.id = ANY(%(ids)s)
    """,
    {"groups": [g.id for g in groups], "countries": countries, "ids": ids},
)
# 10 entries a customer, two years: 8 earnings (a sale of 10 to 100), a
# redemption and an expiry
cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points,
                                    amount)
    SELECT p, %s,
           TIMESTAMP '2024-01-01 10:00' + ((p + k * 73) %% 730 || ' days')::interval,
           CASE WHEN k <= 8 THEN 'earn' WHEN k = 9 THEN 'redeem' ELSE 'expire' END,
           CASE WHEN k <= 8 THEN 10 ELSE -5 END,
           CASE WHEN k <= 8 THEN 10 + (p * k) %% 91 END
      FROM unnest(%s::int[]) p, generate_series(1, 10) k
    """,
    [company, ids],
)
cr.execute("ANALYZE res_partner; ANALYZE retail_point_entry")
say(f"data: {time.perf_counter() - t0:.1f}s (100k customers, 1M entries)")

start = time.perf_counter()
env["retail.customer.analysis"]._refresh_analysis()
cr.execute("SELECT count(*) FROM retail_customer_analysis_figures")
say(
    f"figures computed (the hourly refresh): {time.perf_counter() - start:.1f}s, "
    f"{cr.fetchone()[0]} rows"
)

user = new_test_user(
    env,
    login="bench_analysis_user",
    groups="base.group_user,crm_retail_customers.group_retail_user",
)
Analysis = env["retail.customer.analysis"].with_user(user)
MEASURES = [
    f"{name}:{Analysis._fields[name].group_operator}"
    for name in (
        "customer_count",
        "new_customer_count",
        "active_customer_count",
        "sales_amount",
        "order_count",
        "points_earned",
        "points_redeemed",
        "points_expired",
    )
]
YEARS = {
    2025: [("date", ">=", "2025-01-01"), ("date", "<", "2026-01-01")],
    2024: [("date", ">=", "2024-01-01"), ("date", "<", "2025-01-01")],
}
GROUPBYS = (
    [],
    ["customer_group_id"],
    ["date:month"],
    ["customer_group_id", "date:month"],
)


#: the measures the pivot opens with
DEFAULT_MEASURES = ["customer_count:count_distinct", "sales_amount:sum"]


def pivot(years, measures):
    """What the pivot reads: each row × column groupby, for each period."""
    start = time.perf_counter()
    for year in years:
        for groupby in GROUPBYS:
            Analysis.read_group(YEARS[year], measures, groupby, lazy=False)
    return time.perf_counter() - start


[total] = Analysis.read_group(YEARS[2025], MEASURES, [], lazy=False)
say(
    f"2025: {total['__count']} rows, {total['customer_count']} customers, "
    f"{total['active_customer_count']} active, {total['order_count']} orders"
)
for measures, which in ((DEFAULT_MEASURES, "2 measures"), (MEASURES, "8 measures")):
    for years, label in (
        ((2025,), "group x month of 2025"),
        ((2025, 2024), "with 2024"),
    ):
        times = [pivot(years, measures) for _run in range(3)]
        say(
            f"pivot {label}, {which} ({len(years) * len(GROUPBYS)} read_group): "
            f"min {min(times):.2f}s, median {statistics.median(times):.2f}s"
        )
start = time.perf_counter()
Analysis.read_group(
    YEARS[2025], MEASURES, ["customer_group_id", "date:month"], lazy=False
)
say(f"one read_group group x month: {time.perf_counter() - start:.2f}s")
cr.rollback()
