# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from odoo.addons.crm_retail_customers.models.marketing_ban_sql import (
    retail_banned_record_ids,
)


class SmsComposer(models.TransientModel):
    """Bulk text messages of the SMS composer (``mass`` mode: "Send SMS" on
    a selection of records, and the SMS mailings) skip customers banned from
    SMS marketing as they skip the phone blocklist: a bulk send to customers
    is marketing. Single messages (``comment`` / ``numbers`` modes) stay
    allowed, and a composer told not to use the blocklist (a transactional
    bulk send) does not check bans either."""

    _inherit = "sms.composer"

    def _get_optout_record_ids(self, records, recipients_info):
        """Add the records whose recipient is banned from SMS marketing (own
        or company ban, or a banned customer's number), found with one query
        for the whole selection; they are cancelled as opted out."""
        optout_ids = super()._get_optout_record_ids(records, recipients_info)
        if not (
            self.composition_mode == "mass" and self.mass_use_blacklist and records
        ):
            return optout_ids
        banned = retail_banned_record_ids(records, records.ids, "sms")
        return list(optout_ids) + sorted(banned - set(optout_ids))
