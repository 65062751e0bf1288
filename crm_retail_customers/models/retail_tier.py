# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RetailTier(models.Model):
    """Reward tier (Bronze / Silver / Gold).

    A customer is in the highest tier whose threshold their lifetime earned
    points reach. The tier is stored on the partner and recomputed whenever
    lifetime points or the tiers change, so lists and reports never have to
    work it out row by row.
    """

    _name = "retail.tier"
    _description = "Reward Tier"
    _order = "min_points desc, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    min_points = fields.Float(
        "Lifetime Points Needed",
        digits="Reward Points",
        help="Lifetime earned points from which a customer is in this tier.",
    )
    earn_factor = fields.Float(
        default=1.0,
        digits=(16, 4),
        help="Earned points are multiplied by this factor (1.5 = 50% more).",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Tier Price List",
        help="When set, customers reaching this tier get this price list.",
    )
    company_id = fields.Many2one("res.company", index=True)
    partner_count = fields.Integer("Customers", compute="_compute_partner_count")

    @api.constrains("min_points", "earn_factor")
    def _check_thresholds(self):
        for tier in self:
            if tier.min_points < 0:
                raise ValidationError(
                    _(
                        "The points threshold of tier %(tier)s cannot be negative.",
                        tier=tier.name,
                    )
                )
            if tier.earn_factor < 0:
                raise ValidationError(
                    _(
                        "The earn factor of tier %(tier)s cannot be negative.",
                        tier=tier.name,
                    )
                )

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("reward_tier_id", "in", self.ids)], ["reward_tier_id"], ["__count"]
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.model
    def _tier_for_points(self, points, company):
        """Highest tier of ``company`` (or shared) reached with ``points``."""
        return self.search(
            [
                ("min_points", "<=", points),
                ("company_id", "in", [company.id, False]),
            ],
            order="min_points desc, sequence, id",
            limit=1,
        )

    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        tiers._recompute_partner_tiers()
        return tiers

    def write(self, vals):
        res = super().write(vals)
        if {"min_points", "active", "company_id", "pricelist_id"} & set(vals):
            self._recompute_partner_tiers()
        return res

    def unlink(self):
        res = super().unlink()
        self._recompute_partner_tiers()
        return res

    # -- customers' tiers (the rule: highest tier reached) -----------------------
    @api.model
    def _assign_entry_tier(self, partners):
        """New customers start in the tier open to everyone (threshold 0),
        when there is one: one search for the whole batch."""
        customers = partners.filtered(lambda p: p.is_company or not p.parent_id)
        if not customers:
            return
        tier = self._tier_for_points(0.0, self.env.company)
        if tier:
            customers._retail_write_derived({"reward_tier_id": tier.id})

    @api.model
    def _update_customer_tier(self, customer, earned, company):
        """Put ``customer`` in the tier of ``company`` its lifetime points
        ``earned`` reach, with the tier's price list."""
        tier = self._tier_for_points(earned, company)
        if tier != customer.reward_tier_id:
            old_tier = customer.reward_tier_id
            customer._retail_write_derived({"reward_tier_id": tier.id})
            self._apply_tier_pricelist(customer, old_tier.pricelist_id)

    @api.model
    def _apply_tier_pricelist(self, customers, old_pricelist):
        """A tier price list replaces the customers' price list, unless a
        customer has one of their own that came neither from
        ``old_pricelist`` (their former tier's) nor from their group."""
        for customer in customers:
            new_pricelist = customer.reward_tier_id.pricelist_id
            if not new_pricelist:
                continue
            current = customer._retail_get_specific_pricelist()
            if not current or current in (
                old_pricelist | customer.customer_group_id.pricelist_id
            ):
                customer.property_product_pricelist = new_pricelist

    @api.model
    def _recompute_partner_tiers(self):
        """Re-assign every customer's tier after the tier table changed
        (rare, manager action): one UPDATE over all customers, tiers compared
        per company."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE res_partner p
               SET reward_tier_id = best.tier_id
              FROM (
                    SELECT p2.id AS partner_id,
                           (SELECT t.id
                              FROM retail_tier t
                             WHERE t.active
                               AND t.min_points <= COALESCE(p2.reward_points_earned, 0)
                               AND (t.company_id IS NULL
                                    OR t.company_id = COALESCE(p2.company_id, %s))
                          ORDER BY t.min_points DESC, t.sequence, t.id
                             LIMIT 1) AS tier_id
                      FROM res_partner p2
                     WHERE p2.id = p2.commercial_partner_id
                   ) best
             WHERE p.id = best.partner_id
               AND p.reward_tier_id IS DISTINCT FROM best.tier_id
            """,
            [self.env.company.id],
        )
        self.env["res.partner"].invalidate_model(["reward_tier_id"])

    def action_open_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contacts.action_contacts"
        )
        action.update(
            {
                "name": _("Customers in tier %(tier)s", tier=self.name),
                "domain": [("reward_tier_id", "=", self.id)],
            }
        )
        return action
