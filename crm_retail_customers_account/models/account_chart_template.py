# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountChartTemplate(models.AbstractModel):
    """A chart of accounts loaded for a company comes with the accounts and
    the journal of the points liability (any localisation: they are made
    next to accounts of the same type, whatever their codes)."""

    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        res = super()._post_load_data(template_code, company, template_data)
        (company or self.env.company)._retail_setup_liability_accounts()
        return res
