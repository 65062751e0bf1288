# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailingList(models.Model):
    """A mailing to mailing lists asks the *list* model which recipients to
    skip (``mailing_model_name`` is ``mailing.list``, the recipients are
    ``mailing.contact``): the list's own opt-outs, plus the list contacts
    that are banned customers."""

    _inherit = "mailing.list"

    def _mailing_get_opt_out_list(self, mailing):
        """List opt-outs plus the e-mail addresses of e-mail-banned customers
        among the mailing's list contacts."""
        opt_out = set(super()._mailing_get_opt_out_list(mailing))
        Contact = self.env["mailing.contact"]
        recipients = Contact._retail_recipients_query(mailing, lists=self)
        return opt_out | Contact._retail_banned_emails(recipients)

    def _mailing_get_opt_out_list_sms(self, mailing):
        """List opt-outs plus the list contacts with the number of an
        SMS-banned customer (``mailing.contact`` ids)."""
        opt_out = set(super()._mailing_get_opt_out_list_sms(mailing))
        Contact = self.env["mailing.contact"]
        recipients = Contact._retail_recipients_query(mailing, lists=self)
        return list(opt_out | set(Contact._retail_banned_sms_contact_ids(recipients)))
