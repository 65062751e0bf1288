# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from functools import partial

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL, clean_context, float_compare, float_is_zero, float_round

from odoo.addons.crm_retail_customers.models.product_template import (
    REDEMPTION_PRODUCT_XMLID,
)
from odoo.addons.crm_retail_customers.models.retail_derived_state_mixin import (
    _SERVER_WRITE,
)

#: Who may redeem a customer's points on an invoice (the design asks for the
#: customer at the till or a manager's approval; the back office has no till).
MANAGER_GROUP = "crm_retail_customers.group_retail_manager"


class _Booking:
    """What the invoice being booked should hold by rule, and what its
    entries hold, for ``_retail_points_book_difference``. A context value no
    client can send (JSON cannot hold it), like ``_SERVER_WRITE``."""

    __slots__ = ("commands", "details", "target")

    def __init__(self, target, details):
        self.target = target
        self.details = details
        self.commands = []


def _rule_details(Rule, result, sign=1.0):
    """``{rule id or 0: [points, amount, name]}`` of a result of
    ``retail.earn.rule._retail_compute_points`` (names: the rules' now)."""
    # sudo: the rules are configuration; only their names are kept
    rules = Rule.sudo().browse([rule_id for rule_id in result["rules"] if rule_id])
    names = {rule.id: rule.name for rule in rules}
    return {
        rule_id: [sign * values["points"], sign * values["amount"], names.get(rule_id)]
        for rule_id, values in result["rules"].items()
    }


def points_discount_lines(company, currency, partner, goods, points):
    """``[(taxes, price)]``: the points discount lines ``points`` give a
    document (an invoice, a quotation) whose goods that may be paid with
    points are ``goods`` (``[(taxes, amount with taxes)]``), one per set of
    taxes, the value of the points split in proportion to the goods' amounts
    with taxes (as the till splits it, ``pos.order._retail_discounts_by_taxes``,
    and Odoo's ``pos_loyalty`` does): each discount lowers the tax base of
    the goods it pays for. ``price`` is the line's unit price (negative,
    without the taxes unless they are included in the price). More than the
    goods are worth is refused."""
    value = currency.round(points * company.retail_point_value)
    payable = sum(amount for _taxes, amount in goods)
    if currency.compare_amounts(value, payable) > 0:
        raise UserError(
            _(
                "%(points)s points are worth %(value)s, more than the goods "
                "that may be paid with points (%(payable)s).",
                points=points,
                value=value,
                payable=payable,
            )
        )
    product = company.env["account.move"]._retail_redemption_product()
    result = []
    left = value
    for index, (taxes, amount) in enumerate(goods):
        share = (
            left
            if index == len(goods) - 1
            else currency.round(value * amount / payable)
        )
        left -= share
        price = share
        if taxes and not all(taxes.mapped("price_include")):
            price = taxes.with_context(force_price_include=True).compute_all(
                share,
                currency=currency,
                quantity=1.0,
                product=product,
                partner=partner,
            )["total_excluded"]
        result.append((taxes, -currency.round(price)))
    return result


def check_points_to_redeem(document, customer, points):
    """``points`` that ``document`` (a draft invoice, a quotation) is to
    redeem from ``customer``, checked and rounded: a number, not negative,
    whole where its company counts whole points; unless zero, a customer
    allowed in the document's company who may redeem and holds them, and a
    point worth money. The invoice and the quotation redeem by these rules
    alike."""
    company = document.company_id
    digits = document.env["decimal.precision"].precision_get("Reward Points")
    if not isinstance(points, int | float) or isinstance(points, bool):
        raise UserError(_("Enter the number of points to redeem."))
    points = float_round(points, precision_digits=digits)
    if float_compare(points, 0.0, precision_digits=digits) < 0:
        raise UserError(_("The points to redeem cannot be negative."))
    company._retail_check_whole_points(points)
    if float_is_zero(points, precision_digits=digits):
        return 0.0
    document._retail_check_points_company(customer)
    customer._retail_check_may_redeem(company)
    balance = customer.reward_points
    if float_compare(points, balance, precision_digits=digits) > 0:
        raise UserError(
            _(
                "Cannot redeem %(points)s points: %(customer)s has only %(balance)s.",
                points=points,
                customer=customer.display_name,
                balance=balance,
            )
        )
    if not company.retail_point_value:
        raise UserError(
            _(
                "%(company)s gives no value to a point: set the value "
                "of one point first.",
                company=company.name,
            )
        )
    return points


def points_discount_differs(currency, expected, lines):
    """Whether the points discount ``lines`` (``[(taxes, unit price,
    quantity, discount %)]``) differ from the ``expected`` lines
    (``points_discount_lines``): another set of taxes, or another amount for
    one of them."""
    wanted = {frozenset(taxes.ids): price for taxes, price in expected}
    actual = {}
    for taxes, price, quantity, discount in lines:
        key = frozenset(taxes.ids)
        actual[key] = actual.get(key, 0.0) + price * quantity * (
            1.0 - (discount or 0.0) / 100.0
        )
    return set(wanted) != set(actual) or any(
        currency.compare_amounts(wanted[key], actual[key]) for key in wanted
    )


class AccountMove(models.Model):
    """Invoices and credit notes book their points through
    ``retail.points.document.mixin``: the target is theirs
    (:meth:`_retail_target_points`), the difference with the ledger, the
    keys (``account.move:<id>:earn`` or ``…:reverse``, then
    ``…:<event>:<n>``) and customer since are the mixin's."""

    _name = "account.move"
    _inherit = [
        "account.move",
        "retail.points.document.mixin",
        "retail.derived.state.mixin",
    ]
    _retail_derived_fields = (
        "retail_points_redeemed",
        "retail_points_redeem_partner_id",
        "retail_liability_cutoff",
        "retail_points_tier_id",
    )

    retail_points_tier_id = fields.Many2one(
        "retail.tier",
        "Tier of the Points",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="The customer's tier when this invoice first earned points: the "
        "invoice earns at it when it is posted again (corrected, or unchanged), "
        "even if its own points moved the customer to another tier since.",
    )
    retail_points_redeemed = fields.Float(
        "Points Redeemed",
        digits="Reward Points",
        copy=False,
        readonly=True,
        help="Reward points the points discount lines of this invoice are "
        "worth (Redeem points). They are taken from the customer's balance "
        "when the invoice is posted and given back when it is reset to draft "
        "or cancelled; a credit note gives back its share.",
    )
    retail_points_redeem_partner_id = fields.Many2one(
        "res.partner",
        "Points Redeemed From",
        copy=False,
        readonly=True,
        help="The customer whose points the points discount was granted on: "
        "the invoice cannot be posted for another one without redeeming again.",
    )
    retail_points_redeem_mode = fields.Selection(
        related="company_id.retail_points_redeem_mode"
    )
    retail_liability_cutoff = fields.Datetime(
        "Points Posted Until",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Set on the journal entries of the points liability: they carry "
        "the reward point entries dated before this moment.",
    )
    retail_liability_entry_count = fields.Integer(
        "Reward Point Entries", compute="_compute_retail_liability_entry_count"
    )

    def _compute_retail_liability_entry_count(self):
        # sudo: counts the ledger entries of journal entries the user reads
        # (the link is for accountants, the number is no secret)
        counts = dict(
            self.env["retail.point.entry"]
            .sudo()  # sudo: see above (a count only)
            ._read_group(
                [("liability_move_id", "in", self.ids)],
                ["liability_move_id"],
                ["__count"],
            )
        )
        for move in self:
            move.retail_liability_entry_count = counts.get(move, 0)

    def action_retail_liability_entries(self):
        """The reward point entries this journal entry posted."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reward Point Entries"),
            "res_model": "retail.point.entry",
            "view_mode": "tree,form",
            "domain": [("liability_move_id", "=", self.id)],
        }

    def _compute_show_reset_to_draft_button(self):
        res = super()._compute_show_reset_to_draft_button()
        self.filtered("retail_liability_cutoff").show_reset_to_draft_button = False
        return res

    def _retail_check_liability_unchanged(self):
        """Refuse a change of the journal items of a journal entry of the
        points liability (their accounts and amounts, adding or moving
        items): the posting alone writes them, while it makes the entry. The
        liability the postings carry is read from them."""
        if self.env.context.get("retail_derived_write") is _SERVER_WRITE:
            return
        postings = self.filtered("retail_liability_cutoff")
        if postings:
            raise UserError(
                _(
                    "%(moves)s posted reward points to the points liability: "
                    "its journal items cannot be changed. Correct the accounts "
                    "with a journal entry of its own.",
                    moves=", ".join(postings.mapped("display_name")),
                )
            )

    def _retail_check_liability_kept(self):
        """Refuse to reset to draft, cancel, reverse or delete a journal
        entry of the points liability: the reward point entries it posted
        point to it, and posting them again would count them twice. A
        mistake in the accounts is corrected by a journal entry of its own
        (the reconciliation in the settings shows the difference)."""
        postings = self.filtered("retail_liability_cutoff")
        if postings:
            raise UserError(
                _(
                    "%(moves)s posted reward points to the points liability: "
                    "it cannot be reset to draft, cancelled, reversed, "
                    "duplicated or deleted. Correct the accounts with a "
                    "journal entry of its own.",
                    moves=", ".join(postings.mapped("display_name")),
                )
            )

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
        # a points discount is granted in the company's money only: refused
        # before Odoo dates the invoice, whose new date converts the lines of
        # an invoice in another currency again (a rate of that day), which the
        # discount lines' guard would refuse as a change by hand
        for move in self._retail_points_moves():
            if move.currency_id == move.company_id.currency_id:
                continue
            if move.move_type == "out_invoice":
                move._retail_check_points_discount()
            else:
                move._retail_check_points_refund_currency()
        posted = super()._post(soft=soft)
        posted._retail_book_invoice_redemption()
        posted._retail_book_invoice_points()
        posted._retail_update_customer_since()
        return posted

    def button_cancel(self):
        """A cancelled invoice earns nothing: its points go back (a posted
        invoice is cancelled through draft in Odoo 17)."""
        self._retail_check_liability_kept()
        self._retail_check_no_points_given_back()
        self._retail_check_source_bonuses_kept()
        payments, invoices = self._retail_points_payments()
        res = super().button_cancel()
        payments._retail_book_points_payment("cancel")
        invoices._retail_book_invoice_points()
        self._retail_book_invoice_redemption(event="cancel")
        self._retail_book_invoice_points(event="cancel")
        return res

    def button_draft(self):
        """An invoice reset to draft gives its redeemed points back (posting
        it again redeems them again); its earned points stay until it is
        posted again or cancelled."""
        self._retail_check_liability_kept()
        self._retail_check_no_points_given_back()
        self._retail_check_source_bonuses_kept()
        payments, invoices = self._retail_points_payments()
        res = super().button_draft()
        # the journal entry of a points payment reset to draft resets the
        # payment: its points go back as ``account.payment.action_draft``'s
        payments._retail_book_points_payment("draft")
        invoices._retail_book_invoice_points()
        self._retail_book_invoice_redemption(event="draft")
        return res

    def _retail_points_payments(self):
        """``(points payments, invoices they pay)`` of these journal
        entries (see ``account.payment._retail_paid_invoices``)."""
        payments = self.payment_id.filtered("retail_points_payer_id")
        return payments, payments._retail_paid_invoices()

    def unlink(self):
        """A deleted invoice (one reset to draft, then deleted) earns nothing:
        its points go back before the document disappears. So do the points
        of a points payment whose journal entry is deleted (with it). A credit
        note the refunds of its source relied on is cancelled, not deleted
        (:meth:`_retail_check_source_points_kept`)."""
        self._retail_check_liability_kept()
        self._retail_check_source_points_kept()
        self._retail_check_points_payments_kept()
        self.payment_id.filtered("retail_points_payer_id")._retail_book_points_payment(
            "unlink"
        )
        self._retail_book_invoice_redemption(event="unlink")
        self._retail_book_invoice_points(event="unlink")
        return super().unlink()

    def write(self, vals):
        if vals.get("state", "posted") != "posted":
            self._retail_check_liability_kept()
        if "line_ids" in vals or "invoice_line_ids" in vals:
            self._retail_check_liability_unchanged()
        if "reversed_entry_id" not in vals:
            return super().write(vals)
        self._retail_check_credited_invoice_kept(vals["reversed_entry_id"])
        credited = self.reversed_entry_id
        res = super().write(vals)
        # a credit note now crediting another invoice: both purchases may
        # stand, or not, now
        (self | credited)._retail_sync_invoice_bonuses()
        return res

    def _retail_check_credited_invoice_kept(self, invoice_id):
        """Refuse changing the invoice a credit note credits while the credit
        note holds redeemed points it gave back: the invoice would no longer
        see them (:meth:`_retail_check_no_points_given_back`) and would give
        them back a second time."""
        refunds = self.filtered(
            lambda move: (
                move.move_type == "out_refund"
                and move.reversed_entry_id.id != (invoice_id or False)
            )
        )
        if not refunds:
            return
        # a points refund counts in the cap of the invoice the credit note
        # credits (_retail_points_refund_left): moved to another invoice, it
        # would no longer count in the first one's
        refunds._retail_check_points_payments_kept()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        booked = refunds._retail_points_booked([("kind", "=", "redeem")])
        for refund in refunds:
            points = sum(points for points, _count in booked[refund.id].values())
            if not float_is_zero(points, precision_digits=digits):
                raise UserError(
                    _(
                        "%(refund)s gave back reward points redeemed on the "
                        "invoice it credits: that invoice cannot be changed.",
                        refund=refund.display_name,
                    )
                )

    def _retail_check_no_points_given_back(self):
        """Refuse to reset to draft or cancel an invoice while one of its
        posted credit notes holds redeemed points it gave back.

        Refused rather than given back in net: the invoice and its credit
        notes are one account of the discount. Resetting the invoice alone
        would leave the credit note posted, still crediting a discount that
        no longer stands (its give-back then has no invoice's redemption to
        answer for, and resetting the credit note or posting the invoice
        again would take or give the same points once more). Reset the credit
        notes to draft first (they take their give-back back), then the
        invoice (it gives all its points back): every document's ``redeem``
        entries then always match its state."""
        for move in self._retail_points_moves().filtered(
            lambda move: move.move_type == "out_invoice"
        ):
            refunds = move.reversal_move_id.filtered(
                lambda refund: refund.state == "posted"
            )
            if not refunds:
                continue
            booked = refunds._retail_points_booked([("kind", "=", "redeem")])
            digits = self.env["decimal.precision"].precision_get("Reward Points")
            given = sum(
                points
                for refund in refunds
                for points, _count in booked[refund.id].values()
            )
            if not float_is_zero(given, precision_digits=digits):
                raise UserError(
                    _(
                        "%(invoice)s cannot be reset to draft or cancelled: its "
                        "credit note %(refunds)s gave back points it redeemed. "
                        "Reset the credit note to draft first.",
                        invoice=move.display_name,
                        refunds=", ".join(refunds.mapped("display_name")),
                    )
                )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """Refuse to reverse a credit note that gave back redeemed points, or
        the journal entry of a points payment that holds points: Odoo 17
        reverses a credit note as a plain journal entry (no points discount
        lines, no credited invoice), so the customer would owe the money
        again while keeping the points given back; a reversed points payment
        would stay posted with its points while its money is undone. Reset
        the credit note (or the payment) to draft instead: that books the
        points back."""
        self._retail_check_liability_kept()
        self._retail_check_reversible()
        return super()._reverse_moves(
            default_values_list=default_values_list, cancel=cancel
        )

    def _retail_check_reversible(self):
        """See :meth:`_reverse_moves`."""
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        refunds = self._retail_points_moves().filtered(
            lambda move: move.move_type == "out_refund"
        )
        booked = refunds._retail_points_booked([("kind", "=", "redeem")])
        payments = self.payment_id.filtered("retail_points_payer_id")
        paid = payments._retail_points_booked()
        for record, entries in [(refunds.browse(i), b) for i, b in booked.items()] + [
            (payments.browse(i), b) for i, b in paid.items()
        ]:
            points = sum(points for points, _count in entries.values())
            if not float_is_zero(points, precision_digits=digits):
                raise UserError(
                    _(
                        "%(document)s cannot be reversed: it holds reward "
                        "points (given back or paid with). Reset it to draft "
                        "instead.",
                        document=record.display_name,
                    )
                )

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

        An invoice earns by the earning rules
        (``retail.earn.rule._retail_compute_points``) on its product lines,
        each line on its amount in company currency without or with taxes
        (``res.company.retail_points_on_untaxed``), on the invoice date: the
        company-currency amount was converted at the invoice's own rate, so
        the points do not depend on the day of posting. Each line keeps its
        points (``account.move.line.retail_points``) and the entry the points
        of each rule (``detail_ids``). A credit note reversing an invoice
        takes back what the credited lines earned (see
        :meth:`_retail_target_points`), never more than the invoice kept.

        The ledger is insert-only, so this books the *difference* between
        what a document should have and what it has: nothing when an invoice
        is posted again unchanged after a reset to draft, the difference when
        its amount changed, everything back when it is cancelled or deleted
        (``event``), and the whole amount moved when the customer changed.
        What is booked (points and points by rule) is found with two queries
        for the whole batch; each booking then costs a constant number of
        queries, whatever the number of lines and rules
        (``retail.points.document.mixin._retail_points_sync``).

        :param str event: ``post``, ``cancel`` or ``unlink``
        """
        moves = self._retail_points_moves()
        if event == "post":
            moves = moves.filtered(lambda move: move.state == "posted")
        if not moves:
            self._retail_sync_invoice_bonuses()
            return
        originals = moves.filtered(
            lambda move: move.move_type == "out_refund"
        ).reversed_entry_id.filtered(lambda move: move.move_type == "out_invoice")
        documents = moves | originals | originals.reversal_move_id
        booked = documents._retail_points_booked()
        details = documents._retail_points_booked_details(booked)
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        # invoices first: a credit note of the batch reads its invoice's points
        for move in moves.sorted(lambda move: move.move_type != "out_invoice"):
            if not booked[move.id] and not move._retail_earns_points(event):
                move._retail_reward_first_purchase(event)
                continue
            target, target_details, line_points = move._retail_target_points(
                event, booked, details
            )
            if event == "post" and move.move_type == "out_invoice":
                tier = move._retail_points_tier(booked)
                if move.retail_points_tier_id != tier:
                    move._retail_write_derived({"retail_points_tier_id": tier.id})
            note = False
            if event == "post" and move._retail_credits_source_booked():
                held = booked[move.id].get(move.commercial_partner_id.id, [0.0, 0])
                target, target_details, line_points, note = (
                    move._retail_cap_source_taken_back(
                        target, target_details, line_points, booked
                    )
                )
                if (
                    note
                    and booked[move.id]
                    and not float_compare(held[0], target, precision_digits=digits)
                ):
                    # posted again unchanged: it said so the first time
                    note = False
            elif (
                event == "cancel"
                and booked[move.id]
                and move._retail_credits_source_booked()
            ):
                target, target_details, note = move._retail_source_points_kept(
                    booked, details
                )
            move.with_context(
                retail_invoice_booking=_Booking(target_details, details)
            )._retail_points_sync(move.commercial_partner_id, target, booked, event)
            if event != "unlink":
                # a cancelled document's lines earned nothing
                move._retail_store_line_points(line_points)
            if note:
                move._message_log(body=note)
            move._retail_reward_first_purchase(event)
        self._retail_sync_invoice_bonuses()

    def _retail_points_booked_details(self, booked):
        """Points by rule booked so far for these documents, with one query.

        Entries booked before the earning rules have no points by rule: what
        they hold counts as the normal rate (rule ``0``).

        :param dict booked: as returned by ``_retail_points_booked``
        :return: ``{document id: {customer id: {rule id or 0: [points,
            amount, name]}}}``
        """
        self.env["retail.point.entry.detail"].flush_model()
        self.env["retail.point.entry"].flush_model()
        # the ledger of these documents in any company (as _retail_points_booked);
        # only sums are read
        self.env.cr.execute(
            SQL(
                """
                SELECT e.res_id, e.partner_id, COALESCE(d.rule_id, 0),
                       SUM(d.points), SUM(d.amount),
                       (ARRAY_AGG(d.name ORDER BY d.id DESC))[1]
                  FROM retail_point_entry_detail d
                  JOIN retail_point_entry e ON e.id = d.entry_id
                 WHERE e.res_model = %s AND e.res_id = ANY(%s)
                 GROUP BY 1, 2, 3
                """,
                self._name,
                self.ids,
            )
        )
        details = {document.id: {} for document in self}
        for res_id, partner_id, rule_id, points, amount, name in self.env.cr.fetchall():
            details[res_id].setdefault(partner_id, {})[rule_id] = [
                points,
                amount,
                name,
            ]
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        for res_id, customers in booked.items():
            for partner_id, (points, _count) in customers.items():
                rules = details[res_id].setdefault(partner_id, {})
                gap = points - sum(values[0] for values in rules.values())
                if not float_is_zero(gap, precision_digits=digits):
                    normal = rules.setdefault(0, [0.0, 0.0, False])
                    normal[0] += gap
        return details

    def _retail_reward_first_purchase(self, event):
        """A posted customer invoice is a paid purchase: the bonuses of the
        first one (welcome, referral), booked after the invoice's own points
        and never failing the posting
        (``res.partner._retail_reward_first_purchase``), as entries of the
        invoice, so that crediting it in full takes them back
        (:meth:`_retail_sync_invoice_bonuses`). An invoice whose goods come
        to nothing buys nothing: it earns no bonus (at the till, an order
        without goods earns none either), else an invoice of 0.00 to a new
        customer referred by a member would mint both bonuses, and no credit
        note would ever take them back."""
        if (
            event == "post"
            and self.move_type == "out_invoice"
            and self._retail_bonus_purchase_stands(self.commercial_partner_id)
        ):
            # sudo: the bonuses are booked by server code (rules of
            # res.partner._retail_reward_first_purchase), whoever posts
            self.commercial_partner_id.sudo()._retail_reward_first_purchase(
                self.company_id, purchase=self
            )

    def _retail_earns_points(self, event):
        """Whether a document without entries yet books any: posted invoices
        when the company earns points from invoices, posted credit notes of
        an invoice (what it earned is taken back whatever the setting is
        now)."""
        self.ensure_one()
        if event != "post":
            return False
        if self._retail_credited_invoice() or self._retail_credits_source_booked():
            return True
        return self.company_id.retail_points_from_invoices

    def _retail_credited_invoice(self):
        """The posted invoice of the same customer this credit note reverses,
        if any (a credit note may name any invoice: only one of its customer
        says which points it takes back; an invoice reset to draft holds
        figures anyone editing it may change, and says nothing until it is
        posted again)."""
        self.ensure_one()
        original = self.reversed_entry_id
        if (
            self.move_type == "out_refund"
            and original.move_type == "out_invoice"
            and original.state == "posted"
            and original.commercial_partner_id == self.commercial_partner_id
            and not self._retail_credits_source_booked()
        ):
            return original
        return self.browse()

    def _retail_sibling_credit_notes(self, original):
        """The credit notes of the invoice ``original`` but this one, of the
        same customer as this one: another customer's credit note may name
        the invoice (Odoo lets it), and takes back or gives back nothing of
        it; counted with the invoice's own, it would change what is left of
        the invoice for its customer."""
        customer = self.commercial_partner_id
        return (original.reversal_move_id - self).filtered(
            lambda sibling: sibling.commercial_partner_id == customer
        )

    def _retail_credits_source_booked(self):
        """Whether this credit note credits an invoice whose points were
        booked by the document it bills (an order of the Point of Sale,
        ``retail.point.entry._get_documents_booked_by_their_source``). That
        invoice holds no points of its own to take back in proportion, yet
        the money given back earned points when the order was paid: the
        credit note takes back what its lines earn by the earning rules of
        its day, as a credit note naming no invoice does (the same points
        as the sale's when the rules have not changed since)."""
        self.ensure_one()
        original = self.reversed_entry_id
        if self.move_type != "out_refund" or original.move_type != "out_invoice":
            return False
        return bool(
            self.env["retail.point.entry"]._get_documents_booked_by_their_source(
                original
            )
        )

    def _retail_cap_source_taken_back(self, target, details, line_points, booked):
        """Cap ``target`` (the points, negative, this credit note of an
        invoice booked by its source takes back by the earning rules, see
        :meth:`_retail_credits_source_booked`; ``details`` by rule and
        ``line_points`` by line, as :meth:`_retail_target_points` returns
        them) at what is left of the source's points: what the source
        earned (``retail.point.entry._get_source_points``, answered by the
        bridge of the source) less what its own refunds (a till refund of
        the POS order) and the invoice's other credit notes took back
        already (their entries, in ``booked``). The till refunds count this
        credit note in their own cap
        (:meth:`retail.point.entry._get_points_taken_back_elsewhere`): in any
        order, the sale's points are taken back once. They are taken back
        from the customer the source booked them for only (the source's
        ``"customer"``, its sale entries' on the ledger): a credit note made
        out to anyone else takes nothing back, whoever the invoice or the
        source names now.

        :return: ``(target, details, line_points, note)``, ``note`` (for the
            chatter) when the cap took something off, else False
        """
        self.ensure_one()
        original = self.reversed_entry_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        # sudo: the figures of the source (a POS order) are read to cap what
        # the credit note takes back; an accountant may not read the till
        source = (
            self.env["retail.point.entry"]
            .sudo()  # sudo: see above
            ._get_source_points(original)
            .get(original.id)
        )
        if not source or float_compare(target, 0.0, precision_digits=digits) >= 0:
            return target, details, line_points, False
        earner = source.get("customer")
        if earner is not None and earner != self.commercial_partner_id:
            # the source's points were booked for another customer (the
            # ledger's customer of the order): a credit note made out to
            # anyone else (the invoice reset to draft and given to them, the
            # paid order given to them before it was invoiced) takes nothing
            # back, from them or from the earner
            note = _(
                "%(order)s earned its reward points for %(earner)s, not for "
                "%(customer)s: this credit note takes none back.",
                order=source["source"],
                earner=earner.display_name or _("no one"),
                customer=self.commercial_partner_id.display_name,
            )
            return (
                0.0,
                {
                    rule_id: [0.0, amount, name]
                    for rule_id, (_points, amount, name) in details.items()
                },
                dict.fromkeys(line_points, 0.0),
                note,
            )
        others = -sum(
            points
            for sibling in self._retail_sibling_credit_notes(original)
            for points, _count in booked.get(sibling.id, {}).values()
        )
        taken = float_round(source["taken_back"] + others, precision_digits=digits)
        left = max(float_round(source["earned"] - taken, precision_digits=digits), 0.0)
        if float_compare(-target, left, precision_digits=digits) <= 0:
            return target, details, line_points, False
        ratio = left / -target
        details = {
            rule_id: [points * ratio, amount, name]
            for rule_id, (points, amount, name) in details.items()
        }
        line_points = {key: points * ratio for key, points in line_points.items()}
        note = _(
            "%(order)s earned %(earned)s reward points; its refunds and the "
            "credit notes of %(invoice)s took back %(taken)s of them already: "
            "this credit note takes back only what was left (%(left)s points).",
            order=source["source"],
            earned=source["earned"],
            invoice=original.display_name,
            taken=taken,
            left=left,
        )
        return -left, details, line_points, note

    def _retail_check_source_points_kept(self):
        """Refuse to delete a credit note of an invoice booked by its source
        (an order of the Point of Sale) whose points the source's refunds
        relied on: they took back less because it had taken them. Cancelled,
        it keeps those points (:meth:`_retail_source_points_kept`); deleted,
        it would give them all back, and the entries it keeps would no longer
        count against the source (``retail.point.entry.
        _get_points_taken_back_elsewhere`` reads existing credit notes), so
        the customer would get back points for goods refunded at the till."""
        refunds = self._retail_points_moves().filtered(
            lambda move: (
                move.move_type == "out_refund" and move._retail_credits_source_booked()
            )
        )
        if not refunds:
            return
        originals = refunds.reversed_entry_id
        documents = refunds | originals | originals.reversal_move_id
        booked = documents._retail_points_booked()
        details = documents._retail_points_booked_details(booked)
        for move in refunds.filtered(lambda move: booked[move.id]):
            kept, _details, _note = move._retail_source_points_kept(booked, details)
            if kept:
                raise UserError(
                    _(
                        "%(document)s cannot be deleted: the refunds of "
                        "%(order)s took back %(points)s fewer reward points "
                        "because this credit note had taken them. Cancel it "
                        "instead: it then keeps those points and gives back "
                        "the rest.",
                        document=move.display_name,
                        order=move.reversed_entry_id.display_name,
                        points=-kept,
                    )
                )

    def _retail_source_points_kept(self, booked, details):
        """What this cancelled credit note of an invoice booked by its
        source keeps of the points it took back: the refunds of the source
        (a till refund of the POS order) took back less because it had
        taken them (:meth:`_retail_cap_source_taken_back`), and they are
        booked once. It keeps what they would have taken alone and did not,
        given the invoice's other credit notes, never more than it took and
        never more than the source earned; it gives the rest back. A credit
        note of another customer than the one the source booked its points
        for keeps nothing (no refund of the source relied on it).

        :return: ``(target, details by rule, note)``: ``target`` 0.0 and no
            note when it keeps nothing
        """
        self.ensure_one()
        original = self.reversed_entry_id
        customer = self.commercial_partner_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        held = -booked[self.id].get(customer.id, [0.0, 0])[0]
        # sudo: as _retail_cap_source_taken_back
        source = (
            self.env["retail.point.entry"]
            .sudo()  # sudo: see above
            ._get_source_points(original)
            .get(original.id)
        )
        if not source or float_compare(held, 0.0, precision_digits=digits) <= 0:
            return 0.0, {}, False
        earner = source.get("customer")
        if earner is not None and earner != customer:
            # taken from someone the source's points were not booked for:
            # no refund of the source relied on it, all of it goes back
            return 0.0, {}, False
        others = -sum(
            points
            for sibling in self._retail_sibling_credit_notes(original)
            for points, _count in booked.get(sibling.id, {}).values()
        )
        keep = (
            min(source["earned"], source.get("refunds_due", 0.0) + others)
            - source["taken_back"]
            - others
        )
        keep = min(max(float_round(keep, precision_digits=digits), 0.0), held)
        if float_is_zero(keep, precision_digits=digits):
            return 0.0, {}, False
        ratio = keep / held
        kept = {
            rule_id: [points * ratio, amount * ratio, name]
            for rule_id, (points, amount, name) in details[self.id]
            .get(customer.id, {})
            .items()
        }
        note = _(
            "The refunds of %(order)s took back fewer reward points because "
            "this credit note had taken them: cancelled, it keeps "
            "%(kept)s points and gives back %(given)s.",
            order=source["source"],
            kept=keep,
            given=float_round(held - keep, precision_digits=digits),
        )
        return -keep, kept, note

    def _retail_target_points(self, event, booked, details):
        """What this document should have on the ledger now.

        An invoice: what its product lines earn by the earning rules of its
        invoice date (never less than zero). A credit note of an invoice of
        its customer: what the credited lines earned on the invoice, matched
        by product, in proportion to the quantity credited (and to the
        money, when the credit note lowers the price instead), never more
        than the invoice has left; a credited product the invoice does not
        have, and money credited beyond what is left of the invoice, take
        back the points they would earn by the rules of the credit note's
        day, as a credit note naming no invoice does.

        :param dict booked: as returned by ``_retail_points_booked``, for the
            document, its invoice and the invoice's credit notes
        :param dict details: as returned by ``_retail_points_booked_details``
        :return: ``(points, {rule id or 0: [points, amount, name]}, {line id:
            points})``
        """
        self.ensure_one()
        if event != "post":
            return 0.0, {}, {}
        company = self.company_id
        customer = self.commercial_partner_id
        Rule = self.env["retail.earn.rule"]
        lines = self._retail_points_lines()
        day = self.invoice_date or fields.Date.context_today(self)
        if self.move_type == "out_invoice":
            result = Rule._retail_compute_points(
                customer,
                company,
                lines,
                day=day,
                ratio=self._retail_points_discount_ratio(lines)
                * self._retail_points_paid_ratio()
                * self._retail_points_money_ratio(lines),
                tier=self._retail_points_tier(booked),
            )
            return (
                max(result["points"], 0.0),
                _rule_details(Rule, result),
                result["lines"],
            )
        original = self._retail_credited_invoice()
        if not original:
            # money given back without naming the customer's invoice: the
            # points such a purchase earns are taken back
            result = Rule._retail_compute_points(
                customer, company, lines, day=day, take_back=True
            )
            return (
                -result["points"],
                _rule_details(Rule, result, sign=-1.0),
                {key: -points for key, points in result["lines"].items()},
            )
        return self._retail_credit_note_target(original, lines, day, booked, details)

    def _retail_points_tier(self, booked):
        """The tier this invoice earns at: the one it first earned at, while
        its points are on its customer (posted again after a reset to draft,
        changed or not, it would otherwise earn at the tier its own points
        lifted the customer to); else the customer's tier now."""
        customer = self.commercial_partner_id
        if booked[self.id].get(customer.id):
            return self.retail_points_tier_id
        return customer.reward_tier_id

    @api.model
    def _retail_credit_shares(self, sold, credited, unmatched, invoiced, line_points):
        """The invoice's points a credit note takes back, per product
        (``{product id: points}``) of the invoice's ``sold`` ones (``{product
        id: [qty, amount, points]}``) that it credits (``credited``: ``{product
        id: [qty, amount]}``): the money's share of the product's (its
        quantity's share when it was invoiced for nothing), for a credit note
        that gives the money back takes the points back, whatever quantity it
        names, and one that lowers the price takes back in proportion. Money
        credited on products the
        invoice does not have (``unmatched`` lines) is credit against the
        invoice: its points in that share of ``invoiced``, under key 0, and
        in ``line_points`` by line. Returns ``(shares, unmatched money)``."""
        shares = {}
        # money credited on a product beyond what the invoice sold of it (a
        # deposit of 0.25 credited 1,000.00) is credit against the invoice,
        # as money on a product it does not have
        beyond = 0.0
        others = invoiced  # what the invoice sold of the other products
        for product_id, (qty, amount) in credited.items():
            sold_qty, sold_amount, sold_points = sold[product_id]
            if amount > max(sold_amount, 0.0):
                # also on a product the invoice gave for nothing (or less)
                beyond += amount - max(sold_amount, 0.0)
                others -= max(sold_amount, 0.0)
            if sold_amount > 0:
                share = amount / sold_amount
            elif sold_qty > 0:
                share = qty / sold_qty
            else:
                share = 1.0
            shares[product_id] = sold_points * min(max(share, 0.0), 1.0)
        money = sum(max(line["amount"], 0.0) for line in unmatched)
        if (unmatched or beyond) and invoiced > 0:
            ratio = money / invoiced
            if beyond:
                ratio += beyond / others if others > 0 else 1.0
            shares[0] = sum(totals[2] for totals in sold.values()) * min(ratio, 1.0)
            for line in unmatched:
                line_points[line["key"]] = -shares[0] * (
                    max(line["amount"], 0.0) / money if money else 0.0
                )
        return shares, money if invoiced > 0 else 0.0

    def _retail_credit_note_target(self, original, lines, day, booked, details):
        """:meth:`_retail_target_points` of a credit note of ``original``
        (its ``lines``, its ``day``)."""
        company = self.company_id
        customer = self.commercial_partner_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        Rule = self.env["retail.earn.rule"]
        sold = {}
        for line in original._retail_points_lines():
            totals = sold.setdefault(line["product"].id, [0.0, 0.0, 0.0])
            totals[0] += line["qty"]
            totals[1] += line["amount"]
            totals[2] += original.invoice_line_ids.browse(line["key"]).retail_points
        matched = [line for line in lines if line["product"].id in sold]
        unmatched = [line for line in lines if line["product"].id not in sold]
        credited = {}
        for line in matched:
            totals = credited.setdefault(line["product"].id, [0.0, 0.0])
            totals[0] += line["qty"]
            totals[1] += line["amount"]
        earned = sum(points for points, _count in booked[original.id].values())
        # the invoice's other credit notes of its customer: another
        # customer's credit note may name the invoice, and takes back (or
        # credits) nothing of it
        siblings = self._retail_sibling_credit_notes(original)
        taken_back = -sum(
            points
            for sibling in siblings
            if sibling.id in booked
            for points, _count in booked[sibling.id].values()
        )
        invoiced = sum(totals[1] for totals in sold.values())
        refunded = sum(line["amount"] for line in matched)
        line_points = {}
        if any(totals[2] for totals in sold.values()):
            shares, money = self._retail_credit_shares(
                sold, credited, unmatched, invoiced, line_points
            )
            refunded += money
            for line in matched:
                product_id = line["product"].id
                amount = credited[product_id][1]
                line_points[line["key"]] = -shares[product_id] * (
                    line["amount"] / amount if amount else 1.0 / len(matched)
                )
            points = self.env["retail.point.entry"]._retail_take_back_points(
                sum(shares.values()), earned - taken_back, company
            )
        else:
            # an invoice booked before its lines kept their points: its
            # share of the money
            points = self.env["retail.point.entry"]._retail_proportional_points(
                earned, invoiced, refunded, done=taken_back, company=company
            )
        # the invoice's points by rule, in the share taken back
        target = {}
        origin_rules = {}
        for rules in details[original.id].values():
            for rule_id, (rule_points, rule_amount, name) in rules.items():
                values = origin_rules.setdefault(rule_id, [0.0, 0.0, name])
                values[0] += rule_points
                values[1] += rule_amount
        origin_points = sum(values[0] for values in origin_rules.values())
        scale = points / origin_points if origin_points else 0.0
        for rule_id, (rule_points, rule_amount, name) in origin_rules.items():
            target[rule_id] = [
                -rule_points * scale,
                -rule_amount * (refunded / invoiced if invoiced else 0.0),
                name,
            ]
        total = -points
        # credited beyond what is left of the invoice: that money, too,
        # takes back the points it would have earned
        credited_before = sum(
            sum(line["amount"] for line in sibling._retail_points_lines())
            for sibling in siblings
            if sibling.state == "posted"
        )
        excess = refunded - max(invoiced - credited_before, 0.0)
        extras = []
        if excess > 0 and refunded > 0:
            extras.append((matched, excess / refunded))
        if unmatched and not (line_points and invoiced > 0):
            extras.append((unmatched, 1.0))
        for extra_lines, ratio in extras:
            result = Rule._retail_compute_points(
                customer, company, extra_lines, day=day, ratio=ratio, take_back=True
            )
            total -= result["points"]
            for rule_id, values in _rule_details(Rule, result, sign=-1.0).items():
                detail = target.setdefault(rule_id, [0.0, 0.0, values[2]])
                detail[0] += values[0]
                detail[1] += values[1]
            for key, line_earned in result["lines"].items():
                line_points[key] = line_points.get(key, 0.0) - line_earned * ratio
        return float_round(total, precision_digits=digits), target, line_points

    def _retail_points_lines(self):
        """The product lines of this document as the earning rules read them
        (``retail.earn.rule._retail_compute_points``): product, quantity and
        the money the line earns on, in company currency, without or with
        taxes as the company says, positive for what is sold on an invoice
        and for what is given back on a credit note."""
        self.ensure_one()
        lines = []
        discount = self._retail_redemption_lines()
        for line in self.invoice_line_ids:
            if line.display_type != "product" or line in discount:
                # the points discount earns nothing and is not goods: it
                # lowers what the goods earn (_retail_points_discount_ratio)
                continue
            lines.append(
                {
                    "key": line.id,
                    "product": line.product_id,
                    "qty": line.quantity,
                    "discount": line.discount,
                    "price_unit": line.price_unit,
                    "list_price": partial(self._retail_list_price, line.product_id),
                    "amount": self._retail_line_points_amount(line),
                }
            )
        return lines

    def _retail_line_points_amount(self, line):
        """The money ``line`` earns on (see :meth:`_retail_points_lines`)."""
        sign = -1.0 if self.move_type == "out_invoice" else 1.0
        untaxed = sign * line.balance
        # the ratio of the server's figures, not of the stored totals (any
        # user who may write the line can overwrite those)
        excluded, included = self._retail_line_totals(line)
        taxed = untaxed * included / excluded if excluded else untaxed
        return self.company_id._retail_points_amount(untaxed, taxed)

    def _retail_points_paid_ratio(self):
        """The share of this invoice paid with money rather than with points
        (Pay with Points): what points paid earns nothing, as at the till
        (``pos.order._retail_earn_base``), the share taken on the amount with
        taxes. Its points payments re-book the invoice's points when they are
        posted, reset or cancelled (``account.payment``)."""
        if self.move_type != "out_invoice" or not self.amount_total:
            return 1.0
        payments = self._get_reconciled_payments().filtered(
            lambda payment: (
                payment.retail_points_payer_id
                and payment.state == "posted"
                and payment.retail_points_paid > 0
            )
        )
        paid = sum(payments.mapped("amount"))
        return 1.0 - min(max(paid / self.amount_total, 0.0), 1.0)

    def _retail_points_money_ratio(self, lines):
        """The share of the goods ``lines`` (see :meth:`_retail_points_lines`)
        the invoice's money pays for: a negative line of a product that never
        earns points (a gift card or deposit taken back, any such line at a
        negative price) lowers what the customer pays but none of the goods'
        points by itself, so it lowers every line's points in proportion, as
        at the till, where the goods earn on what the payments paid
        (``pos.order._retail_earn_base``). An invoice whose goods such a line
        pays for entirely earns nothing."""
        goods = sum(
            line["amount"] for line in lines if not line["product"].retail_no_points
        )
        off = sum(
            line["amount"]
            for line in lines
            if line["product"].retail_no_points and line["amount"] < 0
        )
        if not off or goods <= 0:
            return 1.0
        return max(goods + off, 0.0) / goods

    def _retail_points_discount_ratio(self, lines):
        """The share of the goods ``lines`` (see :meth:`_retail_points_lines`)
        the customer paid for with money: a points discount earns nothing, as
        at the till (``pos.order._retail_rule_points``), so it lowers every
        line's points in proportion."""
        discount = -sum(
            self._retail_line_points_amount(line)
            for line in self._retail_redemption_lines()
        )
        if not discount:
            return 1.0
        goods = sum(line["amount"] for line in lines)
        return max(goods - discount, 0.0) / goods if goods > 0 else 0.0

    def _retail_list_price(self, product):
        """The list price of ``product`` in the document's currency (fixed
        points per unit are earned in proportion to the price paid of it)."""
        price = product.lst_price
        company = self.company_id
        if self.currency_id and self.currency_id != company.currency_id:
            price = company.currency_id._convert(
                price,
                self.currency_id,
                company,
                self.invoice_date or fields.Date.context_today(self),
            )
        return price

    def _retail_store_line_points(self, points):
        """Keep the points each line earned or took back (``{line id:
        points}``) on the line, with one query; the other lines of the
        document earned nothing."""
        self.ensure_one()
        Line = self.env["account.move.line"]
        Line.flush_model(["retail_points"])
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move_line l
                   SET retail_points = COALESCE(v.points, 0)
                  FROM account_move_line m
                  LEFT JOIN (SELECT unnest(%s::int[]) AS id,
                                    unnest(%s::float8[]) AS points) v
                    ON v.id = m.id
                 WHERE l.id = m.id AND m.move_id = %s
                   AND l.retail_points IS DISTINCT FROM COALESCE(v.points, 0)
                """,
                list(points),
                [
                    float_round(value, precision_digits=digits)
                    for value in points.values()
                ],
                self.id,
            )
        )
        self.invoice_line_ids.invalidate_recordset(["retail_points"])
        self.line_ids.invalidate_recordset(["retail_points"])

    # -- retail.points.document.mixin ------------------------------------------------
    def _retail_points_book_difference(self, customer, points, event, booked):
        """The points by rule of the entry are the difference, rule by rule,
        between what the document should have for ``customer`` and what its
        entries hold (``_Booking``)."""
        booking = self.env.context.get("retail_invoice_booking")
        if not isinstance(booking, _Booking):
            return super()._retail_points_book_difference(
                customer, points, event, booked
            )
        held = booking.details[self.id].setdefault(customer.id, {})
        wanted = booking.target if customer == self.commercial_partner_id else {}
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        commands = []
        names = {}
        for rule_id in sorted(set(held) | set(wanted)):
            target = wanted.get(rule_id, [0.0, 0.0, False])
            have = held.get(rule_id, [0.0, 0.0, False])
            rule_points = float_round(target[0] - have[0], precision_digits=digits)
            rule_amount = self.company_id.currency_id.round(target[1] - have[1])
            if float_is_zero(rule_points, precision_digits=digits) and not rule_amount:
                continue
            names[rule_id] = target[2] or have[2]
            commands.append((rule_id, rule_points, rule_amount))
        if commands:
            # sudo: the rule names are configuration, read to be kept on the entry
            Rule = self.env["retail.earn.rule"].sudo()
            rules = Rule.browse(
                [rule_id for rule_id, _p, _a in commands if rule_id]
            ).exists()
            current = {rule.id: rule.name for rule in rules}
            booking.commands = [
                Command.create(
                    {
                        "rule_id": rule_id if rule_id in current else False,
                        "name": names[rule_id]
                        or current.get(rule_id)
                        or _("Normal rate"),
                        "points": rule_points,
                        "amount": rule_amount,
                    }
                )
                for rule_id, rule_points, rule_amount in commands
            ]
        entry = super()._retail_points_book_difference(customer, points, event, booked)
        booking.commands = []
        if entry:
            for rule_id, rule_points, rule_amount in commands:
                values = held.setdefault(rule_id, [0.0, 0.0, names[rule_id]])
                values[0] += rule_points
                values[1] += rule_amount
        return entry

    def _retail_points_lot(self, customer):
        """The earning of the purchase this document's bookings for
        ``customer`` take back or give back (retail.points.document.mixin):
        an invoice's own first earning (a reset to draft, a cancellation, a
        posting again); a credit note's, the credited invoice's; for a credit
        note of an invoice whose points an order of the Point of Sale booked,
        the order's earning (``retail.point.entry._get_source_lot``), so that
        a credit note after the order's points expired does not take them a
        second time."""
        self.ensure_one()
        source = self
        if self.move_type == "out_refund":
            source = self.reversed_entry_id
            if source.move_type != "out_invoice":
                return self.env["retail.point.entry"]
            if self._retail_credits_source_booked():
                # sudo: as below, the order's earning in any company
                return (
                    self.env["retail.point.entry"]
                    .sudo()  # sudo: see above
                    ._get_source_lot(source, customer)
                )
        elif self.move_type != "out_invoice":
            return self.env["retail.point.entry"]
        # sudo: the entry is found in any company (a customer shared by
        # companies); only its id and expiry date are used, by the ledger
        Entry = self.env["retail.point.entry"].sudo()
        return Entry.search(
            [
                ("idempotency_key", "=", source._retail_points_key("earn")),
                ("partner_id", "=", customer.id),
            ],
            limit=1,
        )

    def _retail_points_booked_domain(self):
        """The earning of an invoice is kept in line apart from its
        redemption (:meth:`_retail_book_invoice_redemption`) and from the
        bonuses of a first purchase (:meth:`_retail_sync_invoice_bonuses`),
        which may be another customer's (a referrer)."""
        return [("kind", "not in", ("redeem", "bonus"))]

    def _retail_points_kind(self, points):
        return "earn" if self.move_type == "out_invoice" and points > 0 else "reverse"

    def _retail_points_entry_vals(self):
        amount = self.company_id._retail_points_amount(
            self.amount_untaxed_signed, self.amount_total_signed
        )
        vals = {
            "origin": self.name,
            "amount": amount,
            "currency_id": self.company_id.currency_id.id,
        }
        booking = self.env.context.get("retail_invoice_booking")
        if isinstance(booking, _Booking) and booking.commands:
            vals["detail_ids"] = booking.commands
        return vals

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

    # -- redeeming points: the points discount ---------------------------------------
    def copy_data(self, default=None):
        """A copy of an invoice (Duplicate, the new invoice of a credit note
        that modifies it) has no points discount: its points were granted
        for the invoice copied (Redeem points again on the copy). A credit
        note (a reversal) keeps the discount lines it credits. A journal
        entry of the points liability is not copied (its copy would post
        the points a second time)."""
        self._retail_check_liability_kept()
        data_list = super().copy_data(default)
        product = self._retail_redemption_product()
        if not product:
            return data_list
        for move, data in zip(self, data_list, strict=False):
            if data.get("move_type", move.move_type) == "out_refund":
                continue
            for field in ("line_ids", "invoice_line_ids"):
                if field in data:
                    data[field] = [
                        command
                        for command in data[field]
                        if not (
                            command[0] == Command.CREATE
                            and command[2].get("product_id") == product.id
                        )
                    ]
        return data_list

    def _retail_redemption_product(self):
        """The product of the points discount lines (the till's; the core's
        XML id, see ``REDEMPTION_PRODUCT_XMLID``)."""
        product_id = self.env["ir.model.data"]._xmlid_to_res_id(
            REDEMPTION_PRODUCT_XMLID, raise_if_not_found=False
        )
        return self.env["product.product"].browse(product_id or [])

    def _retail_redemption_lines(self):
        """The points discount lines of this document."""
        self.ensure_one()
        product = self._retail_redemption_product()
        if not product:
            return self.env["account.move.line"]
        return self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.product_id == product
        )

    def action_retail_redeem_points(self):
        """The "Redeem points" wizard of this draft invoice."""
        self.ensure_one()
        self._retail_check_redeem_allowed()
        return {
            "type": "ir.actions.act_window",
            "name": _("Redeem Points"),
            "res_model": "retail.invoice.redeem.points",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    def _retail_check_redeem_allowed(self, mode="discount"):
        """Refuse a points discount (``mode`` ``discount``) on this document
        unless it is a draft customer invoice, or a points payment
        (``payment``) unless it is a posted customer invoice not paid yet,
        in company currency, of a company that redeems points that way, by a
        Retail CRM manager who may write it. The design asks for the
        customer at the till (card, code) or a manager's approval: the back
        office has no till, so the manager's rights are the approval."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                _(
                    "Only a Retail CRM manager may redeem a customer's points "
                    "on an invoice."
                )
            )
        if mode == "discount" and (
            self.move_type != "out_invoice" or self.state != "draft"
        ):
            raise UserError(
                _("Points can be redeemed on a draft customer invoice only.")
            )
        if mode == "payment" and (
            self.move_type not in ("out_invoice", "out_refund")
            or self.state != "posted"
            or self.payment_state not in ("not_paid", "partial")
        ):
            raise UserError(
                _(
                    "Points can pay a posted customer invoice (or credit note) "
                    "that is not paid yet only."
                )
            )
        if self.company_id.retail_points_redeem_mode != mode:
            if mode == "discount":
                raise UserError(
                    _(
                        "%(company)s redeems points as a payment, not as a "
                        "discount: no points discount can be added to its "
                        "invoices.",
                        company=self.company_id.name,
                    )
                )
            raise UserError(
                _(
                    "%(company)s redeems points as a discount, not as a "
                    "payment: use Redeem Points on a draft invoice.",
                    company=self.company_id.name,
                )
            )
        if self.currency_id != self.company_id.currency_id:
            raise UserError(
                _(
                    "Points are worth money in %(currency)s: they can be "
                    "redeemed on an invoice in that currency only.",
                    currency=self.company_id.currency_id.name,
                )
            )
        if not self.commercial_partner_id:
            raise UserError(_("Choose the customer first."))

    def _retail_redeemable_amount(self):
        """What points may pay for on this invoice, taxes included: its goods
        that may be paid with points (not ``retail_no_points``)."""
        return sum(amount for _taxes, amount in self._retail_goods_by_taxes())

    def _retail_goods_by_taxes(self):
        """``[(taxes, amount with taxes)]`` of the goods that may be paid with
        points, per set of taxes (a positive amount only), in a stable
        order."""
        self.ensure_one()
        discount = self._retail_redemption_lines()
        groups = {}
        for line in self.invoice_line_ids:
            if (
                line.display_type != "product"
                or line in discount
                or line.product_id.retail_no_points
            ):
                continue
            taxes, amount = groups.get(frozenset(line.tax_ids.ids), (line.tax_ids, 0.0))
            groups[frozenset(line.tax_ids.ids)] = (
                taxes,
                amount + self._retail_line_total(line),
            )
        return [
            groups[key]
            for key in sorted(groups, key=sorted)
            if self.currency_id.compare_amounts(groups[key][1], 0.0) > 0
        ]

    def _retail_line_totals(self, line):
        """``(without taxes, with taxes)`` of invoice ``line`` (see
        :meth:`_retail_line_total`)."""
        price = line.price_unit * (1.0 - (line.discount or 0.0) / 100.0)
        currency = line.currency_id or self.currency_id
        if not line.tax_ids:
            amount = currency.round(price * line.quantity)
            return amount, amount
        result = line.tax_ids.compute_all(
            price,
            currency=currency,
            quantity=line.quantity,
            product=line.product_id,
            partner=line.partner_id,
        )
        return result["total_excluded"], result["total_included"]

    def _retail_line_total(self, line):
        """The amount with taxes of invoice ``line`` as the server computes it
        from its price, quantity, discount and taxes: never its stored
        ``price_total`` (a field any user who may write the line can
        overwrite over RPC), so that what points pay for and give back
        follows the line's real price."""
        return self._retail_line_totals(line)[1]

    def _retail_redemption_total(self):
        """The points discount of this document with taxes (negative), from
        the server's figures (:meth:`_retail_line_total`)."""
        return sum(
            self._retail_line_total(line) for line in self._retail_redemption_lines()
        )

    def _retail_points_discount_lines(self, points):
        """``[(taxes, price)]``: the points discount lines ``points`` give
        this invoice (:func:`points_discount_lines`)."""
        self.ensure_one()
        return points_discount_lines(
            self.company_id,
            self.currency_id,
            self.partner_id,
            self._retail_goods_by_taxes(),
            points,
        )

    def _retail_set_points_discount(self, points):
        """Replace the points discount of this draft invoice by one worth
        ``points`` (none for 0), after the checks of
        :meth:`_retail_check_redeem_allowed`, the customer's company, members
        only, whole points and the balance. The points are taken when the
        invoice is posted (:meth:`_retail_book_invoice_redemption`), which
        checks again; the lines and the figure are the server's (derived
        state: nobody writes them by hand)."""
        self.ensure_one()
        self._retail_check_redeem_allowed()
        customer = self.commercial_partner_id
        points = check_points_to_redeem(self, customer, points)
        commands = [Command.unlink(line.id) for line in self._retail_redemption_lines()]
        if points:
            product = self._retail_redemption_product()
            name = _("Reward points: %(points)s points", points=points)
            commands += [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": name,
                        "quantity": 1.0,
                        "price_unit": price,
                        "tax_ids": [Command.set(taxes.ids)],
                    }
                )
                for taxes, price in self._retail_points_discount_lines(points)
            ]
        self._retail_write_derived(
            {
                "invoice_line_ids": commands,
                "retail_points_redeemed": points,
                "retail_points_redeem_partner_id": customer.id if points else False,
            }
        )

    def _retail_check_points_discount(self):
        """Refuse to post an invoice whose points discount is not the one the
        server set (:meth:`_retail_set_points_discount`) for its goods, its
        points and its customer now: lines forged or changed, goods changed
        since, another customer. Redeeming again sets it right."""
        self.ensure_one()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        points = self.retail_points_redeemed
        lines = self._retail_redemption_lines()
        if float_is_zero(points, precision_digits=digits) and not lines:
            return
        currency = self.currency_id
        wrong = (
            float_is_zero(points, precision_digits=digits)
            or self.retail_points_redeem_partner_id != self.commercial_partner_id
            or currency != self.company_id.currency_id
        )
        wrong = wrong or points_discount_differs(
            currency,
            self._retail_points_discount_lines(points),
            [
                (line.tax_ids, line.price_unit, line.quantity, line.discount)
                for line in lines
            ],
        )
        if wrong:
            raise UserError(
                _(
                    "The points discount of %(invoice)s is not the one granted "
                    "for its goods, its points and its customer (lines changed "
                    "or goods changed since): use Redeem points again before "
                    "posting it.",
                    invoice=self.display_name,
                )
            )

    def _retail_check_points_refund_currency(self):
        """Refuse to post this credit note, in another currency than the
        company's, when it carries points discount lines or credits an
        invoice that redeemed points. A points discount is granted in the
        company's money only; what a credit note gives back follows the
        prices of its discount lines (:meth:`_retail_giveback_target`), which
        in another currency are worth another amount of money: a credit note
        in a currency worth a hundredth of the company's would give back every
        point for a hundredth of their value. Credit it in the company's
        currency instead."""
        self.ensure_one()
        original = self.reversed_entry_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        redeemed = original.move_type == "out_invoice" and not float_is_zero(
            original.retail_points_redeemed, precision_digits=digits
        )
        if redeemed or self._retail_redemption_lines():
            raise UserError(
                _(
                    "%(refund)s credits a reward points discount: points are "
                    "worth money in %(currency)s, so it can be made in that "
                    "currency only.",
                    refund=self.display_name,
                    currency=self.company_id.currency_id.name,
                )
            )

    def _retail_book_invoice_redemption(self, event="post"):
        """Bring the redeemed points of customer invoices and credit notes in
        line with the documents, as :meth:`_retail_book_invoice_points` does
        for the earned ones (apart from them, kind ``redeem``).

        A posted invoice takes its points (:attr:`retail_points_redeemed`)
        from the customer's balance, checked again under the customer's lock
        (``retail.point.entry._book_points``): a balance spent meanwhile
        refuses the posting. Reset to draft, cancelled or deleted, it gives
        them back. A posted credit note of it gives back the share of the
        points discount it credits (:meth:`_retail_giveback_target`).

        Keys: ``account.move:<id>:redeem`` for the first entry, then
        ``account.move:<id>:redeem:<event>:<n>``: the same event is never
        booked twice.

        :param str event: ``post``, ``draft``, ``cancel`` or ``unlink``
        """
        moves = self._retail_points_moves()
        if event == "post":
            moves = moves.filtered(lambda move: move.state == "posted")
        if not moves:
            return
        originals = moves.filtered(
            lambda move: move.move_type == "out_refund"
        ).reversed_entry_id.filtered(lambda move: move.move_type == "out_invoice")
        documents = moves | originals | originals.reversal_move_id
        redeemed = documents._retail_points_booked([("kind", "=", "redeem")])
        for move in moves.sorted(lambda move: move.move_type != "out_invoice"):
            if move.move_type == "out_invoice":
                customer = (
                    move.retail_points_redeem_partner_id or move.commercial_partner_id
                )
                target = 0.0
                if event == "post":
                    move._retail_check_points_discount()
                    target = -move.retail_points_redeemed
            else:
                customer, target = move._retail_giveback_target(event, redeemed)
            if not customer and not redeemed[move.id]:
                continue
            move._retail_redemption_sync(customer, target, redeemed, event)

    def _retail_giveback_target(self, event, redeemed):
        """``(customer, points)``: what this credit note gives back of the
        points its invoice redeemed, now. The share of the invoice's points
        discount credited by its posted credit notes so far, rounded as the
        company rounds what a purchase earns (down to whole points), never
        more than the invoice redeemed, less what the other credit notes gave
        back (as ``pos.order._retail_giveback_points``): crediting the
        discount piece by piece gives back all its points at the end.

        :param dict redeemed: the ``redeem`` entries of the credit note, its
            invoice and the invoice's credit notes (``_retail_points_booked``)
        """
        self.ensure_one()
        original = self._retail_credited_invoice()
        if not original:
            return self.commercial_partner_id, 0.0
        customer = (
            original.retail_points_redeem_partner_id or self.commercial_partner_id
        )
        if event != "post" or self.state != "posted":
            return customer, 0.0
        source = -sum(points for points, _count in redeemed[original.id].values())
        # the server's figures, never a stored total a user may overwrite
        base = -original._retail_redemption_total()
        if source <= 0:
            return customer, 0.0
        siblings = (self._retail_sibling_credit_notes(original) | self).filtered(
            lambda move: move.state == "posted"
        )
        # a credit note's discount lines keep the invoice's (negative) prices
        credited = -sum(sibling._retail_redemption_total() for sibling in siblings)
        done = sum(
            points
            for sibling in siblings - self
            for points, _count in redeemed.get(sibling.id, {}).values()
        )
        share = min(max(credited / base, 0.0), 1.0) if base > 0 else 1.0
        company = self.company_id
        due = min(company._retail_round_points(source * share), source)
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        return customer, max(float_round(due - done, precision_digits=digits), 0.0)

    def _retail_redemption_sync(self, customer, target, redeemed, event):
        """Book the difference between ``target`` (the redeemed points this
        document should hold for ``customer``: negative on an invoice,
        positive on a credit note) and its ``redeem`` entries; a former
        customer gets back what was taken from them."""
        entries = redeemed[self.id]
        for partner_id, (points, _count) in list(entries.items()):
            if partner_id != customer.id:
                self._retail_redemption_book(
                    self.env["res.partner"].browse(partner_id), -points, event, redeemed
                )
        if customer:
            have = entries.get(customer.id, [0.0, 0])[0]
            self._retail_redemption_book(customer, target - have, event, redeemed)

    def _retail_redemption_book(self, customer, points, event, redeemed):
        """Book ``points`` of kind ``redeem`` for this document on
        ``customer`` (see :meth:`_retail_redemption_sync`)."""
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        points = float_round(points, precision_digits=digits)
        if float_is_zero(points, precision_digits=digits):
            return
        company = self.company_id
        if points < 0 and self.move_type == "out_invoice":
            # members only, the customer's company: checked again when the
            # points are taken (the balance by the ledger, under its lock)
            self._retail_check_points_company(customer)
            customer._retail_check_may_redeem(company)
        entries = redeemed[self.id]
        count = sum(count for _points, count in entries.values())
        key = (
            self._retail_points_key("redeem", event, str(count))
            if count
            else self._retail_points_key("redeem")
        )
        money = abs(self._retail_redemption_total())
        entry = self._retail_points_post(
            customer,
            points,
            "redeem",
            key,
            origin=self.name,
            amount=money if points < 0 else -money,
            currency_id=company.currency_id.id,
        )
        totals = entries.setdefault(customer.id, [0.0, 0])
        totals[0] += entry.points
        totals[1] += 1

    # -- redeeming points: the points payment ----------------------------------------
    def action_retail_pay_points(self):
        """The "Pay with Points" wizard of this posted invoice."""
        self.ensure_one()
        self._retail_check_redeem_allowed("payment")
        return {
            "type": "ir.actions.act_window",
            "name": _("Pay with Points"),
            "res_model": "retail.invoice.pay.points",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    def _retail_pay_with_points(self, points):
        """Pay this posted invoice with ``points`` of its customer: an
        ``account.payment`` of their value in the company's points journal
        (``res.company.retail_points_journal_id``), reconciled with the
        invoice. Posting the payment takes the points
        (``account.payment._retail_book_points_payment``). The checks of
        :meth:`_retail_check_redeem_allowed`, the customer's company, members
        only, whole points, the balance and the invoice's residual; the
        invoice's price and tax base stay whole.

        :return: the payment
        """
        self.ensure_one()
        self._retail_check_redeem_allowed("payment")
        customer = self.commercial_partner_id
        company = self.company_id
        currency = company.currency_id
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if not isinstance(points, int | float) or isinstance(points, bool):
            raise UserError(_("Enter the number of points to redeem."))
        points = float_round(points, precision_digits=digits)
        if float_compare(points, 0.0, precision_digits=digits) <= 0:
            raise UserError(_("Enter the number of points to redeem."))
        company._retail_check_whole_points(points)
        self._retail_check_points_company(customer)
        refund = self.move_type == "out_refund"
        if refund:
            left = self._retail_points_refundable()
            if float_compare(points, left, precision_digits=digits) > 0:
                raise UserError(
                    _(
                        "%(points)s points are more than the points payments of "
                        "the credited invoice drew and have not been given back "
                        "(%(left)s).",
                        points=points,
                        left=left,
                    )
                )
        else:
            customer._retail_check_may_redeem(company)
        journal = company.retail_points_journal_id
        if not journal:
            raise UserError(
                _(
                    "%(company)s has no points journal: choose it in the "
                    "settings (Reward points).",
                    company=company.name,
                )
            )
        balance = customer.reward_points
        if not refund and float_compare(points, balance, precision_digits=digits) > 0:
            raise UserError(
                _(
                    "Cannot redeem %(points)s points: %(customer)s has only "
                    "%(balance)s.",
                    points=points,
                    customer=customer.display_name,
                    balance=balance,
                )
            )
        value = currency.round(points * company.retail_point_value)
        if currency.compare_amounts(value, 0.0) <= 0:
            raise UserError(
                _(
                    "%(company)s gives no value to a point: set the value "
                    "of one point first.",
                    company=company.name,
                )
            )
        if currency.compare_amounts(value, self.amount_residual) > 0:
            raise UserError(
                _(
                    "%(points)s points are worth %(value)s, more than is left "
                    "to pay on the invoice (%(residual)s).",
                    points=points,
                    value=value,
                    residual=self.amount_residual,
                )
            )
        method = journal._get_available_payment_method_lines(
            "outbound" if refund else "inbound"
        )[:1]
        payment = (
            self.env["account.payment"]
            .with_context(
                clean_context(self.env.context), retail_derived_write=_SERVER_WRITE
            )
            .create(
                {
                    "payment_type": "outbound" if refund else "inbound",
                    "partner_type": "customer",
                    "partner_id": customer.id,
                    "amount": value,
                    "currency_id": currency.id,
                    "journal_id": journal.id,
                    "payment_method_line_id": method.id,
                    "date": fields.Date.context_today(self),
                    "ref": _(
                        "%(invoice)s: %(points)s reward points",
                        invoice=self.name,
                        points=points,
                    ),
                    # a refund in points gives them back
                    "retail_points_paid": -points if refund else points,
                    "retail_points_payer_id": customer.id,
                    # what the points were drawn for (or pay back): the cap
                    # of a credit note's refunds counts by it, not by what a
                    # user may unreconcile (_retail_points_refundable)
                    "retail_points_move_id": self.id,
                }
            )
        )
        payment = payment.with_env(self.env)
        payment.action_post()
        receivable = (payment.move_id.line_ids | self.line_ids).filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        )
        # what points paid earns nothing: reconciling re-books the invoice's
        # points (account.move.line.reconcile)
        receivable.reconcile()
        return payment

    def _retail_points_refundable(self):
        """Points this credit note may give back in points (Pay with Points
        on a credit note): what the posted points payments of the invoice it
        credits drew, less what points refunds of that invoice's credit notes
        gave back already. Refunds give back exactly what was drawn, never
        more; a credit note naming no invoice of its customer gives none."""
        self.ensure_one()
        return max(self._retail_points_refund_left(), 0.0)

    def _retail_points_refund_left(self):
        """What :meth:`_retail_points_refundable` reads, below zero when the
        points refunds gave back more than was drawn (see
        ``account.payment._retail_check_points_refund``).

        The payments are counted by the document they were made for
        (``account.payment.retail_points_move_id``, the server's), whatever
        they are reconciled with now: a points refund taken off its credit
        note by hand (Odoo's unreconcile) still gave its points back, and a
        points payment moved to another invoice was still drawn for this
        one. A payment reset to draft or cancelled counts no more: its points
        went back (``account.payment._retail_book_points_payment``)."""
        self.ensure_one()
        original = self._retail_credited_invoice()
        documents = self | original | original.reversal_move_id
        # sudo: a sum of the points of the payments made for these documents,
        # returned as a number only; the cap must not depend on which
        # payments the user's record rules let them see
        Payment = self.env["account.payment"].sudo()
        payments = Payment.search(
            [
                ("retail_points_move_id", "in", documents.ids),
                ("retail_points_payer_id", "!=", False),
                ("state", "=", "posted"),
            ]
        )
        drawn = sum(
            payment.retail_points_paid
            for payment in payments
            if payment.retail_points_move_id == original
        )
        given = -sum(
            payment.retail_points_paid
            for payment in payments
            if payment.retail_points_move_id != original
        )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        return float_round(drawn - given, precision_digits=digits)

    def _retail_check_points_payments_kept(self):
        """Refuse to delete an invoice or credit note a posted points payment
        was made for (``account.payment.retail_points_move_id``): the points
        the payment drew or gave back would no longer count in what the
        invoice's credit notes may still pay back in points
        (:meth:`_retail_points_refund_left`), and the same points could be
        given back twice. Cancel the points payment first."""
        moves = self.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        )
        if not moves:
            return
        # sudo: whether such a payment exists, whatever payments the user's
        # record rules let them see; only its name is shown to the user
        Payment = self.env["account.payment"].sudo()
        payment = Payment.search(
            [
                ("retail_points_move_id", "in", moves.ids),
                ("retail_points_payer_id", "!=", False),
                ("state", "=", "posted"),
            ],
            limit=1,
        )
        if payment:
            raise UserError(
                _(
                    "%(move)s was paid with reward points or paid back in "
                    "points (%(payment)s): it cannot be deleted, nor credit "
                    "another invoice, while that payment is posted. Cancel "
                    "the payment first.",
                    move=payment.retail_points_move_id.display_name,
                    payment=payment.display_name,
                )
            )
