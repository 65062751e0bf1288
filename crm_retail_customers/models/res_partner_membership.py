# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Membership of the loyalty programme, automatic bonuses and birthdays
without a year.

Kept apart from ``res_partner.py`` (the ledger and the profile) because it is
a policy on top of the ledger: who may earn, and what the application books
by itself.
"""

import calendar
import logging
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import float_compare

_logger = logging.getLogger(__name__)

#: Membership fields: only the enrol and leave actions set them (see
#: ``retail.derived.state.mixin``).
MEMBERSHIP_FIELDS = (
    "retail_member",
    "retail_member_since",
    "retail_member_source",
    "retail_member_user_id",
)
#: Ways of joining that give the welcome bonus. An import or the upgrade
#: records customers who were members already (in the old system).
WELCOME_SOURCES = ("backoffice", "pos", "card")
#: A birthday job that did not run for a few days (server down) still books
#: the birthdays of those days: it looks back this many days.
BIRTHDAY_CATCH_UP_DAYS = 7
USER_GROUP = "crm_retail_customers.group_retail_user"


# The programme's rules on the partner (membership, bonuses) are one concern
# of their own, kept out of res_partner.py (the partner's fields) on purpose.
class ResPartner(models.Model):
    """Loyalty programme membership.

    A customer (the commercial partner) is a member or not. When the company
    reserves points to members (``retail_members_only``, default on), only
    members earn, redeem and receive bonuses; a non-member's order books
    nothing. The rule is applied by what earns or redeems for a document or a
    person (POS orders, invoices, the redeem wizard, bonuses), all through
    :meth:`_retail_may_earn`; ``_post_reward_points`` itself stays the
    policy-free ledger mechanics (imports, adjustments, refunds, transfers).

    **Frozen balance.** A customer who leaves keeps their balance, *frozen*:
    while frozen (not a member, in a company reserving points to members)
    nothing is earned (orders, invoices, bonuses book nothing), nothing can be
    redeemed, and the daily expiry job leaves their points alone. What the
    ledger must always be able to book still books: refunds take back points
    (``reverse``), managers adjust, merges and transfers move the balance.
    Joining again thaws the balance as it is; expiry dates are not moved, so
    points whose date passed while frozen expire at the next run of the job.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    retail_member = fields.Boolean(
        "Loyalty Member",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Member of the loyalty programme: earns and redeems points.",
    )
    retail_member_since = fields.Date(
        "Member Since",
        readonly=True,
        copy=False,
        help="Date the customer last joined the loyalty programme.",
    )
    retail_member_source = fields.Selection(
        [
            ("backoffice", "Back office"),
            ("pos", "Point of Sale"),
            ("card", "Card issued"),
            ("import", "Import"),
            ("upgrade", "Upgrade of the application"),
        ],
        "Enrolled Through",
        readonly=True,
        copy=False,
    )
    retail_member_user_id = fields.Many2one(
        "res.users",
        "Enrolled By",
        readonly=True,
        copy=False,
    )
    retail_points_frozen = fields.Boolean(
        "Points Frozen",
        compute="_compute_retail_points_frozen",
        help="The customer left the loyalty programme: the balance is kept but "
        "can neither grow, be redeemed nor expire until they join again.",
    )

    # -- birthdays ------------------------------------------------------------
    @api.constrains("retail_birth_day", "retail_birth_month", "birthdate")
    def _check_birthday(self):
        for partner in self:
            day, month = partner.retail_birth_day or 0, partner.retail_birth_month or 0
            if not 0 <= month <= 12 or day < 0 or (day and not month):
                valid = False
            else:
                # 2000 is a leap year: 29 February is a birthday
                valid = not day or day <= calendar.monthrange(2000, month)[1]
            if not valid:
                raise ValidationError(
                    _(
                        "%(day)s/%(month)s is not a birthday (day/month) of "
                        "%(customer)s.",
                        day=day,
                        month=month,
                        customer=partner.display_name,
                    )
                )
            birthdate = partner.birthdate
            if birthdate and (day, month) != (birthdate.day, birthdate.month):
                raise ValidationError(
                    _(
                        "The birthday of %(customer)s must match the birthdate "
                        "%(birthdate)s.",
                        customer=partner.display_name,
                        birthdate=birthdate,
                    )
                )

    @api.model
    def _retail_birthdays_on(self, day):
        """``(month, day)`` birthdays celebrated on ``day``: 29 February is
        celebrated on 28 February in other years."""
        pairs = [(day.month, day.day)]
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            pairs.append((2, 29))
        return pairs

    @api.model
    def _cron_retail_birthday_bonus(self):
        """Daily job: book each company's birthday bonus for the members whose
        birthday it is, once per customer and year (key
        ``birthday:<partner>:<year>``): a job run twice a day, or run again
        after a server stop, books nothing twice. Birthdays of the last
        ``BIRTHDAY_CATCH_UP_DAYS`` days are looked at, so a job that did not
        run on the day still books them (in the birthday's year)."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search(
            [("retail_birthday_points", ">", 0)], order="id"
        )
        for company in companies:
            for back in range(BIRTHDAY_CATCH_UP_DAYS):
                day = today - timedelta(days=back)
                members = self.search(
                    expression.AND(
                        [
                            [("retail_member", "=", True)],
                            [("company_id", "in", [company.id, False])],
                            self._retail_birthday_domain(day),
                        ]
                    ),
                    order="id",
                )
                for member in members:
                    try:
                        with self.env.cr.savepoint():
                            member._retail_book_bonus(
                                company.retail_birthday_points,
                                f"birthday:{member.id}:{day.year}",
                                _("Birthday bonus %(year)s", year=day.year),
                                company,
                            )
                    except (UserError, psycopg2.errors.SerializationFailure) as exc:
                        # one customer booked by a till at this very moment,
                        # or booked by another company, must not void the run
                        _logger.info(
                            "Birthday bonus of partner %s not booked: %s",
                            member.id,
                            exc,
                        )

    @api.model
    def _retail_birthday_domain(self, day):
        """Domain of the customers whose birthday is celebrated on ``day``."""
        return expression.OR(
            [
                [("retail_birth_month", "=", month), ("retail_birth_day", "=", mday)]
                for month, mday in self._retail_birthdays_on(day)
            ]
        )

    # -- membership -----------------------------------------------------------
    def _retail_derived_field_names(self):
        return super()._retail_derived_field_names() | set(MEMBERSHIP_FIELDS)

    @api.depends("retail_member", "reward_points")
    @api.depends_context("company")
    def _compute_retail_points_frozen(self):
        for partner in self:
            customer = partner.commercial_partner_id
            company = customer.company_id or self.env.company
            partner.retail_points_frozen = bool(
                company.retail_members_only
                and not customer.retail_member
                and customer.reward_points
            )

    def _retail_may_earn(self, company=None):
        """Whether the customer earns, redeems and receives bonuses in
        ``company`` (default: the current one): an active customer who is a
        member, or anyone active when the company does not reserve points to
        members. Hook of every bonus (birthday, welcome, referral)."""
        self.ensure_one()
        customer = self.commercial_partner_id
        company = company or self.env.company
        if not customer.active:
            return False
        return customer.retail_member or not company.retail_members_only

    def _retail_check_may_redeem(self, company=None):
        """Refuse a redemption by a customer who may not redeem (members
        only: a frozen balance cannot be spent)."""
        self.ensure_one()
        if not self._retail_may_earn(company):
            raise UserError(
                _(
                    "%(customer)s is not a member of the loyalty programme: "
                    "no points can be redeemed.",
                    customer=self.commercial_partner_id.display_name,
                )
            )

    def _retail_book_bonus(self, points, key, origin, company=None, **vals):
        """Book a ``bonus`` of ``points`` once for the event ``key`` (e.g.
        ``welcome:<partner>``, ``referral:<referred partner>``), when the
        customer may earn in ``company``. Nothing for 0 points.

        :return: the ``retail.point.entry`` booked or already booked under
            ``key``, or an empty recordset when nothing is booked
        """
        self.ensure_one()
        company = company or self.env.company
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if float_compare(points, 0.0, precision_digits=digits) < 0:
            raise UserError(_("A bonus cannot be negative."))
        if not key:
            raise UserError(_("A bonus needs the key of its event."))
        if float_compare(
            points, 0.0, precision_digits=digits
        ) == 0 or not self._retail_may_earn(company):
            return self.env["retail.point.entry"]
        return self._post_reward_points(
            points,
            "bonus",
            idempotency_key=key,
            origin=origin,
            company_id=company.id,
            **vals,
        )

    @api.model
    def _retail_frozen_ids(self, partner_ids):
        """Ids among ``partner_ids`` of non-members in a company reserving
        points to members (their own, else the current one): one query."""
        self.flush_model(["retail_member", "company_id"])
        self.env["res.company"].flush_model(["retail_members_only"])
        self.env.cr.execute(
            """
            SELECT p.id
              FROM res_partner p
              JOIN res_company c ON c.id = COALESCE(p.company_id, %s)
             WHERE p.id IN %s
               AND NOT COALESCE(p.retail_member, FALSE)
               AND c.retail_members_only
            """,
            [self.env.company.id, tuple(partner_ids)],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _retail_check_enrol_rights(self):
        if not (self.env.su or self.env.user.has_group(USER_GROUP)):
            raise AccessError(
                _(
                    "Only Retail CRM users enrol customers in the loyalty "
                    "programme or take them out of it."
                )
            )

    def action_retail_enrol(self):
        """Back-office button: the customers join the loyalty programme."""
        self._retail_check_enrol_rights()
        self.check_access_rule("read")
        # sudo: a Retail CRM user (checked above) enrols customers they can
        # see without needing the right to edit contacts; only the membership
        # fields and the welcome bonus are written, by the application
        self.sudo()._retail_enrol("backoffice")
        return True

    def action_retail_leave(self):
        """Back-office button: the customers leave the programme; their
        balance is kept, frozen (see the class docstring)."""
        self._retail_check_enrol_rights()
        self.check_access_rule("read")
        members = self.commercial_partner_id.filtered("retail_member")
        # sudo: as for enrolling; only the membership flag is written
        members.sudo()._retail_write_derived({"retail_member": False})
        return True

    def _retail_enrol(self, source):
        """Make the commercial partners of ``self`` members (``source``: how,
        one of ``retail_member_source``), by the current user, and book the
        welcome bonus for the ways of joining that give it. Members already
        are left as they are. Refuses archived customers, writing nothing.

        :return: the customers who joined now
        """
        customers = self.commercial_partner_id
        archived = customers.filtered(lambda partner: not partner.active)
        if archived:
            raise UserError(
                _(
                    "%(customer)s is archived and cannot join the loyalty programme.",
                    customer=archived[0].display_name,
                )
            )
        joining = customers.filtered(lambda partner: not partner.retail_member)
        if not joining:
            return joining
        joining._retail_write_derived(
            {
                "retail_member": True,
                "retail_member_since": fields.Date.context_today(self),
                "retail_member_source": source,
                "retail_member_user_id": self.env.uid,
            }
        )
        if source in WELCOME_SOURCES:
            for customer in joining:
                company = customer.company_id or self.env.company
                if company.retail_welcome_on_enrol:
                    # sudo: the bonus is the company's setting, booked once
                    # per customer under a key of their id; whoever may enrol
                    # books it without the ledger rights of a retail manager
                    customer.sudo()._retail_try_bonus(
                        "welcome", customer.sudo()._retail_book_welcome, company
                    )
        return joining

    # -- bonuses of the first paid purchase --------------------------------------
    def _retail_reward_first_purchase(self, company):
        """A paid purchase of this customer in ``company`` (a POS order, a
        posted invoice): the one hook the bridges call, once the purchase's
        own points (its redemption first) are booked. It books the bonuses
        that a first paid purchase earns:

        - the welcome bonus of the customer (:meth:`_retail_reward_welcome`),
          so that enrolling customers who never buy earns nothing, and the
          bonus cannot pay for the purchase that triggered it;
        - the referral bonus of whoever referred them
          (:meth:`_retail_reward_referral`).

        A bonus never blocks a booking: one that cannot be booked (a key held
        by another customer, an archived referrer, a company mismatch) is
        skipped and logged, its savepoint rolled back; the purchase goes on.

        :return: the bonus entries booked (the welcome bonus also when found
            under its key), or an empty recordset
        """
        self.ensure_one()
        customer = self.commercial_partner_id
        entries = self.env["retail.point.entry"]
        for label, points, book in (
            ("welcome", company.retail_welcome_points, customer._retail_reward_welcome),
            (
                "referral",
                company.retail_referral_points,
                customer._retail_reward_referral,
            ),
        ):
            # no savepoint (no query) while the company gives no such bonus
            if self._retail_is_bonus(points):
                entries |= customer._retail_try_bonus(label, book, company)
        return entries

    @api.model
    def _retail_is_bonus(self, points):
        """Whether a company's bonus setting of ``points`` gives anything (0
        turns a bonus off; negative values are refused by the settings)."""
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        return float_compare(points, 0.0, precision_digits=digits) > 0

    def _retail_try_bonus(self, label, book, company):
        """``book(company)`` in a savepoint: a bonus the ledger refuses is
        skipped and logged (``label`` names it), never raised to the booking
        or enrolment that triggered it.

        :return: the entry ``book`` returned, or an empty recordset
        """
        try:
            with self.env.cr.savepoint():
                return book(company)
        except (UserError, psycopg2.IntegrityError) as exc:
            _logger.warning(
                "The %s bonus of partner %s in company %s was not booked: %s",
                label,
                self.id,
                company.id,
                exc,
            )
        return self.env["retail.point.entry"]

    def _retail_book_welcome(self, company):
        """Book ``company``'s welcome bonus on this customer, once (key
        ``welcome:<customer>``)."""
        self.ensure_one()
        customer = self.commercial_partner_id
        return customer._retail_book_bonus(
            company.retail_welcome_points,
            f"welcome:{customer.id}",
            _("Welcome bonus"),
            company,
        )

    def _retail_reward_welcome(self, company):
        """A paid purchase in ``company``: a member who joined in a way that
        gives the welcome bonus (back office, till, card issued; not an
        import nor the upgrade) receives it now, once. Costs no query while
        the company gives no welcome bonus.

        :return: the bonus entry, or an empty recordset
        """
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        if not self._retail_is_bonus(company.retail_welcome_points):
            return Entry
        customer = self.commercial_partner_id
        if not (
            customer.retail_member and customer.retail_member_source in WELCOME_SOURCES
        ):
            return Entry
        return customer._retail_book_welcome(company)

    def _retail_reward_referral(self, company):
        """A paid purchase of this customer in ``company``: the member who
        referred them (a "referred by" relation) earns the company's referral
        bonus, once per referred customer (key ``referral:<customer>``), on
        the first paid purchase after the referral was recorded.

        The key is the once-only rule: when the referral bonus of the
        customer was booked already (for whoever referred them then), a
        referrer recorded later gets nothing, and nothing fails.

        Called through :meth:`_retail_reward_first_purchase`, whether or not
        the buyer earns points themselves. Costs no query while the company
        gives no referral bonus.

        :return: the bonus entry, or an empty recordset
        """
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        if not self._retail_is_bonus(company.retail_referral_points):
            return Entry
        customer = self.commercial_partner_id
        referrer = customer._retail_get_referrer()
        if not referrer or referrer == customer:
            return Entry
        key = f"referral:{customer.id}"
        # sudo: a key held by anyone (another company's referrer included)
        # only decides that nothing more is booked; nothing of it is returned
        if Entry.sudo().search_count([("idempotency_key", "=", key)], limit=1):
            return Entry
        return referrer._retail_book_bonus(
            company.retail_referral_points,
            key,
            _("Referral of %(customer)s", customer=customer.display_name),
            company,
        )

    # -- tier upgrade e-mail --------------------------------------------------
    def _retail_notify_tier_upgrade(self):
        """E-mail the customer their new tier (template in their language)
        and keep the message in the chatter. The e-mail is queued, not sent
        while the booking (a till's order) waits."""
        template = self.env.ref(
            "crm_retail_customers.mail_template_retail_tier_upgrade",
            raise_if_not_found=False,
        )
        if not template or not self.email:
            return
        # sudo: a fixed template of the application on the customer whose
        # ledger the booking just changed; whoever booked (a cashier) needs no
        # rights on templates or the composer
        self.sudo().with_context(mail_notify_force_send=False).message_post_with_source(
            template, subtype_xmlid="mail.mt_comment"
        )
