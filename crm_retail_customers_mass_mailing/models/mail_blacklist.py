# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.http import request

from odoo.addons.crm_retail_customers.models.retail_consent_log import (
    with_consent_source,
)

#: Paths of the public unsubscribe pages of e-mail and SMS mailings.
UNSUBSCRIBE_PATHS = ("/mailing/", "/mail/mailing/", "/sms/")


def blocklist_source(env):
    """The consent source of a blocklist change: ``unsubscribe`` when the
    person does it (the public user, or a mailing's unsubscribe page),
    else ``backoffice`` (a marketing user adding the address by hand)."""
    if env.user._is_public():
        return "unsubscribe"
    if request and request.httprequest.path.startswith(UNSUBSCRIBE_PATHS):
        return "unsubscribe"
    return "backoffice"


class MailBlacklist(models.Model):
    """An address put on the blocklist (the customer unsubscribing through a
    mailing's link or its "blocklist" button, or the back office adding it)
    bans e-mail marketing for the customers with that address: the ban
    follows, and the consent log records it as an unsubscribe (back office:
    as such). Taking the
    address off the blocklist lifts no ban: that is no consent."""

    _inherit = "mail.blacklist"

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
        emails = self.filtered("active").mapped("email")
        if not emails:
            return
        partners = (
            self.env["res.partner"]
            # sudo: the one unsubscribing is a visitor of the unsubscribe page
            # (public user) who may not read or write customers; only the
            # e-mail ban of the customers with the blocked address is set
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("email_normalized", "in", emails),
                    ("no_email_marketing", "=", False),
                ]
            )
        )
        if partners:
            with_consent_source(partners, blocklist_source(self.env)).write(
                {"no_email_marketing": True}
            )
