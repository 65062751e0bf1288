# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A paid POS order earns by the earning rules, computed by the server from
its own amounts; a refund takes back what the refunded lines earned."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers_pos.models.pos_order import mask_card_number

from .common import RetailPosCase

POS_ORDER_LOGGER = "odoo.addons.crm_retail_customers_pos.models.pos_order"


@tagged("post_install", "-at_install")
class TestPosEarnRules(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["retail.earn.rule"]
        cls.Rule.search([]).active = False
        Categ = cls.env["product.category"]
        cls.garden = Categ.create({"name": "Garden", "parent_id": cls.categ_basic.id})
        cls.furniture = Categ.create({"name": "Furniture", "parent_id": cls.garden.id})
        cls.chair = cls.create_product("Deck Chair", cls.furniture, 50.0)
        cls.coffee = cls.create_product("Coffee Bag", cls.categ_basic, 10.0)
        cls.gift_card = cls.create_product("Gift Card 25", cls.categ_basic, 25.0)
        cls.gift_card.retail_no_points = True
        (cls.chair | cls.coffee | cls.gift_card).type = "consu"
        today = fields.Date.context_today(cls.Rule)
        cls.campaign = cls.Rule.create(
            {
                "name": "Garden double week",
                "categ_ids": [(6, 0, cls.garden.ids)],
                "multiplier": 2,
                "date_from": today - timedelta(days=3),
                "date_to": today + timedelta(days=3),
            }
        )
        cls.per_bag = cls.Rule.create(
            {
                "name": "50 points a coffee bag",
                "product_ids": [(6, 0, cls.coffee.ids)],
                "mode": "per_unit",
                "points_per_unit": 50,
            }
        )

    def _sell(self, lines, customer=None):
        data = self.ui_order(lines, customer or self.customer_x)
        self.sync(data)
        return self.order_of(data)

    def _earn_entry(self, order):
        return self.entries(order.partner_id).filtered(
            lambda e: e.kind == "earn" and e.res_id == order.id
        )

    def test_sale_earns_by_the_rules_and_keeps_them(self):
        order = self._sell(
            [
                self.ui_line(self.chair, 2),
                self.ui_line(self.gift_card, 1),
                self.ui_line(self.coffee, 3),
            ]
        )
        # chairs: 100 x 2; gift card: nothing; coffee: 3 x 50 fixed points
        self.assertEqual(order.retail_points_earned, 350.0)
        self.assertEqual(self.customer_x.reward_points, 350.0)
        by_product = {line.product_id: line.retail_points for line in order.lines}
        self.assertEqual(
            by_product, {self.chair: 200.0, self.gift_card: 0.0, self.coffee: 150.0}
        )
        entry = self._earn_entry(order)
        self.assertEqual(
            {(d.name, d.points, d.amount) for d in entry.detail_ids},
            {
                ("Garden double week", 200.0, 100.0),
                ("50 points a coffee bag", 150.0, 30.0),
            },
        )
        self.assertEqual(entry.detail_ids.partner_id, self.customer_x)
        self.assertEqual(entry.detail_ids.company_id, self.company)

    def test_points_discount_lowers_every_line(self):
        self.book(self.customer_x, 500)
        order = self._sell(
            [
                self.ui_line(self.chair, 2),
                self.ui_line(self.coffee, 1),
                self.redeem_line(200),
            ]
        )
        # 110 of goods, 20 paid with points: 90 / 110 of the rules' 250 points
        self.assertEqual(order.retail_points_earned, round(250 * 90 / 110, 2))
        # the lines keep what they earn at their full price
        self.assertEqual(
            sorted(order.lines.mapped("retail_points")), [0.0, 50.0, 200.0]
        )

    def test_points_on_the_amount_with_taxes(self):
        self.company.retail_points_on_untaxed = False
        order = self._sell([self.ui_line(self.product_taxed, 1)])
        incl = order.lines.price_subtotal_incl
        self.assertGreater(incl, order.lines.price_subtotal)
        self.assertEqual(order.retail_points_earned, incl)
        self.company.retail_points_on_untaxed = True
        order = self._sell([self.ui_line(self.product_taxed, 1)])
        self.assertEqual(order.retail_points_earned, order.lines.price_subtotal)

    def test_refund_after_the_campaign_takes_back_its_points(self):
        order = self._sell([self.ui_line(self.chair, 2), self.ui_line(self.coffee, 1)])
        self.assertEqual(order.retail_points_earned, 250.0)
        chair_line = order.lines.filtered(lambda line: line.product_id == self.chair)
        # the till's panel says what a refund would take back
        panel = self.env["pos.order"].retail_pos_refund_points([[chair_line.id, 1]])
        self.assertEqual(panel["reversed"], 100.0)
        # the campaign ends and is archived before the customer comes back
        self.campaign.write(
            {"date_to": self.campaign.date_from, "active": False, "multiplier": 5}
        )
        data = self.ui_order([self.refund_line(chair_line, 1)], self.customer_x)
        self.sync(data)
        refund = self.order_of(data)
        self.assertEqual(refund.retail_points_reversed, 100.0)
        coffee_line = order.lines - chair_line
        data = self.ui_order(
            [self.refund_line(chair_line, 1), self.refund_line(coffee_line, 1)],
            self.customer_x,
        )
        self.sync(data)
        self.assertEqual(self.order_of(data).retail_points_reversed, 150.0)
        self.assertEqual(self.customer_x.reward_points, 0.0)

    def test_changing_rules_never_changes_what_was_booked(self):
        order = self._sell([self.ui_line(self.chair, 1)])
        entry = self._earn_entry(order)
        before = [(d.name, d.points, d.rule_id) for d in entry.detail_ids]
        self.campaign.write({"multiplier": 7, "name": "Renamed"})
        self.campaign.active = False
        entry.invalidate_recordset()
        self.assertEqual(entry.points, 100.0)
        self.assertEqual(
            [(d.name, d.points, d.rule_id) for d in entry.detail_ids], before
        )
        with self.assertRaisesMessage(UserError, "archive it instead"):
            self.campaign.unlink()
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            entry.detail_ids.write({"points": 1e6})
        with self.assertRaisesMessage(AccessError, "not allowed to delete"):
            entry.detail_ids.unlink()
        with self.assertRaisesMessage(UserError, "cannot be deleted"):
            # sudo: not even the superuser deletes them
            entry.detail_ids.sudo().unlink()
        with self.assertRaisesMessage(UserError, "booked with their entry"):
            self.env["retail.point.entry.detail"].create(
                {"entry_id": entry.id, "name": "Free points", "points": 1e6}
            )
        # booking the order again books nothing more
        order._retail_book_points(reviewed=True)
        self.assertEqual(self.customer_x.reward_points, 100.0)

    def test_till_cannot_claim_the_points_of_a_line(self):
        line = self.ui_line(self.chair, 1, retail_points=1e6)
        data = self.ui_order([line], self.customer_x)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.sync(data, user=self.pos_user)
        self.assertFalse(self.order_of(data))
        order = self._sell([self.ui_line(self.chair, 1)])
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            order.lines.with_user(self.pos_user).write({"retail_points": 0})
        self.assertEqual(order.lines.retail_points, 100.0)

    def test_return_without_receipt_takes_back_by_the_rules(self):
        self.book(self.customer_x, 500)
        order = self._sell([self.ui_line(self.chair, -1)])
        self.assertEqual(order.retail_points_reversed, 100.0)
        self.assertEqual(self.customer_x.reward_points, 400.0)
        self.assertEqual(order.lines.retail_points, -100.0)

    def _receipts(self, lines, card=None):
        """The receipt the till gets in the sync's answer (what that sync's
        booking posted, not read again) and the receipt of a reprint (read
        from the ledger), for a sale of ``lines`` with ``card`` presented."""
        data = self.ui_order(lines, self.customer_x)
        if card:
            self.env["res.partner"].with_user(self.pos_user).retail_pos_find_by_card(
                card.number, self.config.id, data["data"]["name"]
            )
        answer = self.sync(data)[0]["retail_points"]
        self.env.invalidate_all()
        reprint = self.order_of(data).export_for_ui()[0]["retail_points"]
        return answer, reprint

    def test_receipt_of_the_sync_is_the_receipt_of_the_ledger(self):
        """The points by rule, the card presented and the tier's name of the
        till's receipt are those its booking posted and read; a reprint,
        which reads them from the ledger, prints the same receipt."""
        self.company.retail_redeem_proof = "card_or_code"
        tier = self.env["retail.tier"].create(
            {"name": "Garden friend", "min_points": 0, "company_id": self.company.id}
        )
        card = self.env["retail.card"].create([{"partner_id": self.customer_x.id}])
        answer, reprint = self._receipts(
            [self.ui_line(self.chair, 1), self.ui_line(self.coffee, 2)], card
        )
        self.assertEqual(answer, reprint)
        self.assertEqual(
            {(rule["name"], rule["points"]) for rule in answer["rules"]},
            {("Garden double week", 100.0), ("50 points a coffee bag", 100.0)},
        )
        self.assertEqual(answer["card"], mask_card_number(card.number))
        self.assertEqual(answer["tier"], [tier.id, "Garden friend"])
        # goods taken back without a receipt: the points by rule taken back
        answer, reprint = self._receipts([self.ui_line(self.chair, -1)])
        self.assertEqual(answer, reprint)
        self.assertEqual(
            [(rule["name"], rule["points"]) for rule in answer["rules"]],
            [("Garden double week", -100.0)],
        )
        # the normal rate only: no points by rule
        answer, reprint = self._receipts([self.ui_line(self.product_plain, 1)])
        self.assertEqual(answer, reprint)
        self.assertEqual(answer["rules"], [])
        self.assertGreater(answer["earned"], 0)

    @mute_logger(POS_ORDER_LOGGER)
    def test_points_cannot_pay_for_gift_cards(self):
        self.book(self.customer_x, 500)
        order = self._sell(
            [
                self.ui_line(self.gift_card, 1),
                self.ui_line(self.coffee, 1),
                self.redeem_line(200),
            ]
        )
        # the discount (20.00) is more than the coffee (10.00): said on the order
        self.assertIn("cannot be paid with points", order.retail_points_note)
        self.assertEqual(order.retail_points_redeemed, 200.0)
        fine = self._sell(
            [
                self.ui_line(self.gift_card, 1),
                self.ui_line(self.coffee, 3),
                self.redeem_line(200),
            ]
        )
        self.assertFalse(fine.retail_points_note)

    def _synced_order(self, products, lines_count):
        """A paid order of ``lines_count`` lines of ``products``, synced
        without its booking (``_retail_book_points_safely`` left out), the
        cache cold."""
        lines = [
            self.ui_line(products[index % len(products)], 1)
            for index in range(lines_count)
        ]
        data = self.ui_order(lines, self.customer_x)
        with patch.object(type(self.env["pos.order"]), "_retail_book_points_safely"):
            self.sync(data)
        order = self.order_of(data)
        self.env.flush_all()
        self.env.invalidate_all()
        return order

    def _booking_queries(self, order):
        before = self.env.cr.sql_log_count
        order._retail_book_points()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_booking_queries_do_not_grow_with_lines_and_rules(self):
        """50 lines and 30 rules cost no more queries than 3 lines and 3
        rules of the same kinds (product, category, tag; tier and group
        limits), cold cache of the records, warm caches of the registry."""
        tier = self.env["retail.tier"].create({"name": "Any", "min_points": 0})
        group = self.env["retail.customer.group"].create({"name": "Shoppers"})
        self.customer_x.customer_group_id = group
        tag = self.env["product.tag"].create({"name": "Spring"})
        Categ = self.env["product.category"]
        categs = [
            Categ.create({"name": f"Shelf {n}", "parent_id": self.garden.id})
            for n in range(10)
        ]
        products = [
            self.create_product(f"Item {n}", categs[n % 10], 3.0 + n) for n in range(50)
        ]
        for product in products[::3]:
            product.product_tag_ids = tag

        def rules(count):
            made = self.Rule
            for n in range(count):
                kind = n % 3
                made |= self.Rule.create(
                    {
                        "name": f"Rule {n}",
                        "multiplier": 1 + n / 10,
                        "stackable": n % 5 == 4,
                        "tier_ids": [(6, 0, tier.ids)] if n % 2 else [],
                        "group_ids": [(6, 0, group.ids)] if n % 4 == 1 else [],
                        "product_ids": [(6, 0, products[n].ids)] if kind == 0 else [],
                        "categ_ids": [(6, 0, categs[n % 10].ids)] if kind == 1 else [],
                        "tag_ids": [(6, 0, tag.ids)] if kind == 2 else [],
                    }
                )
            return made

        small = rules(3)
        self.customer_x._post_reward_points(1, "earn")
        self.assertEqual(self.customer_x.reward_tier_id, tier)
        # the registry's caches (XML ids, defaults) are warm at a till that
        # has booked once since the server started
        self._booking_queries(self._synced_order(products[:3], 3))
        order = self._synced_order(products[:3], 3)
        few = self._booking_queries(order)
        self.assertGreater(order.retail_points_earned, 0)
        small.active = False
        rules(30)
        # the rules changed: the registry's caches (the rules in force among
        # them) are read again once, as at a till after a change of rules
        self._booking_queries(self._synced_order(products, 50))
        order = self._synced_order(products, 50)
        with self.assertQueryCount(few):
            many = self._booking_queries(order)
        # at most as many (the user's record may still be in the cache)
        self.assertLessEqual(many, few)
        self.assertEqual(len(order.lines), 50)
        self.assertGreater(len(self._earn_entry(order).detail_ids), 5)
        # the points by rule add up to the entry's points
        self.assertAlmostEqual(
            order.retail_points_earned,
            sum(self._earn_entry(order).detail_ids.mapped("points")),
            places=6,
        )
