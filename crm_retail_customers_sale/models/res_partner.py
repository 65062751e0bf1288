# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


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
        return self._get_retail_latest_documents(
            SQL("sale_order o JOIN res_partner p ON p.id = o.partner_id"),
            document=SQL("o.id"),
            customer=SQL("p.commercial_partner_id"),
            number=SQL("o.name"),
            day=SQL("o.date_order"),
            where=SQL(
                "o.state = 'sale' AND o.company_id IN %s",
                tuple(self.env.companies.ids),
            ),
            partner_ids=partner_ids,
            date_from=date_from,
            date_to=date_to,
        )
