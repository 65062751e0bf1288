# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero, float_round


class ResCompany(models.Model):
    """Per-company settings of the retail customer register (shown in
    Settings › Retail customers through ``res.config.settings``)."""

    _inherit = "res.company"

    retail_points_per_currency = fields.Float(
        "Points per Currency Unit",
        default=1.0,
        digits=(16, 4),
        help="Reward points earned for each unit of the company currency spent.",
    )
    retail_points_on_untaxed = fields.Boolean(
        "Points on the Amount without Taxes",
        default=True,
        help="Points are earned on the amount without taxes; turn off to earn "
        "them on the amount the customer pays, taxes included. The till, the "
        "POS booking and invoices use the same figure.",
    )
    retail_point_value = fields.Float(
        "Value of One Point",
        default=0.01,
        digits=(16, 4),
        help="Discount, in company currency, given for one redeemed point.",
    )
    retail_points_redeem_mode = fields.Selection(
        [
            ("discount", "Discount"),
            ("payment", "Payment"),
        ],
        "Points Are Redeemed As",
        default="discount",
        required=True,
        help="Discount: redeemed points lower the price (a discount line at the "
        "till): the tax base is the price after the discount, so less VAT is "
        "due. Payment: redeemed points pay for the goods like money (a points "
        "payment method at the till): the price and the tax base stay whole, "
        "the shop owes VAT on the full price and the points amount is booked "
        "to the points journal's account.",
    )
    retail_tier_opening_purchases = fields.Boolean(
        "Tiers Count Purchases of the Previous System",
        help="A customer's purchase total in the system the shop used before "
        "(imported with the customers) counts toward the tiers at the points "
        "per currency unit, as if it had earned lifetime points. It never "
        "adds to the balance.",
    )
    retail_points_precision = fields.Selection(
        [
            ("whole", "Whole points, rounded down per purchase"),
            ("decimal", "Two decimals"),
        ],
        "Points Precision",
        default="whole",
        required=True,
        help="Whole points: a purchase earns whole points (rounded down), a "
        "refund takes back whole points (rounded up, never more than the "
        "purchase has left) and points are redeemed whole. Changing it never "
        "changes points already booked.",
    )
    retail_points_validity_months = fields.Integer(
        "Points Validity (Months)",
        default=0,
        help="Earned points not used within this many months expire. 0: never.",
    )
    retail_allow_negative_balance = fields.Boolean(
        "Allow Negative Balance after Refunds",
        default=True,
        help="A refund may take back more points than the customer has left. "
        "Redemptions can never make a balance negative.",
    )
    retail_card_check_ean13 = fields.Boolean(
        "Check EAN-13 Card Numbers",
        default=True,
        help="Typed or imported card numbers must be 13 digits with a valid "
        "EAN-13 check digit. Turn off for legacy cards.",
    )
    retail_card_prefix = fields.Char(
        "Card Number Prefix",
        default="2900",
        help="First digits of the card numbers the application issues (EAN-13 "
        "prefixes 20-29 are reserved for in-store use).",
    )

    def write(self, vals):
        """Counting the purchases of the previous system toward tiers (or
        their rate changing while they count) moves customers between
        tiers, as a new tier threshold does."""
        counted = self.filtered("retail_tier_opening_purchases")
        res = super().write(vals)
        if "retail_tier_opening_purchases" in vals or (
            counted and "retail_points_per_currency" in vals
        ):
            self.env["retail.tier"]._recompute_partner_tiers()
        return res

    @api.constrains(
        "retail_points_per_currency",
        "retail_point_value",
        "retail_points_validity_months",
    )
    def _check_retail_rates(self):
        for company in self:
            if (
                company.retail_points_per_currency < 0
                or company.retail_point_value < 0
                or company.retail_points_validity_months < 0
            ):
                raise ValidationError(
                    _(
                        "Points per currency unit, point value and validity cannot "
                        "be negative (company %(company)s).",
                        company=company.name,
                    )
                )

    @api.constrains("retail_card_prefix")
    def _check_retail_card_prefix(self):
        for company in self:
            prefix = company.retail_card_prefix or ""
            if not prefix.isdigit() or not 1 <= len(prefix) <= 8:
                raise ValidationError(
                    _(
                        "The card number prefix must be 1 to 8 digits "
                        "(company %(company)s).",
                        company=company.name,
                    )
                )

    def _retail_points_digits(self):
        """Decimals of the points the company books: 0 when it counts whole
        points, else the "Reward Points" decimal precision. The one answer
        every booking path (earning, taking back, redeeming), the till and
        the reports use."""
        self.ensure_one()
        if self.retail_points_precision == "whole":
            return 0
        return self.env["decimal.precision"].precision_get("Reward Points")

    def _retail_round_points(self, points, take_back=False):
        """``points`` as the company books them: to its digits
        (:meth:`_retail_points_digits`). A whole-points company rounds what a
        purchase earns down (towards zero) and what is taken back up (away
        from zero: a refund never leaves points for nothing, its caller caps
        it at what the purchase has left); a decimal one rounds half up."""
        self.ensure_one()
        digits = self._retail_points_digits()
        if self.retail_points_precision != "whole":
            return float_round(points, precision_digits=digits)
        return float_round(
            points, precision_digits=0, rounding_method="UP" if take_back else "DOWN"
        )

    def _retail_check_whole_points(self, points):
        """Refuse a fraction of a point typed for a whole-points company (a
        redemption or an adjustment): nothing is booked."""
        self.ensure_one()
        if not isinstance(points, int | float) or isinstance(points, bool):
            return  # not a number: the ledger refuses it with its own message
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        if self.retail_points_precision == "whole" and not float_is_zero(
            points - round(points), precision_digits=digits
        ):
            raise ValidationError(
                _(
                    "%(company)s counts whole points: %(points)s is not a whole "
                    "number of points.",
                    company=self.name,
                    points=points,
                )
            )

    def _retail_customer_since_sources(self):
        """Names of the company's settings by which documents set the
        customers' "customer since" (first invoice, sale order, POS order):
        each bridge adds the setting of its app, so that the core offers no
        checkbox that does nothing without the app."""
        return []

    # -- loyalty programme: membership and bonuses --------------------------
    retail_members_only = fields.Boolean(
        "Only Members Earn Points",
        default=True,
        help="Only members of the loyalty programme earn, redeem and receive "
        "bonus points. The balance of a customer who left the programme is "
        "kept, frozen, until they join again.",
    )
    retail_birthday_points = fields.Float(
        "Birthday Bonus",
        digits="Reward Points",
        help="Points a member receives on their birthday (once a year). "
        "0: no birthday bonus.",
    )
    retail_welcome_points = fields.Float(
        "Welcome Bonus",
        digits="Reward Points",
        help="Points a new member receives once, after their first paid "
        "purchase (or when they join, see Welcome Bonus on Enrolment). "
        "0: no welcome bonus.",
    )
    retail_welcome_on_enrol = fields.Boolean(
        "Welcome Bonus on Enrolment",
        help="Book the welcome bonus as soon as a customer joins the loyalty "
        "programme instead of after their first paid purchase. Anyone who may "
        "enrol customers (cashiers included) can then create bonuses by "
        "enrolling customers who never buy.",
    )
    retail_referral_points = fields.Float(
        "Referral Bonus",
        digits="Reward Points",
        help="Points a member receives for the first paid purchase of a "
        "customer they referred (once per referred customer). 0: none.",
    )

    @api.constrains(
        "retail_birthday_points", "retail_welcome_points", "retail_referral_points"
    )
    def _check_retail_bonus_points(self):
        for company in self:
            if (
                min(
                    company.retail_birthday_points,
                    company.retail_welcome_points,
                    company.retail_referral_points,
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "Bonus points cannot be negative (company %(company)s).",
                        company=company.name,
                    )
                )

    # -- suspicious activity ------------------------------------------------
    retail_suspicious_transactions = fields.Integer(
        "Suspicious Transactions per Day",
        default=5,
        help="A customer with more loyalty transactions (orders or invoices "
        "earning or redeeming points) than this in one day is listed as "
        "suspicious activity. 0: not checked.",
    )
    retail_suspicious_points = fields.Float(
        "Suspicious Manual Booking",
        digits="Reward Points",
        default=1000.0,
        help="Adjustments and points booked by hand (wizard, import, external "
        "API) of more points than this, up or down, are listed as suspicious "
        "activity. 0: not checked.",
    )
    retail_suspicious_digest_date = fields.Date(
        "Last Suspicious Activity Digest",
        readonly=True,
        copy=False,
        help="Last day whose suspicious activity was e-mailed to the Retail "
        "CRM managers: a day is never sent twice.",
    )

    @api.constrains("retail_suspicious_transactions", "retail_suspicious_points")
    def _check_retail_suspicious_thresholds(self):
        for company in self:
            if (
                company.retail_suspicious_transactions < 0
                or company.retail_suspicious_points < 0
            ):
                raise ValidationError(
                    _(
                        "The thresholds of suspicious activity cannot be "
                        "negative (company %(company)s).",
                        company=company.name,
                    )
                )

    # -- retention of inactive customers ------------------------------------
    retail_retention_years = fields.Integer(
        "Erase Inactive Customers after (Years)",
        default=0,
        help="Customers with no purchase (documents, the ledger's sales, the "
        "previous system's last purchase), no reward points movement (expiry "
        "excluded) and no portal login for this many years, in any company "
        "and by any of their contacts, are put on the retention list, and "
        "erased 30 days later unless a Retail CRM manager excludes them. "
        "When nothing of that exists, the customer-since date (or the "
        "creation of the record) counts. 0: customers are kept.",
    )

    @api.constrains("retail_retention_years")
    def _check_retail_retention_years(self):
        for company in self:
            if company.retail_retention_years < 0:
                raise ValidationError(
                    _(
                        "The retention period cannot be negative (company "
                        "%(company)s): 0 keeps the customers.",
                        company=company.name,
                    )
                )

    # -- messages to the customers -----------------------------------------
    retail_mail_welcome = fields.Boolean(
        "Welcome E-mail",
        default=True,
        help="E-mail a customer who joins the loyalty programme (in the back "
        "office, at the till or with a card; not by an import).",
    )
    retail_mail_expiry = fields.Boolean(
        "Points Expiry Reminder E-mail",
        default=True,
        help="E-mail a customer whose points expire within 30 days, once per "
        "expiry date, with the points that will expire on that date.",
    )
    retail_mail_birthday = fields.Boolean(
        "Birthday E-mail",
        default=True,
        help="E-mail a member their birthday greeting with the birthday bonus "
        "when the bonus is booked. Promotional: not sent to customers who "
        "refuse e-mail marketing.",
    )
    retail_mail_statement = fields.Boolean(
        "Monthly Statement E-mail",
        help="E-mail each member, early in the month, the statement of their "
        "points in the previous month: balance, points earned, redeemed and "
        "expired, and points expiring soon.",
    )

    def _retail_message_enabled(self, kind):
        """Whether the company sends the message ``kind`` (``welcome``,
        ``expiry``, ``birthday``, ``statement``) by any channel: e-mail
        here; the SMS bridge adds its own switches."""
        self.ensure_one()
        return bool(self[f"retail_mail_{kind}"])

    @api.model
    def _retail_message_domain(self, kind):
        """Domain of the companies that send the message ``kind`` by any
        channel (see :meth:`_retail_message_enabled`)."""
        return [(f"retail_mail_{kind}", "=", True)]

    def _retail_points_amount(self, untaxed, taxed):
        """The money a sale earns points on: ``untaxed`` or ``taxed``, as the
        company says (``retail_points_on_untaxed``)."""
        self.ensure_one()
        return untaxed if self.retail_points_on_untaxed else taxed
