# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The loyalty pages of the customer portal.

Every page reads the customer of the logged-in user only
(``res.users._retail_portal_customer``): no route takes a partner, card or
entry id, so changing a parameter cannot show another customer's data. Portal
users have no access rights on the ledger or the cards; the pages read them
with ``sudo()`` restricted to that customer.
"""

import json
from datetime import timedelta

from odoo import _, fields, http
from odoo.http import request
from odoo.tools import float_is_zero

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

#: Ledger lines per page of the history.
HISTORY_STEP = 20
#: Horizon of the expiring points shown (days).
EXPIRY_HORIZON_DAYS = 90
#: Fields of the ledger a customer sees: no note, no user, no amounts.
HISTORY_FIELDS = [
    "date",
    "kind",
    "points",
    "origin",
    "origin_code",
    "origin_params",
    "res_model",
    "expiry_date",
]


def retail_portal_customer():
    """The customer (commercial partner, sudo) of the logged-in user, or an
    empty recordset: see ``res.users._retail_portal_customer``."""
    return request.env.user._retail_portal_customer()


def retail_card_symbology(number):
    """EAN-13 for a 13-digit number (as the printed card), Code 128 for
    other numbers a company without the EAN-13 check may have issued."""
    return "EAN13" if number and len(number) == 13 and number.isdigit() else "Code128"


class RetailLoyaltyPortal(CustomerPortal):
    # -- /my: the tile ---------------------------------------------------------
    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["retail_portal_customer"] = retail_portal_customer()
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "retail_loyalty_points" in counters:
            customer = retail_portal_customer()
            # the tile shows the balance; 0 (a number) hides it for users
            # without a customer, a customer sees it also at zero points
            values["retail_loyalty_points"] = (
                self._retail_format_points(customer.reward_points) if customer else 0
            )
        return values

    def _retail_format_points(self, points):
        digits = request.env["decimal.precision"].precision_get("Reward Points")
        lang = request.env["res.lang"]._lang_get(request.env.lang or "en_US")
        return lang.format(f"%.{digits}f", points, grouping=True)

    # -- /my/loyalty -----------------------------------------------------------
    @http.route(
        ["/my/loyalty", "/my/loyalty/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_loyalty(self, page=1, **kw):
        """The loyalty page of the user's customer. Other parameters
        (``partner_id``…) are ignored: the customer is the user's."""
        values = self._prepare_portal_layout_values()
        customer = values["retail_portal_customer"]
        values["page_name"] = "retail_loyalty"
        if customer:
            values.update(self._retail_loyalty_values(customer, page))
        return request.render("crm_retail_customers_portal.portal_my_loyalty", values)

    def _retail_loyalty_values(self, customer, page):
        """Values of the loyalty page of ``customer`` (sudo, the user's own
        commercial partner): a constant number of queries whatever the size
        of the ledger (aggregates and one page of the history)."""
        company = customer.company_id or request.env.company
        today = fields.Date.context_today(customer)
        # sudo: entries of the user's own customer only (domain on its id)
        Entry = request.env["retail.point.entry"].sudo()
        domain = [("partner_id", "=", customer.id)]
        total = Entry.search_count(domain)
        pager = portal_pager(
            url="/my/loyalty", total=total, page=page, step=HISTORY_STEP
        )
        entries = Entry.search_fetch(
            domain, HISTORY_FIELDS, limit=HISTORY_STEP, offset=pager["offset"]
        )
        return {
            "customer": customer,
            "company": company,
            "currency": company.currency_id,
            "balance_value": customer.reward_points * company.retail_point_value,
            "next_tier": self._retail_next_tier(customer, company),
            "expiring": self._retail_expiring_lots(customer, today),
            "expiry_horizon": today + timedelta(days=EXPIRY_HORIZON_DAYS),
            "entries": entries,
            "kinds": dict(Entry._fields["kind"]._description_selection(Entry.env)),
            # not "pager": portal.portal_table would page every table with it
            "history_pager": pager,
            "cards": customer.card_ids.sorted(
                lambda c: (c.state != "active", c.issue_date or today, c.id),
            ),
            "card_states": dict(
                customer.card_ids._fields["state"]._description_selection(customer.env)
            ),
            "earn_rules": self._retail_earn_rules(customer, company, today),
        }

    def _retail_next_tier(self, customer, company):
        """``(tier, points missing)`` of the next tier of ``customer``, or
        ``None`` at the highest one."""
        tier = (
            request.env["retail.tier"]
            # sudo: tiers are the programme's levels; only name and threshold
            .sudo()
            .search(
                [
                    ("min_points", ">", customer.reward_points_earned),
                    ("company_id", "in", [company.id, False]),
                ],
                order="min_points, sequence, id",
                limit=1,
            )
        )
        if not tier:
            return None
        return tier, tier.min_points - customer.reward_points_earned

    def _retail_expiring_lots(self, customer, today):
        """``[(date, points)]`` of the customer's points expiring within
        ``EXPIRY_HORIZON_DAYS`` (the lots the expiry job will take, the
        earliest first); none while the balance is frozen."""
        if customer.retail_points_frozen or customer.reward_points <= 0:
            return []
        # sudo: aggregates of the user's own customer's entries only
        Entry = request.env["retail.point.entry"].sudo()
        Entry.flush_model()
        consumed = Entry._retail_consumed(customer)
        horizon = today + timedelta(days=EXPIRY_HORIZON_DAYS)
        digits = request.env["decimal.precision"].precision_get("Reward Points")
        return [
            (expiry, points)
            for expiry, points in Entry._get_open_lots(
                customer, customer.reward_points, consumed
            )
            if expiry
            and expiry <= horizon
            and not float_is_zero(points, precision_digits=digits)
        ]

    def _retail_earn_rules(self, customer, company, today):
        """Earning rules in force today that apply to the customer's tier and
        group (read with sudo by ``_retail_rules_for``; only names, rewards,
        minimum basket and dates are shown); exclusions are not offers."""
        rules = request.env["retail.earn.rule"]._retail_rules_for(company, today)
        group_path = customer.customer_group_id.parent_path
        return rules.filtered(
            lambda rule: (
                not rule.is_exclusion
                and rule._retail_applies_to_customer(
                    customer.reward_tier_id, group_path, float("inf")
                )
            )
        )

    # -- /my/loyalty/card ------------------------------------------------------
    def _retail_portal_card(self):
        """The newest active card of the user's customer (sudo), or an empty
        recordset."""
        customer = retail_portal_customer()
        return customer.card_ids.filtered(lambda c: c.number == customer.card_number)[
            :1
        ]

    @http.route("/my/loyalty/card", type="http", auth="user", website=True)
    def portal_my_loyalty_card(self, **kw):
        """The card to show at the till, on a page of its own; it takes no
        card id: it is always the user's customer's newest active card."""
        card = self._retail_portal_card()
        customer = retail_portal_customer()
        lang = request.env["res.lang"]._lang_get(request.env.lang or "en_US")
        return request.render(
            "crm_retail_customers_portal.portal_my_loyalty_card",
            {
                "card": card,
                "customer": customer,
                "company": customer.company_id or request.env.company,
                "rtl": lang.direction == "rtl",
                "lang_code": (request.env.lang or "en_US").replace("_", "-"),
            },
        )

    @http.route(
        ["/my/loyalty/card/barcode.png", "/my/loyalty/card/qr.png"],
        type="http",
        auth="user",
    )
    def portal_my_loyalty_card_image(self, **kw):
        """The barcode (EAN-13) or the QR code of the user's own card only:
        unlike ``/report/barcode`` it takes no value, so it never renders a
        number the user does not hold."""
        card = self._retail_portal_card()
        if not card:
            return request.not_found()
        Report = request.env["ir.actions.report"]
        if request.httprequest.path.endswith("/qr.png"):
            image = Report.barcode("QR", card.number, width=600, height=600, quiet=1)
        else:
            image = Report.barcode(
                retail_card_symbology(card.number),
                card.number,
                width=1000,
                height=300,
                quiet=1,
            )
        return request.make_response(
            image,
            headers=[
                ("Content-Type", "image/png"),
                ("Cache-Control", "private, no-store"),
            ],
        )

    @http.route("/my/loyalty/card/manifest.webmanifest", type="http", auth="public")
    def portal_my_loyalty_card_manifest(self, **kw):
        """Web app manifest of the card page, to add it to the phone's home
        screen; no personal data (browsers fetch it without the session)."""
        manifest = {
            "name": _("%(company)s card", company=request.env.company.name),
            "short_name": _("My card"),
            "start_url": "/my/loyalty/card",
            "scope": "/my/loyalty/card",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#ffffff",
            "icons": [
                {
                    "src": "/crm_retail_customers_portal/static/description/icon.png",
                    "sizes": "any",
                    "type": "image/png",
                }
            ],
        }
        return request.make_response(
            json.dumps(manifest),
            headers=[("Content-Type", "application/manifest+json")],
        )
