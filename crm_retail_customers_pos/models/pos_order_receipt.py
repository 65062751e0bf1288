# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools.translate import code_translations

#: The points lines of the receipt: the till's own terms (``_t`` in
#: ``static/src/overrides/models/order.js``, which prints them before the
#: order syncs).
RECEIPT_LABELS = {
    "title": "REWARD POINTS",
    "error": "Points not booked yet: the shop will book them",
    "earned": "Points earned",
    "redeemed": "Points redeemed",
    "shortfall": "Not covered by the balance",
    "reversed": "Points taken back (refund)",
    "returned": "Points given back (refund)",
    "balance": "New balance",
}


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _retail_points_ui_data(self):
        """The points lines of the receipt speak the customer's language, not
        the cashier's: the receipt is the customer's account of their points.
        The server knows the customer and the booked figures, so it answers
        the till with the lines' labels in that language; before the order
        syncs (an offline till) the till prints its own, in the session's
        language."""
        data = super()._retail_points_ui_data()
        if data:
            lang = self.partner_id.lang or self.env.lang
            data["labels"] = self.with_context(lang=lang)._retail_receipt_labels()
        return data

    def _retail_receipt_labels(self):
        """The receipt's points labels in the language of the context, from
        the till's own translations (the ``odoo-javascript`` terms of this
        addon's ``.po`` files): one set of terms, whoever prints them."""
        lang = self.env.lang
        terms = {}
        if lang and lang != "en_US":
            web = code_translations.get_web_translations(
                "crm_retail_customers_pos", lang
            )
            terms = {term["id"]: term["string"] for term in web["messages"]}
        return {key: terms.get(src) or src for key, src in RECEIPT_LABELS.items()}
