# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from random import randint

from odoo import fields

from odoo.addons.crm_retail_customers.tests.common import (
    BrowserSizeMixin,
    RetailAssertions,
    company_user,
)
from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

POS_CASHIER = "base.group_user,point_of_sale.group_pos_user"
POS_RETAIL_MANAGER = (
    "base.group_user,point_of_sale.group_pos_manager,"
    "crm_retail_customers.group_retail_manager"
)


class RetailPosCase(RetailAssertions, TestPoSCommon):
    """An open till of the test company, a customer with points, and a builder
    of the order data the till sends to ``pos.order.create_from_ui``.

    Company settings: 1 point per currency unit, a point is worth 0.10.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "retail_points_per_currency": 1.0,
                "retail_point_value": 0.1,
                "retail_allow_negative_balance": True,
                # these tests are about the ledger at the till; membership is
                # tested in test_pos_membership.py
                "retail_members_only": False,
                # the proof that the customer is at the till is tested in
                # test_pos_redeem_proof*.py
                "retail_redeem_proof": "none",
                # figures to the decimal; whole points are tested in
                # test_pos_whole_points.py
                "retail_points_precision": "decimal",
            }
        )
        # "customer since" is set by the tests of it only (its query is not
        # part of the booking figures of the other tests, whatever the
        # database's demo data switches on)
        cls.company.write(
            dict.fromkeys(cls.company._retail_customer_since_sources(), False)
        )
        # tiers (demo data included) would multiply the points of every test
        cls.env["retail.tier"].search([]).active = False
        cls.config = cls.basic_config
        cls.redemption = cls.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
        )
        cls.product_taxed = cls.create_product(
            "Retail Jacket", cls.categ_basic, 100.0, tax_ids=cls.taxes["tax7"].ids
        )
        cls.product_plain = cls.create_product("Retail Socks", cls.categ_basic, 20.0)
        (cls.product_taxed | cls.product_plain).type = "consu"
        cls.Partner = cls.env["res.partner"]
        cls.customer_x = cls.Partner.create({"name": "Points Customer"})
        cls.pos_user = company_user(
            cls.env,
            "retail_cashier",
            "base.group_user,base.group_partner_manager,point_of_sale.group_pos_user",
            cls.company,
        )

    def setUp(self):
        super().setUp()
        self.open_new_session()

    # -- helpers -------------------------------------------------------------
    def book(self, partner, points, kind="opening", **vals):
        return partner._post_reward_points(
            points, kind, company_id=self.company.id, **vals
        )

    def ui_line(self, product, qty=1, price=None, taxes=None, **extra):
        """One order line as the till sends it (prices as the till computes
        them: ``taxes``, by default the product's)."""
        price = product.lst_price if price is None else price
        if taxes is None:
            taxes = product.taxes_id.filtered(lambda t: t.company_id == self.company)
        if taxes:
            amounts = taxes.compute_all(price, self.currency, qty, product=product)
        else:
            amounts = {"total_excluded": price * qty, "total_included": price * qty}
        return {
            "id": randint(1, 1000000),
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

    def redeem_line(self, points, price=None, taxes=None):
        """The points discount line the "Redeem points" button adds (for
        goods with ``taxes``: ``price`` is then the price before taxes added
        to it)."""
        value = self.company.retail_point_value
        amount = round(points * value, 2) if price is None else price
        return self.ui_line(
            self.redemption, 1, -amount, taxes=taxes, retail_redeem_points=points
        )

    def refund_line(self, order_line, qty=None):
        """A refund line for ``order_line`` as the ticket screen makes it."""
        qty = -(order_line.qty if qty is None else qty)
        discount = order_line.discount or 0.0
        line = self.ui_line(
            order_line.product_id,
            qty,
            order_line.price_unit * (1 - discount / 100.0),
            taxes=order_line.tax_ids,
            refunded_orderline_id=order_line.id,
        )
        # the till copies the price and the discount of the refunded line
        line.update(price_unit=order_line.price_unit, discount=discount)
        return line

    def share_lines(self, origin, refunds):
        """The refund lines of the points discount lines of ``origin`` that
        go with refunding ``refunds`` (``{goods line: quantity}``), as the
        ticket screen adds them (``models/pos_order_refund_share.py``): for
        each discount line whose goods are refunded, its goods' share of it
        so far (by amount with taxes, to the cent) less what earlier refunds
        refunded of it, written as the part of its goods refunded (in
        hundredths, the rest of the line at the end) at a price in cents."""
        product = self.env.ref("crm_retail_customers.product_retail_points_redemption")
        sold = origin.lines.filtered(lambda line: line.qty > 0)
        discounts = sold.filtered(lambda line: line.product_id == product)
        goods = (sold - discounts).filtered(
            lambda line: not line.product_id.retail_no_points
        )
        taxed = {line.tax_ids for line in discounts if line.tax_ids}
        result = []
        for discount in discounts:
            its_goods = goods.filtered(
                lambda line, discount=discount: (
                    line.tax_ids == discount.tax_ids
                    if discount.tax_ids
                    else line.tax_ids not in taxed
                )
            )
            if not its_goods & self.env["pos.order.line"].concat(*refunds):
                continue
            whole = sum(its_goods.mapped("price_subtotal_incl"))
            ratio = (
                sum(
                    line.price_subtotal_incl
                    * min((line.refunded_qty + refunds.get(line, 0)) / line.qty, 1.0)
                    for line in its_goods
                )
                / whole
            )
            included = all(discount.tax_ids.mapped("price_include"))
            field = "price_subtotal_incl" if included else "price_subtotal"
            done = sum(discount.refund_orderline_ids.mapped(field))
            amount = round(round(-discount[field] * ratio, 2) - done, 2)
            if not amount:
                continue
            left = round(discount.qty - discount.refunded_qty, 2)
            qty = left if ratio >= 1 else round(ratio - discount.refunded_qty, 2)
            qty = min(max(qty, 0.01), max(left, 0.01))
            result.append(
                self.ui_line(
                    product,
                    -qty,
                    -round(amount / qty, 2),
                    taxes=discount.tax_ids,
                    refunded_orderline_id=discount.id,
                )
            )
        return result

    def ui_order(self, lines, customer=None, uid=None):
        """Order data of a paid order (one bank payment of the total)."""
        uid = uid or self.create_random_uid()
        total = sum(line["price_subtotal_incl"] for line in lines)
        base = sum(line["price_subtotal"] for line in lines)
        now = fields.Datetime.to_string(fields.Datetime.now())
        return {
            "data": {
                "amount_paid": total,
                "amount_return": 0,
                "amount_tax": total - base,
                "amount_total": total,
                "date_order": now,
                "fiscal_position_id": False,
                "pricelist_id": self.config.pricelist_id.id,
                "lines": [(0, 0, line) for line in lines],
                "name": f"Order {uid}",
                "partner_id": customer.id if customer else False,
                "pos_session_id": self.pos_session.id,
                "sequence_number": 2,
                "statement_ids": [
                    (
                        0,
                        0,
                        {
                            "amount": total,
                            "name": now,
                            "payment_method_id": self.bank_pm1.id,
                        },
                    )
                ],
                "uid": uid,
                "user_id": self.env.user.id,
                "to_invoice": False,
            },
            "id": uid,
            "to_invoice": False,
        }

    def open_session_at(self, moment, session=None):
        """The till's session as if the server had created and opened it at
        ``moment``: the orders a late sync brings are dated within it. (A
        session's opening counts from its creation by the server, which no
        user writes: ``pos.order._retail_session_opening``.)"""
        session = session or self.pos_session
        session.flush_recordset()
        self.env.cr.execute(
            "UPDATE pos_session SET start_at = %s, create_date = %s WHERE id = %s",
            [moment, moment, session.id],
        )
        session.invalidate_recordset(["start_at", "create_date"])

    def sync(self, *orders, user=None):
        """Send ``orders`` as the till does; return the server's answer."""
        env = self.env(user=user) if user else self.env
        return env["pos.order"].create_from_ui(list(orders))

    def order_of(self, data):
        return self.env["pos.order"].search(
            [("pos_reference", "=", data["data"]["name"])], order="id"
        )

    def entries(self, partner):
        return self.env["retail.point.entry"].search(
            [("partner_id", "=", partner.id)], order="id"
        )


class TillRpcMixin:
    """Calls as the till makes them (``/web/dataset/call_kw`` with the
    session of the user logged in by ``authenticate``), for HttpCase."""

    def _call(self, model, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    def _refused(self, error, model, method, *args):
        """Call as the till does; return the message of the ``error`` (the
        exception's class) the server answers with."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "id": 0,
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        answer = response.json()
        self.assertIn("error", answer, f"{method} was not refused")
        self.assertEqual(answer["error"]["data"]["name"], error)
        return answer["error"]["data"]["message"]


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
                # figures to the decimal; whole points: test_ui_whole_points.py
                "retail_points_precision": "decimal",
            }
        )
        cls.company.write(
            dict.fromkeys(cls.company._retail_customer_since_sources(), False)
        )
        # the standard set-up archives every POS product, ours included
        cls.env.ref(
            "crm_retail_customers.product_retail_points_redemption"
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

    @classmethod
    def create_two_rate_goods(cls):
        """A coat of 100.00 with 24 % VAT and bread of 50.00 with 14 % VAT,
        taxes included in the price, sold at the till: the basket of the
        tours of points redeemed on goods of two tax rates. Returns
        ``(vat24, vat14, coat, bread)``."""
        Tax = cls.env["account.tax"]
        vat24, vat14 = (
            Tax.create(
                {
                    "name": f"VAT {rate} %",
                    "amount": rate,
                    "amount_type": "percent",
                    "price_include": True,
                    "type_tax_use": "sale",
                    "company_id": cls.company.id,
                }
            )
            for rate in (24, 14)
        )
        coat, bread = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "available_in_pos": True,
                    "list_price": price,
                    "taxes_id": [(6, 0, tax.ids)],
                }
                for name, price, tax in (
                    ("Tax Coat", 100.0, vat24),
                    ("Tax Bread", 50.0, vat14),
                )
            ]
        )
        return vat24, vat14, coat, bread


class PosCashierCase(RetailPosCase):
    """A cashier with Point of Sale / User rights only (no Retail rights),
    who sends the till's orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = company_user(cls.env, "pure_cashier", POS_CASHIER, cls.company)

    def sell_as_cashier(self, data):
        """Sync ``data`` as the cashier; return the order made of it."""
        self.sync(data, user=self.cashier)
        return self.env["pos.order"].search(
            [("pos_reference", "=", data["data"]["name"])], order="id desc", limit=1
        )
