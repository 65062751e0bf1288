# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class RetailPointEntry(models.Model):
    _inherit = "retail.point.entry"

    @api.model
    def _get_documents_booked_by_their_source(self, documents):
        """Invoices of POS orders: the order earned when it was paid, so the
        invoice the till (or the back office) makes of it earns nothing."""
        booked = super()._get_documents_booked_by_their_source(documents)
        if documents._name != "account.move":
            return booked
        # sudo: only whether POS orders are linked is read; an accountant
        # posting the invoice may have no access to the Point of Sale.
        from_pos = documents.sudo().filtered("pos_order_ids")
        return booked | documents.browse(from_pos.ids)
