# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RetailCustomerType(models.Model):
    """Kind of customer (consumer, business, supplier) that decides how the
    customer number is made.

    The customer number is Odoo's ``ref`` of the partner: the field every
    partner search, the accounting exports and the documents already show. A
    type only says which sequence numbers its customers, so the numbering
    stays in ``ir.sequence`` (gap and concurrency handling included) and a
    shop can number consumers and businesses in separate ranges.

    Like Odoo's journals and operation types, a type makes its own sequence
    from a prefix and a padding, in the type's company (none for a shared
    type), and keeps it in step when they change.
    """

    _name = "retail.customer.type"
    _description = "Retail Customer Type"
    _order = "partner_kind, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    partner_kind = fields.Selection(
        [("customer", "Customers"), ("supplier", "Suppliers")],
        "For",
        required=True,
        default="customer",
        help="Whether the type numbers customers or suppliers.",
    )
    sequence_prefix = fields.Char(
        "Number Prefix",
        help="Start of the customer numbers of this type, e.g. C gives C000001.",
    )
    sequence_padding = fields.Integer(
        "Number Digits",
        default=6,
        help="How many digits the number has after the prefix (filled with zeros).",
    )
    sequence_id = fields.Many2one(
        "ir.sequence",
        "Number Sequence",
        ondelete="restrict",
        check_company=True,
        copy=False,
        help="Gives the customer number of the partners of this type when "
        "they are created or first given the type. Made by the type from its "
        "prefix and digits.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the type between all companies.",
    )
    partner_count = fields.Integer("Partners", compute="_compute_partner_count")

    @api.constrains("sequence_id")
    def _check_sequence_id(self):
        for customer_type in self:
            if not customer_type.sequence_id:
                raise ValidationError(
                    _(
                        "The customer type %(type)s needs a number sequence: it "
                        "gives the customer numbers.",
                        type=customer_type.name,
                    )
                )

    @api.constrains("sequence_padding")
    def _check_sequence_padding(self):
        for customer_type in self:
            if not 0 <= customer_type.sequence_padding <= 20:
                raise ValidationError(
                    _(
                        "The customer numbers of type %(type)s must have between "
                        "0 and 20 digits.",
                        type=customer_type.name,
                    )
                )

    @api.model
    def _sequence_values(self, vals):
        """What the sequence of a type made or changed with ``vals`` gets."""
        fields_map = {
            "sequence_prefix": "prefix",
            "sequence_padding": "padding",
            "company_id": "company_id",
        }
        return {
            fields_map[key]: value for key, value in vals.items() if key in fields_map
        }

    @api.model_create_multi
    def create(self, vals_list):
        default_padding = self.default_get(["sequence_padding"]).get(
            "sequence_padding", 0
        )
        for vals in vals_list:
            if vals.get("sequence_id"):
                # an existing sequence (the shipped types, an import): the
                # type shows its prefix and digits
                # sudo: sequences are configuration users may not read
                sequence = self.env["ir.sequence"].sudo().browse(vals["sequence_id"])
                vals.update(
                    sequence_prefix=sequence.prefix, sequence_padding=sequence.padding
                )
                continue
            values = self._sequence_values(
                {"company_id": False, "sequence_padding": default_padding, **vals}
            )
            values["name"] = _(
                "Customer numbers: %(type)s", type=vals.get("name") or ""
            )
            # sudo: the type makes its own sequence, in its own company (none
            # for a shared type), from the prefix and digits chosen by its
            # creator, a retail manager; users may not create sequences
            vals["sequence_id"] = self.env["ir.sequence"].sudo().create(values).id
        types = super().create(vals_list)
        # ``@api.constrains`` only checks the fields given: a type created
        # without a sequence would pass.
        types._check_sequence_id()
        return types

    def write(self, vals):
        if vals.get("sequence_id"):
            # sudo: sequences are configuration users may not read
            sequence = self.env["ir.sequence"].sudo().browse(vals["sequence_id"])
            vals = dict(
                vals, sequence_prefix=sequence.prefix, sequence_padding=sequence.padding
            )
        sequence_values = self._sequence_values(vals)
        if sequence_values and "sequence_id" not in vals:
            self.check_access_rights("write")
            self.check_access_rule("write")
            # sudo: the type keeps its own sequence in step with its prefix,
            # digits and company (first, so that the company check of the
            # type finds them alike), which its editor, a retail manager, may
            # change; users may not write sequences
            self.sequence_id.sudo().write(sequence_values)
        return super().write(vals)

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("customer_type_id", "in", self.ids)],
                ["customer_type_id"],
                ["__count"],
            )
        )
        for customer_type in self:
            customer_type.partner_count = counts.get(customer_type, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_count([("customer_type_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                _(
                    "You cannot delete a customer type that partners still have. "
                    "Archive it instead."
                )
            )

    def _next_customer_number(self):
        """The next number of the type's sequence.

        Numbers are handed out by the server for the customer being created;
        the sequence itself is configuration that only administrators may
        read or write, hence ``sudo()``, which reads and increments nothing
        but this type's own sequence.
        """
        self.ensure_one()
        if not self.sequence_id:
            raise UserError(
                _(
                    "The customer type %(type)s has no number sequence: no "
                    "customer number can be given.",
                    type=self.name,
                )
            )
        # sudo: the type's sequence gives the number to whoever creates a
        # customer; sequences are configuration users may not read
        return self.sequence_id.sudo().next_by_id()

    def action_open_partners(self):
        self.ensure_one()
        return self.env["res.partner"]._retail_contacts_action(
            _("Partners of type %(type)s", type=self.name),
            [("customer_type_id", "=", self.id)],
            {"default_customer_type_id": self.id},
        )
