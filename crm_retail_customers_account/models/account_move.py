# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import float_round


class AccountMove(models.Model):
    """Invoices and credit notes book their points through
    ``retail.points.document.mixin``: the target is theirs
    (:meth:`_retail_target_points`), the difference with the ledger, the
    keys (``account.move:<id>:earn`` or ``…:reverse``, then
    ``…:<event>:<n>``) and customer since are the mixin's."""

    _name = "account.move"
    _inherit = ["account.move", "retail.points.document.mixin"]

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

    def button_cancel(self):
        """A cancelled invoice earns nothing: its points go back (a posted
        invoice is cancelled through draft in Odoo 17)."""
        res = super().button_cancel()
        self._retail_book_invoice_points(event="cancel")
        return res

    def unlink(self):
        """A deleted invoice (one reset to draft, then deleted) earns nothing:
        its points go back before the document disappears."""
        self._retail_book_invoice_points(event="unlink")
        return super().unlink()

    def _retail_points_moves(self):
        """Customer invoices and credit notes that may book points: with a
        customer, and not billing a document that books its own points (an
        order of the Point of Sale, see
        ``retail.point.entry._get_documents_booked_by_their_source``)."""
        booked_elsewhere = self.env[
            "retail.point.entry"
        ]._get_documents_booked_by_their_source(self)
        return self.filtered(
            lambda move: (
                move.move_type in ("out_invoice", "out_refund")
                and move.commercial_partner_id
                and move not in booked_elsewhere
            )
        )

    def _retail_book_invoice_points(self, event="post"):
        """Bring the points of customer invoices and credit notes in line
        with the documents.

        An invoice earns points on its untaxed amount in company currency:
        taxes are not the shop's revenue and vary with the customer (exempt,
        reverse charge), and the company-currency amount was converted at the
        invoice's own rate, so the points do not depend on the day of posting.
        A credit note reversing an invoice takes back the invoice's points in
        proportion to the refunded amount, never more than the invoice kept.

        The ledger is insert-only, so this books the *difference* between
        what a document should have and what it has: nothing when an invoice
        is posted again unchanged after a reset to draft, the difference when
        its amount changed, everything back when it is cancelled or deleted
        (``event``), and the whole amount moved when the customer changed.
        What is booked is found with one query for the whole batch; each
        booking then costs the constant number of queries of
        ``_post_reward_points``
        (``retail.points.document.mixin._retail_points_sync``).

        :param str event: ``post``, ``cancel`` or ``unlink``
        """
        moves = self._retail_points_moves()
        if event == "post":
            moves = moves.filtered(lambda move: move.state == "posted")
        if not moves:
            return
        originals = moves.filtered(
            lambda move: move.move_type == "out_refund"
        ).reversed_entry_id.filtered(lambda move: move.move_type == "out_invoice")
        booked = (
            moves | originals | originals.reversal_move_id
        )._retail_points_booked()
        # invoices first: a credit note of the batch reads its invoice's points
        for move in moves.sorted(lambda move: move.move_type != "out_invoice"):
            if not booked[move.id] and not move._retail_earns_points(event):
                move._retail_reward_first_purchase(event)
                continue
            target = move._retail_target_points(event, booked)
            move._retail_points_sync(move.commercial_partner_id, target, booked, event)
            move._retail_reward_first_purchase(event)

    def _retail_reward_first_purchase(self, event):
        """A posted customer invoice is a paid purchase: the bonuses of the
        first one (welcome, referral), booked after the invoice's own points
        and never failing the posting
        (``res.partner._retail_reward_first_purchase``)."""
        if event == "post" and self.move_type == "out_invoice":
            # sudo: the bonuses are booked by server code (rules of
            # res.partner._retail_reward_first_purchase), whoever posts
            self.commercial_partner_id.sudo()._retail_reward_first_purchase(
                self.company_id
            )

    def _retail_earns_points(self, event):
        """Whether a document without entries yet books any: posted invoices
        when the company earns points from invoices, posted credit notes of
        an invoice (what it earned is taken back whatever the setting is
        now)."""
        self.ensure_one()
        if event != "post":
            return False
        if self._retail_credited_invoice():
            return True
        return self.company_id.retail_points_from_invoices

    def _retail_credited_invoice(self):
        """The invoice of the same customer this credit note reverses, if
        any (a credit note may name any invoice: only one of its customer
        says which points it takes back)."""
        self.ensure_one()
        original = self.reversed_entry_id
        if (
            self.move_type == "out_refund"
            and original.move_type == "out_invoice"
            and original.commercial_partner_id == self.commercial_partner_id
        ):
            return original
        return self.browse()

    def _retail_target_points(self, event, booked):
        """The points this document should have on the ledger now.

        :param dict booked: as returned by ``_retail_points_booked``, for the
            document, its invoice and the invoice's credit notes
        """
        self.ensure_one()
        if event != "post":
            return 0.0
        company = self.company_id
        customer = self.commercial_partner_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if self.move_type == "out_invoice":
            points = customer._retail_get_reward_points_for_amount(
                self.amount_untaxed_signed, company.currency_id, company
            )
            return max(float_round(points, precision_digits=digits), 0.0)
        refunded = abs(self.amount_untaxed_signed)
        original = self._retail_credited_invoice()
        if not original:
            # money given back without naming the customer's invoice: the
            # points such a purchase earns are taken back
            return -customer._retail_get_reward_points_for_amount(
                refunded, company.currency_id, company
            )
        earned = sum(points for points, _count in booked[original.id].values())
        taken_back = -sum(
            points
            for sibling in original.reversal_move_id
            if sibling != self and sibling.id in booked
            for points, _count in booked[sibling.id].values()
        )
        invoiced = abs(original.amount_untaxed_signed)
        points = self.env["retail.point.entry"]._retail_proportional_points(
            earned, invoiced, refunded, done=taken_back
        )
        # credited beyond what is left of the invoice: that money, too,
        # takes back the points it would have earned
        credited_before = sum(
            abs(sibling.amount_untaxed_signed)
            for sibling in original.reversal_move_id
            if sibling != self and sibling.state == "posted"
        )
        excess = refunded - max(invoiced - credited_before, 0.0)
        if excess > 0:
            points += customer._retail_get_reward_points_for_amount(
                excess, company.currency_id, company
            )
        return -float_round(points, precision_digits=digits)

    # -- retail.points.document.mixin ------------------------------------------------
    def _retail_points_kind(self, points):
        return "earn" if self.move_type == "out_invoice" and points > 0 else "reverse"

    def _retail_points_entry_vals(self):
        return {
            "origin": self.name,
            "amount": self.amount_untaxed_signed,
            "currency_id": self.company_id.currency_id.id,
        }

    def _retail_customer_since_day(self):
        """A posted customer invoice dates the first purchase by its invoice
        date, when the company takes 'customer since' from invoices."""
        if (
            self.state == "posted"
            and self.move_type == "out_invoice"
            and self.invoice_date
            and self.commercial_partner_id
            and self.company_id.retail_customer_since_invoice
        ):
            return self.commercial_partner_id, self.invoice_date
        return False
