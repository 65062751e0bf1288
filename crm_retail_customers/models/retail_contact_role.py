# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

#: Roles the code relies on (``res.partner.address_get`` and the bridges). They
#: ship as data and are protected against deletion and code changes.
SYSTEM_ROLE_CODES = ("invoice", "purchase", "sales")


class RetailContactRole(models.Model):
    """What a contact person of a customer is for.

    Three roles are known to the code (invoice, purchase and sales contact) and
    drive ``address_get``; the others are the users' own labels, used to pick
    contacts for campaigns ("Decision maker", "Newsletter").
    """

    _name = "retail.contact.role"
    _description = "Contact Role"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key of the role, unique. The system roles invoice, "
        "purchase and sales are used by invoices, sale and purchase orders.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    is_system = fields.Boolean(
        compute="_compute_is_system",
        help="System roles are used by the application and cannot be deleted "
        "or have their code changed.",
    )

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(code)",
            "A contact role with this code already exists.",
        ),
    ]

    @api.depends("code")
    def _compute_is_system(self):
        for role in self:
            role.is_system = role._origin.code in SYSTEM_ROLE_CODES

    @api.constrains("code", "name")
    def _check_code(self):
        for role in self:
            if not (role.name or "").strip():
                raise ValidationError(_("A contact role needs a name."))
            if not (role.code or "").strip():
                raise ValidationError(_("A contact role needs a code."))

    @api.model
    def _normalize_code(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().lower()
        return vals

    def _check_code_available(self, codes):
        """Refuse a code already used, with a message rather than the bare
        database error (the SQL constraint stays as the guard against races)."""
        seen = set()
        for code in codes:
            if code in seen:
                raise ValidationError(
                    _("The contact role code %(code)s is used twice.", code=code)
                )
            seen.add(code)
        taken = (
            self.with_context(active_test=False)
            .search([("code", "in", list(seen)), ("id", "not in", self.ids)], limit=1)
            .code
        )
        if taken:
            raise ValidationError(
                _(
                    "A contact role with the code %(code)s already exists.",
                    code=taken,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_code(vals) for vals in vals_list]
        self._check_code_available([v["code"] for v in vals_list if v.get("code")])
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_code(vals)
        if vals.get("code"):
            if len(self) > 1:
                self._check_code_available([vals["code"]] * len(self))
            self._check_code_available([vals["code"]])
        if "code" in vals:
            changed = self.filtered(
                lambda r: r.code in SYSTEM_ROLE_CODES and r.code != vals["code"]
            )
            if changed:
                raise UserError(
                    _(
                        "The code of the system role %(role)s cannot be changed.",
                        role=changed[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_system_role(self):
        system = self.filtered(lambda r: r.code in SYSTEM_ROLE_CODES)
        if system:
            raise UserError(
                _(
                    "The system role %(role)s cannot be deleted; it is used by "
                    "invoices, sale and purchase orders. Archive your own roles "
                    "instead.",
                    role=system[0].name,
                )
            )
