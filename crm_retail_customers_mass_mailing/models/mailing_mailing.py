# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from odoo.addons.crm_retail_customers.models.marketing_ban_sql import (
    retail_banned_emails,
    retail_banned_record_ids,
)

#: Mailing models whose own ``_mailing_get_opt_out_list[_sms]`` hooks answer
#: the bans (res_partner.py, mailing_contact.py, mailing_list.py).
OWN_HOOK_MODELS = ("res.partner", "mailing.contact", "mailing.list")


class MailingMailing(models.Model):
    """Mailings on any other model naming a customer (sale orders, leads,
    event attendees...) skip the customers banned on the channel too: Odoo
    asks only the mailing's model for opt-outs, and those models know
    nothing of the bans."""

    _inherit = "mailing.mailing"

    def _retail_ban_scope(self):
        """The mailing's target model and its recipients as a query (record
        rules applied), or ``(None, None)`` when the model's own hooks
        answer the bans.

        The whole domain is used, not ``_get_recipients()``: that one draws a
        new random sample for A/B tests, which may differ from the one sent.
        """
        self.ensure_one()
        if self.mailing_model_name in OWN_HOOK_MODELS:
            return None, None
        target = self.env[self.mailing_model_real]
        return target, target._search(self._parse_mailing_domain()).subselect()

    def _get_opt_out_list(self):
        """Add the addresses (normalised and as stored, which is what the
        composer compares) of the banned customers the recipients name."""
        opt_out = super()._get_opt_out_list()
        target, recipients = self._retail_ban_scope()
        if target is None:
            return opt_out
        return set(opt_out) | retail_banned_emails(
            target, recipients, stored_forms=True
        )

    def _get_opt_out_list_sms(self):
        """Add the recipients whose customer is banned from SMS marketing or
        has a banned customer's number, or whose own number is one."""
        opt_out = super()._get_opt_out_list_sms()
        target, recipients = self._retail_ban_scope()
        if target is None:
            return opt_out
        banned = retail_banned_record_ids(target, recipients, "sms")
        return list(opt_out) + sorted(banned - set(opt_out))
