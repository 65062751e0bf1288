# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RetailPointsAdjustWizard(models.TransientModel):
    """Manager wizard for the two manual bookings: an adjustment (points up or
    down, with a reason) and a redemption (never below zero)."""

    _name = "retail.points.adjust.wizard"
    _description = "Adjust or Redeem Reward Points"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    mode = fields.Selection(
        [("adjust", "Adjust"), ("redeem", "Redeem")], default="adjust", required=True
    )
    balance = fields.Float(
        related="partner_id.commercial_partner_id.reward_points",
        string="Current Balance",
        # read as the user: a manager of another company learns nothing of a
        # customer they may not read by opening the wizard on them
        related_sudo=False,
    )
    points = fields.Float(
        digits="Reward Points",
        help="Adjust: positive adds, negative removes. Redeem: points to use.",
    )
    note = fields.Text(
        "Reason", help="Why the points are adjusted; kept in the ledger."
    )
    origin = fields.Char("Reference")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            self.env.context.get("active_model") == "res.partner"
            and "partner_id" in fields_list
            and not res.get("partner_id")
        ):
            res["partner_id"] = self.env.context.get("active_id")
        return res

    @api.model_create_multi
    def create(self, vals_list):
        """Only for customers the user may read (the partners' company
        rules): a wizard on another company's customer is refused. The points
        are checked first (``NaN`` or a fortune gets a clear error, not a
        crash of the rounding)."""
        for vals in vals_list:
            self.env["retail.point.entry"]._retail_check_points_value(
                vals.get("points")
            )
        wizards = super().create(vals_list)
        wizards.partner_id.check_access_rights("read")
        wizards.partner_id.check_access_rule("read")
        return wizards

    def write(self, vals):
        if "points" in vals:
            self.env["retail.point.entry"]._retail_check_points_value(vals["points"])
        return super().write(vals)

    def _idempotency_key(self):
        """One booking per wizard: a confirm sent twice (double click, a
        replayed request) books once."""
        return f"points-wizard:{self.id}"

    def _origin_vals(self, code):
        """The reference typed by the user, as typed; else the application's
        description ``code``, shown in each reader's language."""
        if self.origin:
            return {"origin": self.origin}
        return self.env["retail.point.entry"]._origin_vals(code)

    def action_confirm(self):
        self.ensure_one()
        self.env["retail.point.entry"]._retail_check_points_value(self.points)
        # a whole-points company redeems and adjusts whole points only
        self.env.company._retail_check_whole_points(self.points)
        if self.mode == "redeem":
            if self.points <= 0:
                raise UserError(_("Enter the number of points to redeem."))
            self.partner_id._retail_check_may_redeem()
            self.partner_id._post_reward_points(
                -self.points,
                "redeem",
                note=self.note,
                **self._origin_vals("manual_redeem"),
                idempotency_key=self._idempotency_key(),
            )
        else:
            self.partner_id._post_reward_points(
                self.points,
                "adjust",
                note=self.note,
                **self._origin_vals("manual_adjust"),
                idempotency_key=self._idempotency_key(),
            )
        return {"type": "ir.actions.act_window_close"}
