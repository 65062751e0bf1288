# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who may do what: every model and report route of the core addon, for each
kind of user, asserted as one table."""

import json
from urllib.parse import quote

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MODEL_MATRIX, OPERATIONS

PROFILES = {
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "contacts": "base.group_user,base.group_partner_manager",
    "retail": "base.group_user,crm_retail_customers.group_retail_user",
    "manager": "base.group_user,crm_retail_customers.group_retail_manager",
}

#: route -> profiles that get the document (the others get 403 Forbidden)
ROUTE_MATRIX = {
    "customer report (HTML)": ("retail", "manager"),
    "customer report (PDF)": ("retail", "manager"),
    "customer report (CSV)": ("retail", "manager"),
    "loyalty card (HTML)": ("retail", "manager"),
    "address labels (HTML)": ("retail", "manager"),
}
#: what an allowed user reads in an HTML route (None: the card's number)
EXPECTED_TEXT = {
    "customer report (HTML)": "matrix@example.com",
    "loyalty card (HTML)": None,
    "address labels (HTML)": "Kauppakatu 1",
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            name: new_test_user(cls.env, login=f"matrix_{name}", groups=groups)
            for name, groups in PROFILES.items()
        }
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Matrix Customer",
                "email": "matrix@example.com",
                "street": "Kauppakatu 1",
                "city": "Turku",
            }
        )
        cls.customer._post_reward_points(10, "earn", idempotency_key="matrix:1")
        cls.card = cls.env["retail.card"].create({"partner_id": cls.customer.id})

    def test_model_access(self):
        seen = {}
        for model, expected in MODEL_MATRIX.items():
            for profile, user in self.users.items():
                Model = self.env[model].with_user(user)
                seen.setdefault(model, {})[profile] = "".join(
                    letter
                    for letter, operation in OPERATIONS.items()
                    if Model.check_access_rights(operation, raise_exception=False)
                )
            self.assertEqual(seen[model], expected, model)

    def _options(self, **options):
        return quote(json.dumps({"options": dict({"report": "contacts"}, **options)}))

    def _routes(self, profile):
        """``{route name: url}`` of a profile (the CSV route needs a wizard of
        the user's own; those who may not create one try a Retail user's)."""
        customer_options = self._options(partner_ids=self.customer.ids)
        base = "/report/{}/crm_retail_customers.report_retail_customers?options={}"
        owner = self.users[profile if profile in ("retail", "manager") else "retail"]
        wizard = (
            self.env["retail.customer.report.wizard"]
            .with_user(owner)
            .create({"report": "contacts", "partner_ids": self.customer.ids})
        )
        return {
            "customer report (HTML)": base.format("html", customer_options),
            "customer report (PDF)": base.format("pdf", customer_options),
            "customer report (CSV)": f"/crm_retail_customers/report/csv/{wizard.id}",
            "loyalty card (HTML)": (
                f"/report/html/crm_retail_customers.report_retail_card/{self.card.id}"
            ),
            "address labels (HTML)": (
                "/report/html/crm_retail_customers.report_retail_address_labels/"
                f"{self.customer.id}"
            ),
        }

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_actions_report")
    def test_route_access(self):
        # styles are not fetched by wkhtmltopdf: rights are what is checked
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        for profile in self.users:
            self.authenticate(f"matrix_{profile}", f"matrix_{profile}")
            for route, url in self._routes(profile).items():
                response = self.url_open(url, timeout=60)
                allowed = profile in ROUTE_MATRIX[route]
                self.assertEqual(
                    response.status_code,
                    200 if allowed else 403,
                    f"{route} as {profile}",
                )
                if allowed and route in EXPECTED_TEXT:
                    text = EXPECTED_TEXT[route] or self.card.number
                    self.assertIn(text.encode(), response.content, route)

    @mute_logger("odoo.http")
    def test_report_options_are_checked(self):
        self.authenticate("matrix_retail", "matrix_retail")
        base = "/report/html/crm_retail_customers.report_retail_customers?options="
        for options, message in (
            ({"consent": {"fax": "banned"}}, b"Unknown consent filter fax"),
            ({"consent": {"email": "maybe"}}, b"Unknown consent filter email"),
            ({"report": "salaries"}, b"Unknown customer report"),
            ({"partner_ids": ["1 OR 1=1"]}, b"must list record ids"),
            ({"date_from": "2026-13-45"}, b"is not a date"),
            ({"company_id": 999999}, b"company you cannot access"),
            # any JSON may come: a list or an object where a name is expected
            # is refused like an unknown name, not a server error
            ({"report": ["balances"]}, b"Unknown customer report"),
            ({"report": {"balances": 1}}, b"Unknown customer report"),
            ({"consent": {"email": ["banned"]}}, b"Unknown consent filter email"),
            ({"csv_format": {"comma": 1}}, b"Unknown CSV format"),
            ({"membership": ["members"]}, b"Unknown membership filter"),
            ({"company_id": True}, b"company you cannot access"),
            ({"company_id": [1]}, b"company you cannot access"),
        ):
            response = self.url_open(base + self._options(**options))
            self.assertEqual(response.status_code, 400, options)
            self.assertIn(message, response.content)
