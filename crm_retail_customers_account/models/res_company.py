# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    retail_points_from_invoices = fields.Boolean(
        "Reward Points from Invoices",
        help="Posted customer invoices that do not come from the Point of Sale "
        "earn reward points on their untaxed amount; credit notes take them back.",
    )
    retail_points_journal_id = fields.Many2one(
        "account.journal",
        "Points Journal",
        domain="[('type', '=', 'bank'), ('company_id', '=', id)]",
        check_company=True,
        help="Companies that redeem points as a payment: the bank journal of "
        "the points payments of customer invoices (Pay with Points); its "
        "account receives the value of the points. It may be the journal of "
        "the till's points payment method.",
    )
    # Kept under its name when it moved here from the core: the companies'
    # values stay.
    retail_customer_since_invoice = fields.Boolean(
        "Customer Since: First Invoice",
        help="Set 'customer since' from the first posted customer invoice.",
    )

    def _retail_customer_since_sources(self):
        return super()._retail_customer_since_sources() + [
            "retail_customer_since_invoice"
        ]

    @api.constrains("retail_points_journal_id")
    def _check_retail_points_journal(self):
        for company in self:
            journal = company.retail_points_journal_id
            if journal and journal.type != "bank":
                raise ValidationError(
                    _(
                        "The points journal of %(company)s must be a bank journal.",
                        company=company.name,
                    )
                )
