# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The points each earning rule gave an order, for the till's receipt."""

from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _retail_points_ui_data(self):
        data = super()._retail_points_ui_data()
        if data:
            data["rules"] = self._retail_receipt_rule_lines()
        return data

    def _retail_receipt_rule_lines(self):
        """``[{"name", "points"}]``: the points each earning rule gave this
        order's sale (or took back for goods returned without receipt), as
        booked (``retail.point.entry.detail``: the rule's name kept at
        booking), with one query; empty when only the normal rate applied."""
        self.ensure_one()
        # sudo: only the booked points by rule of this very order are read,
        # for its receipt (cashiers do not read the ledger)
        Detail = self.env["retail.point.entry.detail"].sudo()
        details = Detail.search_fetch(
            [
                ("entry_id.res_model", "=", self._name),
                ("entry_id.res_id", "=", self.id),
                ("entry_id.kind", "in", ("earn", "reverse")),
            ],
            ["rule_id", "name", "points"],
            order="id",
        )
        if not details.rule_id:
            return []
        return [
            {"name": detail.name, "points": detail.points, "rule_id": detail.rule_id.id}
            for detail in details
        ]
