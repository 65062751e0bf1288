# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import UserError

from odoo.addons.crm_retail_customers.models.retail_derived_state_mixin import (
    _SERVER_WRITE,
)

#: Fields of a points discount line that make its money: only the server
#: sets them (``sale.order._retail_set_points_discount``), and the stored
#: amounts that follow from them.
REDEMPTION_LINE_FIELDS = frozenset(
    {
        "product_id",
        "price_unit",
        "product_uom_qty",
        "discount",
        "tax_id",
        "order_id",
        "price_subtotal",
        "price_total",
        "price_tax",
    }
)


class SaleOrderLine(models.Model):
    """The points discount lines of a quotation are derived state: only the
    server adds them or changes their money (as an invoice's,
    ``account.move.line``)."""

    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._retail_check_redemption_lines()
        return lines

    def write(self, vals):
        if REDEMPTION_LINE_FIELDS.intersection(vals):
            self._retail_check_redemption_lines(vals.get("product_id"))
        res = super().write(vals)
        if "product_id" in vals:
            self._retail_check_redemption_lines()
        return res

    def _retail_check_redemption_lines(self, product_id=None):
        if self.env.su or self.env.context.get("retail_derived_write") is _SERVER_WRITE:
            return
        redemption = self.env["account.move"]._retail_redemption_product()
        if not redemption:
            return
        if any(
            line.product_id == redemption or product_id == redemption.id
            for line in self
        ):
            raise UserError(
                _(
                    "The points discount lines are set by Redeem points only: "
                    "their points and amounts cannot be set by hand."
                )
            )
