# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reward points of paid POS orders.

What a paid order books, exactly once per order (idempotency keys built from
the order's ``pos_reference``, which the till generates, which stays the same
when the order syncs late or twice, and which nobody can change once the
order is paid):

- ``pos.order:<ref>:redeem``: the points of the "Redeem points" discount
  lines, never more than the balance holds when the order is booked;
- ``pos.order:<ref>:pay``: the points of the payments on a points payment
  method (``pos.payment.method.retail_points_payment``, companies that redeem
  points as a payment), with the same checks as the discount;
- ``pos.order:<ref>:earn``: points for the tax-excluded amount of the order
  lines (tips left out) after the points discount, less the share the points
  payment paid;
- ``pos.order:<ref>:return``: goods taken back without the receipt (a
  negative line that refunds no line) take back points at the earn rate;
- ``pos.order:<origin ref>:reverse:#<refund id>``: a refund takes back the
  earned points of the refunded order in proportion to the refunded amount;
- ``pos.order:<origin ref>:giveback:#<refund id>``: refunding a points
  discount line gives the redeemed points back in proportion (kind
  ``redeem``, positive);
- ``pos.order:<origin ref>:payback:#<refund id>``: a refund paid back on a
  points payment method gives back the points the refunded order's points
  payment drew, in proportion to the goods refunded (kind ``redeem``,
  positive).

A receipt number names one paid order: a second paid order with the same
number books nothing and says why.

What a refund takes or gives back is read from the ledger entries of the
refunded order (their points, the amount they were based on and the customer
they were booked for), never from figures on the order: the order's points
fields are a copy for people and for the till, and only this code writes them
(``retail.derived.state.mixin``).

The order is a ``retail.points.document.mixin``: its keys are the mixin's
``<ref>:<stage>`` with the receipt number as ``ref``, every entry goes
through the mixin's posting, and the company rule and "customer since" are
the mixin's. What is the till's own stays here: the server's amounts and the
orders set aside, the redemption proof, the payments cap, the one ledger
read per order (:meth:`PosOrder._retail_ledger_state`) and refunds read from
the refunded order's entries.
"""

import logging
import math
from collections import defaultdict
from functools import partial

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round
from odoo.tools.misc import formatLang
from odoo.tools.translate import code_translations

from odoo.addons.crm_retail_customers.models.retail_access import (
    check_retail_manager,
)
from odoo.addons.crm_retail_customers.models.retail_point_entry import BALANCE_FIELDS

from .pos_config import REDEMPTION_PRODUCT_XMLID
from .pos_ui_order_check import check_ui_orders
from .res_partner import record_id

_logger = logging.getLogger(__name__)

#: Refund stages: the sign of their entries, the stage of the refunded
#: order's entry they refund, the kind they book, whether that entry's
#: amount is the base of the share refunded.
REVERSAL_STAGES = {
    "reverse": (-1, "earn", "reverse", True),
    "giveback": (1, "redeem", "redeem", False),
    "payback": (1, "pay", "redeem", False),
}


#: Last part of the key of what documents of other models (the credit notes
#: of an order's invoice) took back of an order's earned points, counted as
#: taken back by its refunds (see ``pos.order._retail_origin_entries``).
ELSEWHERE_STAGE = "elsewhere"


def _like_prefix(prefix):
    """``LIKE`` pattern matching the strings that start with ``prefix``."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


#: Fields of the order lines booking reads (fetched in one query).
POINTS_LINE_FIELDS = [
    "order_id",
    "product_id",
    "refunded_orderline_id",
    "price_unit",
    "qty",
    "discount",
    "price_subtotal",
    "price_subtotal_incl",
    "retail_redeem_points",
]

#: The points lines of the receipt: the till's own terms (``_t`` in
#: ``static/src/overrides/models/order.js``, which prints them before the
#: order syncs).
RECEIPT_LABELS = {
    "title": "REWARD POINTS",
    "error": "Points not booked yet: the shop will book them",
    "earned": "Points earned",
    "redeemed": "Points redeemed",
    "shortfall": "Not covered by the balance",
    "reversed": "Points taken back (refund)",
    "returned": "Points given back (refund)",
    "balance": "New balance",
    "customer": "Customer",
    "card": "Card",
}


def mask_card_number(number):
    """A card number as a receipt prints it: its last 4 digits only."""
    return f"**** {number[-4:]}" if number else False


#: Points figures of an order, written by the booking code only.
DERIVED_ORDER_FIELDS = (
    "retail_points_base",
    "retail_points_earned",
    "retail_points_redeemed",
    "retail_points_shortfall",
    "retail_points_reversed",
    "retail_points_returned",
    "retail_points_unrecovered",
    "retail_points_balance",
    "retail_points_note",
    "retail_points_error",
    "retail_points_held",
    "retail_points_mismatch",
    "retail_points_booked",
)

#: First key of the advisory locks tills queue on, per customer (the second
#: key is the customer's id): ``PosOrder._retail_queue_for_customers_of``.
CUSTOMER_QUEUE_LOCK = 0x52544C51  # "RTLQ"
#: How long a till waits in a customer's queue before it goes on without it
#: (the row lock then serialises, Odoo retrying as before): a queue lock
#: left on a pooled connection, should its release ever not run, delays
#: the customer's syncs by this much instead of blocking them.
CUSTOMER_QUEUE_WAIT_MS = 15000

#: What a booking and its receipt read of the customer (the commercial
#: partner), fetched at once and nothing else (``_retail_book_points``).
BOOKING_CUSTOMER_FIELDS = [
    "name",
    "active",
    "company_id",
    "reward_tier_id",
    "customer_group_id",
    "retail_member",
    "customer_since",
    "card_number",
    "lang",
]

#: What a till's sync reads of its customers with their lock: the booking's
#: columns, and the commercial entity they are read for.
LOCKED_CUSTOMER_FIELDS = ["commercial_partner_id", *BOOKING_CUSTOMER_FIELDS]

#: Key of ``cr.cache`` under which a sync keeps, while it runs, what each
#: order's booking leaves for its receipt (``{order id: {"card", "rules"}}``).
RECEIPTS = "crm_retail_customers_pos.receipts"

#: States of an order whose payment is recorded: its booking is done.
PAID_STATES = ("paid", "done", "invoiced")
#: The stage of the key under which a refund takes back the bonuses of a
#: first purchase (``<bonus key>:revoked``, ``_retail_revoke_bonuses``).
REVOKED_STAGE = "revoked"


class PosOrder(models.Model):
    _name = "pos.order"
    _inherit = [
        "pos.order",
        "retail.derived.state.mixin",
        "retail.points.document.mixin",
    ]
    _retail_derived_fields = DERIVED_ORDER_FIELDS

    retail_points_base = fields.Monetary(
        "Points Base Amount",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="Amount the earned points are based on: the order lines without "
        "taxes and tips, after the points discount.",
    )
    retail_points_earned = fields.Float(
        "Points Earned", digits="Reward Points", readonly=True, copy=False
    )
    retail_points_redeemed = fields.Float(
        "Points Redeemed",
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="Points taken from the balance for the points discount or the "
        "points payment.",
    )
    retail_points_shortfall = fields.Float(
        "Points Not Covered",
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="Points of the discount or the points payment that were not taken "
        "when the order was booked (the balance no longer held them, no proof "
        "of presence, not a member, or a points payment the company does not "
        "allow). The sale stands; see the points note.",
    )
    retail_points_reversed = fields.Float(
        "Points Taken Back",
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="Refund: earned points of the refunded orders taken back.",
    )
    retail_points_returned = fields.Float(
        "Points Given Back",
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="Refund: redeemed points of the refunded orders given back.",
    )
    retail_points_unrecovered = fields.Float(
        "Points Not Taken Back",
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="Refund: earned points the refund should have taken back but the "
        "customer's balance no longer held (the company does not allow "
        "negative balances). Listed under suspicious activity.",
    )
    retail_points_balance = fields.Float(
        "Balance after Order",
        digits="Reward Points",
        readonly=True,
        copy=False,
        help="The customer's balance right after this order's points were booked.",
    )
    retail_points_note = fields.Text("Points Note", readonly=True, copy=False)
    retail_points_error = fields.Text(
        "Points Error",
        readonly=True,
        copy=False,
        help="Why the points of this order could not be booked. The order itself "
        "is saved; book the points with Adjust points on the customer.",
    )
    retail_points_held = fields.Boolean(
        "Points Set Aside",
        readonly=True,
        copy=False,
        index=True,
        help="Points set aside by the amount check: the amounts the till sent "
        "differ from those the server computes from the prices, quantities, "
        "discounts and taxes. Nothing was booked; a retail manager books the "
        "points (from the server's amounts) after review.",
    )
    retail_points_mismatch = fields.Monetary(
        "Amount Difference",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="The till's amount minus the amount the server computes (the "
        "largest difference found by the amount check).",
    )
    retail_points_booked = fields.Boolean(
        "Points Booking Done",
        readonly=True,
        copy=False,
        help="The booking of this paid order ran: whatever happens to the order "
        "later, it is not booked again.",
    )

    # -- hooks of the POS flow ------------------------------------------------
    def action_pos_order_paid(self):
        """Book the points of orders that become paid now. The method is
        public (the till's sync calls it): called again on an order paid
        long ago, with a customer set since, it books nothing; re-booking a
        failed order is ``action_retail_book_points`` (managers)."""
        becoming_paid = self.filtered(
            lambda order: order.state == "draft" and not order.retail_points_booked
        )
        res = super().action_pos_order_paid()
        becoming_paid._retail_book_points_safely()
        return res

    def action_pos_order_invoice(self):
        """Only a paid order is invoiced. Odoo's back office shows *Invoice*
        on paid orders only, but the method is public: called on an order
        still in draft (a refund made with *Return Products*, say), Odoo
        marks it invoiced without paying it (:meth:`action_pos_order_paid`),
        so without the server's checks of what it pays and refunds and
        without its points: a refund of a gift card sold was paid out in
        cash while the card kept its money. Register its payments first."""
        unpaid = self.filtered(lambda order: order.state not in PAID_STATES)
        if unpaid:
            raise UserError(
                _(
                    "Only a paid order can be invoiced: register the payments "
                    "of %(orders)s first.",
                    orders=", ".join(unpaid.mapped("name")),
                )
            )
        return super().action_pos_order_invoice()

    @api.model
    def create_from_ui(self, orders, draft=False):
        """Answer the till with what each order did to the points, so that the
        receipt prints them and the till shows the new balance at once."""
        self._retail_check_ui_orders(orders)
        if draft:
            return super().create_from_ui(orders, draft=draft)
        if not self._retail_queue_and_lock_at_once(orders):
            customers = self._retail_queue_for_customers_of(orders)
            self._retail_lock_for_sync(orders, customers)
        # what the bookings of this sync leave for the receipts: the ledger
        # they posted need not be read again (_retail_receipt_ledger)
        self.env.cr.cache[RECEIPTS] = {}
        try:
            result = super().create_from_ui(orders, draft=draft)
            synced = self.browse([values["id"] for values in result])
            data = {order.id: order._retail_points_ui_data() for order in synced}
        finally:
            self.env.cr.cache.pop(RECEIPTS, None)
        for values in result:
            values["retail_points"] = data.get(values["id"])
        return result

    @api.model
    def _retail_check_ui_orders(self, orders):
        """Refuse orders whose shape, figures, ids or dates no till sends
        (``pos_ui_order_check``), before anything is saved."""
        check_ui_orders(orders)

    @api.model
    def _retail_customers_of(self, orders):
        """The commercial entities of the customers of ``orders``, in id
        order, found in one query: only their ids are needed, to queue and
        lock them (the orders are checked when they are saved), and reading
        them as records would fetch every column of the partners."""
        query = self._retail_customers_sql(orders)
        if query is None:
            return self.env["res.partner"]
        self.env.cr.execute(SQL("SELECT %s", query))
        return self.env["res.partner"].browse(self.env.cr.fetchone()[0] or [])

    @api.model
    def _retail_customers_sql(self, orders):
        """SQL of the array of the ids of :meth:`_retail_customers_of`, or
        ``None`` when the orders name no customer."""
        partner_ids = {
            order["data"].get("partner_id")
            for order in orders
            if isinstance(order.get("data"), dict)
        } - {None, False}
        if not partner_ids:
            return None
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        return SQL(
            "(SELECT array_agg(DISTINCT commercial_partner_id "
            "ORDER BY commercial_partner_id) FROM res_partner "
            "WHERE id IN %s AND commercial_partner_id IS NOT NULL)",
            tuple(partner_ids),
        )

    @api.model
    def _retail_queue_for_customers_of(self, orders):
        """Make the tills syncing orders of one customer wait for each other
        at the start of the sync, not fail at the customer's row.

        Odoo runs a request in one REPEATABLE READ transaction: a till that
        waited for the customer's row lock while another till booked gets a
        serialization failure when that one commits (its snapshot is older
        than the commit), and Odoo replays the whole request after a random
        pause of up to 2 seconds (``odoo.service.model.retrying``), then 4.
        Instead, while this transaction has written nothing yet, the
        customers' queue locks are taken (session-level advisory locks, in
        the order of the ids, on ``(CUSTOMER_QUEUE_LOCK, customer id)``, held
        across rollbacks): the first one at once when no other till holds it
        (the rule), in the query that checks that nothing was written; the
        others after a rollback, waiting for the tills ahead. Then the
        transaction is rolled back (what it read so far is read again): its
        next statement takes a fresh snapshot, which sees what the till
        served before it committed.
        The queue locks are released as soon as this transaction commits or
        rolls back (``postcommit`` / ``postrollback``: closing a cursor rolls
        it back, so they never stay on a connection returned to the pool).

        Only tills wait here: every other writer of a balance still takes
        the row lock (``res.partner._retail_lock``) and, at worst, is
        retried by Odoo as before. In a transaction that has written already
        (a test's, or an order synced in a bigger transaction), nothing is
        rolled back and nothing is queued: the row lock alone serialises;
        nor in the test cursor an HttpCase shares with its requests.

        :return: the customers (:meth:`_retail_customers_of`), found in the
            query that takes the first queue lock
        """
        if self.env.registry.in_test_mode():
            # a test cursor's commit drops the post-commit hooks (HttpCase)
            return self._retail_customers_of(orders)
        query = self._retail_customers_sql(orders)
        if query is None:
            return self.env["res.partner"]
        cr = self.env.cr
        self.env.flush_all()
        # the rule, no other till in the queue: the first queue lock is
        # taken at once, in the query that finds the customers and checks
        # that nothing was written
        cr.execute(
            SQL(
                "SELECT c.ids, CASE WHEN txid_current_if_assigned() IS NULL "
                "AND c.ids IS NOT NULL THEN pg_try_advisory_lock(%s, c.ids[1]) END "
                "FROM (SELECT %s AS ids) c",
                CUSTOMER_QUEUE_LOCK,
                query,
            )
        )
        customer_ids, first = cr.fetchone()
        customers = self.env["res.partner"].browse(customer_ids or [])
        if first is None:
            return customers
        connection = cr._cnx
        held = [customer_ids[0]] if first else []

        def release():
            try:
                # the connection itself: the cursor may be closing already
                with connection.cursor() as raw:
                    while held:
                        raw.execute(
                            "SELECT pg_advisory_unlock(%s, %s)",
                            [CUSTOMER_QUEUE_LOCK, held.pop()],
                        )
            except psycopg2.Error:
                # a broken connection is closed, its locks with it
                _logger.warning("customer queue locks not released", exc_info=True)

        waiting = customer_ids[len(held) :]
        if waiting:
            cr.rollback()
            try:
                # a wait is bounded (CUSTOMER_QUEUE_WAIT_MS); the setting ends
                # with this transaction, rolled back below
                cr.execute(
                    "SET LOCAL lock_timeout = %s", [f"{CUSTOMER_QUEUE_WAIT_MS}ms"]
                )
                for customer_id in waiting:
                    cr.execute(
                        "SELECT pg_advisory_lock(%s, %s)",
                        [CUSTOMER_QUEUE_LOCK, customer_id],
                        log_exceptions=False,
                    )
                    held.append(customer_id)
            except psycopg2.errors.LockNotAvailable:
                _logger.warning(
                    "Tills waited %s ms in the queue of customers %s: "
                    "synced without it",
                    CUSTOMER_QUEUE_WAIT_MS,
                    customer_ids,
                )
                cr.rollback()
                release()
                return customers
        # the next statement takes a fresh snapshot: it sees what the till
        # served before this one committed (a wait, or a lock taken at once
        # after that till released it, may be later than this snapshot)
        cr.rollback()

        cr.postcommit.add(release)
        cr.postrollback.add(release)
        return customers

    @api.model
    def _retail_queue_and_lock_at_once(self, orders):
        """The rule of a sync with one customer: no other till is syncing for
        that customer, and none committed for them since this transaction's
        snapshot. Then ONE statement does what
        :meth:`_retail_queue_for_customers_of` and
        :meth:`_retail_lock_for_sync` do in three round trips and a fourth
        after the commit: find the customer, take its queue lock (for the
        transaction: it ends with it, nothing to release), lock the POS
        sessions' rows, then the customer's row (the order of
        :meth:`_retail_lock_for_sync`), and read the customer's columns the
        booking reads.

        The queue lock is tried only while this transaction has written
        nothing, and the rows are locked only when it was free. A
        serialization failure on the rows (another transaction changed them
        since this one's snapshot: the till served before this one, or any
        other writer) rolls the transaction back; the sync then queues and
        locks step by step, from a fresh snapshot.

        :return: whether the sync is queued and locked; ``False`` when it is
            to queue and lock step by step (several customers, a queue lock
            held by another till, a transaction that has written, a test's
            cursor, or the rollback above)
        """
        if self.env.registry.in_test_mode():
            # a test cursor's commit drops the post-commit hooks (HttpCase)
            return False
        query = self._retail_customers_sql(orders)
        session_ids = self._retail_session_ids_of(orders)
        if query is None or not session_ids:
            return False
        cr = self.env.cr
        self.env.flush_all()
        # the queue lock first (a materialised CTE, evaluated once), then
        # the rows, only when it was taken (one customer, nothing written):
        # the sessions' rows before the customer's, as _retail_lock_for_sync
        # takes them (the customer's condition reads the sessions' update,
        # which runs it before the customer's row is locked)
        statement = SQL(
            """
            WITH queue AS (
                SELECT c.ids, CASE WHEN txid_current_if_assigned() IS NULL
                                    AND cardinality(c.ids) = 1
                               THEN pg_try_advisory_xact_lock(%(key)s, c.ids[1])
                               END AS queued
                  FROM (SELECT %(customers)s AS ids) c
            ), sessions AS (
                UPDATE pos_session SET write_date = write_date WHERE id IN (
                    SELECT id FROM pos_session
                     WHERE id IN %(sessions)s AND (SELECT queued FROM queue)
                  ORDER BY id FOR NO KEY UPDATE)
                RETURNING id
            )
            SELECT queue.ids, queue.queued, customer.*
              FROM queue LEFT JOIN LATERAL (%(lock)s) customer ON TRUE
            """,
            key=CUSTOMER_QUEUE_LOCK,
            customers=query,
            sessions=tuple(session_ids),
            lock=self.env["res.partner"]._retail_lock_sql(
                LOCKED_CUSTOMER_FIELDS,
                SQL(
                    "id = ANY(queue.ids) AND queue.queued "
                    "AND (SELECT count(*) FROM sessions) >= 0"
                ),
            ),
        )
        try:
            cr.execute(statement, log_exceptions=False)
        except psycopg2.errors.SerializationFailure:
            # nothing was written: start again from a fresh snapshot
            cr.rollback()
            return False
        rows = cr.fetchall()
        if not rows[0][1]:
            return False
        self._retail_cache_locked_customers([row[2:] for row in rows])
        return True

    @api.model
    def _retail_cache_locked_customers(self, rows):
        """Put in the cache what the customers' lock read: ``rows`` of the
        customer's id and its ``LOCKED_CUSTOMER_FIELDS``. The values of
        pending writes win over those read here (as a fetch leaves them):
        none is lost. The balances are read again after the lock (as
        ``res.partner._retail_lock`` leaves them)."""
        partners = self.env["res.partner"]
        found = partners.browse(row[0] for row in rows)
        for index, fname in enumerate(LOCKED_CUSTOMER_FIELDS, start=1):
            self.env.cache.insert_missing(
                found, partners._fields[fname], [row[index] for row in rows]
            )
        found.invalidate_recordset(list(BALANCE_FIELDS))

    @api.model
    def _retail_session_ids_of(self, orders):
        """The ids of the POS sessions ``orders`` name, in id order."""
        return sorted(
            {
                order["data"].get("pos_session_id")
                for order in orders
                if isinstance(order.get("data"), dict)
            }
            - {None, False}
        )

    @api.model
    def _retail_lock_for_sync(self, orders, customers):
        """Take the locks of a sync before anything is saved, in one round
        trip (they are statements of their own, in this order):

        - the rows of the POS sessions of the paid orders, see below;
        - the ``customers`` of the paid orders (``_retail_customers_of``):
          two tills syncing for one customer then queue here instead of
          deadlocking later. The lock is the customers' one lock,
          ``res.partner._retail_lock`` (see there for its strength). Tills
          have queued for these customers before
          (``_retail_queue_for_customers_of``) and see the balance the
          previous till left; any other writer that changed the balance
          since makes Odoo retry the sync. What the booking reads of them
          (``BOOKING_CUSTOMER_FIELDS``) is read by that same statement;
        - the sessions' rows are updated (changing nothing), so that two
          syncs of one session never save at the same time on data they
          cannot see: the second waits for the first, then
          fails as a concurrent update, and Odoo retries it in a fresh
          transaction, which finds the orders the first saved. A till that
          sends an order again to another server while the first one still
          saves it (its answer late, not lost) would otherwise save the
          order twice: Odoo finds an order by its reference only among the
          committed ones, and an order without a customer locks nothing
          else (an order with one locks the customer, whose balance the
          first one changes).
        """
        statements = []
        session_ids = self._retail_session_ids_of(orders)
        if session_ids:
            statements.append(
                SQL(
                    "UPDATE pos_session SET write_date = write_date WHERE id IN "
                    "(SELECT id FROM pos_session WHERE id IN %s ORDER BY id "
                    "FOR NO KEY UPDATE)",
                    tuple(session_ids),
                )
            )
        if customers:
            statements.append(customers._retail_lock_sql(LOCKED_CUSTOMER_FIELDS))
        if statements:
            self.env.cr.execute(SQL("; ").join(statements), log_exceptions=False)
        if customers:
            # the rows found (a customer deleted meanwhile has none)
            self._retail_cache_locked_customers(self.env.cr.fetchall())
            customers.invalidate_recordset(list(BALANCE_FIELDS))

    def _export_for_ui(self, order):
        result = super()._export_for_ui(order)
        result["retail_points"] = order._retail_points_ui_data()
        return result

    def write(self, vals):
        """The till's reference names the order in the ledger's keys: once the
        order is paid, it is a fact that no longer changes. So is the payment
        itself: a paid order never goes back to draft (or to cancelled), from
        where paying it again would book its points again. Odoo's own flows
        only move a paid order on (closing the session: ``done``; invoicing:
        ``invoiced``)."""
        if vals.get("state") in ("draft", "cancel"):
            paid = self.filtered(lambda order: order.state in PAID_STATES)
            if paid:
                raise UserError(
                    _(
                        "%(order)s is paid: it cannot go back to draft or be "
                        "cancelled. Refund it instead.",
                        order=paid[0].name,
                    )
                )
        if "partner_id" in vals:
            self._retail_check_held_customer(vals["partner_id"])
            self._retail_check_paid_customer(vals["partner_id"])
        if "fiscal_position_id" in vals:
            self._retail_check_paid_fiscal_position(vals["fiscal_position_id"])
        if "pos_reference" in vals:
            for order in self:
                if (
                    order.state != "draft"
                    and order.pos_reference != vals["pos_reference"]
                ):
                    raise UserError(
                        _(
                            "The receipt number of %(order)s cannot change once "
                            "the order is paid.",
                            order=order.name,
                        )
                    )
        return super().write(vals)

    def _retail_check_held_customer(self, partner_id):
        """The customer of an order set aside is who its points will be
        booked for after the review: only a retail manager changes it (a
        cashier could otherwise send the points of a sale to anyone)."""
        held = self.filtered(
            lambda order: (
                order.retail_points_held
                and order.partner_id.id != (partner_id or False)
            )
        )
        if held and not self.env.user.has_group(
            "crm_retail_customers.group_retail_manager"
        ):
            raise UserError(
                _(
                    "%(order)s is set aside until its points are reviewed: only "
                    "a retail manager can change its customer.",
                    order=held[0].name,
                )
            )

    def _retail_check_paid_customer(self, partner_id):
        """The customer of a paid order is whom its points were booked for,
        and whom its invoice's credit notes and its bonuses are measured
        against: only a retail manager gives it to another customer (a
        cashier could otherwise invoice a sale to someone and credit their
        points away). Setting a customer on a paid order without one (Odoo's
        till does so to invoice it) or another contact of the same customer
        stays open to cashiers."""
        if self.env.su or self.env.user.has_group(
            "crm_retail_customers.group_retail_manager"
        ):
            return
        partner = self.env["res.partner"].browse(partner_id or ())
        customer = partner.commercial_partner_id
        moved = self.filtered(
            lambda order: (
                order.state in PAID_STATES
                and order.partner_id
                and order.partner_id.commercial_partner_id != customer
            )
        )
        if moved:
            raise UserError(
                _(
                    "%(order)s is paid: only a retail manager can give it to "
                    "another customer.",
                    order=moved[0].name,
                )
            )

    def _retail_check_paid_fiscal_position(self, fiscal_position_id):
        """A paid order's taxes are a fact of the sale: its refunds are
        priced with them (``_retail_server_amounts``), so a fiscal
        position changed since would set an honest refund aside."""
        changed = self.filtered(
            lambda order: (
                order.state in PAID_STATES
                and order.fiscal_position_id.id != (fiscal_position_id or False)
            )
        )
        if changed:
            raise UserError(
                _(
                    "%(order)s is paid: its fiscal position cannot change.",
                    order=changed[0].name,
                )
            )

    def action_retail_book_points(self):
        """Book the points of paid orders whose booking failed, once the cause
        is fixed (retail managers only: it books points on the customer the
        order names now). Safe to repeat: what was booked already is not
        booked again.
        """
        check_retail_manager(
            self.env,
            _("Only a retail manager can book the points of an order again."),
        )
        orders = self.filtered(
            lambda order: (
                order.state in PAID_STATES
                and (order.retail_points_error or order.retail_points_held)
            )
        ).sorted("id")  # a sale before its refunds
        # the difference the till made stays on the order (what it sent is
        # a fact); reviewed: the manager has looked at the amounts, the
        # points are booked from the server's amounts all the same
        orders._retail_write_derived(
            {"retail_points_error": False, "retail_points_held": False}
        )
        orders._retail_book_points_safely(reviewed=True)
        return True

    # -- booking ----------------------------------------------------------------
    def _retail_book_points_safely(self, reviewed=False):
        """Book the points of paid orders without ever losing a sale.

        Each order books in a savepoint: when booking fails, the savepoint is
        rolled back, the reason is logged and kept on the order, and the order
        is saved anyway. Serialization failures and lock timeouts (two tills
        booking for one customer at the same instant) are raised instead, so
        that Odoo retries the whole sync, points included. ``reviewed``: a
        retail manager books orders the amount check set aside.
        """
        receipts = self.env.cr.cache.get(RECEIPTS)
        for order in self:
            try:
                with self.env.cr.savepoint():
                    if reviewed:
                        receipt = order._retail_book_points(reviewed=True)
                    else:
                        receipt = order._retail_book_points()
                if receipts is not None and receipt is not None:
                    receipts[order.id] = receipt
            except psycopg2.OperationalError:
                raise
            except Exception as error:
                _logger.exception(
                    "Reward points of POS order %s could not be booked", order.name
                )
                order._retail_write_derived(
                    {
                        "retail_points_error": _(
                            "The reward points of this order could not be "
                            "booked: %(error)s",
                            error=str(error),
                        )
                    }
                )

    def _retail_book_points(self, reviewed=False):
        """Book what this paid order does to the reward points: redemption and
        earning for its sale lines, reversal and give-back for its refund lines.

        Every amount is the server's (:meth:`_retail_server_amounts`): when
        the till's amounts differ, the order is set aside and books nothing
        until a retail manager books it (``reviewed``). The order books once:
        ``retail_points_booked`` marks it, whatever its reference becomes.

        The customers concerned are locked (in id order, so that two tills
        never deadlock: first when there are several, else by the posting),
        and every amount is checked against balances and earlier bookings
        that no other transaction can change meanwhile.
        The number of queries does not grow with the customer's history.
        """
        self.ensure_one()
        # sudo: cashiers can neither create ledger entries nor write balances;
        # they earn and redeem only through this server-side flow, which books
        # what the paid order itself justifies.
        order = self.sudo()
        lines = order._retail_fetch_lines()
        sale_lines, refund_lines = order._retail_points_lines(lines)
        ref = order._retail_points_ref(lines)
        # what the booking and the receipt read of the customer, and only
        # that: the row of a hundred columns, read whole, was one of the
        # booking's largest costs (a field missing here is read with the
        # rest of the row)
        order.partner_id.fetch(["commercial_partner_id", *BOOKING_CUSTOMER_FIELDS])
        customer = order.partner_id.commercial_partner_id
        # no query when the partner is the customer (not a company's contact)
        customer.fetch(BOOKING_CUSTOMER_FIELDS)
        # a till of company B never books on a customer of company A
        order._retail_check_points_company(
            customer,
            _(
                "%(customer)s belongs to %(customer_company)s; a till of "
                "%(company)s cannot book reward points for them."
            ),
        )
        origins = refund_lines.refunded_orderline_id.order_id
        errors = order._retail_refund_errors(refund_lines) if reviewed else []
        if errors:
            # set aside otherwise (_retail_refund_differences)
            raise UserError(
                _(
                    "%(order)s cannot be booked: %(errors)s.",
                    order=order.name,
                    errors="; ".join(label for label, _till, _server in errors),
                )
            )
        if reviewed and origins.filtered("retail_points_held"):
            # set aside otherwise (_retail_refund_differences)
            raise UserError(
                _(
                    "%(order)s refunds %(origin)s, whose points are set aside: "
                    "book the points of %(origin)s first.",
                    order=order.name,
                    origin=origins.filtered("retail_points_held")[0].name,
                )
            )
        origin_entries = order._retail_origin_entries(origins)
        customers = self.env["res.partner"].browse(
            {entry["customer_id"] for entry in origin_entries}
        )
        if sale_lines:
            customers |= customer
        vals = {}
        if len(customers) > 1:
            # a refund of another customer's sale: the one customer lock
            # (res.partner._retail_lock) in id order, before anything is
            # read, so that two bookings never wait for each other in a
            # cycle. One customer is locked by the booking's read of a sale
            # (_retail_ledger_state) or by its posting (_book_points), the
            # till's sync has locked it already (_retail_lock_for_sync),
            # and the lock fails as a serialization failure (Odoo retries)
            # should another transaction have changed what is read here
            customers._retail_lock()
        ledger = order._retail_ledger_state(
            customer, ref, bool(sale_lines), lines=lines
        )
        if not ledger["booked"]:
            # the receipt's points by rule are those posted now (_retail_post)
            ledger["rules"] = []
        amounts = order._retail_server_amounts(lines, ledger.get("taxes"))
        ledger["amounts"] = amounts
        if not reviewed and order._retail_hold_if_mismatch(
            lines, amounts, ledger.get("taxes")
        ):
            order._retail_reserve_redemption(customer, sale_lines, ref, ledger)
            return
        # what the recorded payments (change given back deducted) paid for
        # the sale lines: the refund lines' money went to the customer
        # and the refunded goods of this customer's own earlier sales, as far
        # as money paid for them (_retail_refund_credit)
        ledger["pay_cap"] = ledger["paid"] + order._retail_refund_credit(
            refund_lines, ledger, customer, origin_entries
        )
        order._retail_check_not_booked_elsewhere(ledger)
        if sale_lines:
            # the sale's events are keyed by the receipt number; a refund's
            # by its id, and capped by what the refunded order booked
            order._retail_check_reference_unused(ref, ledger["twin"])
            vals.update(order._retail_book_sale(customer, sale_lines, ref, ledger))
        if sale_lines and not refund_lines:
            # a sale: what it paid out on points methods (a negative points
            # payment, e.g. change given "in points") gives nothing back
            note = order._retail_note_payback_beyond(ledger, 0.0, sale=True)
            if note:
                vals["retail_points_note"] = "\n".join(
                    filter(None, [vals.get("retail_points_note"), note])
                )
        if refund_lines:
            refunds = order._retail_book_refunds(refund_lines, origin_entries, ledger)
            note = refunds.pop("retail_points_note", False)
            for field, points in refunds.items():
                vals[field] = vals.get(field, 0.0) + points
            if note:
                vals["retail_points_note"] = "\n".join(
                    filter(None, [vals.get("retail_points_note"), note])
                )
        taken = order._retail_revoke_bonuses(refund_lines, ledger)
        # points the expiry had taken already are not taken back: what the
        # refund took from its customer is the take-backs less those
        taken -= ledger.get("expired_back", 0.0)
        if taken or ledger.get("refund_notes"):
            reversed_points = float_round(
                vals.get("retail_points_reversed", 0.0) + taken,
                precision_digits=order._retail_digits(),
            )
            vals["retail_points_reversed"] = reversed_points
            notes = [vals.get("retail_points_note"), *ledger.get("refund_notes", [])]
            vals["retail_points_note"] = "\n".join(filter(None, notes))
        if customer:
            vals["retail_points_balance"] = ledger["balance"]
        vals["retail_points_booked"] = True
        order._retail_write_derived(vals)
        if "rules" in ledger:
            return {"card": ledger.get("card"), "rules": ledger["rules"]}
        return None

    def _retail_server_amounts(self, lines, product_taxes=None):
        """What ``lines`` of this order amount to, computed by the server as
        Odoo computes a POS line (``pos.order.line._compute_amount_line_all``):
        price x (1 - discount) x quantity with the product's taxes of the
        order's company, mapped by the order's fiscal position. A refund line
        is priced as the line it refunds (its price, discount and taxes), a
        refund of a points discount line by its own price and the refunded
        line's taxes (``pos_order_refund_share``).
        The amounts the till sent are never used: see
        :meth:`_retail_hold_if_mismatch`.

        ``product_taxes`` are the products' taxes when the caller read them
        already (see :meth:`_retail_product_taxes`).

        :return: ``{line id: (amount without taxes, amount with taxes)}``
        """
        currency = self.currency_id
        if product_taxes is None:
            product_taxes = self._retail_product_taxes(lines)
        goods_taxes = self._retail_goods_tax_sets(lines, product_taxes)
        result = {}
        for line in lines:
            source = line.refunded_orderline_id
            if source:
                taxes = source.order_id.fiscal_position_id.map_tax(source.tax_ids)
                source = self._retail_refund_price_line(line)
            else:
                source = line
                taxes = self.fiscal_position_id.map_tax(
                    self._retail_line_taxes(line, product_taxes, goods_taxes)
                )
            result[line.id] = self._retail_line_amount(
                source, taxes, line.qty, line.product_id, currency
            )
        return result

    def _retail_line_amount(self, source, taxes, qty, product, currency):
        """``(amount without taxes, amount with taxes)`` of ``qty`` of the
        line ``source`` (its price and discount) with ``taxes``, as Odoo
        computes a POS line."""
        price = (source.price_unit or 0.0) * (1 - (source.discount or 0.0) / 100.0)
        qty = qty or 0.0
        if not math.isfinite(price * qty):
            # no amount at all (the till sent no number): nothing earned
            return (0.0, 0.0)
        if taxes:
            res = taxes.compute_all(
                price,
                currency,
                qty,
                product=product,
                partner=self.partner_id or False,
            )
            return (res["total_excluded"], res["total_included"])
        amount = currency.round(price * qty)
        return (amount, amount)

    def _retail_line_taxes(self, line, product_taxes, goods_taxes):
        """The taxes, before the fiscal position, the server applies to the
        sale ``line`` (not a refund line): its product's sale taxes of the
        order's company (``product_taxes``, see :meth:`_retail_product_taxes`),
        never the taxes the till sent. A hook for lines another app prices
        (Odoo's loyalty rewards: ``crm_retail_customers_loyalty``).

        A points discount line discounts the goods of one set of taxes (the
        till adds one line per set, so that the discount lowers the tax base
        of what it pays for): the taxes the till sent are accepted when they
        are exactly those of some goods on the order (``goods_taxes``, see
        :meth:`_retail_goods_tax_sets`); any other set prices the line
        untaxed, which differs from the till's amounts and sets the order
        aside (:meth:`_retail_hold_if_mismatch`)."""
        if self._retail_is_redemption_line(line):
            if frozenset(line.tax_ids.ids) in goods_taxes:
                return line.tax_ids
            return self.env["account.tax"]
        return self.env["account.tax"].browse(
            product_taxes.get(str(line.product_id.id)) or []
        )

    def _retail_goods_tax_sets(self, lines, product_taxes):
        """The sets of taxes (ids before the fiscal position, as frozensets)
        the server applies to the goods among the sale ``lines``."""
        goods = self._retail_goods_lines(lines).filtered(
            lambda line: not line.refunded_orderline_id
        )
        return {
            frozenset(product_taxes.get(str(product.id)) or [])
            for product in goods.product_id
        }

    def _retail_is_redemption_line(self, line):
        """Whether ``line`` is a points discount line (``Redeem points``)."""
        product_id = self._retail_redemption_product_id()
        return bool(product_id) and line.product_id.id == product_id

    def _retail_product_taxes(self, lines):
        """``{product id (str): tax ids}``: the sale taxes of the products of
        ``lines`` (refund lines aside) in the order's company or its parents,
        as ``product.taxes_id`` filtered by the company gives them, in ONE
        query."""
        if not lines.filtered(lambda line: not line.refunded_orderline_id):
            return {}
        self.env.cr.execute(SQL("SELECT %s", self._retail_product_taxes_sql(lines)))
        return self.env.cr.fetchone()[0] or {}

    def _retail_product_taxes_sql(self, lines):
        """The query of :meth:`_retail_product_taxes`, to be part of another
        (``_retail_ledger_state``): one query for both."""
        products = lines.filtered(lambda line: not line.refunded_orderline_id)
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["account.tax"].flush_model(["company_id", "active", "type_tax_use"])
        # sudo: only the ids of the order's company and of its parents are read
        companies = self.company_id.sudo().parent_path.split("/")[:-1]
        return SQL(
            """
            (SELECT json_object_agg(pp.id, ARRAY(
                        SELECT t.id
                          FROM product_taxes_rel r
                          JOIN account_tax t ON t.id = r.tax_id
                         WHERE r.prod_id = pp.product_tmpl_id
                           AND t.active AND t.type_tax_use = 'sale'
                           AND t.company_id = ANY(%(companies)s)
                      ORDER BY t.sequence, t.id))
               FROM product_product pp
              WHERE pp.id = ANY(%(products)s))
            """,
            companies=[int(company) for company in companies],
            products=products.product_id.ids,
        )

    def _retail_hold_if_mismatch(self, lines, amounts, product_taxes=None):
        """Compare what the till sent with what the server computes
        (``amounts``, see :meth:`_retail_server_amounts`): every line's
        amounts, the order's total and taxes, and the points each points
        discount line claims against its value. A difference beyond the
        currency's rounding sets the order aside: nothing is booked but its
        points discount (:meth:`_retail_reserve_redemption`), the largest
        difference is kept in ``retail_points_mismatch`` and the
        differences are listed in ``retail_points_error`` for the back
        office (Orders set aside). The sale itself stands.

        :return: whether the order was set aside
        """
        currency = self.currency_id
        differences = []

        def compare(label, till, server):
            till = till or 0.0
            if (
                not math.isfinite(till)
                or currency.compare_amounts(abs(till - server), currency.rounding) > 0
            ):
                differences.append((label, till, server))

        product_id = self._retail_redemption_product_id()
        point_value = self.company_id.retail_point_value
        for line in lines:
            excl, incl = amounts[line.id]
            compare(("without taxes", line), line.price_subtotal, excl)
            compare(("with taxes", line), line.price_subtotal_incl, incl)
            is_redemption = product_id and line.product_id.id == product_id
            if is_redemption and point_value > 0 and line.retail_redeem_points:
                compare(
                    _("value of the points the discount claims"),
                    line.retail_redeem_points * point_value,
                    -incl,
                )
        differences += self._retail_refund_share_differences(lines, amounts)
        by_taxes = self._retail_discounts_by_taxes(lines, amounts)
        # the split may differ from the exact share by what rounding to the
        # points' digits and to cents leaves, on every set of taxes
        digits = self.company_id._retail_points_digits()
        tolerance = len(by_taxes) * (point_value * 10**-digits + 2 * currency.rounding)
        for discount, goods, share in by_taxes:
            if currency.compare_amounts(discount - goods, currency.rounding) > 0:
                differences.append(
                    (
                        _("points discount beyond the goods of its taxes"),
                        discount,
                        goods,
                    )
                )
            elif share is not None and abs(discount - share) > tolerance:
                differences.append(
                    (
                        _("points discount not split by the goods' taxes"),
                        discount,
                        share,
                    )
                )
        for line, expected in self._retail_tax_differences(lines, product_taxes or {}):
            differences.append(
                (
                    _(
                        "%(product)s, taxes %(till)s instead of %(server)s",
                        product=line.product_id.display_name,
                        till=", ".join(line.tax_ids.mapped("name")) or "-",
                        server=", ".join(expected.mapped("name")) or "-",
                    ),
                    line.price_subtotal_incl,
                    line.price_subtotal_incl,
                )
            )
        differences += self._retail_refund_differences(lines)
        untaxed = currency.round(sum(excl for excl, _incl in amounts.values()))
        tax = currency.round(sum(incl - excl for excl, incl in amounts.values()))
        compare(_("order total"), self.amount_total, untaxed + tax)
        compare(_("order taxes"), self.amount_tax, tax)
        if not differences:
            return False
        _label, till, server = max(
            differences,
            key=lambda d: abs(d[1] - d[2]) if math.isfinite(d[1]) else math.inf,
        )
        mismatch = till - server if math.isfinite(till) else 0.0

        def money(amount):
            if not math.isfinite(amount):
                return str(amount)
            return formatLang(self.env, amount, currency_obj=currency)

        def label(what):
            if not isinstance(what, tuple):
                return what
            name = what[1].product_id.display_name
            if what[0] == "with taxes":
                return _("%(product)s, with taxes", product=name)
            return _("%(product)s, without taxes", product=name)

        details = "\n".join(
            _(
                "- %(what)s: the till says %(till)s, the server computes %(server)s",
                what=label(what),
                till=money(till_amount),
                server=money(server_amount),
            )
            for what, till_amount, server_amount in differences[:10]
        )
        self._retail_write_derived(
            {
                "retail_points_held": True,
                "retail_points_mismatch": mismatch,
                "retail_points_booked": True,
                "retail_points_error": _(
                    "The amounts the till sent differ from those the server "
                    "computes (largest difference: %(difference)s); no points "
                    "were earned, taken back or given back for this order (its "
                    "points discount, if any, was redeemed). Review the order, "
                    "then book its points (from the server's amounts)."
                    "\n%(details)s",
                    difference=money(mismatch),
                    details=details,
                ),
            }
        )
        _logger.warning(
            "POS order %s set aside: the till's amounts differ from the server's by %s",
            self.name,
            mismatch,
        )
        return True

    def _retail_discounts_by_taxes(self, lines, amounts):
        """``[(points discount, goods, share)]`` per set of taxes of the
        points discount lines among ``lines``, all with taxes (``amounts``):
        a discount lowers the tax base of the goods it pays for, so it may
        not be larger than the goods of its taxes that may be paid with
        points (not ``retail_no_points``), and the till splits it over the
        sets in proportion to them: ``share`` is that part of the whole
        discount (``None`` for an untaxed discount, of a till of an earlier
        version, which lowers no tax base and may pay for any goods)."""
        discounts = defaultdict(float)
        goods = defaultdict(float)
        everything = 0.0
        for line in lines.filtered(lambda line: not line.refunded_orderline_id):
            taxes = frozenset(line.tax_ids.ids)
            if self._retail_is_redemption_line(line):
                discounts[taxes] -= amounts[line.id][1]
                continue
            everything += amounts[line.id][1]
            if not line.product_id.retail_no_points:
                goods[taxes] += amounts[line.id][1]
        payable = sum(amount for amount in goods.values() if amount > 0)
        total = sum(discounts.values())
        result = []
        for taxes, discount in discounts.items():
            if not taxes:
                # an untaxed discount paying for goods never paid with points
                # is booked and said on the order (_retail_note_unpayable)
                result.append((discount, everything, None))
                continue
            share = total * max(goods[taxes], 0.0) / payable if payable else 0.0
            result.append((discount, goods[taxes], share))
        return result

    def _retail_tax_differences(self, lines, product_taxes):
        """``[(line, expected taxes)]`` of the lines whose taxes (before the
        fiscal position) are not those the server applies: a sale line's
        product taxes (or, for a discount, the taxes it may carry:
        :meth:`_retail_line_taxes`), a refund line's the
        taxes of the line it refunds. The invoice and the session's entries
        are made of the lines' taxes, so the till's are checked too."""
        goods_taxes = self._retail_goods_tax_sets(lines, product_taxes)
        different = []
        for line in lines:
            source = line.refunded_orderline_id
            if source:
                expected = source.tax_ids
            else:
                expected = self._retail_line_taxes(line, product_taxes, goods_taxes)
            if set(expected.ids) != set(line.tax_ids.ids):
                different.append((line, expected))
        return different

    def _retail_refund_differences(self, lines):
        """Differences (as :meth:`_retail_hold_if_mismatch` lists them) of
        the refund lines among ``lines``: those no review makes bookable
        (:meth:`_retail_refund_errors`) and refunds of an order set aside."""
        found = self._retail_refund_errors(lines)
        for origin in self._retail_refunded_held_orders(lines):
            found.append(
                (
                    _(
                        "refunds %(order)s, set aside: book that order's points first",
                        order=origin.name,
                    ),
                    0.0,
                    0.0,
                )
            )
        return found

    def _retail_refund_errors(self, lines):
        """What no review makes bookable among the refund ``lines``, as
        differences (label, till's amount, server's amount): refunds of
        orders never paid, refunds in the direction of the line refunded,
        refunds of more than was sold. A manager's review books amounts as
        the server computes them; these have no amounts to book. (The
        refunds of orders set aside book once those are booked.)"""
        found = [
            (_("refunds %(order)s, which was never paid", order=origin.name), 0.0, 0.0)
            for origin in self._retail_refunded_unpaid_orders(lines)
        ]
        for line in self._retail_refunds_same_direction(lines):
            found.append(
                (
                    _(
                        "%(product)s, %(qty)s refunds a line of %(order)s that "
                        "sold %(sold)s",
                        product=line.product_id.display_name,
                        qty=line.qty,
                        order=line.refunded_orderline_id.order_id.name,
                        sold=line.refunded_orderline_id.qty,
                    ),
                    line.price_subtotal_incl,
                    line.price_subtotal_incl,
                )
            )
        refunded = self._retail_paid_refunded_quantities(lines)
        for line in self._retail_refunds_beyond_sale(lines, refunded):
            found.append(
                (
                    _(
                        "%(product)s, refunded %(refunded)s of %(sold)s sold",
                        product=line.product_id.display_name,
                        refunded=refunded[line.refunded_orderline_id],
                        sold=line.refunded_orderline_id.qty,
                    ),
                    line.price_subtotal_incl,
                    line.price_subtotal_incl,
                )
            )
        return found

    def _retail_refunds_same_direction(self, lines):
        """Refund lines whose quantity goes the way of the line they refund
        (or is nothing): a refund of a sale takes goods back. Odoo's till
        never sends one; a forged "refund" of another customer's sale line
        with a positive quantity would take back their points for goods
        nobody returned."""
        return lines.filtered(
            lambda line: (
                line.refunded_orderline_id
                and line.qty * line.refunded_orderline_id.qty >= 0
            )
        )

    def _retail_paid_refunded_quantities(self, lines):
        """``{refunded line: quantity refunded}`` of the lines the refund
        ``lines`` refund, counting the refunds of paid orders only (this
        order's included), each in the direction opposite to the line
        refunded: Odoo's ``refunded_qty`` also counts drafts, cancelled
        orders and "refunds" in the line's own direction, which a forged
        order would use to hide a refund of more than was sold."""
        result = {}
        for sold in lines.refunded_orderline_id:
            result[sold] = -sum(
                refund.qty
                for refund in sold.refund_orderline_ids
                if (refund.order_id == self or refund.order_id.state in PAID_STATES)
                and refund.qty * sold.qty < 0
            ) * (1 if sold.qty > 0 else -1)
        return result

    def _retail_refund_credit(self, refund_lines, ledger, customer, origin_entries):
        """What the refund ``refund_lines`` of this order give ``customer``
        (the commercial partner) to pay its sale with, as far as that sale
        earns points: the money of the refunded goods (taxes included,
        ``ledger["amounts"]``) of the refunded orders whose sale was booked
        for this customer, each at the share of its goods that money paid
        (:meth:`_retail_paid_share`). Refunds of discount lines (a points
        discount is given back as points, another discount is no money the
        customer paid) add nothing.

        The rest was never this customer's money: goods of another customer's
        or of an anonymous receipt (a cashier would give their points to
        anyone), what a points payment, a discount line or a return without
        receipt paid for, or nothing at all (an order that took no money).
        The sale earns on the money paid now and on that credit only."""
        credit = 0.0
        amounts = ledger["amounts"]
        for origin in refund_lines.refunded_orderline_id.order_id:
            sale_entry, _booked = origin._retail_origin_booked(origin_entries)
            if not (
                customer and sale_entry and sale_entry["customer_id"] == customer.id
            ):
                continue
            goods = origin._retail_paid_goods()
            share = origin._retail_paid_share(goods)
            for line in refund_lines:
                if line.refunded_orderline_id in goods and amounts[line.id][1] < 0:
                    credit -= amounts[line.id][1] * share
        return self.currency_id.round(credit)

    def _retail_paid_goods(self):
        """The lines of this order that sold goods: a positive quantity at a
        positive amount (not a discount line, not a return, not a refund, not
        a tip)."""
        product_id = self._retail_redemption_product_id()
        return self._retail_points_lines()[0].filtered(
            lambda line: (
                line.qty > 0
                and line.price_subtotal_incl > 0
                and line.product_id.id != product_id
            )
        )

    def _retail_paid_share(self, goods):
        """The share of this order's ``goods`` (:meth:`_retail_paid_goods`)
        that its sale earned points on (``retail_points_base``): what money
        paid of them, or the customer's own refunded goods in an exchange;
        not its points discount or payments, other discounts, nor what a
        return in the same order paid for. On the points' amount, with or
        without taxes as the company earns."""
        untaxed = self.company_id.retail_points_on_untaxed
        total = sum(
            line.price_subtotal if untaxed else line.price_subtotal_incl
            for line in goods
        )
        if total <= 0:
            return 0.0
        return min(max(self.retail_points_base, 0.0) / total, 1.0)

    def _retail_refunded_unpaid_orders(self, lines):
        """The orders ``lines`` refund that were never paid (a draft saved
        for later, a cancelled order): Odoo's till refunds only paid orders.
        A forged refund of one would count its goods as money the customer
        brought back, and pay for a sale that earns points, while nothing
        is taken back from anyone."""
        return lines.refunded_orderline_id.order_id.filtered(
            lambda order: order.state not in PAID_STATES
        )

    def _retail_refunded_held_orders(self, lines):
        """The orders set aside that ``lines`` refund: they have booked
        nothing yet, so a refund of them would take nothing back, and the
        sale booked after the review would earn on goods already returned.
        The refund is set aside too; it books once they are booked
        (:meth:`_retail_book_points` refuses it before)."""
        return lines.refunded_orderline_id.order_id.filtered("retail_points_held")

    def _retail_refunds_beyond_sale(self, lines, refunded):
        """Refund lines that, with the earlier refunds of their line
        (``refunded``: :meth:`_retail_paid_refunded_quantities`), refund
        more than it sold (Odoo's till prevents it; a forged order would pay
        out money for goods never sold). A refund of a points discount line
        is checked by its amount instead
        (:meth:`_retail_refund_share_differences`): its quantity only says
        which part of the discount it refunds."""
        refunds = lines.filtered(
            lambda line: (
                line.refunded_orderline_id
                and not self._retail_is_redemption_line(line.refunded_orderline_id)
            )
        )
        return refunds.filtered(
            lambda line: (
                float_compare(
                    refunded[line.refunded_orderline_id],
                    abs(line.refunded_orderline_id.qty),
                    precision_rounding=line.product_id.uom_id.rounding or 0.001,
                )
                > 0
            )
        )

    def _retail_origin_entries(self, origins, elsewhere=True):
        """Ledger entries booked for the refunded ``origins`` and by their
        earlier refunds, in ONE query: what a refund reverses and gives back
        is decided by them, not by figures on the orders.

        With ``elsewhere``, the earned points of an invoiced origin that the
        credit notes of its invoice took back already count as taken back by
        a refund (one more query, for invoiced origins only, answered by the
        invoicing bridge: ``retail.point.entry.
        _get_points_taken_back_elsewhere``): an entry keyed
        ``<origin ref>:reverse:elsewhere`` (``ELSEWHERE_STAGE``), with the
        customer and company of the origin's ``earn`` entry, that no entry
        of the ledger can have (a refund's key ends in ``#<id>``).

        :return: list of dicts with ``key``, ``points``, ``amount``,
            ``customer_id`` (the commercial partner that holds the points now),
            ``company_id`` (the company the entry was booked in), ``id`` and
            ``expiry_date`` (none for the ``elsewhere`` entries)
        """
        if not origins:
            return []
        # read before the entries: the invoices of the origins (the same
        # query reads the orders' other fields, needed next in any case)
        invoices = origins.account_move if elsewhere else origins.browse()
        self.env["retail.point.entry"].flush_model()
        self.env["pos.order.line"].flush_model(["refunded_orderline_id", "order_id"])
        self.env.cr.execute(
            """
            SELECT e.idempotency_key, e.points, e.amount,
                   COALESCE(p.commercial_partner_id, p.id), e.company_id,
                   e.id, e.expiry_date
              FROM retail_point_entry e
              JOIN res_partner p ON p.id = e.partner_id
             WHERE e.res_model = 'pos.order'
               AND e.res_id IN (
                    SELECT unnest(%s::int[])
                     UNION
                    SELECT refund.order_id
                      FROM pos_order_line refund
                      JOIN pos_order_line sold
                        ON sold.id = refund.refunded_orderline_id
                     WHERE sold.order_id = ANY(%s::int[]))
            """,
            [origins.ids, origins.ids],
        )
        entries = [
            {
                "key": key,
                "points": points,
                "amount": amount or 0.0,
                "customer_id": cid,
                "company_id": company_id,
                "id": entry_id,
                "expiry_date": expiry,
            }
            for key, points, amount, cid, company_id, entry_id, expiry in (
                self.env.cr.fetchall()
            )
        ]
        if invoices:
            entries += self._retail_taken_back_elsewhere(origins, entries)
        return entries

    @api.model
    def _retail_taken_back_elsewhere(self, origins, entries):
        """The ``…:reverse:elsewhere`` entries of :meth:`_retail_origin_entries`:
        what the credit notes of the invoices of ``origins`` took back of
        their earned points (``entries``: the origins' ledger entries)."""
        taken = self.env["retail.point.entry"]._get_points_taken_back_elsewhere(
            origins.account_move
        )
        digits = self._retail_digits()
        by_key = {entry["key"]: entry for entry in entries}
        result = []
        for origin in origins.filtered("account_move"):
            points = taken.get(origin.account_move.id, 0.0)
            ref = origin._retail_points_ref()
            earn = by_key.get(f"{ref}:earn")
            if not earn or float_compare(points, 0.0, precision_digits=digits) <= 0:
                continue
            result.append(
                {
                    "key": f"{ref}:reverse:{ELSEWHERE_STAGE}",
                    "points": -points,
                    "amount": 0.0,
                    "customer_id": earn["customer_id"],
                    "company_id": earn["company_id"],
                }
            )
        return result

    def _retail_fetch_lines(self):
        """The order's lines with what booking reads of them, in one query."""
        self.ensure_one()
        return self.env["pos.order.line"].search_fetch(
            [("order_id", "=", self.id)], POINTS_LINE_FIELDS
        )

    def _retail_points_lines(self, lines=None):
        """``(sale lines, refund lines)`` of the order that count for points:
        every line (``lines``, else the order's) but tips."""
        tip_product = self.config_id.tip_product_id
        lines = (self.lines if lines is None else lines).filtered(
            lambda line: line.product_id != tip_product
        )
        refund_lines = lines.filtered("refunded_orderline_id")
        return lines - refund_lines, refund_lines

    def _retail_points_ref(self, lines=None):
        """The order as its idempotency keys name it: the reference the till
        gave it (the same on every sync of the order), else its id. A refund
        made in the back office copies the reference of the refunded order,
        so it is named by its id. The reference comes from the till: ``:``
        and ``%`` are escaped so that no reference can spell another key.
        ``lines`` are the order's lines when the caller has them already."""
        self.ensure_one()
        ref = self.pos_reference
        refunded = (self.lines if lines is None else lines).refunded_orderline_id
        refunded = refunded.order_id
        if not ref or ref in refunded.mapped("pos_reference"):
            ref = f"#{self.id}"
        ref = ref.replace("%", "%25").replace(":", "%3A")
        return f"pos.order:{ref}"

    def _retail_ledger_state(self, customer, ref, sale, lines=None):
        """What booking this order reads, in ONE query, once the customers
        are locked (so that nothing changes it meanwhile):

        - ``balance``: the balance of ``customer`` (the order's commercial
          customer), kept up to date by :meth:`_retail_post` as this order
          books, so that the balance after the order is known without reading
          it again;
        - ``booked``: ``{key: points}`` of ``customer``'s entries of this
          order's sale (keys starting with ``ref``), booked by an earlier sync;
        - ``twin``: for a sale (``sale``), the name of another paid order with
          the same receipt number (see :meth:`_retail_check_reference_unused`);
        - ``paid``: the order's recorded payments, change deducted (the cap
          of the earned points, :meth:`_retail_earn_base`);
        - ``session_start``: when the order's session opened
          (:meth:`_retail_session_opening`, :meth:`_retail_booking_date`);
        - ``taxes``: the taxes of the products of ``lines``
          (:meth:`_retail_product_taxes`);
        - ``elsewhere``: a sale entry of this order (its id) booked under
          another receipt number (:meth:`_retail_check_not_booked_elsewhere`);
        - ``points_paid``: what the order's payments on points payment methods
          paid (negative: paid back by a refund);
        - ``card``: the number of the card presented at the till for this
          order, for its receipt (:meth:`_retail_receipt_ledger`);
        - ``locked``: for a sale with a customer, the customer's lock taken
          and what its earning posting reads under it
          (``retail.point.entry._retail_locked_state``), handed to that
          posting: it then neither locks nor reads again.

        The number of queries does not grow with the customer's history.
        """
        if not customer and not sale:
            return {
                "balance": 0.0,
                "booked": {},
                "twin": False,
                "paid": 0.0,
                # not read: a refund without customer reads it when it
                # pays back with points (_retail_payback_amount)
                "points_paid": None,
            }
        prefix = f"{ref}:"
        self.env["retail.point.entry"].flush_model()
        self.env["pos.order"].flush_model(["pos_reference", "state"])
        self.env["pos.payment"].flush_model(
            ["pos_order_id", "amount", "payment_method_id"]
        )
        self.env["pos.payment.method"].flush_model(["retail_points_payment"])
        self._retail_flush_receipt_card()
        self.env["res.partner"].flush_model(["tz"])
        Entry = self.env["retail.point.entry"]
        earn_key = f"{ref}:earn"
        # a sale locks its customer now (as the posting would: the customer
        # is one the booking locks, see _retail_book_points), and reads what
        # the posting of its earned points reads under the lock
        lock = (
            Entry._retail_lock_state_sql(customer, earn_key)
            if customer and sale
            else SQL("NULL")
        )
        query = SQL(
            """
        SELECT %(lock)s,
               (SELECT reward_points FROM res_partner WHERE id = %(customer)s),
               (SELECT COALESCE(json_object_agg(e.idempotency_key, e.points), '{}')
                  FROM retail_point_entry e
                 WHERE e.partner_id = %(customer)s
                   AND e.idempotency_key LIKE %(prefix)s),
               (SELECT o.name FROM pos_order o
                 WHERE %(sale)s AND o.pos_reference = %(reference)s
                   AND o.id != %(order)s AND o.state != 'draft'
              ORDER BY o.id LIMIT 1),
               (SELECT COALESCE(SUM(p.amount), 0) FROM pos_payment p
                 WHERE p.pos_order_id = %(order)s),
               (SELECT GREATEST(start_at, create_date) FROM pos_session
                 WHERE id = %(session)s),
               %(taxes)s,
               (SELECT e.idempotency_key FROM retail_point_entry e
                 WHERE e.res_model = 'pos.order' AND e.res_id = %(order)s
                   AND e.idempotency_key ~ ':(earn|redeem|pay|return)$'
                   AND e.idempotency_key NOT LIKE %(prefix)s
                 LIMIT 1),
               (SELECT COALESCE(SUM(p.amount), 0) FROM pos_payment p
                  JOIN pos_payment_method m ON m.id = p.payment_method_id
                 WHERE p.pos_order_id = %(order)s AND m.retail_points_payment),
               %(card)s,
               (SELECT COALESCE(NULLIF(p.tz, ''), 'UTC') FROM res_company c
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.id = %(company)s)
        """,
            lock=lock,
            card=self._retail_receipt_card_sql(),
            company=self.company_id.id,
            customer=customer.id or None,
            prefix=_like_prefix(prefix),
            sale=sale and bool(self.pos_reference),
            reference=self.pos_reference or "",
            order=self.id,
            session=self.session_id.id or None,
            taxes=self._retail_product_taxes_sql(
                self.env["pos.order.line"] if lines is None else lines
            ),
        )
        self._retail_execute_locking(query)
        (
            lock_state,
            balance,
            booked,
            twin,
            paid,
            start,
            taxes,
            elsewhere,
            points_paid,
            card,
            company_tz,
        ) = self.env.cr.fetchone()
        return {
            "balance": balance or 0.0,
            "booked": {key: float(points) for key, points in booked.items()},
            "twin": twin,
            "paid": float(paid or 0.0),
            "session_start": start,
            "taxes": taxes or {},
            "elsewhere": elsewhere,
            "points_paid": float(points_paid or 0.0),
            "card": card,
            "company_tz": company_tz,
            "locked": lock_state
            and Entry._retail_locked_state(customer, earn_key, lock_state),
        }

    def _retail_execute_locking(self, query):
        """Execute ``query``, which locks a customer's row: a serialization
        failure (another transaction changed the row) is retried by Odoo
        and not logged, as ``res.partner._retail_lock`` leaves it; any other
        error is logged with its query, as Odoo's cursor logs it."""
        try:
            self.env.cr.execute(query, log_exceptions=False)
        except psycopg2.errors.SerializationFailure:
            raise
        except psycopg2.Error:
            _logger.exception("bad query: %s", query.code)
            raise

    def _retail_check_not_booked_elsewhere(self, ledger):
        """A paid order books its sale once, whatever reference it carries:
        entries of this order (its id) under another receipt number mean
        it was booked already; nothing more is booked."""
        if ledger.get("elsewhere"):
            raise UserError(
                _(
                    "The points of %(order)s were already booked (%(key)s); "
                    "they are not booked again.",
                    order=self.name,
                    key=ledger["elsewhere"],
                )
            )

    def _retail_post(
        self, customer, points, kind, ledger, key, line_points=None, **vals
    ):
        """Book ``points`` on ``customer`` for this order under ``key`` and
        keep ``ledger["balance"]`` (the order's customer) up to date.

        ``line_points``: ``{line id: points}`` of the lines whose points
        these are, kept on the lines by the posting itself
        (:meth:`_retail_line_points_sql`).
        ``ledger["rules"]`` collects the points by rule of the entries that
        earn or take back (what the receipt shows, see
        :meth:`_retail_receipt_ledger`)."""
        if "date" not in vals and ledger.get("session_start"):
            vals["date"] = self._retail_booking_date(ledger["session_start"])
        vals["date"] = vals.get("date") or self._retail_booking_date()
        entry = self._retail_points_post(
            customer,
            points,
            kind,
            key,
            also=self._retail_line_points_sql(line_points),
            **dict(self._retail_points_entry_vals(), **vals),
        )
        if line_points:
            self.env["pos.order.line"].browse(list(line_points)).invalidate_recordset(
                ["retail_points"]
            )
        if kind in ("earn", "reverse") and "rules" in ledger:
            # the details of an entry posted now are in the cache
            ledger["rules"] += [
                (detail.rule_id.id, detail.name, detail.points)
                for detail in entry.detail_ids
            ]
        if entry.partner_id == self.partner_id.commercial_partner_id:
            ledger["balance"] = float_round(
                ledger["balance"] + entry.points,
                precision_digits=self._retail_digits(),
            )
        return entry

    def _retail_check_reference_unused(self, ref, twin):
        """A receipt number names one sale. A second paid order with the same
        number (a till that reused it, or a request made up to look like a
        retry) could pass for the first in the ledger: it books nothing and
        says why, for the back office to look at. ``twin`` is the other
        order's name (see :meth:`_retail_ledger_state`)."""
        if not self.pos_reference or ref.startswith("pos.order:#"):
            return
        if twin:
            raise UserError(
                _(
                    "Receipt number %(ref)s is already used by order %(order)s; "
                    "no points were booked for this order. Check whether it is "
                    "a duplicate, then book its points with Adjust points.",
                    ref=self.pos_reference,
                    order=twin,
                )
            )

    def _retail_points_entry_vals(self):
        """Values of a ledger entry of this order
        (retail.points.document.mixin): booked in the till's company (a
        refund passes the company of the entries it reverses as
        ``company_id``), dated by :meth:`_retail_booking_date`."""
        return {"origin": self.name, "currency_id": self.currency_id.id}

    def _retail_booking_date(self, start=None):
        """When the order's points are booked: the order's date only when it
        lies within its session (from the session's opening ``start``, see
        :meth:`_retail_session_opening`, to now, by the server's clock), else
        now. The till's clock is not believed."""
        now = fields.Datetime.now()
        date = self.date_order
        start = start or self._retail_session_opening()
        if date and start and start <= date <= now:
            return date
        return now

    def _retail_company_day(self, moment, tz=None):
        """The day of ``moment`` where the order's company is (``tz``: its
        contact's time zone, else UTC, as the booking's read gives it): the
        day of the earning rules and of *customer since*. Never the
        request's time zone: a till may send any, and a cashier may set their
        own, to start a campaign a day early or end it a day late."""
        # sudo: the company's time zone, whoever books
        tz = tz or self.company_id.sudo().partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz), moment)

    def _retail_session_opening(self):
        """When the order's session opened, as far as the server knows: its
        ``start_at``, never before the server created the session. A POS
        user may write ``start_at`` (Odoo writes it as the cashier when the
        session opens); ``create_date`` is the server's alone, so a session
        "opened" in August cannot date a sale of December in August, when a
        campaign ran."""
        session = self.session_id
        moments = [
            moment for moment in (session.start_at, session.create_date) if moment
        ]
        return max(moments) if moments else False

    def _retail_redemption_product_id(self):
        """Id of the product of the points discount lines (or 0), from the
        cached XML id: no query."""
        return (
            self.env["ir.model.data"]._xmlid_to_res_id(
                REDEMPTION_PRODUCT_XMLID, raise_if_not_found=False
            )
            or 0
        )

    def _retail_digits(self):
        return self.env["decimal.precision"].precision_get("Reward Points")

    def _retail_book_sale(self, customer, lines, ref, ledger):
        """Redeem the points of the discount lines and of the points payments,
        then earn points on the tax-excluded amount of ``lines`` (points
        discount included, the share paid with points left out). A points
        discount on an order without a customer is not covered by any
        balance: it is recorded as such, for the back office to follow up.
        ``ledger`` is what :meth:`_retail_ledger_state` read."""
        digits = self._retail_digits()
        booked = ledger["booked"]
        vals = self._retail_book_sale_redemption(customer, lines, ref, ledger)
        if not customer:
            return vals
        base = self._retail_earn_base(lines, ledger)
        vals["retail_points_base"] = max(base, 0.0)
        key = f"{ref}:earn"
        earned = booked.get(key, 0.0)
        may_earn = customer._retail_may_earn(self.company_id)
        if key not in booked and base > 0 and may_earn:
            result = self._retail_rule_points(customer, lines, ledger, base)
            if float_compare(result["points"], 0.0, precision_digits=digits) > 0:
                entry = self._retail_post(
                    customer,
                    result["points"],
                    "earn",
                    ledger,
                    key,
                    amount=base,
                    detail_ids=self.env["retail.earn.rule"]._retail_detail_commands(
                        result
                    ),
                    line_points=result["lines"],
                    # what the booking's read found under the lock, true
                    # unless this order posted before (a redemption)
                    locked=ledger.get("locked"),
                )
                earned = entry.points
        vals["retail_points_earned"] = earned
        if base > 0:
            # after this order's redemption: a welcome bonus it triggers
            # cannot pay for it; a bonus that cannot be booked never fails it
            customer._retail_reward_first_purchase(self.company_id, purchase=self)
        if base < 0:
            vals["retail_points_reversed"] = self._retail_book_return(
                customer, base, ref, ledger, lines
            )
        # the booking's own read dates the first purchase: no query more
        found = self._retail_customer_since_day(ledger)
        if found:
            self._retail_move_customer_since(dict([found]))
        return vals

    def _retail_book_sale_redemption(self, customer, lines, ref, ledger):
        """Redeem the points of the points discount lines among the sale
        ``lines`` (:meth:`_retail_book_redemption`) and of the order's points
        payments (:meth:`_retail_book_points_payment`); the order's values it
        sets, ``{}`` when the order redeems nothing."""
        product_id = self._retail_redemption_product_id()
        redeem_lines = lines.filtered(
            lambda line: product_id and line.product_id.id == product_id
        )
        amounts = ledger["amounts"]
        requested = sum(
            line._retail_requested_points(amounts[line.id][1]) for line in redeem_lines
        )
        vals = {}
        if float_compare(requested, 0.0, precision_digits=self._retail_digits()) > 0:
            vals = self._retail_book_redemption(
                customer, redeem_lines, requested, ref, ledger
            )
            self._retail_note_unpayable(lines, redeem_lines, ledger, vals)
        return self._retail_merge_redemption(
            vals, self._retail_book_points_payment(customer, ref, ledger)
        )

    def _retail_reserve_redemption(self, customer, sale_lines, ref, ledger):
        """An order set aside (:meth:`_retail_hold_if_mismatch`) still
        redeems the points of its discount lines (at the server's value of
        those lines) and of its points payments at once. The customer had
        the discount (or paid with the points) at the till, whatever the
        review finds; left unbooked until a manager looks at the order, the
        same points could be spent again at another till meanwhile. Booking
        after the review finds the entries under their keys and redeems
        nothing twice; everything else (earning, refunds) waits for the
        review. A receipt number already booked by another order
        reserves nothing: the review decides."""
        if not sale_lines or ledger.get("twin") or ledger.get("elsewhere"):
            return
        vals = self._retail_book_sale_redemption(customer, sale_lines, ref, ledger)
        if not vals:
            return
        if customer:
            vals["retail_points_balance"] = ledger["balance"]
        self._retail_write_derived(vals)

    @api.model
    def _retail_merge_redemption(self, vals, more):
        """Add the redemption values ``more`` (points payment) to ``vals``
        (points discount): points add up, notes follow each other."""
        for field in ("retail_points_redeemed", "retail_points_shortfall"):
            if field in more:
                vals[field] = vals.get(field, 0.0) + more[field]
        if more.get("retail_points_note"):
            vals["retail_points_note"] = "\n".join(
                filter(
                    None, [vals.get("retail_points_note"), more["retail_points_note"]]
                )
            )
        return vals

    def _retail_book_points_payment(self, customer, ref, ledger):
        """Take the points of the order's payments on points payment methods
        (``ledger["points_paid"]``, read by the server from the recorded
        payments), with the checks of the points discount
        (:meth:`_retail_book_redemption`: members only, proof of presence,
        never more than the balance). The points are the amount at the
        company's point value, rounded up to the company's points (a
        whole-points company takes whole points). A company that redeems
        points as a discount takes none: the order says so, the sale stands
        (the till refuses such a payment; only a forged order makes one)."""
        amount = self.currency_id.round(ledger.get("points_paid") or 0.0)
        if self.currency_id.compare_amounts(amount, 0.0) <= 0:
            return {}
        company = self.company_id
        value = company.retail_point_value
        requested = 0.0
        if value > 0:
            requested = float_round(
                float_round(amount / value, precision_digits=6),
                precision_digits=company._retail_points_digits(),
                rounding_method="UP",
            )
        key = f"{ref}:pay"
        if key not in ledger["booked"] and (
            company.retail_points_redeem_mode != "payment" or not requested
        ):
            money = formatLang(self.env, amount, currency_obj=self.currency_id)
            _logger.warning(
                "POS order %s: %s paid with points, which company %s does not "
                "allow; no points taken",
                self.name,
                amount,
                company.id,
            )
            return {
                "retail_points_redeemed": 0.0,
                "retail_points_shortfall": requested,
                "retail_points_note": _(
                    "%(amount)s of the order were paid with reward points, but "
                    "%(company)s does not redeem points as a payment: no points "
                    "were taken; the sale stands.",
                    amount=money,
                    company=company.name,
                ),
            }
        return self._retail_book_redemption(
            customer,
            self.env["pos.order.line"],
            requested,
            ref,
            ledger,
            stage="pay",
            amount=amount,
        )

    def _retail_note_unpayable(self, lines, redeem_lines, ledger, vals):
        """A points discount larger than the goods that may be paid with
        points (``retail_no_points`` products, e.g. gift cards and deposits,
        may not): the till refuses it, so the order was made some other way.
        The sale and the redemption stand (the customer had the discount);
        the order says so in its points note, for the back office."""
        goods = self._retail_goods_lines(lines).filtered(
            lambda line: not line.product_id.retail_no_points
        )
        payable = self._retail_amount(goods, ledger, incl=True)
        discount = -self._retail_amount(redeem_lines, ledger, incl=True)
        if self.currency_id.compare_amounts(discount, payable) <= 0:
            return
        note = _(
            "The points discount (%(discount)s) is larger than the goods that "
            "may be paid with points (%(payable)s): gift cards, deposits and "
            "other products that never earn points cannot be paid with points.",
            discount=formatLang(self.env, discount, currency_obj=self.currency_id),
            payable=formatLang(self.env, payable, currency_obj=self.currency_id),
        )
        vals["retail_points_note"] = "\n".join(
            filter(None, [vals.get("retail_points_note"), note])
        )
        _logger.warning(
            "POS order %s: points discount of %s beyond the goods payable with "
            "points (%s)",
            self.name,
            discount,
            payable,
        )

    def _retail_amount(self, lines, ledger, incl=False):
        """The server's amount of ``lines`` (tax excluded, or included with
        ``incl``), from ``ledger["amounts"]``, rounded to the currency."""
        amounts = ledger["amounts"]
        return self.currency_id.round(
            sum(amounts[line.id][1 if incl else 0] for line in lines)
        )

    def _retail_points_amount(self, lines, ledger):
        """The server's amount of ``lines`` that earns points: without or
        with taxes, as the company says (``retail_points_on_untaxed``)."""
        return self._retail_amount(
            lines, ledger, incl=not self.company_id.retail_points_on_untaxed
        )

    def _retail_earn_base(self, lines, ledger):
        """The amount the sale ``lines`` earn points on: the server's amount
        (without taxes unless the company earns on the amount paid), and
        never more than the order's recorded payments (net of change) paid
        for them. A return without receipt (a negative base) takes back
        points on the server's amount of the goods."""
        base = self._retail_points_amount(lines, ledger)
        cap = self.currency_id.round(ledger.get("pay_cap", ledger["paid"]))
        if base > 0:
            base = min(base, max(cap, 0.0))
            # what the points payment paid earns nothing, as a points
            # discount earns nothing: the base loses the share of the goods
            # (taxes included) that points paid for
            points_paid = ledger.get("points_paid") or 0.0
            if points_paid > 0:
                total = self._retail_amount(lines, ledger, incl=True)
                share = min(points_paid / total, 1.0) if total > 0 else 1.0
                base = self.currency_id.round(base * (1.0 - share))
        return base

    def _retail_goods_lines(self, lines):
        """The sale ``lines`` that are goods: not the points discount."""
        product_id = self._retail_redemption_product_id()
        return lines.filtered(lambda line: line.product_id.id != product_id)

    def _retail_rule_points(self, customer, lines, ledger, base):
        """What the goods among the sale ``lines`` earn ``customer`` by the
        earning rules (``retail.earn.rule._retail_compute_points``), on the
        server's amounts, dated by the booking. A positive ``base`` (see
        :meth:`_retail_earn_base`) below the goods' amount (a points
        discount, an unpaid remainder) lowers every line's points in
        proportion; a negative one (goods returned without receipt) counts
        every line as it is."""
        goods = self._retail_goods_lines(lines)
        amounts = ledger["amounts"]
        untaxed = self.company_id.retail_points_on_untaxed
        ratio = 1.0
        if base > 0:
            total = self._retail_points_amount(goods, ledger)
            ratio = min(base / total, 1.0) if total > 0 else 0.0
        return self.env["retail.earn.rule"]._retail_compute_points(
            customer,
            self.company_id,
            [
                {
                    "key": line.id,
                    "product": line.product_id,
                    "qty": line.qty,
                    "discount": line.discount,
                    "price_unit": line.price_unit,
                    "list_price": partial(self._retail_list_price, line.product_id),
                    "amount": amounts[line.id][0 if untaxed else 1],
                }
                for line in goods
            ],
            day=self._retail_company_day(
                self._retail_booking_date(ledger.get("session_start")),
                ledger.get("company_tz"),
            ),
            currency=self.currency_id,
            ratio=ratio,
        )

    def _retail_list_price(self, product):
        """The list price of ``product`` in the order's currency (fixed points
        per unit are earned in proportion to the price paid of it)."""
        price = product.lst_price
        company = self.company_id
        if self.currency_id != company.currency_id:
            price = company.currency_id._convert(
                price, self.currency_id, company, fields.Date.context_today(self)
            )
        return price

    def _retail_line_points_sql(self, points):
        """The update that keeps the points each line earned (``{line id:
        points}``) on the line, or ``()``: a refund takes back what its lines
        earned. It is written by the posting of those points, in the same
        statement (``retail.point.entry._book_points``, ``also``)."""
        if not points:
            return ()
        self.env["pos.order.line"].flush_model(["retail_points"])
        return (
            SQL(
                """
                UPDATE pos_order_line l SET retail_points = v.points
                  FROM (SELECT unnest(%s::int[]) AS id,
                               unnest(%s::float8[]) AS points) v
                 WHERE l.id = v.id
                """,
                list(points),
                list(points.values()),
            ),
        )

    def _retail_book_return(self, customer, base, ref, ledger, lines):
        """Goods taken back without the receipt they were sold on (negative
        lines that refund no line): the points such a purchase earns by the
        earning rules of today are taken back, as a refund of it would.
        Returns the points taken."""
        key = f"{ref}:return"
        if key in ledger["booked"]:
            return -ledger["booked"][key]
        result = self._retail_rule_points(customer, lines, ledger, base)
        points = -result["points"]
        if float_compare(points, 0.0, precision_digits=self._retail_digits()) <= 0:
            return 0.0
        entry = self._retail_post(
            customer,
            -points,
            "reverse",
            ledger,
            key,
            amount=base,
            **self.env["retail.point.entry"]._note_vals("pos_return"),
            detail_ids=self.env["retail.earn.rule"]._retail_detail_commands(result),
            line_points=result["lines"],
        )
        return -entry.points

    def _retail_book_redemption(
        self, customer, lines, requested, ref, ledger, stage="redeem", amount=None
    ):
        """Take ``requested`` points for the discount ``lines`` (``stage``
        ``redeem``), or for the points payment of ``amount`` (``stage``
        ``pay``), as far as the balance goes. A balance spent at another till
        meanwhile never fails the sale nor goes negative: what it no longer
        covers is logged on the order.
        """
        digits = self._retail_digits()
        key = f"{ref}:{stage}"
        payment = stage == "pay"
        if amount is None:
            amount = -self._retail_amount(lines, ledger, incl=True)
        missing = False
        if not customer or (
            key not in ledger["booked"]
            and not customer._retail_may_earn(self.company_id)
        ):
            # members only: a non-member's (frozen) balance covers nothing
            redeemed = 0.0
        elif key in ledger["booked"]:
            redeemed = -ledger["booked"][key]
        else:
            proof, missing = self._retail_redeem_proof(
                customer, requested, payment=payment
            )
            balance = max(ledger["balance"], 0.0) if proof else 0.0
            redeemed = float_round(min(requested, balance), precision_digits=digits)
            if float_compare(redeemed, 0.0, precision_digits=digits) > 0:
                entry = self._retail_post(
                    customer,
                    -redeemed,
                    "redeem",
                    ledger,
                    key,
                    amount=amount,
                    **(proof._retail_note_vals() if proof is not True else {}),
                )
                if proof is not True:
                    proof.order_id = self
                redeemed = -entry.points
            else:
                redeemed = 0.0
        shortfall = float_round(requested - redeemed, precision_digits=digits)
        vals = {"retail_points_redeemed": redeemed, "retail_points_shortfall": 0.0}
        if missing:
            vals["retail_points_shortfall"] = shortfall
            vals["retail_points_note"] = missing
            _logger.warning(
                "POS order %s: no proof that partner %s was present, %s points "
                "not redeemed",
                self.name,
                customer.id,
                shortfall,
            )
        elif float_compare(shortfall, 0.0, precision_digits=digits) > 0:
            value = shortfall * self.company_id.retail_point_value
            vals["retail_points_shortfall"] = shortfall
            value = formatLang(self.env, value, currency_obj=self.currency_id)
            if customer and payment:
                vals["retail_points_note"] = _(
                    "The points payment asked for %(requested)s points but "
                    "%(customer)s is not a member or their balance covered only "
                    "%(redeemed)s when the order was booked. %(missing)s points "
                    "(%(value)s) were not taken; the sale stands.",
                    requested=requested,
                    customer=customer.display_name,
                    redeemed=redeemed,
                    missing=shortfall,
                    value=value,
                )
            elif payment:
                vals["retail_points_note"] = _(
                    "The order was paid with %(missing)s points (%(value)s) but "
                    "has no customer whose balance pays for them: no points "
                    "were taken; the sale stands.",
                    missing=shortfall,
                    value=value,
                )
            elif customer:
                vals["retail_points_note"] = _(
                    "The points discount asked for %(requested)s points but the "
                    "balance of %(customer)s covered only %(redeemed)s when the "
                    "order was booked (points spent at another till meanwhile). "
                    "%(missing)s points (%(value)s) were not redeemed; the sale "
                    "stands.",
                    requested=requested,
                    customer=customer.display_name,
                    redeemed=redeemed,
                    missing=shortfall,
                    value=value,
                )
            else:
                vals["retail_points_note"] = _(
                    "The order has a points discount of %(missing)s points "
                    "(%(value)s) but no customer whose balance pays for it: no "
                    "points were redeemed; the sale stands.",
                    missing=shortfall,
                    value=value,
                )
            _logger.warning(
                "POS order %s: %s redeemed points not covered by the balance of "
                "partner %s",
                self.name,
                shortfall,
                customer.id,
            )
        return vals

    def _retail_redeem_proof(self, customer, requested, payment=False):
        """``(proof, missing)``: what proves that ``customer`` was at the till
        for this order (``retail.pos.redeem.proof``, or ``True`` when the
        company asks for no proof), else ``(empty, why)``: a redemption (a
        points ``payment`` too) the till sent without the card, its code or a
        manager's approval books nothing, and the order says why. The sale
        stands."""
        proof = self.env["retail.pos.redeem.proof"]._retail_find(
            self, customer, requested
        )
        if proof:
            return proof, False
        if payment:
            return proof, _(
                "The points payment asked for %(requested)s points of "
                "%(customer)s, but their card was not presented for this "
                "order, its code was not typed and no manager approved it: no "
                "points were taken; the sale stands.",
                requested=requested,
                customer=customer.display_name,
            )
        return proof, _(
            "The points discount asked for %(requested)s points of "
            "%(customer)s, but their card was not presented for this order, "
            "its code was not typed and no manager approved it: no points were "
            "redeemed; the sale stands.",
            requested=requested,
            customer=customer.display_name,
        )

    def _retail_book_refunds(self, refund_lines, origin_entries, ledger):
        """Take back earned points and give back redeemed points of every
        order that ``refund_lines`` refund, in proportion to what is refunded
        (the server's amounts), on the customer the refunded order's entries
        were booked for and in the company they were booked in: a refund
        made at another company's till books where the sale booked.
        """
        vals = {"retail_points_reversed": 0.0, "retail_points_returned": 0.0}
        notes = []
        covered = 0.0
        product_id = self._retail_redemption_product_id()
        for origin in refund_lines.refunded_orderline_id.order_id:
            sale_entry, booked = origin._retail_origin_booked(origin_entries)
            if not sale_entry:
                continue
            customer = self.env["res.partner"].browse(sale_entry["customer_id"])
            lines = refund_lines.filtered(
                lambda line, origin=origin: (
                    line.refunded_orderline_id.order_id == origin
                )
            )
            company = sale_entry["company_id"]
            discount_lines = lines.filtered(
                lambda line, product_id=product_id: (
                    product_id
                    and line.refunded_orderline_id.product_id.id == product_id
                )
            )
            # redeemed points go back first: the earned points taken back next
            # may then come out of them, when the balance holds nothing else
            if discount_lines:
                returned, _short = self._retail_book_reversal(
                    customer,
                    origin,
                    "giveback",
                    self._retail_amount(discount_lines, ledger, incl=True),
                    booked,
                    ledger,
                    company=company,
                )
                vals["retail_points_returned"] += returned
            payback = self._retail_payback_amount(origin, lines, refund_lines, ledger)
            covered += payback
            if payback:
                returned, _short = self._retail_book_reversal(
                    customer,
                    origin,
                    "payback",
                    payback,
                    booked,
                    ledger,
                    company=company,
                )
                vals["retail_points_returned"] += returned
            line_points = origin._retail_refunded_line_points(
                self._retail_refunded_quantities(lines)
            )
            reversed_points, short = self._retail_book_reversal(
                customer,
                origin,
                "reverse",
                -self._retail_amount(lines, ledger),
                booked,
                ledger,
                company=company,
                line_points=line_points,
                lot=origin._retail_expired_lot(origin_entries),
            )
            vals["retail_points_reversed"] += reversed_points
            note = self._retail_note_taken_back_elsewhere(
                origin, lines, booked, ledger, reversed_points + short, line_points
            )
            if note:
                notes.append(note)
            if short:
                vals["retail_points_unrecovered"] = (
                    vals.get("retail_points_unrecovered", 0.0) + short
                )
                notes.append(
                    _(
                        "The refund of %(order)s should take back %(points)s "
                        "points, but the balance of %(customer)s held only "
                        "%(taken)s and the company does not allow negative "
                        "balances: %(missing)s points stay with the customer.",
                        order=origin.name,
                        points=reversed_points + short,
                        customer=customer.display_name,
                        taken=reversed_points,
                        missing=short,
                    )
                )
        note = self._retail_note_payback_beyond(ledger, covered)
        if note:
            notes.append(note)
        if notes:
            vals["retail_points_note"] = "\n".join(notes)
        return vals

    def _retail_note_taken_back_elsewhere(
        self, origin, lines, booked, ledger, taken, line_points
    ):
        """The note of a refund of ``origin`` that took back less than its
        ``lines`` earned (``taken`` instead) because the credit notes of
        ``origin``'s invoice took its points back already (the
        ``…:reverse:elsewhere`` entry of ``booked``, see
        :meth:`_retail_origin_entries`); False otherwise. It names the
        order, not the invoice: reading the invoice would cost a query."""
        elsewhere_key = f"{origin._retail_points_ref()}:reverse:{ELSEWHERE_STAGE}"
        elsewhere = booked.get(elsewhere_key)
        if not elsewhere:
            return False
        alone = {key: value for key, value in booked.items() if key != elsewhere_key}
        due = origin._retail_refundable_points(
            "reverse",
            -self._retail_amount(lines, ledger),
            alone,
            line_points=line_points,
        )
        digits = self._retail_digits()
        if float_compare(due, taken, precision_digits=digits) <= 0:
            return False
        return _(
            "The credit notes of the invoice of %(order)s took back %(points)s "
            "of its reward points already: this refund takes back only what "
            "was left (%(taken)s points).",
            points=-elsewhere[0],
            order=origin.name,
            taken=taken,
        )

    def _retail_note_payback_beyond(self, ledger, covered, sale=False):
        """What this refund paid back on points payment methods beyond what
        the refunded orders' points payments ``covered`` gives no points (and
        no money) to the customer: the order says so, for the back office
        (a cashier who chose the points method for a sale paid in money).
        A ``sale`` (no refund lines) covers nothing: whatever it paid out on
        points methods (change given on them) gave the customer nothing."""
        points_paid = ledger.get("points_paid")
        if points_paid is None:
            points_paid = self._retail_points_paid(self)
        beyond = self.currency_id.round(-points_paid - covered)
        if self.currency_id.compare_amounts(beyond, 0.0) <= 0:
            return False
        _logger.warning(
            "POS order %s: %s paid back with points beyond the points payments "
            "of the refunded orders",
            self.name,
            beyond,
        )
        if sale:
            return _(
                "%(amount)s were paid out on a reward points payment method on "
                "this sale (a negative points payment): no points were given "
                "to the customer for it. Pay the customer in money.",
                amount=formatLang(self.env, beyond, currency_obj=self.currency_id),
            )
        return _(
            "%(amount)s of this refund were paid back with reward points, but "
            "the refunded goods were not paid with points for that much: no "
            "points were given back for it. Pay the customer back in money.",
            amount=formatLang(self.env, beyond, currency_obj=self.currency_id),
        )

    def _retail_payback_amount(self, origin, lines, refund_lines, ledger):
        """What this refund pays back on points payment methods for the
        ``lines`` that refund ``origin``: the refund's points payment
        (``ledger["points_paid"]``, negative) shared between the refunded
        orders in proportion to their refunded goods (taxes included), and
        never more than the share of ``origin``'s points payment that paid
        for those goods. The points it gives back follow
        (:meth:`_retail_book_reversal`, stage ``payback``); 0.0 when the
        refund pays nothing back with points."""
        points_paid = ledger.get("points_paid")
        if points_paid is None:
            points_paid = self._retail_points_paid(self)
        paid_back = -points_paid
        if self.currency_id.compare_amounts(paid_back, 0.0) <= 0:
            return 0.0
        refunded = -self._retail_amount(lines, ledger, incl=True)
        every = -self._retail_amount(refund_lines, ledger, incl=True)
        if refunded <= 0 or every <= 0:
            return 0.0
        sold = origin.amount_total
        origin_paid = self._retail_points_paid(origin)
        if sold <= 0 or origin_paid <= 0:
            return 0.0
        share = paid_back * min(refunded / every, 1.0)
        return self.currency_id.round(
            min(share, origin_paid * min(refunded / sold, 1.0))
        )

    @api.model
    def _retail_points_paid(self, order):
        """What ``order``'s payments on points payment methods paid."""
        return sum(
            order.payment_ids.filtered(
                lambda payment: payment.payment_method_id.retail_points_payment
            ).mapped("amount")
        )

    def _retail_revoke_bonuses(self, refund_lines, ledger):
        """A first purchase at the till given back in full was no purchase:
        the welcome and referral bonuses it earned (entries of that order,
        keyed ``welcome:<customer>``, ``referral:<customer>``) are taken back
        from whoever holds them, once (key ``<bonus key>:revoked``, kind
        *Bonus*, negative: lifetime points and tiers are not touched, as the
        bonus never counted there), as far as a balance goes when the
        company allows no negative balance (the order's note says what
        stayed). They are not earned again: a bonus's key is booked once.
        Without this, a sale and its refund (nothing spent) earned a new
        member's welcome bonus, and their referrer's, one made-up customer
        after another.

        "Given back in full" is read from the lines, never from the orders'
        customers (a POS user may change the customer of a paid order) nor
        the till's amounts: see :meth:`_retail_given_back`. The purchases
        looked at are the orders ``refund_lines`` refund and, through
        exchanges, the orders those refunded.

        :return: the points taken back from this order's customer
        """
        bonuses = self._retail_bonuses_to_revoke(refund_lines.refunded_orderline_id)
        if not bonuses:
            return 0.0
        Entry = self.env["retail.point.entry"]
        taken = 0.0
        customer = self.partner_id.commercial_partner_id
        notes = []
        revoked = Entry
        invoiced = self.browse()
        for bonus, left in bonuses.items():
            key = f"{bonus.idempotency_key}:{REVOKED_STAGE}"
            purchase = self.browse(bonus.res_id)
            if not self._retail_given_back(purchase):
                # the credit notes of its invoice may give back the rest
                invoiced |= purchase.filtered("account_move")
                continue
            revoked |= bonus
            holder = bonus.partner_id.commercial_partner_id
            if bonus.expiry_date and bonus.expiry_date <= fields.Date.context_today(
                self
            ):
                self._retail_post_expired_part(
                    holder,
                    bonus,
                    left,
                    key,
                    ledger,
                    bonus.company_id.id,
                    origin=purchase.name,
                    own=False,
                )
            entry = self._retail_post(
                holder,
                -left,
                "bonus",
                ledger,
                key,
                company_id=bonus.company_id.id,
                **Entry._note_vals("pos_bonus_revoked", order=purchase.name),
            )
            if holder == customer:
                taken -= entry.points
            digits = self._retail_digits()
            if float_compare(entry.points, -left, precision_digits=digits):
                notes.append(
                    _(
                        "The bonus of %(order)s should be taken back from "
                        "%(customer)s (%(points)s points), but their balance "
                        "held only %(taken)s and the company does not allow "
                        "negative balances.",
                        order=purchase.name,
                        customer=holder.display_name,
                        points=left,
                        taken=-entry.points,
                    )
                )
        if notes:
            ledger.setdefault("refund_notes", []).extend(notes)
        if revoked:
            Entry._retail_bonuses_taken_back(revoked)
        if invoiced:
            Entry._retail_source_refunded(invoiced.account_move)
        return taken

    def _retail_bonuses_to_revoke(self, refunded_lines):
        """The welcome and referral bonuses a refund of ``refunded_lines``
        (sold lines of POS orders) may take back: entries of the orders those
        lines belong to and, through exchanges, of the orders those refunded
        (see :meth:`_retail_revoke_bonuses`), not taken back yet; whether
        each purchase is given back in full is for the caller to check
        (:meth:`_retail_given_back`).

        :return: ``{bonus: points left to take back}``, in the order of the
            bonuses: what the credit notes of the order's invoice took back
            and gave back is counted
            (``retail.point.entry._retail_bonus_moves``); a bonus they took
            back in full is left out"""
        origins = refunded_lines.order_id
        anchors = origins
        while origins:
            origins = origins.lines.refunded_orderline_id.order_id - anchors
            anchors |= origins
        Entry = self.env["retail.point.entry"]
        if not anchors:
            return {}
        bonuses = anchors._retail_first_purchase_bonuses()
        if not bonuses:
            return {}
        keys = [f"{key}:{REVOKED_STAGE}" for key in bonuses.mapped("idempotency_key")]
        revoked = set(
            Entry.search([("idempotency_key", "in", keys)]).mapped("idempotency_key")
        )
        bonuses = bonuses.filtered(
            lambda bonus: f"{bonus.idempotency_key}:{REVOKED_STAGE}" not in revoked
        )
        moved = Entry._retail_bonus_moves(bonuses) if bonuses else {}
        digits = self._retail_digits()
        result = {}
        for bonus in bonuses:
            left = float_round(
                bonus.points + moved.get(bonus.id, 0.0), precision_digits=digits
            )
            if float_compare(left, 0.0, precision_digits=digits) > 0:
                result[bonus] = min(left, bonus.points)
        return result

    def _retail_given_back(self, purchase, pending=None):
        """Whether the POS order ``purchase`` is given back in full, this
        order's booking included: every line of goods it sold
        (:meth:`_retail_paid_goods`) refunded to its whole quantity by paid
        refunds that are not set aside (the till's amounts and rounding play
        no part), and every exchange among those refunds (one that sells
        goods that earn points) given back in full in turn. A refund made
        onto an eWallet or a gift card sells card money, not goods.

        ``pending``: ``{refunded line id: quantity}`` of a refund that is
        not made yet (the till's preview, :meth:`retail_pos_refund_points`),
        counted as refunded."""
        pending = pending or {}
        goods = purchase._retail_paid_goods()
        if not goods:
            return False
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        exchanges = self.browse()
        for sold in goods:
            refunds = sold.refund_orderline_ids.filtered(
                lambda refund: (
                    refund.qty < 0
                    and (
                        refund.order_id == self
                        or (
                            refund.order_id.state in PAID_STATES
                            and not refund.order_id.retail_points_held
                        )
                    )
                )
            )
            refunded = -sum(refunds.mapped("qty")) + pending.get(sold.id, 0.0)
            if float_compare(refunded, sold.qty, precision_digits=digits) < 0:
                return False
            exchanges |= refunds.order_id
        for exchange in exchanges:
            if exchange._retail_exchange_goods() and not self._retail_given_back(
                exchange, pending
            ):
                return False
        return True

    def _retail_first_purchase_bonuses(self):
        """The welcome and referral bonuses these orders earned as a
        customer's first purchase: their entries under ``welcome:<customer>``
        and ``referral:<customer>``, in the environment of the ledger of
        ``self`` (one query)."""
        return self.env["retail.point.entry"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("kind", "=", "bonus"),
                ("points", ">", 0),
                "|",
                ("idempotency_key", "=like", "welcome:%"),
                ("idempotency_key", "=like", "referral:%"),
            ],
            order="id",
        )

    def _retail_given_back_share(self, purchase):
        """The share (0 to 1) of the POS order ``purchase``'s goods
        (:meth:`_retail_paid_goods`, by their money with taxes) its paid
        refunds not set aside gave back: 1.0 when they gave it back in full
        (:meth:`_retail_given_back`). An exchange among the refunds counts
        only when given back in full in turn (its customer kept goods
        otherwise). The credit notes of the order's invoice give back the
        rest or not (``account.move._retail_sync_source_bonuses``)."""
        if self._retail_given_back(purchase):
            return 1.0
        goods = purchase._retail_paid_goods()
        total = sum(goods.mapped("price_subtotal_incl"))
        if total <= 0:
            return 0.0
        given = 0.0
        for sold in goods:
            refunds = sold.refund_orderline_ids.filtered(
                lambda refund: (
                    refund.qty < 0
                    and refund.order_id.state in PAID_STATES
                    and not refund.order_id.retail_points_held
                    and (
                        not refund.order_id._retail_exchange_goods()
                        or self._retail_given_back(refund.order_id)
                    )
                )
            )
            refunded = min(-sum(refunds.mapped("qty")) / sold.qty, 1.0)
            given += sold.price_subtotal_incl * refunded
        return min(given / total, 1.0)

    def _retail_exchange_goods(self):
        """The goods this refund sells besides (an exchange): its lines of
        goods (:meth:`_retail_paid_goods`) of products that earn points.
        Gift card and eWallet money is no goods (the loyalty bridge's
        ``_retail_points_lines``): Odoo's refund onto an eWallet sells a
        top-up, and stays a refund."""
        return self._retail_paid_goods().filtered(
            lambda line: not line.product_id.retail_no_points
        )

    def _retail_book_reversal(
        self,
        customer,
        origin,
        stage,
        refunded,
        booked,
        ledger,
        company=None,
        line_points=None,
        lot=None,
    ):
        """What this refund of ``origin`` takes or gives back, read from the
        entries of ``origin`` (``booked`` maps their keys to ``(points,
        amount)``):

        - ``stage`` ``reverse``: earned points taken back for ``refunded``
          (the refunded amount without taxes): earned x refunded / the amount
          the points were based on, both read from the ``earn`` entry;
        - ``stage`` ``giveback``: redeemed points given back for refunding
          ``refunded`` of the points discount (with taxes): redeemed x
          refunded / discount, read from the ``redeem`` entry, booked as a
          positive ``redeem`` entry;
        - ``stage`` ``payback``: the same for ``refunded`` paid back on a
          points payment method, read from the ``pay`` entry (its amount is
          the money the points paid).

        Never more in total than ``origin`` booked
        (``retail.point.entry._retail_proportional_points``), keyed
        ``<origin ref>:<stage>:#<refund id>``. Returns ``(points taken or
        given back (positive), points the balance could not give up)``: a
        refund is never refused, and without negative balances it takes
        back at most the balance.

        ``lot``: the ``earn`` entry of ``origin`` when its points have
        reached their expiry date (:meth:`_retail_expired_lot`): the part of
        the earned points taken back that the expiry took already is booked
        back first (:meth:`_retail_post_expired_part`)."""
        sign, _source_stage, kind, _needs_base = REVERSAL_STAGES[stage]
        key = origin._retail_points_key(stage, f"#{self.id}")
        if key in booked:
            return sign * booked[key][0], 0.0
        points = origin._retail_refundable_points(
            stage, refunded, booked, line_points=line_points
        )
        if not points:
            return 0.0, 0.0
        note_vals = self.env["retail.point.entry"]._note_vals(
            "pos_refund" if stage == "reverse" else "pos_giveback", order=origin.name
        )
        if stage == "reverse":
            self._retail_post_expired_part(customer, lot, points, key, ledger, company)
        entry = self._retail_post(
            customer,
            sign * points,
            kind,
            ledger,
            key,
            amount=-refunded,
            company_id=company,
            **note_vals,
        )
        done = sign * entry.points
        short = float_round(points - done, precision_digits=self._retail_digits())
        return done, max(short, 0.0)

    def _retail_expired_lot(self, origin_entries):
        """The ``earn`` entry of this order among ``origin_entries``
        (:meth:`_retail_origin_entries`) when its points have reached their
        expiry date (a refund of them may find some expired), else an empty
        recordset: read from what the refund's one query read, nothing more
        for a refund within the validity."""
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        key = self._retail_points_key("earn")
        today = fields.Date.context_today(self)
        for entry in origin_entries:
            if entry["key"] == key and entry.get("id"):
                expiry = entry.get("expiry_date")
                if expiry and expiry <= today:
                    return Entry.browse(entry["id"])
        return Entry

    def _retail_post_expired_part(
        self, customer, lot, points, key, ledger, company=None, origin=None, own=True
    ):
        """Book back on ``customer``, before this refund takes ``points``
        (positive) back under ``key`` from ``lot``, the part of them the
        expiry took already (``retail.point.entry._retail_book_expired_part``:
        an entry whose source is ``lot``, dated and described as this
        refund's), and keep ``ledger`` up to date: its
        balance, ``expired_back`` (what the refund did not take after all) and
        the refund's note (``refund_notes``). ``origin``: the purchase
        that booked ``lot`` (default: the lot's description, a sale's
        receipt number). ``own``: whether what is booked back counts in
        what the refund took (``expired_back``) whoever ``customer`` is (a
        sale's points, counted in the refund's *Points Reversed* whoever
        they were booked for), or only for the refund's customer (a bonus,
        counted like the bonus taken back)."""
        if not lot:
            return 0.0
        vals = dict(
            self._retail_points_entry_vals(),
            company_id=company or self.company_id.id,
            date=self._retail_booking_date(ledger.get("session_start")),
            origin=origin or lot.origin or self.name,
        )
        part = self.env["retail.point.entry"]._retail_book_expired_part(
            customer, lot, points, key, **vals
        )
        if not part:
            return 0.0
        digits = self._retail_digits()
        mine = customer.commercial_partner_id == self.partner_id.commercial_partner_id
        if mine:
            ledger["balance"] = float_round(
                ledger["balance"] + part, precision_digits=digits
            )
        if own or mine:
            ledger["expired_back"] = float_round(
                ledger.get("expired_back", 0.0) + part, precision_digits=digits
            )
        if lot.kind == "bonus":
            note = _(
                "%(points)s points of the bonus %(bonus)s (of %(order)s) had "
                "expired before this refund: they are not taken back a second "
                "time.",
                points=part,
                bonus=lot.description or "",
                order=origin or "",
            )
        else:
            note = _(
                "%(points)s of the points %(order)s earned had expired before "
                "this refund: they are not taken back a second time.",
                points=part,
                order=origin or lot.origin or "",
            )
        ledger.setdefault("refund_notes", []).append(note)
        return part

    def _retail_origin_booked(self, origin_entries):
        """This order's sale entry (earn, else redeem) among
        ``origin_entries`` (:meth:`_retail_origin_entries`) and the map of
        the keys of its and its refunds' entries to ``(points, amount)``;
        ``(None, {})`` when the sale booked nothing."""
        self.ensure_one()
        prefix = f"{self._retail_points_ref()}:"
        entries = [e for e in origin_entries if e["key"].startswith(prefix)]
        sale_keys = (f"{prefix}earn", f"{prefix}redeem", f"{prefix}pay")
        sale_entry = next((e for e in entries if e["key"] in sale_keys), None)
        if not sale_entry:
            return None, {}
        return sale_entry, {e["key"]: (e["points"], e["amount"]) for e in entries}

    @api.model
    def _retail_refunded_quantities(self, refund_lines):
        """``{refunded line: quantity refunded (positive)}`` of ``refund_lines``."""
        quantities = {}
        for line in refund_lines:
            sold = line.refunded_orderline_id
            quantities[sold] = quantities.get(sold, 0.0) + abs(line.qty)
        return quantities

    def _retail_refunded_line_points(self, quantities):
        """Points the lines of this order earned for the quantities
        ``{line: quantity refunded}``: each line's own points (kept when the
        order was booked, earning rules included) in proportion to the
        quantity refunded; ``None`` for an order booked before its lines
        kept their points (its refunds take back in proportion to the
        amount)."""
        self.ensure_one()
        if not any(self.lines.mapped("retail_points")):
            return None
        return sum(
            line.retail_points * min(abs(qty) / line.qty, 1.0)
            for line, qty in quantities.items()
            if line.qty > 0
        )

    def _retail_refundable_points(self, stage, refunded, booked, line_points=None):
        """Points (positive) a refund of ``refunded`` of this order takes back
        (``stage`` ``reverse``) or gives back (``giveback``), by the rule
        every refund of it books with (see :meth:`_retail_book_reversal`),
        after what its earlier refunds took (``booked`` maps the keys of the
        entries of this order and its refunds to ``(points, amount)``).

        Earned points are taken back as the refunded lines earned them
        (``line_points``, see :meth:`_retail_refunded_line_points`): a line
        that earned double in a campaign gives back double, also once the
        campaign has ended; an excluded line gives back nothing."""
        self.ensure_one()
        sign, source_stage, _kind, needs_base = REVERSAL_STAGES[stage]
        origin_ref = self._retail_points_ref()
        source, base = booked.get(f"{origin_ref}:{source_stage}", (0.0, 0.0))
        source = -sign * source
        if source <= 0 or (needs_base and base <= 0):
            return 0.0
        prefix = f"{origin_ref}:{stage}:"
        done = sign * sum(
            points
            for entry_key, (points, _amount) in booked.items()
            if entry_key.startswith(prefix)
        )
        Entry = self.env["retail.point.entry"]
        if stage == "giveback":
            return self._retail_giveback_points(source, base, refunded, booked, prefix)
        if stage == "reverse" and line_points is not None:
            points = Entry._retail_take_back_points(
                line_points * self._retail_earned_share(source),
                source - done,
                self.company_id,
            )
        else:
            points = Entry._retail_proportional_points(
                source, base, refunded, done=done, company=self.company_id
            )
        if float_compare(points, 0.0, precision_digits=self._retail_digits()) <= 0:
            return 0.0
        return points

    def _retail_refunds_due(self, earned, taken):
        """Earned points (positive) the booked refunds of this order would
        have taken back by their own lines had nothing else taken any
        (``retail.point.entry._get_source_points``): the refunded lines'
        points at the share the order ``earned`` of them, never more than
        it earned; ``taken`` (what they took) for an order booked before its
        lines kept their points."""
        self.ensure_one()
        refund_lines = self.lines.refund_orderline_ids.filtered(
            lambda line: line.order_id.retail_points_booked
        )
        if not refund_lines:
            return 0.0
        line_points = self._retail_refunded_line_points(
            self._retail_refunded_quantities(refund_lines)
        )
        if line_points is None:
            return max(taken, 0.0)
        due = line_points * self._retail_earned_share(earned)
        return float_round(min(due, earned), precision_digits=self._retail_digits())

    def _retail_earned_share(self, earned):
        """The share of its lines' full-price points this order earned
        (``earned``, its ``earn`` entry): a points discount, a points payment
        or an unpaid remainder lowered every line's points in proportion when
        it was booked, while the lines keep their points at full price. A
        refund of some lines takes back their points at this share: 2 of 5
        socks that earned 100 points at full price, sold with a discount that
        left 80 earned, take back 32, not 40 (and all 5 take back the 80)."""
        full = sum(line.retail_points for line in self.lines if line.qty > 0)
        if full <= 0 or earned >= full:
            return 1.0
        return max(earned, 0.0) / full

    def _retail_giveback_points(self, source, base, refunded, booked, prefix):
        """Redeemed points (positive) given back for refunding ``refunded``
        of this order's points discount (``source`` points for ``base``,
        with taxes), after the give-backs already booked under ``prefix``
        (their entries keep the amount they refunded). The customer gets the
        share of the whole discount refunded so far, rounded as the company
        rounds what a purchase earns (down to whole points), less what they
        got already: refunding a discount piece by piece gives back all its
        points at the end and never more before (rounding each piece up
        would give a whole point for a cent)."""
        before = -sum(
            amount
            for entry_key, (_points, amount) in booked.items()
            if entry_key.startswith(prefix)
        )
        done = sum(
            points
            for entry_key, (points, _amount) in booked.items()
            if entry_key.startswith(prefix)
        )
        share = min(max((before + refunded) / base, 0.0), 1.0) if base > 0 else 1.0
        due = min(self.company_id._retail_round_points(source * share), source)
        points = float_round(due - done, precision_digits=self._retail_digits())
        return max(points, 0.0)

    def _retail_customer_since_day(self, ledger=None):
        """A paid order dates its customer's first purchase by its booking
        date when the company takes "customer since" from the POS
        (retail.points.document.mixin): the day of its earning rules.
        ``ledger``: what the booking read (:meth:`_retail_ledger_state`), its
        session's opening and the company's time zone, read again when
        missing."""
        customer = self.partner_id.commercial_partner_id
        if not (customer and self.company_id.retail_customer_since_pos):
            return False
        ledger = ledger or {}
        moment = self._retail_booking_date(ledger.get("session_start"))
        return customer, self._retail_company_day(moment, ledger.get("company_tz"))

    # -- the till -----------------------------------------------------------------
    @api.model
    def retail_pos_refund_points(self, refunds, exchange=False):
        """What refunding ``refunds`` would do to the points, for the till's
        panel before the refund is paid: ``refunds`` is a list of
        ``[refunded order line id, quantity refunded]`` (a refund of a points
        discount line adds its amounts without and with taxes: it carries its
        own price, see ``pos_order_refund_share``). Answered from the
        ledger entries of the refunded orders by the rules the refund books
        with (:meth:`_retail_refundable_points`); the figures are only shown,
        the paid refund books its own. ``reversed`` includes the customer's
        welcome bonus when the refund gives its purchase back in full
        (:meth:`_retail_revoke_bonuses`), unless the refund sells goods that
        earn points: ``exchange`` lists the products the refund order sells
        (:meth:`_retail_sells_goods` decides; the bonus stays until they come
        back too).

        :return: ``{"reversed", "returned", "partner_id", "balance"}`` (the
            customer whose points the refund moves and their balance now),
            False when no line exists; an AccessError for lines of orders
            the user may not read
        """
        quantities, shares = self._retail_refund_quantities(refunds)
        lines = self.env["pos.order.line"].browse(quantities).exists()
        if not lines:
            return False
        # read as the cashier: only lines of orders they may read (Odoo has
        # no company rule on the lines themselves: the orders' rules decide)
        lines.check_access_rights("read")
        lines.check_access_rule("read")
        lines.order_id.check_access_rights("read")
        lines.order_id.check_access_rule("read")
        # sudo: cashiers cannot read the ledger; only the points the refund
        # of their own orders' lines would move are returned, nothing written
        lines = lines.sudo()
        # sudo: as the lines above, to read the refunded orders' entries
        order = self.sudo()
        origins = lines.order_id
        origin_entries = order._retail_origin_entries(origins)
        product_id = order._retail_redemption_product_id()
        result = {"reversed": 0.0, "returned": 0.0, "partner_id": False}
        customer = self.env["res.partner"]
        company = self.env["res.company"]
        for origin in origins:
            sale_entry, booked = origin._retail_origin_booked(origin_entries)
            if not sale_entry:
                continue
            customer = customer.browse(sale_entry["customer_id"])
            company = self.env["res.company"].browse(sale_entry["company_id"])
            currency = origin.currency_id
            amounts = {}
            for line in lines.filtered(lambda ln, origin=origin: ln.order_id == origin):
                taxes = origin.fiscal_position_id.map_tax(line.tax_ids)
                amounts[line] = origin._retail_line_amount(
                    line, taxes, -quantities[line.id], line.product_id, currency
                )
                if line.id in shares and origin._retail_is_redemption_line(line):
                    amounts[line] = shares[line.id]
            refunded = currency.round(-sum(a[0] for a in amounts.values()))
            result["reversed"] += origin._retail_refundable_points(
                "reverse",
                refunded,
                booked,
                line_points=origin._retail_refunded_line_points(
                    {line: quantities[line.id] for line in amounts}
                ),
            )
            discount = [
                a[1] for ln, a in amounts.items() if ln.product_id.id == product_id
            ]
            if discount:
                result["returned"] += origin._retail_refundable_points(
                    "giveback", currency.round(sum(discount)), booked
                )
        if not order._retail_sells_goods(exchange):
            bonuses = order._retail_bonuses_taken_back(lines, quantities)
            if not customer:
                # a first purchase that earned no points, only its welcome
                # bonus: its holder is the customer (never the referrer,
                # whose balance is not the cashier's to see)
                customer, company = bonuses.get("welcome") or (customer, company)
            result["reversed"] += bonuses.get(customer, (0.0,))[0]
        if not customer:
            return result
        balance = customer.reward_points
        if not company.retail_allow_negative_balance:
            # a refund takes back at most the balance (the ledger's rule),
            # once it has given back the redeemed points
            result["reversed"] = min(
                result["reversed"], max(balance + result["returned"], 0.0)
            )
        result.update(partner_id=customer.id, balance=balance)
        return result

    @api.model
    def _retail_refund_quantities(self, refunds):
        """``(quantities, shares)`` of the till's ``refunds`` (see
        :meth:`retail_pos_refund_points`): ``{line id: quantity refunded}``
        and ``{line id: (amount without taxes, with taxes)}`` of the points
        discount shares; anything else than numbers is left out."""
        quantities = {}
        shares = {}
        for item in refunds if isinstance(refunds, list | tuple) else []:
            if isinstance(item, list | tuple) and len(item) == 4:
                # a refund of a points discount line carries its own price
                # (pos_order_refund_share): its amounts, for the panel only
                item, share = item[:2], item[2:]
                if record_id(item[0]) and all(
                    isinstance(a, int | float)
                    and not isinstance(a, bool)
                    and math.isfinite(a)
                    for a in share
                ):
                    done = shares.get(item[0], (0.0, 0.0))
                    shares[item[0]] = (done[0] + share[0], done[1] + share[1])
            if not isinstance(item, list | tuple) or len(item) != 2:
                continue
            line_id, qty = item
            if isinstance(qty, bool):
                continue
            if (
                record_id(line_id)
                and isinstance(qty, int | float)
                and math.isfinite(qty)
            ):
                quantities[line_id] = quantities.get(line_id, 0.0) + abs(qty)
        return quantities, shares

    def _retail_bonuses_taken_back(self, lines, quantities):
        """The bonuses a refund of ``quantities`` (``{line id: quantity}`` of
        the sold ``lines``) would take back, as :meth:`_retail_revoke_bonuses`
        books them (the refund itself selling nothing), by holder:
        ``{holder: (points, company)}``, and under ``"welcome"`` the holder
        of a welcome bonus and its company (the purchase's customer)."""
        result = {}
        for bonus, left in self._retail_bonuses_to_revoke(lines).items():
            if self._retail_given_back(self.browse(bonus.res_id), quantities):
                holder = bonus.partner_id.commercial_partner_id
                points, _company = result.get(holder, (0.0, None))
                result[holder] = (points + left, bonus.company_id)
                if bonus.idempotency_key.startswith("welcome:"):
                    result["welcome"] = (holder, bonus.company_id)
        return result

    @api.model
    def _retail_sells_goods(self, product_ids):
        """Whether a refund order selling ``product_ids`` (the till's lines of
        positive quantity and amount, tips and points discounts left out)
        is an exchange (:meth:`_retail_exchange_goods`): some product earns
        points. A hook for products another app sells as money (the loyalty
        bridge: gift cards, eWallet top-ups)."""
        if not isinstance(product_ids, list | tuple):
            return bool(product_ids)
        products = self.env["product.product"].browse(
            {product_id for product_id in product_ids if record_id(product_id)}
        )
        products = products.exists() - self.env["product.product"].browse(
            self._retail_redemption_product_id()
        )
        return bool(products.filtered(lambda product: not product.retail_no_points))

    def _retail_points_ui_data(self):
        """What the till shows after the order synced: points earned, redeemed,
        taken and given back, the new balance and tier of the customer."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if not customer and not (
            self.retail_points_reversed or self.retail_points_returned
        ):
            return False
        tier = customer.reward_tier_id
        card, rules, tier_name = self._retail_receipt_ledger(
            tier, (self.env.cr.cache.get(RECEIPTS) or {}).get(self.id)
        )
        # an order left unpaid (its payments fall short of its total) or whose
        # booking failed booked nothing: the receipt says so and shows the
        # balance as it is, not the zero of a booking that never happened
        booked = self.retail_points_booked and not self.retail_points_error
        return {
            "partner_id": self.partner_id.id,
            "commercial_partner_id": customer.id,
            "earned": self.retail_points_earned,
            "redeemed": self.retail_points_redeemed,
            "shortfall": self.retail_points_shortfall,
            "reversed": self.retail_points_reversed,
            "returned": self.retail_points_returned,
            "balance": (
                self.retail_points_balance if booked else customer.reward_points
            ),
            "tier": [tier.id, tier_name] if tier else False,
            "error": not booked,
            "customer": self.partner_id.name or customer.name,
            "card": mask_card_number(
                card or self.partner_id.commercial_partner_id.card_number or False
            ),
            "rules": rules,
            # the receipt is the customer's account of their points: its lines
            # speak the customer's language, not the cashier's (before the
            # order syncs, an offline till prints its own, in the session's)
            "labels": self.with_context(
                lang=self.partner_id.lang or self.env.lang
            )._retail_receipt_labels(),
        }

    def _retail_receipt_ledger(self, tier, booked=None):
        """What the receipt reads of the ledger and of the customer's
        ``tier``, in ONE query (every receipt with a customer asks), or none
        when the order was ``booked`` in this very sync (the card and the
        points by rule its booking read and posted, see
        :meth:`_retail_book_points`; the tier's name from
        ``retail.tier._retail_tier_names``):

        - the number of the card presented at the till for this order (a
          proof of the server's), or ``None`` (the receipt then names the
          customer's current card);
        - ``[{"name", "points", "rule_id"}]``: the points each earning rule
          gave this order's sale (or took back for goods returned without
          receipt), as booked (``retail.point.entry.detail``: the rule's
          name kept at booking); empty when only the normal rate applied;
        - the name of ``tier`` in the language of the context (the tier's
          row, read whole, would read its name in every language).

        Read in SQL, without access rules (as sudo would): only the card of
        this very order's proof, its own points by rule and the name of the
        customer's tier are read, for its receipt (cashiers do not read the
        ledger).
        """
        self.ensure_one()
        lang = self.env.lang or "en_US"
        if booked is not None:
            card, rows = booked["card"], booked["rules"]
            tier_name = (
                self.env["retail.tier"]._retail_tier_names(lang).get(tier.id)
                if tier
                else None
            )
            return card, self._retail_receipt_rules(rows), tier_name
        # the ledger as the booking left it (it may still be in the buffers)
        self._retail_flush_receipt_card()
        self.env["retail.point.entry"].flush_model(["res_model", "res_id", "kind"])
        self.env["retail.point.entry.detail"].flush_model(
            ["entry_id", "rule_id", "name", "points"]
        )
        self.env["retail.tier"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """
                SELECT %(card)s,
                       (SELECT COALESCE(json_agg(json_build_array(
                                   d.rule_id, d.name, d.points) ORDER BY d.id), '[]')
                          FROM retail_point_entry_detail d
                          JOIN retail_point_entry e ON e.id = d.entry_id
                         WHERE e.res_model = %(model)s AND e.res_id = %(order)s
                           AND e.kind IN ('earn', 'reverse')),
                       (SELECT COALESCE(t.name->>%(lang)s, t.name->>'en_US')
                          FROM retail_tier t WHERE t.id = %(tier)s)
                """,
                card=self._retail_receipt_card_sql(),
                model=self._name,
                order=self.id,
                lang=lang,
                tier=tier.id or None,
            )
        )
        card, rows, tier_name = self.env.cr.fetchone()
        return card, self._retail_receipt_rules(rows), tier_name

    @api.model
    def _retail_receipt_rules(self, rows):
        """The receipt's points by rule from ``(rule id, name, points)``
        rows; none when only the normal rate applied."""
        if not any(rule_id for rule_id, _name, _points in rows):
            return []
        return [
            {"name": name, "points": float(points), "rule_id": rule_id or False}
            for rule_id, name, points in rows
        ]

    def _retail_flush_receipt_card(self):
        self.env["retail.pos.redeem.proof"].flush_model(
            ["session_id", "order_ref", "partner_id", "kind", "card_id"]
        )
        self.env["retail.card"].flush_model(["number"])

    def _retail_receipt_card_sql(self):
        """SQL of the number of the card presented at the till for this order
        (the last card proof of the server's for its session, reference and
        customer), or ``NULL``: the receipt names that card."""
        return SQL(
            """(SELECT c.number FROM retail_pos_redeem_proof p
                 LEFT JOIN retail_card c ON c.id = p.card_id
                     WHERE %s AND p.session_id = %s AND p.order_ref = %s
                       AND p.partner_id = %s AND p.kind = 'card'
                  ORDER BY p.id DESC LIMIT 1)""",
            bool(self.pos_reference and self.session_id and self.partner_id),
            self.session_id.id or None,
            self.pos_reference or "",
            self.partner_id.id or None,
        )

    def _retail_receipt_labels(self):
        """The receipt's points labels in the language of the context, from
        the till's own translations (the ``odoo-javascript`` terms of this
        addon's ``.po`` files): one set of terms, whoever prints them."""
        lang = self.env.lang
        terms = {}
        if lang and lang != "en_US":
            web = code_translations.get_web_translations(
                "crm_retail_customers_pos", lang
            )
            terms = {term["id"]: term["string"] for term in web["messages"]}
        return {key: terms.get(src) or src for key, src in RECEIPT_LABELS.items()}
