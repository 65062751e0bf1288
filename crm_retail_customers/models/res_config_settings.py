# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .retail_customer_message import MESSAGE_TEMPLATES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    retail_points_per_currency = fields.Float(
        related="company_id.retail_points_per_currency", readonly=False
    )
    retail_point_value = fields.Float(
        related="company_id.retail_point_value", readonly=False
    )
    retail_points_on_untaxed = fields.Boolean(
        related="company_id.retail_points_on_untaxed", readonly=False
    )
    retail_points_precision = fields.Selection(
        related="company_id.retail_points_precision", readonly=False
    )
    retail_points_redeem_mode = fields.Selection(
        related="company_id.retail_points_redeem_mode", readonly=False
    )
    retail_tier_opening_purchases = fields.Boolean(
        related="company_id.retail_tier_opening_purchases", readonly=False
    )
    retail_points_validity_months = fields.Integer(
        related="company_id.retail_points_validity_months", readonly=False
    )
    retail_allow_negative_balance = fields.Boolean(
        related="company_id.retail_allow_negative_balance", readonly=False
    )
    retail_card_check_ean13 = fields.Boolean(
        related="company_id.retail_card_check_ean13", readonly=False
    )
    retail_card_prefix = fields.Char(
        related="company_id.retail_card_prefix", readonly=False
    )
    retail_members_only = fields.Boolean(
        related="company_id.retail_members_only", readonly=False
    )
    retail_birthday_points = fields.Float(
        related="company_id.retail_birthday_points", readonly=False
    )
    retail_welcome_points = fields.Float(
        related="company_id.retail_welcome_points", readonly=False
    )
    retail_welcome_on_enrol = fields.Boolean(
        related="company_id.retail_welcome_on_enrol", readonly=False
    )
    retail_referral_points = fields.Float(
        related="company_id.retail_referral_points", readonly=False
    )
    retail_suspicious_transactions = fields.Integer(
        related="company_id.retail_suspicious_transactions", readonly=False
    )
    retail_suspicious_points = fields.Float(
        related="company_id.retail_suspicious_points", readonly=False
    )
    retail_retention_years = fields.Integer(
        related="company_id.retail_retention_years", readonly=False
    )
    retail_mail_welcome = fields.Boolean(
        related="company_id.retail_mail_welcome", readonly=False
    )
    retail_mail_expiry = fields.Boolean(
        related="company_id.retail_mail_expiry", readonly=False
    )
    retail_mail_birthday = fields.Boolean(
        related="company_id.retail_mail_birthday", readonly=False
    )
    retail_mail_statement = fields.Boolean(
        related="company_id.retail_mail_statement", readonly=False
    )

    def action_retail_edit_message_template(self):
        """Open the e-mail template of the message named in the button's
        context (``retail_message``) to edit it."""
        return self._retail_edit_template_action(MESSAGE_TEMPLATES)

    def _retail_edit_template_action(self, templates):
        """The form of the template ``templates`` (``{message kind: XML id}``)
        names for the message of the button's context (``retail_message``),
        or ``False`` for a kind it does not know (a tampered context) or a
        template deleted since."""
        kind = self.env.context.get("retail_message")
        template = self.env.ref(templates.get(kind, ""), raise_if_not_found=False)
        if not template:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": template._name,
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
        }
