# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models

from odoo.addons.crm_retail_customers_pos.models.pos_order import POINTS_LINE_FIELDS

from .loyalty_rule import MONEY_PROGRAM_TYPES

#: What booking reads of a line besides ``POINTS_LINE_FIELDS``.
LOYALTY_LINE_FIELDS = ["is_reward_line", "reward_id", "coupon_id"]


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _retail_fetch_lines(self):
        """The order's lines with what booking reads of them, the reward
        fields of pos_loyalty included, in one query."""
        self.ensure_one()
        return self.env["pos.order.line"].search_fetch(
            [("order_id", "=", self.id)], POINTS_LINE_FIELDS + LOYALTY_LINE_FIELDS
        )

    def _retail_money_products(self, products):
        """The ids of ``products`` that sell an Odoo gift card or eWallet
        top-up (``loyalty.rule._retail_money_product_ids``)."""
        if not products:
            return set()
        return set(products.ids) & self.env["loyalty.rule"]._retail_money_product_ids()

    def _retail_card_payment(self, line):
        """What the reward ``line`` paid with an Odoo gift card or eWallet,
        as the server sees it: the line's (tax-free) amount when it is a
        reward of a gift card or eWallet program, claimed on a card of that
        program and of this company whose balance covers it; else 0 (the
        line is then a discount like any other: it lowers what the goods
        earn). The card's balance is read before the till confirms the
        programs (``confirm_coupon_programs`` comes after the order)."""
        reward = line.reward_id
        # sudo: reward, program and card are read to check the line; nothing
        # is written or returned to the caller
        reward = reward.sudo()
        program = reward.program_id
        card = line.coupon_id.sudo()  # sudo: read only, as the reward above
        if (
            not line.is_reward_line
            or line.refunded_orderline_id
            or program.program_type not in MONEY_PROGRAM_TYPES
            or reward.reward_type != "discount"
            or reward.discount_mode != "per_point"
            or card.program_id != program
            or (card.company_id and card.company_id != self.company_id)
        ):
            return 0.0
        currency = self.currency_id
        price = (line.price_unit or 0.0) * (1 - (line.discount or 0.0) / 100.0)
        used = -currency.round(price * (line.qty or 0.0))
        if currency.compare_amounts(used, 0.0) <= 0:
            return 0.0
        if currency.compare_amounts(used, card.points * reward.discount) > 0:
            return 0.0
        return used

    def _retail_money_lines(self, lines):
        """``(sold, paid)``: the lines of ``lines`` that sell a gift card or
        eWallet top-up (or refund such a sale), and the reward lines that pay
        with one (:meth:`_retail_card_payment`) or refund a gift card or eWallet
        payment."""
        products = self._retail_money_products(
            lines.filtered(lambda line: not line.is_reward_line).product_id
        )
        sold = lines.filtered(lambda line: line.product_id.id in products)
        paid = lines.filtered(
            lambda line: (
                line.refunded_orderline_id.is_reward_line
                # sudo: the refunded reward's program type is read only
                and line.refunded_orderline_id.reward_id.sudo().program_id.program_type
                in MONEY_PROGRAM_TYPES
                if line.refunded_orderline_id
                else self._retail_card_payment(line)
            )
        )
        return sold, paid

    def _retail_points_lines(self, lines=None):
        """Gift cards and eWallet top-ups sold are money: they earn none of
        the shop's points, and their refund takes none back. A gift card or
        eWallet paying is a payment: its line neither lowers what the goods
        earn nor counts in a refund. Promotion, coupon and loyalty-program
        discounts stay: the customer paid less."""
        sale_lines, refund_lines = super()._retail_points_lines(lines)
        sold, paid = self._retail_money_lines(sale_lines | refund_lines)
        money = sold | paid
        return sale_lines - money, refund_lines - money

    def _retail_goods_lines(self, lines):
        """A promotion, coupon or loyalty-program discount is no goods: like
        the points discount, it lowers what every line earns in proportion
        (a campaign's double points stay double), instead of taking back
        points at the normal rate."""
        return (
            super()
            ._retail_goods_lines(lines)
            .filtered(lambda line: not line.is_reward_line)
        )

    def _retail_ledger_state(self, customer, ref, sale, lines=None):
        """The order's payments (the cap of what it earns) include what
        Odoo gift cards and eWallets paid (:meth:`_retail_card_payment`)."""
        ledger = super()._retail_ledger_state(customer, ref, sale, lines=lines)
        lines = self.lines if lines is None else lines
        card_paid = sum(
            self._retail_card_payment(line)
            for line in lines
            if line.is_reward_line and not line.refunded_orderline_id
        )
        if card_paid:
            ledger["paid"] = ledger["paid"] + card_paid
        return ledger

    def _retail_line_taxes(self, line, product_taxes, goods_taxes):
        """Odoo's reward lines are taxed as pos_loyalty taxes them: a gift
        card or eWallet payment has no taxes; a discount carries one set of
        taxes of the goods it discounts, a free product taxes among those of
        the order's goods; the till sends them and the server accepts only
        those."""
        if not line.is_reward_line or not line.reward_id:
            return super()._retail_line_taxes(line, product_taxes, goods_taxes)
        # sudo: the reward's program type is read to price the line
        if line.reward_id.sudo().program_id.program_type in MONEY_PROGRAM_TYPES:
            return self.env["account.tax"]
        # sudo: as above, the reward's type is read to price the line
        if line.reward_id.sudo().reward_type == "discount":
            # pos_loyalty splits a discount by the goods' sets of taxes: a set
            # no goods carry (two rates on one line) lowers a tax it may not
            if frozenset(line.tax_ids.ids) in goods_taxes:
                return line.tax_ids
            return self.env["account.tax"]
        goods_tax_ids = set().union(*goods_taxes)
        return line.tax_ids.filtered(lambda tax: tax.id in goods_tax_ids)

    def _retail_receipt_labels(self):
        """Beside Odoo's loyalty programs (printed under their program's
        name), the receipt says which points are the shop's."""
        labels = super()._retail_receipt_labels()
        labels["title"] = _("%(title)s (SHOP)", title=labels["title"])
        return labels
