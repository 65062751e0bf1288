# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The back office of the earning rules in a real browser at 1366 × 768: the
rule list and form of a Retail CRM manager, the product's "Never Earns
Points" and the ledger entry's "Points by Rule". Screenshots are kept as
test artifacts."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RETAIL_MANAGER, BrowserSizeMixin, screenshot_at_end

#: Waits for ``box``, checks that the page shows every text of
#: ``needles`` and that nothing in ``box`` is wider than the box; then
#: succeeds (or logs the error, which fails the test).
CHECK_PAGE = """
(async () => {
    const wait = async (selector) => {
        for (let i = 0; i < 150; i++) {
            const element = document.querySelector(selector);
            if (element) { return element; }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`${selector} not found`);
    };
    try {
        const box = await wait(%(box)s);
        await new Promise((resolve) => setTimeout(resolve, 500));
        // headings are shown in capitals (CSS): compared without case
        const text = document.querySelector(".o_action_manager").innerText
            .toLowerCase();
        for (const needle of %(needles)s) {
            if (!text.includes(needle.toLowerCase())) {
                throw new Error(`missing: ${needle}`);
            }
        }
        for (const needle of %(absent)s) {
            if (text.includes(needle.toLowerCase())) {
                throw new Error(`shown: ${needle}`);
            }
        }
        if (box.scrollWidth > box.clientWidth + 1) {
            throw new Error(`${box.scrollWidth} px wide in ${box.clientWidth} px`);
        }
        console.log("test successful");
    } catch (error) {
        console.error(error.message);
    }
})();
"""


@tagged("post_install", "-at_install")
class TestEarnRuleUi(BrowserSizeMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="rules_ui_manager",
            groups=RETAIL_MANAGER + ",base.group_partner_manager",
        )
        Rule = cls.env["retail.earn.rule"]
        Rule.search([]).write({"active": False})
        cls.env["retail.tier"].search([]).write({"active": False})
        today = fields.Date.context_today(Rule)
        Product = cls.env["product.product"]
        cls.coffee = Product.create({"name": "Organic coffee beans 500 g"})
        cls.deposit = Product.create(
            {"name": "Bottle deposit", "retail_no_points": True}
        )
        garden = cls.env["product.category"].create({"name": "Garden furniture"})
        cls.rules = Rule.create(
            [
                {
                    "name": "50 points for each coffee bag",
                    "product_ids": [Command.set(cls.coffee.ids)],
                    "mode": "per_unit",
                    "points_per_unit": 50.0,
                },
                {
                    "name": "Double points on garden furniture",
                    "categ_ids": [Command.set(garden.ids)],
                    "multiplier": 2.0,
                    "stackable": True,
                    "date_from": today - timedelta(days=3),
                    "date_to": today + timedelta(days=27),
                    "min_amount": 50.0,
                },
                {
                    "name": "Deposits and gift cards earn nothing",
                    "product_ids": [Command.set(cls.deposit.ids)],
                    "multiplier": 0.0,
                },
                {
                    "name": "Spring campaign (ended)",
                    "categ_ids": [Command.set(garden.ids)],
                    "multiplier": 3.0,
                    "date_from": today - timedelta(days=60),
                    "date_to": today - timedelta(days=30),
                },
            ]
        )
        cls.customer = cls.env["res.partner"].create({"name": "Ulla Ui"})
        result = Rule._retail_compute_points(
            cls.customer,
            cls.env.company,
            [
                {"key": 1, "product": cls.coffee, "qty": 2, "amount": 18.0},
                {"key": 2, "product": cls.deposit, "qty": 6, "amount": 1.2},
                {
                    "key": 3,
                    "product": Product.create({"name": "Tea"}),
                    "qty": 1,
                    "amount": 4.0,
                },
            ],
        )
        cls.entry = cls.customer._post_reward_points(
            result["points"],
            "earn",
            origin="Shop/UI/1",
            amount=23.2,
            detail_ids=Rule._retail_detail_commands(result),
        )

    def check(self, url, box, needles, name, absent=()):
        code = CHECK_PAGE % {
            "box": json.dumps(box),
            "needles": json.dumps(needles),
            "absent": json.dumps(list(absent)),
        }
        with screenshot_at_end(name) as path:
            self.browser_js(url, code, ready="", login=self.manager.login)
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)

    def test_rule_list(self):
        action = self.env.ref("crm_retail_customers.retail_earn_rule_action")
        self.check(
            f"/web#action={action.id}&view_type=list",
            ".o_list_renderer",
            [
                "50 points for each coffee bag",
                "Double points on garden furniture",
                "Deposits and gift cards earn nothing",
                "Fixed points per unit",
                "Spring campaign (ended)",
            ],
            "earn_rule_list_1366",
        )

    def test_rule_form(self):
        rule = self.rules[1]
        self.check(
            f"/web#id={rule.id}&model=retail.earn.rule&view_type=form",
            ".o_form_sheet",
            [
                "Double points on garden furniture",
                "Which lines",
                "What they earn",
                "When and for whom",
                "Garden furniture",
                "Minimum Basket",
            ],
            "earn_rule_form_1366",
            absent=["This rule ended on"],
        )
        ended = self.rules[3]
        self.check(
            f"/web#id={ended.id}&model=retail.earn.rule&view_type=form",
            ".o_form_sheet",
            ["This rule ended on"],
            "earn_rule_form_ended_1366",
        )

    def test_entry_points_by_rule_and_product(self):
        self.check(
            f"/web#id={self.entry.id}&model=retail.point.entry&view_type=form",
            ".o_form_sheet",
            [
                "Points by Rule",
                "50 points for each coffee bag",
                "Normal rate",
                "104.00",
            ],
            "point_entry_points_by_rule_1366",
        )
        template = self.deposit.product_tmpl_id
        self.check(
            f"/web#id={template.id}&model=product.template&view_type=form",
            ".o_form_sheet",
            ["Never Earns Points"],
            "product_never_earns_points_1366",
        )
