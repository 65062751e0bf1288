# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The figure on the till's screen is the figure booked: many baskets go
through the till's own estimate (static/src/app/utils/retail_points_estimate.js,
run by Node.js) and through ``create_from_ui``, and the two must agree."""

import json
import logging
import random
import shutil
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import RetailPosCase

_logger = logging.getLogger(__name__)

ESTIMATE_JS = "crm_retail_customers_pos/static/src/app/utils/retail_points_estimate.js"
RUNNER = """
import {readFileSync} from "node:fs";
import {estimateSale, estimateReversal} from "./estimate.mjs";
const baskets = JSON.parse(readFileSync(0, "utf8"));
const out = baskets.map((b) =>
    b.refund ? {reversed: estimateReversal(b.refund)} : estimateSale(b.sale)
);
process.stdout.write(JSON.stringify(out));
"""
BASKETS = 60


#: Baskets of the comparison with earning rules.
RULE_BASKETS = 270


def full_points(order):
    """What all the goods lines of ``order`` kept at full price, as the till
    passes it to ``estimateReversal``."""
    return sum(line.retail_points for line in order.lines if line.qty > 0)


@tagged("post_install", "-at_install")
class TestPointsEstimate(RetailPosCase):
    #: the company's points precision (``res.company.retail_points_precision``)
    precision = "decimal"
    #: points a cashier enters for a points discount
    cashier_points = (10, 33.33, 125, 77.7)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_precision = cls.precision
        # the rate alone (TestPointsEstimateRules compares with rules); no
        # earning rule of the demo data takes part
        cls.env["retail.earn.rule"].search([]).active = False
        cls.company.retail_points_per_currency = 0.37
        cls.tier = cls.env["retail.tier"].create(
            {"name": "Estimate Tier", "min_points": 0, "earn_factor": 1.5}
        )
        cls.customers = cls.Partner.create(
            [{"name": f"Estimate Customer {i}"} for i in range(4)]
        )
        tax_included = cls.env["account.tax"].create(
            {
                "name": "VAT 24 % included",
                "amount": 24.0,
                "price_include": True,
                "company_id": cls.company.id,
            }
        )
        cls.product_included = cls.create_product(
            "Retail Scarf", cls.categ_basic, 19.99, tax_ids=tax_included.ids
        )
        cls.product_included.type = "consu"

    def _line(self, product, qty, discount=0.0, price=None):
        """A line as the till computes it: taxes on the discounted price."""
        price = product.lst_price if price is None else price
        taxes = product.taxes_id.filtered(lambda t: t.company_id == self.company)
        unit = price * (1 - discount / 100.0)
        amounts = taxes.compute_all(unit, self.currency, qty, product=product)
        line = self.ui_line(product, qty, price, discount=discount)
        line["price_subtotal"] = amounts["total_excluded"]
        line["price_subtotal_incl"] = amounts["total_included"]
        return line

    @staticmethod
    def _js_line(line, redemption_id):
        return {
            "subtotal": line["price_subtotal"],
            "subtotalIncl": line["price_subtotal_incl"],
            "isTip": False,
            "isRefund": bool(line.get("refunded_orderline_id")),
            "isRedemption": line["product_id"] == redemption_id,
            "redeemPoints": line.get("retail_redeem_points", 0),
        }

    def _run_estimates(self, baskets):
        node = shutil.which("node")
        self.assertTrue(node, "Node.js runs the till's estimate (setup installs it)")
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "estimate.mjs").write_text(
                Path(file_path(ESTIMATE_JS)).read_text()
            )
            Path(tmp, "run.mjs").write_text(RUNNER)
            result = subprocess.run(
                [node, "run.mjs"],
                cwd=tmp,
                input=json.dumps(baskets),
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            )
        return json.loads(result.stdout)

    def test_estimate_equals_booking(self):
        rng = random.Random(20261128)
        products = [self.product_taxed, self.product_plain, self.product_included]
        digits = self.company._retail_points_digits()
        whole = self.precision == "whole"
        common = {
            "pointsPerCurrency": self.company.retail_points_per_currency,
            "factor": self.tier.earn_factor,
            "pointValue": self.company.retail_point_value,
            "digits": digits,
            "whole": whole,
            "currencyRounding": self.currency.rounding,
        }
        for customer in self.customers:
            self.book(customer, 1000)
        baskets, booked, sold = [], [], []
        for _index in range(BASKETS):
            customer = rng.choice(self.customers)
            if sold and rng.random() < 0.25:
                origin = sold.pop(rng.randrange(len(sold)))
                goods = origin.lines.filtered(
                    # what is left to refund of it, as the till offers
                    lambda x: (
                        x.product_id != self.redemption and x.qty - x.refunded_qty >= 1
                    )
                )
                if not goods:
                    continue
                line = rng.choice(goods)
                qty = rng.randint(1, int(line.qty - line.refunded_qty))
                refund = self.refund_line(line, qty)
                # with its share of the points discount, as the till adds it
                shares = self.share_lines(origin, {line: qty})
                data = self.ui_order([refund, *shares], origin.partner_id)
                self.sync(data)
                order = self.order_of(data)
                baskets.append(
                    {
                        "refund": {
                            "refundedSubtotal": refund["price_subtotal"]
                            + sum(share["price_subtotal"] for share in shares),
                            "originEarned": origin.retail_points_earned,
                            "originBase": origin.retail_points_base,
                            "digits": digits,
                            "whole": whole,
                            # the points the refunded line kept, as the
                            # server takes them back
                            "linePoints": [
                                {
                                    "points": line.retail_points,
                                    "soldQty": line.qty,
                                    "refundedQty": qty,
                                }
                            ],
                            "fullPoints": full_points(origin),
                        }
                    }
                )
                booked.append({"reversed": order.retail_points_reversed})
                continue
            lines = [
                self._line(
                    rng.choice(products),
                    # now and then goods brought back without their receipt
                    rng.choice([1, 2, 3, 4, 5, 5, -1, -3]),
                    rng.choice([0.0, 0.0, 5.0, 12.5, 33.0]),
                )
                for _n in range(rng.randint(1, 4))
            ]
            total = sum(line["price_subtotal_incl"] for line in lines)
            if total > 0 and rng.random() < 0.4:
                points = rng.choice(self.cashier_points)
                amount = round(min(points * 0.1, total / 2), 2)
                lines.append(self.redeem_line(points, price=amount))
            data = self.ui_order(lines, customer)
            self.sync(data)
            order = self.order_of(data)
            sold.append(order)
            baskets.append(
                {
                    "sale": dict(
                        common,
                        lines=[self._js_line(x, self.redemption.id) for x in lines],
                    )
                }
            )
            booked.append(
                {
                    "earned": order.retail_points_earned,
                    "redeemed": order.retail_points_redeemed,
                    "base": order.retail_points_base,
                    "reversed": order.retail_points_reversed,
                }
            )
        estimates = self._run_estimates(baskets)
        self.assertGreater(len(estimates), BASKETS // 2)
        for number, (estimate, server) in enumerate(
            zip(estimates, booked, strict=True)
        ):
            for key, value in server.items():
                sale = baskets[number].get("sale")
                if (
                    key in ("earned", "base")
                    and sale
                    and any(line["subtotal"] < 0 for line in sale["lines"])
                ):
                    # goods returned without receipt: their taxes go back in
                    # cash, so the payments cap (base <= money paid) may book
                    # less than the till's estimate, never more
                    self.assertLessEqual(round(value, 6), round(estimate[key], 6))
                    continue
                self.assertEqual(
                    round(estimate[key], 6),
                    round(value, 6),
                    f"basket {number}: {key} {baskets[number]}",
                )
        self.assertTrue(any(b.get("refund") for b in baskets))
        self.assertTrue(any(s.get("redeemed") for s in booked))
        self.assertTrue(any(s.get("reversed") for s in booked))
        if whole:
            # whole points booked, and fractions of them computed: the
            # estimate rounded as the server did (down, up for take-backs)
            for server in booked:
                for key in ("earned", "redeemed", "reversed"):
                    if key in server:
                        self.assertEqual(server[key], int(server[key]), key)
        else:
            self.assertTrue(
                any(
                    server.get("earned", 0) != int(server.get("earned", 0))
                    for server in booked
                ),
                "the decimal company books fractions of points",
            )


@tagged("post_install", "-at_install")
class TestPointsEstimateWhole(TestPointsEstimate):
    """The same baskets for a company that counts whole points: the till
    shows the whole points the server books (a purchase rounded down, a
    refund or a return rounded up)."""

    precision = "whole"
    cashier_points = (10, 34, 125, 78)


@tagged("post_install", "-at_install")
class TestPointsEstimateRules(RetailPosCase):
    """The till's estimate applies the earning rules as the server books
    them: exclusions (the product's flag and multipliers of 0), multipliers by
    category (subcategories included) and by tag, fixed points per unit,
    stackable campaigns, date-limited rules (in force and not), rules for a
    tier, for a customer group (and its subgroups), a minimum basket, points
    on the taxed and untaxed amounts, points discounts and goods returned
    without receipt; per basket and per line, to the last decimal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["retail.earn.rule"].search([]).active = False
        cls.env["retail.tier"].search([]).active = False
        cls.company.retail_points_per_currency = 0.37
        Tier = cls.env["retail.tier"]
        cls.silver = Tier.create(
            {"name": "Rules Silver", "min_points": 0, "earn_factor": 1.0}
        )
        cls.gold = Tier.create(
            {"name": "Rules Gold", "min_points": 50000, "earn_factor": 1.5}
        )
        Group = cls.env["retail.customer.group"]
        cls.club = Group.create({"name": "Rules Club"})
        cls.young = Group.create({"name": "Rules Young", "parent_id": cls.club.id})
        cls.other_group = Group.create({"name": "Rules Other"})
        Categ = cls.env["product.category"]
        cls.garden = Categ.create({"name": "Rules Garden"})
        cls.furniture = Categ.create(
            {"name": "Rules Furniture", "parent_id": cls.garden.id}
        )
        cls.chairs = Categ.create(
            {"name": "Rules Chairs", "parent_id": cls.furniture.id}
        )
        cls.food = Categ.create({"name": "Rules Food"})
        Tag = cls.env["product.tag"]
        cls.new_tag = Tag.create({"name": "Rules New"})
        cls.promo_tag = Tag.create({"name": "Rules Promo"})
        Tax = cls.env["account.tax"]
        vat = Tax.create(
            {"name": "Rules VAT 24", "amount": 24.0, "company_id": cls.company.id}
        )
        vat_included = Tax.create(
            {
                "name": "Rules VAT 14 included",
                "amount": 14.0,
                "price_include": True,
                "company_id": cls.company.id,
            }
        )

        def product(name, categ, price, taxes=None, **vals):
            record = cls.create_product(name, categ, price, tax_ids=taxes)
            record.write(dict({"type": "consu"}, **vals))
            return record

        cls.chair = product("Rules Chair", cls.chairs, 49.90, vat.ids)
        cls.table = product("Rules Table", cls.furniture, 129.00, vat.ids)
        cls.seeds = product("Rules Seeds", cls.garden, 3.35, vat_included.ids)
        cls.coffee = product(
            "Rules Coffee",
            cls.food,
            7.49,
            vat_included.ids,
            product_tag_ids=[(6, 0, cls.new_tag.ids)],
        )
        cls.jam = product(
            "Rules Jam",
            cls.food,
            5.55,
            vat.ids,
            product_tag_ids=[(6, 0, cls.new_tag.ids)],
        )
        cls.tea = product("Rules Tea", cls.food, 4.99)
        # the variant's own tag (all_product_tag_ids unites both)
        cls.tea.additional_product_tag_ids = [(6, 0, cls.promo_tag.ids)]
        cls.gift_card = product(
            "Rules Gift Card", cls.food, 25.0, retail_no_points=True
        )
        cls.deposit = product("Rules Deposit", cls.food, 0.25)
        cls.products = [
            cls.chair,
            cls.table,
            cls.seeds,
            cls.coffee,
            cls.jam,
            cls.tea,
            cls.gift_card,
            cls.deposit,
            cls.product_plain,
        ]
        today = fields.Date.context_today(cls.env["pos.order"])
        Rule = cls.env["retail.earn.rule"]
        other_company = cls.env["res.company"].create({"name": "Rules Elsewhere"})
        Rule.create(
            [
                {
                    "name": "Deposit excluded",
                    "product_ids": cls.deposit.ids,
                    "multiplier": 0.0,
                },
                {"name": "Garden x2", "categ_ids": cls.garden.ids, "multiplier": 2.0},
                {"name": "Chairs x3", "categ_ids": cls.chairs.ids, "multiplier": 3.0},
                {
                    "name": "Chairs x2.5 later",
                    "categ_ids": cls.chairs.ids,
                    "multiplier": 2.5,
                    "sequence": 20,
                },
                {
                    "name": "New collection x1.5",
                    "tag_ids": cls.new_tag.ids,
                    "multiplier": 1.5,
                },
                {
                    "name": "Promo tea no points",
                    "tag_ids": cls.promo_tag.ids,
                    "multiplier": 0.0,
                    "stackable": True,
                    "min_amount": 300.0,
                },
                {
                    "name": "Coffee 5 per unit",
                    "product_ids": cls.coffee.ids,
                    "mode": "per_unit",
                    "points_per_unit": 5.0,
                    "sequence": 5,
                },
                {
                    "name": "Week campaign x2",
                    "stackable": True,
                    "multiplier": 2.0,
                    "date_from": today - timedelta(days=1),
                    "date_to": today + timedelta(days=1),
                },
                {
                    "name": "Next month x5",
                    "stackable": True,
                    "multiplier": 5.0,
                    "date_from": today + timedelta(days=30),
                },
                {
                    "name": "Gold food +10",
                    "categ_ids": cls.food.ids,
                    "stackable": True,
                    "mode": "per_unit",
                    "points_per_unit": 10.0,
                    "tier_ids": cls.gold.ids,
                },
                {
                    "name": "Club x1.2",
                    "stackable": True,
                    "multiplier": 1.2,
                    "group_ids": cls.club.ids,
                    "sequence": 1,
                },
                {
                    "name": "Other group x7",
                    "multiplier": 7.0,
                    "sequence": 5,
                    "group_ids": cls.other_group.ids,
                    "tag_ids": cls.new_tag.ids,
                },
                {
                    "name": "Big basket furniture +25",
                    "categ_ids": cls.furniture.ids,
                    "stackable": True,
                    "mode": "per_unit",
                    "points_per_unit": 25.0,
                    "min_amount": 150.0,
                },
                {"name": "Shared x1.1", "company_id": False, "multiplier": 1.1},
                {
                    "name": "Elsewhere x9",
                    "company_id": other_company.id,
                    "multiplier": 9.0,
                },
            ]
        )
        Partner = cls.Partner
        cls.customers = Partner.create(
            [
                {"name": "Rules Gold Young", "customer_group_id": cls.young.id},
                {"name": "Rules Gold Plain"},
                {"name": "Rules Silver Club", "customer_group_id": cls.club.id},
                {"name": "Rules Silver Other", "customer_group_id": cls.other_group.id},
                {"name": "Rules Silver Plain"},
            ]
        )

    def _js_line(self, index, line):
        product = self.env["product.product"].browse(line["product_id"])
        return {
            "key": index,
            "subtotal": line["price_subtotal"],
            "subtotalIncl": line["price_subtotal_incl"],
            "qty": line["qty"],
            "discount": line.get("discount", 0.0),
            "priceUnit": line["price_unit"],
            "listPrice": product.lst_price,
            "isTip": False,
            "isRefund": False,
            "isRedemption": product == self.redemption,
            "redeemPoints": line.get("retail_redeem_points", 0),
            "productId": product.id,
            "noPoints": product.retail_no_points,
            "categPath": product.categ_id.parent_path,
            "tagIds": product.product_tag_ids.ids
            + product.additional_product_tag_ids.ids,
        }

    #: the company's points precision (``res.company.retail_points_precision``)
    precision = "decimal"
    #: points a cashier enters for a points discount
    cashier_points = (10, 33.33, 125, 77.7)

    def test_estimate_with_rules_equals_booking(self):
        rng = random.Random(20261203)
        self.company.retail_points_precision = self.precision
        digits = self.company._retail_points_digits()
        whole = self.precision == "whole"
        for index, customer in enumerate(self.customers):
            self.book(customer, 100000 if index < 2 else 1000)
        self.assertEqual(self.customers[0].reward_tier_id, self.gold)
        self.assertEqual(self.customers[4].reward_tier_id, self.silver)
        # the rules exactly as the till loads them
        loaded = self.pos_session._retail_pos_earn_rules()
        names = {rule["name"] for rule in loaded["rules"]}
        self.assertIn("Next month x5", names)
        self.assertNotIn("Elsewhere x9", names)
        day = fields.Date.to_string(fields.Date.context_today(self.env["pos.order"]))
        baskets, booked = [], []
        started = time.perf_counter()
        sold, taken = [], {}
        for _index in range(RULE_BASKETS):
            customer = rng.choice(self.customers)
            untaxed = rng.random() < 0.5
            self.company.retail_points_on_untaxed = untaxed
            if sold and rng.random() < 0.2:
                # a refund takes back the refunded lines' own points
                origin = rng.choice(sold)
                goods = origin.lines.filtered(
                    # what is left to refund of it, as the till offers
                    lambda x: (
                        x.product_id != self.redemption and x.qty - x.refunded_qty >= 1
                    )
                )
                if not goods:
                    continue
                line = rng.choice(goods)
                qty = rng.randint(1, int(line.qty - line.refunded_qty))
                shares = self.share_lines(origin, {line: qty})
                data = self.ui_order(
                    [self.refund_line(line, qty), *shares], origin.partner_id
                )
                self.sync(data)
                refund = self.order_of(data)
                kept = any(origin.lines.mapped("retail_points"))
                baskets.append(
                    {
                        "refund": {
                            "refundedSubtotal": -line.price_subtotal * qty / line.qty
                            + sum(share["price_subtotal"] for share in shares),
                            "originEarned": origin.retail_points_earned,
                            "originBase": origin.retail_points_base,
                            "digits": digits,
                            "whole": whole,
                            "linePoints": [
                                {
                                    "points": line.retail_points,
                                    "soldQty": line.qty,
                                    "refundedQty": qty,
                                }
                            ]
                            if kept
                            else None,
                            "fullPoints": full_points(origin),
                            "done": taken.get(origin.id, 0.0),
                        }
                    }
                )
                taken[origin.id] = (
                    taken.get(origin.id, 0.0) + refund.retail_points_reversed
                )
                booked.append({"reversed": refund.retail_points_reversed})
                continue
            lines = []
            for _n in range(rng.randint(1, 6)):
                product = rng.choice(self.products)
                lines.append(
                    TestPointsEstimate._line(
                        self,
                        product,
                        # now and then goods brought back without their receipt
                        rng.choice([1, 1, 2, 3, 4, 5, 8, -1, -2]),
                        # a line discount or a price below the list price
                        # lowers fixed points per unit too
                        rng.choice([0.0, 0.0, 0.0, 10.0, 50.0, 100.0]),
                        rng.choice([None, None, None, round(product.lst_price / 3, 2)]),
                    )
                )
            total = sum(line["price_subtotal_incl"] for line in lines)
            points = rng.choice(self.cashier_points)
            amount = round(points * self.company.retail_point_value, 2)
            if amount <= total / 2 and rng.random() < 0.35:
                lines.append(self.redeem_line(points, price=amount))
            customer.invalidate_recordset()
            tier = customer.reward_tier_id
            group = customer.customer_group_id
            data = self.ui_order(lines, customer)
            self.sync(data)
            order = self.order_of(data)
            self.assertFalse(order.retail_points_error, f"basket {_index}")
            baskets.append(
                {
                    "sale": {
                        "lines": [self._js_line(i, x) for i, x in enumerate(lines)],
                        "pointsPerCurrency": self.company.retail_points_per_currency,
                        "factor": tier.earn_factor if tier else 1.0,
                        "pointValue": self.company.retail_point_value,
                        "digits": digits,
                        "whole": whole,
                        "currencyRounding": self.currency.rounding,
                        "onUntaxed": untaxed,
                        "rules": loaded["rules"],
                        "tierId": tier.id,
                        "groupPath": loaded["group_paths"].get(group.id, False),
                        "day": day,
                        "paid": sum(line["price_subtotal_incl"] for line in lines),
                    }
                }
            )
            if order.retail_points_earned > 0:
                sold.append(order)
            order_lines = order.lines.sorted("id")
            booked.append(
                {
                    "earned": order.retail_points_earned,
                    "redeemed": order.retail_points_redeemed,
                    "base": order.retail_points_base,
                    "reversed": order.retail_points_reversed,
                    "lines": {
                        str(i): line.retail_points
                        for i, line in enumerate(order_lines)
                        if line.product_id != self.redemption
                    },
                    "moved": bool(
                        order.retail_points_earned or order.retail_points_reversed
                    ),
                }
            )
        booking_seconds = time.perf_counter() - started
        started = time.perf_counter()
        estimates = TestPointsEstimate._run_estimates(self, baskets)
        node_seconds = time.perf_counter() - started
        _logger.info(
            "%s baskets (%s refunds) with %s rules: server bookings %.1f s, "
            "the till's estimates (Node.js) %.2f s",
            len(baskets),
            sum(1 for basket in baskets if "refund" in basket),
            len(loaded["rules"]),
            booking_seconds,
            node_seconds,
        )
        seen_rules = set()
        for number, (estimate, server) in enumerate(
            zip(estimates, booked, strict=True)
        ):
            if "refund" in baskets[number]:
                self.assertEqual(
                    round(estimate["reversed"], 6),
                    round(server["reversed"], 6),
                    f"refund {number}: {baskets[number]}",
                )
                continue
            label = f"basket {number}: {baskets[number]['sale']['lines']}"
            for key in ("earned", "redeemed", "base", "reversed"):
                self.assertEqual(
                    round(estimate[key], 6), round(server[key], 6), f"{label} {key}"
                )
            if server["moved"]:
                # each line's points, as the server kept them on the line
                for key, points in server["lines"].items():
                    self.assertEqual(
                        round(estimate["lines"][key], 6),
                        round(points, 6),
                        f"{label} line {key}",
                    )
                seen_rules.update(int(r) for r in estimate["rules"] if int(r))
        # every kind of rule took part (ended and foreign ones never)
        Rule = self.env["retail.earn.rule"]
        seen = set(Rule.browse(seen_rules).mapped("name"))
        for name in (
            "Deposit excluded",
            "Garden x2",
            "Chairs x3",
            "New collection x1.5",
            "Promo tea no points",
            "Coffee 5 per unit",
            "Week campaign x2",
            "Gold food +10",
            "Club x1.2",
            "Other group x7",
            "Big basket furniture +25",
            "Shared x1.1",
        ):
            self.assertIn(name, seen)
        self.assertNotIn("Next month x5", seen)
        self.assertNotIn("Chairs x2.5 later", seen)
        self.assertTrue(any(s.get("redeemed") for s in booked))
        self.assertTrue(any(s.get("reversed") for s in booked))
        self.assertTrue(any(s.get("earned") for s in booked))
        refunds = [b["refund"] for b in baskets if "refund" in b]
        self.assertGreater(len(refunds), 10)
        self.assertTrue(any(r["linePoints"] and r["done"] for r in refunds))
        # the sale baskets alone are still at least 200
        self.assertGreaterEqual(len(baskets) - len(refunds), 200)


@tagged("post_install", "-at_install")
class TestPointsEstimateRulesWhole(TestPointsEstimateRules):
    """The same baskets under the same rules for a company that counts whole
    points: the till's figures are the whole points the server books."""

    precision = "whole"
    cashier_points = (10, 34, 125, 78)
