# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools.dates import format_date_lang


class ReportRetailCard(models.AbstractModel):
    """The printable loyalty card: for Retail CRM users, who issue cards
    (every employee may read a card number, not print the card)."""

    _name = "report.crm_retail_customers.report_retail_card"
    _description = "Loyalty Card"

    @api.model
    def _get_report_values(self, docids, data=None):
        self.env["retail.customer.report"]._check_report_access()
        return {
            "doc_ids": docids,
            "doc_model": "retail.card",
            "docs": self.env["retail.card"].browse(docids),
            # the holder's calendar: Solar Hijri on a Persian holder's card
            "format_date": lambda value, lang: format_date_lang(
                self.env, value, lang_code=lang
            ),
        }
