# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import clean_context, float_round


class RetailInvoicePayPoints(models.TransientModel):
    """ "Pay with Points" of a posted customer invoice (companies that redeem
    points as a payment): a payment in the points journal worth the points
    (``account.move._retail_pay_with_points``, which checks who may and how
    many). The invoice's price and tax base stay whole."""

    _name = "retail.invoice.pay.points"
    _description = "Pay an Invoice with Reward Points"

    move_id = fields.Many2one(
        "account.move", "Invoice", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="move_id.commercial_partner_id")
    currency_id = fields.Many2one(related="move_id.company_id.currency_id")
    amount_residual = fields.Monetary(
        related="move_id.amount_residual", currency_field="currency_id"
    )
    balance = fields.Float(
        "Points Balance",
        digits="Reward Points",
        compute="_compute_figures",
        help="The customer's points now (they are checked again when the "
        "payment is posted).",
    )
    max_points = fields.Float(
        "At Most",
        digits="Reward Points",
        compute="_compute_figures",
        help="The balance, and no more points than is left to pay. A credit "
        "note: what the points payments of its invoice drew and were not "
        "given back yet.",
    )
    points = fields.Float("Points to Redeem", digits="Reward Points")
    value = fields.Monetary(
        "Amount Paid", compute="_compute_figures", currency_field="currency_id"
    )

    @api.depends("move_id", "points")
    def _compute_figures(self):
        for wizard in self:
            move = wizard.move_id
            if not move:
                wizard.balance = wizard.max_points = wizard.value = 0.0
                continue
            company = move.company_id
            customer = move.commercial_partner_id
            balance = max(customer.reward_points, 0.0)
            if move.move_type == "out_refund":
                # a refund in points gives back what the invoice's drew
                balance = move._retail_points_refundable()
            point_value = company.retail_point_value
            most = move.amount_residual / point_value if point_value else 0.0
            wizard.balance = balance
            wizard.max_points = float_round(
                min(balance, most),
                precision_digits=company._retail_points_digits(),
                rounding_method="DOWN",
            )
            wizard.value = company.currency_id.round(wizard.points * point_value)

    def action_pay(self):
        self.ensure_one()
        # the wizard's defaults (default_move_id) are not the new records'
        move = self.move_id.with_context(clean_context(self.env.context))
        move._retail_pay_with_points(self.points)
        return {"type": "ir.actions.act_window_close"}
