# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Random sequences of everything that moves points, with the ledger's
invariants checked after every step (hypothesis, stateful).

Runs are derandomised so that CI sees the same sequences every time; set
``RETAIL_HYPOTHESIS_RANDOM=1`` to explore new ones. On failure hypothesis
prints the shortest failing sequence and a ``@reproduce_failure`` blob.
"""

import os
from datetime import datetime, timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from odoo.tests import tagged
from odoo.tools import float_compare

from .common import RetailPosCase

EXAMPLES = int(os.environ.get("RETAIL_HYPOTHESIS_EXAMPLES", "20"))
STEPS = int(os.environ.get("RETAIL_HYPOTHESIS_STEPS", "15"))


class LedgerMachine(RuleBasedStateMachine):
    """Customers, their sales, refunds, adjustments, cards, companies,
    merges and expiry runs on a moving clock; ``case`` is the running test."""

    case = None

    def __init__(self):
        super().__init__()
        case = self.case
        self.savepoint = case.env.cr.savepoint()
        self.now = datetime(2026, 1, 5, 10, 0)
        Partner = case.env["res.partner"]
        self.people = Partner.create(
            [{"name": f"Property Person {i}"} for i in range(3)]
        )
        self.company = Partner.create({"name": "Property Company", "is_company": True})
        self.sold = []  # (order line, quantity not refunded yet)

    def teardown(self):
        case = self.case
        case.env.invalidate_all()
        self.savepoint.close(rollback=True)
        case.env.invalidate_all()

    def customers(self):
        return (self.people | self.company).exists()

    def _sync(self, lines, customer):
        case = self.case
        data = case.ui_order(lines, customer)
        data["data"]["date_order"] = self.now.strftime("%Y-%m-%d %H:%M:%S")
        with freeze_time(self.now):
            case.sync(data, user=case.pos_user)
            case.sync(data, user=case.pos_user)  # a repeated sync
        return case.order_of(data)

    @rule(
        index=st.integers(0, 3),
        qty=st.integers(1, 5),
        redeem=st.integers(0, 400),
    )
    def sale(self, index, qty, redeem):
        case = self.case
        customers = self.customers()
        customer = customers[index % len(customers)]
        commercial = customer.commercial_partner_id
        before = commercial.reward_points
        lines = [case.ui_line(case.product_plain, qty)]
        # the till offers at most the balance and the order's total
        redeem = min(redeem, int(max(before, 0)), qty * 20 * 10 - 10)
        if redeem > 0:
            lines.append(case.redeem_line(redeem))
        order = self._sync(lines, customer)
        commercial.invalidate_recordset()
        if redeem > 0:
            case.assertEqual(order.retail_points_redeemed, redeem)
            case.assertGreaterEqual(commercial.reward_points, 0)
        goods = order.lines.filtered(lambda line: line.product_id == case.product_plain)
        self.sold.append([goods, goods.qty])

    @precondition(lambda self: any(left > 0 for _line, left in self.sold))
    @rule(pick=st.integers(0, 50), qty=st.integers(1, 5))
    def refund(self, pick, qty):
        case = self.case
        open_sales = [sale for sale in self.sold if sale[1] > 0]
        sale = open_sales[pick % len(open_sales)]
        qty = min(qty, sale[1])
        sale[1] -= qty
        order = sale[0].order_id
        self._sync([case.refund_line(sale[0], qty)], order.partner_id)

    @rule(index=st.integers(0, 3), points=st.integers(-50, 80))
    def adjust(self, index, points):
        customers = self.customers()
        customer = customers[index % len(customers)]
        if points:
            with freeze_time(self.now):
                customer._post_reward_points(points, "adjust", note="Prop")

    @rule(index=st.integers(0, 3))
    def replace_card(self, index):
        case = self.case
        customers = self.customers()
        customer = customers[index % len(customers)]
        card = customer.card_ids.filtered(lambda c: c.state == "active")[:1]
        with freeze_time(self.now):
            if card:
                card.action_replace()
            else:
                case.env["retail.card"].create({"partner_id": customer.id})

    @rule(index=st.integers(0, 2))
    def reparent(self, index):
        people = self.people.exists()
        person = people[index % len(people)]
        with freeze_time(self.now):
            person.parent_id = False if person.parent_id else self.company

    @precondition(lambda self: len(self.people.exists()) > 1)
    @rule(index=st.integers(0, 2))
    def merge(self, index):
        case = self.case
        people = self.people.exists()
        source = people[index % len(people)]
        target = (people - source)[0]
        if source.parent_id != target.parent_id:
            return
        wizard = case.env["base.partner.merge.automatic.wizard"]
        with freeze_time(self.now):
            wizard._merge((source | target).ids, target)

    @rule(days=st.integers(1, 45))
    def expiry_run(self, days):
        case = self.case
        self.now += timedelta(days=days)
        with freeze_time(self.now):
            case.env["retail.point.entry"]._cron_expire_reward_points()
            case.env["retail.point.entry"]._cron_expire_reward_points()

    @invariant()
    def ledger_is_exact(self):
        case = self.case
        case.env.flush_all()
        case.env.cr.execute(
            """
            SELECT p.id, COALESCE(p.reward_points, 0),
                   COALESCE(SUM(e.points), 0),
                   COALESCE(p.reward_points_earned, 0),
                   COALESCE(SUM(e.points) FILTER (
                       WHERE e.kind IN ('opening', 'earn', 'reverse')), 0),
                   p.commercial_partner_id = p.id
              FROM res_partner p
         LEFT JOIN retail_point_entry e ON e.partner_id = p.id
             WHERE p.name LIKE 'Property %%'
          GROUP BY p.id
            """
        )
        for row in case.env.cr.fetchall():
            pid, balance, total, earned, earned_total, commercial = row
            case.assertEqual(float_compare(balance, total, precision_digits=2), 0, row)
            case.assertEqual(
                float_compare(earned, earned_total, precision_digits=2),
                0,
                row,
            )
            if not commercial:
                case.assertAlmostEqual(balance, 0.0, 2, f"{pid} holds points")
        case.env.cr.execute(
            """
            SELECT res_id, kind, COUNT(*) FROM retail_point_entry
             WHERE res_model = 'pos.order'
               AND (idempotency_key LIKE '%%:earn'
                    OR idempotency_key LIKE '%%:redeem')
          GROUP BY res_id, kind HAVING COUNT(*) > 1
            """
        )
        case.assertEqual(case.env.cr.fetchall(), [], "an event booked twice")


@tagged("post_install", "-at_install")
class TestLedgerProperties(RetailPosCase):
    def test_random_sequences_keep_the_ledger_exact(self):
        self.company.retail_points_validity_months = 1
        self.env["res.partner"].flush_model()
        LedgerMachine.case = self

        run_state_machine_as_test(
            LedgerMachine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                derandomize=not os.environ.get("RETAIL_HYPOTHESIS_RANDOM"),
                database=None,
                print_blob=True,
                suppress_health_check=list(HealthCheck),
            ),
        )
