"""A demo shop that looks alive: six months of history made through the real flows.

``setup/run.sh`` runs this once on the demo database, after the addons are
installed with their demo data. It adds about twenty customers from Finland,
Poland, Russia and Iran (native names and addresses, customer numbers) to the
demo ones, enrols most of them in the loyalty programme (the others stay
non-members, one leaves it later), issues their cards, records relations
(spouses, colleagues, a referral), and then replays six months of trading day
by day with the clock moved to that day (freezegun):

- the shop counts whole points and dates its customers from their first POS
  order or invoice (*Customer since*);
- every month a till session of the demo shop is opened and, at the month's
  end, closed and posted; during the month, orders are synced to the server
  exactly as the till sends them (``pos.order.create_from_ui``), some with a
  points redemption, one later refunded;
- earning rules show their effect: bottle deposits (never earning points)
  and bags of coffee (50 points each) are in some baskets, and one product
  category earns double points for one month of the replay (two months after
  its start);
- business customers get invoices that are posted (the account bridge books
  their points), and confirmed sale orders;
- the daily jobs run each morning of the replay (point expiry: the company's
  points are valid for four months, so the oldest lots expire; birthday
  bonuses of the members);
- the welcome bonus is booked after a member's first paid purchase (the
  company's default: members who never buy get none), the referral bonus when
  the referred customer first buys, and tier upgrades e-mail the customer
  (queued in the outgoing mail, kept in the chatter).

Nothing is written in SQL: balances, tiers, expiries and the reports' figures
come from the same code a shop runs. The random choices are seeded, so two
runs on fresh databases give the same shop (dates relative to today).

Usage::

    python setup/demo_shop.py -c .run/odoo.conf -d retail_demo [--force]

The database remembers that the shop was built (a system parameter); a second
run does nothing unless ``--force`` is given.
"""

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, Command, api, fields

MARKER = "crm_retail_customers.demo_shop_built"
MONTHS = 6
SEED = 2026

# name, country, city, street, zip, lang, e-mail, mobile, gender, birth
# (year, month, day; a month of 0 means "this month"), group, bans
PEOPLE = [
    (
        "Veera Heikkinen",
        "fi",
        "Helsinki",
        "Mannerheimintie 12 A 4",
        "00100",
        "fi_FI",
        "veera.heikkinen@example.fi",
        "+358 40 555 0101",
        "female",
        (1990, 0, 3),
        "customer_group_members",
        (),
    ),
    (
        "Matti Järvinen",
        "fi",
        "Oulu",
        "Kirkkokatu 5",
        "90100",
        "fi_FI",
        "matti.jarvinen@example.fi",
        "+358 44 555 0102",
        "male",
        (1958, 6, 19),
        "customer_group_gold",
        ("no_sms_marketing",),
    ),
    (
        "Sanna Lehtonen",
        "fi",
        "Turku",
        "Aurakatu 8",
        "20100",
        "fi_FI",
        "sanna.lehtonen@example.fi",
        "+358 50 555 0103",
        "female",
        (1984, 2, 29),
        "customer_group_members",
        (),
    ),
    (
        "Juha Hämäläinen",
        "fi",
        "Jyväskylä",
        "Kauppakatu 22",
        "40100",
        "fi_FI",
        "juha.hamalainen@example.fi",
        "+358 45 555 0104",
        "male",
        (1979, 10, 1),
        "customer_group_walk_in",
        ("no_letter_marketing",),
    ),
    (
        "Katarzyna Wójcik",
        "pl",
        "Gdańsk",
        "ul. Długa 15",
        "80-827",
        "pl_PL",
        "katarzyna.wojcik@example.pl",
        "+48 600 555 201",
        "female",
        (1995, 0, 11),
        "customer_group_gold",
        (),
    ),
    (
        "Michał Kamiński",
        "pl",
        "Wrocław",
        "ul. Świdnicka 40",
        "50-024",
        "pl_PL",
        "michal.kaminski@example.pl",
        "+48 600 555 202",
        "male",
        (1987, 4, 9),
        "customer_group_members",
        ("no_email_marketing",),
    ),
    (
        "Zofia Lewandowska",
        "pl",
        "Poznań",
        "ul. Półwiejska 2",
        "61-885",
        "pl_PL",
        "zofia.lewandowska@example.pl",
        "+48 600 555 203",
        "female",
        (1962, 8, 30),
        "customer_group_members",
        (),
    ),
    (
        "Paweł Dąbrowski",
        "pl",
        "Łódź",
        "ul. Piotrkowska 104",
        "90-926",
        "pl_PL",
        "pawel.dabrowski@example.pl",
        "+48 600 555 204",
        "male",
        (2001, 12, 24),
        "customer_group_walk_in",
        (),
    ),
    (
        "Анна Смирнова",
        "ru",
        "Москва",
        "ул. Тверская, д. 7, кв. 12",
        "125009",
        "ru_RU",
        "anna.smirnova@example.ru",
        "+7 916 555 0301",
        "female",
        (1991, 0, 25),
        "customer_group_gold",
        (),
    ),
    (
        "Дмитрий Иванов",
        "ru",
        "Санкт-Петербург",
        "Невский пр., д. 28",
        "191186",
        "ru_RU",
        "dmitry.ivanov@example.ru",
        "+7 921 555 0302",
        "male",
        (1983, 5, 15),
        "customer_group_members",
        ("no_sms_marketing", "no_email_marketing"),
    ),
    (
        "Екатерина Кузнецова",
        "ru",
        "Казань",
        "ул. Баумана, д. 44",
        "420111",
        "ru_RU",
        "ekaterina.kuznetsova@example.ru",
        "+7 917 555 0303",
        "female",
        (1976, 9, 3),
        "customer_group_members",
        (),
    ),
    (
        "Сергей Попов",
        "ru",
        "Новосибирск",
        "Красный пр., д. 25",
        "630099",
        "ru_RU",
        "sergey.popov@example.ru",
        "+7 913 555 0304",
        "male",
        (1969, 3, 8),
        "customer_group_walk_in",
        ("no_letter_marketing",),
    ),
    (
        "مریم حسینی",
        "ir",
        "تهران",
        "خیابان ولیعصر، پلاک ۱۲۰",
        "1966734511",
        "fa_IR",
        "maryam.hosseini@example.ir",
        "+98 912 555 0401",
        "female",
        (1993, 3, 21),
        "customer_group_gold",
        (),
    ),
    (
        "علی رضایی",
        "ir",
        "اصفهان",
        "خیابان چهارباغ عباسی، پلاک ۴۵",
        "8173693111",
        "fa_IR",
        "ali.rezaei@example.ir",
        "+98 913 555 0402",
        "male",
        (1981, 11, 2),
        "customer_group_members",
        (),
    ),
    (
        "زهرا محمدی",
        "ir",
        "شیراز",
        "خیابان زند، پلاک ۸",
        "7134845796",
        "fa_IR",
        "zahra.mohammadi@example.ir",
        "+98 917 555 0403",
        "female",
        (1998, 0, 17),
        "customer_group_members",
        ("no_email_marketing",),
    ),
    (
        "حسین کریمی",
        "ir",
        "مشهد",
        "بلوار سجاد، پلاک ۳۲",
        "9188893511",
        "fa_IR",
        "hossein.karimi@example.ir",
        "+98 915 555 0404",
        "male",
        (1972, 7, 7),
        "customer_group_walk_in",
        (),
    ),
    (
        "Outi Salonen",
        "fi",
        "Espoo",
        "Tapiontori 3",
        "02100",
        "fi_FI",
        "outi.salonen@example.fi",
        "+358 40 555 0105",
        "female",
        (1966, 1, 12),
        "customer_group_members",
        (),
    ),
    (
        "Krzysztof Szymański",
        "pl",
        "Katowice",
        "ul. Mariacka 9",
        "40-014",
        "pl_PL",
        "krzysztof.szymanski@example.pl",
        "+48 600 555 205",
        "male",
        (1974, 0, 28),
        "customer_group_members",
        (),
    ),
]


#: customers who never join the programme (no card: issuing one enrols)
NON_MEMBERS = {
    "juha.hamalainen@example.fi",
    "pawel.dabrowski@example.pl",
    "sergey.popov@example.ru",
    "hossein.karimi@example.ir",
}
#: a member who leaves the programme half-way (balance kept, frozen)
LEAVER = "ekaterina.kuznetsova@example.ru"
#: (customer, relation type, other customer) by e-mail
RELATIONS = [
    ("anna.smirnova@example.ru", "relation_type_spouse", "dmitry.ivanov@example.ru"),
    (
        "michal.kaminski@example.pl",
        "relation_type_colleague",
        "zofia.lewandowska@example.pl",
    ),
    (
        "ali.rezaei@example.ir",
        "relation_type_referred_by",
        "maryam.hosseini@example.ir",
    ),
]


class DemoShop:
    """Replays the history of the demo shop (see the module docstring)."""

    def __init__(self, env, months=MONTHS, seed=SEED, today=None):
        self.env = env
        self.months = months
        self.rng = random.Random(seed)
        self.today = today or date.today()
        self.company = env.company
        self.summary = {}

    # -- customers and cards ---------------------------------------------------
    def _birthdate(self, birth):
        year, month, day = birth
        month = month or self.today.month
        try:
            return date(year, month, day)
        except ValueError:  # a day this month does not have
            return date(year, month, 28)

    def install_languages(self, codes):
        """Add the customers' languages as *Settings › Languages › Add
        Languages* does: active, with the terms of every installed addon
        (ours and Odoo's), so staff, cards and e-mails speak them. A language
        already active without our terms (a shop built before) gets them."""
        Lang = self.env["res.lang"].with_context(active_test=False)
        menu = self.env.ref("crm_retail_customers.menu_retail_point_entry")
        english = menu.with_context(lang="en_US").name
        missing = Lang.search([("code", "in", sorted(codes - {"en_US"}))]).filtered(
            lambda lang: (
                not lang.active or menu.with_context(lang=lang.code).name == english
            )
        )
        if missing:
            wizard = self.env["base.language.install"].create(
                {"lang_ids": [Command.set(missing.ids)], "overwrite": False}
            )
            wizard.lang_install()

    def create_customers(self, start):
        env = self.env
        Partner = env["res.partner"]
        customer_type = env.ref("crm_retail_customers.customer_type_customer")
        people = Partner
        self.install_languages({row[5] for row in PEOPLE})
        for (
            name,
            country,
            city,
            street,
            zip_code,
            lang,
            email,
            mobile,
            gender,
            birth,
            group,
            bans,
        ) in PEOPLE:
            existing = Partner.search([("email", "=", email)], limit=1)
            if existing:
                people |= existing
                continue
            vals = {
                "name": name,
                "country_id": env.ref(f"base.{country}").id,
                "city": city,
                "street": street,
                "zip": zip_code,
                "lang": lang,
                "email": email,
                "mobile": mobile,
                "gender": gender,
                "birthdate": self._birthdate(birth),
                "customer_group_id": env.ref(f"crm_retail_customers.{group}").id,
                "customer_type_id": customer_type.id,
                "company_id": False,
            }
            vals.update(dict.fromkeys(bans, True))
            people |= Partner.create(vals)
        # members joined during the first two months (their welcome bonus
        # comes with their first purchase) and got their card then; the
        # referred customer joins later
        for person in people:
            if person.email in NON_MEMBERS:
                continue
            joined = start + timedelta(days=self.rng.randrange(0, 60))
            if person.email == RELATIONS[2][0]:
                joined = start + relativedelta(months=2, days=10)
            with freeze_time(datetime.combine(joined, time(9, 0))):
                person._retail_enrol("backoffice")
                if not person.card_ids:
                    env["retail.card"].create({"partner_id": person.id})
        by_email = {person.email: person for person in people}
        for left, kind, right in RELATIONS:
            env["retail.partner.relation"].create(
                {
                    "partner_id": by_email[left].id,
                    "type_id": env.ref(f"crm_retail_customers.{kind}").id,
                    "related_partner_id": by_email[right].id,
                }
            )
        # one of them loses the card later and gets a new one
        lost = people.filtered("card_ids")[3].card_ids[:1]
        with freeze_time(datetime.combine(start + relativedelta(months=3), time(11))):
            lost.action_report_lost()
            lost.action_replace()
        self.summary["new customers"] = len(people)
        return people

    # -- the till ----------------------------------------------------------------
    def _products(self):
        redemption = self.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
        )
        return self.env["product.product"].search(
            [
                ("available_in_pos", "=", True),
                ("list_price", ">=", 1.0),
                ("list_price", "<=", 50.0),
                ("detailed_type", "!=", "service"),
                ("id", "!=", redemption.id),
                ("company_id", "in", [False, self.company.id]),
            ],
            order="id",
            limit=15,
        )

    def _line(self, product, qty, price, **extra):
        company = self.company
        taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
        if taxes:
            amounts = taxes.compute_all(
                price, company.currency_id, qty, product=product
            )
        else:
            amounts = {"total_excluded": price * qty, "total_included": price * qty}
        self._line_id += 1
        return {
            "id": self._line_id,
            "pack_lot_ids": [],
            "price_unit": price,
            "product_id": product.id,
            "price_subtotal": amounts["total_excluded"],
            "price_subtotal_incl": amounts["total_included"],
            "qty": qty,
            "tax_ids": [(6, 0, taxes.ids)],
            "full_product_name": product.display_name,
            **extra,
        }

    def _sync(self, session, lines, customer, card=None):
        """Sends one paid order as the till does; returns the pos.order.
        ``card``: the customer's card, scanned for this order first (as the
        till asks the server for it: the order may then redeem points)."""
        self._order_seq += 1
        uid = f"{session.id:05d}-{self._order_seq:03d}-{self._order_seq:04d}"
        if card:
            self.env["res.partner"].retail_pos_find_by_card(
                card.number, session.config_id.id, f"Order {uid}"
            )
        total = round(sum(line["price_subtotal_incl"] for line in lines), 2)
        base = sum(line["price_subtotal"] for line in lines)
        stamp = fields.Datetime.to_string(fields.Datetime.now())
        payment_method = (
            # money, not the demo's "Reward points" method
            session.config_id.payment_method_ids.filtered(
                lambda m: not m.is_cash_count and not m.retail_points_payment
            )[:1]
            or session.config_id.payment_method_ids[:1]
        )
        data = {
            "amount_paid": total,
            "amount_return": 0,
            "amount_tax": total - base,
            "amount_total": total,
            "date_order": stamp,
            "creation_date": stamp,
            "fiscal_position_id": False,
            "pricelist_id": session.config_id.pricelist_id.id,
            "lines": [(0, 0, line) for line in lines],
            "name": f"Order {uid}",
            "partner_id": customer.id if customer else False,
            "pos_session_id": session.id,
            "sequence_number": self._order_seq,
            "statement_ids": [
                (
                    0,
                    0,
                    {
                        "amount": total,
                        "name": stamp,
                        "payment_method_id": payment_method.id,
                    },
                )
            ],
            "uid": uid,
            "user_id": self.env.uid,
            "to_invoice": False,
        }
        result = self.env["pos.order"].create_from_ui(
            [{"data": data, "id": uid, "to_invoice": False}]
        )
        return self.env["pos.order"].browse(result[0]["id"])

    def _open_session(self, config):
        session = self.env["pos.session"].create(
            {"config_id": config.id, "user_id": self.env.uid}
        )
        session.set_cashbox_pos(0, "")
        return session

    def _close_session(self, session):
        session.action_pos_session_closing_control()

    def _sale_lines(self, products):
        lines = []
        for product in self.rng.sample(list(products), self.rng.randint(1, 3)):
            qty = self.rng.randint(1, 3)
            lines.append(self._line(product, qty, product.lst_price))
        # bottles come back with a deposit (never earns points); some buy
        # coffee (fixed points per bag, demo earning rule)
        if self.rng.random() < 0.12:
            deposit = self.env.ref("crm_retail_customers_pos.product_bottle_deposit")
            lines.append(self._line(deposit, 6, deposit.lst_price))
        if self.rng.random() < 0.1:
            coffee = self.env.ref("crm_retail_customers_pos.product_coffee_bag")
            lines.append(self._line(coffee, self.rng.randint(1, 2), coffee.lst_price))
        return lines

    def _double_points_month(self, products, start):
        """A campaign: the category of the shop's first product earns double
        points for a month, two months after the replay's start (dates from
        the replay, never a calendar month)."""
        category = products[:1].categ_id
        date_from = start + relativedelta(months=2)
        rule = self.env["retail.earn.rule"].create(
            {
                "name": f"Double points month: {category.name}",
                "company_id": self.company.id,
                "categ_ids": [Command.set(category.ids)],
                "multiplier": 2.0,
                "stackable": True,
                "date_from": date_from,
                "date_to": date_from + relativedelta(months=1, days=-1),
            }
        )
        self.summary["double points month"] = f"{rule.date_from} – {rule.date_to}"
        return rule

    def _card_of(self, customer):
        """The card the customer shows at the till: an active card of theirs
        or of their company."""
        today = fields.Date.context_today(customer)
        return (customer | customer.commercial_partner_id).card_ids.filtered(
            lambda card: (
                card.state == "active"
                and not (card.expiry_date and card.expiry_date < today)
            )
        )[:1]

    def _redemption_line(self, customer, order_total):
        """A points discount of at most half the order, as a cashier would
        offer it: only to customers whose balance may be spent (members, a
        company's balance for its contacts) and who show their card."""
        if not customer._retail_may_earn(self.company):
            return None
        if not self._card_of(customer):
            return None
        value = self.company.retail_point_value or 0.01
        balance = customer.commercial_partner_id.reward_points
        points = min(int(balance), int(order_total * 0.5 / value))
        points -= points % 50
        if points < 50:
            return None
        redemption = self.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
        )
        amount = round(points * value, 2)
        return self._line(redemption, 1, -amount, retail_redeem_points=points)

    # -- back office documents ----------------------------------------------------
    def _invoice(self, customer, products):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "quantity": self.rng.randint(3, 10),
                            "price_unit": product.lst_price,
                        },
                    )
                    for product in self.rng.sample(list(products), 2)
                ],
            }
        )
        move.action_post()
        return move

    def _sale_order(self, customer, products):
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": self.rng.randint(2, 10),
                        },
                    )
                    for product in self.rng.sample(list(products), 2)
                ],
            }
        )
        order.action_confirm()
        return order

    def _run_daily_jobs(self):
        for job in (
            "crm_retail_customers.ir_cron_expire_reward_points",
            "crm_retail_customers.ir_cron_retail_birthday_bonus",
            # the points liability of each month, posted the next morning
            "crm_retail_customers_account.ir_cron_retail_post_points_liability",
        ):
            cron = self.env.ref(job, raise_if_not_found=False)
            if cron:
                cron.method_direct_trigger()

    # -- the replay ---------------------------------------------------------------
    def build(self):
        env = self.env
        start = self.today - relativedelta(months=self.months)
        self.company.write(
            {
                # whole points, and customers dated from their first POS
                # order or invoice, as a shop would have it
                "retail_points_precision": "whole",
                "retail_customer_since_pos": True,
                "retail_customer_since_invoice": True,
                "retail_points_validity_months": 4,
                "retail_point_value": 0.01,
                "retail_members_only": True,
                "retail_welcome_points": 100,
                "retail_birthday_points": 200,
                "retail_referral_points": 150,
            }
        )
        people = self.create_customers(start)
        demo_people = env["res.partner"].search(
            [
                ("id", "not in", people.ids),
                ("customer_group_id", "!=", False),
                ("is_company", "=", False),
            ]
        )
        walk_ins = people | demo_people
        businesses = env["res.partner"].search(
            [("is_company", "=", True), ("customer_group_id", "!=", False)]
        )
        config = env.ref("point_of_sale.pos_config_main")
        products = self._products()
        self._double_points_month(products, start)
        self._line_id = 0
        self._order_seq = 0
        orders = env["pos.order"]
        counts = dict.fromkeys(
            ("orders", "redemptions", "refunds", "invoices", "sale orders"), 0
        )
        session = None
        day = start
        refund_done = False
        while day <= self.today:
            with freeze_time(datetime.combine(day, time(7, 0))):
                self._run_daily_jobs()
            if session is None:
                with freeze_time(datetime.combine(day, time(8, 0))):
                    session = self._open_session(config)
            for hour in sorted(self.rng.sample(range(9, 20), self.rng.randint(1, 3))):
                with freeze_time(datetime.combine(day, time(hour, 17))):
                    customer = self.rng.choice(walk_ins)
                    if self.rng.random() < 0.12:
                        customer = env["res.partner"]  # an anonymous sale
                    lines = self._sale_lines(products)
                    total = sum(line["price_subtotal_incl"] for line in lines)
                    card = None
                    if customer and self.rng.random() < 0.15:
                        redemption = self._redemption_line(customer, total)
                        if redemption:
                            lines.append(redemption)
                            card = self._card_of(customer)
                            counts["redemptions"] += 1
                    order = self._sync(session, lines, customer, card)
                    orders |= order
                    counts["orders"] += 1
                    if (
                        not refund_done
                        and customer
                        and day >= start + relativedelta(months=3)
                    ):
                        # the customer brings the first item back the same day
                        line = order.lines.filtered(lambda line: line.qty > 0)[:1]
                        self._sync(
                            session,
                            [
                                self._line(
                                    line.product_id,
                                    -line.qty,
                                    line.price_unit,
                                    refunded_orderline_id=line.id,
                                )
                            ],
                            customer,
                        )
                        refund_done = True
                        counts["refunds"] += 1
            if day == start + relativedelta(months=4):
                leaver = env["res.partner"].search([("email", "=", LEAVER)])
                with freeze_time(datetime.combine(day, time(12, 0))):
                    leaver.action_retail_leave()
            if day.weekday() == 2 and businesses:
                with freeze_time(datetime.combine(day, time(15, 0))):
                    customer = self.rng.choice(businesses)
                    if self.rng.random() < 0.5:
                        self._invoice(customer, products)
                        counts["invoices"] += 1
                    else:
                        self._sale_order(customer, products)
                        counts["sale orders"] += 1
            next_day = day + timedelta(days=1)
            if next_day.month != day.month and next_day <= self.today:
                with freeze_time(datetime.combine(day, time(21, 0))):
                    self._close_session(session)
                session = None
            day = next_day
        Entry = env["retail.point.entry"]
        for label, prefix in (
            ("welcome bonuses", "welcome:"),
            ("birthday bonuses", "birthday:"),
            ("referral bonuses", "referral:"),
        ):
            counts[label] = Entry.search_count(
                [("idempotency_key", "=like", prefix + "%")]
            )
        counts["members"] = env["res.partner"].search_count(
            [("retail_member", "=", True)]
        )
        if "liability_move_id" in Entry._fields:
            counts["points liability postings"] = env["account.move"].search_count(
                [("retail_liability_cutoff", "!=", False)]
            )
        expired = Entry.search([("kind", "=", "expire")])
        counts["expired points"] = -round(sum(expired.mapped("points")), 2)
        self.summary.update(counts)
        return self.summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        env = env(user=admin, context={"lang": "en_US", "tz": admin.tz or "UTC"})
        params = env["ir.config_parameter"].sudo()  # a system flag of the demo
        if params.get_param(MARKER) and not args.force:
            sys.stdout.write("The demo shop is already built in this database.\n")
            return 0
        summary = DemoShop(env).build()
        params.set_param(MARKER, date.today().isoformat())
    for key, value in summary.items():
        sys.stdout.write(f"  {key}: {value}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
