# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RetailCustomerReportWizard(models.TransientModel):
    """Filter the reports' customers by loyalty membership."""

    _inherit = "retail.customer.report.wizard"

    membership = fields.Selection(
        [
            ("all", "All customers"),
            ("members", "Loyalty members"),
            ("non_members", "Not members"),
        ],
        default="all",
        required=True,
    )

    def _get_raw_options(self):
        return dict(super()._get_raw_options(), membership=self.membership)
