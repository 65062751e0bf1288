# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hmac
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.crm_retail_customers.models.retail_access import MANAGER_GROUP
from odoo.addons.crm_retail_customers.models.retail_card import ascii_digits
from odoo.addons.crm_retail_customers.models.retail_consent_log import (
    with_consent_source,
)

#: Points expiring within this many days are a warning at the till.
EXPIRY_WARNING_DAYS = 30


def record_id(value):
    """``value`` when it can be a record's id, else ``False``: the till's
    arguments may be forged (a string, a list, a boolean)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    return False


class ResPartner(models.Model):
    _inherit = "res.partner"

    def init(self):
        """Index for finding customers by the start of their card number (the
        till's customer search). The field's own index serves ``=`` only in
        databases whose collation is not ``C``: ``LIKE 'prefix%'`` needs the
        pattern operator class there. Measured at 200k cards, in a database
        with an ICU ``en-US`` collation: 21.5 ms (sequential scan) without
        it, 0.03 ms (index scan) with it."""
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_card_number_prefix_index
                ON res_partner (card_number varchar_pattern_ops)
             WHERE card_number IS NOT NULL
            """
        )
        return super().init()

    @api.model
    def retail_pos_find_by_card(self, number, config_id=False, order_ref=False):
        """Customer holding the card ``number``, for a till that scanned it.

        Asked of the server on every scan, even for customers the till has
        loaded: only the server knows whether the card was blocked, reported
        lost or replaced in the meantime, and it answers with the current
        balance. The number is unique in the database and indexed, so this is
        one index lookup.

        :param str number: the scanned or typed card number
        :param int config_id: the till (``pos.config``) asking
        :param str order_ref: the till's name of the order the card is
            presented for: the server writes down that the card was
            presented for it (``retail.pos.redeem.proof``), which lets the
            order redeem the holder's points.
        :return: ``False`` when no card has this number (the till then tries
            its standard customer barcodes), ``{"error": message}`` when the
            card cannot be used, else ``{"partner": values}`` with the customer
            as the till loads it.
        """
        if not isinstance(number, str):
            # a forged or broken request (a JSON number, list or object): no
            # card has such a number
            return False
        Card = self.env["retail.card"]
        number = Card._normalize_number(number)
        if not number:
            return False
        card = Card.search([("number", "=", number)], limit=1)
        if not card:
            return False
        error = self._retail_pos_card_error(card)
        if error:
            return {"error": error}
        config = self.env["pos.config"].browse(record_id(config_id)).exists()
        session = config.current_session_id or self.env["pos.session"]
        partners = session.get_pos_ui_res_partner_by_params(
            {"domain": [("id", "=", card.partner_id.id)]}
        )
        if not partners:
            return {
                "error": _(
                    "The holder of card %(number)s is not available at this till.",
                    number=card.number,
                )
            }
        presented = False
        if order_ref and isinstance(order_ref, str) and session:
            session = self._retail_pos_proof_session(config.id)
            self.env["retail.pos.redeem.proof"]._retail_record(
                session, order_ref, card.partner_id, "card", card_id=card.id
            )
            presented = True
        return {
            "partner": partners[0],
            "standing": card.partner_id._retail_pos_standing(card),
            "presented": presented,
        }

    @api.model
    def retail_pos_find_by_number(self, number, config_id=False):
        """Customer whose card number or customer number (``ref``) is
        ``number``, typed into the till's product search when the scanner
        fails. A card is checked as a scanned one
        (:meth:`retail_pos_find_by_card`: blocked, lost, expired or replaced
        cards are refused), but no proof is recorded: a typed number is no
        card presented at the till. A customer number picks the one customer
        of the till who has it.

        :return: as :meth:`retail_pos_find_by_card`, ``False`` when no card
            and no single customer of the till has the number
        """
        if not isinstance(number, str) or not number.strip():
            return False
        number = number.strip()
        result = self.retail_pos_find_by_card(number, config_id)
        if result:
            return result
        config = self.env["pos.config"].browse(record_id(config_id)).exists()
        session = config.current_session_id or self.env["pos.session"]
        partners = session.get_pos_ui_res_partner_by_params(
            {"domain": [("ref", "=", number)], "limit": 2}
        )
        if len(partners) != 1:
            return False
        partner = self.browse(partners[0]["id"])
        return {
            "partner": partners[0],
            "standing": partner._retail_pos_standing(),
            "presented": False,
        }

    # -- proof that the customer is at the till ---------------------------------
    @api.model
    def _retail_pos_proof_session(self, config_id):
        """The open session of the till ``config_id``, for a POS user who may
        use that till; else an AccessError."""
        config = self.env["pos.config"].browse(record_id(config_id)).exists()
        if config:
            config.check_access_rights("read")
            config.check_access_rule("read")
        session = config.current_session_id
        if not (
            self.env.user.has_group("point_of_sale.group_pos_user")
            and session
            and session.state == "opened"
        ):
            raise AccessError(_("Only a cashier of an open till session can do this."))
        return session

    @api.model
    def _retail_pos_proof_customer(self, partner_id, session, order_ref):
        """The customer ``partner_id`` of an order ``order_ref`` of
        ``session``, checked: readable by the cashier, of the till's company
        (or shared)."""
        if not order_ref or not isinstance(order_ref, str):
            raise UserError(_("The till did not say which order this is for."))
        return self._retail_pos_till_customer(
            partner_id,
            session.company_id,
            _(
                "%(customer)s belongs to another company: their points "
                "cannot be redeemed at this till."
            ),
        )

    @api.model
    def _retail_pos_till_customer(self, partner_id, company, message):
        """The partner ``partner_id`` named by the till, checked: it exists,
        the cashier may read it, and its commercial partner is of the till's
        ``company`` or shared; else a ``UserError`` (for another company's
        customer, ``message``, as ``_retail_check_company`` takes it)."""
        partner = self.browse(partner_id).exists()
        if not partner:
            raise UserError(_("This customer no longer exists."))
        partner.check_access_rights("read")
        partner.check_access_rule("read")
        partner.commercial_partner_id._retail_check_company(company, message)
        return partner

    @api.model
    def retail_pos_check_card_code(self, partner_id, code, config_id, order_ref):
        """Check the verification code of the customer's card, typed at the
        till when the card is not at hand. The right code lets the order
        ``order_ref`` redeem the customer's points.

        POS users of an open session of ``config_id`` only. Wrong codes are
        counted: after a few, for this cashier or this customer, the server
        stops checking for a while (``retail.pos.proof.attempt``).

        :return: ``{"ok": True}`` or ``{"error": message}`` (a wrong code is
            an answer, not an error: its record must be kept)
        """
        session = self._retail_pos_proof_session(config_id)
        partner = self._retail_pos_proof_customer(partner_id, session, order_ref)
        customer = partner.commercial_partner_id
        Attempt = self.env["retail.pos.proof.attempt"]
        target = f"res.partner,{customer.id}"
        Attempt._retail_check_throttle("code", target)
        cards = (
            self.env["retail.card"]
            # sudo: the codes are for retail managers' eyes only; the server
            # compares the typed code with them and tells only yes or no
            .sudo()
            .search([("partner_id", "in", (partner | customer).ids)])
            .filtered(lambda card: not self._retail_pos_card_error(card))
        )
        if not cards:
            return {
                "error": _(
                    "%(customer)s has no card that can be used: ask a manager.",
                    customer=partner.display_name,
                )
            }
        # codes typed on a Persian or Arabic keyboard are the same digits; what
        # is still not ASCII after that is no code (and a wrong attempt)
        code = ascii_digits("".join(str(code or "").split()))
        typed = code.encode() if code and code.isascii() else None
        card = next(
            (
                card
                for card in cards
                if typed
                and card.code
                # bytes: compare_digest refuses str with non-ASCII characters
                # (a code imported by a manager may have them)
                and hmac.compare_digest(ascii_digits(card.code).encode(), typed)
            ),
            None,
        )
        if not card:
            Attempt._retail_record_failure("code", target)
            return {"error": _("This is not the code of the customer's card.")}
        self.env["retail.pos.redeem.proof"]._retail_record(
            session, order_ref, partner, "code", card_id=card.id
        )
        return {"ok": True}

    @api.model
    def retail_pos_approve_redemption(
        self, partner_id, config_id, order_ref, points, login, password, reason
    ):
        """A retail manager approves at the till that the order ``order_ref``
        redeems up to ``points`` points of the customer without their card or
        code, with the manager's own login and password and a reason.

        The approval is a record of the server (``retail.pos.redeem.proof``)
        for this session, order and customer only, used once. Wrong
        passwords are counted like wrong codes.

        :return: ``{"ok": True}`` or ``{"error": message}``
        """
        session = self._retail_pos_proof_session(config_id)
        partner = self._retail_pos_proof_customer(partner_id, session, order_ref)
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why the points are redeemed without the card."))
        try:
            points = float(points)
        except (TypeError, ValueError):
            points = 0.0
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if float_compare(points, 0.0, precision_digits=digits) <= 0:
            raise UserError(_("The approval needs a number of points."))
        login = (login or "").strip()
        Attempt = self.env["retail.pos.proof.attempt"]
        target = login.lower() or "-"
        Attempt._retail_check_throttle("manager", target)
        # sudo: the cashier cannot read other users; the manager is looked
        # up by the login typed, and only their password decides
        manager = self.env["res.users"].sudo().search([("login", "=", login)], limit=1)
        valid = False
        if manager and password:
            try:
                manager.with_user(manager)._check_credentials(
                    password, {"interactive": True}
                )
                valid = True
            except AccessDenied:
                valid = False
        # one answer for a wrong password and for a user who may not approve:
        # the till must not tell which passwords are right
        if not (
            valid
            and manager.has_group(MANAGER_GROUP)
            and session.company_id in manager.company_ids
        ):
            Attempt._retail_record_failure("manager", target)
            return {
                "error": _(
                    "Wrong login or password, or not a retail manager of %(company)s.",
                    company=session.company_id.name,
                )
            }
        self.env["retail.pos.redeem.proof"]._retail_record(
            session,
            order_ref,
            partner,
            "manager",
            approver_id=manager.id,
            reason=reason,
            max_points=points,
        )
        return {"ok": True}

    @api.model
    def retail_pos_standing(self, partner_id):
        """What the cashier should know of a customer picked at the till (by
        name, or by a card scanned offline): balance, tier and its earn
        factor, points expiring soon, a birthday today, a card that can no
        longer be used. One call when the customer is set on the order."""
        partner = self.browse(partner_id).exists()
        if not partner:
            return False
        partner.check_access_rule("read")
        return partner._retail_pos_standing()

    def _retail_pos_standing(self, scanned_card=None):
        """Standing of this customer for the till (see
        :meth:`retail_pos_standing`); ``scanned_card`` is the card just
        scanned, else the customer's newest card is looked at."""
        self.ensure_one()
        customer = self.commercial_partner_id
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
        expiring = self.env["retail.point.entry"]._get_points_to_expire(
            horizon, customer.ids
        )
        tier = customer.reward_tier_id
        card = (
            scanned_card
            or self.card_ids.sorted(lambda c: (c.issue_date or today, c.id))[-1:]
        )
        card_error = card and self._retail_pos_card_error(card)
        # the birthday may be known without the year (day and month only)
        birthday = (self.retail_birth_month, self.retail_birth_day) != (0, 0) and (
            (self.retail_birth_month, self.retail_birth_day)
            in self._retail_birthdays_on(today)
        )
        return {
            "partner_id": self.id,
            "commercial_partner_id": customer.id,
            "balance": customer.reward_points,
            "tier": [tier.id, tier.display_name] if tier else False,
            "earn_factor": tier.earn_factor if tier else 1.0,
            "expiring": expiring.get(customer.id, 0.0),
            "expiring_before": fields.Date.to_string(horizon),
            "birthday": birthday,
            "card_warning": card_error or False,
        }

    @api.model
    def _retail_pos_card_error(self, card):
        """Why the till must not accept ``card``, or ``False``.

        A card still active after its expiry date (the daily job has not run
        yet) counts as expired.
        """
        today = fields.Date.context_today(self)
        state = card.state
        if state == "active" and card.expiry_date and card.expiry_date < today:
            state = "expired"
        if state == "blocked":
            return _(
                "Card %(number)s is blocked. Find the customer by name and ask "
                "the back office about the card.",
                number=card.number,
            )
        if state == "lost":
            return _(
                "Card %(number)s was reported lost. Find the customer by name; "
                "the back office issues a replacement.",
                number=card.number,
            )
        if state == "expired":
            return _(
                "Card %(number)s has expired (%(date)s).",
                number=card.number,
                date=card.expiry_date or "",
            )
        if state == "replaced":
            return _(
                "Card %(number)s was replaced by card %(new)s. Ask the customer "
                "for the new card.",
                number=card.number,
                new=card.replaced_by_id.number or "",
            )
        if not card.partner_id.active:
            return _("The holder of card %(number)s is archived.", number=card.number)
        return False

    @api.model
    def create_from_ui(self, partner):
        """Save a customer from the till's customer editor.

        On top of the standard fields the editor sends the customer group,
        birthdate and marketing bans (plain partner fields; changes of the
        bans go to the consent log as made at the till) and two values that
        are not fields: ``retail_issue_card`` (issue a loyalty card now) and
        ``retail_config_id`` (the till, whose company issues the card).
        """
        partner = dict(partner)
        issue_card = partner.pop("retail_issue_card", False)
        if issue_card and partner.get("id"):
            # a customer who had a card lost it or had it blocked: the back
            # office replaces it (a blocked one: retail managers only)
            raise UserError(
                _(
                    "The till issues cards only to customers created there. "
                    "Ask the back office for a new card for an existing customer."
                )
            )
        config = (
            self.env["pos.config"]
            .browse(partner.pop("retail_config_id", False))
            .exists()
        )
        if "birthdate" in partner and not partner["birthdate"]:
            partner["birthdate"] = False
        if "customer_group_id" in partner:
            group_id = int(partner["customer_group_id"] or 0)
            partner["customer_group_id"] = group_id or False
        # the bans the editor changes are logged as changed at the till, when
        # a cashier saves them (anyone else calling this is the back office)
        source = (
            "pos"
            if self.env.user.has_group("point_of_sale.group_pos_user")
            else "backoffice"
        )
        partner_id = super(
            ResPartner, with_consent_source(self, source)
        ).create_from_ui(partner)
        if issue_card:
            self.browse(partner_id)._retail_pos_issue_card(
                config.company_id or self.env.company
            )
        return partner_id

    def _retail_pos_issue_card(self, company):
        """Issue a loyalty card to this customer at the till, unless they have
        an active one already. The number comes from the company's sequence."""
        self.ensure_one()
        if self.card_number:
            return self.env["retail.card"]
        # the rule of the back office, checked with the cashier's own rights
        # (the card is created with sudo below, which would pass it): a card
        # blocked anywhere in this customer's company stops new cards of all
        # its contacts, but for a retail manager
        if self.env["retail.card"]._holders_have_blocked_card(self.ids) and not (
            self.env.su or self.env.user.has_group(MANAGER_GROUP)
        ):
            raise UserError(
                _(
                    "The till cannot issue a card to %(customer)s: a card of "
                    "%(company)s (or of one of its contacts) is blocked. Save "
                    "the customer without a card and ask a retail manager for "
                    "a new one.",
                    customer=self.name or "",
                    company=self.commercial_partner_id.display_name,
                )
            )
        return (
            self.env["retail.card"]
            # sudo: cashiers cannot create cards in the back office (Retail CRM
            # users do); issuing one to the customer just saved at the till is
            # the POS flow. Nothing but the holder (this customer) and the
            # till's company comes from the request; number and code are
            # generated. The one rule sudo would pass (a blocked card of the
            # customer's company: managers only) is checked above as the user.
            .sudo()
            .create([{"partner_id": self.id, "company_id": company.id}])
            .with_env(self.env)
        )

    @api.model
    def retail_pos_sales_summary(self, partner_id):
        """The customer's activity at a glance for the till's customer
        details: purchases, amount spent and the last purchase, counted as
        the customer reports count them (:meth:`_compute_retail_sales_summary`).

        :return: ``False`` for a customer that does not exist, else
            ``{"count", "amount", "last_date", "last_name"}``
        """
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(_("Only Point of Sale users can ask for this."))
        partner = self.browse(partner_id).exists()
        if not partner:
            return False
        partner.check_access_rule("read")
        # sudo: cashiers are no Retail CRM users, to whom the figures belong
        # in the back office. This reads the figures of the one customer the
        # cashier may read (checked above), within the companies of the
        # request (env.companies, checked by Odoo against the cashier's).
        partner = partner.sudo().with_context(
            allowed_company_ids=self.env.companies.ids
        )
        return {
            "count": partner.retail_sales_count,
            "amount": partner.retail_sales_amount,
            "last_date": fields.Date.to_string(partner.retail_last_sale_date),
            "last_name": partner.retail_last_sale_name or False,
        }

    # -- loyalty programme at the till ------------------------------------------
    @api.model
    def retail_pos_enrol(self, partner_id, config_id, consent=False):
        """Enrol the customer ``partner_id`` from the till ``config_id``, after
        the cashier confirmed the customer's consent.

        The one way a cashier enrols: only a POS user with an open session of
        that till, for a customer of the till's company (or shared), and not
        through the back-office action, which is for Retail CRM users.

        :return: the customer as the till loads it (member, welcome bonus in
            the balance)
        """
        if not consent:
            raise UserError(_("The customer must agree to join the loyalty programme."))
        config = self.env["pos.config"].browse(record_id(config_id)).exists()
        session = config.current_session_id
        if not (
            self.env.user.has_group("point_of_sale.group_pos_user")
            and session
            and session.state == "opened"
        ):
            raise AccessError(
                _("Customers are enrolled at the till from an open session.")
            )
        company = config.company_id
        partner = self._retail_pos_till_customer(
            partner_id,
            company,
            _(
                "%(customer)s belongs to another company and cannot be "
                "enrolled at this till."
            ),
        )
        # sudo: the cashier may not write partners nor book points; the
        # membership is set by the application's method (who: this user, how:
        # the till), for a customer this user can read, from an open session
        partner.sudo().with_company(company)._retail_enrol("pos")
        return session.get_pos_ui_res_partner_by_params(
            {"domain": [("id", "=", partner.id)]}
        )[0]

    # -- erasure (crm_retail_customers: res.partner._retail_forget) -----------
    def _retail_forget_pos_orders(self):
        # sudo: the erasure worker's search, over every company of a shared
        # customer
        return (
            self.env["pos.order"]
            .sudo()  # sudo: see above
            .with_context(active_test=False)
            .search([("partner_id", "in", self.ids)])
        )

    def _retail_forget_foreign_tables(self):
        return super()._retail_forget_foreign_tables() + [
            ("pos_order", "partner_id", "company_id"),
        ]

    def _retail_forget_check(self):
        """Orders still in a session that is not closed are refused: the
        session's closing books them (and may invoice them) with the
        customer; close the session first."""
        res = super()._retail_forget_check()
        waiting = self._retail_forget_pos_orders().filtered(
            lambda order: order.state == "draft" or order.session_id.state != "closed"
        )
        if waiting:
            raise UserError(
                _(
                    "%(customer)s has the order %(order)s in the POS session "
                    "%(session)s, which is not closed yet: close the session "
                    "before erasing the customer's data.",
                    customer=waiting[0].partner_id.display_name,
                    order=waiting[0].name,
                    session=waiting[0].session_id.name,
                )
            )
        return res

    def _retail_forget_scrub(self, names, values):
        """POS orders are kept (the books and the stock need them); the
        texts typed at the till and their messages lose the personal data."""
        orders = self._retail_forget_pos_orders()
        if orders:
            order_ids = tuple(orders.ids)
            self._retail_forget_replace(
                "pos_order",
                ["note", "general_note", "retail_points_note", "retail_points_error"],
                "id IN %s",
                [order_ids],
                values,
            )
            self._retail_forget_replace(
                "pos_order_line",
                ["customer_note", "note"],
                "order_id IN %s",
                [order_ids],
                values,
            )
            self._retail_forget_documents("pos.order", orders.ids, values)
        self._retail_forget_replace(
            "retail_pos_redeem_proof",
            ["reason", "order_ref"],
            "partner_id IN %s",
            [tuple(self.ids)],
            values,
        )
        return super()._retail_forget_scrub(names, values)
