# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .res_partner import SMS_TEMPLATES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    retail_sms_welcome = fields.Boolean(
        related="company_id.retail_sms_welcome", readonly=False
    )
    retail_sms_expiry = fields.Boolean(
        related="company_id.retail_sms_expiry", readonly=False
    )
    retail_sms_birthday = fields.Boolean(
        related="company_id.retail_sms_birthday", readonly=False
    )
    retail_sms_statement = fields.Boolean(
        related="company_id.retail_sms_statement", readonly=False
    )

    def action_retail_edit_sms_template(self):
        """Open the SMS template of the message named in the button's
        context (``retail_message``) to edit it."""
        return self._retail_edit_template_action(SMS_TEMPLATES)
