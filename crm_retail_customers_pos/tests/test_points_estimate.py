# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The figure on the till's screen is the figure booked: many baskets go
through the till's own estimate (static/src/app/utils/retail_points_estimate.js,
run by Node.js) and through ``create_from_ui``, and the two must agree."""

import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import RetailPosCase

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


@tagged("post_install", "-at_install")
class TestPointsEstimate(RetailPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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

    def _line(self, product, qty, discount=0.0):
        """A line as the till computes it: taxes on the discounted price."""
        price = product.lst_price
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
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        common = {
            "pointsPerCurrency": self.company.retail_points_per_currency,
            "factor": self.tier.earn_factor,
            "pointValue": self.company.retail_point_value,
            "digits": digits,
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
                    lambda x: x.product_id != self.redemption and x.qty > 0
                )
                if not goods:
                    continue
                line = rng.choice(goods)
                qty = rng.randint(1, int(line.qty))
                refund = self.refund_line(line, qty)
                data = self.ui_order([refund], origin.partner_id)
                self.sync(data)
                order = self.order_of(data)
                baskets.append(
                    {
                        "refund": {
                            "refundedSubtotal": refund["price_subtotal"],
                            "originEarned": origin.retail_points_earned,
                            "originBase": origin.retail_points_base,
                            "digits": digits,
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
                points = rng.choice([10, 33.33, 125, 77.7])
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
