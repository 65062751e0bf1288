# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers.tests.common import CONTACT_CLERK

from .common import RetailPosCase, RetailPosTourCase


class PosMembershipCase(RetailPosCase):
    """The till's company reserves points to members, with a welcome bonus
    of 10 points; ``customer_x`` is not a member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"retail_members_only": True, "retail_welcome_points": 10})


@tagged("post_install", "-at_install")
class TestPosMembership(PosMembershipCase):
    def test_non_member_order_books_nothing(self):
        self.book(self.customer_x, 100)
        data = self.ui_order(
            [self.ui_line(self.product_plain, 2), self.redeem_line(30)],
            customer=self.customer_x,
        )
        self.sync(data, user=self.pos_user)
        order = self.order_of(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_earned, 0.0)
        self.assertEqual(order.retail_points_redeemed, 0.0)
        self.assertEqual(order.retail_points_shortfall, 30.0)
        self.assertEqual(self.entries(self.customer_x).mapped("kind"), ["opening"])
        self.assertEqual(self.customer_x.reward_points, 100.0)

    def test_enrol_at_till_then_order_earns(self):
        values = (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .retail_pos_enrol(self.customer_x.id, self.config.id, True)
        )
        self.assertTrue(values["retail_member"])
        # the welcome bonus comes with the first paid purchase, not enrolment
        self.assertEqual(values["reward_points"], 0.0)
        customer = self.customer_x
        self.assertTrue(customer.retail_member)
        self.assertEqual(customer.retail_member_source, "pos")
        self.assertEqual(customer.retail_member_user_id, self.pos_user)
        data = self.ui_order([self.ui_line(self.product_plain)], customer=customer)
        self.sync(data, user=self.pos_user)
        self.assertEqual(self.order_of(data).retail_points_earned, 20.0)
        # 20 earned, then the welcome bonus of the first purchase
        self.assertEqual(customer.reward_points, 30.0)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_enrol_at_till_refusals(self):
        Partner = self.env["res.partner"]
        with self.assertRaisesMessage(UserError, "must agree"):
            Partner.with_user(self.pos_user).retail_pos_enrol(
                self.customer_x.id, self.config.id, False
            )
        clerk = new_test_user(
            self.env, login="pos_membership_clerk", groups=CONTACT_CLERK
        )
        portal = new_test_user(
            self.env, login="pos_membership_portal", groups="base.group_portal"
        )
        for user in (clerk, portal):
            with self.assertRaises(AccessError):
                Partner.with_user(user).retail_pos_enrol(
                    self.customer_x.id, self.config.id, True
                )
        # a cashier does not use the back-office action nor write the fields
        with self.assertRaises(AccessError):
            self.customer_x.with_user(self.pos_user).action_retail_enrol()
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.customer_x.with_user(self.pos_user).write({"retail_member": True})
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        foreign = Partner.create(
            {"name": "Foreign Customer", "company_id": other_company.id}
        )
        with self.assertRaises(UserError):  # AccessError included
            Partner.with_user(self.pos_user).retail_pos_enrol(
                foreign.id, self.config.id, True
            )
        archived = Partner.create({"name": "Gone Customer", "active": False})
        with self.assertRaisesMessage(UserError, "archived"):
            Partner.with_user(self.pos_user).retail_pos_enrol(
                archived.id, self.config.id, True
            )
        tried = self.customer_x | foreign | archived
        self.assertFalse(any(tried.mapped("retail_member")))
        # without an open session of the till
        self.pos_session.action_pos_session_closing_control()
        with self.assertRaisesMessage(AccessError, "open session"):
            Partner.with_user(self.pos_user).retail_pos_enrol(
                self.customer_x.id, self.config.id, True
            )
        self.assertFalse(self.customer_x.retail_member)
        self.assertFalse(self.customer_x.point_entry_ids)

    def test_till_loads_membership(self):
        shop = self.env["res.partner"].create({"name": "Shop Ltd", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Shop Buyer", "parent_id": shop.id}
        )
        shop.action_retail_enrol()
        rows = self.pos_session.get_pos_ui_res_partner_by_params(
            {"domain": [("id", "in", (contact | self.customer_x).ids)]}
        )
        members = {row["id"]: row["retail_member"] for row in rows}
        self.assertEqual(members, {contact.id: True, self.customer_x.id: False})

    def test_birthday_without_year_at_till(self):
        Partner = self.env["res.partner"].with_user(self.pos_user)
        self.customer_x.write({"retail_birth_day": 29, "retail_birth_month": 2})
        with freeze_time("2027-02-28 12:00:00"):
            standing = Partner.retail_pos_standing(self.customer_x.id)
            self.assertTrue(standing["birthday"])
        with freeze_time("2028-02-28 12:00:00"):
            standing = Partner.retail_pos_standing(self.customer_x.id)
            self.assertFalse(standing["birthday"])


@tagged("post_install", "-at_install")
class TestPosEnrolTour(RetailPosTourCase):
    def test_enrol_at_till_and_earn(self):
        self.company.write({"retail_members_only": True, "retail_welcome_points": 10})
        bronze = self.env["retail.tier"].create(
            {"name": "Tour Bronze", "min_points": 0}
        )
        nora = self.env["res.partner"].create({"name": "Nora Newmember"})
        # a tier, which the till does not show while Nora is not a member
        self.assertEqual(nora.reward_tier_id, bronze)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_enrol_tour")
        self.assertTrue(nora.retail_member)
        self.assertEqual(nora.retail_member_source, "pos")
        self.assertEqual(nora.retail_member_user_id, self.pos_user)
        order = self.env["pos.order"].search([("partner_id", "=", nora.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.retail_points_earned, 50.0)
        self.assertEqual(sorted(nora.point_entry_ids.mapped("kind")), ["bonus", "earn"])
        self.assertEqual(nora.reward_points, 60.0)
