# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _retail_portal_customer(self):
        """The retail customer whose loyalty pages this user sees in the
        portal: the commercial partner of the user's contact (the customer
        itself, or the company customer a contact belongs to), as a sudo
        record; an empty recordset when the user has none.

        A portal user always has one (a non-member sees the page with the
        button to join); an internal user only when their commercial partner
        is a retail customer (a member, a card, points or a customer type),
        so employees do not get an empty loyalty page.

        The record is sudo so that the portal pages can read the customer's
        balance, tier and cards: callers must read only this partner's data
        (never ids coming from the request).
        """
        self.ensure_one()
        if self._is_public():
            return self.env["res.partner"]
        # sudo: the user's own commercial partner, fixed by the user record
        # (no id from the request); portal users may not read the loyalty
        # fields themselves.
        customer = self.sudo().partner_id.commercial_partner_id
        if self.share:
            return customer
        if (
            customer.retail_member
            or customer.customer_type_id
            or customer.card_number
            or customer.reward_points
            or customer.reward_points_earned
        ):
            return customer
        return self.env["res.partner"]

    def _retail_portal_company(self):
        """The company whose programme settings (point value, expiry) the
        portal pages apply to the user's customer."""
        customer = self._retail_portal_customer()
        return customer.company_id or self.env.company
