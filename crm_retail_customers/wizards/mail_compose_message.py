# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..models.marketing_ban_sql import retail_banned_record_ids


class MailComposeMessage(models.TransientModel):
    """Bulk e-mails of the composer (``mass_mail`` mode: "Send email" on a
    selection of records, and the mailings) skip banned customers as they
    skip the blocklist: a bulk send to customers is marketing. One-to-one
    messages (``comment`` mode) stay allowed: they are not marketing, and
    a composer told not to use the exclusion list (a transactional bulk
    send) does not check bans either."""

    _inherit = "mail.compose.message"

    def _process_mail_values_state(self, mail_values_dict):
        """Cancel, as opted out, the e-mails of records whose recipient is
        banned from e-mail marketing (one query for the batch)."""
        mail_values_dict = super()._process_mail_values_state(mail_values_dict)
        if not (
            self.composition_mode == "mass_mail"
            and self.use_exclusion_list
            and self.model
            and self.model in self.env
            and mail_values_dict
        ):
            return mail_values_dict
        banned = retail_banned_record_ids(
            self.env[self.model], list(mail_values_dict), "email"
        )
        for res_id in banned:
            mail_values = mail_values_dict[res_id]
            if mail_values.get("state") != "cancel":
                mail_values["state"] = "cancel"
                mail_values["failure_type"] = "mail_optout"
        return mail_values_dict
