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
        kind = self.env.context.get("retail_message")
        template = self.env.ref(SMS_TEMPLATES.get(kind, ""), raise_if_not_found=False)
        if not template:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": template._name,
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
        }
