# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class AccountMove(models.Model):
    """An invoice of a sale order carries the order's points discount lines
    and the points they are worth (``sale.order._create_invoices``)."""

    _inherit = "account.move"

    def _retail_order_points(self):
        """``(points, customer)`` this invoice's points discount lines that
        come from sale orders are worth: each order's points in the share of
        its discount the lines carry (``(0.0, empty)`` without such lines)."""
        self.ensure_one()
        points = 0.0
        customer = self.env["res.partner"]
        for line in self._retail_redemption_lines():
            order_line = line.sale_line_ids[:1]
            if not order_line:
                continue
            order = order_line.order_id
            order_discount = sum(
                order_line.price_unit * order_line.product_uom_qty
                for order_line in order._retail_redemption_lines()
            )
            if not order_discount:
                continue
            points += (
                order.retail_points_redeemed
                * line.price_unit
                * line.quantity
                / order_discount
            )
            customer |= order.retail_points_redeem_partner_id
        company = self.company_id
        return company._retail_round_points(points), customer

    def _retail_take_order_points(self):
        """Give this new invoice the points of its orders' discount lines."""
        self.ensure_one()
        if not self._retail_redemption_lines().sale_line_ids:
            return
        points, customer = self._retail_order_points()
        self._retail_write_derived(
            {
                "retail_points_redeemed": points,
                "retail_points_redeem_partner_id": customer[:1].id,
            }
        )

    def _retail_check_points_discount(self):
        """An invoice of orders: its discount lines are those of the orders
        (their price and taxes, at most their quantity), its points their
        share, its goods worth at least the discount; the split over its own
        goods is not asked (an invoice of part of an order carries the whole
        discount line)."""
        lines = self._retail_redemption_lines()
        if not lines or not all(line.sale_line_ids for line in lines):
            return super()._retail_check_points_discount()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        currency = self.currency_id
        points, customer = self._retail_order_points()
        wrong = (
            len(customer) != 1
            # points are worth the company's money (as the base check)
            or currency != self.company_id.currency_id
            or customer != self.retail_points_redeem_partner_id
            or customer != self.commercial_partner_id
            or not float_is_zero(
                points - self.retail_points_redeemed, precision_digits=digits
            )
        )
        for line in lines:
            order_line = line.sale_line_ids[:1]
            wrong = wrong or (
                currency.compare_amounts(line.price_unit, order_line.price_unit)
                or line.tax_ids != order_line.tax_id
                or line.discount
                or line.quantity > order_line.product_uom_qty
            )
        # each discount line lowers the tax base of goods of its taxes on
        # this invoice, never more than they are worth
        goods = {
            frozenset(taxes.ids): amount
            for taxes, amount in self._retail_goods_by_taxes()
        }
        discounts = {}
        for line in lines:
            key = frozenset(line.tax_ids.ids)
            discounts[key] = discounts.get(key, 0.0) - self._retail_line_total(line)
        if any(
            currency.compare_amounts(discount, goods.get(key, 0.0)) > 0
            for key, discount in discounts.items()
        ):
            wrong = True
        if wrong:
            raise UserError(
                _(
                    "The points discount of %(invoice)s is not the one granted "
                    "for its goods, its points and its customer (lines changed "
                    "or goods changed since): use Redeem points again before "
                    "posting it.",
                    invoice=self.display_name,
                )
            )
