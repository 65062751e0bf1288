# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression


class ResCompany(models.Model):
    _inherit = "res.company"

    retail_sms_welcome = fields.Boolean(
        "Welcome SMS",
        help="Text a customer who joins the loyalty programme.",
    )
    retail_sms_expiry = fields.Boolean(
        "Points Expiry Reminder SMS",
        help="Text a customer whose points expire within 30 days, once per "
        "expiry date.",
    )
    retail_sms_birthday = fields.Boolean(
        "Birthday SMS",
        help="Text a member their birthday greeting with the birthday bonus. "
        "Promotional: not sent to customers who refuse SMS marketing.",
    )
    retail_sms_statement = fields.Boolean(
        "Monthly Statement SMS",
        help="Text each member the statement of their points in the previous month.",
    )

    def _retail_message_enabled(self, kind):
        return super()._retail_message_enabled(kind) or bool(self[f"retail_sms_{kind}"])

    @api.model
    def _retail_message_domain(self, kind):
        return expression.OR(
            [super()._retail_message_domain(kind), [(f"retail_sms_{kind}", "=", True)]]
        )
