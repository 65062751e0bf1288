# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class RetailInvoiceRedeemPoints(models.TransientModel):
    """The "Redeem points" wizard of invoices redeems on quotations too."""

    _inherit = "retail.invoice.redeem.points"

    order_id = fields.Many2one(
        "sale.order", "Quotation", readonly=True, ondelete="cascade"
    )

    def _retail_document(self):
        return self.order_id or super()._retail_document()

    @api.depends("move_id", "order_id", "points")
    def _compute_figures(self):
        return super()._compute_figures()
