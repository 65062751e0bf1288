# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_retail_customers.models.retail_suspicious_activity import (
    PART_POS_HELD,
)


class RetailSuspiciousActivity(models.Model):
    """(c) Orders of the Point of Sale whose points were set aside, and the
    till of every row whose document is a POS order."""

    _inherit = "retail.suspicious.activity"
    _depends = {
        "pos.order": [
            "session_id",
            "partner_id",
            "user_id",
            "company_id",
            "date_order",
            "name",
            "retail_points_error",
            "retail_points_note",
            "retail_points_held",
            "retail_points_unrecovered",
            "retail_points_shortfall",
            "retail_points_share_gap",
        ],
        "pos.session": ["config_id"],
        "pos.config": ["name"],
        "res.partner": ["commercial_partner_id"],
    }

    kind = fields.Selection(
        selection_add=[
            ("pos_held", "Points of a POS order set aside"),
            ("pos_unrecovered", "Refund that could not take back its points"),
            ("pos_refund_share", "Refund without its share of the points discount"),
            ("pos_shortfall", "Points discount or payment not covered by points"),
        ]
    )

    @api.model
    def _retail_till(self, res_model, res_id):
        return SQL(
            """
            (SELECT pc.name
               FROM pos_order po
               JOIN pos_session ps ON ps.id = po.session_id
               JOIN pos_config pc ON pc.id = ps.config_id
              WHERE %s = 'pos.order' AND po.id = %s)
            """,
            res_model,
            res_id,
        )

    @api.model
    def _retail_suspicious_queries(self, since=None, until=None):
        return super()._retail_suspicious_queries(since, until) + [
            self._retail_query_pos_held(since, until)
        ]

    @api.model
    def _retail_query_pos_held(self, since, until):
        """(c) Paid POS orders whose points were set aside, by the amount
        check (``retail_points_held``) or because their booking failed
        (``retail_points_error``), with their till and why (booking them
        after review clears both); and refunds that could not take back the
        points they should have (``retail_points_unrecovered``: the balance
        was spent and negative balances are not allowed). A refund set aside
        because it did not refund its goods' share of the points discount
        (``retail_points_share_gap``) is a kind of its own: cash paid out for
        what the customer paid with points, or points given back for goods
        not refunded. So is an order whose points discount or points payment
        the customer's points did not cover (``retail_points_shortfall``: the
        customer had the discount, the points were not there)."""
        select = self._retail_select(
            PART_POS_HELD,
            {
                "id": SQL("o.id"),
                "kind": SQL(
                    "CASE WHEN o.retail_points_held"
                    " AND COALESCE(o.retail_points_share_gap, 0) != 0"
                    " THEN 'pos_refund_share'"
                    " WHEN o.retail_points_held"
                    " OR COALESCE(o.retail_points_error, '') != ''"
                    " THEN 'pos_held'"
                    " WHEN COALESCE(o.retail_points_unrecovered, 0) > 0"
                    " THEN 'pos_unrecovered' ELSE 'pos_shortfall' END::varchar"
                ),
                "date": self._retail_local_day(SQL("o.date_order"), SQL("ctz.tz")),
                "partner_id": SQL("rp.commercial_partner_id"),
                "user_id": SQL("o.user_id"),
                "company_id": SQL("o.company_id"),
                "points": SQL(
                    "COALESCE(NULLIF(o.retail_points_unrecovered, 0),"
                    " NULLIF(o.retail_points_shortfall, 0))::float"
                ),
                "transactions": SQL("1"),
                "res_model": SQL("'pos.order'::varchar"),
                "res_id": SQL("o.id"),
                "origin": SQL("o.name"),
                "till": SQL("pc.name"),
                "note": SQL("COALESCE(o.retail_points_error, o.retail_points_note)"),
            },
        )
        return SQL(
            """
            %(select)s
              FROM pos_order o
              JOIN pos_session ps ON ps.id = o.session_id
              JOIN pos_config pc ON pc.id = ps.config_id
              JOIN %(company_tz)s ctz ON ctz.company_id = o.company_id
         LEFT JOIN res_partner rp ON rp.id = o.partner_id
             WHERE (o.retail_points_held
                    OR COALESCE(o.retail_points_error, '') != ''
                    OR o.retail_points_unrecovered > 0
                    OR o.retail_points_shortfall > 0)
               AND %(range)s
            """,
            select=select,
            company_tz=self._retail_company_tz(),
            range=self._retail_in_range(SQL("o.date_order"), since, until),
        )

    @api.model
    def _retail_describe(self, row):
        if row["kind"] == "pos_held":
            return _(
                "The points of this order were set aside: %(reason)s",
                reason=row.get("note") or "",
            )
        if row["kind"] == "pos_refund_share":
            return _(
                "This refund did not refund its goods' share of the points "
                "discount: %(reason)s",
                reason=row.get("note") or "",
            )
        if row["kind"] == "pos_unrecovered":
            return _(
                "This refund could not take back %(points)s points: %(reason)s",
                points=row.get("points") or 0.0,
                reason=row.get("note") or "",
            )
        if row["kind"] == "pos_shortfall":
            return _(
                "This order gave a points discount or a points payment of "
                "%(points)s points more than the customer's points covered: "
                "%(reason)s",
                points=row.get("points") or 0.0,
                reason=row.get("note") or "",
            )
        return super()._retail_describe(row)
