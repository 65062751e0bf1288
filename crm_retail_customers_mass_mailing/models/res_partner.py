# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from odoo.addons.crm_retail_customers.models.marketing_ban_sql import (
    retail_banned_emails,
    retail_banned_record_ids,
)


class ResPartner(models.Model):
    """Mailings sent to contacts skip those whose ban on the channel is
    effective (own or company's) and the contacts with a banned customer's
    address or number. mass_mailing and mass_mailing_sms look these hooks up
    by name on the mailing's model."""

    _inherit = "res.partner"

    def _retail_mailing_recipients(self, mailing):
        """The recipients a hook is asked about, as ids or a query (record
        rules applied): these contacts, or, called on none, the mailing's.

        The mailing's domain is used, not ``_get_recipients()``: for an A/B
        test that draws a new random sample on each call, and the banned
        customers of the sample really sent could be missed.
        """
        if self:
            return self.ids
        if mailing:
            return self._search(mailing._parse_mailing_domain()).subselect()
        return []

    def _mailing_get_opt_out_list(self, mailing):
        """E-mail addresses e-mail marketing must skip among the mailing's
        recipients: those of customers with an effective e-mail ban, and
        the same address on another contact card (the ban belongs to the
        person's address), found with one query. Normalised only: the
        composer adds the stored forms for contacts."""
        return retail_banned_emails(self, self._retail_mailing_recipients(mailing))

    def _mailing_get_opt_out_list_sms(self, mailing):
        """Partner ids SMS marketing must skip: effective SMS ban, or one of
        the numbers of a customer who has one (the ban belongs to the
        person's number), found with one query."""
        recipients = self._retail_mailing_recipients(mailing)
        return sorted(retail_banned_record_ids(self, recipients, "sms"))

    # -- erasure (crm_retail_customers: res.partner._retail_forget) -----------
    def _retail_forget_scrub(self, names, values):
        """Mailing-list contacts with the person's e-mail or phone go (their
        subscriptions with them) unless another customer has that address
        or number; the traces of the mailings sent to them are
        kept for the mailings' statistics, without the address or number,
        and the clicks without the IP address; text messages to them go."""
        cr = self.env.cr
        ids = tuple(self.ids)
        # list contacts are not linked to customers: those with an address
        # or number of these partners that no other customer uses are theirs
        emails, phones = self._retail_forget_exclusive_addresses(with_lists=False)
        emails = emails or ("",)
        phones = phones or ("",)
        cr.execute(
            """DELETE FROM mailing_contact
                WHERE lower(email) IN %s OR email_normalized IN %s
                   OR mobile IN %s
            RETURNING id""",
            [emails, emails, phones],
        )
        contact_ids = tuple(row[0] for row in cr.fetchall())
        self._retail_forget_messages("mailing.contact", contact_ids)
        cr.execute(
            """UPDATE mailing_trace SET email = NULL, sms_number = NULL
                WHERE (model = 'res.partner' AND res_id IN %s)
                   OR (model = 'mailing.contact' AND res_id IN %s)
                   OR lower(email) IN %s OR sms_number IN %s
            RETURNING id""",
            [ids, contact_ids or (0,), emails, phones],
        )
        trace_ids = tuple(row[0] for row in cr.fetchall())
        if trace_ids:
            cr.execute(
                "UPDATE link_tracker_click SET ip = NULL WHERE mailing_trace_id IN %s",
                [trace_ids],
            )
        cr.execute(
            "DELETE FROM sms_sms WHERE partner_id IN %s OR number IN %s",
            [ids, phones],
        )
        return super()._retail_forget_scrub(names, values)
