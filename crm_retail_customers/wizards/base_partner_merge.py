# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..models.retail_access import check_retail_manager
from ..models.retail_point_entry import EARNED_KINDS


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's merge moves every row pointing to the merged partners (cards and
    ledger entries included) to the destination in SQL. Here the destination's
    stored balance is rebuilt from the entries it now owns, and the merge is
    recorded in its ledger."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merging moves reward points and cards: retail managers only, like
        any other way of moving points between customers. So does merging a
        partner whose contacts hold points or cards: they become the
        destination's contacts, and a contact's card spends its company's
        points. The points move within the company whose ledger holds them,
        as when a customer joins a company: never onto another company's
        customer, nor by someone who does not work in that company."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        merged = Partner.browse(partner_ids).exists()
        partners = merged | (dst_partner or Partner.browse())
        # sudo: only whether one of them was erased
        if any(partners.sudo().mapped("retail_forgotten")):
            raise UserError(
                _(
                    "An erased customer cannot be merged: the erasure log and "
                    "the consent log would name the other contact."
                )
            )
        # the destination Odoo's merge takes (the wizard's, else the newest)
        if dst_partner and dst_partner in merged:
            sources = merged - dst_partner
        elif len(merged) > 1:
            ordered = self._get_ordered_partner(merged.ids)
            dst_partner, sources = ordered[-1], ordered[:-1]
        else:
            sources = merged
        holds = partners._retail_holds_points_or_cards()
        if holds or any(
            # sudo: only whether the merged customers have opening figures
            partners.sudo().mapped("retail_opening_sales_count")
        ):
            check_retail_manager(
                self.env,
                _(
                    "These contacts hold reward points or loyalty cards: only a "
                    "retail manager can merge them."
                ),
            )
        if dst_partner and sources:
            self._retail_check_merged_contacts(sources, dst_partner)
            if holds:
                self._retail_check_merged_points(sources, dst_partner)
        # nothing to book and no balance to rebuild when no source brings
        # entries or cards (two plain contacts: a contact clerk's merge)
        moves = holds and bool(sources) and sources._retail_holds_points_or_cards()
        return super(
            BasePartnerMergeAutomaticWizard,
            self.with_context(retail_merge_moves_points=moves),
        )._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    def _retail_check_merged_contacts(self, sources, dst_partner):
        """The merge makes the contacts of ``sources`` the destination's: a
        contact that books on a source's customer then books on the
        destination's, with its points and cards (see ``res.partner.
        _retail_reparented``). A retail manager's, when one of them holds
        points or a card."""
        moving = sources.filtered(
            lambda source: (
                source.commercial_partner_id != dst_partner.commercial_partner_id
            )
        )
        holdings = sources._retail_moving_holdings(moving)
        contact = next(
            ((moved, holder) for moved, holder, _points in holdings if moved != holder),
            None,
        )
        if contact:
            check_retail_manager(
                self.env,
                self.env["res.partner"]._retail_contact_holds_message(
                    contact[1], contact[0]
                ),
            )

    def _retail_check_merged_points(self, sources, dst_partner):
        """The balance of each source moves to the destination (and on to
        the customer it books on): it must be one company's balance, of a
        company the user works in (``res.partner._retail_points_company``),
        and the destination a customer that company may book for."""
        targets = dst_partner | dst_partner.commercial_partner_id
        for source in sources:
            company = source._retail_points_company()
            if company:
                for target in targets:
                    target._retail_check_company(company)

    def _update_values(self, src_partners, dst_partner):
        # The merge copies field values to the destination: balances are not
        # values to copy, they are rebuilt below from the moved entries.
        return super()._update_values(
            src_partners, dst_partner.with_context(retail_partner_merge=True)
        )

    def _log_merge_operation(self, src_partners, dst_partner):
        res = super()._log_merge_operation(src_partners, dst_partner)
        if self.env.context.get("retail_merge_moves_points", True):
            self._retail_merge_points(src_partners, dst_partner)
        since = [d for d in (src_partners | dst_partner).mapped("customer_since") if d]
        if since and min(since) != dst_partner.customer_since:
            dst_partner._retail_write_derived({"customer_since": min(since)})
        dst = dst_partner.commercial_partner_id
        self._retail_merge_membership(src_partners, dst)
        self._retail_merge_bonuses(src_partners, dst)
        if dst_partner != dst:
            self._retail_merge_contact_marks(dst_partner, dst)
        self._retail_merge_birthdays(src_partners, dst_partner)
        self._retail_merge_opening(src_partners, dst_partner)
        return res

    def _retail_merge_points(self, src_partners, dst_partner):
        """Rebuild the destination's balance from the entries it now owns,
        record the merge in its ledger and hand the points on to the
        customer it books on. Only when a source brought entries or cards
        (see :meth:`_merge`): those merges are a retail manager's."""
        cr = self.env.cr
        self.env.flush_all()
        dst = dst_partner.commercial_partner_id
        moved = {p.display_name: p.reward_points for p in src_partners}
        dst_partner._retail_lock()
        self.env["retail.point.entry"]._retail_count_balance_write()
        cr.execute(
            """
            UPDATE res_partner p
               SET reward_points = COALESCE(s.total, 0),
                   reward_points_earned = COALESCE(s.earned, 0)
              FROM (SELECT SUM(points) AS total,
                           SUM(points) FILTER (WHERE kind IN %s) AS earned
                      FROM retail_point_entry WHERE partner_id = %s) s
             WHERE p.id = %s
            """,
            [EARNED_KINDS, dst_partner.id, dst_partner.id],
        )
        dst_partner.invalidate_recordset(["reward_points", "reward_points_earned"])
        dst_partner.invalidate_recordset(["card_ids"])
        self.env.add_to_compute(dst_partner._fields["card_number"], dst_partner)
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        dst._post_reward_points(
            0.0,
            "merge",
            **self.env["retail.point.entry"]._origin_vals("merge"),
            **self.env["retail.point.entry"]._note_vals(
                "merge",
                sources=", ".join(
                    f"{name} ({float_round(points, precision_digits=digits)})"
                    for name, points in moved.items()
                ),
            ),
        )
        self.env["retail.tier"]._update_customer_tier(dst, dst.reward_points_earned)
        # merged into a company's contact: the points go on to the company
        dst_partner._retail_transfer_points_to_commercial()

    def _retail_merge_opening(self, src_partners, dst_partner):
        """The purchases in the previous system of the merged customers add
        up on the destination (the merge would only copy them where it has
        none), their last date the latest; a destination that is a company's
        contact hands them to the company."""
        # sudo: a retail manager merges (see _merge); the figures only add up
        merged = (src_partners | dst_partner).sudo()
        # a company's contact holds none (its company does): theirs join in
        target = merged.filtered(lambda p: p == dst_partner).commercial_partner_id
        partners = merged | target
        count = sum(partners.mapped("retail_opening_sales_count"))
        if not count:
            return
        days = [d for d in partners.mapped("retail_opening_last_sale_date") if d]
        target.write(
            {
                "retail_opening_sales_count": count,
                "retail_opening_sales_amount": sum(
                    partners.mapped("retail_opening_sales_amount")
                ),
                "retail_opening_last_sale_date": max(days) if days else False,
            }
        )

    def _retail_merge_bonuses(self, src_partners, dst):
        """The first purchase's bonuses are booked once per customer *id*
        (``welcome:<customer>``, ``referral:<customer>``). The merged
        customers' ids go: without a mark, the destination's next purchase
        would earn again, under its own id, what one of them earned already
        (one person, two welcome bonuses; their referrer paid, and the
        destination's paid again). Each bonus a merged customer earned and
        the destination did not is marked on the destination: an entry of 0
        points under the destination's key, which its next purchase finds
        booked. The bonus itself stays where the merge moved it, with its
        purchase, which can still take it back; the mark's source is that
        bonus (``res_model``/``res_id``, see ``retail.point.entry.
        _retail_merge_marked``), so that a purchase of the destination can
        hold it again (the invoicing bridge moves a bonus to a purchase
        that stands).

        A bonus the destination (or another merged customer) earned too is
        linked the same way, under ``<destination key>:merged:<merged
        customer>``: the person has two, and the one taken back (a credited
        first purchase) must not be given back by a purchase while the other
        stands (the invoicing bridge reads the links, see ``account.move.
        _retail_bonus_held_elsewhere``). Both are kept as they are: the merge
        takes nothing back."""
        # sudo: keys of any company only decide whether a mark is needed;
        # the mark carries no points and its key is the application's own
        Entry = self.env["retail.point.entry"].sudo()
        for label in ("welcome", "referral"):
            sources = {f"{label}:{partner.id}": partner for partner in src_partners}
            key = f"{label}:{dst.id}"
            earned = Entry.search(
                [("idempotency_key", "in", list(sources))], order="id"
            )
            if not earned:
                continue
            marked = Entry.search_count([("idempotency_key", "=", key)])
            for bonus in earned:
                source = sources[bonus.idempotency_key]
                if marked:
                    self._retail_merge_mark(
                        dst, bonus, f"{key}:merged:{source.id}", f"{label}_both", source
                    )
                else:
                    self._retail_merge_mark(dst, bonus, key, label, source)
                    marked = True

    def _retail_merge_contact_marks(self, contact, dst):
        """Merged into ``contact``, a contact of the company ``dst``: Odoo
        moved the merged customers' marks and links onto the contact, where
        the company's purchases do not look (they look on the company, which
        holds the points). Each first-purchase bonus they mark is marked or
        linked on the company too (see :meth:`_retail_merge_bonuses`)."""
        # sudo: marks of any company only decide which marks to book; these
        # carry no points and their keys are the application's own
        Entry = self.env["retail.point.entry"].sudo()
        marks = Entry.search(
            [
                ("partner_id", "=", contact.id),
                ("kind", "=", "bonus"),
                ("res_model", "=", Entry._name),
            ],
            order="id",
        )
        for mark in marks:
            label = mark.idempotency_key.split(":")[0]
            grant = mark._retail_merge_marked()
            if label not in ("welcome", "referral") or not grant:
                continue
            key = f"{label}:{dst.id}"
            if Entry.search_count([("idempotency_key", "=", key)]):
                key = f"{key}:merged:{grant.idempotency_key.split(':')[1]}"
                if Entry.search_count([("idempotency_key", "=", key)]):
                    continue
                note = f"{label}_both"
            else:
                note = label
            self._retail_merge_mark(dst, grant, key, note, contact)

    def _retail_merge_birthdays(self, src_partners, dst_partner):
        """The birthday bonus is booked once per year for each person,
        under ``birthday:<person>:<year>`` (the contact whose birthday it
        is). A merged customer's bonus of a year the destination has not had
        is marked under the destination's key of that year, as the first
        purchase's bonuses are (:meth:`_retail_merge_bonuses`): without it,
        the birthday job would give the person the bonus of that year again,
        under the destination's id."""
        # sudo: keys of any company only decide whether a mark is needed;
        # the mark carries no points and its key is the application's own
        Entry = self.env["retail.point.entry"].sudo()
        sources = {str(partner.id): partner for partner in src_partners}
        # the merged customers' entries are the destination's now (on the
        # contact merged into, whatever the commercial partner holds since)
        bonuses = Entry.search(
            [
                (
                    "partner_id",
                    "in",
                    (dst_partner | dst_partner.commercial_partner_id).ids,
                ),
                ("kind", "=", "bonus"),
                ("idempotency_key", "=like", "birthday:%"),
            ],
            order="id",
        )
        for bonus in bonuses:
            _label, source_id, year = bonus.idempotency_key.split(":", 2)
            key = f"birthday:{dst_partner.id}:{year}"
            if source_id not in sources or Entry.search_count(
                [("idempotency_key", "=", key)]
            ):
                continue
            self._retail_merge_mark(
                dst_partner.commercial_partner_id,
                bonus,
                key,
                "birthday",
                sources[source_id],
                year=year,
            )

    def _retail_merge_mark(self, dst, bonus, key, note, source, **params):
        """Book on ``dst`` the mark ``key`` of the merged customer
        ``source``'s ``bonus`` (see :meth:`_retail_merge_bonuses`)."""
        Entry = self.env["retail.point.entry"]
        # a merged customer's own mark stands for the bonus it marks
        grant = bonus._retail_merge_marked() or bonus
        # sudo: whoever may merge books the mark, as the merge's own note;
        # it moves no points and its key and text are the application's
        dst.sudo()._post_reward_points(
            0.0,
            "bonus",
            idempotency_key=key,
            company_id=(dst.company_id or bonus.company_id).id,
            res_model=grant._name,
            res_id=grant.id,
            **Entry._origin_vals("merge"),
            **Entry._note_vals(f"merge_{note}", source=source.display_name, **params),
        )

    def _retail_merge_membership(self, src_partners, dst):
        """A member merged into a non-member: the customer stays a member
        (as of the earliest membership), so that merging never freezes the
        points it brings along. No welcome bonus: nobody joins."""
        members = src_partners.filtered("retail_member")
        if not members or dst.retail_member or not dst.active:
            return
        first = members.sorted(lambda p: (p.retail_member_since or date.max, p.id))[0]
        dst._retail_write_derived(
            {
                "retail_member": True,
                "retail_member_since": first.retail_member_since,
                "retail_member_source": first.retail_member_source,
                "retail_member_user_id": first.retail_member_user_id.id,
            }
        )
