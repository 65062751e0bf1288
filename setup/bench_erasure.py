"""Scale figure of the erasure (run inside `odoo shell`, on a scratch DB).

    createdb -T retail_test retail_bench
    python3 -m odoo shell -c .run/odoo.conf -d retail_bench < setup/bench_erasure.py

Around 100k customers with 1M ledger entries and 300k tracking values (the
register the erasure runs in), one customer with 10,000 ledger entries, 500
POS orders (copies of a closed session's order) and 200 messages (100 on the
customer, 100 on their orders, each with a tracking value naming them);
then times ``action_retail_forget`` as a Retail CRM manager (target: under
30 s). Nothing is committed: the transaction is rolled back at the end.
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import sys
import time

sys.path.insert(0, "setup")
from bench_common import insert_customers, say

from odoo import Command

cr = env.cr
company = env.company
t0 = time.perf_counter()
ids = insert_customers(cr, "Bench customer", 100, email=True)
cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points)
    SELECT p, %s, now() - (k || ' days')::interval, 'earn', 10
      FROM unnest(%s::int[]) p, generate_series(1, 10) k
    """,
    [company.id, ids],
)
customer = env["res.partner"].create(
    {
        "name": "Bench Erased Person",
        "email": "bench.erased@example.com",
        "mobile": "+358 40 1112223",
        "street": "Benchkatu 1",
        "company_id": company.id,
    }
)
cr.execute(
    """
    INSERT INTO retail_point_entry (partner_id, company_id, date, kind, points, note)
    SELECT %s, %s, now() - (k || ' minutes')::interval, 'earn', 1,
           'typed note ' || k
      FROM generate_series(1, 10000) k
    """,
    [customer.id, company.id],
)
cr.execute(
    "UPDATE res_partner SET reward_points = 10000, reward_points_earned = 10000 "
    "WHERE id = %s",
    [customer.id],
)
# 500 POS orders: copies of a closed session's order, for the customer
order = env["pos.order"].search([("session_id.state", "=", "closed")], limit=1)
assert order, "a closed session's order is needed (demo data)"
cr.execute(
    """SELECT column_name FROM information_schema.columns
        WHERE table_name = 'pos_order' AND column_name NOT IN ('id')"""
)
columns = [row[0] for row in cr.fetchall()]
select = ", ".join(
    "%(partner)s"
    if c == "partner_id"
    else "name || '-' || k"
    if c == "name"
    else "pos_reference || '-' || k"
    if c == "pos_reference"
    else "NULL"
    if c == "uuid"
    else f'"{c}"'
    for c in columns
)
cr.execute(
    f"""INSERT INTO pos_order ({", ".join(f'"{c}"' for c in columns)})
        SELECT {select} FROM pos_order, generate_series(1, 500) k
         WHERE pos_order.id = %(order)s RETURNING id""",
    {"partner": customer.id, "order": order.id},
)
order_ids = [row[0] for row in cr.fetchall()]
# 200 messages: 100 on the customer, 100 on their orders (a tracking value
# naming the customer each), and 300k tracking values of other records
field = env["ir.model.fields"]._get("pos.order", "partner_id")
cr.execute(
    """
    WITH m AS (
        INSERT INTO mail_message (model, res_id, body, message_type, author_id,
                                  create_date, write_date, date)
        SELECT CASE WHEN k <= 100 THEN 'res.partner' ELSE 'pos.order' END,
               CASE WHEN k <= 100 THEN %(partner)s
                    ELSE (%(orders)s::int[])[k - 100] END,
               '<p>About Bench Erased Person, Benchkatu 1</p>', 'comment',
               %(partner)s, now(), now(), now()
          FROM generate_series(1, 200) k
        RETURNING id)
    INSERT INTO mail_tracking_value (mail_message_id, field_id, old_value_integer,
                                     new_value_integer, new_value_char)
    SELECT id, %(field)s, NULL, %(partner)s, 'Bench Erased Person' FROM m
    """,
    {"partner": customer.id, "orders": order_ids, "field": field.id},
)
cr.execute(
    """
    WITH m AS (
        INSERT INTO mail_message (model, res_id, body, message_type,
                                  create_date, write_date, date)
        SELECT 'res.partner', (%(ids)s::int[])[1 + k %% 100000], '<p>x</p>',
               'notification', now(), now(), now()
          FROM generate_series(1, 300000) k
        RETURNING id, res_id)
    INSERT INTO mail_tracking_value (mail_message_id, field_id, new_value_integer,
                                     new_value_char)
    SELECT id, %(field)s, res_id, 'Bench customer' FROM m
    """,
    {"ids": ids, "field": field.id},
)
cr.execute(
    "ANALYZE res_partner; ANALYZE retail_point_entry; ANALYZE pos_order; "
    "ANALYZE mail_message; ANALYZE mail_tracking_value"
)
say(
    f"data: {time.perf_counter() - t0:.1f}s (100k customers, 1M entries, 300k "
    "tracking values; the customer: 10,000 entries, 500 POS orders, 200 messages)"
)
manager = env["res.users"].create(
    {
        "name": "Bench erasure manager",
        "login": "bench_erasure_manager",
        "company_id": company.id,
        "company_ids": [Command.set(company.ids)],
        "groups_id": [
            Command.set(
                [
                    env.ref("base.group_user").id,
                    env.ref("base.group_partner_manager").id,
                    env.ref("crm_retail_customers.group_retail_manager").id,
                ]
            )
        ],
    }
)
env.flush_all()
env.invalidate_all()
t0 = time.perf_counter()
log = customer.with_user(manager).action_retail_forget()
env.flush_all()
elapsed = time.perf_counter() - t0
cr.execute(
    "SELECT COUNT(*) FROM mail_tracking_value v JOIN mail_message m "
    "ON m.id = v.mail_message_id WHERE v.new_value_char = 'Bench Erased Person'"
)
left = cr.fetchone()[0]
say(
    f"erasure: {elapsed:.2f}s (target < 30 s); {log.entry_count} entries, "
    f"{log.points_closed} points closed; tracking values still naming them: {left}"
)
cr.rollback()
