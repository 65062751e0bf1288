# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RetailLoyaltyCase


@tagged("post_install", "-at_install")
class TestPosLoyaltyPoints(RetailLoyaltyCase):
    """Odoo's gift cards and eWallet are money, its promotions discounts:
    what the shop's points are earned on, booked by the server from the
    order the cashier's till sends."""

    def earned(self, data):
        order = self.order_of(data)
        self.assertFalse(order.retail_points_held, order.retail_points_error)
        self.assertFalse(order.retail_points_error)
        return order.retail_points_earned

    def test_gift_card_sold_earns_nothing(self):
        data = self.ui_order(
            [
                self.ui_line(self.product_plain),
                self.ui_line(self.gift_card_product, 1, 50.0),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.earned(data), 20.0)
        self.assertEqual(self.order_of(data).retail_points_base, 20.0)
        self.assertEqual(self.customer_x.reward_points, 20.0)

    def test_ewallet_top_up_earns_nothing(self):
        data = self.ui_order(
            [self.ui_line(self.ewallet_product, 1, 80.0)], self.customer_x
        )
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.earned(data), 0.0)
        self.assertFalse(self.entries(self.customer_x))

    def test_gift_card_paying_is_money(self):
        """The jacket (100 + 7 % tax) paid 50 by gift card, 57 by bank: it
        earns on 100, once; the gift card line is not taxed by the server
        (whatever taxes its product has) and the order is not set aside."""
        self.gift_reward.discount_line_product_id.taxes_id = self.taxes["tax10"]
        card = self.card(self.gift_program, 50.0)
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.reward_line(self.gift_reward, -50.0, card),
            ],
            self.customer_x,
        )
        self.assertAlmostEqual(data["data"]["amount_total"], 57.0)
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.earned(data), 100.0)
        self.assertEqual(self.order_of(data).retail_points_base, 100.0)
        self.assertEqual(self.customer_x.reward_points, 100.0)

    def test_ewallet_paying_is_money(self):
        card = self.card(self.ewallet_program, 30.0)
        card.partner_id = self.customer_x
        data = self.ui_order(
            [
                self.ui_line(self.product_plain, 2),
                self.reward_line(self.ewallet_reward, -30.0, card),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.earned(data), 40.0)

    def test_gift_card_line_without_a_card_that_covers_it_is_a_discount(self):
        """A gift card line the server cannot see paid (no card, a card of
        another program, a card whose balance is short) is a discount: the
        customer earns on what they paid, never on made-up money."""
        short = self.card(self.gift_program, 10.0)
        other = self.card(self.ewallet_program, 500.0)
        for card in (short, other, None):
            with self.subTest(card=card):
                data = self.ui_order(
                    [
                        self.ui_line(self.product_plain, 5),
                        self.reward_line(self.gift_reward, -40.0, card),
                    ],
                    self.customer_x,
                )
                self.sync(data, user=self.pos_user)
                self.assertEqual(self.earned(data), 60.0)

    def test_promotion_lowers_the_base(self):
        """10 % off the jacket: the discount line carries the jacket's tax,
        as pos_loyalty sends it; the customer earns on the 90 paid."""
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.reward_line(self.promo_reward, -10.0, taxes=self.taxes["tax7"]),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.earned(data), 90.0)

    def test_promotion_lowers_a_campaign_line_in_proportion(self):
        """With double points on the jacket, 10 % off it leaves double points
        on the 90 paid: the discount lowers every line in proportion, it does
        not take points back at the normal rate."""
        self.env["retail.earn.rule"].create(
            {
                "name": "Double jackets",
                "product_ids": [(6, 0, self.product_taxed.ids)],
                "multiplier": 2,
            }
        )
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.reward_line(self.promo_reward, -10.0, taxes=self.taxes["tax7"]),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.earned(data), 180.0)

    def test_promotion_with_a_tax_no_goods_carry_is_set_aside(self):
        """The server does not take the till's taxes of a discount line that
        no goods of the order carry: the amounts differ, the order is set
        aside for a manager, nothing is booked."""
        data = self.ui_order(
            [
                self.ui_line(self.product_plain, 5),
                self.reward_line(self.promo_reward, -10.0, taxes=self.taxes["tax10"]),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertFalse(self.entries(self.customer_x))

    def test_promotion_with_two_rates_in_one_line_is_set_aside(self):
        """Goods of 7 % and of 10 %, and one discount line carrying both
        taxes (pos_loyalty sends one line per set of taxes): it would lower
        both taxes at once. Set aside, nothing booked."""
        scarf = self.create_product(
            "Loyalty Scarf", self.categ_basic, 55.0, tax_ids=self.taxes["tax10"].ids
        )
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.ui_line(scarf),
                self.reward_line(
                    self.promo_reward,
                    -10.0,
                    taxes=self.taxes["tax7"] | self.taxes["tax10"],
                ),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertTrue(order.retail_points_held)
        self.assertFalse(self.entries(self.customer_x))

    def test_sale_with_gift_card_promotion_and_points(self):
        """The issue's sale: a customer with 100 points buys the jacket and
        two pairs of socks (140 without taxes), gets 10 % off, pays 30 with a
        gift card, redeems 50 points (5.00) and pays the rest by bank. The
        goods earn once, on what the customer paid for them with money: 140
        - 14 (promotion) - 5 (points) = 121; the gift card is money."""
        self.book(self.customer_x, 100.0)
        card = self.card(self.gift_program, 30.0)
        data = self.ui_order(
            [
                self.ui_line(self.product_taxed),
                self.ui_line(self.product_plain, 2),
                self.reward_line(self.promo_reward, -10.0, taxes=self.taxes["tax7"]),
                self.reward_line(self.promo_reward, -4.0),
                self.redeem_line(50.0),
                self.reward_line(self.gift_reward, -30.0, card),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertEqual(self.earned(data), 121.0)
        self.assertEqual(order.retail_points_redeemed, 50.0)
        self.assertEqual(
            sorted(self.entries(self.customer_x).mapped("kind")),
            ["earn", "opening", "redeem"],
        )
        self.assertEqual(self.customer_x.reward_points, 171.0)

    def test_refund_of_gift_card_sale_takes_back_nothing(self):
        """A refund of the socks sold with a gift card takes back the socks'
        points only; the gift card is not refunded at the till (Odoo's till
        does not either: the card would keep the money)."""
        data = self.ui_order(
            [
                self.ui_line(self.product_plain),
                self.ui_line(self.gift_card_product, 1, 50.0),
            ],
            self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        refund = self.ui_order(
            [self.refund_line(line) for line in order.lines], self.customer_x
        )
        with self.assertRaisesRegex(UserError, "is not refunded"):
            self.sync(refund, user=self.pos_user)
        self.assertFalse(self.order_of(refund))
        refund = self.ui_order([self.refund_line(order.lines[0])], self.customer_x)
        self.sync(refund, user=self.pos_user)
        self.assertEqual(self.customer_x.reward_points, 0.0)
        self.assertEqual(self.order_of(refund).retail_points_reversed, 20.0)

    def test_back_office_refund_of_a_gift_card_is_not_paid_by_invoicing_it(self):
        """A cashier's *Return Products* of a gift card sold in the back
        office, with its cash payment added: paying it is refused, and so is
        invoicing it while it is unpaid (Odoo marks an order it invoices
        paid without :meth:`action_pos_order_paid`, which checks the
        refund). Before, invoicing it paid the 50.00 out while the card kept
        them."""
        card = self.card(self.gift_program, 0.0)
        data = self.ui_order(
            [self.ui_line(self.gift_card_product, 1, 50.0)], self.customer_x
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data).with_user(self.pos_user)
        order.confirm_coupon_programs(
            {
                "-1": {
                    "points": 50.0,
                    "program_id": self.gift_program.id,
                    "giftCardId": card.id,
                    "barcode": False,
                }
            }
        )
        self.assertEqual(card.points, 50.0)
        self.pos_user.groups_id += self.env.ref("stock.group_stock_user")
        refund = order.browse(order.refund()["res_id"])
        refund.add_payment(
            {
                "pos_order_id": refund.id,
                "amount": refund.amount_total,
                "payment_method_id": self.cash_pm1.id,
                "session_id": refund.session_id.id,
            }
        )
        with self.assertRaisesRegex(UserError, "is not refunded"):
            refund.action_pos_order_paid()
        with self.assertRaisesRegex(UserError, "Only a paid order can be invoiced"):
            refund.with_context(generate_pdf=False).action_pos_order_invoice()
        self.assertEqual(refund.state, "draft")
        self.assertFalse(refund.account_move)
        self.assertEqual(card.points, 50.0)


@tagged("post_install", "-at_install")
class TestPosLoyaltyBonusRefund(RetailLoyaltyCase):
    """A first purchase refunded onto an eWallet (Odoo's *eWallet refund*
    sells a top-up on the refund) is given back in full: the top-up is card
    money, not goods of an exchange, so the welcome bonus is taken back."""

    def test_refund_onto_the_ewallet_takes_the_welcome_bonus_back(self):
        # whatever a product says, the server knows card money by its program
        self.ewallet_product.retail_no_points = False
        self.company.write({"retail_members_only": True, "retail_welcome_points": 25.0})
        newcomer = self.Partner.create({"name": "Nils Newcomer"})
        newcomer._retail_enrol("pos")
        sale = self.ui_order([self.ui_line(self.product_plain)], newcomer)
        self.sync(sale, user=self.pos_user)
        self.assertEqual(newcomer.reward_points, 20.0 + 25.0)
        # the till's panel, before the refund is paid, shows the bonus taken
        # back: the top-up it sells makes no exchange
        sold = self.order_of(sale).lines
        answer = (
            self.env["pos.order"]
            .with_user(self.pos_user)
            .retail_pos_refund_points(
                [[sold.id, 1]], [self.ewallet_product.id, self.product_plain.id]
            )
        )
        self.assertEqual(answer["reversed"], 20.0)
        answer = (
            self.env["pos.order"]
            .with_user(self.pos_user)
            .retail_pos_refund_points([[sold.id, 1]], [self.ewallet_product.id])
        )
        self.assertEqual(answer["reversed"], 20.0 + 25.0)
        refund = self.ui_order(
            [
                self.refund_line(self.order_of(sale).lines),
                self.ui_line(self.ewallet_product, 1, 20.0),
            ],
            newcomer,
        )
        self.sync(refund, user=self.pos_user)
        self.assertEqual(newcomer.reward_points, 0.0)
        revoked = self.env["retail.point.entry"].search(
            [("idempotency_key", "=", f"welcome:{newcomer.id}:revoked")]
        )
        self.assertEqual((revoked.kind, revoked.points), ("bonus", -25.0))
