# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from odoo.addons.crm_retail_customers.models.retail_consent_log import (
    with_consent_source,
)

from .mail_blacklist import blocklist_source


class PhoneBlacklist(models.Model):
    """A number put on the SMS blocklist (the customer unsubscribing through
    an SMS mailing's link, or the back office adding it) bans SMS marketing
    for the customers whose main number it is; the consent log records it
    as an unsubscribe. Taking it off the blocklist lifts no ban."""

    _inherit = "phone.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._retail_ban_customers()
        return records

    def write(self, vals):
        res = super().write(vals)
        if vals.get("active"):
            self._retail_ban_customers()
        return res

    def _retail_ban_customers(self):
        numbers = self.filtered("active").mapped("number")
        if not numbers:
            return
        partners = (
            self.env["res.partner"]
            # sudo: the one unsubscribing is a visitor of the unsubscribe page
            # (public user) who may not read or write customers; only the SMS
            # ban of the customers with the blocked number is set
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("phone_sanitized", "in", numbers),
                    ("no_sms_marketing", "=", False),
                ]
            )
        )
        if partners:
            with_consent_source(partners, blocklist_source(self.env)).write(
                {"no_sms_marketing": True}
            )
