# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import re

from odoo import http
from odoo.tests import new_test_user

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class PortalPreferencesMixin:
    """Customers with portal users: a company customer (Sklep, which bans
    letters) with its contact Marta, a private customer Piotr, and another
    customer (Ewa) nobody of them may touch."""

    @classmethod
    def _create_portal_customers(cls):
        Partner = cls.env["res.partner"]
        cls.company = Partner.create(
            {
                "name": "Sklep",
                "is_company": True,
                "email": "biuro@sklep.example.pl",
                "no_letter_marketing": True,
            }
        )
        cls.contact = Partner.create(
            {
                "name": "Marta",
                "parent_id": cls.company.id,
                "email": "marta@sklep.example.pl",
            }
        )
        cls.person = Partner.create({"name": "Piotr", "email": "piotr@example.pl"})
        cls.other = Partner.create({"name": "Ewa", "email": "ewa@example.pl"})
        cls.marta = new_test_user(
            cls.env,
            login="prefs_marta",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.piotr = new_test_user(
            cls.env,
            login="prefs_piotr",
            groups="base.group_portal",
            partner_id=cls.person.id,
        )

    def csrf_from(self, url):
        """The CSRF token of the form on ``url`` (GET, logged in)."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:300])
        match = CSRF_RE.search(response.text)
        self.assertTrue(match, "no CSRF token in the form")
        return match.group(1)

    def session_csrf(self):
        """A valid CSRF token of the test session (for pages without a
        form: the token of any page of the session is valid)."""
        return http.Request.csrf_token(self)

    def post(self, url, data, csrf=True):
        """POST ``data`` to ``url`` as the form does (with the page's CSRF
        token unless ``csrf`` is False or a token)."""
        data = dict(data)
        if csrf is True:
            data["csrf_token"] = self.csrf_from(url)
        elif csrf:
            data["csrf_token"] = csrf
        return self.url_open(url, data=data, allow_redirects=False)

    def rpc(self, model, method, *args, **kwargs):
        """The JSON-RPC answer of the logged-in user calling
        ``model.method`` as the web client does."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()
