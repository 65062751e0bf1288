# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..models.res_company import LIABILITY_ACCOUNT_TYPES

ACCOUNTING = "account.group_account_manager"
#: The company settings this form shows and saves.
SETTINGS = (
    *LIABILITY_ACCOUNT_TYPES,
    "retail_liability_journal_id",
    "retail_liability_frequency",
)


class RetailPointsLiabilityPost(models.TransientModel):
    """*Invoicing › Configuration › Points Liability*: where accounting
    managers, who do not reach Odoo's Settings, set the accounts of the
    points liability of their company, see the reconciliation and post."""

    _name = "retail.points.liability.post"
    _description = "Points Liability Posting"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    retail_liability_account_id = fields.Many2one(
        "account.account",
        "Points Liability Account",
        domain="[('account_type', 'in', ('liability_current', "
        "'liability_non_current')), ('deprecated', '=', False), "
        "('company_id', '=', company_id)]",
    )
    retail_points_expense_account_id = fields.Many2one(
        "account.account",
        "Points Expense Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost', "
        "'income', 'income_other')), ('deprecated', '=', False), "
        "('company_id', '=', company_id)]",
    )
    retail_breakage_account_id = fields.Many2one(
        "account.account",
        "Points Breakage Account",
        domain="[('account_type', 'in', ('income', 'income_other')), "
        "('deprecated', '=', False), ('company_id', '=', company_id)]",
    )
    retail_liability_journal_id = fields.Many2one(
        "account.journal",
        "Points Liability Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', company_id)]",
    )
    retail_liability_frequency = fields.Selection(
        [("daily", "Daily"), ("monthly", "Monthly")],
        "Points Liability Posting",
        default="monthly",
        required=True,
    )
    error = fields.Text(compute="_compute_check")
    missing = fields.Char("Missing Settings", compute="_compute_check")
    balance = fields.Monetary("Liability Account Balance", compute="_compute_check")
    expected = fields.Monetary("Posted Points × Point Value", compute="_compute_check")
    difference = fields.Monetary(compute="_compute_check")
    unposted = fields.Float(
        "Points Not Posted Yet", digits="Reward Points", compute="_compute_check"
    )
    posted_until = fields.Datetime(compute="_compute_check")

    @api.model
    def _check_accounting_manager(self):
        if not self.env.user.has_group(ACCOUNTING):
            raise AccessError(
                _("Only accounting managers configure and post the points liability.")
            )

    @api.model
    def default_get(self, fields_list):
        self._check_accounting_manager()
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        # sudo: shows the accounting manager the settings of their company
        values.update(company.sudo()._retail_liability_settings())
        return values

    @api.onchange("company_id")
    def _onchange_company_id(self):
        # sudo: shows the accounting manager the settings of their company
        for field, value in self.company_id.sudo()._retail_liability_settings().items():
            self[field] = value

    @api.depends("company_id")
    def _compute_check(self):
        for wizard in self:
            # sudo: the figures of the user's company, for accounting managers
            company = wizard.company_id.sudo()
            check = company._retail_liability_check()
            wizard.error = company.retail_liability_error
            wizard.missing = ", ".join(company._retail_liability_missing()) or False
            wizard.balance = check["balance"]
            wizard.expected = check["expected"]
            wizard.difference = check["difference"]
            wizard.unposted = check["unposted"]
            wizard.posted_until = check["posted_until"]

    def _retail_save(self):
        """Save the settings on the company (an accounting manager of it)."""
        self.ensure_one()
        self._check_accounting_manager()
        company = self.company_id
        if company not in self.env.user.company_ids:
            raise AccessError(_("You cannot configure this company."))
        values = {
            field: self[field].id if field.endswith("_id") else self[field]
            for field in SETTINGS
        }
        # sudo: the company's current settings, only to compare them
        current = company.sudo()._retail_liability_settings()
        changed = {
            field: value for field, value in values.items() if current[field] != value
        }
        if changed:
            # sudo: accounting managers set these accounts without the rights
            # to write the company (checked above; the company's own
            # constraints check the accounts)
            company.sudo().write(changed)
        return company

    def action_save(self):
        self._retail_save()
        return {"type": "ir.actions.act_window_close"}

    def action_post(self):
        return self._retail_save().action_retail_post_points_liability()
