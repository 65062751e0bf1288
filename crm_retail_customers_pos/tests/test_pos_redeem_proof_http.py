# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Redeeming a member's points needs the member at the till: their card
presented for the order, its code typed, or a retail manager's approval.
Attacked as it comes in: the till's own JSON-RPC route with a real session of
the cashier, the contact clerk, a Retail user, another company's user."""

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import (
    CONTACT_CLERK,
    RETAIL_MANAGER,
    RETAIL_USER,
    company_user,
)
from odoo.addons.crm_retail_customers_pos.models.retail_pos_proof_attempt import (
    MAX_FAILED_ATTEMPTS,
    MAX_FAILED_ATTEMPTS_PER_DAY,
)

from .common import POS_CASHIER, RetailPosCase, TillRpcMixin

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


@tagged("post_install", "-at_install")
class TestPosRedeemProofHttp(TillRpcMixin, RetailPosCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_redeem_proof = "card_or_code"
        cls.victim = cls.Partner.create(
            {"name": "Victim Member", "company_id": cls.company.id}
        )
        cls.card = cls.env["retail.card"].create(
            [{"partner_id": cls.victim.id, "code": "4711"}]
        )
        cls.attacker = cls.Partner.create({"name": "Attacker Friend"})
        cls.attacker_card = cls.env["retail.card"].create(
            [{"partner_id": cls.attacker.id}]
        )
        company = cls.company
        cls.manager = company_user(cls.env, "proof_manager", RETAIL_MANAGER, company)
        cls.retail_user = company_user(
            cls.env, "proof_retail_user", RETAIL_USER, company
        )
        company_user(cls.env, "proof_contact_clerk", CONTACT_CLERK, company)
        company_b = cls.company_data_2["company"]
        company_user(cls.env, "proof_cashier_b", POS_CASHIER, company_b)
        cls.manager_b = company_user(
            cls.env, "proof_manager_b", RETAIL_MANAGER, company_b
        )

    def setUp(self):
        super().setUp()
        self.book(self.victim, 1500)

    # -- helpers -------------------------------------------------------------
    def _redeem_order(self, points=1000, customer=None):
        return self.ui_order(
            [self.ui_line(self.product_plain, 10), self.redeem_line(points)],
            customer or self.victim,
        )

    def _ref(self, data):
        return data["data"]["name"]

    def _sync_rpc(self, data):
        """The cashier's till syncs the paid order."""
        self._call("pos.order", "create_from_ui", [data])
        return self.order_of(data)

    def _present(self, number, data):
        return self._call(
            "res.partner",
            "retail_pos_find_by_card",
            number,
            self.config.id,
            self._ref(data),
        )

    def _code_args(self, data, code="4711", partner=None):
        """The arguments of ``retail_pos_check_card_code`` for ``data``."""
        return ((partner or self.victim).id, code, self.config.id, self._ref(data))

    def _approve_args(self, data, login, password, points=1000, reason="Card at home"):
        """The arguments of ``retail_pos_approve_redemption`` for ``data``."""
        ref = self._ref(data)
        return (self.victim.id, self.config.id, ref, points, login, password, reason)

    def _code(self, code, data, partner=None):
        args = self._code_args(data, code, partner)
        return self._call("res.partner", "retail_pos_check_card_code", *args)

    def _approve(self, data, login, password, points=1000, reason="Card at home"):
        args = self._approve_args(data, login, password, points, reason)
        return self._call("res.partner", "retail_pos_approve_redemption", *args)

    def _code_refused(self, error, data):
        """The right code, refused with ``error``; return its message."""
        args = self._code_args(data)
        return self._refused(error, "res.partner", "retail_pos_check_card_code", *args)

    def _approval_refused(self, error, data, reason="Card at home"):
        """The right manager's approval, refused with ``error``; return its
        message."""
        args = self._approve_args(data, "proof_manager", "proof_manager", reason=reason)
        method = "retail_pos_approve_redemption"
        return self._refused(error, "res.partner", method, *args)

    def assertNothingRedeemed(self, order):
        self.assertEqual(order.retail_points_redeemed, 0)
        self.assertEqual(order.retail_points_shortfall, 1000)
        self.assertIn("card was not presented", order.retail_points_note)
        self.assertEqual(order.state, "paid")
        redeemed = self.entries(self.victim).filtered(lambda e: e.kind == "redeem")
        self.assertFalse(redeemed)

    def assertRedeemed(self, order, note):
        self.assertEqual(order.retail_points_redeemed, 1000)
        self.assertFalse(order.retail_points_shortfall)
        entry = self.entries(self.victim).filtered(lambda e: e.kind == "redeem")
        self.assertEqual(entry.points, -1000)
        self.assertIn(note, entry.note)

    # -- finding 4: naming the member is not enough -----------------------------
    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_cashier_cannot_spend_a_member_by_naming_them(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        order = self._sync_rpc(data)
        self.assertNothingRedeemed(order)
        # the sale stands and earns as any sale (200 - 100 discount)
        self.assertEqual(self.victim.reward_points, 1500 + 100)
        # a card presented for another order, or another customer's card
        # presented for this one, proves nothing either
        other = self._redeem_order()
        self._present(self.card.number, other)
        data = self._redeem_order()
        self._present(self.attacker_card.number, data)
        order = self._sync_rpc(data)
        self.assertNothingRedeemed(order)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_card_presented_for_the_order(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        answer = self._present(self.card.number, data)
        self.assertEqual(answer["partner"]["id"], self.victim.id)
        self.assertTrue(answer["presented"])
        order = self._sync_rpc(data)
        self.assertRedeemed(order, self.card.number)
        # the cashier can neither make up nor change the server's record
        self._refused(
            ACCESS_ERROR,
            "retail.pos.redeem.proof",
            "create",
            {
                "session_id": self.pos_session.id,
                "order_ref": "Order 1",
                "partner_id": self.victim.id,
                "kind": "manager",
                "user_id": self.pos_user.id,
            },
        )
        self._refused(
            ACCESS_ERROR, "retail.pos.redeem.proof", "search_read", [], ["order_ref"]
        )

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_card_only_setting_refuses_the_code(self):
        self.company.retail_redeem_proof = "card"
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        self.assertEqual(self._code("4711", data), {"ok": True})
        self.assertNothingRedeemed(self._sync_rpc(data))

    # -- the card's code ---------------------------------------------------------
    def test_right_code(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        self.assertEqual(self._code(" 4711 ", data), {"ok": True})
        self.assertRedeemed(self._sync_rpc(data), "code of card")

    @mute_logger("odoo.http")
    def test_wrong_code_refused_and_throttled(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        for guess in range(MAX_FAILED_ATTEMPTS):
            answer = self._code(f"{guess:04d}", data)
            self.assertIn("not the code", answer["error"])
        # the right code is not even checked any more
        error = self._code_refused(USER_ERROR, data)
        self.assertIn("Too many wrong attempts", error)
        # nor by another cashier for the same member
        company_user(self.env, "proof_cashier_2", POS_CASHIER, self.company)
        self.authenticate("proof_cashier_2", "proof_cashier_2")
        self._code_refused(USER_ERROR, data)
        self.assertFalse(self.env["retail.pos.redeem.proof"].search([]))

    @mute_logger("odoo.http")
    def test_code_guesses_limited_per_day(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        # batches of guesses, each under the quarter-hour limit, up to the
        # day's limit
        for batch in range(MAX_FAILED_ATTEMPTS_PER_DAY // MAX_FAILED_ATTEMPTS):
            for guess in range(MAX_FAILED_ATTEMPTS):
                self.assertIn("error", self._code(f"9{batch}{guess:02d}", data))
            # a quarter of an hour later
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE retail_pos_proof_attempt "
                "SET create_date = create_date - interval '20 minutes'"
            )
        error = self._code_refused(USER_ERROR, data)
        self.assertIn("Too many wrong attempts", error)

    # -- a manager's approval ---------------------------------------------------------
    def test_manager_approval_once_for_one_order(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        self.assertEqual(
            self._approve(data, "proof_manager", "proof_manager"), {"ok": True}
        )
        order = self._sync_rpc(data)
        self.assertRedeemed(order, f"approved by {self.manager.name}: Card at home")
        proof = self.env["retail.pos.redeem.proof"].search([("kind", "=", "manager")])
        self.assertEqual(proof.order_id, order)
        self.assertEqual(proof.approver_id, self.manager)
        self.assertEqual(proof.user_id, self.pos_user)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_manager_approval_replayed_for_another_order(self):
        self.authenticate("retail_cashier", "retail_cashier")
        approved = self._redeem_order()
        self._approve(approved, "proof_manager", "proof_manager")
        self._sync_rpc(approved)
        # the same approval does not cover another order
        other = self._redeem_order()
        order = self._sync_rpc(other)
        self.assertEqual(order.retail_points_redeemed, 0)
        self.assertIn("card was not presented", order.retail_points_note)
        # nor the same receipt number sent again (a second paid order)
        again = self._redeem_order()
        again["data"]["name"] = self._ref(approved)
        again["data"]["uid"] = again["id"] = self.create_random_uid()
        self._call("pos.order", "create_from_ui", [again])
        self.assertEqual(self.victim.reward_points, 1500 - 1000 + 100 * 2)

    @mute_logger("odoo.addons.crm_retail_customers_pos.models.pos_order")
    def test_manager_approval_covers_its_points_only(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        self._approve(data, "proof_manager", "proof_manager", points=100)
        order = self._sync_rpc(data)
        self.assertEqual(order.retail_points_redeemed, 0)

    @mute_logger("odoo.http")
    def test_approval_by_non_manager_refused(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        # the cashier, a Retail user and another company's retail manager,
        # with their right passwords, are no manager of this company
        for login in ("retail_cashier", "proof_retail_user", "proof_manager_b"):
            answer = self._approve(data, login, login)
            self.assertIn("or not a retail manager", answer["error"])
        # the same answer as for a wrong password: no password oracle
        self.assertEqual(
            self._approve(data, "proof_manager", "guess")["error"], answer["error"]
        )
        self._approval_refused(USER_ERROR, data, reason="")
        self.assertFalse(self.env["retail.pos.redeem.proof"].search([]))

    @mute_logger("odoo.http")
    def test_wrong_manager_password_throttled(self):
        self.authenticate("retail_cashier", "retail_cashier")
        data = self._redeem_order()
        for attempt in range(MAX_FAILED_ATTEMPTS):
            answer = self._approve(data, "proof_manager", f"guess{attempt}")
            self.assertIn("Wrong login or password", answer["error"])
        error = self._approval_refused(USER_ERROR, data)
        self.assertIn("Too many wrong attempts", error)

    # -- who may ask ---------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_only_cashiers_of_an_open_till(self):
        data = self._redeem_order()
        args = self._code_args(data)
        approve = self._approve_args(data, "proof_manager", "proof_manager")
        for login in ("proof_contact_clerk", "proof_retail_user", "proof_cashier_b"):
            self.authenticate(login, login)
            self._refused(
                ACCESS_ERROR, "res.partner", "retail_pos_check_card_code", *args
            )
            self._refused(
                ACCESS_ERROR, "res.partner", "retail_pos_approve_redemption", *approve
            )
        self.assertFalse(self.env["retail.pos.redeem.proof"].search([]))
        # a closed session takes no proofs
        self.authenticate("retail_cashier", "retail_cashier")
        self.pos_session.state = "closed"
        self._refused(ACCESS_ERROR, "res.partner", "retail_pos_check_card_code", *args)
