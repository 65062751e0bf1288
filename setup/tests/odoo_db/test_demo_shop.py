# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The demo shop of ``setup/run.sh`` (``setup/demo_shop.py``), built in the
test database: what a person opening the demo sees must be real history."""

import importlib.util
import sys
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged

SCRIPT = Path(__file__).resolve().parents[3] / "setup" / "demo_shop.py"


def _load_demo_shop():
    spec = importlib.util.spec_from_file_location("retail_demo_shop", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # freezegun moves the clock of the modules in sys.modules only
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestDemoShop(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo_shop = _load_demo_shop()
        cls.env = cls.env(user=cls.env.ref("base.user_admin"))
        cls.today = date(2026, 11, 28)
        # the database holds orders of its own (Odoo's demo data, made on the
        # day it was installed): only the shop's orders are counted
        last = cls.env["pos.order"].search([], order="id desc", limit=1)
        cls.orders_before = last.id or 0
        cls._forget_languages()
        cls.summary = cls.demo_shop.DemoShop(cls.env, months=6, today=cls.today).build()

    @classmethod
    def _forget_languages(cls):
        """A database that never had the shop's languages: inactive, none of
        our menus or tier e-mails translated into them."""
        codes = sorted({row[5] for row in cls.demo_shop.PEOPLE} - {"en_US"})
        menu = cls.env.ref("crm_retail_customers.menu_retail_point_entry")
        template = cls.env.ref("crm_retail_customers.mail_template_retail_tier_upgrade")
        card = cls.env.ref("crm_retail_customers.report_retail_card_document")
        cls.env.flush_all()
        cr = cls.env.cr
        cr.execute(
            "UPDATE res_lang SET active = FALSE WHERE code IN %s", [tuple(codes)]
        )
        for code in codes:
            cr.execute(
                "UPDATE ir_ui_menu SET name = name - %s WHERE id = %s", [code, menu.id]
            )
            cr.execute(
                "UPDATE mail_template SET subject = subject - %s WHERE id = %s",
                [code, template.id],
            )
            cr.execute(
                "UPDATE ir_ui_view SET arch_db = arch_db - %s WHERE id = %s",
                [code, card.id],
            )
        cls.env.invalidate_all()
        cls.env.registry.clear_cache()

    def test_languages_come_with_their_terms(self):
        """Staff and customers of the shop's languages read our terms: the
        languages were added with their translations, not only switched on."""
        menu = self.env.ref("crm_retail_customers.menu_retail_point_entry")
        expected = {
            "fi_FI": "Pistekirjanpito",
            "pl_PL": "Rejestr punktów",
            "ru_RU": "Журнал баллов",
            "fa_IR": "دفتر امتیاز",
        }
        for code, name in expected.items():
            self.assertEqual(menu.with_context(lang=code).name, name)
        # tier e-mails went out in the customer's language
        finns = self.env["res.partner"].search(
            [
                ("email", "in", [row[6] for row in self.demo_shop.PEOPLE]),
                ("lang", "=", "fi_FI"),
            ]
        )
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", finns.ids),
                ("subject", "=like", "Tervetuloa tasolle %"),
            ]
        )
        self.assertTrue(mails)
        # a Russian customer's card is printed in Russian
        russian = self.env["res.partner"].search(
            [
                ("email", "in", [row[6] for row in self.demo_shop.PEOPLE]),
                ("lang", "=", "ru_RU"),
                ("card_ids", "!=", False),
            ],
            limit=1,
        )
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "crm_retail_customers.retail_card_report", russian.card_ids[:1].ids
        )
        self.assertIn("Карта лояльности", html.decode())
        self.assertNotIn(">Loyalty Card<", html.decode())

    def test_history_made_through_the_real_flows(self):
        s = self.summary
        self.assertGreaterEqual(s["new customers"], 18)
        self.assertGreater(s["orders"], 300)
        self.assertGreater(s["redemptions"], 10)
        self.assertEqual(s["refunds"], 1)
        self.assertGreater(s["invoices"], 5)
        self.assertGreater(s["sale orders"], 3)
        self.assertGreater(s["expired points"], 0)
        Entry = self.env["retail.point.entry"]
        kinds = {
            kind
            for [kind] in Entry._read_group(
                [("create_date", "!=", False)], ["kind"], []
            )
        }
        self.assertTrue({"earn", "redeem", "reverse", "expire"} <= kinds)
        # orders are spread over six months, closed month by month
        orders = self.env["pos.order"].search(
            [("id", ">", self.orders_before), ("pos_reference", "like", "Order 0")]
        )
        months = {order.date_order.strftime("%Y-%m") for order in orders}
        self.assertEqual(len(months), 7)
        sessions = orders.session_id
        self.assertEqual(set(sessions.mapped("state")), {"closed", "opened"})
        self.assertEqual(len(sessions.filtered(lambda s: s.state == "opened")), 1)
        # the points liability of each month posted the next morning: May
        # (from the 28th) to October, reconciled with the ledger
        self.assertEqual(s["points liability postings"], 6)
        company = self.env.company
        check = company._retail_liability_check()
        self.assertEqual(check["difference"], 0.0)
        self.assertGreater(check["balance"], 0.0)
        self.assertEqual(
            company._retail_liability_to_local(check["posted_until"]).date(),
            date(2026, 11, 1),
        )
        self.assertFalse(
            Entry.search_count(
                [
                    ("company_id", "=", company.id),
                    ("date", "<", check["posted_until"]),
                    ("liability_move_id", "=", False),
                ]
            )
        )
        # the roll-forward of those months shows a living programme and ends
        # where the accounts do
        Liability = self.env["retail.points.liability"]
        options = Liability._check_options(
            {
                "date_from": "2026-06-01",
                "date_to": "2026-10-31",
                "company_ids": company.ids,
            }
        )
        labels = [key for key, _label, _kind in Liability._get_columns()]
        (section,) = Liability._get_sections(options)
        october = dict(zip(labels[:11], section["months"][-1][1][:11], strict=True))
        total = dict(zip(labels[:11], section["total"][:11], strict=True))
        self.assertGreater(total["earned"], 0)
        self.assertLess(total["redeemed"], 0)
        self.assertLess(total["expired"], 0)
        self.assertGreater(total["bonuses"], 0)
        value = company.retail_point_value
        self.assertAlmostEqual(october["closing"] * value, check["balance"], places=2)
        # ledger dates follow the replayed clock
        first = Entry.search([("kind", "=", "earn")], order="date", limit=1)
        self.assertLess(first.date.date(), date(2026, 6, 15))

    def test_customers_with_purchases_show_customer_since(self):
        """The demo company dates its customers from their first POS order
        (and invoice): every customer who bought at the till has a *Customer
        since*, no later than their first order; the shop counts whole
        points."""
        orders = self.env["pos.order"].search(
            [
                ("id", ">", self.orders_before),
                ("partner_id", "!=", False),
                ("state", "in", ("paid", "done", "invoiced")),
            ]
        )
        first = {}
        for order in orders:
            customer = order.partner_id.commercial_partner_id
            day = order.date_order.date()
            first[customer] = min(first.get(customer, day), day)
        self.assertGreater(len(first), 10)
        for customer, day in first.items():
            self.assertTrue(customer.customer_since, customer.display_name)
            self.assertLessEqual(customer.customer_since, day, customer.display_name)
        self.assertTrue(all(customer.retail_customer_since_auto for customer in first))
        company = self.env.company
        self.assertEqual(company.retail_points_precision, "whole")
        entries = self.env["retail.point.entry"].search(
            [("partner_id", "in", [customer.id for customer in first])]
        )
        self.assertTrue(entries)
        fractions = entries.filtered(lambda entry: entry.points != round(entry.points))
        self.assertFalse(fractions, fractions.mapped("points"))

    def test_customers_show_real_figures(self):
        people = self.env["res.partner"].search(
            [("email", "in", [row[6] for row in self.demo_shop.PEOPLE])]
        )
        self.assertEqual(len(people), len(self.demo_shop.PEOPLE))
        # balances are the ledger's, tiers are reached by spending
        for person in people:
            total = sum(person.point_entry_ids.mapped("points"))
            self.assertAlmostEqual(person.reward_points, total, places=2)
        tiers = set(people.reward_tier_id.mapped("name"))
        self.assertGreaterEqual(len(tiers), 2, tiers)
        # members and non-members (no card: issuing one enrols), one left
        members = people.filtered("retail_member")
        non_members = people - members
        self.assertEqual(
            set(non_members.mapped("email")),
            self.demo_shop.NON_MEMBERS | {self.demo_shop.LEAVER},
        )
        self.assertFalse(
            non_members.filtered(
                lambda p: p.email in self.demo_shop.NON_MEMBERS
            ).card_ids
        )
        self.assertTrue(all(member.card_ids for member in members))
        self.assertGreater(self.summary["welcome bonuses"], 10)
        # the welcome bonus follows a member's first paid purchase (a POS
        # order or an invoice booked before it), never the enrolment alone
        Entry = self.env["retail.point.entry"]
        for welcome in Entry.search([("idempotency_key", "=like", "welcome:%")]):
            purchase = Entry.search_count(
                [
                    ("partner_id", "=", welcome.partner_id.id),
                    ("res_model", "in", ("pos.order", "account.move")),
                    ("kind", "=", "earn"),
                    ("id", "<", welcome.id),
                ]
            )
            self.assertTrue(purchase, welcome.partner_id.display_name)
        # and every member of the shop who bought has it
        buyers = Entry.search(
            [
                ("partner_id", "in", members.ids),
                ("kind", "=", "earn"),
                ("res_model", "in", ("pos.order", "account.move")),
            ]
        ).partner_id
        self.assertTrue(buyers)
        welcomed = Entry.search(
            [("idempotency_key", "in", [f"welcome:{p.id}" for p in buyers])]
        ).partner_id
        self.assertEqual(welcomed, buyers)
        self.assertGreater(self.summary["birthday bonuses"], 0)
        self.assertEqual(self.summary["referral bonuses"], 1)
        # customer numbers and relations
        self.assertTrue(all(people.mapped("ref")))
        relations = self.env["retail.partner.relation"].search(
            [("partner_id", "in", people.ids)]
        )
        self.assertEqual(len(relations), len(self.demo_shop.RELATIONS))
        # tier upgrades were announced by e-mail
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "in", people.ids)]
        )
        self.assertTrue(mails)
        replaced = people.card_ids.filtered(lambda c: c.state == "replaced")
        self.assertEqual(len(replaced), 1)
        countries = set(people.country_id.mapped("code"))
        self.assertEqual(countries, {"FI", "PL", "RU", "IR"})
        self.assertTrue(people.filtered("no_email_marketing"))
        this_month = people.filtered(
            lambda p: p.birthdate and p.birthdate.month == self.today.month
        )
        self.assertGreaterEqual(len(this_month), 3)

    def test_earning_rules_show_in_the_history(self):
        """The double points month (two months after the replay's start, for
        a month) gave its category double points in that month only, booked
        as the campaign's points by rule; bottle deposits earned nothing, bags
        of coffee their fixed points."""
        start = self.today - relativedelta(months=6)
        campaign = self.env["retail.earn.rule"].search(
            [("name", "=like", "Double points month: %")]
        )
        self.assertEqual(len(campaign), 1)
        self.assertEqual(campaign.date_from, start + relativedelta(months=2))
        self.assertEqual(
            campaign.date_to, start + relativedelta(months=3) - timedelta(days=1)
        )
        category = campaign.categ_ids
        Entry = self.env["retail.point.entry"]
        earned = Entry.search(
            [
                ("res_model", "=", "pos.order"),
                ("kind", "=", "earn"),
                ("id", "in", Entry.search([("detail_ids", "!=", False)]).ids),
            ]
        )
        by_campaign = earned.filtered(lambda e: campaign in e.detail_ids.rule_id)
        self.assertTrue(by_campaign)
        for entry in by_campaign:
            self.assertTrue(
                campaign.date_from <= entry.date.date() <= campaign.date_to,
                entry.origin,
            )
            detail = entry.detail_ids.filtered(lambda d: d.rule_id == campaign)
            self.assertGreater(detail.points, 0.0, entry.origin)
        # every sale of the category in that month earned the campaign's share
        window = earned.filtered(
            lambda e: campaign.date_from <= e.date.date() <= campaign.date_to
        )
        orders = self.env["pos.order"].browse(window.mapped("res_id"))
        in_category = orders.filtered(
            lambda o: o.lines.filtered(
                lambda line: (
                    line.qty > 0
                    and line.product_id.categ_id.parent_path.startswith(
                        category.parent_path
                    )
                )
            )
        )
        self.assertTrue(in_category)
        self.assertEqual(
            set(in_category.ids), set(by_campaign.mapped("res_id")) & set(orders.ids)
        )
        # deposits earned nothing, coffee bags 50 points each
        deposit = self.env.ref("crm_retail_customers_pos.product_bottle_deposit")
        coffee = self.env.ref("crm_retail_customers_pos.product_coffee_bag")
        lines = self.env["pos.order.line"].search(
            [
                ("order_id", ">", self.orders_before),
                ("product_id", "in", (deposit | coffee).ids),
                ("qty", ">", 0),
            ]
        )
        booked = lines.filtered(lambda line: line.order_id.retail_points_earned > 0)
        deposits = booked.filtered(lambda line: line.product_id == deposit)
        self.assertTrue(deposits)
        self.assertEqual(set(deposits.mapped("retail_points")), {0.0})
        bags = booked.filtered(lambda line: line.product_id == coffee)
        self.assertTrue(bags)
        for line in bags:
            self.assertEqual(line.retail_points, 50.0 * line.qty, line.order_id.name)
        coffee_rule = self.env.ref(
            "crm_retail_customers_pos.retail_earn_rule_coffee_bag"
        )
        self.assertEqual(
            self.env["retail.point.entry.detail"].search_count(
                [("rule_id", "=", coffee_rule.id), ("kind", "=", "earn")]
            ),
            len(bags.order_id),
        )
        self.assertFalse(
            self.env["retail.point.entry.detail"]
            .search([("name", "in", ["Deposits and gift cards earn no points"])])
            .filtered("points"),
            "an excluded line earns nothing",
        )
