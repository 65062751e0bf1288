# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.tools import float_compare

#: The bonuses of a first purchase (``res.partner._retail_reward_first_purchase``):
#: their keys are ``<prefix><customer id>``.
BONUS_PREFIXES = ("welcome:", "referral:")
#: Stages of the keys of the entries that keep such a bonus in line with the
#: invoices: ``<bonus key>:<stage>:<n>``, ``n`` the number of entries of that
#: bonus so far (see ``account.move._retail_sync_invoice_bonuses``).
BONUS_REVOKED = "revoked"
BONUS_RESTORED = "restored"
BONUS_AGAIN = "again"


class AccountMove(models.Model):
    """The welcome and referral bonuses of a first purchase made on an
    invoice follow the purchase: held while one of the customer's invoices
    stands, taken back when none does."""

    _inherit = "account.move"

    def _retail_sync_invoice_bonuses(self):
        """Keep the welcome and referral bonuses earned by a customer's first
        invoice in line with whether the customer's purchase stands.

        The bonus (an entry of the invoice that earned it, booked once under
        its key ``welcome:<customer>`` or ``referral:<customer>``) is held
        while an invoice of the customer stands
        (:meth:`_retail_bonus_purchase_stands`: posted, theirs, not credited
        in full). An invoice that no longer stands (credited in full,
        cancelled, deleted, now another customer's) was no purchase: what its
        entries of the bonus hold is taken back from whoever holds it (kind
        *Bonus*, negative: lifetime points and tiers are not touched, as the
        bonus never counted there), as far as a balance goes when the company
        allows no negative balance. When the customer has an invoice that
        stands (the first one again, its credit note cancelled, or another:
        a corrected invoice that replaces a credited one), the bonus is given
        back in full, as an entry of that invoice: one purchase that stands
        holds it, never two. Without this, an invoice and its credit note
        (nothing bought) earned a new member's welcome bonus, and their
        referrer's, one made-up customer after another; and a corrected
        invoice lost them.

        Every change is an entry under the key ``<bonus key>:<stage>:<n>``:
        booked once, also when two credit notes are posted at the same
        moment. A bonus earned by a POS order is the Point of Sale's to keep
        in line (``pos.order._retail_revoke_bonuses``).
        """
        documents = self.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        )
        if not documents:
            return
        invoices = documents | documents.reversed_entry_id
        # sudo: the bonuses are read whoever holds them (a referrer), in any
        # company, and booked by the rules below, never chosen by the user
        Entry = self.env["retail.point.entry"].sudo()
        linked = Entry.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", invoices.ids),
                ("kind", "=", "bonus"),
            ]
        )
        keys = {
            ":".join(entry.idempotency_key.split(":")[:2])
            for entry in linked
            if (entry.idempotency_key or "").startswith(BONUS_PREFIXES)
        }
        # a customer's invoice posted now may hold a bonus taken back before
        buyers = invoices.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        ).commercial_partner_id
        keys.update(
            f"{prefix}{buyer.id}" for buyer in buyers for prefix in BONUS_PREFIXES
        )
        grants = Entry.search([("idempotency_key", "in", sorted(keys))]).filtered(
            lambda grant: (
                grant.res_model == self._name
                and grant.kind == "bonus"
                and grant.points > 0
            )
        )
        if not grants:
            return
        family = Entry.search(
            [
                ("partner_id", "in", grants.partner_id.ids),
                ("kind", "=", "bonus"),
                ("res_model", "=", self._name),
            ],
            order="id",
        )
        for grant in grants.sorted("id"):
            base = grant.idempotency_key
            entries = family.filtered(
                lambda entry, base=base: (
                    entry.idempotency_key
                    and entry.idempotency_key.startswith(f"{base}:")
                )
            )
            self._retail_keep_bonus(grant, grant | entries)

    def _retail_keep_bonus(self, grant, entries):
        """Bring the bonus ``grant`` (``entries``: it and the entries that
        took it back or gave it back, in order) in line with the purchases
        of its customer (see :meth:`_retail_sync_invoice_bonuses`)."""
        Partner = self.env["res.partner"]
        # the customer whose first purchase earned it; gone when merged
        # into another one, who then owns the invoices (any of them counts)
        customer = Partner.browse(int(grant.idempotency_key.split(":")[1])).exists()
        count = len(entries)
        held = {}
        for entry in entries:
            held[entry.res_id] = held.get(entry.res_id, 0.0) + entry.points
        moves = self.browse(list(held)).exists()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        standing = self.browse()
        for move in moves:
            if move._retail_bonus_purchase_stands(customer):
                standing |= move
            elif float_compare(held[move.id], 0.0, precision_digits=digits) > 0:
                entry = move._retail_book_bonus_change(
                    grant, -held[move.id], BONUS_REVOKED, count
                )
                count += 1 if entry else 0
                held[move.id] += entry.points if entry else 0.0
        # what the entries of an invoice deleted since hold counts too
        missing = grant.points - sum(held.values())
        if float_compare(missing, 0.0, precision_digits=digits) <= 0 or not customer:
            return
        purchase = standing[:1] or self._retail_bonus_other_purchase(grant, customer)
        if purchase:
            stage = BONUS_RESTORED if purchase.id in held else BONUS_AGAIN
            purchase._retail_book_bonus_change(grant, missing, stage, count)

    def _retail_bonus_other_purchase(self, grant, customer):
        """An invoice of ``customer`` in the company of the bonus ``grant``
        that stands (:meth:`_retail_bonus_purchase_stands`), the oldest, if
        any; not the invoice of a POS order (its order is the purchase)."""
        invoices = self.search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", grant.company_id.id),
            ],
            order="id",
            limit=20,
        )
        invoices -= self.env[
            "retail.point.entry"
        ]._get_documents_booked_by_their_source(invoices)
        for invoice in invoices:
            if invoice._retail_bonus_purchase_stands(customer):
                return invoice
        return self.browse()

    def _retail_bonus_purchase_stands(self, customer):
        """Whether this document is a paid purchase of ``customer`` (any
        customer when they were merged into another, see
        :meth:`_retail_keep_bonus`): a posted customer invoice of theirs not
        credited in full by their posted credit notes. The money of the
        product lines is compared in the invoice's currency (its points
        discount is no goods, see :meth:`_retail_points_lines`); another
        customer's credit note naming the invoice credits nothing of it."""
        self.ensure_one()
        if self.move_type != "out_invoice" or self.state != "posted":
            return False
        if customer and self.commercial_partner_id != customer:
            return False
        owner = self.commercial_partner_id
        refunds = self.reversal_move_id.filtered(
            lambda refund: (
                refund.state == "posted"
                and refund.move_type == "out_refund"
                and refund.commercial_partner_id == owner
            )
        )
        if not refunds:
            return True
        currency = self.currency_id
        invoiced = self._retail_bonus_goods_money()
        credited = sum(
            refund.currency_id._convert(
                refund._retail_bonus_goods_money(),
                currency,
                self.company_id,
                refund.invoice_date or refund.date,
            )
            for refund in refunds
        )
        return currency.compare_amounts(credited, invoiced) < 0

    def _retail_bonus_goods_money(self):
        """The money of this document's product lines, points discount left
        out, without taxes, in its currency."""
        discount = self._retail_redemption_lines()
        return sum(
            line.price_subtotal
            for line in self.invoice_line_ids
            if line.display_type == "product" and line not in discount
        )

    def _retail_book_bonus_change(self, grant, points, stage, count):
        """Book ``points`` of the bonus ``grant`` on its holder as an entry
        of this invoice, under ``<bonus key>:<stage>:<count>``: taken back
        (negative) or given back. Its description is the bonus's (the
        referrer reads the referred customer's name, as on the bonus, not an
        invoice number); the note says why.

        A bonus given back goes, as any bonus, neither to a holder archived
        since nor, when the company reserves points to members, to one who
        left; it never fails the invoice's posting or cancellation.

        :return: the entry booked, or an empty recordset
        """
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        holder = grant.partner_id.commercial_partner_id
        company = grant.company_id
        vals = {
            "company_id": company.id,
            "origin": grant.origin,
            "origin_code": grant.origin_code,
            "origin_params": grant.origin_params,
            **Entry._note_vals(
                "invoice_bonus_revoked" if points < 0 else "invoice_bonus_restored",
                invoice=self.display_name,
            ),
        }
        key = f"{grant.idempotency_key}:{stage}:{count}"
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if points > 0:
            if not holder._retail_may_earn(company):
                return Entry
            return holder._retail_try_bonus(
                stage,
                lambda _company: self._retail_points_post(
                    holder, points, "bonus", key, **vals
                ),
                company,
            )
        entry = Entry
        if company.retail_allow_negative_balance or (
            float_compare(holder.reward_points, 0.0, precision_digits=digits) > 0
        ):
            # taken back from an archived holder too (the ledger allows it);
            # a refusal is logged, never raised to the accounting
            entry = holder._retail_try_bonus(
                stage,
                lambda _company: self._retail_points_post(
                    holder, points, "bonus", key, **vals
                ),
                company,
            )
        if float_compare(entry.points, points, precision_digits=digits):
            self._message_log(
                body=_(
                    'The bonus "%(bonus)s" should be taken back from '
                    "%(holder)s (%(points)s points), but their balance held "
                    "only %(taken)s and the company does not allow negative "
                    "balances.",
                    bonus=grant.description,
                    holder=holder.display_name,
                    points=-points,
                    taken=-entry.points,
                )
            )
        return entry
