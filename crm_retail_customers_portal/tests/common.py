# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests.common import ChromeBrowser, new_test_user


class PortalLoyaltyMixin:
    """Customers with portal users (class set-up, superuser):

    - Aino (A), portal user ``portal_aino``: a member in tier "Tour Silver"
      (1,000 lifetime points; "Tour Gold" at 2,000), 25 ledger entries
      (balance 1,255: 445 points expire in 30 days, 300 in 60, the rest
      later), a blocked card and an active one, a redemption note
      ``INTERNAL-NOTE`` by a clerk;
    - Bertil (B): another customer with points and a card, no user;
    - Corp Oy, a company customer with a card, and its contact Cecilia,
      portal user ``portal_cecilia``;
    - an internal user without a customer (``retail_staff``).
    """

    @classmethod
    def setUpPortalLoyalty(cls):
        env = cls.env
        cls.company = env.company
        cls.company.write(
            {
                "retail_point_value": 0.1,
                "retail_points_precision": "decimal",
                "retail_welcome_on_enrol": False,
                "retail_welcome_points": 0.0,
            }
        )
        env["retail.tier"].search([]).active = False
        env["retail.earn.rule"].search([]).active = False
        Tier = env["retail.tier"]
        cls.tier_silver = Tier.create({"name": "Tour Silver", "min_points": 1000})
        cls.tier_gold = Tier.create({"name": "Tour Gold", "min_points": 2000})
        cls.rule = env["retail.earn.rule"].create(
            {
                "name": "Tour Double Days",
                "multiplier": 2.0,
                "tier_ids": [(6, 0, cls.tier_silver.ids)],
            }
        )
        cls.rule_gold = env["retail.earn.rule"].create(
            {
                "name": "Tour Gold Only",
                "multiplier": 3.0,
                "tier_ids": [(6, 0, cls.tier_gold.ids)],
            }
        )
        Partner = env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "Aino Portal", "email": "aino@example.com", "lang": "en_US"}
        )
        cls.customer_b = Partner.create(
            {"name": "Bertil Other", "email": "bertil@example.com"}
        )
        cls.corp = Partner.create({"name": "Corp Oy", "is_company": True})
        cls.cecilia = Partner.create(
            {"name": "Cecilia Contact", "parent_id": cls.corp.id}
        )
        Card = env["retail.card"]
        cls.card_a_old = Card.create({"partner_id": cls.customer_a.id})
        cls.card_a_old.action_block()
        cls.card_a = Card.create({"partner_id": cls.customer_a.id})
        cls.card_b = Card.create({"partner_id": cls.customer_b.id})
        cls.card_corp = Card.create({"partner_id": cls.corp.id})
        cls.user_clerk = new_test_user(
            env,
            login="portal_test_clerk",
            name="Clerk Hidden",
            groups="base.group_user,crm_retail_customers.group_retail_user",
        )
        cls.insert_entries(cls.customer_a, 22)
        cls.insert_entries(cls.customer_b, 22)
        cls.insert_entries(cls.corp, 22)
        cls.user_a = new_test_user(
            env,
            login="portal_aino",
            password="portal_aino",
            name="Aino Portal",
            groups="base.group_portal",
            partner_id=cls.customer_a.id,
        )
        cls.user_cecilia = new_test_user(
            env,
            login="portal_cecilia",
            password="portal_cecilia",
            name="Cecilia Contact",
            groups="base.group_portal",
            partner_id=cls.cecilia.id,
        )
        cls.user_staff = new_test_user(
            env,
            login="retail_staff",
            password="retail_staff",
            groups="base.group_user",
        )

    @classmethod
    def insert_entries(cls, partner, count):
        """A ledger of ``3 + count`` entries for ``partner`` inserted in SQL,
        with the stored balance, lifetime points and tier set to match (as
        the posting keeps them): lots of 500 (in 30 days), 300 (in 60) and
        400 (in 200) points, then ``count`` entries alternating an earning
        of 10 points (in 400 days) and a redemption of 5 with an internal
        note by a clerk. The redemptions consume the earliest lot first."""
        cr = cls.env.cr
        cls.env.flush_all()
        today = fields.Date.context_today(partner)
        company = cls.company
        cr.execute(
            """
            INSERT INTO retail_point_entry (partner_id, company_id, currency_id,
                                            date, kind, points, origin,
                                            expiry_date, create_date, write_date)
            VALUES (%(p)s, %(c)s, %(cur)s, now() - interval '400 days', 'opening',
                    500, 'OPENING/1', %(d30)s, now(), now()),
                   (%(p)s, %(c)s, %(cur)s, now() - interval '300 days', 'earn',
                    300, 'SHOP/0000001', %(d60)s, now(), now()),
                   (%(p)s, %(c)s, %(cur)s, now() - interval '200 days', 'earn',
                    400, 'SHOP/0000002', %(d200)s, now(), now())
            """,
            {
                "p": partner.id,
                "c": company.id,
                "cur": company.currency_id.id,
                "d30": today + timedelta(days=30),
                "d60": today + timedelta(days=60),
                "d200": today + timedelta(days=200),
            },
        )
        cr.execute(
            """
            INSERT INTO retail_point_entry (partner_id, company_id, currency_id,
                                            date, kind, points, amount, origin,
                                            note, user_id, expiry_date,
                                            create_date, write_date)
            SELECT %(p)s, %(c)s, %(cur)s, now() - (n || ' minutes')::interval,
                   CASE WHEN n %% 2 = 1 THEN 'earn' ELSE 'redeem' END,
                   CASE WHEN n %% 2 = 1 THEN 10 ELSE -5 END,
                   CASE WHEN n %% 2 = 1 THEN 10.50 END,
                   'SHOP/' || lpad((n + 2)::text, 7, '0'),
                   CASE WHEN n %% 2 = 0 THEN 'INTERNAL-NOTE ' || n END,
                   CASE WHEN n %% 2 = 0 THEN %(u)s END,
                   CASE WHEN n %% 2 = 1 THEN %(d400)s END,
                   now(), now()
              FROM generate_series(1, %(count)s) n
            """,
            {
                "p": partner.id,
                "c": company.id,
                "cur": company.currency_id.id,
                "u": cls.user_clerk.id,
                "d400": today + timedelta(days=400),
                "count": count,
            },
        )
        cr.execute(
            """
            UPDATE res_partner p
               SET reward_points = s.balance, reward_points_earned = s.earned
              FROM (SELECT SUM(points) AS balance,
                           SUM(points) FILTER (WHERE kind IN
                               ('opening', 'earn', 'reverse')) AS earned
                      FROM retail_point_entry WHERE partner_id = %s) s
             WHERE p.id = %s
            """,
            [partner.id, partner.id],
        )
        partner.invalidate_recordset()
        tier = cls.env["retail.tier"]._tier_for_points(
            partner.reward_points_earned, company
        )
        cr.execute(
            "UPDATE res_partner SET reward_tier_id = %s WHERE id = %s",
            [tier.id or None, partner.id],
        )
        partner.invalidate_recordset()
        cls.env["retail.point.entry"].invalidate_model()


def emulate_size(browser, size):
    """Give ``browser`` a screen of ``size`` (``"width,height"``): headless
    Chromium opens no window narrower than 500 px, so a phone is emulated
    (Chrome DevTools' device mode: the same viewport, a touch screen)."""
    width, height = (int(value) for value in size.split(","))
    browser._websocket_request(
        "Emulation.setDeviceMetricsOverride",
        params={
            "width": width,
            "height": height,
            "screenWidth": width,
            "screenHeight": height,
            "deviceScaleFactor": 1,
            "mobile": True,
        },
    )


class PhoneMixin:
    """Browser tests on a phone of ``browser_size`` (set it), emulated."""

    def browser_js(self, url_path, code, ready="", **kwargs):
        navigate_to = ChromeBrowser.navigate_to
        size = self.browser_size

        def navigate_on_phone(browser, url, wait_stop=False):
            emulate_size(browser, size)
            return navigate_to(browser, url, wait_stop=wait_stop)

        ChromeBrowser.navigate_to = navigate_on_phone
        try:
            return super().browser_js(url_path, code, ready=ready, **kwargs)
        finally:
            ChromeBrowser.navigate_to = navigate_to
