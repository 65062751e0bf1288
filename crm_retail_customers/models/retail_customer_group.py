# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .retail_access import check_shared_change


class RetailCustomerGroup(models.Model):
    """A node of the customer group tree ("Retail / Members / Gold").

    The tree is stored with ``_parent_store`` so that "customers of a group"
    (which always means: of the group and of its subgroups) is one indexed
    ``parent_path`` prefix match, whatever the depth of the tree.
    """

    _name = "retail.customer.group"
    _description = "Retail Customer Group"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True, index=True)
    complete_name = fields.Char(
        compute="_compute_complete_name",
        recursive=True,
        store=True,
        index=True,
    )
    parent_id = fields.Many2one(
        "retail.customer.group",
        string="Parent Group",
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    child_ids = fields.One2many("retail.customer.group", "parent_id", "Subgroups")
    parent_path = fields.Char(index=True, unaccent=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the group between all companies.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Default Price List",
        check_company=True,
        help="Price list given to customers when they join this group, unless "
        "they already have a price list of their own.",
    )
    partner_ids = fields.One2many(
        "res.partner", "customer_group_id", string="Direct Members"
    )
    partner_count = fields.Integer(
        "Members",
        compute="_compute_partner_count",
        help="Customers of this group and of its subgroups.",
    )
    partner_properties_definition = fields.PropertiesDefinition(
        "Customer Properties",
        help="Custom fields shown on the customers of this group.",
    )
    description = fields.Text()

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for group in self:
            if group.parent_id:
                group.complete_name = f"{group.parent_id.complete_name} / {group.name}"
            else:
                group.complete_name = group.name

    def _compute_partner_count(self):
        """Count members of each group including its subgroups.

        One grouped query over all groups of the subtrees, then the counts are
        added up along ``parent_path`` in Python: no query per group.
        """
        all_groups = (
            self.with_context(active_test=False)
            .search([("id", "child_of", self.ids)])
            .filtered("parent_path")
        )
        counts = {
            group.parent_path: count
            for group, count in self.env["res.partner"]._read_group(
                [("customer_group_id", "in", all_groups.ids)],
                ["customer_group_id"],
                ["__count"],
            )
        }
        for group in self:
            prefix = group.parent_path
            group.partner_count = (
                sum(c for path, c in counts.items() if path.startswith(prefix))
                if prefix
                else 0
            )

    @api.model_create_multi
    def create(self, vals_list):
        """A shared group (no company) is every company's: see
        ``retail_access.check_shared_change``."""
        for vals in vals_list:
            check_shared_change(self.browse(), vals)
        return super().create(vals_list)

    def write(self, vals):
        check_shared_change(self, vals)
        if vals.get("parent_id") and self.search_count(
            [("id", "in", self.ids), ("id", "parent_of", vals["parent_id"])], limit=1
        ):
            # Checked before writing: the parent_path update would otherwise
            # stop on a bare "Recursion Detected." first.
            raise ValidationError(self._recursion_message())
        return super().write(vals)

    def unlink(self):
        check_shared_change(self)
        res = super().unlink()
        # the rules in force, kept in the registry's cache, name groups by id
        # (retail.earn.rule._retail_rule_table)
        self.env.registry.clear_cache()
        return res

    def _recursion_message(self):
        return _("A customer group cannot be its own parent or ancestor.")

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError(self._recursion_message())

    @api.constrains("name")
    def _check_name(self):
        for group in self:
            if not (group.name or "").strip():
                raise ValidationError(_("A customer group needs a name."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_ledger(self):
        """The ledger keeps, on each entry, the group the customer was in when
        it was booked (points activity per group). Entries are never changed,
        so a group that entries name (itself or one of its subgroups, which
        go with it) is not deleted: the foreign key would empty their group
        behind the ledger's back. It is archived instead, which keeps the
        history readable and the group out of every choice list."""
        # sudo: entries of every company name the group; only their existence
        # is checked
        entries = self.env["retail.point.entry"].sudo()
        used = entries.search_count(
            [
                (
                    "customer_group_id",
                    "in",
                    self.with_context(active_test=False)
                    .search([("id", "child_of", self.ids)])
                    .ids,
                )
            ],
            limit=1,
        )
        if used:
            raise UserError(
                _(
                    "You cannot delete a customer group that reward point "
                    "entries were booked in (it or one of its subgroups): the "
                    "ledger keeps it. Archive it instead."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_earn_rule_target(self):
        """An earning rule left without its groups would be for every
        customer (``retail.earn.rule._retail_check_targets_kept``); the
        subgroups go with their parent, in the database."""
        self.env["retail.earn.rule"]._retail_check_targets_kept(
            "group_ids",
            self.with_context(active_test=False).search([("id", "child_of", self.ids)]),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_members(self):
        members = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_count([("customer_group_id", "child_of", self.ids)], limit=1)
        )
        if members:
            raise UserError(
                _(
                    "You cannot delete a customer group that still has customers "
                    "(in it or in one of its subgroups). Archive it instead."
                )
            )

    @api.model
    def name_create(self, name):
        group = self.create({"name": name})
        return group.id, group.display_name

    def action_open_members(self):
        """Customers of this group and of its subgroups."""
        self.ensure_one()
        return self.env["res.partner"]._retail_contacts_action(
            _("Customers of %(group)s", group=self.complete_name),
            [("customer_group_id", "child_of", self.id)],
            {"default_customer_group_id": self.id},
        )
