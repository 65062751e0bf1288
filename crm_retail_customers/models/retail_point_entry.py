# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

POINT_KINDS = [
    ("opening", "Opening balance"),
    ("earn", "Earned"),
    ("redeem", "Redeemed"),
    ("adjust", "Adjustment"),
    ("expire", "Expired"),
    ("reverse", "Reversed"),
    ("merge", "Merge"),
    ("transfer", "Transfer"),
    ("bonus", "Bonus"),
]
#: Kinds that count towards lifetime earned points (the tier).
EARNED_KINDS = ("opening", "earn", "reverse")
#: Kinds whose points can expire (lots consumed oldest first); they get an
#: expiry date from the company's validity when booked. Bonuses (birthday,
#: welcome, referral) expire like earned points but do not count towards the
#: lifetime points: tiers reflect purchases.
EXPIRING_KINDS = ("opening", "earn", "bonus")
#: Kinds of the lots the expiry consumes: the above, and the lots a transfer
#: brings along with the expiry dates they had on the partner they came from.
LOT_KINDS = EXPIRING_KINDS + ("transfer",)
#: Kinds a manager may book by creating entries through the ORM (the
#: standard import, the external API); every other kind belongs to a document
#: or a job of the application.
API_KINDS = ("opening", "adjust", "redeem")
#: Values such an entry may carry; the rest (date, user, expiry, source
#: document) is decided by the server.
API_FIELDS = frozenset(
    (
        "partner_id",
        "points",
        "kind",
        "note",
        "origin",
        "amount",
        "currency_id",
        "company_id",
        "idempotency_key",
    )
)
#: Context marker set by ``_post_reward_points`` only. An object, not a
#: string: a context sent over RPC cannot hold it, so nobody bypasses posting.
_POSTING = object()


class RetailPointEntry(models.Model):
    """One line of the reward points ledger.

    The ledger is insert-only: nobody, managers included, writes or deletes an
    entry; a correction is a new entry. Every entry is booked through
    ``res.partner._post_reward_points`` (also when created through the ORM by
    an import or the external API), which locks the customer row and keeps the
    stored balance equal to the sum of the entries.
    """

    _name = "retail.point.entry"
    _description = "Reward Point Entry"
    _order = "date desc, id desc"
    _rec_name = "origin"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    date = fields.Datetime(
        required=True, index=True, readonly=True, default=fields.Datetime.now
    )
    kind = fields.Selection(POINT_KINDS, required=True, index=True, readonly=True)
    points = fields.Float(digits="Reward Points", required=True, readonly=True)
    amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Amount of money the points are based on.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        default=lambda self: self.env.company.currency_id,
    )
    origin = fields.Char(
        "Source Document", readonly=True, help="Document number shown to people."
    )
    res_model = fields.Char("Source Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        "Source Record", model_field="res_model", readonly=True, index=True
    )
    expiry_date = fields.Date(readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Booked by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    note = fields.Text(readonly=True)
    idempotency_key = fields.Char(
        readonly=True,
        copy=False,
        help="Identifies the source event: the same event is never booked twice.",
    )
    customer_group_id = fields.Many2one(
        "retail.customer.group",
        readonly=True,
        index=True,
        help="Group of the customer when the entry was booked.",
    )

    _sql_constraints = [
        (
            "idempotency_key_unique",
            "UNIQUE(idempotency_key)",
            "This event has already been booked.",
        ),
    ]

    def _compute_display_name(self):
        kinds = dict(POINT_KINDS)
        for entry in self:
            entry.display_name = entry.origin or _(
                "%(kind)s %(points)s", kind=kinds.get(entry.kind), points=entry.points
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Imports and the external API book through the posting method, with
        the same lock, balance update and checks as every other caller."""
        if self.env.context.get("retail_point_posting") is _POSTING:
            return super().create(vals_list)
        entries = self.browse()
        for vals in vals_list:
            vals = self._check_api_vals(vals)
            partner = self.env["res.partner"].browse(vals.pop("partner_id", False))
            if not partner.exists():
                raise UserError(_("A reward point entry needs a customer."))
            entries |= partner._post_reward_points(
                vals.pop("points", 0.0), vals.pop("kind", False), **vals
            )
        return entries

    @api.model
    def _check_api_vals(self, vals):
        """Values of an entry created through the ORM by a person (import,
        external API), checked: only the manual kinds, none of the values the
        server decides, and an idempotency key of their own namespace
        (``manual:``) so that it can never take the key of a document's or a
        job's future event."""
        vals = dict(vals)
        if vals.get("kind") not in API_KINDS:
            labels = dict(self._fields["kind"]._description_selection(self.env))
            raise UserError(
                _(
                    "Entries of kind %(kind)s are booked by the application "
                    "only; book an opening balance, an adjustment or a "
                    "redemption instead.",
                    kind=labels.get(vals.get("kind"), vals.get("kind")),
                )
            )
        extra = sorted(set(vals) - API_FIELDS)
        if extra:
            raise UserError(
                _(
                    "%(fields)s of a reward point entry are set by the "
                    "application, not by hand.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        if name in self._fields
                        else name
                        for name in extra
                    ),
                )
            )
        if vals.get("idempotency_key"):
            vals["idempotency_key"] = f"manual:{vals['idempotency_key']}"
        return vals

    @api.model
    def _create_posted(self, vals):
        """Insert an entry prepared by ``_post_reward_points`` (private)."""
        entry = self.with_context(retail_point_posting=_POSTING).create([vals])
        return entry.with_env(self.env)

    def write(self, vals):
        if vals:
            raise UserError(
                _(
                    "Reward point entries cannot be changed. Book a correcting "
                    "entry (Adjust points) instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ledger(self):
        raise UserError(
            _(
                "Reward point entries cannot be deleted. Book a correcting "
                "entry (Adjust points) instead."
            )
        )

    def action_open_source(self):
        self.ensure_one()
        if not (self.res_model and self.res_id and self.res_model in self.env):
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
