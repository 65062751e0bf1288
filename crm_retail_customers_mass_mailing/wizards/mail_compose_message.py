# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _get_optout_emails(self, mail_values_dict):
        """Also skip partner recipients whose address is stored in another
        form than the normalised one of the opt-out list.

        Odoo 17 compares the opt-out list (normalised addresses, as the
        hooks give them) with a partner recipient's ``email`` as stored:
        ``"Marta" <MARTA@shop.example>`` would slip through a ban. The
        stored addresses of this batch's partners whose normalised address
        is opted out are added (one read for the batch).
        """
        opt_out = super()._get_optout_emails(mail_values_dict)
        if not (
            opt_out
            and self.mass_mailing_id
            and self.composition_mode == "mass_mail"
            and self.model == "res.partner"
        ):
            return opt_out
        normalized = set(opt_out)
        partners = self.env["res.partner"].browse(list(mail_values_dict))
        partners.fetch(["email", "email_normalized"])
        stored = {
            partner.email
            for partner in partners
            if partner.email_normalized in normalized
            and partner.email not in normalized
        }
        return list(opt_out) + sorted(stored)
