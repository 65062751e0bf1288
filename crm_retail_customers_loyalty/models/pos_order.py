# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.crm_retail_customers_pos.models.pos_order import (
    PAID_STATES,
    POINTS_LINE_FIELDS,
)

from .loyalty_card import server_card_write
from .loyalty_rule import MONEY_PROGRAM_TYPES

#: What booking reads of a line besides ``POINTS_LINE_FIELDS``.
LOYALTY_LINE_FIELDS = ["is_reward_line", "reward_id", "coupon_id", "retail_card_points"]


class PosOrder(models.Model):
    _inherit = "pos.order"

    retail_cards_confirmed = fields.Boolean(
        "Cards Confirmed",
        copy=False,
        readonly=True,
        help="The till confirmed the points of the order's gift cards and "
        "eWallets: what the order sold of them was given once.",
    )

    def _retail_derived_field_names(self):
        return super()._retail_derived_field_names() | {"retail_cards_confirmed"}

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

    def _retail_card_claim(self, line):
        """``(money, points)``: what the reward ``line`` claims to pay with an
        Odoo gift card or eWallet, in money (its tax-free amount) and in the
        card's points, when it is a reward of a gift card or eWallet program
        claimed on a card of that program and of this company; else
        ``(0, 0)``: the line is then a discount like any other."""
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
            or reward.discount <= 0
            or card.program_id != program
            or (card.company_id and card.company_id != self.company_id)
        ):
            return 0.0, 0.0
        currency = self.currency_id
        price = (line.price_unit or 0.0) * (1 - (line.discount or 0.0) / 100.0)
        used = -currency.round(price * (line.qty or 0.0))
        if currency.compare_amounts(used, 0.0) <= 0:
            return 0.0, 0.0
        return used, used / reward.discount

    def _retail_card_payment(self, line):
        """What the reward ``line`` paid with an Odoo gift card or eWallet,
        as the server sees it: the line's (tax-free) amount when the server
        debited the card for it when the order was paid
        (:meth:`_retail_debit_money_cards`); else 0 (the line is then a
        discount like any other: it lowers what the goods earn). A card the
        till itself debits later, or never, pays for nothing here."""
        if not line.retail_card_points:
            return 0.0
        return self._retail_card_claim(line)[0]

    def _retail_book_points_safely(self, reviewed=False):
        """Orders becoming paid first pay with their gift cards and
        eWallets: the server debits them (a till that never confirms the
        order's programs would otherwise pay with one card again and again,
        each sale earning the shop's points)."""
        if not reviewed:
            self._retail_debit_money_cards()
        return super()._retail_book_points_safely(reviewed=reviewed)

    def _retail_debit_money_cards(self):
        """Debit the gift cards and eWallets that the reward lines of these
        paid orders pay with (:meth:`_retail_card_claim`), each line once,
        when its card covers it; mark the line with the points taken. A line
        whose card does not cover it is not debited and pays nothing."""
        for order in self.filtered(lambda order: order.state in PAID_STATES):
            for line in order.lines:
                if not line.is_reward_line or line.retail_card_points:
                    continue
                points = order._retail_card_claim(line)[1]
                # sudo: the card this order's own line pays with is debited by
                # the amount the server computed; the cashier chooses nothing
                card = line.coupon_id.sudo()
                if (
                    not points
                    or float_compare(card.points, points, precision_digits=2) < 0
                ):
                    continue
                card.points -= points
                line._retail_write_derived({"retail_card_points": points})

    def confirm_coupon_programs(self, coupon_data):
        """The till confirms the points of the order's cards: those of gift
        cards and eWallets are checked first
        (:meth:`_retail_settle_money_cards`)."""
        if not isinstance(coupon_data, dict) or not all(
            isinstance(values, dict) and str(key).lstrip("-").isdigit()
            for key, values in coupon_data.items()
        ):
            raise UserError(
                _("The till sent the order's cards in a form it never uses.")
            )
        coupon_data = {int(key): dict(values) for key, values in coupon_data.items()}
        self._retail_settle_money_cards(coupon_data)
        # the cards' points are written as checked above
        return super(PosOrder, server_card_write(self)).confirm_coupon_programs(
            coupon_data
        )

    def _retail_settle_money_cards(self, coupon_data):
        """Check and complete what the till's ``coupon_data`` (Odoo's
        ``confirm_coupon_programs``: card id, or a negative id for a new
        card, to the change of its points) does to gift cards and eWallets.

        The first confirmation of a paid order gives back to each card what
        the server debited for the order's lines
        (:meth:`_retail_debit_money_cards`): the till's own debit then
        replaces it, and a till that leaves the card out, or sends less,
        keeps it debited. Whatever the till then adds to gift cards and
        eWallets (new cards, top-ups, a scanned card's balance) must be what
        the order sold of that program, once: a till that sold none adds
        nothing. A card's points only go down with a reward line of this
        order on it. Nothing is written when the till asks for more."""
        self.ensure_one()
        first = self.state in PAID_STATES and not self.retail_cards_confirmed
        debited = defaultdict(float)
        allowed = defaultdict(float)
        if first:
            for line in self.lines:
                if line.retail_card_points:
                    debited[line.coupon_id.id] += line.retail_card_points
            allowed = self._retail_money_card_allowance()
            self._retail_write_derived({"retail_cards_confirmed": True})
        claimed = set(self.lines.filtered("is_reward_line").coupon_id.ids)
        added = defaultdict(float)
        for key, values in coupon_data.items():
            points = values.get("points") or 0.0
            if not isinstance(points, (int, float)):
                raise UserError(
                    _("The till sent the order's cards in a form it never uses.")
                )
            gift_card = values.get("giftCardId")
            card, program = self._retail_coupon_program(gift_card or key, values)
            if program.program_type not in MONEY_PROGRAM_TYPES:
                continue
            if gift_card:
                added[program] += max(points - card.points, 0.0)
                continue
            if key > 0:
                points += debited.pop(key, 0.0)
                values["points"] = points
                if (
                    float_compare(points, 0.0, precision_digits=2) < 0
                    and key not in claimed
                ):
                    raise UserError(
                        _(
                            "%(order)s does not pay with %(card)s: the till cannot "
                            "take its points.",
                            order=self.name,
                            card=card.code,
                        )
                    )
            added[program] += max(points, 0.0)
        for program, points in added.items():
            if float_compare(points, allowed[program.id], precision_digits=2) > 0:
                raise UserError(
                    _(
                        "The till adds %(points)s points to cards of %(program)s, "
                        "but %(order)s sold %(allowed)s of them: nothing was "
                        "changed.",
                        points=round(points, 2),
                        program=program.name,
                        order=self.name,
                        allowed=round(allowed[program.id], 2),
                    )
                )

    def _retail_coupon_program(self, key, values):
        """The card (empty for a new one) and the program of an entry of the
        till's ``coupon_data``: an existing card's own program, else the
        program the till names."""
        # sudo: cards and programs are read to check the till's figures
        card = self.env["loyalty.card"].sudo()
        if isinstance(key, int) and key > 0:
            card = card.browse(key).exists()
        program_id = values.get("program_id")
        if card or not isinstance(program_id, int):
            return card, card.program_id
        # sudo: as above
        return card, self.env["loyalty.program"].sudo().browse(program_id).exists()

    def _retail_money_card_allowance(self):
        """``{program id: points}``: what this paid order's lines that sell
        gift cards or eWallet top-ups give cards of their program, by the
        program's rules as pos_loyalty counts them (per unit, per money,
        per order); an upper bound when several rules apply."""
        allowed = defaultdict(float)
        goods = self.lines.filtered(
            lambda line: not line.is_reward_line and (line.qty or 0.0) > 0
        )
        if not goods:
            return allowed
        # sudo: the money programs' rules are read to check the till's figures
        rules = (
            self.env["loyalty.rule"]
            .sudo()
            .search([("program_id.program_type", "in", MONEY_PROGRAM_TYPES)])
        )
        for rule in rules:
            products = goods.product_id.filtered_domain(
                rule._get_valid_product_domain()
            )
            lines = goods.filtered(
                lambda line, products=products: line.product_id in products
            )
            if not lines:
                continue
            if rule.reward_point_mode == "money":
                points = rule.reward_point_amount * sum(
                    lines.mapped("price_subtotal_incl")
                )
            elif rule.reward_point_mode == "unit":
                points = rule.reward_point_amount * sum(lines.mapped("qty"))
            else:
                points = rule.reward_point_amount
            allowed[rule.program_id.id] += points
        return allowed

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
