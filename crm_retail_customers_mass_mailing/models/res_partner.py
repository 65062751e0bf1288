# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.osv import expression

from odoo.addons.crm_retail_customers.models.res_partner import MARKETING_BANS


class ResPartner(models.Model):
    """Mailings sent to contacts skip those whose ban on the channel is
    effective (own or company's). mass_mailing and mass_mailing_sms look
    these hooks up by name on the mailing's model."""

    _inherit = "res.partner"

    def _retail_mailing_banned(self, mailing, channel):
        """Recipients (``self``, else the mailing's) banned on ``channel``,
        found with one query rather than by loading every recipient.

        The mailing's domain is used, not ``_get_recipients()``: for an A/B
        test that draws a new random sample on each call, and the banned
        customers of the sample really sent could be missed.
        """
        effective_field = MARKETING_BANS[channel][1]
        if self:
            scope = [("id", "in", self.ids)]
        elif mailing:
            scope = mailing._parse_mailing_domain()
        else:
            return self.browse()
        return self.search(expression.AND([scope, [(effective_field, "=", True)]]))

    def _mailing_get_opt_out_list(self, mailing):
        """E-mail addresses e-mail marketing must skip: those of customers with
        an effective e-mail ban among the mailing's recipients."""
        banned = self._retail_mailing_banned(mailing, "email")
        return set(banned.mapped("email_normalized")) - {False}

    def _mailing_get_opt_out_list_sms(self, mailing):
        """Partner ids SMS marketing must skip (effective SMS ban)."""
        return self._retail_mailing_banned(mailing, "sms").ids

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
