# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A cashier (Point of Sale / User, no Retail rights) attacking the points of
paid orders over the ORM, as the external API and the web client reach it."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.test_access_matrix import (
    MODEL_MATRIX,
    OPERATIONS,
)

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosTrust(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.retail_manager = new_test_user(
            cls.env,
            login="pos_retail_manager",
            groups="base.group_user,point_of_sale.group_pos_manager,"
            "crm_retail_customers.group_retail_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _sell(self, lines, customer=None, user=None):
        data = self.ui_order(lines, customer)
        self.sync(data, user=user or self.pos_user)
        return self.order_of(data)

    def test_cashier_cannot_mint_points_with_a_new_reference(self):
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        self.assertEqual(self.customer_x.reward_points, 100)
        as_cashier = order.with_user(self.pos_user)
        with self.assertRaisesMessage(UserError, "receipt number .* cannot change"):
            as_cashier.write({"pos_reference": "Order 99999-999-9999"})
        with self.assertRaisesMessage(AccessError, "retail manager"):
            as_cashier.action_retail_book_points()
        # a manager's re-booking only books what failed, never twice
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertEqual(self.customer_x.reward_points, 100)
        self.assertEqual(len(self.entries(self.customer_x)), 1)

    def test_cashier_cannot_give_a_purchase_to_a_stranger(self):
        order = self._sell([self.ui_line(self.product_plain, 5)])
        stranger = self.Partner.create({"name": "Stranger"})
        # Odoo lets the customer of a paid order be set (to invoice it) ...
        order.with_user(self.pos_user).partner_id = stranger
        with self.assertRaisesMessage(AccessError, "retail manager"):
            order.with_user(self.pos_user).action_retail_book_points()
        # ... and even a manager's re-booking books only failed bookings
        order.with_user(self.retail_manager).action_retail_book_points()
        self.assertFalse(self.entries(stranger))
        self.assertEqual(stranger.reward_points, 0)

    def test_cashier_cannot_write_the_points_figures(self):
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        as_cashier = order.with_user(self.pos_user)
        for vals in (
            {"retail_points_earned": 0},
            {"retail_points_base": 0},
            {"retail_points_redeemed": 1e6},
            {"retail_points_error": False},
            {"retail_points_note": "fine"},
        ):
            with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                as_cashier.write(vals)
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            order.lines.with_user(self.pos_user).write({"retail_redeem_points": 1e6})
        self.assertEqual(order.retail_points_earned, 100)

    def test_refund_is_decided_by_the_ledger(self):
        """Even figures on the order that went wrong (the server is the only
        writer now; an old database may hold anything) do not change what a
        refund takes and gives back: the entries decide."""
        self.book(self.customer_x, 500)
        order = self._sell(
            [self.ui_line(self.product_plain, 5), self.redeem_line(200)],
            self.customer_x,
        )
        self.assertEqual(order.retail_points_redeemed, 200)
        self.assertEqual(order.retail_points_earned, 80)
        order._retail_write_derived(
            {
                "retail_points_earned": 0,
                "retail_points_base": 1e9,
                "retail_points_redeemed": 1e6,
            }
        )
        goods = order.lines.filtered(lambda line: line.product_id != self.redemption)
        discount = order.lines - goods
        data = self.ui_order(
            [self.refund_line(goods), self.refund_line(discount)], self.customer_x
        )
        self.sync(data, user=self.pos_user)
        refund = self.order_of(data)
        self.assertEqual(refund.retail_points_reversed, 80)
        self.assertEqual(refund.retail_points_returned, 200)
        self.assertEqual(self.customer_x.reward_points, 500)

    def test_refund_follows_the_customer_the_points_were_booked_for(self):
        order = self._sell([self.ui_line(self.product_plain, 5)], self.customer_x)
        stranger = self.Partner.create({"name": "Stranger"})
        order.partner_id = stranger
        data = self.ui_order([self.refund_line(order.lines)], stranger)
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.customer_x.reward_points, 0)
        self.assertEqual(stranger.reward_points, 0)
        self.assertFalse(self.entries(stranger))

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_till_of_another_company_cannot_book_on_a_customer(self):
        other = self.env["res.company"].create({"name": "Other Shop Oy"})
        foreign = self.Partner.create({"name": "Foreign", "company_id": other.id})
        foreign._post_reward_points(500, "opening", company_id=other.id)
        # a cashier who works for both companies, at a till of this one
        cashier = new_test_user(
            self.env,
            login="two_company_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[(6, 0, (self.company | other).ids)],
        )
        order = self._sell(
            [self.ui_line(self.product_plain, 5), self.redeem_line(200)],
            foreign,
            user=cashier,
        )
        self.assertEqual(order.state, "paid")
        self.assertIn("belongs to Other Shop Oy", order.retail_points_error)
        self.assertEqual(foreign.reward_points, 500)
        self.assertEqual(len(self.entries(foreign)), 1)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_points_discount_without_customer_is_recorded(self):
        order = self._sell([self.ui_line(self.product_plain, 5), self.redeem_line(200)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_shortfall, 200)
        self.assertEqual(order.retail_points_redeemed, 0)
        self.assertIn("no customer", order.retail_points_note)
        shortfalls = self.env["pos.order"].search([("retail_points_shortfall", ">", 0)])
        self.assertIn(order, shortfalls)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_repeated_reference_of_another_customer_books_nothing(self):
        """A second record of one till order (a retry Odoo does not recognise)
        that names another customer cannot take over the booked event."""
        data = self.ui_order([self.ui_line(self.product_plain)], self.customer_x)
        self.sync(data)
        stranger = self.Partner.create({"name": "Stranger"})
        retry = self.ui_order(
            [self.ui_line(self.product_plain)], stranger, uid=data["id"]
        )
        retry["data"]["statement_ids"][0][2]["payment_method_id"] = self.cash_pm1.id
        self.sync(retry)
        second = self.order_of(data)[1]
        self.assertIn("already used by order", second.retail_points_error)
        self.assertFalse(self.entries(stranger))
        self.assertEqual(self.customer_x.reward_points, 20)

    def test_pos_user_row_of_the_access_matrix(self):
        """A cashier has the rights of an employee on the register: read
        groups, roles, tiers, cards and entries; nothing else."""
        expected = {model: rights["employee"] for model, rights in MODEL_MATRIX.items()}
        seen = {
            model: "".join(
                letter
                for letter, operation in OPERATIONS.items()
                if self.env[model]
                .with_user(self.pos_user)
                .check_access_rights(operation, raise_exception=False)
            )
            for model in MODEL_MATRIX
        }
        self.assertEqual(seen, expected)


@tagged("post_install", "-at_install")
class TestPosTrustFindings(RetailPosCase):
    """Attacks found by a hostile review, each refused or without effect."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = new_test_user(
            cls.env,
            login="pure_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _sell(self, data):
        self.sync(data, user=self.cashier)
        return self.env["pos.order"].search(
            [("pos_reference", "=", data["data"]["name"])], order="id desc", limit=1
        )

    def test_paying_an_old_anonymous_order_again_books_nothing(self):
        order = self._sell(self.ui_order([self.ui_line(self.product_plain, 50)]))
        friend = self.Partner.create({"name": "Cashier's friend"})
        as_cashier = order.with_user(self.cashier)
        as_cashier.write({"partner_id": friend.id})
        as_cashier.action_pos_order_paid()
        self.assertEqual(friend.reward_points, 0)
        self.assertFalse(self.entries(friend))

    def test_old_anonymous_discount_is_not_charged_to_a_victim(self):
        victim = self.Partner.create({"name": "Far-away Victim"})
        self.book(victim, 500)
        order = self._sell(
            self.ui_order([self.ui_line(self.product_plain, 5), self.redeem_line(500)])
        )
        self.assertEqual(order.retail_points_shortfall, 500)
        as_cashier = order.with_user(self.cashier)
        as_cashier.write({"partner_id": victim.id})
        as_cashier.action_pos_order_paid()
        self.assertEqual(victim.reward_points, 500)
        self.assertEqual(order.retail_points_shortfall, 500)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_reused_receipt_number_books_nothing_and_says_so(self):
        self.book(self.customer_x, 200)
        uid = self.create_random_uid()
        first = self._sell(
            self.ui_order(
                [self.ui_line(self.product_plain, 1), self.redeem_line(200)],
                self.customer_x,
                uid=uid,
            )
        )
        second = self._sell(
            self.ui_order(
                [self.ui_line(self.product_plain, 2), self.redeem_line(200)],
                self.customer_x,
                uid=uid,
            )
        )
        self.assertNotEqual(first, second)
        self.assertIn("already used by order", second.retail_points_error)
        self.assertEqual(
            self.env["pos.order"].search([("retail_points_error", "!=", False)]),
            second,
        )

    def test_refunds_are_keyed_by_their_own_id(self):
        """Two refunds that reuse a receipt number still each take back their
        share: everything refunded, no points left."""
        order = self._sell(
            self.ui_order(
                [
                    self.ui_line(self.product_plain, 1),
                    self.ui_line(self.product_plain, 50),
                ],
                self.customer_x,
            )
        )
        self.assertEqual(self.customer_x.reward_points, 1020)
        small, big = order.lines.sorted("qty")
        uid = self.create_random_uid()
        self._sell(self.ui_order([self.refund_line(small)], self.customer_x, uid=uid))
        self._sell(self.ui_order([self.refund_line(big)], self.customer_x, uid=uid))
        self.assertEqual(self.customer_x.reward_points, 0)

    def test_receipt_number_cannot_spell_another_key(self):
        origin = self._sell(
            self.ui_order([self.ui_line(self.product_plain, 50)], self.customer_x)
        )
        decoy = self.ui_order([self.ui_line(self.product_plain, 1)], self.customer_x)
        decoy["data"]["name"] = f"{origin.pos_reference}:reverse:X"
        self._sell(decoy)
        refund = self.ui_order([self.refund_line(origin.lines)], self.customer_x)
        refund["data"]["name"] = "X:earn"
        self._sell(refund)
        # the decoy's 20 points stay, the refund took back the 1000 earned
        self.assertEqual(self.customer_x.reward_points, 20)

    def test_return_without_receipt_takes_the_points_back(self):
        self._sell(
            self.ui_order([self.ui_line(self.product_plain, 50)], self.customer_x)
        )
        self.assertEqual(self.customer_x.reward_points, 1000)
        back = self._sell(
            self.ui_order([self.ui_line(self.product_plain, -50)], self.customer_x)
        )
        self.assertEqual(back.retail_points_reversed, 1000)
        self.assertEqual(self.customer_x.reward_points, 0)
        entry = self.entries(self.customer_x)[-1]
        self.assertEqual((entry.kind, entry.points), ("reverse", -1000))
