# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A cashier cannot make the shop's points grow with made-up gift card or
eWallet lines: attacked over the till's own JSON-RPC route with a real
cashier session."""

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_retail_customers_pos.tests.common import TillRpcMixin

from .common import RetailLoyaltyCase


@tagged("post_install", "-at_install")
class TestPosLoyaltyHttp(TillRpcMixin, RetailLoyaltyCase, HttpCase):
    def test_cashier_cannot_move_a_card_into_a_money_program(self):
        """Point of Sale users may write cards (the till confirms their
        points), but not move a card of the loyalty program into the gift
        card program, where its points would pay for sales as money."""
        loyalty = self.env["loyalty.program"].create(
            {"name": "Shop loyalty", "program_type": "loyalty"}
        )
        card = self.card(loyalty, 500.0)
        self.authenticate("retail_cashier", "retail_cashier")
        message = self._refused(
            "odoo.exceptions.UserError",
            "loyalty.card",
            "write",
            [card.id],
            {"program_id": self.gift_program.id},
        )
        self.assertIn("stays in its program", message)
        self.assertEqual(card.program_id, loyalty)
        data = self.ui_order(
            [
                self.ui_line(self.product_plain, 4),
                self.reward_line(self.gift_reward, -70.0, card),
            ],
            self.customer_x,
        )
        self._call("pos.order", "create_from_ui", [data], False)
        self.assertEqual(self.order_of(data).retail_points_earned, 10.0)

    def test_cashier_cannot_earn_on_made_up_gift_card_money(self):
        """The till sends 80.00 of goods "paid" 70.00 by a gift card holding
        5.00, then 70.00 by an eWallet reward claimed on that gift card:
        neither is money the server sees, both are discounts; the customer
        earns on the 10.00 paid, no more."""
        short = self.card(self.gift_program, 5.0)
        for reward in (self.gift_reward, self.ewallet_reward):
            with self.subTest(reward=reward.program_id.program_type):
                self.authenticate("retail_cashier", "retail_cashier")
                data = self.ui_order(
                    [
                        self.ui_line(self.product_plain, 4),
                        self.reward_line(reward, -70.0, short),
                    ],
                    self.customer_x,
                )
                self._call("pos.order", "create_from_ui", [data], False)
                order = self.order_of(data)
                self.assertEqual(order.state, "paid")
                self.assertFalse(order.retail_points_held)
                self.assertEqual(order.retail_points_earned, 10.0)
        self.assertEqual(self.customer_x.reward_points, 20.0)


@tagged("post_install", "-at_install")
class TestPosMoneyCardsHttp(TillRpcMixin, RetailLoyaltyCase, HttpCase):
    """A gift card or eWallet pays once, and only what an order sold puts
    money on one: the cashier's till is a client like any other, and these
    cards' payments earn the shop's points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # as Odoo's own pos_loyalty tours: with Sales installed, confirming
        # the programs of a paid order reads sales order lines
        cls.pos_user.groups_id += cls.env.ref("stock.group_stock_user")

    def setUp(self):
        super().setUp()
        self.authenticate("retail_cashier", "retail_cashier")

    def pay_with(self, card, amount=-50.0, reward=None):
        """Sync, as the cashier, 100.00 of socks for customer X paid
        ``amount`` with ``card`` and the rest by bank; return the order."""
        data = self.ui_order(
            [
                self.ui_line(self.product_plain, 5),
                self.reward_line(reward or self.gift_reward, amount, card),
            ],
            self.customer_x,
        )
        self._call("pos.order", "create_from_ui", [data], False)
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        return order

    def confirm(self, order, coupon_data):
        return self._call(
            "pos.order", "confirm_coupon_programs", [order.id], coupon_data
        )

    def refused_confirm(self, order, coupon_data):
        return self._refused(
            "odoo.exceptions.UserError",
            "pos.order",
            "confirm_coupon_programs",
            [order.id],
            coupon_data,
        )

    def spend(self, card, points, **extra):
        """The till's entry of ``card`` in ``coupon_data``: its change of
        points and the reward lines paid with it."""
        return {
            str(card.id): {
                "points": points,
                "program_id": card.program_id.id,
                "coupon_id": card.id,
                "barcode": False,
                "line_codes": ["retail"],
                **extra,
            }
        }

    def test_a_gift_card_never_debited_by_the_till_pays_once(self):
        """The till never confirms the order's programs (Odoo's till debits
        the card only then): the server debited the card when the order was
        paid, so the same card pays nothing the next time; that sale earns on
        its bank payment only."""
        card = self.card(self.gift_program, 50.0)
        first = self.pay_with(card)
        self.assertAlmostEqual(card.points, 0.0)
        self.assertEqual(first.lines.mapped("retail_card_points"), [0.0, 50.0])
        self.assertEqual(first.retail_points_earned, 100.0)
        second = self.pay_with(card)
        self.assertAlmostEqual(card.points, 0.0)
        self.assertEqual(second.retail_points_earned, 50.0)
        self.assertEqual(self.customer_x.reward_points, 150.0)

    def test_the_tills_confirmation_debits_the_card_once(self):
        """Odoo's till confirms the debit it computed: the card ends as in
        Odoo alone (50 - 30), not debited twice; an eWallet alike."""
        for reward, program in (
            (self.gift_reward, self.gift_program),
            (self.ewallet_reward, self.ewallet_program),
        ):
            with self.subTest(program=program.program_type):
                card = self.card(program, 50.0)
                card.partner_id = self.customer_x  # an eWallet is its holder's
                order = self.pay_with(card, -30.0, reward)
                self.assertAlmostEqual(card.points, 20.0)
                answer = self.confirm(order, self.spend(card, -30.0))
                card.invalidate_recordset()
                self.assertAlmostEqual(card.points, 20.0)
                self.assertFalse(answer["coupon_report"])

    def test_a_till_leaving_out_its_debit_keeps_the_card_debited(self):
        """A confirmation without the debit (the card sent with no change)
        would give the card back what it paid: it is refused, the card stays
        debited; a confirmation without the card changes nothing of it."""
        card = self.card(self.gift_program, 50.0)
        order = self.pay_with(card)
        message = self.refused_confirm(order, self.spend(card, 0.0))
        self.assertIn("sold 0.0 of them", message)
        self.confirm(order, {})
        card.invalidate_recordset()
        self.assertAlmostEqual(card.points, 0.0)

    def test_a_till_cannot_put_money_on_a_card(self):
        """Top-ups of a card the order pays with, a new gift card, a scanned
        card's balance: the order sold no gift card, so each is refused and
        nothing is written; nor can the till take another card's money."""
        card = self.card(self.gift_program, 50.0)
        blank = self.card(self.gift_program, 0.0)
        victim = self.card(self.gift_program, 80.0)
        order = self.pay_with(card)
        new_card = {
            "-1": {
                "points": 1000.0,
                "program_id": self.gift_program.id,
                "barcode": False,
            }
        }
        scanned = {
            "-1": {
                "points": 999.0,
                "program_id": self.gift_program.id,
                "giftCardId": blank.id,
                "barcode": False,
            }
        }
        for forged in (self.spend(card, 500.0), new_card, scanned):
            with self.subTest(forged=forged):
                message = self.refused_confirm(order, forged)
                self.assertIn("sold 0.0 of them", message)
        message = self.refused_confirm(order, self.spend(victim, -80.0))
        self.assertIn("the till cannot take more of its points", message)
        (card | blank | victim).invalidate_recordset()
        self.assertEqual((card | blank | victim).mapped("points"), [0.0, 0.0, 80.0])
        self.assertFalse(self.Card.search([("source_pos_order_id", "=", order.id)]))

    def test_a_gift_card_sold_is_loaded_once(self):
        """An order selling a 50.00 gift card loads the scanned card with 50,
        as Odoo's till does; confirming the order again loads nothing more."""
        blank = self.card(self.gift_program, 0.0)
        data = self.ui_order(
            [self.ui_line(self.gift_card_product, 1, 50.0)], self.customer_x
        )
        self._call("pos.order", "create_from_ui", [data], False)
        order = self.order_of(data)
        scanned = {
            "-1": {
                "points": 50.0,
                "program_id": self.gift_program.id,
                "giftCardId": blank.id,
                "barcode": False,
            }
        }
        self.confirm(order, scanned)
        blank.invalidate_recordset()
        self.assertAlmostEqual(blank.points, 50.0)
        scanned["-1"]["points"] = 100.0
        message = self.refused_confirm(order, scanned)
        self.assertIn("sold 0.0 of them", message)
        blank.invalidate_recordset()
        self.assertAlmostEqual(blank.points, 50.0)

    def test_cashier_cannot_set_a_gift_cards_balance(self):
        """Odoo lets Point of Sale users write cards; a gift card's or an
        eWallet's points are money, which a cashier does not type. Points of
        a loyalty program's card stay Odoo's business."""
        gift = self.card(self.gift_program, 5.0)
        message = self._refused(
            "odoo.exceptions.UserError",
            "loyalty.card",
            "write",
            [gift.id],
            {"points": 5000.0},
        )
        self.assertIn("holds money: only a Point of Sale manager", message)
        gift.invalidate_recordset()
        self.assertAlmostEqual(gift.points, 5.0)
        loyalty = self.env["loyalty.program"].create(
            {"name": "Shop loyalty", "program_type": "loyalty"}
        )
        stamps = self.card(loyalty, 1.0)
        self._call("loyalty.card", "write", [stamps.id], {"points": 2.0})
        stamps.invalidate_recordset()
        self.assertAlmostEqual(stamps.points, 2.0)

    def test_cashier_cannot_claim_a_debit(self):
        """The points a line debited are the server's: a cashier writing them
        on a line would get them back on the card at the confirmation."""
        card = self.card(self.gift_program, 50.0)
        order = self.pay_with(card)
        goods = order.lines.filtered(lambda line: not line.is_reward_line)
        message = self._refused(
            "odoo.exceptions.UserError",
            "pos.order.line",
            "write",
            goods.ids,
            {"retail_card_points": 40.0},
        )
        self.assertIn("cannot be set by hand", message)
        message = self._refused(
            "odoo.exceptions.UserError",
            "pos.order",
            "write",
            order.ids,
            {"retail_cards_confirmed": False},
        )
        self.assertIn("cannot be set by hand", message)

    def scanned(self, card, points, key="-1", **extra):
        """A gift card scanned at the till and loaded with ``points``."""
        return {
            key: {
                "points": points,
                "program_id": card.program_id.id,
                "giftCardId": card.id,
                "barcode": False,
                **extra,
            }
        }

    def sell_gift_card(self, *lines, price=50.0):
        """Sync, as the cashier, a paid order selling a gift card of
        ``price`` (and ``lines``); return the order."""
        data = self.ui_order(
            [self.ui_line(self.gift_card_product, 1, price), *lines], self.customer_x
        )
        self._call("pos.order", "create_from_ui", [data], False)
        return self.order_of(data)

    def test_scanned_cards_only_grow_by_what_was_sold(self):
        """A scanned card is named by a new entry, as a plain id, and is a
        gift card whose balance the order's sale only raises: named by its
        own id too (its points would be set, then added again), as a list,
        lowered, an eWallet or given to another customer, it is refused, and
        nothing is written."""
        blank = self.card(self.gift_program, 0.0)
        full = self.card(self.gift_program, 80.0)
        wallet = self.card(self.ewallet_program, 90.0)
        wallet.partner_id = self.customer_x
        thief = self.env["res.partner"].create({"name": "Gift Thief"})
        order = self.sell_gift_card()
        stamps = self.card(
            self.env["loyalty.program"].create(
                {"name": "Stamps", "program_type": "loyalty"}
            ),
            10.0,
        )
        last = self.Card.search([], order="id desc", limit=1).id
        future = last + 1  # the first card this confirmation would make
        made = {
            "-1": {"points": 0.0, "program_id": self.gift_program.id},
            "-2": {"points": 0.0, "program_id": self.gift_program.id},
        }
        forged = [
            ("can load", {**made, "-3": {"points": 900.0, "giftCardId": future}}),
            ("can load", self.scanned(stamps, 5.0, partner_id=thief.id)),
            ("form", {"-1": {"points": -0.004, "program_id": self.gift_program.id}}),
            ("form", self.scanned(full, 80.0, key=str(full.id))),
            ("form", self.scanned(blank, 50.0, giftCardId=[blank.id])),
            ("form", self.scanned(blank, float("-inf"))),
            ("can load", self.scanned(full, 0.0)),
            ("can load", self.scanned(wallet, 90.0)),
            ("another customer", self.scanned(full, 80.0, partner_id=thief.id)),
            ("sold 50.0 of them", self.scanned(blank, 50.01)),
        ]
        for expected, coupon_data in forged:
            with self.subTest(coupon_data=coupon_data):
                self.assertIn(expected, self.refused_confirm(order, coupon_data))
        cards = blank | full | wallet | stamps
        cards.invalidate_recordset()
        self.assertEqual(cards.mapped("points"), [0.0, 80.0, 90.0, 10.0])
        self.assertFalse(self.Card.search([("id", ">", last)]))
        self.assertEqual(wallet.partner_id, self.customer_x)
        self.assertFalse(order.retail_cards_confirmed)

    def test_a_gift_card_sold_for_no_money_loads_nothing(self):
        """The 50.00 gift card line is paid by a made-up gift card line (a
        discount: its card holds nothing), a promotion of -50 or a price the
        server does not see: the order took no money for it, so no card is
        loaded."""
        empty = self.card(self.gift_program, 0.0)
        for offset in (
            self.reward_line(self.gift_reward, -50.0, empty),
            self.reward_line(self.promo_reward, -50.0),
        ):
            with self.subTest(offset=offset["product_id"]):
                order = self.sell_gift_card(offset)
                self.assertEqual(order.amount_paid, 0.0)
                new_card = {"-1": {"points": 50.0, "program_id": self.gift_program.id}}
                message = self.refused_confirm(order, new_card)
                self.assertIn("sold 0.0 of them", message)
        self.assertFalse(
            self.Card.search([("program_id", "=", self.gift_program.id)]) - empty
        )

    def test_a_gift_card_sold_is_not_refunded_at_the_till(self):
        """Odoo's till refunds neither a gift card sold nor a gift card
        payment: the card would keep the money refunded. The server refuses
        such a refund; the goods beside them are refunded as usual."""
        order = self.sell_gift_card(self.ui_line(self.product_plain))
        card = self.card(self.gift_program, 50.0)
        paid = self.pay_with(card)
        for refunded in (order.lines[0], paid.lines[1]):
            with self.subTest(refunded=refunded.full_product_name):
                refund = self.ui_order([self.refund_line(refunded)], self.customer_x)
                message = self._refused(
                    "odoo.exceptions.UserError",
                    "pos.order",
                    "create_from_ui",
                    [refund],
                    False,
                )
                self.assertIn("is not refunded", message)
                self.assertFalse(self.order_of(refund))
        refund = self.ui_order([self.refund_line(order.lines[1])], self.customer_x)
        self._call("pos.order", "create_from_ui", [refund], False)
        self.assertEqual(self.order_of(refund).retail_points_reversed, 20.0)

    def test_an_ewallet_pays_for_its_own_customer_only(self):
        """Another customer's eWallet pays nothing: it is not debited and the
        order earns on its bank payment only."""
        other = self.env["res.partner"].create({"name": "Wallet Owner"})
        wallet = self.card(self.ewallet_program, 100.0)
        wallet.partner_id = other
        order = self.pay_with(wallet, -50.0, self.ewallet_reward)
        self.assertAlmostEqual(wallet.points, 100.0)
        self.assertEqual(order.retail_points_earned, 50.0)
        message = self.refused_confirm(order, self.spend(wallet, -50.0))
        self.assertIn("to another customer than its own", message)

    def test_paid_reward_lines_stay_on_their_card(self):
        """A paid order's reward line keeps its card: pointed at another
        customer's card, the till's confirmation would debit it. A draft's
        confirmation takes no card's points."""
        card = self.card(self.gift_program, 50.0)
        victim = self.card(self.gift_program, 75.0)
        order = self.pay_with(card)
        message = self._refused(
            "odoo.exceptions.UserError",
            "pos.order.line",
            "write",
            order.lines[1].ids,
            {"coupon_id": victim.id},
        )
        self.assertIn("is paid", message)
        draft = self.ui_order(
            [
                self.ui_line(self.product_plain, 5),
                self.reward_line(self.gift_reward, -75.0, victim),
            ],
            self.customer_x,
        )
        self._call("pos.order", "create_from_ui", [draft], True)
        message = self.refused_confirm(self.order_of(draft), self.spend(victim, -75.0))
        self.assertIn("the till cannot take more of its points", message)
        victim.invalidate_recordset()
        self.assertAlmostEqual(victim.points, 75.0)

    def test_cashier_cannot_change_a_gift_card(self):
        """Neither a gift card's holder nor its code: Point of Sale users may
        write cards in Odoo, not money."""
        wallet = self.card(self.ewallet_program, 90.0)
        wallet.partner_id = self.customer_x
        thief = self.env["res.partner"].create({"name": "Wallet Thief"})
        for vals in ({"partner_id": thief.id}, {"code": "STOLEN-1"}):
            with self.subTest(vals=vals):
                message = self._refused(
                    "odoo.exceptions.UserError",
                    "loyalty.card",
                    "write",
                    wallet.ids,
                    vals,
                )
                self.assertIn("holds money", message)
        self.assertEqual(wallet.partner_id, self.customer_x)

    def test_a_return_paid_onto_the_ewallet(self):
        """Odoo's till pays a return back onto the customer's eWallet: the
        socks come back (-100.00) and the order sells a top-up of 100.00,
        taking no money. The returned goods fund the top-up; a top-up beyond
        them is refused, and so is one funded by a return the server sets
        aside (more socks than were sold)."""
        sale = self.ui_order([self.ui_line(self.product_plain, 5)], self.customer_x)
        self._call("pos.order", "create_from_ui", [sale], False)
        wallet = self.card(self.ewallet_program, 0.0)
        wallet.partner_id = self.customer_x

        def paid_onto_the_wallet():
            data = self.ui_order(
                [
                    self.refund_line(self.order_of(sale).lines),
                    self.ui_line(self.ewallet_product, 1, 100.0),
                ],
                self.customer_x,
            )
            self._call("pos.order", "create_from_ui", [data], False)
            order = self.order_of(data)
            self.assertEqual(order.amount_paid, 0.0)
            return order

        order = paid_onto_the_wallet()
        message = self.refused_confirm(order, self.spend(wallet, 120.0))
        self.assertIn("sold 100.0 of them", message)
        self.confirm(order, self.spend(wallet, 100.0))
        wallet.invalidate_recordset()
        self.assertAlmostEqual(wallet.points, 100.0)
        again = paid_onto_the_wallet()
        self.assertTrue(again.retail_points_held)
        message = self.refused_confirm(again, self.spend(wallet, 100.0))
        self.assertIn("sold 0.0 of them", message)
        wallet.invalidate_recordset()
        self.assertAlmostEqual(wallet.points, 100.0)

    def test_a_top_up_is_for_the_customers_own_ewallet(self):
        """A top-up sold to customer X cannot load another customer's
        eWallet, nor give X's to someone else."""
        other = self.env["res.partner"].create({"name": "Other Wallet"})
        theirs = self.card(self.ewallet_program, 10.0)
        theirs.partner_id = other
        data = self.ui_order(
            [self.ui_line(self.ewallet_product, 1, 50.0)], self.customer_x
        )
        self._call("pos.order", "create_from_ui", [data], False)
        order = self.order_of(data)
        new_wallet = {
            "-1": {
                "points": 50.0,
                "program_id": self.ewallet_program.id,
                "partner_id": other.id,
            }
        }
        for forged in (self.spend(theirs, 50.0), new_wallet):
            with self.subTest(forged=forged):
                message = self.refused_confirm(order, forged)
                self.assertIn("to another customer than its own", message)
        new_wallet["-1"]["partner_id"] = self.customer_x.id
        self.confirm(order, new_wallet)
        mine = self.Card.search(
            [
                ("program_id", "=", self.ewallet_program.id),
                ("partner_id", "=", self.customer_x.id),
            ]
        )
        self.assertAlmostEqual(mine.points, 50.0)
        theirs.invalidate_recordset()
        self.assertAlmostEqual(theirs.points, 10.0)

    def test_back_office_refund_of_a_gift_card_sold(self):
        """Odoo's back office refunds every line of an order: a cashier
        cannot pay a refund of a gift card sold there either (the card keeps
        its money); a Point of Sale manager, who can void the card, can."""
        order = self.sell_gift_card(self.ui_line(self.product_plain))
        refund_id = self._call("pos.order", "refund", order.ids)["res_id"]
        refund = self.env["pos.order"].browse(refund_id)
        self._call(
            "pos.order",
            "add_payment",
            refund.ids,
            {
                "pos_order_id": refund.id,
                "amount": refund.amount_total,
                "payment_method_id": self.bank_pm1.id,
                "session_id": refund.session_id.id,
            },
        )
        message = self._refused(
            "odoo.exceptions.UserError",
            "pos.order",
            "action_pos_order_paid",
            refund.ids,
        )
        self.assertIn("is not refunded", message)
        refund.invalidate_recordset()
        self.assertEqual(refund.state, "draft")
        manager = self.env["res.users"].create(
            {
                "name": "Till Manager",
                "login": "till_manager_gift",
                "password": "till_manager_gift",
                "groups_id": [
                    (6, 0, self.env.ref("point_of_sale.group_pos_manager").ids)
                ],
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        refund.with_user(manager).action_pos_order_paid()
        self.assertEqual(refund.state, "paid")

    def test_a_paid_reward_line_is_not_relinked_by_the_confirmation(self):
        """The confirmation links reward lines to the cards it makes; the
        paid line that the server debited stays on its card."""
        card = self.card(self.gift_program, 50.0)
        other = self.card(self.gift_program, 0.0)
        order = self.pay_with(card)
        coupon_data = {**self.spend(card, -50.0), **self.spend(other, 0.0)}
        self.confirm(order, coupon_data)
        self.assertEqual(order.lines[1].coupon_id, card)

    def test_returns_fund_a_card_at_what_money_paid_for_them(self):
        """A return is put on the customer's eWallet at what money paid for
        the goods on their receipt: all of it for socks paid by bank (a
        service too), 90 % under a 10 % promotion, nothing for socks "paid"
        by a gift card line the server did not see; nothing for another
        customer's receipt, nor for a return without receipt."""
        service = self.create_product("Retail Repair", self.categ_basic, 20.0)
        service.type = "service"
        empty = self.card(self.gift_program, 0.0)
        other = self.env["res.partner"].create({"name": "Receipt Owner"})
        wallet = self.card(self.ewallet_program, 0.0)
        wallet.partner_id = self.customer_x
        cases = [
            ([self.ui_line(self.product_plain, 5)], self.customer_x, 100.0),
            ([self.ui_line(service, 5)], self.customer_x, 100.0),
            (
                [
                    self.ui_line(self.product_plain, 5),
                    self.reward_line(self.promo_reward, -10.0),
                ],
                self.customer_x,
                90.0,
            ),
            (
                [
                    self.ui_line(self.product_plain, 5),
                    self.reward_line(self.gift_reward, -100.0, empty),
                ],
                self.customer_x,
                0.0,
            ),
            ([self.ui_line(self.product_plain, 5)], other, 0.0),
            ([], None, 0.0),
        ]
        for lines, customer, funded in cases:
            with self.subTest(customer=customer and customer.name, funded=funded):
                if lines:
                    sale = self.ui_order(lines, customer)
                    self._call("pos.order", "create_from_ui", [sale], False)
                    goods = self.order_of(sale).lines[0]
                    returned = self.refund_line(goods)
                else:
                    returned = self.ui_line(self.product_plain, -5)
                data = self.ui_order(
                    [returned, self.ui_line(self.ewallet_product, 1, 100.0)],
                    self.customer_x,
                )
                self._call("pos.order", "create_from_ui", [data], False)
                order = self.order_of(data)
                wallet.invalidate_recordset()
                before = wallet.points
                message = self.refused_confirm(order, self.spend(wallet, funded + 0.5))
                self.assertIn(f"sold {funded} of them", message)
                if funded:
                    self.confirm(order, self.spend(wallet, funded))
                wallet.invalidate_recordset()
                self.assertAlmostEqual(wallet.points, before + funded)

    def test_an_expired_gift_card_pays_nothing(self):
        card = self.card(self.gift_program, 50.0)
        card.expiration_date = "2020-01-01"
        order = self.pay_with(card)
        self.assertAlmostEqual(card.points, 50.0)
        self.assertEqual(order.retail_points_earned, 50.0)
