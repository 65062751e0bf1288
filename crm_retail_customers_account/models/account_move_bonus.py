# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

#: The bonuses of a first purchase (``res.partner._retail_reward_first_purchase``):
#: their keys are ``<prefix><customer id>``.
BONUS_PREFIXES = ("welcome:", "referral:")
#: Stages of the keys of the entries that keep such a bonus in line with the
#: invoices: ``<bonus key>:<stage>:<n>``, ``n`` the number of entries of that
#: bonus so far (see ``account.move._retail_sync_invoice_bonuses``).
BONUS_REVOKED = "revoked"
BONUS_RESTORED = "restored"
BONUS_AGAIN = "again"
BONUS_STAGES = (BONUS_REVOKED, BONUS_RESTORED, BONUS_AGAIN)
#: How many numbers of such keys are looked up at once (by their unique index).
KEY_WINDOW = 16
#: Digits to which the shares of a purchase given back (by the till's refunds
#: and the credit notes of its invoice) are added up: a cent in 10,000.00.
SHARE_DIGITS = 6


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
        in line (``pos.order._retail_revoke_bonuses``), and the credit notes
        of the order's invoice take part (:meth:`_retail_sync_source_bonuses`).
        """
        documents = self.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        )
        if not documents:
            return
        invoices = documents | documents.reversed_entry_id
        invoices._retail_sync_source_bonuses()
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
        # and the buyers' merge marks (a bonus a customer merged into them
        # earned, under their key or linked under ``<key>:merged:<id>``)
        found = Entry.search(
            [
                "|",
                ("idempotency_key", "in", sorted(keys)),
                "&",
                "&",
                ("partner_id", "in", buyers.ids),
                ("kind", "=", "bonus"),
                ("res_model", "=", Entry._name),
            ]
        )
        # a buyer's merge mark stands for the bonus of the customer merged
        # into them: a purchase of theirs that stands holds that one (one
        # of them when several: see _retail_bonus_held_elsewhere)
        grants = (found | found._retail_merge_marked()).filtered(
            lambda grant: (
                grant.res_model == self._name
                and grant.kind == "bonus"
                and grant.points > 0
            )
        )
        if not grants:
            return
        family = self._retail_bonus_family(grants)
        # sudo: whether a customer's purchase stands is read on their
        # invoices in any company (the bonus's company may not be the
        # user's); only states, customers and amounts are read, and the
        # bookings follow the rules here
        moves = self.sudo()
        blocked = grants.browse()
        for grant in grants.sorted("id"):
            if moves._retail_keep_bonus(grant, family[grant.idempotency_key]):
                blocked |= grant
        if blocked:
            # a bonus kept from a purchase because another one of the person
            # stood may be theirs to hold now that the others were taken
            # back in this same sync (whatever the order of the ids)
            family = self._retail_bonus_family(blocked)
            for grant in blocked:
                moves._retail_keep_bonus(grant, family[grant.idempotency_key])

    def _retail_sync_source_bonuses(self):
        """Keep the welcome and referral bonuses of the purchases these
        invoices bill (booked by their source: an order of the Point of
        Sale, see ``retail.point.entry._get_source_bonuses``) in line with
        the credit notes made of them in the back office.

        The order is the purchase: its bonuses stand while it does. Given
        back in full, by the invoice's credit notes
        (:meth:`_retail_source_credited_share`; the invoice of a till refund
        is not one, the till's refund counts itself) and the till's refunds
        together (a share of each, by money), it was no purchase:
        what the bonus still holds is taken back, as an entry of the invoice
        under ``<bonus key>:revoked:<n>``. A credit note cancelled since
        makes it a purchase again: the bonus is given back
        (``<bonus key>:restored:<n>``), unless the person holds another one
        of its kind (:meth:`_retail_bonus_held_elsewhere`). The till's refund
        takes back only what these left
        (``pos.order._retail_bonuses_to_revoke``). Without this, a POS sale
        invoiced and credited in full (nothing bought) kept a new member's
        welcome bonus and paid their referrer."""
        originals = self.filtered(lambda move: move.move_type == "out_invoice")
        if not originals:
            return
        # sudo: the sources' bonuses are read whoever holds them (a
        # referrer) and booked by the rules below, never chosen by the user
        Entry = self.env["retail.point.entry"].sudo()
        sourced = Entry._get_documents_booked_by_their_source(originals)
        if not sourced:
            return
        bonuses = Entry._get_source_bonuses(sourced)
        if not bonuses:
            return
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        # sudo: the invoices' credit notes are read in any company (the
        # bonus's holder may be in another); only states and amounts
        moves = self.sudo()
        revoked = Entry
        for invoice in moves.browse(list(bonuses)):
            source = bonuses[invoice.id]
            credited = invoice._retail_source_credited_share(
                source["money"], source["customer"]
            )
            for grant, till_share in source["bonuses"]:
                key = grant.idempotency_key
                if Entry.search_count(
                    [("idempotency_key", "=", f"{key}:revoked")], limit=1
                ):
                    # the till took it back (the order given back in full
                    # there, for good): what no balance held then stays
                    # unpaid, whatever the credit notes do
                    continue
                entries = self._retail_bonus_family(grant)[key]
                held = sum(entries.mapped("points"))
                standing = float_compare(
                    credited + till_share, 1.0, precision_digits=SHARE_DIGITS
                )
                target = grant.points if standing < 0 else 0.0
                change = float_round(target - held, precision_digits=digits)
                if float_is_zero(change, precision_digits=digits):
                    continue
                if change < 0:
                    moves._retail_book_bonus_change(
                        grant, invoice.id, change, BONUS_REVOKED, len(entries)
                    )
                    revoked |= grant
                elif not moves._retail_bonus_held_elsewhere(
                    grant, moves._retail_bonus_customer(grant, invoice)
                ):
                    moves._retail_book_bonus_change(
                        grant, invoice.id, change, BONUS_RESTORED, len(entries)
                    )
        if revoked:
            Entry._retail_bonuses_taken_back(revoked)

    def _retail_check_source_bonuses_kept(self):
        """Refuse to reset to draft or cancel the invoice of a POS order
        while its credit notes keep the order's bonuses taken back (the
        entries of the invoice under ``<bonus key>:revoked:<n>`` and
        ``:restored:<n>`` do not add up to nothing).

        The invoice is the account of the order the credit notes credit:
        edited (another customer, other prices) and posted again, it made
        the credit notes count for less and gave the bonuses back while the
        money stayed refunded; deleted, it left them taken back for good
        after its credit notes were cancelled. Cancel the credit notes first
        (they give the bonuses back), then the invoice."""
        Entry = self.env["retail.point.entry"]
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        sourced = Entry._get_documents_booked_by_their_source(invoices)
        if not sourced:
            return
        # sudo: only whether the invoices hold bonus entries (a referrer's,
        # in any company) is read
        held = Entry.sudo()._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", sourced.ids),
                ("kind", "=", "bonus"),
            ],
            ["res_id"],
            ["points:sum"],
        )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        for move_id, points in held:
            if not float_is_zero(points, precision_digits=digits):
                move = self.browse(move_id)
                raise UserError(
                    _(
                        "%(invoice)s cannot be reset to draft or cancelled: its "
                        "credit notes %(refunds)s took back the bonuses of the "
                        "order's first purchase. Cancel the credit notes first.",
                        invoice=move.display_name,
                        refunds=", ".join(
                            move.reversal_move_id.filtered(
                                lambda refund: refund.state == "posted"
                            ).mapped("display_name")
                        ),
                    )
                )

    def _retail_source_credited_share(self, invoiced, customer):
        """The share (0 to 1) of this invoice of a source (a POS order) that
        the credit notes made in the back office credit: their goods money
        (:meth:`_retail_bonus_credited`, ``customer``'s credit notes:
        ``customer`` is whose purchase the source was on the ledger, see
        ``retail.point.entry._get_source_bonuses``, never the source's or the
        invoice's customer now, which a manager or a clerk may change) over
        ``invoiced``, the source's goods money as the invoice billed it
        (``retail.point.entry._get_source_bonuses``: never the invoice as
        edited since). The credit notes a source books itself (the invoice
        of a till's refund) are the source's refunds, counted by the
        source."""
        self.ensure_one()
        if self.currency_id.compare_amounts(invoiced, 0.0) <= 0:
            return 0.0
        refunds = self.reversal_move_id
        refunds -= self.env["retail.point.entry"]._get_documents_booked_by_their_source(
            refunds
        )
        credited = self._retail_bonus_credited(refunds, customer)
        if self.currency_id.compare_amounts(credited, invoiced) >= 0:
            return 1.0
        return max(credited / invoiced, 0.0)

    def _retail_bonus_credited(self, refunds, customer=None):
        """The goods money (:meth:`_retail_bonus_goods_money`, in this
        invoice's currency) credited by ``refunds``, the credit notes of this
        invoice: posted ones of its customer (``customer``, by default the
        invoice's; another customer's credit note naming the invoice credits
        nothing of it). Each credit note counts a
        cent (the currency's rounding) more than its lines: their amounts are
        rounded one by one, so that three socks and four credited apart may
        come to a cent less than the seven invoiced, which were all given
        back (a cent short of the whole is taken as the whole: the bonus is
        taken back, never given)."""
        self.ensure_one()
        owner = self.commercial_partner_id if customer is None else customer
        refunds = refunds.filtered(
            lambda refund: (
                refund.state == "posted"
                and refund.move_type == "out_refund"
                and refund.commercial_partner_id == owner
            )
        )
        credited = 0.0
        for refund in refunds:
            money = refund.currency_id._convert(
                refund._retail_bonus_goods_money(),
                self.currency_id,
                self.company_id,
                refund.invoice_date or refund.date,
            )
            if self.currency_id.compare_amounts(money, 0.0) > 0:
                credited += money + self.currency_id.rounding
        return credited

    def _retail_bonus_family(self, grants):
        """The entries of each bonus ``grants``: ``{bonus key: the bonus and
        the entries that took it back or gave it back, in order}``, found by
        their keys (``<bonus key>:<stage>:<n>``, ``n`` from 1 without gaps,
        see :meth:`_retail_keep_bonus`) through the ledger's unique index of
        keys, whoever holds them now (a holder attached to a company since
        books on the company)."""
        Entry = grants.browse()
        family = {grant.idempotency_key: grant for grant in grants}
        bases = list(family)
        start = 1
        while bases:
            window = range(start, start + KEY_WINDOW)
            keys = [
                f"{base}:{stage}:{n}"
                for base in bases
                for stage in BONUS_STAGES
                for n in window
            ]
            found = Entry.search([("idempotency_key", "in", keys)], order="id")
            last = set()
            for entry in found:
                base, _stage, n = entry.idempotency_key.rsplit(":", 2)
                family[base] |= entry
                if int(n) == window[-1]:
                    last.add(base)
            # a bonus with an entry at the end of the window may have more
            bases = [base for base in bases if base in last]
            start += KEY_WINDOW
        return {
            base: entries.sorted(lambda entry: (entry.id,))
            for base, entries in family.items()
        }

    def _retail_keep_bonus(self, grant, entries):
        """Bring the bonus ``grant`` (``entries``: it and the entries that
        took it back or gave it back) in line with the purchases of its
        customer (see :meth:`_retail_sync_invoice_bonuses`): the invoices that
        hold some of it and no longer stand (deleted ones included) give it
        up, to a purchase that stands when there is one (booked there first,
        so that the holder's balance never has to pay for the move), else
        back to the ledger; a purchase that stands holds it in full.

        :return: whether a purchase that stands was left without it because
            the customer holds another bonus of its kind
            (:meth:`_retail_bonus_held_elsewhere`)
        """
        count = [len(entries)]
        held = {}
        for entry in entries:
            held[entry.res_id] = held.get(entry.res_id, 0.0) + entry.points
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        moves = self.browse(list(held)).exists()
        customer = self._retail_bonus_customer(grant, moves)
        standing = moves.filtered(
            lambda move: move._retail_bonus_purchase_stands(customer)
        )
        gone = [
            move_id
            for move_id, points in held.items()
            if move_id not in standing.ids
            and float_compare(points, 0.0, precision_digits=digits) > 0
        ]
        purchase = standing[:1]
        if (
            not purchase
            and customer
            and not self._retail_bonus_self_referral(grant, customer)
        ):
            purchase = self._retail_bonus_other_purchase(grant, customer)

        def book(move_id, points, stage, lot):
            entry = self._retail_book_bonus_change(
                grant, move_id, points, stage, count[0], lot=lot
            )
            if entry:
                count[0] += 1
                held[move_id] = held.get(move_id, 0.0) + entry.points

        blocked = False
        if purchase:
            # what the gone invoices hold moves to the purchase: all that
            # is missing is given to it first, then taken from them
            missing = grant.points - sum(
                points for move_id, points in held.items() if move_id not in gone
            )
            if float_compare(missing, 0.0, precision_digits=digits) > 0:
                blocked = self._retail_bonus_held_elsewhere(grant, customer)
                if not blocked:
                    stage = BONUS_RESTORED if purchase.id in held else BONUS_AGAIN
                    # the purchase that held it stands again: the bonus's
                    # own points, which expire on its date; another one
                    # earns it now, and a move between two is no give-back
                    book(
                        purchase.id,
                        missing,
                        stage,
                        stage == BONUS_RESTORED and not gone,
                    )
        for move_id in gone:
            # taken back for good (nothing holds it now): not what the
            # expiry took already
            book(move_id, -held[move_id], BONUS_REVOKED, not purchase or blocked)
        return blocked

    def _retail_bonus_customer(self, grant, moves):
        """The customer whose first purchase earned the bonus ``grant``
        (the id in its key; ``moves``, the invoices holding it, are read
        for it first). When that customer was merged into another one: the
        holder of the merge's mark of the bonus (see the partner merge
        wizard), else, as the ledger's entries moved to that one, the holder
        of their welcome bonus, else the customer of the first points the
        bonus's invoice earned (never the invoice's customer now, which a
        user may change). An empty recordset when none is known: then no
        invoice stands."""
        customer_id = int(grant.idempotency_key.split(":")[1])
        customer = (
            moves.commercial_partner_id.filtered(
                lambda partner: partner.id == customer_id
            )
            or self.env["res.partner"].browse(customer_id).exists()
        )
        if customer:
            return customer
        Entry = grant.browse()
        earned = (
            Entry.search(
                [
                    ("res_model", "=", Entry._name),
                    ("res_id", "=", grant.id),
                    ("kind", "=", "bonus"),
                ],
                order="id desc",
                limit=1,
            )
            or Entry.search(
                [("idempotency_key", "=", f"welcome:{customer_id}")], limit=1
            )
            or Entry.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", grant.res_id),
                    ("kind", "=", "earn"),
                ],
                order="id",
                limit=1,
            )
        )
        return earned.partner_id.commercial_partner_id

    def _retail_bonus_held_elsewhere(self, grant, customer):
        """Whether ``customer`` (one person) holds, besides ``grant``,
        another bonus of its kind that stands: customers merged who had
        each earned it (the merge links them, see the partner merge wizard's
        ``_retail_merge_bonuses``). A purchase then gives ``grant`` back
        neither in full nor in part: one person, one welcome bonus, one
        referral paid. The other bonus stands while what it and its entries
        hold adds up to more than nothing, at the till (its refund took it
        back under ``<bonus key>:revoked``) or on invoices (see
        :meth:`_retail_keep_bonus`). A referral the customer holds
        themselves (one of the merged customers referred the other) is no
        referral of the person and does not count.

        Only when a bonus is to be given back: a search of the customer's
        marks, one of their own key, and those of the other bonuses' entries
        by key."""
        if not customer:
            return False
        label = grant.idempotency_key.split(":")[0]
        Entry = grant.browse()
        marks = Entry.search(
            [
                ("partner_id", "=", customer.id),
                ("kind", "=", "bonus"),
                ("res_model", "=", Entry._name),
                ("idempotency_key", "=like", f"{label}:%"),
            ]
        )
        own = Entry.search([("idempotency_key", "=", f"{label}:{customer.id}")])
        others = (marks | own)._retail_merge_marked() | own.filtered("points")
        # a referral the customer holds themselves (one of the merged
        # customers referred the other) is no referral of the person
        others = others.filtered(
            lambda other: (
                other != grant and not self._retail_bonus_self_referral(other, customer)
            )
        )
        if not others:
            return False
        family = self._retail_bonus_family(others)
        till = Entry.search(
            [
                (
                    "idempotency_key",
                    "in",
                    [f"{other.idempotency_key}:revoked" for other in others],
                )
            ]
        )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        for other in others:
            entries = family[other.idempotency_key] | till.filtered(
                lambda entry, other=other: (
                    entry.idempotency_key == f"{other.idempotency_key}:revoked"
                )
            )
            if (
                float_compare(
                    sum(entries.mapped("points")), 0.0, precision_digits=digits
                )
                > 0
            ):
                return True
        return False

    def _retail_bonus_self_referral(self, grant, customer):
        """Whether ``grant`` is a referral bonus held by ``customer``
        themselves: the referred customer merged into their referrer (one
        person). A purchase of theirs earns no referral bonus
        (``res.partner._retail_reward_referral``), so none moves to one;
        the invoice that earned it before the merge keeps it while it
        stands."""
        return (
            grant.idempotency_key.startswith("referral:")
            and grant.partner_id.commercial_partner_id == customer
        )

    def _retail_bonus_other_purchase(self, grant, customer):
        """An invoice of ``customer`` in the company of the bonus ``grant``
        that stands (:meth:`_retail_bonus_purchase_stands`), among these
        documents first, else the latest; never the invoice of a POS order
        (its order is the purchase)."""
        Entry = self.env["retail.point.entry"]
        domain = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("commercial_partner_id", "=", customer.id),
            ("company_id", "=", grant.company_id.id),
        ]
        for invoice in self.filtered_domain(domain):
            if not Entry._get_documents_booked_by_their_source(
                invoice
            ) and invoice._retail_bonus_purchase_stands(customer):
                return invoice
        offset = 0
        while True:
            invoices = self.search(domain, order="id desc", limit=50, offset=offset)
            if not invoices:
                return self.browse()
            invoices -= Entry._get_documents_booked_by_their_source(invoices)
            for invoice in invoices:
                if invoice._retail_bonus_purchase_stands(customer):
                    return invoice
            offset += 50

    def _retail_bonus_purchase_stands(self, customer):
        """Whether this document is a paid purchase of ``customer`` (see
        :meth:`_retail_bonus_customer`): a posted customer invoice of theirs not
        credited in full by their posted credit notes. The money of the
        product lines, taxes included, is compared in the invoice's currency
        (its points discount is no goods, see :meth:`_retail_points_lines`);
        another customer's credit note naming the invoice credits nothing of
        it. An invoice whose goods come to nothing (0.00, or a discount or a
        gift card as large as the goods) is no purchase: the customer's next
        invoice that is one earns the bonuses."""
        self.ensure_one()
        if self.move_type != "out_invoice" or self.state != "posted":
            return False
        if self.commercial_partner_id != customer:
            return False
        currency = self.currency_id
        invoiced = self._retail_bonus_goods_money()
        if currency.compare_amounts(invoiced, 0.0) <= 0:
            # nothing paid: an invoice of 0.00 (goods paid by a discount or
            # a gift card line as large as them included)
            return False
        credited = self._retail_bonus_credited(self.reversal_move_id)
        return currency.compare_amounts(credited, invoiced) < 0

    def _retail_bonus_goods_money(self):
        """The money of this document's product lines, points discount left
        out, taxes included (money moved into a tax included in the price of
        a credit note's line is given back all the same), in its
        currency."""
        discount = self._retail_redemption_lines()
        return sum(
            line.price_total
            for line in self.invoice_line_ids
            if line.display_type == "product" and line not in discount
        )

    def _retail_book_bonus_change(self, grant, move_id, points, stage, count, lot=True):
        """Book ``points`` of the bonus ``grant`` on its holder as an entry
        of the invoice ``move_id`` (deleted since, possibly), under ``<bonus
        key>:<stage>:<count>``: taken back (negative) or given back. Its
        description is the bonus's (the referrer reads the referred
        customer's name, as on the bonus, not an invoice number); the note
        says why.

        ``lot``: whether the points are the bonus's own lot
        (``retail.point.entry._retail_book_expired_part``): taken back after
        its expiry date, the part the expiry took is booked back first;
        given back after it, the part the expiry would have taken expires at
        once. Not for a bonus moved from one purchase to another, nor given
        to another purchase than the one that earned it (new points).

        A bonus given back goes, as any bonus, neither to a holder archived
        since nor, when the company reserves points to members, to one who
        left; a bonus is taken back as far as the balance goes when the
        company allows no negative balance (the invoice's chatter says what
        was not). It never fails the invoice's posting, cancellation or
        deletion: a refusal is logged.

        :return: the entry booked, or an empty recordset
        """
        Entry = self.env["retail.point.entry"]
        move = self.browse(move_id).exists()
        holder = grant.partner_id.commercial_partner_id
        company = grant.company_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        vals = {
            "company_id": company.id,
            "res_model": self._name,
            "res_id": move_id,
            "origin": grant.origin,
            "origin_code": grant.origin_code,
            "origin_params": grant.origin_params,
            **Entry._note_vals(
                f"invoice_bonus_{stage}",
                invoice=move.display_name if move else f"{self._name},{move_id}",
            ),
        }
        key = f"{grant.idempotency_key}:{stage}:{count}"

        correction = {"company_id": company.id, "origin": grant.origin}

        def post(_company):
            # sudo: the points are the bonus's own, computed here, never
            # chosen by the user; whoever posts or cancels the invoice books
            # them, without the Retail CRM manager rights the ledger asks of
            # people (as retail.points.document.mixin._retail_points_post)
            entry = holder.sudo()._post_reward_points(
                points, "bonus", idempotency_key=key, **vals
            )
            if entry and points > 0 and lot:
                # given back after the bonus's expiry date: the part the
                # expiry would have taken of it expires at once
                Entry._retail_book_expired_part(
                    holder, grant, -points, key, **correction
                )
            return entry

        if points > 0:
            if not holder._retail_may_earn(company):
                return Entry
            return holder._retail_try_bonus(stage, post, company)
        if lot:
            # taken back after the bonus's expiry date: what the expiry took
            # of it is booked back first, so that it is not taken twice
            Entry._retail_book_expired_part(holder, grant, -points, key, **correction)
        entry = Entry
        if company.retail_allow_negative_balance or (
            float_compare(holder.reward_points, 0.0, precision_digits=digits) > 0
        ):
            # taken back from an archived holder too (the ledger allows it)
            entry = holder._retail_try_bonus(stage, post, company)
        if (
            move
            and not company.retail_allow_negative_balance
            and float_compare(entry.points, points, precision_digits=digits)
        ):
            move._message_log(
                body=_(
                    'The bonus "%(bonus)s" should be taken back from '
                    "%(holder)s (%(points)s points), but their balance held "
                    "only %(taken)s and the company does not allow negative "
                    "balances.",
                    bonus=grant.description,
                    holder=holder.display_name,
                    points=-points,
                    taken=abs(entry.points),
                )
            )
        return entry
