# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import secrets
import unicodedata

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.barcode import get_barcode_check_digit

from .retail_access import check_retail_manager

#: Length of an EAN-13 card number, check digit included.
EAN13_LENGTH = 13
#: Code of the ``ir.sequence`` that numbers the cards the application issues.
CARD_SEQUENCE_CODE = "retail.card"
#: Numbers skipped at most when the sequence meets numbers already in use
#: (legacy cards imported with numbers from the same range).
MAX_NUMBER_ATTEMPTS = 100
#: Context marker set by ``_write_state`` only. An object, not a string: a
#: context sent over RPC cannot hold it, so states change through the buttons.
_STATE_CHANGE = object()


def _is_digits(text):
    """Only the ASCII digits 0-9: ``str.isdigit`` also accepts "²" or "٣",
    which no scanner sends and ``int`` cannot always read."""
    return bool(text) and text.isascii() and text.isdigit()


def ascii_digits(text):
    """``text`` with its Unicode decimal digits (Arabic-Indic "٣", Persian
    "۳", Devanagari "३"...) written as the ASCII digits 0-9, and without the
    invisible format characters (direction marks, zero-width joiners) that
    right-to-left keyboards add. Other characters stay as they are: "²" is
    no decimal digit, and a number or code with it is still refused."""
    chars = []
    for char in text:
        if char.isascii():
            chars.append(char)
        elif unicodedata.category(char) != "Cf":
            digit = unicodedata.decimal(char, None)
            chars.append(char if digit is None else str(digit))
    return "".join(chars)


def _ean13_check_digit(body):
    """Check digit of the 12 first digits ``body`` of an EAN-13 number."""
    # Odoo's helper ignores the last digit (the check digit it recomputes).
    return get_barcode_check_digit(body + "0")


class RetailCard(models.Model):
    """Loyalty card of a customer.

    Numbers are EAN-13 barcodes (company prefix, sequence number, check digit)
    so that tills scan them; typed or imported numbers are checked the same
    way unless the company accepts legacy numbers. A number is unique in the
    whole database, across companies: a till that scans it must find exactly
    one customer. The card is only an identifier: points belong to the
    customer, so replacing a lost card moves nothing.

    States change only through the actions (Block, Report lost, Unblock,
    Replace, the daily expiry job), which refuse transitions that make no
    sense, such as blocking a card that has been replaced.
    """

    _name = "retail.card"
    _inherit = ["mail.thread"]
    _description = "Loyalty Card"
    _order = "issue_date desc, id desc"
    _rec_name = "number"
    _check_company_auto = True

    number = fields.Char(
        required=True,
        index=True,
        copy=False,
        tracking=True,
        help="Card number, printed as an EAN-13 barcode. Leave empty to take "
        "the next number of the company prefix.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Holder",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    issue_date = fields.Date(default=fields.Date.context_today, copy=False)
    expiry_date = fields.Date(
        tracking=True, help="The daily job marks the card expired after this date."
    )
    code = fields.Char(
        "Verification Code",
        groups="crm_retail_customers.group_retail_manager",
        copy=False,
        help="Printed on the card; asked when the customer has no card with "
        "them. Generated when the card is issued.",
    )
    state = fields.Selection(
        [
            ("active", "Active"),
            ("blocked", "Blocked"),
            ("lost", "Lost"),
            ("expired", "Expired"),
            ("replaced", "Replaced"),
        ],
        string="Status",
        default="active",
        required=True,
        index=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    replaced_by_id = fields.Many2one(
        "retail.card",
        string="Replaced by",
        copy=False,
        readonly=True,
        help="The card issued in place of this one.",
    )

    _sql_constraints = [
        (
            "number_unique",
            "UNIQUE(number)",
            "This card number is already issued.",
        ),
    ]

    # -- numbers --------------------------------------------------------------
    @api.model
    def _normalize_number(self, number):
        """Number as stored: scanners and people add spaces, the card has none,
        and digits typed on a Persian or Arabic keyboard are the same digits.

        :raise ValidationError: for a number that is not text (a JSON number,
            list or object sent by an API client)
        """
        if number is None or number is False:
            return ""
        if not isinstance(number, str):
            raise ValidationError(
                _(
                    "Card number %(number)s is not text: send card numbers as "
                    'text, such as "2900001000017".',
                    number=str(number)[:40],
                )
            )
        return ascii_digits("".join(number.split()))

    @api.model
    def _ean13_error(self, number):
        """Why ``number`` is not a valid EAN-13 card number, or ``False``."""
        if not _is_digits(number):
            return _("Card number %(number)s must contain digits only.", number=number)
        if len(number) != EAN13_LENGTH:
            return _(
                "Card number %(number)s must have %(expected)s digits, not %(length)s.",
                number=number,
                expected=EAN13_LENGTH,
                length=len(number),
            )
        digit = _ean13_check_digit(number[:-1])
        if int(number[-1]) != digit:
            return _(
                "Card number %(number)s has a wrong check digit: it should end "
                "with %(digit)s. Check for a typing error.",
                number=number,
                digit=digit,
            )
        return False

    @api.model
    def _given_twice_message(self, number):
        return _(
            "Card number %(number)s is given to more than one card at once.",
            number=number,
        )

    def _check_number_available(self, numbers):
        """Refuse ``numbers`` given twice or already issued to another card.

        Checked before inserting so that people read which card holds the
        number instead of the database's unique-constraint error (which stays
        as the guard against two tills issuing at the same instant). The holder
        is named only to users who may read that customer.
        """
        seen = set()
        for number in numbers:
            if number in seen:
                raise ValidationError(self._given_twice_message(number))
            seen.add(number)
        if not seen:
            return
        # sudo: numbers are unique across every company, so the search must see
        # cards the user cannot read; of such a card only the fact that the
        # number is taken is told, and the holder only if the user may read it.
        taken = self.sudo().search(
            [("number", "in", list(seen)), ("id", "not in", self.ids)], limit=1
        )
        if not taken:
            return
        holder = taken.partner_id.with_env(self.env)
        if holder.check_access_rights(
            "read", raise_exception=False
        ) and holder._filter_access_rules("read"):
            raise ValidationError(
                _(
                    "Card %(number)s is already issued to %(holder)s.",
                    number=taken.number,
                    holder=holder.display_name,
                )
            )
        raise ValidationError(
            _("Card %(number)s is already issued.", number=taken.number)
        )

    @api.model
    def _number_in_use(self, number):
        # sudo: uniqueness is database-wide, cards of other companies count;
        # only a yes/no answer leaves this method.
        return bool(self.sudo().search_count([("number", "=", number)], limit=1))

    @api.model
    def _next_number(self, company, reserved=()):
        """Next free EAN-13 number of ``company``: its prefix, the sequence
        number zero-padded to 12 digits and the check digit.

        Numbers already in use (legacy cards imported from the same range) or
        ``reserved`` by the batch being created are skipped.
        """
        prefix = company.retail_card_prefix or ""
        sequence = self.env["ir.sequence"].with_company(company)
        for _attempt in range(MAX_NUMBER_ATTEMPTS):
            counter = sequence.next_by_code(CARD_SEQUENCE_CODE)
            if not counter or not _is_digits(counter):
                raise UserError(
                    _(
                        "The card number sequence (code %(code)s) is missing or "
                        "gives more than digits.",
                        code=CARD_SEQUENCE_CODE,
                    )
                )
            body = prefix + counter.zfill(EAN13_LENGTH - 1 - len(prefix))
            if len(body) > EAN13_LENGTH - 1:
                raise UserError(
                    _(
                        "No card numbers are left for the prefix %(prefix)s of "
                        "company %(company)s: choose another prefix in the "
                        "settings.",
                        prefix=prefix,
                        company=company.name,
                    )
                )
            number = body + str(_ean13_check_digit(body))
            if number not in reserved and not self._number_in_use(number):
                return number
        raise UserError(
            _(
                "Could not find a free card number for the prefix %(prefix)s: "
                "the next %(count)s numbers are all in use.",
                prefix=prefix,
                count=MAX_NUMBER_ATTEMPTS,
            )
        )

    @api.model
    def _new_code(self):
        """Random 4-digit verification code (``secrets``: not guessable from
        the codes of other cards)."""
        return f"{secrets.randbelow(10000):04d}"

    # -- constraints ----------------------------------------------------------
    @api.constrains("number", "company_id")
    def _check_number(self):
        for card in self:
            company = card.company_id or self.env.company
            if not company.retail_card_check_ean13:
                continue
            error = self._ean13_error(card.number)
            if error:
                raise ValidationError(error)

    @api.constrains("partner_id")
    def _check_partner_id(self):
        for card in self:
            if not card.partner_id.active:
                raise ValidationError(
                    _(
                        "Cannot issue a card to %(customer)s: the customer is "
                        "archived.",
                        customer=card.partner_id.display_name,
                    )
                )

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for card in self:
            if (
                card.issue_date
                and card.expiry_date
                and card.expiry_date < card.issue_date
            ):
                raise ValidationError(
                    _(
                        "Card %(number)s cannot expire before it is issued.",
                        number=card.number,
                    )
                )

    # -- ORM ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Give numbers and verification codes to new cards, and enrol
        their holders in the loyalty programme.

        Typed and imported numbers are checked for duplicates first (within
        the batch too: two rows of one import), then cards without a number
        get the next one of their company.
        """
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if "number" in vals:
                vals["number"] = self._normalize_number(vals["number"])
        typed = [vals["number"] for vals in vals_list if vals.get("number")]
        self._check_holders_readable([vals.get("partner_id") for vals in vals_list])
        self._check_issue_vals(vals_list)
        self._check_number_available(typed)
        self._check_holders_not_blocked(vals_list)
        reserved = set(typed)
        default_company = self.default_get(["company_id"]).get("company_id")
        for vals in vals_list:
            if not vals.get("number"):
                company = self.env["res.company"].browse(
                    vals.get("company_id", default_company)
                )
                vals["number"] = self._next_number(
                    company or self.env.company, reserved
                )
                reserved.add(vals["number"])
            if not vals.get("code"):
                vals["code"] = self._new_code()
        cards = super().create(vals_list)
        # issuing a loyalty card enrols its holder in the loyalty programme
        holders = cards.partner_id.commercial_partner_id.filtered(
            lambda partner: partner.active and not partner.retail_member
        )
        if holders:
            # sudo: handing out a card is the act of joining; the card itself
            # was created with the user's rights (a cashier at the till, a
            # clerk in the back office), who may not write partners
            holders.sudo()._retail_enrol("card")
        return cards

    @api.model
    def _check_issue_vals(self, vals_list):
        """What the server decides of a new card, whoever creates it (a form,
        an import, the API): it is issued active (its buttons change its
        state, and only they link a replaced card to its successor), and its
        verification code is generated. A retail manager may import a card
        register kept elsewhere: its cards' states and the codes printed on
        them (the code lets a card be used without being scanned, and only
        managers read it)."""
        for vals in vals_list:
            if vals.get("state", "active") != "active" or vals.get("replaced_by_id"):
                check_retail_manager(
                    self.env,
                    _(
                        "A new card is active: only a retail manager imports "
                        "cards in another state. Change the state of a card "
                        "with its buttons (Block, Report lost, Unblock, "
                        "Replace)."
                    ),
                )
            if vals.get("code"):
                check_retail_manager(
                    self.env,
                    _(
                        "Only a retail manager gives a card its verification "
                        "code; leave it empty and one is generated."
                    ),
                )

    @api.model
    def _check_holders_not_blocked(self, vals_list):
        """A new card for a customer whose card is blocked is a replacement
        of the blocked card in all but name: retail managers only, however
        the card is created (Replace, a new card in the back office, an
        import, the till). The customer is the commercial entity: a card of
        a contact person books on its company's points, so a card blocked
        anywhere in that company (the company's own, or a contact's) stops
        the new card of any of its contacts as well."""
        partner_ids = {vals.get("partner_id") for vals in vals_list} - {None, False}
        if self._holders_have_blocked_card(partner_ids):
            check_retail_manager(
                self.env,
                _(
                    "This customer has a blocked card (their own, or one of "
                    "their company's or its contacts'): only a retail manager "
                    "can issue them a new card."
                ),
            )

    @api.model
    def _holders_have_blocked_card(self, partner_ids):
        """Whether a customer that one of the partners ``partner_ids`` books
        on (their commercial entity) has a blocked card: on the customer, or
        on any contact of that company (see
        :meth:`_check_holders_not_blocked`). Also asked by the till before it
        issues a card with the rights of the application."""
        partner_ids = [pid for pid in partner_ids if pid]
        if not partner_ids:
            return False
        # sudo: which customers the holders book on, and whether one of them
        # has a blocked card, of any company, is all that is read; only a
        # yes/no answer leaves this method
        holders = self.env["res.partner"].sudo().browse(partner_ids).exists()
        if not holders:
            return False
        return bool(
            # sudo: blocked cards of every company count (yes/no only)
            self.sudo().search_count(
                [
                    (
                        "partner_id.commercial_partner_id",
                        "in",
                        holders.commercial_partner_id.ids,
                    ),
                    ("state", "=", "blocked"),
                ],
                limit=1,
            )
        )

    @api.model
    def _check_holders_readable(self, values):
        """Refuse holders (``partner_id`` values of new or written cards) that
        the user cannot read: customers of a company the user does not work
        in, or that do not exist. Checked before anything else, with a message
        that names no one: Odoo's own company check, and the checks after this
        one, would name the customer or tell what their cards are."""
        if self.env.su:
            # the application's own calls (the till issuing a card to the
            # customer it just saved): their holder was checked by the caller
            return
        partner_ids = set()
        for value in values:
            if isinstance(value, models.BaseModel) and value._name == "res.partner":
                partner_ids.update(value.ids)
            elif isinstance(value, int) and not isinstance(value, bool):
                partner_ids.add(value)
            elif value:
                raise ValidationError(
                    _("Give the holder of a card as the id of a customer.")
                )
        if not partner_ids:
            return
        Partner = self.env["res.partner"]
        partners = Partner.browse(partner_ids).exists()
        readable = (
            partners._filter_access_rules("read")
            if Partner.check_access_rights("read", raise_exception=False)
            else Partner
        )
        if len(readable) != len(partner_ids):
            raise AccessError(
                _(
                    "You cannot issue a card to this customer: they do not "
                    "exist, or belong to a company you do not work in."
                )
            )

    def write(self, vals):
        if "partner_id" in vals:
            self._check_holders_readable([vals["partner_id"]])
        changes_state = "state" in vals or "replaced_by_id" in vals
        if changes_state and self.env.context.get("retail_card_state") is not (
            _STATE_CHANGE
        ):
            raise UserError(
                _(
                    "Change the state of a card with its buttons (Block, Report "
                    "lost, Unblock, Replace)."
                )
            )
        self._check_card_identity_change(vals)
        if "number" in vals:
            vals = dict(vals, number=self._normalize_number(vals["number"]))
            if not vals["number"]:
                raise ValidationError(_("A card needs a number."))
            if len(self) > 1:
                raise ValidationError(self._given_twice_message(vals["number"]))
            self._check_number_available([vals["number"]])
        return super().write(vals)

    def _check_card_identity_change(self, vals):
        """Who holds a card and which number it carries decide who earns
        with it at the till: changing them on an issued card hands the card
        (or a blocked card's number) to someone else. Retail managers only;
        clerks issue, block and replace cards. Only a number of an active
        card may change."""
        current = self.read(["partner_id", "number", "company_id"], load=None)
        changed = {
            name
            for name in ("partner_id", "number", "company_id")
            if name in vals and any(row[name] != vals[name] for row in current)
        }
        if not changed:
            return
        check_retail_manager(
            self.env,
            _(
                "Only a retail manager can change the holder, number or "
                "company of an issued card; issue or replace a card instead."
            ),
        )
        if "number" in changed and any(card.state != "active" for card in self):
            raise UserError(
                _(
                    "The number of a blocked, lost, expired or replaced card "
                    "stays with it, so that nobody can use it again."
                )
            )

    # -- states ---------------------------------------------------------------
    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_transition(self, allowed, message):
        """Refuse the action for cards not in one of the ``allowed`` states;
        ``message`` is the translated text, with ``%(number)s`` and
        ``%(state)s``, that says which states the action needs."""
        for card in self:
            if card.state not in allowed:
                raise UserError(
                    message % {"number": card.number, "state": card._state_label()}
                )

    def _write_state(self, state, **vals):
        return self.with_context(retail_card_state=_STATE_CHANGE).write(
            dict(vals, state=state)
        )

    def action_block(self):
        """Block a card (stolen, misused): it no longer identifies the customer
        at the till until a manager unblocks it."""
        self._check_transition(
            ("active",),
            _("Only an active card can be blocked; card %(number)s is %(state)s."),
        )
        self._write_state("blocked")
        return True

    def action_report_lost(self):
        """Mark a card lost; issue a new one with Replace."""
        self._check_transition(
            ("active", "blocked"),
            _(
                "Only an active or blocked card can be reported lost; card "
                "%(number)s is %(state)s."
            ),
        )
        self._check_blocked_is_for_managers(
            _("Only a retail manager can report a blocked card lost.")
        )
        self._write_state("lost")
        return True

    def _check_blocked_is_for_managers(self, message):
        """A card is blocked because something is wrong with it: only a
        manager undoes that, also by declaring it lost or replacing it."""
        if any(card.state == "blocked" for card in self):
            check_retail_manager(self.env, message)

    def action_unblock(self):
        """Reactivate a blocked card. Managers only: a card is blocked because
        something is wrong with it, and clerks, who block cards, should not be
        able to undo that decision on their own. A card past its expiry date
        comes back as expired."""
        check_retail_manager(self.env, _("Only a retail manager can unblock a card."))
        self._check_transition(
            ("blocked",),
            _("Only a blocked card can be unblocked; card %(number)s is %(state)s."),
        )
        today = fields.Date.context_today(self)
        expired = self.filtered(lambda c: c.expiry_date and c.expiry_date < today)
        expired._write_state("expired")
        (self - expired)._write_state("active")
        return True

    def _prepare_replacement_vals(self):
        """Values of the card that replaces this one: same holder and company,
        a new number from the sequence and a new verification code. A
        replacement keeps the old expiry date (replacing a lost card does not
        extend it); an expired card is renewed for as long as it ran."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        expiry = self.expiry_date
        if expiry and expiry < today:
            expiry = (
                today + relativedelta(days=(expiry - self.issue_date).days)
                if self.issue_date
                else False
            )
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "issue_date": today,
            "expiry_date": expiry,
        }

    def action_replace(self):
        """Issue a new card for the same holder in place of this one (lost,
        damaged, expired). The reward points stay where they are: they belong
        to the customer, not to the card."""
        self._check_transition(
            ("active", "blocked", "lost", "expired"),
            _("Card %(number)s has already been replaced (it is %(state)s)."),
        )
        self._check_blocked_is_for_managers(
            _("Only a retail manager can replace a blocked card.")
        )
        new_cards = self.browse()
        for card in self:
            new_card = self.create([card._prepare_replacement_vals()])
            card._write_state("replaced", replaced_by_id=new_card.id)
            new_cards |= new_card
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_retail_customers.retail_card_action"
        )
        if len(new_cards) == 1:
            action.update({"res_id": new_cards.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", new_cards.ids)]
        return action

    @api.model
    def _cron_expire_cards(self):
        """Daily job: active cards past their expiry date become expired."""
        today = fields.Date.context_today(self)
        # sudo: a system job over the cards of every company; it only moves
        # active cards whose expiry date has passed to "expired".
        cards = self.sudo().search(
            [("state", "=", "active"), ("expiry_date", "<", today)]
        )
        cards._write_state("expired")
        return True
