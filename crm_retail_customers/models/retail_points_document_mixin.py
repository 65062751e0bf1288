# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import float_is_zero

from .retail_point_entry import EXPIRED_PREFIX


class RetailPointsDocumentMixin(models.AbstractModel):
    """A document that books reward points (an invoice, a POS order) or
    dates a customer's first purchase (a sale order).

    The one path from a document to the ledger. The bridge of a document says
    what is its own; this mixin does the rest, the same way for every
    document:

    - the key scheme: every entry of a document is keyed
      ``<ref>:<stage>[:<more>]`` (:meth:`_retail_points_key`), ``ref``
      being ``<model>:<id>`` unless the document names itself otherwise
      (:meth:`_retail_points_ref`; a POS order: its receipt number). These
      are the keys ledgers hold already: nothing is migrated;
    - the ledger read: what the documents have booked so far, per customer,
      with one query for a batch (:meth:`_retail_points_booked`);
    - the booking: the difference between what a document should have
      booked for its customer (the bridge's target) and what it has, a
      former customer giving back what they got
      (:meth:`_retail_points_sync`), every entry through
      :meth:`_retail_points_post` (the ledger's lock, key and rules);
    - the company rule: a customer of another company is refused
      (:meth:`_retail_check_points_company`, ``res.partner._retail_check_company``);
    - customer since: the first purchase dates it, only ever earlier
      (:meth:`_retail_update_customer_since`).

    What a bridge implements: :meth:`_retail_points_company` (default: the
    document's ``company_id``), :meth:`_retail_points_entry_vals`
    (origin, amount, currency of its entries), :meth:`_retail_points_kind`
    when its kinds differ from "earn when positive, else reverse",
    :meth:`_retail_customer_since_day`, and its target: fed to
    :meth:`_retail_points_sync` by a document that can change after it
    booked (an invoice reset to draft, cancelled, credited), or posted event
    by event with :meth:`_retail_points_post` by one that books each event
    once (a paid POS order: redemption, earning, returns; its refunds under
    the refunded order's ref, ``<ref>:reverse:#<refund id>``).
    """

    _name = "retail.points.document.mixin"
    _description = "Document Booking Reward Points"

    # -- what the bridge says of its document -----------------------------------
    def _retail_points_company(self):
        """The company the document books in."""
        self.ensure_one()
        return self.company_id if "company_id" in self._fields else self.env.company

    def _retail_points_ref(self):
        """The document as its entries' keys name it."""
        self.ensure_one()
        return f"{self._name}:{self.id}"

    def _retail_points_entry_vals(self):
        """Values of the document's entries besides points, kind and key
        (the bridge adds amount, currency, date, note)."""
        self.ensure_one()
        return {}

    def _retail_points_kind(self, points):
        """Kind of an entry of ``points`` booked by :meth:`_retail_points_sync`."""
        return "earn" if points > 0 else "reverse"

    def _retail_points_lot(self, customer):
        """The entry (on ``customer``) whose points this document's
        bookings take back or give back once it booked: the first earning of
        the purchase. A take-back or give-back after that entry's expiry
        date is corrected by what the expiry took (``retail.point.entry.
        _retail_book_expired_part``). None by default."""
        return self.env["retail.point.entry"]

    def _retail_points_expired_back(self, customer):
        """Whether a take-back of this document from ``customer`` found its
        points expired (an entry ``expired:<key of the document>``, see
        ``retail.point.entry._retail_book_expired_part``): one query."""
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        Entry.flush_model(["partner_id", "kind", "idempotency_key"])
        prefix = f"{EXPIRED_PREFIX}{self._retail_points_ref()}:"
        self.env.cr.execute(
            """
            SELECT 1 FROM retail_point_entry
             WHERE partner_id = %s AND kind = 'expire'
               AND left(idempotency_key, %s) = %s
             LIMIT 1
            """,
            [customer.id, len(prefix), prefix],
        )
        return bool(self.env.cr.fetchone())

    def _retail_customer_since_day(self):
        """``(customer, day)`` when this document dates its customer's first
        purchase (the company takes 'customer since' from such documents),
        else ``False``."""
        return False

    # -- the key scheme ---------------------------------------------------------------
    def _retail_points_key(self, *stages):
        """Idempotency key of an entry of this document: ``<ref>:<stage>…``."""
        return ":".join((self._retail_points_ref(), *stages))

    # -- the ledger, read once --------------------------------------------------------
    def _retail_points_booked_domain(self):
        """Which entries of the documents :meth:`_retail_points_sync` keeps
        in line with its target (all by default; an invoice keeps its
        redemption apart, see ``account.move``)."""
        return []

    def _retail_points_booked(self, domain=None):
        """Points booked so far for these documents, with one query.

        :param list domain: which of their entries (default:
            :meth:`_retail_points_booked_domain`)
        :return: ``{document id: {customer id: [points, number of entries]}}``
        """
        if domain is None:
            domain = self._retail_points_booked_domain()
        # sudo: the entries of these documents must be found even when they
        # are in a company the user cannot read; only their sums are used.
        Entry = self.env["retail.point.entry"].sudo()
        booked = {document.id: {} for document in self}
        for res_id, partner, points, count in Entry._read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)] + domain,
            ["res_id", "partner_id"],
            ["points:sum", "__count"],
        ):
            booked[res_id][partner.id] = [points, count]
        return booked

    # -- booking ----------------------------------------------------------------------
    def _retail_check_points_company(self, customer, message=None):
        """The company rule for this document's ``customer`` (see
        ``res.partner._retail_check_company``, also for ``message``)."""
        if customer:
            customer._retail_check_company(self._retail_points_company(), message)

    def _retail_points_post(self, customer, points, kind, key, **vals):
        """Book ``points`` of ``kind`` for this document on ``customer``
        under the key ``key``: the one call from a document to the ledger
        (``res.partner._post_reward_points``: the customer's lock, the key
        booked once, the ledger's rules and company check)."""
        self.ensure_one()
        company = self._retail_points_company()
        vals = dict(vals, res_model=self._name, res_id=self.id)
        vals["company_id"] = vals.get("company_id") or company.id
        if "origin" not in vals:
            vals["origin"] = self.display_name
        # sudo: the points are computed by the bridge from the document and
        # its entries, never chosen by the user; whoever may post or pay the
        # document books them, without the Retail CRM manager rights the
        # ledger asks of people.
        return customer.sudo()._post_reward_points(
            points, kind, idempotency_key=key, **vals
        )

    def _retail_points_sync(self, customer, target, booked, event):
        """Bring this document's entries in line with ``target``, the points
        it should have booked now for ``customer`` (the bridge's figure):
        book the difference with what ``booked`` (see
        :meth:`_retail_points_booked`) says it has, and give back what a
        former customer of the document got. Re-booking the same target books
        nothing.

        Keys: the first entry of a document is ``<ref>:<kind>``, every later
        one ``<ref>:<event>:<n>``, ``n`` being the number of entries the
        document had: the same event is never booked twice, and every real
        change gets its own entry.

        :param str event: what happens to the document (``post``,
            ``cancel``, ``unlink``)
        """
        self.ensure_one()
        entries = booked[self.id]
        for partner_id, (points, _count) in list(entries.items()):
            if partner_id != customer.id:
                # the customer changed: the former one gives the points back
                self._retail_points_book_difference(
                    self.env["res.partner"].browse(partner_id), -points, event, booked
                )
        if customer:
            points = entries.get(customer.id, [0.0, 0])[0]
            self._retail_points_book_difference(
                customer, target - points, event, booked
            )

    def _retail_points_book_difference(self, customer, points, event, booked):
        """Book ``points`` for this document on ``customer`` and record them
        in ``booked`` (nothing for zero points; an archived customer or a
        non-member, when the company reserves points to members, earns
        nothing, the document must not fail for them, but what they earned
        is taken back like anyone's)."""
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        company = self._retail_points_company()
        if float_is_zero(points, precision_digits=digits) or (
            points > 0 and not customer._retail_may_earn(company)
        ):
            return False
        entries = booked[self.id]
        count = sum(count for _points, count in entries.values())
        kind = self._retail_points_kind(points)
        key = (
            self._retail_points_key(event, str(count))
            if count
            else self._retail_points_key(kind)
        )
        # a document's first earning is the lot itself, and so is an earning
        # that follows none held, unless what it took back had expired (an
        # invoice cancelled within the validity, then posted again: its
        # points are new, as they always were; given to another customer
        # after the expiry and back: they are the expired ones)
        held = entries.get(customer.id, [0.0, 0])[0]
        follows = not float_is_zero(held, precision_digits=digits) or (
            count and points > 0 and self._retail_points_expired_back(customer)
        )
        lot = self._retail_points_lot(customer) if points < 0 or follows else None
        correction = {"company_id": company.id, "origin": self.display_name}
        Entry = self.env["retail.point.entry"]
        vals = self._retail_points_entry_vals()
        if lot and points < 0:
            Entry._retail_book_expired_part(customer, lot, -points, key, **correction)
        elif lot and lot.expiry_date and kind == "earn":
            # more points of the purchase (an invoice posted again with more)
            # expire with the purchase's first points, not a validity later
            vals["expiry_date"] = lot.expiry_date
        entry = self._retail_points_post(customer, points, kind, key, **vals)
        if lot and points > 0 and entry:
            Entry._retail_book_expired_part(customer, lot, -points, key, **correction)
        totals = entries.setdefault(customer.id, [0.0, 0])
        totals[0] += entry.points if entry else 0.0
        totals[1] += 1 if entry else 0
        return entry

    # -- customer since ---------------------------------------------------------------
    def _retail_update_customer_since(self):
        """Date the first purchase of the documents' customers: the earliest
        day the documents give (:meth:`_retail_customer_since_day`), which
        only ever moves 'customer since' earlier."""
        first = {}
        for document in self:
            found = document._retail_customer_since_day()
            if not found:
                continue
            customer, day = found
            if customer not in first or day < first[customer]:
                first[customer] = day
        self._retail_move_customer_since(first)

    @api.model
    def _retail_move_customer_since(self, days):
        """Set 'customer since' of each customer of ``days`` (``{customer:
        date}``) to its date when that is earlier (or none is set): it only
        ever moves earlier."""
        for customer, day in days.items():
            day = fields.Date.to_date(day)
            if not customer.customer_since or day < customer.customer_since:
                # sudo: the date comes from a posted, confirmed or paid
                # document; that must not depend on the right to edit contacts.
                customer.sudo()._retail_write_derived({"customer_since": day})
