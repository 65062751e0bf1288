# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, tagged

from .common import PortalLoyaltyMixin
from .test_portal_loyalty import decode


@tagged("post_install", "-at_install")
class TestPortalLoyaltySecurity(PortalLoyaltyMixin, HttpCase):
    """A portal user of customer A tries to reach customer B's loyalty data
    or to change points, tiers, cards and membership: the pages take no id
    and show A's data only; the JSON-RPC of the web client refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpPortalLoyalty()
        cls.secrets_b = [
            cls.card_b.number,
            cls.customer_b.name,
            cls.card_corp.number,
        ]

    def setUp(self):
        super().setUp()
        self.authenticate("portal_aino", "portal_aino")

    def call_kw(self, model, method, args, kwargs=None):
        """``(result, error)`` of a JSON-RPC call of the web client."""
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        answer = response.json()
        return answer.get("result"), answer.get("error")

    def assertRefused(self, model, method, args, kwargs=None):
        result, error = self.call_kw(model, method, args, kwargs)
        self.assertTrue(error, f"{model}.{method} was not refused: {result}")
        self.assertIn(
            error["data"]["name"],
            ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"),
            error["data"]["message"],
        )
        return error

    def assertNothingOfB(self, text, where):
        for secret in self.secrets_b:
            self.assertNotIn(secret, text, where)

    def test_changed_parameters_show_own_data(self):
        b = self.customer_b.id
        for url in (
            f"/my/loyalty?partner_id={b}",
            f"/my/loyalty?partner_id={b}&card_id={self.card_b.id}",
            f"/my/loyalty/page/2?partner_id={b}&commercial_partner_id={b}",
            f"/my/loyalty?customer_id={self.corp.id}&company_id=1",
            f"/my/loyalty/card?card_id={self.card_b.id}",
            f"/my/loyalty/card?partner_id={b}&number={self.card_b.number}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNothingOfB(response.text, url)
            self.assertIn(self.card_a.number, response.text, url)

    def test_card_images_are_the_own_card_only(self):
        for path in ("barcode.png", "qr.png"):
            for query in (
                f"card_id={self.card_b.id}",
                f"value={self.card_b.number}",
                f"partner_id={self.customer_b.id}",
            ):
                url = f"/my/loyalty/card/{path}?{query}"
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertEqual(
                    list(decode(response.content).values()), [self.card_a.number], url
                )
        # no route of the page takes a card in its path
        response = self.url_open(f"/my/loyalty/card/{self.card_b.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNothingOfB(response.text, "card by id")

    def test_no_rpc_read_of_the_ledger_and_cards(self):
        for model in ("retail.point.entry", "retail.card"):
            self.assertRefused(model, "search_read", [[]], {"fields": ["partner_id"]})
            self.assertRefused(model, "search_count", [[]])
            self.assertRefused(
                model, "read_group", [[], ["partner_id"], ["partner_id"]]
            )
        self.assertRefused("retail.card", "read", [self.card_b.ids, ["number"]])
        self.assertRefused("retail.card", "read", [self.card_a.ids, ["number"]])
        entry_b = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.customer_b.id)], limit=1
        )
        self.assertRefused("retail.point.entry", "read", [entry_b.ids, ["points"]])
        self.assertRefused(
            "retail.tier", "write", [self.tier_gold.ids, {"min_points": 1}]
        )

    def test_no_rpc_read_of_another_customer(self):
        for fields in (["reward_points"], ["card_number"], ["name"]):
            self.assertRefused("res.partner", "read", [self.customer_b.ids, fields])
        for domain in (
            [("id", "=", self.customer_b.id)],
            [("card_number", "=", self.card_b.number)],
            [("reward_points", ">", 0)],
        ):
            result, error = self.call_kw(
                "res.partner",
                "search_read",
                [domain],
                {"fields": ["reward_points", "card_number"]},
            )
            self.assertNothingOfB(json.dumps(result or error), str(domain))
            self.assertFalse(
                [r for r in result or [] if r["id"] == self.customer_b.id], domain
            )

    def test_no_write_path(self):
        a = self.customer_a
        self.assertRefused(
            "res.partner",
            "write",
            [a.ids, {"reward_points": 1e6, "reward_tier_id": self.tier_gold.id}],
        )
        self.assertRefused("res.partner", "write", [a.ids, {"retail_member": False}])
        self.assertRefused(
            "retail.point.entry",
            "create",
            [{"partner_id": a.id, "points": 1000, "kind": "adjust"}],
        )
        self.assertRefused("retail.card", "create", [{"partner_id": a.id}])
        self.assertRefused("retail.card", "action_block", [self.card_b.ids])
        self.assertRefused(
            "retail.card", "write", [self.card_b.ids, {"partner_id": a.id}]
        )
        self.assertRefused("res.partner", "action_retail_leave", [a.ids])
        self.assertRefused("res.partner", "action_retail_enrol", [self.customer_b.ids])
        # nothing moved
        self.env.invalidate_all()
        self.assertEqual(a.reward_points, 1255.0)
        self.assertEqual(a.reward_tier_id, self.tier_silver)
        self.assertEqual(self.card_b.partner_id, self.customer_b)
        self.assertEqual(self.card_b.state, "active")
        self.assertTrue(a.retail_member)
        # the page's routes take no POST to change anything either
        response = self.url_open(
            "/my/loyalty", data={"reward_points": 5, "csrf_token": "x"}
        )
        self.assertNotEqual(response.status_code, 500)
        self.env.invalidate_all()
        self.assertEqual(a.reward_points, 1255.0)
