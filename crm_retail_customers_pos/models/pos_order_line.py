# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Points a cashier redeemed with a points discount line; what a paid order
sold is fixed."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from .pos_order import PAID_STATES

#: What a line says was sold: the points, the invoice and the session's
#: entries are made of it, so it is fixed once the order is paid.
SALE_FIELDS = frozenset(
    {
        "order_id",
        "product_id",
        "qty",
        "price_unit",
        "discount",
        "price_subtotal",
        "price_subtotal_incl",
        "tax_ids",
        "refunded_orderline_id",
        "retail_redeem_points",
    }
)


def check_order_not_paid(orders):
    """Refuse to change what ``orders`` sold or were paid with once they are
    paid: a cashier's RPC could otherwise rewrite a paid order (one set
    aside, whose points a manager books later from its lines and payments,
    included). Server code that must (none of Odoo's flows does) runs as
    superuser."""
    if orders.env.su:
        return
    paid = orders.filtered(lambda order: order.state in PAID_STATES)
    if paid:
        raise UserError(
            _(
                "%(order)s is paid: what it sold and how it was paid cannot be "
                "changed. Refund it instead.",
                order=paid[0].name,
            )
        )


class PosOrderLine(models.Model):
    _name = "pos.order.line"
    _inherit = ["pos.order.line", "retail.derived.state.mixin"]
    _retail_derived_fields = ("retail_points",)

    retail_redeem_points = fields.Float(
        "Redeemed Points",
        digits="Reward Points",
        copy=False,
        help="Points the cashier redeemed with this points discount line.",
    )
    retail_points = fields.Float(
        "Points Earned",
        digits="Reward Points",
        copy=False,
        readonly=True,
        help="Points this line earned by the earning rules when the order was "
        "booked (negative: taken back for goods returned without receipt). A "
        "refund of the line takes back its share of them.",
    )

    def init(self):
        """Index of the refunds of a line (``refunded_orderline_id``), which
        Odoo does not index: the refunds' checks, Odoo's
        ``refund_orderline_ids`` and whether a first purchase is given back
        in full (``pos.order._retail_given_back``) look refunds up by the
        line they refund; without it, each lookup reads every line of every
        order."""
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS pos_order_line_retail_refunded_line_index
                ON pos_order_line (refunded_orderline_id)
             WHERE refunded_orderline_id IS NOT NULL
            """
        )
        return super().init()

    @api.model_create_multi
    def create(self, vals_list):
        check_order_not_paid(
            self.env["pos.order"].browse(
                {vals.get("order_id") for vals in vals_list} - {None, False}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        """The points a cashier asked for are part of the sale: fixed once the
        order is paid, as everything the line sold."""
        if "retail_redeem_points" in vals and any(
            line.order_id.state != "draft" for line in self
        ):
            raise UserError(_("The redeemed points of a paid order cannot be changed."))
        if SALE_FIELDS.intersection(vals):
            orders = self.order_id
            if vals.get("order_id"):
                orders |= self.env["pos.order"].browse(vals["order_id"])
            check_order_not_paid(orders)
        return super().write(vals)

    def unlink(self):
        check_order_not_paid(self.order_id)
        return super().unlink()

    def _retail_requested_points(self, amount_incl=None):
        """Points this discount line takes: those the cashier entered, and at
        least what the discount is worth at the company's point value, so that
        no discount is ever given without the points that pay for it.
        ``amount_incl`` is the line's amount as the server computes it
        (``pos.order._retail_server_amounts``); the till's is never used."""
        self.ensure_one()
        digits = self.order_id.company_id._retail_points_digits()
        value = self.order_id.company_id.retail_point_value
        if amount_incl is None:
            amount_incl = self.order_id._retail_server_amounts(self)[self.id][1]
        amount = -amount_incl
        needed = 0.0
        if value > 0 and amount > 0:
            needed = float_round(
                float_round(amount / value, precision_digits=6),
                precision_digits=digits,
                rounding_method="UP",
            )
        # points the cashier claimed count in the company's precision: a
        # whole-points company never takes a fraction of a point
        claimed = float_round(
            self.retail_redeem_points or 0.0,
            precision_digits=digits,
            rounding_method="UP",
        )
        return max(claimed, needed)

    def _export_for_ui(self, orderline):
        """The till's ticket screen refunds a points discount line's share
        with its goods (``pos_order_refund_share``): it needs what the paid
        refunds refunded of the line so far, in money (a refund of a
        discount line carries its own price, its quantity alone does not
        say it)."""
        result = super()._export_for_ui(orderline)
        result["retail_redeem_points"] = orderline.retail_redeem_points
        if orderline.order_id._retail_is_redemption_line(orderline):
            refunds = orderline.refund_orderline_ids.filtered(
                lambda line: line.order_id.state in PAID_STATES
            )
            result["retail_refunded_excl"] = sum(refunds.mapped("price_subtotal"))
            result["retail_refunded_incl"] = sum(refunds.mapped("price_subtotal_incl"))
        return result
