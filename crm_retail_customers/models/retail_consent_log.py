# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .retail_derived_state_mixin import _SERVER_WRITE

CHANNELS = [("letter", "Letter"), ("sms", "SMS"), ("email", "E-mail")]
SOURCES = [
    ("backoffice", "Back Office"),
    ("pos", "Point of Sale"),
    ("import", "Import"),
    ("portal", "Portal"),
    ("unsubscribe", "Unsubscribe"),
]


class ConsentSource:
    """Where a ban change comes from, as server code says it: a context
    value (``retail_consent_source``) that no client can send, JSON cannot
    hold it (like ``_SERVER_WRITE``). Changes without one come from the
    back office (forms and the external API)."""

    __slots__ = ("code",)

    def __init__(self, code):
        self.code = code


#: The sources server code marks (see :func:`with_consent_source`).
CONSENT_SOURCES = {code: ConsentSource(code) for code, _label in SOURCES}


def with_consent_source(records, code):
    """``records`` whose marketing ban changes are logged as coming from
    ``code`` (``pos``, ``import``, ``portal``, ``unsubscribe``)."""
    return records.with_context(retail_consent_source=CONSENT_SOURCES[code])


def consent_source(env):
    """The source of ban changes made in ``env``: a server mark, else the
    back office."""
    source = env.context.get("retail_consent_source")
    return source.code if isinstance(source, ConsentSource) else "backoffice"


class RetailConsentLog(models.Model):
    """Proof of the customers' marketing consents: one row per change of a
    customer's own ban on a channel, whoever made it and however. Rows are
    only ever added, by the server (:meth:`_retail_record`); nobody, managers
    and administrators included, changes or deletes them."""

    _name = "retail.consent.log"
    _description = "Marketing Consent Log"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        readonly=True,
        index=True,
        # proof outlives nothing it proves: a customer with a consent history
        # is archived, not deleted
        ondelete="restrict",
    )
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    previous_allowed = fields.Boolean(
        "Allowed Before",
        readonly=True,
        help="Whether marketing on this channel was allowed before the change "
        "(a new customer: allowed).",
    )
    allowed = fields.Boolean(
        readonly=True,
        help="Whether marketing on this channel is allowed after the change.",
    )
    source = fields.Selection(
        SOURCES,
        required=True,
        readonly=True,
        help="Where the change was made: the back office (forms and the "
        "external API), the till, an import, the customer portal, or the "
        "customer's unsubscribing from a mailing.",
    )
    user_id = fields.Many2one("res.users", readonly=True, ondelete="restrict")
    date = fields.Datetime(required=True, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("retail_consent_write") is not _SERVER_WRITE:
            raise UserError(
                _("Consent log entries are recorded by the application only.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(_("Consent log entries cannot be changed."))
        return super().write(vals)

    # Refused before the access check, so that everyone (managers included)
    # reads why, not "you are not allowed". Uninstalling drops the table
    # without deleting rows one by one, and no data file holds rows: the
    # raise never blocks an uninstall, which the ``@api.ondelete`` idiom is
    # about (it runs after the access check).
    def unlink(self):
        if self:
            # pylint: disable-next=no-raise-unlink
            raise UserError(_("Consent log entries cannot be deleted."))
        return super().unlink()

    @api.model
    def _retail_record(self, changes):
        """Record ``changes``, a list of ``(partner, channel, previous
        allowed, allowed)``, as made now by the current user, from the
        source of the context."""
        if not changes:
            return self.browse()
        now = fields.Datetime.now()
        source = consent_source(self.env)
        # sudo: the rows are written by the application for the ban changes
        # just made (the user had the right to make them); no user creates
        # log rows (no create access, and create asks for the server mark)
        Log = self.sudo().with_context(retail_consent_write=_SERVER_WRITE)
        return Log.create(
            [
                {
                    "partner_id": partner.id,
                    "channel": channel,
                    "previous_allowed": previous,
                    "allowed": allowed,
                    "source": source,
                    "user_id": self.env.uid,
                    "date": now,
                }
                for partner, channel, previous, allowed in changes
            ]
        ).with_env(self.env)
