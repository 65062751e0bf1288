# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _lt, api, models

#: Notes the Point of Sale writes in the ledger (see ``NOTE_TERMS`` of the
#: core): shown in the reader's language, stored in English.
POS_NOTE_TERMS = {
    "pos_return": _lt("Goods returned without the receipt"),
    "pos_refund": _lt("Refund of %(order)s"),
    "pos_giveback": _lt("Redeemed points given back: refund of %(order)s"),
    "pos_bonus_revoked": _lt("Bonus taken back: %(order)s was given back in full"),
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

    @api.model
    def _get_source_bonuses(self, documents):
        """Invoices of POS orders: the welcome and referral bonuses their
        orders earned (entries of the orders, under their keys), and the
        share of the order the till's refunds gave back
        (``pos.order._retail_given_back_share``; 1.0: given back in full,
        the till takes them back). Their customer is whose purchase it was
        on the ledger (:meth:`_retail_source_bonus_customer`)."""
        result = super()._get_source_bonuses(documents)
        if documents._name != "account.move":
            return result
        # sudo: only the orders' bonuses and refunds are read; an accountant
        # posting a credit note may have no access to the Point of Sale
        moves = documents.sudo().filtered("pos_order_ids")
        if not moves:
            return result
        # the orders of ``moves`` (sudo, see above) read the bonuses whoever
        # holds them (a referrer)
        bonuses = moves.pos_order_ids._retail_first_purchase_bonuses()
        if not bonuses:
            return result
        # sudo: see above (the orders' refunds)
        Order = self.env["pos.order"].sudo()
        product_id = Order._retail_redemption_product_id()
        # the orders' sale entries say whose purchase it was (one query)
        sources = moves.pos_order_ids
        entries = sources._retail_origin_entries(sources, elsewhere=False)
        for move in moves:
            items = [
                (bonus, Order._retail_given_back_share(Order.browse(bonus.res_id)))
                for bonus in bonuses
                if bonus.res_id in move.pos_order_ids.ids
            ]
            if items:
                orders = move.pos_order_ids
                # the goods the invoice billed when the till made it (Odoo
                # makes one invoice line of each order line): its product
                # lines, the points discount left out
                lines = orders.lines.filtered(
                    lambda line: line.product_id.id != product_id
                )
                result[move.id] = {
                    "bonuses": items,
                    "money": sum(lines.mapped("price_subtotal_incl")),
                    "customer": self._retail_source_bonus_customer(
                        orders, entries, [bonus for bonus, _share in items]
                    ),
                }
        return result

    @api.model
    def _retail_source_bonus_customer(self, orders, entries, bonuses):
        """The customer whose first purchase ``orders`` (billed by one
        invoice) were, for the credit notes of the invoice: the commercial
        partner of the orders' sale entries on the ledger (``entries``, see
        ``pos.order._retail_origin_entries``), else the buyer named in the
        ``bonuses``' keys (``welcome:<customer>``, ``referral:<customer>``).
        Never the orders' customer now: a manager may give a paid order to
        someone else, and the credit notes of its buyer would then no longer
        take the bonuses back. Empty when there is no one such customer."""
        customer_ids = set()
        for order in orders:
            sale_entry, _booked = order._retail_origin_booked(entries)
            if sale_entry:
                customer_ids.add(sale_entry["customer_id"])
        Partner = self.env["res.partner"]
        if not customer_ids:
            buyers = Partner.browse(
                {int(bonus.idempotency_key.split(":")[1]) for bonus in bonuses}
            ).exists()
            customer_ids = set(buyers.commercial_partner_id.ids)
        return Partner.browse(tuple(customer_ids) if len(customer_ids) == 1 else ())

    @api.model
    def _get_source_lot(self, document, customer):
        """The invoice of one POS order: the order's earning on
        ``customer`` (its key ``<order>:earn``). An invoice of several orders
        has no one lot: none."""
        lot = super()._get_source_lot(document, customer)
        if document._name != "account.move":
            return lot
        # sudo: only the order's reference is read; an accountant posting a
        # credit note may have no access to the Point of Sale
        orders = document.sudo().pos_order_ids
        if len(orders) != 1:
            return lot
        # sudo: the earning is found in any company; only its id and expiry
        # date are used, by the ledger
        return lot | self.sudo().search(
            [
                ("idempotency_key", "=", f"{orders._retail_points_ref()}:earn"),
                ("partner_id", "=", customer.id),
            ],
            limit=1,
        )

    @api.model
    def _get_source_points(self, documents):
        """Invoices of POS orders: what their orders earned and what the
        orders' refunds at the till took back (their ledger entries, one
        query), and for whom (``"customer"``: the commercial partner of the
        orders' sale entries on the ledger; empty when none booked anything,
        or when they were booked for several customers). The credit notes of
        the invoice take back no more than is left, and from that customer
        only; they are not counted here (the invoicing bridge reads its
        own)."""
        result = super()._get_source_points(documents)
        if documents._name != "account.move":
            return result
        # sudo: only the orders' figures are read; an accountant posting a
        # credit note may have no access to the Point of Sale
        moves = documents.sudo().filtered("pos_order_ids")
        if not moves:
            return result
        orders = moves.pos_order_ids
        entries = orders._retail_origin_entries(orders, elsewhere=False)
        Partner = self.env["res.partner"]
        for move in moves:
            earned = taken_back = due = 0.0
            # whom the orders' points were booked for: the ledger's customer
            # of their sale entries, never the order's or the invoice's
            # customer now (a manager may give a paid order to someone else,
            # an invoicing clerk its invoice reset to draft)
            customer_ids = set()
            for order in move.pos_order_ids:
                sale_entry, booked = order._retail_origin_booked(entries)
                if sale_entry:
                    customer_ids.add(sale_entry["customer_id"])
                ref = order._retail_points_ref()
                order_earned = max(booked.get(f"{ref}:earn", (0.0, 0.0))[0], 0.0)
                order_taken = -sum(
                    points
                    for key, (points, _amount) in booked.items()
                    if key.startswith(f"{ref}:reverse:")
                )
                earned += order_earned
                taken_back += order_taken
                due += order._retail_refunds_due(order_earned, order_taken)
            result[move.id] = {
                "source": ", ".join(move.pos_order_ids.mapped("name")),
                # orders booked for several customers have no one customer:
                # their invoice's credit notes take back from no one
                "customer": Partner.browse(
                    tuple(customer_ids) if len(customer_ids) == 1 else ()
                ),
                "earned": earned,
                "taken_back": max(taken_back, 0.0),
                "refunds_due": due,
            }
        return result
