# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The shape of the orders a till sends to ``pos.order.create_from_ui``,
checked before Odoo saves anything.

The till is a client like any other: a cashier can send any JSON from the
browser's console. Odoo 17 trusts the data's shape: an ``(1, id, values)``
command in ``lines`` rewrites a line of another, already paid order; a
figure of ``1e300``, ``NaN`` or text is stored and later breaks the session's
closing; a date of year 1 breaks the till's reload; a string id fails deep
in PostgreSQL. Each of these is refused here with a message the till shows,
and nothing is saved. The amounts themselves are then recomputed by the
booking (``pos.order._retail_server_amounts``)."""

import math

from odoo import _, fields
from odoo.exceptions import UserError

#: Largest figure (amount, quantity, price) a till may send.
MAX_FIGURE = 1e12
#: Largest record id (PostgreSQL ``integer``).
MAX_ID = 2**31 - 1
#: Years a till's dates may fall in.
YEARS = (2000, 2999)
#: Figures of an order.
ORDER_FIGURES = (
    "amount_paid",
    "amount_total",
    "amount_tax",
    "amount_return",
    "tip_amount",
)
#: Figures of an order line.
LINE_FIGURES = (
    "qty",
    "price_unit",
    "discount",
    "price_subtotal",
    "price_subtotal_incl",
    "retail_redeem_points",
)
#: Ids of an order, of a line and of a payment (``False`` allowed, except
#: for the ones in ``REQUIRED_IDS``).
ORDER_IDS = (
    "partner_id",
    "pos_session_id",
    "fiscal_position_id",
    "pricelist_id",
    "user_id",
)
LINE_IDS = ("product_id", "refunded_orderline_id")
PAYMENT_IDS = ("payment_method_id",)
REQUIRED_IDS = ("pos_session_id", "product_id", "payment_method_id")


def is_figure(value):
    """Whether ``value`` is a number a till may send (``None`` and ``False``,
    an absent figure, count as zero, as Odoo reads them)."""
    if value is None or value is False:
        return True
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):
        return abs(value) <= MAX_FIGURE
    return math.isfinite(value) and abs(value) <= MAX_FIGURE


def is_id(value, required=False):
    """Whether ``value`` is a record id (or, unless ``required``, none)."""
    if value is None or value is False:
        return not required
    return (
        not isinstance(value, bool) and isinstance(value, int) and 0 < value <= MAX_ID
    )


def is_date_time(value, till_format=True):
    """Whether ``value`` reads as a date and time the way Odoo reads the
    till's dates: the order's ``2026-12-03T10:15:00...`` (``till_format``,
    cut to seconds) or a payment's ``2026-12-03 10:15:00``, in years
    ``YEARS``."""
    if not isinstance(value, str):
        return False
    if till_format:
        value = value.replace("T", " ")[:19]
    try:
        moment = fields.Datetime.to_datetime(value)
    except ValueError:
        return False
    return bool(moment) and YEARS[0] <= moment.year <= YEARS[1]


def create_commands(commands):
    """The values of ``commands`` when they are all ``(0, 0, values)``
    creations, else ``None``."""
    if commands in (None, False):
        return []
    if not isinstance(commands, list | tuple):
        return None
    values = []
    for command in commands:
        if (
            not isinstance(command, list | tuple)
            or len(command) != 3
            or command[0] != 0
            or not isinstance(command[2], dict)
        ):
            return None
        values.append(command[2])
    return values


def check_ui_orders(orders):
    """Raise a ``UserError`` for the first order of ``orders`` (the
    argument of ``create_from_ui``) whose shape, figures, ids or dates a
    till cannot have sent."""
    if not isinstance(orders, list | tuple):
        raise UserError(_("The till sent no list of orders: nothing was saved."))
    for order in orders:
        data = order.get("data") if isinstance(order, dict) else None
        if not isinstance(data, dict):
            raise UserError(
                _("The till sent an order without its data: nothing was saved.")
            )
        check_ui_order(data)


def check_ui_order(data):
    """Check one order's ``data`` (see :func:`check_ui_orders`)."""
    ref = data.get("name") or ""

    def refuse(field, value, what):
        raise UserError(
            _(
                "The till sent order %(ref)s with %(field)s = %(value)s, which is "
                "not %(what)s: nothing was saved.",
                ref=ref,
                field=field,
                value=repr(value)[:80],
                what=what,
            )
        )

    lines = create_commands(data.get("lines"))
    if lines is None:
        refuse("lines", data.get("lines"), _("a list of new order lines"))
    payments = create_commands(data.get("statement_ids"))
    if payments is None:
        refuse("statement_ids", data.get("statement_ids"), _("a list of new payments"))
    if not is_date_time(data.get("date_order")):
        refuse("date_order", data.get("date_order"), _("a date and time"))
    check_values(data, ORDER_FIGURES, ORDER_IDS, refuse)
    for values in lines:
        check_values(values, LINE_FIGURES, LINE_IDS, refuse)
        discount = values.get("discount") or 0.0
        if not 0.0 <= discount <= 100.0:
            refuse("discount", discount, _("a discount between 0 and 100 %"))
    for values in payments:
        check_values(values, ("amount",), PAYMENT_IDS, refuse)
        if not is_date_time(values.get("name"), till_format=False):
            refuse("name", values.get("name"), _("a date and time"))


def check_values(values, figures, ids, refuse):
    """Call ``refuse(field, value, what)`` for the first of ``figures`` in
    ``values`` that is no figure and the first of ``ids`` that is no id."""
    for name in figures:
        if not is_figure(values.get(name)):
            refuse(name, values.get(name), _("a number"))
    for name in ids:
        if not is_id(values.get(name), name in REQUIRED_IDS):
            refuse(name, values.get(name), _("a record id"))
