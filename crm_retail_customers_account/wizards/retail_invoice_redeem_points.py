# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import clean_context, float_round


class RetailInvoiceRedeemPoints(models.TransientModel):
    """ "Redeem points" of a draft customer invoice (and of a quotation, see
    ``crm_retail_customers_sale``): the points become one discount line per
    set of taxes of the goods (``_retail_set_points_discount`` of the
    document, which checks who may and how many). The points are taken when
    the invoice is posted."""

    _name = "retail.invoice.redeem.points"
    _description = "Redeem Reward Points on an Invoice"

    move_id = fields.Many2one(
        "account.move", "Invoice", readonly=True, ondelete="cascade"
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_figures")
    partner_id = fields.Many2one(
        "res.partner", compute="_compute_figures", string="Customer"
    )
    balance = fields.Float(
        "Points Balance",
        digits="Reward Points",
        compute="_compute_figures",
        help="The customer's points now (they are checked again when the "
        "invoice is posted).",
    )
    max_points = fields.Float(
        "At Most",
        digits="Reward Points",
        compute="_compute_figures",
        help="The balance, and no more points than the goods of the invoice "
        "that may be paid with points are worth.",
    )
    points = fields.Float(
        "Points to Redeem",
        digits="Reward Points",
        help="0 removes the points discount.",
    )
    value = fields.Monetary(
        "Discount", compute="_compute_figures", currency_field="currency_id"
    )

    def _retail_document(self):
        """The invoice (or quotation) the points are redeemed on."""
        self.ensure_one()
        return self.move_id

    @api.depends("move_id", "points")
    def _compute_figures(self):
        for wizard in self:
            document = wizard._retail_document()
            if not document:
                wizard.balance = wizard.max_points = wizard.value = 0.0
                wizard.currency_id = wizard.partner_id = False
                continue
            company = document.company_id
            customer = document.partner_id.commercial_partner_id
            balance = max(customer.reward_points, 0.0) if customer else 0.0
            point_value = company.retail_point_value
            payable = document._retail_redeemable_amount()
            most = payable / point_value if point_value else 0.0
            wizard.currency_id = company.currency_id
            wizard.partner_id = customer
            wizard.balance = balance
            wizard.max_points = float_round(
                min(balance, most),
                precision_digits=company._retail_points_digits(),
                rounding_method="DOWN",
            )
            wizard.value = company.currency_id.round(wizard.points * point_value)

    def action_redeem(self):
        self.ensure_one()
        document = self._retail_document()
        if not document:
            raise UserError(_("Choose the document first."))
        # the wizard's defaults (default_move_id) are not the new records'
        document = document.with_context(clean_context(self.env.context))
        document._retail_set_points_discount(self.points)
        return {"type": "ir.actions.act_window_close"}
