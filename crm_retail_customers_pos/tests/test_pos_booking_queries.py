# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking the points of one paid POS order costs a small, constant number of
SQL queries, whatever the length of the customer's history."""

import re
from unittest.mock import patch

from odoo.tests import tagged

from .common import RetailPosCase

#: Most SQL queries the POS bridge may spend booking one paid order (redeemed
#: and earned points), cold cache; the two postings themselves
#: (``res.partner._post_reward_points``, the core ledger) are counted apart.
#: They read the order, its lines, payments and taxes (one of them the lines'
#: own taxes: a points discount line carries the taxes of the goods it
#: discounts, which the server checks), the customer's columns the booking
#: reads, the products and their templates (never-earn flag, category), the
#: variants' extra prices (list price: fixed points per unit); the booking
#: day's time zone, the company's, comes with the ledger's read. The lines'
#: points and the entry's points by rule are written by the posting, with the
#: entry. The rules in
#: force and the tiers' earning factors come from the registry's cache (read
#: once after a change of rules or tiers). None of them grows with the lines,
#: the rules or the history (test_pos_earn_rules.py: 50 lines, 30 rules).
MAX_BOOKING_QUERIES = 14


@tagged("post_install", "-at_install")
class TestPosBookingQueries(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the figure is the bridge's without rules in force, whatever the
        # database's demo data has (its rules are read once, see above)
        cls.env["retail.earn.rule"].search([]).write({"active": False})

    def _give_history(self, customer, count):
        """Give ``customer`` ``count`` ledger entries: one booked the normal
        way, the others inserted in one statement (only their number matters
        here) with the stored balance kept equal to their sum."""
        self.book(customer, 10, "earn", idempotency_key=f"history:{customer.id}")
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO retail_point_entry (partner_id, company_id, kind, points,
                   amount, date, idempotency_key, res_model, res_id)
            SELECT %(partner)s, %(company)s, 'earn', 1, 1, now(),
                   'history:' || %(partner)s || ':' || n, 'pos.order', n
              FROM generate_series(1, %(count)s) n
            """,
            {"partner": customer.id, "company": self.company.id, "count": count - 1},
        )
        self.env.cr.execute(
            "UPDATE res_partner SET reward_points = reward_points + %(n)s, "
            "reward_points_earned = reward_points_earned + %(n)s WHERE id = %(id)s",
            {"n": count - 1, "id": customer.id},
        )
        self.env.invalidate_all()
        self.assertEqual(self.entries(customer).mapped("kind").count("earn"), count)

    def _measure_booking(self, customer):
        """Queries of booking a paid order of ``customer`` (20.00 of goods,
        5 points redeemed), cold cache: ``(queries of the bridge, the queries
        reading or writing ledger entries and balances)``."""
        data = self.ui_order(
            [self.ui_line(self.product_plain), self.redeem_line(5)], customer
        )
        Order = type(self.env["pos.order"])
        with patch.object(Order, "_retail_book_points_safely"):
            self.sync(data)
        order = self.order_of(data)
        balance = customer.reward_points
        core = []
        post = type(self.Partner)._post_reward_points

        def counted_post(partner, *args, **kwargs):
            before = partner.env.cr.sql_log_count
            entry = post(partner, *args, **kwargs)
            core.append(partner.env.cr.sql_log_count - before)
            return entry

        self.env.flush_all()
        self.env.invalidate_all()
        with (
            patch.object(type(self.Partner), "_post_reward_points", counted_post),
            self.assertLogs("odoo.sql_db", "DEBUG") as logs,
        ):
            before = self.env.cr.sql_log_count
            order._retail_book_points()
            self.env.flush_all()
            total = self.env.cr.sql_log_count - before
        # what the queries booked: 5 redeemed, 19.5 earned on 19.50
        self.assertEqual(order.retail_points_redeemed, 5.0)
        self.assertEqual(order.retail_points_earned, 19.5)
        self.assertEqual(order.retail_points_balance, balance + 14.5)
        self.env.invalidate_all()
        self.assertEqual(customer.reward_points, balance + 14.5)
        self.assertEqual(len(core), 2)
        ledger = [
            re.sub(r"\[[0-9.]+ ms\]|\d+", "", line)
            for line in logs.output
            if "retail_point_entry" in line or "reward_points" in line
        ]
        return total - sum(core), ledger

    def test_booking_queries_few_and_independent_of_history(self):
        """Cold cache (``invalidate_all``), the bridge books an order in at
        most ``MAX_BOOKING_QUERIES`` queries, and in as many for a customer
        with 1 entry as for one with 1,000; the ledger queries are the same."""
        # the XML id and model caches of the registry are warm at a till
        # that has booked once since the server started
        self._give_history(self.customer_x, 1)
        self._measure_booking(self.customer_x)
        one = self.Partner.create({"name": "One entry"})
        thousand = self.Partner.create({"name": "A thousand entries"})
        self._give_history(one, 1)
        self._give_history(thousand, 1000)
        bridge_one, ledger_one = self._measure_booking(one)
        bridge_thousand, ledger_thousand = self._measure_booking(thousand)
        self.assertEqual(bridge_one, bridge_thousand)
        self.assertEqual(ledger_one, ledger_thousand)
        self.assertLessEqual(bridge_thousand, MAX_BOOKING_QUERIES)

    def _sync_queries(self, customer):
        """Queries of syncing one paid sale as the cashier, caches as at a
        till that has synced before (the order's records not cached)."""
        data = self.ui_order([self.ui_line(self.product_plain)], customer)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.sync(data, user=self.pos_user)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(self.order_of(data).state, "paid")
        return queries

    def test_sale_with_customer_costs_few_queries_more(self):
        """At the till, a sale with a customer costs at most 4 queries more
        than one without: Odoo's check that the customer exists, the tills'
        queue with the customer's lock (one statement at a till, whose
        request starts a new transaction; two here, where the test's
        transaction has written before) and the posting itself (the entry,
        the lines' points, the balance). What the posting reads under the
        customer's lock (its balances, whether its key is booked), the
        earning rules, "customer since" and the receipt need comes from the
        booking's one read, which a sale without a customer makes too. The
        customer's first purchase is made, as for a returning customer
        (README, *Many tills on one customer*)."""
        self.company.retail_customer_since_pos = True
        # the goods leave the stock when the session closes (Odoo's default):
        # a picking made at each sale adds Odoo's own queries for a customer
        self.pos_session.update_stock_at_closing = True
        self._sync_queries(self.customer_x)
        self._sync_queries(False)
        self.assertTrue(self.customer_x.customer_since)
        anonymous = self._sync_queries(False)
        with_customer = self._sync_queries(self.customer_x)
        self.assertLessEqual(with_customer - anonymous, 4)
        self.assertEqual(self.entries(self.customer_x).mapped("kind"), ["earn", "earn"])
