# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _lt, api, models

#: Notes the Point of Sale writes in the ledger (see ``NOTE_TERMS`` of the
#: core): shown in the reader's language, stored in English.
POS_NOTE_TERMS = {
    "pos_return": _lt("Goods returned without the receipt"),
    "pos_refund": _lt("Refund of %(order)s"),
    "pos_giveback": _lt("Redeemed points given back: refund of %(order)s"),
    "pos_card": _lt("Customer present: card %(card)s presented."),
    "pos_code": _lt("Customer present: code of card %(card)s typed."),
    "pos_manager": _lt(
        "Redeemed without the card, approved by %(manager)s: %(reason)s"
    ),
}


class RetailPointEntry(models.Model):
    _inherit = "retail.point.entry"

    @api.model
    def _retail_text_terms(self):
        return {
            **super()._retail_text_terms(),
            **{f"note_{code}": term for code, term in POS_NOTE_TERMS.items()},
        }

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
