# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer who signs up on the portal after a tracked link gets the
link's source, campaign and medium (``res.partner._retail_utm_defaults``).
Here because the sign-up comes with ``portal`` (``auth_signup``), which the
invoicing app brings and the core does not depend on."""

import re

from odoo.tests import HttpCase, new_test_user, tagged

LINK = "/web/signup?utm_source=Spring+Letter&utm_campaign=Spring+2026&utm_medium=Email"


@tagged("post_install", "-at_install")
class TestSignupUtm(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.invitation_scope", "b2c"
        )

    def signup(self, login):
        """Open the tracked link, then sign up as ``login`` (the form posts
        to the same page, the cookies of the link go along)."""
        page = self.url_open(LINK)
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/web/signup",
            data={
                "login": login,
                "name": "Signed Up Customer",
                "password": "Signup-Pass-2026",
                "confirm_password": "Signup-Pass-2026",
                "csrf_token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        return self.env["res.users"].search([("login", "=", login)]).partner_id

    def test_signup_after_a_tracked_link(self):
        # with "customer since" set by invoices (the demo's setting): the
        # sign-up copies its template user, empty customer since included
        self.env.company.retail_customer_since_invoice = True
        partner = self.signup("spring.signup@example.com")
        self.assertTrue(partner)
        self.assertEqual(partner.acquisition_source_id.name, "Spring Letter")
        self.assertEqual(partner.acquisition_campaign_id.name, "Spring 2026")
        self.assertEqual(partner.acquisition_medium_id.name, "Email")
        # a second customer through the same link: the same UTM records
        # (signed out: the sign-up logged the first customer in)
        self.opener.cookies.set("session_id", None)
        other = self.signup("spring.other@example.com")
        self.assertEqual(other.acquisition_source_id, partner.acquisition_source_id)

    def test_staff_cookies_are_not_a_customers_source(self):
        """A clerk who followed a tracked link creates a customer: the
        clerk's cookies say nothing about the customer."""
        new_test_user(
            self.env,
            login="utm_clerk",
            password="utm_clerk_pass_2026",
            groups="base.group_user,base.group_partner_manager",
        )
        self.url_open(LINK)
        self.assertTrue(self.opener.cookies.get("odoo_utm_source"))
        self.authenticate("utm_clerk", "utm_clerk_pass_2026")
        self.opener.cookies.set("odoo_utm_source", "Clerk Browsing")
        partner_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "res.partner",
                "method": "create",
                "args": [{"name": "Typed By A Clerk"}],
                "kwargs": {},
            },
        )
        partner = self.env["res.partner"].browse(partner_id)
        self.assertFalse(partner.acquisition_source_id)
        self.assertFalse(partner.acquisition_campaign_id)
