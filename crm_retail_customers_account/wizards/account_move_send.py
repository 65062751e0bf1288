# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountMoveSend(models.TransientModel):
    _inherit = "account.move.send"

    def _get_default_mail_partner_ids(self, move, mail_template, mail_lang):
        """An invoice made out to a company is e-mailed to the company's
        invoice contact instead of the company (the template addresses the
        invoice partner); the company's other contacts are not added."""
        partners = super()._get_default_mail_partner_ids(move, mail_template, mail_lang)
        contact = move._retail_get_invoice_contact()
        if contact and move.partner_id in partners:
            partners = (partners - move.partner_id) | contact
        return partners
