# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import float_compare, float_is_zero, float_round


def _points_key(move, kind):
    """Idempotency key of the ledger entry booked for ``move``: the same
    invoice or credit note is never booked twice, whatever happens to it."""
    return f"account.move:{move.id}:{kind}"


class AccountMove(models.Model):
    _inherit = "account.move"

    # -- invoice contact ----------------------------------------------------------
    def _retail_get_invoice_contact(self):
        """The contact a customer document made out to a company goes to.

        ``address_get`` answers ``'invoice'`` with the contact holding the
        invoice role (else Odoo's invoice address). Only companies are
        redirected: an invoice made out to a person goes to that person.

        :return: the contact, or an empty recordset when the document keeps
            its partner
        """
        self.ensure_one()
        partner = self.partner_id
        Partner = self.env["res.partner"]
        if not (
            partner
            and partner.is_company
            and self.is_sale_document(include_receipts=True)
        ):
            return Partner
        contact = Partner.browse(partner.address_get(["invoice"])["invoice"])
        return contact if contact != partner else Partner

    @api.onchange("partner_id")
    def _onchange_partner_id_retail_invoice_contact(self):
        """Picking a company as customer proposes its invoice contact: the
        person who receives the company's invoices and whom they are sent to.
        The commercial partner (receivable, balance) stays the company."""
        contact = self._retail_get_invoice_contact()
        if contact:
            self.partner_id = contact

    # -- posting --------------------------------------------------------------------
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._retail_book_invoice_points()
        posted._retail_update_customer_since()
        return posted

    def _retail_is_pos_move(self):
        """Whether the document was made by the Point of Sale, which books the
        points of its orders itself (``pos_order_ids`` exists only when the
        Point of Sale is installed)."""
        self.ensure_one()
        # sudo: only whether POS orders are linked is read; an accountant may
        # have no access to the Point of Sale.
        return "pos_order_ids" in self._fields and bool(self.sudo().pos_order_ids)

    def _retail_points_moves(self):
        """Posted customer invoices and credit notes that may book points:
        with a customer and not made by the Point of Sale."""
        return self.filtered(
            lambda move: (
                move.state == "posted"
                and move.move_type in ("out_invoice", "out_refund")
                and move.commercial_partner_id
                and not move._retail_is_pos_move()
            )
        )

    def _retail_book_invoice_points(self):
        """Book reward points for posted customer invoices and credit notes.

        An invoice earns points on its untaxed amount in company currency:
        taxes are not the shop's revenue and vary with the customer (exempt,
        reverse charge), and the company-currency amount was converted at the
        invoice's own rate, so the points do not depend on the day of posting.
        A credit note reversing an invoice takes back the invoice's points in
        proportion to the refunded amount, never more than the invoice earned.

        Each document is booked once (idempotency key): posting again after a
        reset to draft books nothing. Earlier bookings are found with one
        search for the whole batch; each booking then costs the constant
        number of queries of ``_post_reward_points``.
        """
        moves = self._retail_points_moves()
        invoices = moves.filtered(
            lambda move: (
                move.move_type == "out_invoice"
                and move.company_id.retail_points_from_invoices
            )
        )
        # Reversals are booked whatever the setting is now: what an invoice
        # earned is taken back by its credit notes.
        refunds = moves.filtered(
            lambda move: (
                move.move_type == "out_refund"
                and move.reversed_entry_id.move_type == "out_invoice"
            )
        )
        if not invoices and not refunds:
            return
        keys = {_points_key(move, "earn") for move in invoices}
        for refund in refunds:
            original = refund.reversed_entry_id
            keys.add(_points_key(original, "earn"))
            keys.update(
                _points_key(sibling, "reverse") for sibling in original.reversal_move_id
            )
        # sudo: the keys identify these documents; earlier bookings must be
        # found even when they are in a company the user cannot read.
        Entry = self.env["retail.point.entry"].sudo()
        booked = {
            entry.idempotency_key: entry
            for entry in Entry.search([("idempotency_key", "in", list(keys))])
        }
        for invoice in invoices:
            key = _points_key(invoice, "earn")
            if key not in booked:
                entry = invoice._retail_book_earned_points(key)
                if entry:
                    booked[key] = entry
        for refund in refunds:
            key = _points_key(refund, "reverse")
            if key not in booked:
                entry = refund._retail_book_reversed_points(key, booked)
                if entry:
                    booked[key] = entry

    def _retail_points_vals(self, key, amount):
        self.ensure_one()
        company = self.company_id
        return {
            "idempotency_key": key,
            "origin": self.name,
            "res_model": self._name,
            "res_id": self.id,
            "amount": amount,
            "currency_id": company.currency_id.id,
            "company_id": company.id,
        }

    def _retail_book_earned_points(self, key):
        """Book the ``earn`` entry of this posted invoice (nothing when the
        invoice is worth no points)."""
        self.ensure_one()
        company = self.company_id
        amount = self.amount_untaxed_signed
        customer = self.commercial_partner_id
        if not customer.active:
            # an archived customer collects nothing (the ledger refuses it)
            return False
        points = customer._get_reward_points_for_amount(
            amount, company.currency_id, company
        )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if float_compare(points, 0.0, precision_digits=digits) <= 0:
            return False
        # sudo: the points are computed here from the posted invoice, never
        # chosen by the user; whoever may post invoices books them, without
        # needing the Retail CRM manager rights the ledger asks of people.
        return customer.sudo()._post_reward_points(
            points, "earn", **self._retail_points_vals(key, amount)
        )

    def _retail_book_reversed_points(self, key, booked):
        """Book the ``reverse`` entry of this posted credit note: the share of
        the reversed invoice's points that the credit note refunds, capped at
        what the invoice's other credit notes have not taken back yet.

        :param dict booked: ``{idempotency_key: entry}`` of the batch, with
            the invoice's ``earn`` entry and its credit notes' entries
        """
        self.ensure_one()
        original = self.reversed_entry_id
        earned = booked.get(_points_key(original, "earn"))
        if not earned or not earned.partner_id.active:
            return False
        refunded = abs(self.amount_untaxed_signed)
        share = min(refunded / abs(earned.amount), 1.0) if earned.amount else 1.0
        taken_back = -sum(
            booked[sibling_key].points
            for sibling_key in (
                _points_key(sibling, "reverse")
                for sibling in original.reversal_move_id
                if sibling != self
            )
            if sibling_key in booked
        )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        points = float_round(
            min(earned.points * share, earned.points - taken_back),
            precision_digits=digits,
        )
        if float_is_zero(points, precision_digits=digits) or points < 0:
            return False
        # sudo: as for earning, the points follow from the posted credit note
        # and the invoice's own entry; they go back to the customer who
        # earned them.
        return earned.partner_id.sudo()._post_reward_points(
            -points,
            "reverse",
            **self._retail_points_vals(key, self.amount_untaxed_signed),
        )

    # -- customer since -------------------------------------------------------------
    def _retail_update_customer_since(self):
        """Set 'customer since' from the first posted customer invoice, when
        the company wants it. It only ever moves earlier: an invoice dated
        before the current date moves it, a later one does not."""
        first = {}
        for invoice in self.filtered(
            lambda move: (
                move.state == "posted"
                and move.move_type == "out_invoice"
                and move.invoice_date
                and move.commercial_partner_id
                and move.company_id.retail_customer_since_invoice
            )
        ):
            customer = invoice.commercial_partner_id
            if customer not in first or invoice.invoice_date < first[customer]:
                first[customer] = invoice.invoice_date
        for customer, day in first.items():
            if not customer.customer_since or day < customer.customer_since:
                # sudo: the date comes from the posted invoice; posting must
                # not depend on the right to edit contacts.
                customer.sudo().customer_since = day
