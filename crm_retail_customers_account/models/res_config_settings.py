# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

ACCOUNTING = "account.group_account_manager"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    retail_points_from_invoices = fields.Boolean(
        related="company_id.retail_points_from_invoices", readonly=False
    )
    retail_customer_since_invoice = fields.Boolean(
        related="company_id.retail_customer_since_invoice", readonly=False
    )
    retail_points_journal_id = fields.Many2one(
        related="company_id.retail_points_journal_id", readonly=False
    )
    retail_liability_account_id = fields.Many2one(
        related="company_id.retail_liability_account_id",
        readonly=False,
        groups=ACCOUNTING,
    )
    retail_points_expense_account_id = fields.Many2one(
        related="company_id.retail_points_expense_account_id",
        readonly=False,
        groups=ACCOUNTING,
    )
    retail_breakage_account_id = fields.Many2one(
        related="company_id.retail_breakage_account_id",
        readonly=False,
        groups=ACCOUNTING,
    )
    retail_liability_journal_id = fields.Many2one(
        related="company_id.retail_liability_journal_id",
        readonly=False,
        groups=ACCOUNTING,
    )
    retail_liability_frequency = fields.Selection(
        related="company_id.retail_liability_frequency",
        readonly=False,
        groups=ACCOUNTING,
    )
    retail_liability_error = fields.Text(
        related="company_id.retail_liability_error", groups=ACCOUNTING
    )
    retail_liability_missing = fields.Char(
        "Missing Settings",
        compute="_compute_retail_liability_check",
        groups=ACCOUNTING,
    )
    retail_liability_balance = fields.Monetary(
        "Liability Account Balance",
        compute="_compute_retail_liability_check",
        currency_field="currency_id",
        groups=ACCOUNTING,
    )
    retail_liability_expected = fields.Monetary(
        "Posted Points × Point Value",
        compute="_compute_retail_liability_check",
        currency_field="currency_id",
        groups=ACCOUNTING,
    )
    retail_liability_difference = fields.Monetary(
        "Difference",
        compute="_compute_retail_liability_check",
        currency_field="currency_id",
        groups=ACCOUNTING,
    )
    retail_liability_unposted = fields.Float(
        "Points Not Posted Yet",
        digits="Reward Points",
        compute="_compute_retail_liability_check",
        groups=ACCOUNTING,
    )
    retail_liability_posted_until = fields.Datetime(
        "Posted Until",
        compute="_compute_retail_liability_check",
        groups=ACCOUNTING,
    )

    @api.depends("company_id")
    def _compute_retail_liability_check(self):
        for settings in self:
            # a settings form being opened may not have its company yet
            company = settings.company_id or self.env.company
            check = company._retail_liability_check()
            missing = company._retail_liability_missing()
            settings.retail_liability_missing = ", ".join(missing) or False
            settings.retail_liability_balance = check["balance"]
            settings.retail_liability_expected = check["expected"]
            settings.retail_liability_difference = check["difference"]
            settings.retail_liability_unposted = check["unposted"]
            settings.retail_liability_posted_until = check["posted_until"]

    def action_retail_post_points_liability(self):
        self.ensure_one()
        return self.company_id.action_retail_post_points_liability()
