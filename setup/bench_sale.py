"""One sale at a time at one till, with and without a customer, in one
process (run inside `odoo shell`, on a scratch DB: it commits).

    createdb -T retail_test retail_sale
    python3 -m odoo shell -c .run/odoo.conf -d retail_sale < setup/bench_sale.py

The figure of `setup/bench_tills.py` without its noise: no other process
competes for the cores, so the time of a sale is its own (Python and the
statements it waits for). Opens a till for a cashier, then syncs paid orders
of one product through ``create_from_ui`` as the till does, each in a cursor
of its own that commits when it closes, as a request's,
alternating one without a customer and one of 10 customers who bought
before (the rule at a shop; a first purchase also dates *customer since*),
and prints the median time and queries of each and their ratio. Environment:
``SALES`` (default 80 of each), ``PROFILE=<directory>`` to write the cProfile
statistics of each kind there (``anonymous.prof``, ``customer.prof``).
"""

# ruff: noqa: F821 -- `env` is given by odoo shell
import cProfile
import os
import statistics
import sys
import time
from datetime import datetime, timezone

sys.path.insert(0, "setup")
from bench_common import say

SALES = int(os.environ.get("SALES", "80"))
PROFILE = os.environ.get("PROFILE")
CUSTOMERS = 10
PRICE = 10.0

# the till, its cashier and the customers, committed when the cursor closes
setup_cursor = env.registry.cursor()
env = env(cr=setup_cursor)
company = env.company
company.write(
    {
        "retail_points_per_currency": 1.0,
        "retail_redeem_proof": "none",
        "retail_members_only": False,
    }
)
shop = env["pos.config"].search([("company_id", "=", company.id)], limit=1)
bank = shop.payment_method_ids.filtered(lambda method: not method.is_cash_count)[:1]
product = env["product.product"].create(
    {
        "name": "Bench Sale Tea",
        "list_price": PRICE,
        "taxes_id": [(6, 0, [])],
        "available_in_pos": True,
        "type": "consu",
    }
)
config = env["pos.config"].create(
    {
        "name": "Bench Sale Till",
        "company_id": company.id,
        "payment_method_ids": [(6, 0, bank.ids)],
        "pricelist_id": shop.pricelist_id.id,
        "available_pricelist_ids": [(6, 0, shop.pricelist_id.ids)],
    }
)
cashier = env["res.users"].create(
    {
        "name": "Bench Sale Cashier",
        "login": f"bench_sale_{config.id}",
        "company_id": company.id,
        "company_ids": [(6, 0, company.ids)],
        "groups_id": [
            (
                6,
                0,
                [
                    env.ref("base.group_user").id,
                    env.ref("point_of_sale.group_pos_user").id,
                ],
            )
        ],
    }
)
session = (
    env["pos.session"]
    .with_user(cashier)
    .create({"config_id": config.id, "user_id": cashier.id})
)
session.with_user(cashier).set_cashbox_pos(0, "")
customers = env["res.partner"].create(
    [
        {"name": f"Bench Sale Customer {n}", "company_id": company.id}
        for n in range(CUSTOMERS)
    ]
)
for customer in customers:
    customer._post_reward_points(50.0, "opening", company_id=company.id)
ids = {
    "session": session.id,
    "config": config.id,
    "pricelist": shop.pricelist_id.id,
    "bank": bank.id,
    "product": product.id,
    "product_name": product.name,
    "cashier": cashier.id,
    "customers": customers.ids,
}
with setup_cursor:
    pass
numbers = iter(range(1, 1_000_000))


def sale(customer):
    """A paid order as the till sends it (one line, one payment)."""
    number = next(numbers)
    uid = f"{ids['session']:05d}-{ids['config'] % 1000:03d}-{number:04d}"
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    line = {
        "id": number,
        "pack_lot_ids": [],
        "price_unit": PRICE,
        "product_id": ids["product"],
        "price_subtotal": PRICE,
        "price_subtotal_incl": PRICE,
        "qty": 1,
        "tax_ids": [(6, 0, [])],
        "full_product_name": ids["product_name"],
    }
    return {
        "data": {
            "amount_paid": PRICE,
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": PRICE,
            "date_order": now,
            "fiscal_position_id": False,
            "pricelist_id": ids["pricelist"],
            "lines": [(0, 0, line)],
            "name": f"Order {uid}",
            "partner_id": customer or False,
            "pos_session_id": ids["session"],
            "sequence_number": number,
            "statement_ids": [
                (0, 0, {"amount": PRICE, "name": now, "payment_method_id": ids["bank"]})
            ],
            "uid": uid,
            "user_id": ids["cashier"],
            "to_invoice": False,
        },
        "id": uid,
        "to_invoice": False,
    }


def sync(customer, profile=None):
    """Sync one sale in a cursor of its own, committed when it closes, as a
    request of the till is: ``(ms, queries)``."""
    data = sale(customer)
    start = time.perf_counter()
    if profile:
        profile.enable()
    with env.registry.cursor() as cursor:
        Order = env(cr=cursor, user=ids["cashier"])["pos.order"]
        Order.create_from_ui([data])
        queries = cursor.sql_log_count
    if profile:
        profile.disable()
    return (time.perf_counter() - start) * 1000, queries


# warm-up, not counted: every customer's first purchase is made here
for customer in ids["customers"]:
    sync(False)
    sync(customer)
profiles = {
    kind: cProfile.Profile() if PROFILE else None for kind in ("anonymous", "customer")
}
results = {"anonymous": [], "customer": []}
for n in range(SALES):
    results["anonymous"].append(sync(False, profiles["anonymous"]))
    results["customer"].append(
        sync(ids["customers"][n % CUSTOMERS], profiles["customer"])
    )
medians = {}
for kind, values in results.items():
    medians[kind] = statistics.median(ms for ms, _queries in values)
    say(
        f"{kind}: median {medians[kind]:.2f} ms a sale, "
        f"{statistics.median(queries for _ms, queries in values):.0f} queries "
        f"({SALES} sales)"
    )
say(
    f"throughput with a customer: {medians['anonymous'] / medians['customer']:.2f}x "
    f"that without ({os.cpu_count()} cores)"
)
if PROFILE:
    for kind, profile in profiles.items():
        profile.dump_stats(os.path.join(PROFILE, f"{kind}.prof"))
