# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

REFERRED_BY_XMLID = "crm_retail_customers.relation_type_referred_by"


class RetailPartnerRelation(models.Model):
    """One relation between two customers, stored once.

    It reads "``partner_id`` *type name* ``related_partner_id``" from the
    first customer and "``related_partner_id`` *inverse name* ``partner_id``"
    from the second; both customers' forms list it (see
    ``res.partner.relation_ids`` and ``inverse_relation_ids``) and either can
    edit it. Two relations of one type between the same two customers, in
    either direction, would say the same thing twice (or contradict each
    other: each the parent of the other), so they are refused, in Python
    with a clear message and in SQL for concurrent writes.
    """

    _name = "retail.partner.relation"
    _description = "Customer Relation"
    _order = "partner_id, type_id, related_partner_id, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    related_partner_id = fields.Many2one(
        "res.partner",
        "Related Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    type_id = fields.Many2one(
        "retail.partner.relation.type",
        "Relation",
        required=True,
        index=True,
        ondelete="restrict",
    )
    type_label = fields.Char(
        "Is", compute="_compute_type_labels", help="How the customer relates."
    )
    inverse_type_label = fields.Char(
        "Is ",
        compute="_compute_type_labels",
        help="How the related customer relates to the customer.",
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        help="The company of the customers; empty when both are shared by all "
        "companies.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "not_self",
            "CHECK (partner_id != related_partner_id)",
            "A customer cannot be related to themselves.",
        ),
        # Implemented by the index of ``init``: one relation of a type per
        # pair of customers, whichever is first.
        (
            "pair_type_uniq",
            "",
            "These customers already have a relation of this type.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS retail_partner_relation_pair_type_uniq
                ON retail_partner_relation (
                    LEAST(partner_id, related_partner_id),
                    GREATEST(partner_id, related_partner_id),
                    type_id
                )
            """
        )

    @api.depends("partner_id.company_id", "related_partner_id.company_id")
    def _compute_company_id(self):
        # The more specific of the two: a shared customer may be related to a
        # customer of one company, whichever of them comes first.
        for relation in self:
            relation.company_id = (
                relation.partner_id.company_id or relation.related_partner_id.company_id
            )

    @api.depends(
        "type_id.name", "type_id.inverse_name", "type_id.symmetric", "partner_id"
    )
    def _compute_type_labels(self):
        for relation in self:
            relation_type = relation.type_id
            relation.type_label = relation_type._label() if relation_type else False
            relation.inverse_type_label = (
                relation_type._label(inverse=True) if relation_type else False
            )

    @api.depends("partner_id", "related_partner_id", "type_id")
    def _compute_display_name(self):
        for relation in self:
            relation.display_name = " ".join(
                filter(
                    None,
                    [
                        relation.partner_id.display_name,
                        relation.type_label,
                        relation.related_partner_id.display_name,
                    ],
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_relations(
            [
                (
                    None,
                    vals.get("partner_id"),
                    vals.get("related_partner_id"),
                    vals.get("type_id"),
                )
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if {"partner_id", "related_partner_id", "type_id"} & set(vals):
            self._check_relations(
                [
                    (
                        relation.id,
                        vals.get("partner_id", relation.partner_id.id),
                        vals.get("related_partner_id", relation.related_partner_id.id),
                        vals.get("type_id", relation.type_id.id),
                    )
                    for relation in self
                ]
            )
        return super().write(vals)

    @api.model
    def _check_relations(self, relations):
        """Refuse a relation to oneself, a second relation of a type between
        the same two customers (either direction), and a second referrer.

        Checked before anything is written, with the messages people read: the
        SQL constraints behind (which also hold for concurrent transactions)
        would otherwise stop the insert first with a technical error.
        ``relations`` lists ``(id or None, partner id, related id, type id)``.
        """
        Partner = self.env["res.partner"]
        Type = self.env["retail.partner.relation.type"]
        referred_by = self.env.ref(REFERRED_BY_XMLID, raise_if_not_found=False)
        # ``sudo()``: a relation the user cannot read (of another company)
        # still makes this one a duplicate; only a yes or no is read.
        Relation = self.sudo().with_context(active_test=False)
        seen_pairs, seen_referred = set(), set()
        for relation_id, partner_id, related_id, type_id in relations:
            if not (partner_id and related_id and type_id):
                continue  # the required fields say so
            customer = Partner.browse(partner_id)
            related = Partner.browse(related_id)
            relation_type = Type.browse(type_id)
            if partner_id == related_id:
                raise ValidationError(
                    _(
                        "%(customer)s cannot be related to themselves.",
                        customer=customer.display_name,
                    )
                )
            pair = (min(partner_id, related_id), max(partner_id, related_id), type_id)
            if pair in seen_pairs or Relation.search_count(
                [
                    ("id", "not in", [relation_id] if relation_id else []),
                    ("type_id", "=", type_id),
                    ("partner_id", "in", pair[:2]),
                    ("related_partner_id", "in", pair[:2]),
                ],
                limit=1,
            ):
                raise ValidationError(
                    _(
                        "%(customer)s and %(related)s already have the relation "
                        "%(type)s (in one direction or the other).",
                        customer=customer.display_name,
                        related=related.display_name,
                        type=relation_type.display_name,
                    )
                )
            seen_pairs.add(pair)
            if referred_by and type_id == referred_by.id:
                if partner_id in seen_referred or Relation.search_count(
                    [
                        ("id", "not in", [relation_id] if relation_id else []),
                        ("type_id", "=", type_id),
                        ("partner_id", "=", partner_id),
                    ],
                    limit=1,
                ):
                    raise ValidationError(
                        _(
                            "%(customer)s was already referred by someone else: "
                            "a customer has one referrer.",
                            customer=customer.display_name,
                        )
                    )
                seen_referred.add(partner_id)
