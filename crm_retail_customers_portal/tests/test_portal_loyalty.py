# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import logging
import statistics
import time
from datetime import timedelta

import zxingcpp
from lxml import html
from PIL import Image

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PortalLoyaltyMixin

_logger = logging.getLogger(__name__)


def decode(png):
    """``{format name: text}`` of the codes zxing-cpp reads in ``png``."""
    image = Image.open(io.BytesIO(png))
    return {code.format.name: code.text for code in zxingcpp.read_barcodes(image)}


@tagged("post_install", "-at_install")
class TestPortalLoyalty(PortalLoyaltyMixin, HttpCase):
    """The loyalty page of the portal as its customers see it, over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpPortalLoyalty()

    def get_page(self, url, login):
        if login:
            self.authenticate(login, login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response, html.fromstring(response.content)

    def texts(self, tree, xpath):
        # (Odoo writes a zero-width no-break space after a minus sign)
        return [
            " ".join(el.text_content().replace("\ufeff", "").split())
            for el in tree.xpath(xpath)
        ]

    def test_page_of_a_customer(self):
        today = fields.Date.context_today(self.customer_a)
        _response, tree = self.get_page("/my/loyalty", "portal_aino")
        page = " ".join(tree.text_content().split())
        self.assertEqual(
            self.texts(tree, "//*[hasclass('o_retail_balance_points')]"),
            ["1,255.00"],
        )
        # a point is worth 0.10
        self.assertIn(
            "125.50", self.texts(tree, "//*[hasclass('o_retail_balance_value')]")[0]
        )
        self.assertEqual(
            self.texts(tree, "//*[hasclass('o_retail_tier_name')]"), ["Tour Silver"]
        )
        self.assertEqual(
            self.texts(tree, "//*[hasclass('o_retail_next_tier')]"),
            ["Next tier: Tour Gold Points still needed: 690.00"],
        )
        # the lots not consumed by the 55 redeemed points, within 90 days
        self.assertEqual(
            self.texts(tree, "//div[hasclass('o_retail_loyalty_expiring')]//tbody/tr"),
            [
                f"{(today + timedelta(days=30)).strftime('%m/%d/%Y')} 445.00",
                f"{(today + timedelta(days=60)).strftime('%m/%d/%Y')} 300.00",
            ],
        )
        rows = self.texts(tree, "//tr[hasclass('o_retail_entry_row')]")
        self.assertEqual(len(rows), 20)
        # one pager, the history's (Odoo's portal tables page with "pager")
        self.assertEqual(
            len(tree.xpath("//ul[hasclass('pagination')]")), 1, "one pager"
        )
        self.assertTrue(
            tree.xpath(
                "//div[hasclass('o_retail_loyalty_history')]"
                "//ul[hasclass('pagination')]//a[@href='/my/loyalty/page/2']"
            )
        )
        self.assertIn("Redeemed SHOP/0000004 -5.00", rows[1])
        self.assertIn("Earned SHOP/0000003 10.00", rows[0])
        # neither the notes nor the users of the ledger are shown
        self.assertNotIn("INTERNAL-NOTE", page)
        self.assertNotIn("Clerk Hidden", page)
        cards = self.texts(tree, "//tr[hasclass('o_retail_card_row')]")
        self.assertEqual(len(cards), 2)
        self.assertIn(f"{self.card_a.number} Active", cards[0])
        self.assertIn(f"{self.card_a_old.number} Blocked", cards[1])
        self.assertIn(
            f"Member since: {self.customer_a.retail_member_since.strftime('%m/%d/%Y')}",
            page,
        )
        # the rule of the customer's tier, not the one of another tier
        rules = self.texts(tree, "//ul[hasclass('o_retail_loyalty_rules')]/li")
        self.assertEqual(rules, ["Tour Double Days Points multiplied by 2"])

    def test_earning_rules_shown(self):
        """Rules in force for everybody or the customer's group; not those of
        other groups, ended ones, other companies' or exclusions."""
        today = fields.Date.context_today(self.customer_a)
        Rule = self.env["retail.earn.rule"]
        group = self.env["retail.customer.group"].create({"name": "Tour Group"})
        other_group = self.env["retail.customer.group"].create({"name": "Other"})
        self.customer_a.customer_group_id = group
        product = self.env["product.product"].create({"name": "Tour Coffee"})
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        Rule.create(
            [
                {
                    "name": "Coffee Club",
                    "mode": "per_unit",
                    "points_per_unit": 50,
                    "product_ids": [(6, 0, product.ids)],
                    "group_ids": [(6, 0, group.ids)],
                    "min_amount": 20,
                    "date_to": today + timedelta(days=10),
                },
                {"name": "Other Group", "group_ids": [(6, 0, other_group.ids)]},
                {"name": "Ended", "date_to": today - timedelta(days=5)},
                {"name": "Elsewhere", "company_id": other_company.id},
                {
                    "name": "Excluded",
                    "multiplier": 0.0,
                    "product_ids": [(6, 0, product.ids)],
                },
            ]
        )
        _response, tree = self.get_page("/my/loyalty", "portal_aino")
        rules = self.texts(tree, "//ul[hasclass('o_retail_loyalty_rules')]/li")
        until = (today + timedelta(days=10)).strftime("%m/%d/%Y")
        self.assertEqual(
            sorted(rules),
            [
                (
                    "Coffee Club 50.00 points per unit · on selected products "
                    f"Minimum purchase: $ 20.00 Valid until: {until}"
                ),
                "Tour Double Days Points multiplied by 2",
            ],
        )
        self.assertTrue(tree.xpath("//a[@href='/my/loyalty/preferences']"))
        self.assertFalse(tree.xpath("//a[@href='/my/loyalty/join']"))
        self.assertTrue(tree.xpath("//a[@href='/my/loyalty/card']"))
        # breadcrumbs like Odoo's pages
        self.assertEqual(
            self.texts(
                tree, "//ol[hasclass('o_portal_submenu')]/li[hasclass('active')]"
            ),
            ["Loyalty Programme"],
        )

    def test_history_pages(self):
        _response, tree = self.get_page("/my/loyalty/page/2", "portal_aino")
        rows = self.texts(tree, "//tr[hasclass('o_retail_entry_row')]")
        self.assertEqual(len(rows), 5)
        self.assertIn("Opening balance OPENING/1 500.00", rows[-1])
        self.assertTrue(
            tree.xpath("//ul[hasclass('pagination')]//a[@href='/my/loyalty']")
        )

    def test_contact_of_a_company_customer(self):
        """A contact sees the company's programme (its commercial partner)."""
        _response, tree = self.get_page("/my/loyalty", "portal_cecilia")
        cards = self.texts(tree, "//tr[hasclass('o_retail_card_row')]")
        self.assertEqual(len(cards), 1)
        self.assertIn(self.card_corp.number, cards[0])
        self.assertEqual(
            self.texts(tree, "//*[hasclass('o_retail_balance_points')]"),
            ["1,255.00"],
        )

    def test_not_a_member(self):
        """A portal user whose customer is not a member: no points, no card,
        the button to join."""
        partner = self.env["res.partner"].create({"name": "Newcomer Portal"})
        new_test_user(
            self.env,
            login="portal_new",
            password="portal_new",
            name="Newcomer Portal",
            groups="base.group_portal",
            partner_id=partner.id,
        )
        _response, tree = self.get_page("/my/loyalty", "portal_new")
        self.assertEqual(
            self.texts(tree, "//*[hasclass('o_retail_balance_points')]"), ["0.00"]
        )
        self.assertTrue(tree.xpath("//a[@href='/my/loyalty/join']"))
        self.assertTrue(tree.xpath("//a[@href='/my/loyalty/preferences']"))
        self.assertFalse(tree.xpath("//a[@href='/my/loyalty/card']"))
        self.assertFalse(tree.xpath("//tr[hasclass('o_retail_entry_row')]"))
        _response, tree = self.get_page("/my/loyalty/card", None)
        self.assertTrue(tree.xpath("//*[hasclass('o_retail_card_none')]"))
        self.assertFalse(tree.xpath("//img"))
        response = self.url_open("/my/loyalty/card/barcode.png")
        self.assertEqual(response.status_code, 404)

    def test_home_tile(self):
        _response, tree = self.get_page("/my", "portal_aino")
        self.assertTrue(
            tree.xpath("//div[hasclass('o_portal_index_card')]/a[@href='/my/loyalty']")
        )
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["retail_loyalty_points"]}
        )
        self.assertEqual(counters, {"retail_loyalty_points": "1,255.00"})

    def test_internal_user_without_customer(self):
        _response, tree = self.get_page("/my", "retail_staff")
        self.assertFalse(tree.xpath("//a[@href='/my/loyalty']"))
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["retail_loyalty_points"]}
        )
        self.assertEqual(counters, {"retail_loyalty_points": 0})
        _response, tree = self.get_page("/my/loyalty", None)
        self.assertTrue(tree.xpath("//*[hasclass('o_retail_loyalty_nothing')]"))
        self.assertFalse(tree.xpath("//tr[hasclass('o_retail_entry_row')]"))
        _response, tree = self.get_page("/my/loyalty/card", None)
        self.assertTrue(tree.xpath("//*[hasclass('o_retail_card_none')]"))

    def test_public_user_goes_to_login(self):
        for url in (
            "/my/loyalty",
            "/my/loyalty/page/2",
            "/my/loyalty/card",
            "/my/loyalty/card/barcode.png",
            "/my/loyalty/card/qr.png",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertIn("/web/login", response.headers["Location"], url)

    def test_card_page(self):
        response, tree = self.get_page("/my/loyalty/card", "portal_aino")
        self.assertEqual(
            self.texts(tree, "//*[hasclass('o_retail_card_number')]"),
            [self.card_a.number],
        )
        self.assertEqual(
            tree.xpath("//link[@rel='manifest']/@href"),
            ["/my/loyalty/card/manifest.webmanifest"],
        )
        self.assertNotIn(self.card_a_old.number, response.text)
        # the images are the codes of the active card, as printed (EAN-13)
        barcode = self.url_open("/my/loyalty/card/barcode.png")
        self.assertEqual(barcode.headers["Content-Type"], "image/png")
        self.assertEqual(decode(barcode.content), {"EAN13": self.card_a.number})
        qr = self.url_open("/my/loyalty/card/qr.png")
        self.assertEqual(decode(qr.content), {"QRCode": self.card_a.number})
        manifest = self.url_open("/my/loyalty/card/manifest.webmanifest").json()
        self.assertEqual(manifest["start_url"], "/my/loyalty/card")
        self.assertEqual(manifest["display"], "standalone")

    def test_persian_page_runs_right_to_left(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.user_a.lang = "fa_IR"
        _response, tree = self.get_page("/my/loyalty", "portal_aino")
        self.assertEqual(tree.xpath("/html/@dir"), ["rtl"])
        _response, tree = self.get_page("/my/loyalty/card", None)
        self.assertEqual(tree.xpath("/html/@dir"), ["rtl"])
        # the number stays left to right
        self.assertEqual(
            tree.xpath("//*[hasclass('o_retail_card_number')]/@dir"), ["ltr"]
        )


@tagged("post_install", "-at_install", "retail_timing")
class TestPortalLoyaltyScale(PortalLoyaltyMixin, HttpCase):
    """The page of a customer with 100,000 ledger entries answers as fast
    and with as many queries as the page of a customer with 10."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpPortalLoyalty()
        # both customers have a tier and a next one (the page reads both)
        cls.env["retail.tier"].create({"name": "Tour Platinum", "min_points": 1e9})
        cls.customers = {}
        for count in (10, 100000):
            partner = cls.env["res.partner"].create({"name": f"Scale {count}"})
            cls.env["retail.card"].create({"partner_id": partner.id})
            cls.insert_entries(partner, count - 3)
            new_test_user(
                cls.env,
                login=f"portal_scale_{count}",
                password=f"portal_scale_{count}",
                name=f"Scale {count}",
                groups="base.group_portal",
                partner_id=partner.id,
            )
            cls.customers[count] = partner
        cls.env.cr.execute("ANALYZE retail_point_entry")

    def request_page(self, count, url="/my/loyalty"):
        """``(queries, seconds)`` of one request of ``url`` by the portal
        user of the customer with ``count`` entries."""
        self.authenticate(f"portal_scale_{count}", f"portal_scale_{count}")
        self.url_open(url)  # warm: session, templates, caches
        before = self.cr.sql_log_count
        start = time.perf_counter()
        response = self.url_open(url)
        elapsed = time.perf_counter() - start
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, elapsed

    def test_constant_queries_and_time(self):
        self.assertEqual(
            self.env["retail.point.entry"].search_count(
                [("partner_id", "=", self.customers[100000].id)]
            ),
            100000,
        )
        for url in ("/my/loyalty", "/my/loyalty/page/2000"):
            queries = {10: [], 100000: []}
            times = {10: [], 100000: []}
            for _round in range(5):
                for count in (10, 100000):
                    sql, seconds = self.request_page(count, url)
                    queries[count].append(sql)
                    times[count].append(seconds)
            _logger.info(
                "%s: queries %s, median ms %s",
                url,
                {c: q[-1] for c, q in queries.items()},
                {c: round(statistics.median(t) * 1000) for c, t in times.items()},
            )
            self.assertEqual(queries[10][-1], queries[100000][-1], url)
            # the request as a whole (session, user, layout): 25 measured
            self.assertLessEqual(queries[100000][-1], 30, url)
            self.assertLess(statistics.median(times[100000]), 0.3, url)
