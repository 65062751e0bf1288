# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Earning rules and the points by rule, attacked from outside: real users
calling JSON-RPC (``/web/dataset/call_kw``) on the test server, as the web
client and any script would."""

import json

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import RETAIL_MANAGER, RETAIL_USER, company_user

RULE = "retail.earn.rule"
DETAIL = "retail.point.entry.detail"
ACCESS = "odoo.exceptions.AccessError"
VALIDATION = "odoo.exceptions.ValidationError"
USER_ERROR = "odoo.exceptions.UserError"
REFUSED = (USER_ERROR, ACCESS)


@tagged("post_install", "-at_install")
class TestEarnRuleSecurity(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"retail_points_per_currency": 1.0})
        cls.other_company = cls.env["res.company"].create({"name": "Rules Other"})
        # a cashier: an employee who works the till (the POS group when the
        # Point of Sale is installed; the core needs only the employee's)
        cashier_groups = "base.group_user"
        if cls.env.ref("point_of_sale.group_pos_user", raise_if_not_found=False):
            cashier_groups += ",point_of_sale.group_pos_user"
        cls.users = {
            "cashier": new_test_user(
                cls.env, login="rules_cashier", groups=cashier_groups
            ),
            "clerk": new_test_user(cls.env, login="rules_clerk", groups=RETAIL_USER),
            "portal": new_test_user(
                cls.env, login="rules_portal", groups="base.group_portal"
            ),
            "manager": company_user(
                cls.env, "rules_manager", RETAIL_MANAGER, cls.company
            ),
            "other_manager": company_user(
                cls.env, "rules_other_manager", RETAIL_MANAGER, cls.other_company
            ),
        }
        cls.Rule = cls.env[RULE]
        cls.Rule.search([]).write({"active": False})
        cls.env["retail.tier"].search([]).write({"active": False})
        cls.env["retail.tier"]._recompute_partner_tiers()
        cls.coffee = cls.env["product.product"].create({"name": "Coffee bag"})
        cls.bags = cls.Rule.create(
            {
                "name": "Coffee bag bonus",
                "company_id": cls.company.id,
                "product_ids": [Command.set(cls.coffee.ids)],
                "mode": "per_unit",
                "points_per_unit": 50.0,
            }
        )
        cls.shared = cls.Rule.create(
            {"name": "Shared weekend", "company_id": False, "multiplier": 1.5}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rules Customer", "company_id": cls.company.id}
        )
        result = cls.Rule._retail_compute_points(
            cls.customer,
            cls.company,
            [{"key": 1, "product": cls.coffee, "qty": 2, "amount": 10.0}],
        )
        cls.entry = cls.customer._post_reward_points(
            result["points"],
            "earn",
            company_id=cls.company.id,
            origin="Shop/0001",
            detail_ids=cls.Rule._retail_detail_commands(result),
        )

    def rpc(self, who, model, method, *args, **kwargs):
        """The JSON-RPC answer (``result`` or ``error``) to ``who`` calling
        ``model.method`` as the web client does."""
        self.authenticate(f"rules_{who}", f"rules_{who}")
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def call(self, who, model, method, *args, **kwargs):
        answer = self.rpc(who, model, method, *args, **kwargs)
        self.assertNotIn("error", answer, f"{who} {model}.{method}")
        return answer.get("result")

    def refused(self, error, who, model, method, *args, **kwargs):
        """``who`` calling ``model.method`` gets the ``error`` (an exception
        class name, or a tuple of them); returns its message."""
        answer = self.rpc(who, model, method, *args, **kwargs)
        self.assertIn("error", answer, f"{who} {model}.{method} was not refused")
        data = answer["error"]["data"]
        expected = error if isinstance(error, tuple) else (error,)
        self.assertIn(data["name"], expected, f"{who} {model}.{method}")
        return data["message"]

    def rule_vals(self, **vals):
        return dict(
            {
                "name": "Tea week",
                "categ_ids": [Command.set(self.coffee.categ_id.ids)],
                "multiplier": 2.0,
            },
            **vals,
        )

    def ledger(self):
        """What the ledger holds for the booked entry, read afresh."""
        self.env.invalidate_all()
        return (
            self.entry.points,
            self.customer.reward_points,
            self.entry.detail_ids.mapped(
                lambda d: (d.rule_id.id, d.name, d.points, d.amount)
            ),
        )

    def test_setup_booked_points_by_rule(self):
        self.assertEqual(self.entry.points, 100.0)
        self.assertEqual(self.entry.detail_ids.rule_id, self.bags)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_only_retail_managers_change_rules(self):
        before = self.bags.read(["name", "points_per_unit", "active"])
        count = self.Rule.with_context(active_test=False).search_count([])
        for who in ("cashier", "clerk", "portal"):
            with self.subTest(who=who):
                self.refused(ACCESS, who, RULE, "create", self.rule_vals())
                self.refused(
                    ACCESS, who, RULE, "write", [self.bags.id], {"points_per_unit": 500}
                )
                self.refused(ACCESS, who, RULE, "action_archive", [self.bags.id])
                self.refused(ACCESS, who, RULE, "unlink", [self.bags.id])
        # staff read the rules (the till and the back office show them) ...
        for who in ("cashier", "clerk"):
            rows = self.call(who, RULE, "search_read", [], ["name"])
            self.assertIn(self.bags.id, [row["id"] for row in rows])
        # ... a portal user reads nothing of the programme
        self.refused(ACCESS, "portal", RULE, "search_read", [], ["name"])
        self.env.invalidate_all()
        self.assertEqual(self.bags.read(["name", "points_per_unit", "active"]), before)
        self.assertEqual(
            self.Rule.with_context(active_test=False).search_count([]), count
        )
        # a Retail CRM manager does all of it
        rule_id = self.call("manager", RULE, "create", self.rule_vals())
        self.call("manager", RULE, "write", [rule_id], {"multiplier": 3.0})
        self.call("manager", RULE, "action_archive", [rule_id])
        rule = self.Rule.browse(rule_id)
        self.assertEqual((rule.multiplier, rule.active), (3.0, False))
        self.assertEqual(rule.company_id, self.company)
        self.call("manager", RULE, "unlink", [rule_id])
        self.assertFalse(rule.exists())

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model", "odoo.sql_db")
    def test_nobody_changes_the_points_by_rule(self):
        before = self.ledger()
        detail = self.entry.detail_ids[:1]
        vals = {"entry_id": self.entry.id, "name": "Forged", "points": 1000.0}
        for who in ("cashier", "clerk", "portal", "manager"):
            with self.subTest(who=who):
                # refused by the model's own rule or by the access rights,
                # whichever comes first; the message says why
                self.refused(REFUSED, who, DETAIL, "create", vals)
                self.refused(REFUSED, who, DETAIL, "write", detail.ids, {"points": 1e6})
                self.refused(REFUSED, who, DETAIL, "unlink", detail.ids)
        # nor through the entry (a One2many command), nor as superuser
        self.refused(
            REFUSED,
            "manager",
            "retail.point.entry",
            "write",
            self.entry.ids,
            {"detail_ids": [Command.create({"name": "Forged", "points": 5})]},
        )
        Detail = self.env[DETAIL]
        with self.assertRaisesRegex(Exception, "booked with their entry"):
            Detail.create(vals)
        with self.assertRaisesRegex(Exception, "cannot be changed"):
            detail.write({"points": 1e6})
        with self.assertRaisesRegex(Exception, "cannot be deleted"):
            detail.unlink()
        self.assertEqual(self.ledger(), before)
        # a manager reads them
        rows = self.call("manager", DETAIL, "search_read", [], ["points"])
        self.assertIn(detail.id, [row["id"] for row in rows])

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_another_companys_manager_does_not_see_its_rules(self):
        rows = self.call("other_manager", RULE, "search_read", [], ["name"])
        ids = [row["id"] for row in rows]
        self.assertNotIn(self.bags.id, ids)
        self.assertIn(self.shared.id, ids, "a shared rule is every company's")
        self.refused(ACCESS, "other_manager", RULE, "read", [self.bags.id], ["name"])
        self.refused(
            ACCESS,
            "other_manager",
            RULE,
            "write",
            [self.bags.id],
            {"points_per_unit": 1.0},
        )
        self.refused(ACCESS, "other_manager", RULE, "unlink", [self.bags.id])
        # nor the points it gave in the other company
        rows = self.call("other_manager", DETAIL, "search_read", [], ["points"])
        self.assertFalse(set(self.entry.detail_ids.ids) & {row["id"] for row in rows})
        # a rule of their own company cannot target the other company's
        # products: refused with a clear message
        product = self.env["product.product"].create(
            {"name": "A's beans", "company_id": self.company.id}
        )
        self.refused(
            USER_ERROR,
            "other_manager",
            RULE,
            "create",
            self.rule_vals(
                company_id=self.other_company.id,
                product_ids=[Command.set(product.ids)],
            ),
        )
        self.assertEqual(self.bags.points_per_unit, 50.0)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_shared_rules_are_changed_by_administrators_only(self):
        """A shared rule applies to every company's sales: a company's
        manager reads it but cannot change, archive, delete nor create one
        (else they would decide what another company's customers earn)."""
        for who in ("manager", "other_manager"):
            with self.subTest(who=who):
                self.refused(
                    ACCESS, who, RULE, "write", self.shared.ids, {"multiplier": 50}
                )
                self.refused(ACCESS, who, RULE, "action_archive", self.shared.ids)
                self.refused(ACCESS, who, RULE, "unlink", self.shared.ids)
                self.refused(
                    ACCESS, who, RULE, "create", self.rule_vals(company_id=False)
                )
        self.env.invalidate_all()
        self.assertEqual((self.shared.multiplier, self.shared.active), (1.5, True))
        # an administrator (Settings) does
        admin = company_user(
            self.env,
            "rules_admin",
            RETAIL_MANAGER + ",base.group_system",
            self.company,
        )
        self.shared.with_user(admin).write({"multiplier": 2.0})
        self.assertEqual(self.shared.multiplier, 2.0)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_bad_input_is_refused_and_writes_nothing(self):
        count = self.Rule.with_context(active_test=False).search_count([])
        targets = {
            "product_ids": [Command.set(self.coffee.ids)],
            "mode": "per_unit",
            "points_per_unit": 5,
        }
        cases = {
            "negative multiplier": (
                self.rule_vals(multiplier=-2),
                "cannot be negative",
            ),
            "points per unit in letters": (
                dict(targets, points_per_unit="abc"),
                "must be a number",
            ),
            "points per unit NaN": (
                dict(targets, points_per_unit="NaN"),
                "must be a number",
            ),
            "infinite minimum": (
                self.rule_vals(min_amount="inf"),
                "must be a number",
            ),
            "ends before it starts": (
                self.rule_vals(date_from="2026-05-10", date_to="2026-05-01"),
                "cannot end",
            ),
            "per unit without targets": (
                {"name": "Everything", "mode": "per_unit", "points_per_unit": 3},
                "choose the products, categories or tags it is for",
            ),
            "exclusion without targets": (
                {"name": "Nothing", "multiplier": 0},
                "choose the products, categories or tags it excludes",
            ),
            "per unit without points": (
                dict(targets, points_per_unit=0),
                "enter how many",
            ),
        }
        for case, (vals, message) in cases.items():
            with self.subTest(case=case):
                error = self.refused(
                    VALIDATION, "manager", RULE, "create", dict({"name": case}, **vals)
                )
                self.assertIn(message, error)
        self.assertEqual(
            self.Rule.with_context(active_test=False).search_count([]), count
        )
        # the same figures written on a rule: refused, the rule unchanged
        before = self.bags.read(["points_per_unit", "date_from", "date_to", "mode"])
        for vals in (
            {"points_per_unit": "abc"},
            {"points_per_unit": -1},
            {"date_from": "2026-05-10", "date_to": "2026-05-01"},
            {"product_ids": [Command.clear()]},
        ):
            with self.subTest(vals=vals):
                self.refused(VALIDATION, "manager", RULE, "write", self.bags.ids, vals)
        self.env.invalidate_all()
        self.assertEqual(
            self.bags.read(["points_per_unit", "date_from", "date_to", "mode"]), before
        )
        self.assertEqual(self.bags.product_ids, self.coffee)
        # a NaN sent as a JSON number (Python's json writes and reads it)
        self.refused(
            VALIDATION,
            "manager",
            RULE,
            "write",
            self.bags.ids,
            {"points_per_unit": float("nan")},
        )
        self.env.invalidate_all()
        self.assertEqual(self.bags.points_per_unit, 50.0)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model", "odoo.sql_db")
    def test_changing_or_archiving_a_rule_keeps_booked_entries(self):
        before = self.ledger()
        self.call(
            "manager",
            RULE,
            "write",
            self.bags.ids,
            {"name": "Coffee bag bonus (new)", "points_per_unit": 75.0},
        )
        self.assertEqual(self.ledger(), before)
        detail = self.entry.detail_ids.filtered("rule_id")
        self.assertEqual(detail.name, "Coffee bag bonus", "the name at booking")
        self.assertEqual(detail.points, 100.0)
        self.call("manager", RULE, "action_archive", self.bags.ids)
        self.assertFalse(self.bags.active)
        self.assertEqual(self.ledger(), before)
        # a rule that gave points cannot be deleted (archive it): the ledger
        # keeps naming it
        message = self.refused(USER_ERROR, "manager", RULE, "unlink", self.bags.ids)
        self.assertIn("archive it instead", message)
        self.assertTrue(self.bags.exists())
        self.assertEqual(self.ledger(), before)
