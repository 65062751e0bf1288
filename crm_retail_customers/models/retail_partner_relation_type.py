# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RetailPartnerRelationType(models.Model):
    """How two customers are related, read from either side.

    A relation is stored once, from the first customer's point of view:
    "Anna *is parent of* Ben". The type also knows how it reads from the other
    side ("Ben *is child of* Anna"), so both customers' forms show it without
    a second record that could drift apart. A symmetric type (spouse,
    colleague) reads the same both ways.
    """

    _name = "retail.partner.relation.type"
    _description = "Customer Relation Type"
    _order = "name, id"

    name = fields.Char(
        required=True,
        translate=True,
        help="How the first customer relates to the second, e.g. Parent of.",
    )
    inverse_name = fields.Char(
        translate=True,
        help="How the second customer relates to the first, e.g. Child of. "
        "A symmetric type reads the same both ways.",
    )
    symmetric = fields.Boolean(
        help="The relation reads the same from both sides (spouse, colleague, friend).",
    )
    active = fields.Boolean(default=True)

    @api.depends("name", "inverse_name", "symmetric")
    def _compute_display_name(self):
        for relation_type in self:
            if relation_type.symmetric or not relation_type.inverse_name:
                relation_type.display_name = relation_type.name
            else:
                relation_type.display_name = (
                    f"{relation_type.name} / {relation_type.inverse_name}"
                )

    @api.constrains("name", "inverse_name", "symmetric")
    def _check_names(self):
        for relation_type in self:
            if not (relation_type.name or "").strip():
                raise ValidationError(_("A relation type needs a name."))
            if (
                not relation_type.symmetric
                and not (relation_type.inverse_name or "").strip()
            ):
                raise ValidationError(
                    _(
                        "The relation type %(type)s needs an inverse name (how "
                        "it reads from the other customer), or must be "
                        "symmetric.",
                        type=relation_type.name,
                    )
                )

    def write(self, vals):
        changing = self.browse()
        if "symmetric" in vals:
            changing = self.filtered(
                lambda rtype: rtype.symmetric != bool(vals["symmetric"])
            )
        if changing._in_use():
            # Turning "parent of" into a symmetric type (or back) would change
            # the meaning of every relation already recorded. Writing the value
            # a type already has (data files reloaded on upgrade) changes
            # nothing and is let through.
            raise UserError(
                _(
                    "A relation type in use cannot become symmetric or stop "
                    "being symmetric. Create a new type instead."
                )
            )
        return super().write(vals)

    def _in_use(self):
        """Whether any relation, of any company, has one of these types.
        ``sudo()``: relations of companies the user does not work in count
        too, and nothing but a yes or no is read."""
        # sudo: see the docstring (a yes or no over every company)
        relations = self.env["retail.partner.relation"].sudo()
        return bool(relations.search_count([("type_id", "in", self.ids)], limit=1))

    def _label(self, inverse=False):
        """The type as read from the first customer (``inverse=False``) or
        from the second one."""
        self.ensure_one()
        if inverse and not self.symmetric:
            return self.inverse_name
        return self.name

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self._in_use():
            raise UserError(
                _(
                    "You cannot delete a relation type that relations still use. "
                    "Archive it instead."
                )
            )
