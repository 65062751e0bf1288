# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import UserError

#: Context marker of server code setting derived state (see
#: ``_retail_write_derived``). An object, not a string: a context sent over
#: RPC or HTTP is JSON and cannot hold it, so no client can claim to be the
#: server.
_SERVER_WRITE = object()


class RetailDerivedStateMixin(models.AbstractModel):
    """Fields whose values the server decides, never a user.

    Points are money: a balance, a tier, the card number a customer is found
    by, an effective marketing ban or the points figures booked on a POS order
    follow from ledger entries, cards and documents. ``readonly=True`` only
    hides a field in the views; the external API, imports and a crafted web
    request still write it. Models list such fields in
    ``_retail_derived_fields`` (or override :meth:`_retail_derived_field_names`
    when it depends on settings); ``create`` and ``write`` then refuse them,
    whoever the user, superuser included, unless the call comes from server
    code through :meth:`_retail_write_derived`.

    Stored computed fields need no special care when they are recomputed: the
    ORM stores recomputed values without calling ``write``.
    """

    _name = "retail.derived.state.mixin"
    _description = "Fields Decided by the Server"

    #: Names of the fields that only server code writes.
    _retail_derived_fields = ()

    def _retail_derived_field_names(self):
        return set(self._retail_derived_fields)

    def _retail_check_derived(self, vals_list, create=False):
        """Refuse derived fields in ``vals_list``. A record being created
        may name them empty (``False``, 0): that sets nothing the server
        decides, and copies carry them so (Odoo's ``copy``, the portal
        sign-up copying its template user)."""
        if self._retail_server_writes():
            return
        derived = self._retail_derived_field_names()
        self._retail_refuse_derived(
            {
                name
                for vals in vals_list
                for name, value in vals.items()
                if name in derived and (value or not create)
            }
        )

    def _retail_server_writes(self):
        """Whether the call comes from server code setting derived state
        (:meth:`_retail_write_derived`)."""
        return self.env.context.get("retail_derived_write") is _SERVER_WRITE

    def _retail_refuse_derived(self, names):
        """Refuse a user's values of the derived fields ``names``, if any."""
        if names:
            labels = ", ".join(
                self._fields[name]._description_string(self.env)
                for name in sorted(names)
            )
            raise UserError(
                _(
                    "%(fields)s cannot be set by hand: the application keeps "
                    "them in line with the reward points ledger, the cards and "
                    "the documents.",
                    fields=labels,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._retail_check_derived(vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        self._retail_check_derived([vals])
        return super().write(vals)

    def _retail_write_derived(self, vals):
        """Write derived fields from server code (the only way to)."""
        return self.with_context(retail_derived_write=_SERVER_WRITE).write(vals)
