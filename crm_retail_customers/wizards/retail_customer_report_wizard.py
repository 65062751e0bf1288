# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.res_partner import MARKETING_BANS
from ..models.retail_customer_report import PERIOD_REPORTS as NEEDS_PERIOD

CONSENT = [("all", "All"), ("allowed", "Allowed"), ("banned", "Banned")]
#: Reports that read a period (the activity reports need one).
PERIOD_REPORTS = ("recent", *NEEDS_PERIOD)


class RetailCustomerReportWizard(models.TransientModel):
    """Contacts › Reporting › Customer reports: pick a report and filters,
    then print it (PDF) or download it (CSV)."""

    _name = "retail.customer.report.wizard"
    _description = "Customer Reports"

    report = fields.Selection(
        selection=lambda self: self.env[
            "retail.customer.report"
        ]._get_report_selection(),
        default="balances",
    )
    customer_group_ids = fields.Many2many(
        "retail.customer.group",
        string="Customer Groups",
        help="Customers of these groups and of their subgroups.",
    )
    tier_ids = fields.Many2many("retail.tier", string="Tiers")
    consent_letter = fields.Selection(CONSENT, "Letters", default="all", required=True)
    consent_sms = fields.Selection(CONSENT, "SMS", default="all", required=True)
    consent_email = fields.Selection(CONSENT, "E-mails", default="all", required=True)
    date_from = fields.Date(
        "From", compute="_compute_period", store=True, readonly=False, precompute=True
    )
    date_to = fields.Date(
        "To", compute="_compute_period", store=True, readonly=False, precompute=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # Archived customers too: the period reports keep them (their points
    # were given all the same), so a customer chosen for one must not be
    # dropped by the field's read, which filters archived records out
    # (active_test) and would leave the report without its customer.
    partner_ids = fields.Many2many(
        "res.partner",
        string="Selected Customers",
        help="Only these customers (when opened from the customer list).",
        context={"active_test": False},
        domain=["|", ("active", "=", True), ("active", "=", False)],
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
        default=lambda self: self._default_csv_format(),
        help="The comma-separated file is for other programs: a decimal point "
        "and dates as YYYY-MM-DD, whatever your language. The Excel file is "
        "separated by semicolons, in UTF-8 with a BOM, and writes numbers with "
        "the decimal separator of your language and dates in its date format "
        "(1234,50 and 31.12.2026 in Finnish, 1234.50 and 12/31/2026 in "
        "English); it is the default for languages writing a decimal comma, "
        "whose spreadsheet programs expect semicolons.",
    )

    @api.depends("report")
    def _compute_period(self):
        """The points activity needs a period: this year up to today (as
        the Print menu of the customer list prints it) unless one is chosen.
        The other reports read every date unless one is chosen."""
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.report in NEEDS_PERIOD and not (
                wizard.date_from or wizard.date_to
            ):
                wizard.date_from = today.replace(month=1, day=1)
                wizard.date_to = today
            else:
                wizard.date_from = wizard.date_from
                wizard.date_to = wizard.date_to

    @api.model
    def _default_csv_format(self):
        """Excel's flavour for users whose language writes a decimal comma:
        their spreadsheet program expects semicolons there."""
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        return "excel" if lang and lang.decimal_point == "," else "comma"

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        context = self.env.context
        if (
            "partner_ids" in fields_list
            and context.get("active_model") == "res.partner"
            and context.get("active_ids")
        ):
            res["partner_ids"] = [fields.Command.set(context["active_ids"])]
        return res

    def _check_options(self):
        self.ensure_one()
        if not self.report:
            raise UserError(_("Choose a report."))
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError(_("The period ends before it starts."))
        if self.report in NEEDS_PERIOD and not (self.date_from and self.date_to):
            raise ValidationError(_("The points activity report needs a period."))
        foreign = self.customer_group_ids.filtered(
            lambda g: g.company_id and g.company_id != self.company_id
        )
        if foreign:
            raise ValidationError(
                _(
                    "The customer group %(group)s belongs to another company.",
                    group=foreign[0].complete_name,
                )
            )

    @api.constrains("company_id")
    def _check_company_id(self):
        """A report reads the customers and points of its company: only one
        of the user's companies (a wizard is written over RPC too)."""
        if self.env.su:
            return
        allowed = self.env.user.company_ids
        for wizard in self:
            if wizard.company_id not in allowed:
                # sudo: only the name of the company refused, for the message
                name = wizard.company_id.sudo().name
                raise ValidationError(
                    _(
                        "You cannot report on %(company)s: it is not one of "
                        "your companies.",
                        company=name,
                    )
                )

    def _get_options(self):
        """The report's options, checked by the wizard (friendly messages)
        and by the report itself: ``retail.customer.report._check_options``
        is the one validation of every route (PDF, HTML, CSV)."""
        self._check_options()
        return self.env["retail.customer.report"]._check_options(
            self._get_raw_options()
        )

    def _get_raw_options(self):
        return {
            "report": self.report,
            "group_ids": self.customer_group_ids.ids,
            "tier_ids": self.tier_ids.ids,
            "consent": {
                channel: self[f"consent_{channel}"] for channel in MARKETING_BANS
            },
            "date_from": fields.Date.to_string(self.date_from) or None,
            "date_to": fields.Date.to_string(self.date_to) or None,
            "company_id": self.company_id.id,
            "partner_ids": self.partner_ids.ids,
            "csv_format": self.csv_format or "comma",
        }

    def action_print_pdf(self):
        """The PDF of this wizard (its id in the report's URL, so that the
        download is named after the report: ``_get_print_name``); the
        options are checked now, for a clear message, and again by the
        report when it reads them from the wizard."""
        self._get_options()
        return self.env.ref(
            "crm_retail_customers.action_report_retail_customers"
        ).report_action(self, config=False)

    def _get_print_name(self):
        """The PDF's file name (``print_report_name``): the report and the
        day it is printed, in the user's language and timezone."""
        self.ensure_one()
        label = self.env["retail.customer.report"]._get_report_label(self.report)
        return f"{label} {fields.Date.context_today(self)}"

    @api.model
    def _print_for_partners(self, report, partners):
        """Print menu of the customer list: the report for those customers."""
        vals = {"report": report, "partner_ids": [fields.Command.set(partners.ids)]}
        if report in PERIOD_REPORTS:
            today = fields.Date.context_today(self)
            vals.update(date_from=today.replace(month=1, day=1), date_to=today)
        return self.create(vals).action_print_pdf()

    def action_download_csv(self):
        self._check_options()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_retail_customers/report/csv/{self.id}",
            "target": "download",
        }
