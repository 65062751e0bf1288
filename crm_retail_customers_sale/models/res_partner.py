# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _get_retail_sales_summary(self, partner_ids, date_from=None, date_to=None):
        """Add the customers' confirmed sale orders to the sales summary."""
        summary = super()._get_retail_sales_summary(
            partner_ids, date_from=date_from, date_to=date_to
        )
        if not partner_ids:
            return summary
        return self._merge_retail_sales_summary(
            summary, self._get_retail_order_summary(partner_ids, date_from, date_to)
        )

    @api.model
    def _get_retail_order_summary(self, partner_ids, date_from, date_to):
        """``{partner_id: (count, last_number, last_date)}`` of the confirmed
        sale orders in the period (by confirmation date), by customer
        (commercial partner of the order's customer), in one grouped query.

        Only the companies the user works in are read (the query bypasses
        record rules, as a report user may not read orders; only counts and
        numbers are shown).
        """
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "company_id", "name", "date_order"]
        )
        self.flush_model(["commercial_partner_id"])
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (p.commercial_partner_id) p.commercial_partner_id,
                   COUNT(*) OVER (PARTITION BY p.commercial_partner_id),
                   o.name, o.date_order::date
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
             WHERE o.state = 'sale'
               AND p.commercial_partner_id IN %s
               AND o.company_id IN %s
               AND (%s::date IS NULL OR o.date_order >= %s::date)
               AND (%s::date IS NULL OR o.date_order < %s::date + 1)
          ORDER BY p.commercial_partner_id, o.date_order DESC, o.id DESC
            """,
            [
                tuple(partner_ids),
                tuple(self.env.companies.ids),
                date_from,
                date_from,
                date_to,
                date_to,
            ],
        )
        return {row[0]: tuple(row[1:]) for row in self.env.cr.fetchall()}
