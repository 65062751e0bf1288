# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RetailPointsLiabilityReport(models.TransientModel):
    """Invoicing › Reporting › Points Liability (and Contacts › Reporting):
    the roll-forward of the reward points liability, as a PDF or a CSV."""

    _name = "retail.points.liability.report"
    _description = "Points Liability Roll-forward"

    date_from = fields.Date(
        "From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
        help="The report starts with the whole month of this day.",
    )
    date_to = fields.Date(
        "To",
        required=True,
        default=fields.Date.context_today,
        help="The report ends with the whole month of this day.",
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="One section per company, in its own currency and time zone.",
    )
    csv_format = fields.Selection(
        [
            ("comma", "CSV (comma)"),
            (
                "excel",
                (
                    "CSV for Excel (semicolons, numbers and dates as your "
                    "language writes them)"
                ),
            ),
        ],
        string="CSV Format",
        required=True,
        default=lambda self: self.env[
            "retail.customer.report.wizard"
        ]._default_csv_format(),
    )

    @api.constrains("company_ids")
    def _check_company_ids(self):
        """Only the user's companies (a wizard is written over RPC too)."""
        if self.env.su:
            return
        allowed = self.env.user.company_ids
        for wizard in self:
            # sudo: the companies chosen, compared with the user's own; a
            # company the user may not read would be dropped from the field
            # as the user reads it (and refused with no word on why)
            foreign = wizard.sudo().company_ids - allowed.sudo()
            if foreign:
                name = foreign[:1].name
                raise ValidationError(
                    _(
                        "You cannot report on %(company)s: it is not one of "
                        "your companies.",
                        company=name,
                    )
                )

    def _get_options(self):
        """The checked options (``retail.points.liability._check_options``,
        the one validation of the PDF and the CSV)."""
        self.ensure_one()
        Liability = self.env["retail.points.liability"]
        Liability._check_access()
        return Liability._check_options(
            {
                "date_from": fields.Date.to_string(self.date_from) or None,
                "date_to": fields.Date.to_string(self.date_to) or None,
                "company_ids": self.company_ids.ids,
                "csv_format": self.csv_format or "comma",
            }
        )

    def _get_print_name(self):
        """The PDF's file name: the report and its period."""
        self.ensure_one()
        return _(
            "Points liability %(start)s - %(end)s",
            start=self.date_from.strftime("%Y-%m"),
            end=self.date_to.strftime("%Y-%m"),
        )

    def action_print_pdf(self):
        self._get_options()
        return self.env.ref(
            "crm_retail_customers_account.action_report_points_liability"
        ).report_action(self, config=False)

    def action_download_csv(self):
        self._get_options()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_retail_customers_account/liability/csv/{self.id}",
            "target": "download",
        }
