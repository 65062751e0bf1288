# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.crm_retail_customers_pos.models.pos_order import (
    PAID_STATES,
    POINTS_LINE_FIELDS,
)
from odoo.addons.crm_retail_customers_pos.models.pos_ui_order_check import (
    create_commands,
)

from .loyalty_card import server_card_write
from .loyalty_rule import MONEY_PROGRAM_TYPES

#: What booking reads of a line besides ``POINTS_LINE_FIELDS``.
LOYALTY_LINE_FIELDS = ["is_reward_line", "reward_id", "coupon_id", "retail_card_points"]


def _is_number(value):
    """A finite number, as the till's JSON sends one (not a boolean)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


#: More points than any card holds: a figure no till sends.
MAX_CARD_POINTS = 1e12


def _is_id(value):
    """A record id, as the till's JSON sends one."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


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

    @api.model
    def _retail_check_ui_orders(self, orders):
        """Odoo's till refunds no gift card or eWallet sold, nor what one
        paid (its ticket screen refuses both): the card would keep the money
        the refund pays back. Such a refund is refused before anything is
        saved."""
        super()._retail_check_ui_orders(orders)
        refunded = {
            values.get("refunded_orderline_id")
            for order in orders
            for values in create_commands(order["data"].get("lines"))
        } - {None, False}
        if not refunded:
            return
        self._retail_check_no_money_refunds(self.env["pos.order.line"].browse(refunded))

    @api.model
    def _retail_check_no_money_refunds(self, refunded):
        """Refuse a refund of the ``refunded`` lines when one of them sold a
        gift card or eWallet top-up or paid with one: the card would keep
        the money the refund pays back."""
        # sudo: the refunded lines are read to check the refund
        lines = refunded.sudo().exists()
        products = self._retail_money_products(lines.product_id)
        money = lines.filtered(
            lambda line: (
                line.product_id.id in products
                or (
                    line.is_reward_line
                    and line.reward_id.program_id.program_type in MONEY_PROGRAM_TYPES
                )
            )
        )
        if money:
            raise UserError(
                _(
                    "%(product)s of %(order)s is gift card or eWallet money: it is "
                    "not refunded (the card would keep it). Nothing was saved.",
                    product=money[0].full_product_name or money[0].product_id.name,
                    order=money[0].order_id.name,
                )
            )

    def action_pos_order_paid(self):
        """Odoo's back office refunds every line of an order (``refund``),
        gift cards sold and paid with included, which its till never does:
        only a Point of Sale manager, who can void the card, pays such a
        refund."""
        if not self.env.user.has_group("point_of_sale.group_pos_manager"):
            self._retail_check_no_money_refunds(
                self.filtered(
                    lambda order: order.state == "draft"
                ).lines.refunded_orderline_id
            )
        return super().action_pos_order_paid()

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
        claimed on a card of that program and of this company (an eWallet:
        of the order's customer), not expired; else ``(0, 0)``: the line is then a
        discount like any other."""
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
            or (program.is_nominative and card.partner_id != self.partner_id)
            or (
                card.expiration_date
                and card.expiration_date < fields.Date.context_today(self)
            )
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
            raise UserError(self._retail_bad_cards_message())
        coupon_data = {int(key): dict(values) for key, values in coupon_data.items()}
        self._retail_settle_money_cards(coupon_data)
        # the cards' points are written as checked above
        return super(PosOrder, server_card_write(self)).confirm_coupon_programs(
            coupon_data
        )

    def _retail_bad_cards_message(self):
        return _("The till sent the order's cards in a form it never uses.")

    def _retail_settle_money_cards(self, coupon_data):
        """Check and complete what the till's ``coupon_data`` (Odoo's
        ``confirm_coupon_programs``: card id, or a negative id for a new
        card or a scanned gift card (``giftCardId``), to the change of its
        points, or a scanned card's new points) does to gift cards and
        eWallets. Nothing is written when the till asks for more:

        - The first confirmation of a paid order gives back to each card
          what the server debited for the order's lines
          (:meth:`_retail_debit_money_cards`): the till's own debit replaces
          it. A card's points never go down further: a till that leaves the
          card out keeps it debited; one that debits more is refused.
        - What the till adds to gift cards and eWallets (new cards, top-ups,
          a scanned gift card's balance) must be what the paid order sold of
          each program, at the server's prices, less what was refunded, and
          never more than the money the order took, once per order.
        - A scanned card is a gift card, named by a new entry, whose balance
          only grows; a card named for a customer is for the order's own.
        """
        self.ensure_one()
        paid = self.state in PAID_STATES
        debited = defaultdict(float)
        allowed, money = {}, 0.0
        if paid and not self.retail_cards_confirmed:
            for line in self.lines:
                if line.retail_card_points:
                    debited[line.coupon_id.id] += line.retail_card_points
            allowed, money = self._retail_money_card_allowance()
            self._retail_write_derived({"retail_cards_confirmed": True})
        self._retail_keep_reward_lines_linked(coupon_data)
        added = defaultdict(float)
        for key, values in coupon_data.items():
            card, program = self._retail_card_entry(key, values)
            if program.program_type not in MONEY_PROGRAM_TYPES:
                continue
            points = values.get("points") or 0.0
            gift_card = values.get("giftCardId")
            if gift_card:
                if float_compare(points, card.points, precision_digits=2) < 0:
                    raise UserError(
                        _(
                            "%(card)s is not a gift card this order can load.",
                            card=card.code,
                        )
                    )
                added[program] += points - card.points
                continue
            if key > 0:
                points += debited.pop(key, 0.0)
                values["points"] = points
            if key < 0 and points < 0:
                raise UserError(self._retail_bad_cards_message())
            if float_compare(points, 0.0, precision_digits=2) < 0:
                raise UserError(
                    _(
                        "%(order)s paid %(card)s what the server took of it: the "
                        "till cannot take more of its points.",
                        order=self.name,
                        card=card.code or program.name,
                    )
                )
            added[program] += points
        for program, points in added.items():
            limit = allowed.get(program.id, 0.0)
            if float_compare(points, limit, precision_digits=2) > 0:
                raise self._retail_load_error(program, points, limit)
        if float_compare(sum(added.values()), money, precision_digits=2) > 0:
            raise self._retail_load_error(
                added and next(iter(added)), sum(added.values()), money
            )

    def _retail_keep_reward_lines_linked(self, coupon_data):
        """Odoo links the reward lines the till names (``line_codes``) to the
        entry's card: only lines not linked to a card yet (those of a card
        this confirmation makes). A paid line keeps its card."""
        lines_by_code = defaultdict(lambda: self.env["pos.order.line"])
        for line in self.lines:
            if line.reward_identifier_code:
                lines_by_code[line.reward_identifier_code] |= line
        for key, values in coupon_data.items():
            codes = values.get("line_codes")
            if codes is None:
                continue
            if not isinstance(codes, list) or not all(
                isinstance(code, str) for code in codes
            ):
                raise UserError(self._retail_bad_cards_message())
            values["line_codes"] = [
                code
                for code in codes
                if all(
                    line.coupon_id.id in (False, key) for line in lines_by_code[code]
                )
            ]

    def _retail_card_entry(self, key, values):
        """The card (empty for a new one) and the program of an entry of the
        till's ``coupon_data``, checked: its form, a scanned card
        (``giftCardId``: an existing gift card, named by a new entry), and
        the holder of a money card (the order's customer, for an eWallet its
        own card)."""
        points = values.get("points") or 0.0
        gift_card = values.get("giftCardId") or False
        if (
            not _is_number(points)
            or abs(points) > MAX_CARD_POINTS
            or (gift_card and (key > 0 or not _is_id(gift_card)))
            or not _is_id(values.get("partner_id") or 1)
        ):
            raise UserError(self._retail_bad_cards_message())
        card, program = self._retail_coupon_program(gift_card or key, values)
        if gift_card and (not card or program.program_type != "gift_card"):
            # a card this very confirmation makes, a loyalty card...: Odoo
            # would set its points and holder unchecked
            raise UserError(
                _(
                    "%(card)s is not a gift card this order can load.",
                    card=card.code or gift_card,
                )
            )
        if program.program_type not in MONEY_PROGRAM_TYPES:
            return card, program
        partner_id = values.get("partner_id") or False
        if program.is_nominative and not gift_card:
            # an eWallet: the order's customer's own
            holder = card.partner_id.id if card else partner_id
            foreign = not self.partner_id or holder != self.partner_id.id
        else:
            foreign = partner_id not in (False, self.partner_id.id)
        if foreign:
            raise UserError(
                _(
                    "%(order)s cannot give a card of %(program)s to another "
                    "customer than its own.",
                    order=self.name,
                    program=program.name,
                )
            )
        return card, program

    def _retail_load_error(self, program, points, limit):
        return UserError(
            _(
                "The till adds %(points)s points to cards of %(program)s, "
                "but %(order)s sold %(allowed)s of them: nothing was changed.",
                points=round(points, 2),
                program=program.name,
                order=self.name,
                allowed=round(limit, 2),
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

    def _retail_money_taken(self):
        """The money this order took: its payments (change deducted, the
        shop's points payment left out) and the gift cards and eWallets the
        server debited for it."""
        return sum(
            payment.amount
            for payment in self.payment_ids
            if not payment.payment_method_id.retail_points_payment
        ) + sum(
            self._retail_card_claim(line)[0]
            for line in self.lines
            if line.retail_card_points
        )

    def _retail_money_share(self):
        """The share of this order's goods that money paid (0 to 1): what a
        return of them is worth on a card (a sale paid with points, or with a
        gift card line the server did not see, gave its goods for less)."""
        goods = sum(
            line.price_subtotal_incl
            for line in self.lines
            if not line.is_reward_line and (line.qty or 0.0) > 0
        )
        if self.currency_id.compare_amounts(goods, 0.0) <= 0:
            return 0.0
        return min(max(self._retail_money_taken() / goods, 0.0), 1.0)

    def _retail_money_card_allowance(self):
        """``({program id: points}, money)``: what this paid order's lines
        that sell gift cards or eWallet top-ups give cards of their program,
        by the program's rules as pos_loyalty counts them (per unit, per
        money, per order; an upper bound when several rules apply), at the
        server's price of each line (never more than the till's), less what
        paid refunds took back of it; and the value the order took in: its
        payments and the gift cards and eWallets the server debited for it
        (:meth:`_retail_money_taken`), and the goods of the same customer's
        paid receipts returned with it, at the share of them that money paid
        (Odoo's till puts a return's money on the customer's eWallet this
        way), unless the order was set aside. A return without receipt puts
        nothing on a card: it is refunded in money."""
        allowed = defaultdict(float)
        money = self._retail_money_taken()
        goods = self.lines.filtered(
            lambda line: (
                not line.is_reward_line
                and not line.refunded_orderline_id
                and (line.qty or 0.0) > 0
            )
        )
        returned = self.lines.filtered(
            lambda line: (
                line.refunded_orderline_id
                and (line.qty or 0.0) < 0
                and line.refunded_orderline_id.order_id.partner_id == self.partner_id
                and line.refunded_orderline_id.order_id.state in PAID_STATES
            )
        )
        amounts = (goods | returned) and self._retail_server_amounts(goods | returned)
        if not self.retail_points_held:
            # an order set aside (figures or refunds the server does not
            # book) takes in only its payments
            shares = {}
            for line in returned:
                origin = line.refunded_orderline_id.order_id
                if origin not in shares:
                    shares[origin] = origin._retail_money_share()
                money -= shares[origin] * max(
                    line.price_subtotal_incl, amounts[line.id][1]
                )
        if not goods:
            return allowed, money
        left = {}
        for line in goods:
            refunded = -sum(
                refund.qty
                for refund in line.refund_orderline_ids
                if refund.order_id.state in PAID_STATES
            )
            share = max(line.qty - refunded, 0.0) / line.qty
            left[line] = (
                share,
                share * min(line.price_subtotal_incl, amounts[line.id][1]),
            )
        Rule = self.env["loyalty.rule"].sudo()  # sudo: rules read to check the till
        rules = Rule.search([("program_id.program_type", "in", MONEY_PROGRAM_TYPES)])
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
                points = sum(left[line][1] for line in lines)
            elif rule.reward_point_mode == "unit":
                points = sum(left[line][0] * line.qty for line in lines)
            else:
                points = 1.0 if any(left[line][0] for line in lines) else 0.0
            allowed[rule.program_id.id] += rule.reward_point_amount * points
        return allowed, money

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

    @api.model
    def _retail_sells_goods(self, product_ids):
        """Gift cards and eWallet top-ups are money, not goods: Odoo's refund
        onto an eWallet sells a top-up and stays a refund."""
        if isinstance(product_ids, list | tuple):
            money = self.env["loyalty.rule"]._retail_money_product_ids()
            product_ids = [
                pid
                for pid in product_ids
                if not (isinstance(pid, int) and pid in money)
            ]
        return super()._retail_sells_goods(product_ids)

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
