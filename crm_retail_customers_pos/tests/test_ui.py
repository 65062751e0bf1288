# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import BrowserSizeMixin
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

#: Card numbers the tours scan or type (static/tests/tours/retail_pos_tours.js).
ZOE_CARD = "2900001000017"
BLOCKED_CARD = "2900001000024"
LOST_CARD = "2900001000031"
EXPIRED_CARD = "2900001000048"
REPLACED_CARD = "2900001000055"
AARON_CARD = "2900001000062"
XENA_CARD = "2900001000079"


class RetailPosTillCase(BrowserSizeMixin, TestPointOfSaleHttpCommon):
    """A till of the test company in Chromium, opened by a POS user, on a
    1366 x 768 screen (``BrowserSizeMixin``): 1 point per currency unit, a
    point worth 0.10, the redemption product available, no tiers (each test
    makes its own)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.main_pos_config.company_id
        cls.company.write(
            {
                "retail_points_per_currency": 1.0,
                "retail_point_value": 0.1,
                # membership at the till has its own tour
                "retail_members_only": False,
            }
        )
        # the standard set-up archives every POS product, ours included
        cls.env.ref(
            "crm_retail_customers_pos.product_retail_points_redemption"
        ).active = True
        cls.env["retail.tier"].search([]).active = False

    def start_pos_tour(self, tour):
        self.start_tour(
            f"/pos/ui?config_id={self.main_pos_config.id}", tour, login="pos_user"
        )


class RetailPosTourCase(RetailPosTillCase):
    """The cashier's steps in the real POS, in Chromium, as a POS user.

    Customers: Zoe (card, 50 points, tier, group, e-mail ban; not loaded at
    start-up), Aaron (card, loaded), Xena (card, not loaded), Yves (blocked,
    lost, expired and replaced cards), 120 fillers so that the till loads only
    part of the customers (it loads 100).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.tier = env["retail.tier"].create({"name": "Silver Club", "min_points": 100})
        cls.group = env["retail.customer.group"].create({"name": "Tour Members"})
        Partner = env["res.partner"]
        Partner.create([{"name": f"Mmm Filler {index:03d}"} for index in range(120)])
        cls.zoe = Partner.create(
            {
                "name": "Zoe Cardholder",
                "customer_group_id": cls.group.id,
                "no_email_marketing": True,
            }
        )
        cls.zoe._post_reward_points(150, "opening", company_id=cls.company.id)
        cls.zoe._post_reward_points(
            -100, "redeem", company_id=cls.company.id, idempotency_key="tour:spent"
        )
        cls.aaron = Partner.create({"name": "Aaron Loyal"})
        cls.xena = Partner.create({"name": "Xena Remote"})
        cls.yves = Partner.create({"name": "Yves Troubled"})
        Card = env["retail.card"]
        cards = Card.create(
            [
                {"partner_id": cls.zoe.id, "number": ZOE_CARD},
                {"partner_id": cls.aaron.id, "number": AARON_CARD},
                {"partner_id": cls.xena.id, "number": XENA_CARD},
                {"partner_id": cls.yves.id, "number": BLOCKED_CARD},
                {"partner_id": cls.yves.id, "number": LOST_CARD},
                {
                    "partner_id": cls.yves.id,
                    "number": EXPIRED_CARD,
                    "issue_date": "2020-01-01",
                    "expiry_date": "2021-01-01",
                },
                {"partner_id": cls.yves.id, "number": REPLACED_CARD},
            ]
        )
        cards[3].action_block()
        cards[4].action_report_lost()
        cards[6].action_replace()
        Card._cron_expire_cards()
        cls.jacket = env["product.product"].create(
            {
                "name": "Tour Jacket",
                "available_in_pos": True,
                "list_price": 50.0,
                "taxes_id": False,
            }
        )
        # cashiers create customers (Contact Creation, as internal users have)
        cls.pos_user.groups_id += env.ref("base.group_partner_manager")


@tagged("post_install", "-at_install")
class TestRetailPosTours(RetailPosTourCase):
    def test_scan_search_and_show_customers(self):
        """Steps 1-3."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        preloaded = {
            row[0] for row in self.main_pos_config.get_limited_partners_loading()
        }
        self.assertIn(self.aaron.id, preloaded)
        self.assertNotIn(self.zoe.id, preloaded)
        self.assertNotIn(self.xena.id, preloaded)
        self.start_pos_tour("crm_retail_customers_pos_card_tour")

    def test_create_customer_with_card(self):
        """Step 4."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_create_customer_tour")
        partner = self.env["res.partner"].search([("name", "=", "Till Newcomer")])
        self.assertEqual(len(partner), 1)
        self.assertEqual(partner.email, "till.newcomer@example.com")
        self.assertEqual(partner.phone, "+32 470 11 22 33")
        self.assertEqual(partner.customer_group_id, self.group)
        self.assertEqual(partner.birthdate.isoformat(), "1990-05-17")
        self.assertTrue(partner.no_email_marketing)
        self.assertFalse(partner.no_sms_marketing)
        self.assertTrue(partner.no_letter_marketing)
        self.assertEqual(len(partner.card_ids), 1)
        self.assertEqual(partner.card_ids.state, "active")
        self.assertEqual(partner.card_number, partner.card_ids.number)
        self.assertEqual(partner.card_ids.create_uid, self.pos_user)

    def test_sell_redeem_and_refund(self):
        """Steps 5-7: the sale earns and redeems once, the refund takes back
        the earned points and gives back the redeemed ones."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_redeem_tour")
        order = self.env["pos.order"].search([("partner_id", "=", self.zoe.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.retail_points_redeemed, 30.0)
        self.assertEqual(order.retail_points_earned, 47.0)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", order.id)], order="id"
        )
        self.assertEqual(
            [(e.kind, e.points) for e in entries], [("redeem", -30.0), ("earn", 47.0)]
        )
        self.assertEqual(self.zoe.reward_points, 67.0)

        self.start_pos_tour("crm_retail_customers_pos_refund_tour")
        refund = self.env["pos.order"].search(
            [("partner_id", "=", self.zoe.id), ("id", "!=", order.id)]
        )
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.retail_points_reversed, 47.0)
        self.assertEqual(refund.retail_points_returned, 30.0)
        entries = self.env["retail.point.entry"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", refund.id)], order="id"
        )
        self.assertEqual(
            [(e.kind, e.points) for e in entries],
            [("reverse", -47.0), ("redeem", 30.0)],
        )
        self.assertEqual(self.zoe.reward_points, 50.0)


@tagged("post_install", "-at_install")
class TestRetailPosTabletTour(RetailPosTourCase):
    """On purpose at the size of a 10-inch tablet in landscape (1024 x 768),
    the other till people use: scanning, searching and showing customers
    must work there too."""

    browser_size = "1024,768"

    def test_scan_search_and_show_customers_on_tablet(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_card_tour")
