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
