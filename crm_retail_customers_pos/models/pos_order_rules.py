# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The points each earning rule gave an order, for the till's receipt."""

from odoo import models
from odoo.tools import SQL


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _retail_points_ui_data(self):
        data = super()._retail_points_ui_data()
        if data:
            data["rules"] = self._retail_receipt_rule_lines()
        return data

    def _retail_receipt_rule_lines(self):
        """``[{"name", "points", "rule_id"}]``: the points each earning rule
        gave this order's sale (or took back for goods returned without
        receipt), as booked (``retail.point.entry.detail``: the rule's name
        kept at booking), in one query; empty when only the normal rate
        applied. Every receipt with a customer asks: read in SQL, with no
        domain to compile."""
        self.ensure_one()
        # the ledger as the booking left it (it may still be in the ORM's
        # buffers); read without access rules, as sudo would: only the
        # booked points by rule of this very order are read, for its receipt
        # (cashiers do not read the ledger)
        self.env["retail.point.entry"].flush_model(["res_model", "res_id", "kind"])
        self.env["retail.point.entry.detail"].flush_model(
            ["entry_id", "rule_id", "name", "points"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT d.rule_id, d.name, d.points "
                "FROM retail_point_entry_detail d "
                "JOIN retail_point_entry e ON e.id = d.entry_id "
                "WHERE e.res_model = %s AND e.res_id = %s "
                "AND e.kind IN ('earn', 'reverse') ORDER BY d.id",
                self._name,
                self.id,
            )
        )
        rows = self.env.cr.fetchall()
        if not any(rule_id for rule_id, _name, _points in rows):
            return []
        return [
            {"name": name, "points": points, "rule_id": rule_id or False}
            for rule_id, name, points in rows
        ]
