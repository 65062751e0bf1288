# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A refund takes back its share of the points discount.

A sale paid in part with points has a points discount line per set of taxes
of its goods. Refunding goods of such a sale without their share of the
discount would pay the customer the full price in cash for what they paid in
part with points, and reverse the taxes of the full price where the sale
declared them on the reduced one. So the till adds the share to the refund
(``ticket_screen.js``) and the server checks it here: a refund whose share
of a discount line is not the one its goods call for is set aside.

**The share.** A discount line pays for the goods of its taxes (an untaxed
one, of a till of an earlier version or for untaxed goods: the goods whose
taxes no taxed discount line of the sale carries), goods that may be paid
with points only. After a refund, the part of those goods refunded so far is
``r`` (each goods line weighted by its amount with taxes, by the quantity
refunded of it); the discount refunded so far must then be the discount x
``r``, rounded to the cent. The refund's own share is that minus what the
earlier refunds refunded of the discount: several partial refunds never lose
or gain a cent, and refunding the rest refunds exactly the rest (``r`` is 1).

**How a partial refund of a discount line is written, exactly.** A fraction
of the line at the sale's price cannot hit every cent: the quantity has the
precision of *Product Unit of Measure* (0.01 at the till) and the line's
price is the whole discount. So a refund line of a discount line carries a
quantity *and a price of its own*: its quantity is the part of the goods
refunded (a multiple of the unit's rounding, at least one step, the rest of
the line when the goods are refunded to the end) and its price the share
divided by it, in cents. For a quantity of at most 1 a price rounded to the
cent is within half a cent of the share once multiplied, so the line's
amount is the share to the cent (with taxes included in the price; with
taxes added to it, its amount without taxes, the taxes computed on it as on
any refunded line). The server prices such a line by its own price
(:meth:`_retail_refund_price_line`), with the taxes of the discount line,
and checks its amount against the share
(:meth:`_retail_refund_share_differences`): its quantity only says which
part of the discount it refunds, its amount is what counts.
"""

from odoo import _, fields, models

from .pos_order import DERIVED_ORDER_FIELDS, PAID_STATES


class PosOrder(models.Model):
    _name = "pos.order"
    _inherit = "pos.order"
    _retail_derived_fields = DERIVED_ORDER_FIELDS + ("retail_points_share_gap",)

    retail_points_share_gap = fields.Monetary(
        "Points Discount Share Missing",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="Refund: the share of the points discount its goods call for "
        "minus the discount it refunded (positive: the customer got cash for "
        "goods they paid in part with points; negative: more of the discount "
        "was refunded than its goods' share). Such a refund is set aside.",
    )

    def _retail_refund_price_line(self, line):
        """The line whose price and discount price the refund ``line``: the
        line it refunds, except for a refund of a points discount line,
        which carries its own price (its share of the discount, see the
        module's docstring); its taxes are always those of the refunded
        line."""
        source = line.refunded_orderline_id
        if self._retail_is_redemption_line(source):
            return line
        return source

    def _retail_refund_share_differences(self, lines, amounts):
        """``[(label, discount refunded, share)]`` for every points discount
        line of the sales that ``lines`` (this order's) refund whose discount
        refunded so far, this refund included, differs by more than the
        currency's rounding from its goods' share (see the module's
        docstring), among the discount lines this refund concerns (it
        refunds goods they paid for, or them). ``amounts`` are the server's
        amounts of ``lines``. Keeps the largest gap (share minus refunded,
        of this refund) in ``retail_points_share_gap``."""
        refunds = lines.filtered("refunded_orderline_id")
        if not refunds or not self._retail_redemption_product_id():
            return []
        differences = []
        gaps = []
        for origin in refunds.refunded_orderline_id.order_id:
            for discount, goods, refunded, share, own in origin._retail_refund_shares(
                self, refunds, amounts
            ):
                if not own and not (goods & refunds.refunded_orderline_id):
                    continue
                gap = self.currency_id.round(share - refunded)
                if (
                    self.currency_id.compare_amounts(
                        abs(gap), self.currency_id.rounding
                    )
                    <= 0
                ):
                    continue
                gaps.append(gap)
                differences.append(
                    (
                        _(
                            "%(order)s, points discount %(taxes)s not refunded "
                            "with its goods",
                            order=origin.name,
                            taxes=", ".join(discount.tax_ids.mapped("name")) or "-",
                        )
                        if gap > 0
                        else _(
                            "%(order)s, points discount %(taxes)s refunded "
                            "beyond its goods' share",
                            order=origin.name,
                            taxes=", ".join(discount.tax_ids.mapped("name")) or "-",
                        ),
                        own,
                        own + gap,
                    )
                )
        if gaps:
            self._retail_write_derived({"retail_points_share_gap": max(gaps, key=abs)})
        return differences

    def _retail_refund_shares(self, refund, refund_lines, amounts):
        """``[(discount line, its goods lines, discount refunded so far,
        its goods' share so far, refunded by ``refund``)]`` of the points
        discount lines of this sale, amounts positive, after ``refund``
        (whose lines ``refund_lines`` have the server's ``amounts``) and the
        earlier paid refunds of this sale. With taxes included in the
        discount line's price, the amounts are with taxes, else without
        (what a partial refund writes to the cent, see the module's
        docstring)."""
        self.ensure_one()
        currency = self.currency_id
        sold = self.lines.filtered(lambda line: line.qty > 0)
        discounts = sold.filtered(self._retail_is_redemption_line)
        if not discounts:
            return []
        goods = (sold - discounts).filtered(
            lambda line: not line.product_id.retail_no_points
        )
        taxed = {frozenset(line.tax_ids.ids) for line in discounts if line.tax_ids}
        # the refund lines so far: of paid refunds, and of this one
        refunded_qty = {}
        refunded_amount = {}
        for line in sold.refund_orderline_ids:
            order = line.order_id
            if order != refund and order.state not in PAID_STATES:
                continue
            source = line.refunded_orderline_id
            refunded_qty[source] = refunded_qty.get(source, 0.0) - line.qty
            if line in refund_lines:
                value = amounts[line.id]
            else:
                value = self._retail_line_amount(
                    line,
                    self.fiscal_position_id.map_tax(source.tax_ids),
                    line.qty,
                    line.product_id,
                    currency,
                )
            own = line.order_id == refund
            total, mine = refunded_amount.get(source, ((0.0, 0.0), (0.0, 0.0)))
            refunded_amount[source] = (
                (total[0] + value[0], total[1] + value[1]),
                (mine[0] + value[0], mine[1] + value[1]) if own else mine,
            )
        result = []
        for discount in discounts:
            taxes = frozenset(discount.tax_ids.ids)
            its_goods = goods.filtered(
                lambda line, taxes=taxes: (
                    frozenset(line.tax_ids.ids) == taxes
                    if taxes
                    else frozenset(line.tax_ids.ids) not in taxed
                )
            )
            weights = {
                line: self._retail_line_amount(
                    line,
                    self.fiscal_position_id.map_tax(line.tax_ids),
                    line.qty,
                    line.product_id,
                    currency,
                )[1]
                for line in its_goods
            }
            whole = sum(weights.values())
            if whole <= 0:
                continue
            ratio = (
                sum(
                    weight * min(refunded_qty.get(line, 0.0) / line.qty, 1.0)
                    for line, weight in weights.items()
                )
                / whole
            )
            basis = 1 if all(tax.price_include for tax in discount.tax_ids) else 0
            value = -self._retail_line_amount(
                discount,
                self.fiscal_position_id.map_tax(discount.tax_ids),
                discount.qty,
                discount.product_id,
                currency,
            )[basis]
            total, mine = refunded_amount.get(discount, ((0.0, 0.0), (0.0, 0.0)))
            result.append(
                (
                    discount,
                    its_goods,
                    currency.round(total[basis]),
                    currency.round(value * ratio),
                    currency.round(mine[basis]),
                )
            )
        return result
