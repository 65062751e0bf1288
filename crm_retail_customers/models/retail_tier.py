# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .retail_access import check_shared_change
from .retail_point_entry import EARNED_KINDS

#: The company whose tiers a customer (``p``, a ``res_partner`` row) is in:
#: its own company, else, for a customer shared between companies, the
#: company of its latest entry that counts for the tier (the company a
#: booking last placed it with). A shared customer without such entries is
#: in the shared tiers only.
TIER_COMPANY_SQL = SQL(
    """COALESCE(p.company_id, (
        SELECT e.company_id FROM retail_point_entry e
         WHERE e.partner_id = p.id AND e.kind IN %s
      ORDER BY e.id DESC LIMIT 1))""",
    EARNED_KINDS,
)

#: A tier change moving at most this many customers moves them in the
#: manager's request; more are moved by a job (see
#: ``_recompute_partner_tiers``).
TIER_MOVE_NOW = 1000
#: System parameter that replaces ``TIER_MOVE_NOW``.
TIER_MOVE_NOW_PARAM = "crm_retail_customers.tier_move_now"
#: Customers one run of the tier job moves.
TIER_BATCH = 5000
#: Customers (by id) one step of the tier job reads at once.
TIER_SCAN = 20000
#: Where the tier job goes on: the id of the last customer it moved, "0" to
#: start from the first; absent when nothing is to be recomputed.
TIER_CURSOR_PARAM = "crm_retail_customers.tier_cursor"


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
    _check_company_auto = True

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
        check_company=True,
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
        """Highest tier of ``company`` (or shared) reached with ``points``,
        from the thresholds kept in the registry's cache
        (:meth:`_retail_tier_table`): every booking asks."""
        for tier_id, min_points in self._retail_tier_table(company.id):
            if min_points <= points:
                return self.browse(tier_id)
        return self.browse()

    @api.model
    @tools.ormcache("company_id")
    def _retail_tier_table(self, company_id):
        """``(id, min_points)`` of the active tiers of ``company_id`` and the
        shared ones, highest threshold first (ties by sequence). Kept in the
        registry's cache, which every change of a tier clears."""
        # sudo: the tier table is the programme's configuration; a customer
        # of the company is in its tiers whoever books for them
        tiers = self.sudo().search_fetch(
            [("company_id", "in", [company_id, False])],
            ["min_points"],
            order="min_points desc, sequence, id",
        )
        return tuple((tier.id, tier.min_points) for tier in tiers)

    @api.model
    def _retail_earn_factor(self, tier):
        """The earning factor of ``tier`` (1.0 for none), from the registry's
        cache (:meth:`_retail_earn_factors`): every booking asks, and reading
        the tier's row whole would read its name in every language."""
        if not tier:
            return 1.0
        factor = self._retail_earn_factors().get(tier.id)
        return tier.earn_factor if factor is None else factor

    @api.model
    @tools.ormcache("lang")
    def _retail_tier_names(self, lang):
        """``{tier id: name in lang}`` of every tier (archived ones too): a
        till's receipt names the customer's tier without reading it. Kept
        in the registry's cache, which every change of a tier or of its
        translations clears."""
        # sudo: tier names are the programme's configuration, printed on the
        # receipt of whoever sells to the customer
        tiers = (
            self.sudo()
            .with_context(active_test=False, lang=lang)
            .search_fetch([], ["name"])
        )
        return {tier.id: tier.name for tier in tiers}

    @tools.ormcache()
    def _retail_earn_factors(self):
        """``{tier id: earning factor}`` of every tier (archived ones too: a
        customer keeps their tier until a booking moves them). Kept in the
        registry's cache, which every change of a tier clears."""
        # sudo: the factors are the programme's configuration, read for
        # whoever books
        tiers = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([], ["earn_factor"])
        )
        return {tier.id: tier.earn_factor for tier in tiers}

    def _update_field_translations(self, field_name, translations, digest=None):
        """A translated name is a change of :meth:`_retail_tier_names`."""
        res = super()._update_field_translations(field_name, translations, digest)
        self.env.registry.clear_cache()  # the tier names
        return res

    @api.model_create_multi
    def create(self, vals_list):
        """A shared tier (no company) is every company's: see
        ``retail_access.check_shared_change``."""
        for vals in vals_list:
            check_shared_change(self.browse(), vals)
        tiers = super().create(vals_list)
        self.env.registry.clear_cache()  # the tier table, names, earn factors
        tiers._recompute_partner_tiers()
        return tiers

    def write(self, vals):
        """A new threshold, status or company moves customers between tiers
        (:meth:`_recompute_partner_tiers`). A new price list moves nobody: it
        is given to the tier's customers who had the former one (or none, or
        their group's), as reaching the tier would have; customers keep a
        price list of their own. Removing it leaves the customers' price
        lists as they are."""
        check_shared_change(self, vals)
        old_pricelists = (
            {tier.id: tier.pricelist_id for tier in self}
            if "pricelist_id" in vals
            else {}
        )
        res = super().write(vals)
        self.env.registry.clear_cache()  # the tier table, names, earn factors
        if {"min_points", "active", "company_id"} & set(vals):
            self._recompute_partner_tiers()
        for tier in self.filtered(
            lambda t: t.id in old_pricelists and t.pricelist_id != old_pricelists[t.id]
        ):
            customers = (
                self.env["res.partner"]
                # sudo: the customers of the tier the manager may edit, in
                # every company; only the tier's own price list is given.
                .sudo()
                .with_context(active_test=False)
                .search([("reward_tier_id", "=", tier.id)])
            )
            self._apply_tier_pricelist(customers, old_pricelists[tier.id])
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_earn_rule_target(self):
        """An earning rule left without its tiers would be for every customer
        (``retail.earn.rule._retail_check_targets_kept``)."""
        self.env["retail.earn.rule"]._retail_check_targets_kept("tier_ids", self)

    def unlink(self):
        check_shared_change(self)
        res = super().unlink()
        self.env.registry.clear_cache()  # the tier table, names, earn factors
        self._recompute_partner_tiers()
        return res

    # -- customers' tiers (the rule: highest tier reached) -----------------------
    @api.model
    def _get_tier_companies(self, customers):
        """``{customer id: company}`` whose tiers each customer is in (see
        ``TIER_COMPANY_SQL``): an empty company means the shared tiers."""
        if not customers:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT p.id, %s FROM res_partner p WHERE p.id IN %s",
                TIER_COMPANY_SQL,
                tuple(customers.ids),
            )
        )
        Company = self.env["res.company"]
        return {pid: Company.browse(cid) for pid, cid in self.env.cr.fetchall()}

    @api.model
    def _assign_entry_tier(self, partners):
        """New customers start in the tier open to everyone (threshold 0) of
        their company (a shared customer: a shared tier), when there is one:
        one search per company of the batch."""
        customers = partners.filtered(lambda p: p.is_company or not p.parent_id)
        for company, members in customers.grouped("company_id").items():
            tier = self._tier_for_points(0.0, company)
            if tier:
                members._retail_write_derived({"reward_tier_id": tier.id})

    @api.model
    def _update_customer_tier(self, customer, earned, company=None):
        """Put ``customer`` in the tier of ``company`` (by default the one
        whose tiers the customer is in) its lifetime points ``earned``
        reach, with the tier's price list."""
        if company is None:
            company = self._get_tier_companies(customer)[customer.id]
        earned += customer._retail_opening_tier_points(company)
        tier = self._tier_for_points(earned, company)
        if tier != customer.reward_tier_id:
            old_tier = customer.reward_tier_id
            customer._retail_write_derived({"reward_tier_id": tier.id})
            self._apply_tier_pricelist(customer, old_tier.pricelist_id, company)
            if tier and (not old_tier or tier.min_points > old_tier.min_points):
                # a customer who spent their way up hears of it
                customer._retail_notify_tier_upgrade()

    @api.model
    def _apply_tier_pricelist(self, customers, old_pricelist, company=None):
        """A tier price list replaces the customers' price list (in
        ``company``, by default the customer's tier company), unless a
        customer has one of their own that came neither from
        ``old_pricelist`` (the former tier's) nor from their group."""
        companies = {} if company is not None else self._get_tier_companies(customers)
        for customer in customers:
            new_pricelist = customer.reward_tier_id.pricelist_id
            if not new_pricelist:
                continue
            customer = customer.with_company(
                company
                or companies.get(customer.id)
                or new_pricelist.company_id
                or self.env.company
            )
            current = customer._retail_get_specific_pricelist()
            if not current or current in (
                old_pricelist | customer.customer_group_id.pricelist_id
            ):
                customer.property_product_pricelist = new_pricelist

    @api.model
    def _recompute_partner_tiers(self):
        """Re-assign every customer's tier after the tier table changed (rare,
        manager action), as a booking would: the customers to move are found
        in SQL (:meth:`_retail_tier_moves`), over the tiers of each
        customer's tier company (``TIER_COMPANY_SQL``, never the editing
        manager's company), then moved through the ORM
        (:meth:`_retail_move_tiers`), so that the move is tracked in each
        customer's chatter and the new tier's price list is applied.

        Up to ``TIER_MOVE_NOW`` customers (the system parameter
        ``TIER_MOVE_NOW_PARAM`` when set) move at once, in the manager's
        request: the list of customers and the chatter show the new tiers
        when the form is saved, as they always did, and a change that
        moves a few hundred customers costs a second or two. A change that
        moves more (a threshold of a million customers' programme) would
        hold one transaction over minutes in an HTTP request, killed by the
        time limit and rolled back whole: the request then only records
        that the tiers are to be recomputed (``TIER_CURSOR_PARAM``) and
        triggers the job ``ir_cron_retail_recompute_tiers``
        (:meth:`_cron_recompute_partner_tiers`), which moves them in
        committed batches."""
        # sudo: a setting of the administrator, read by every tier change
        ICP = self.env["ir.config_parameter"].sudo()
        move_now = int(ICP.get_param(TIER_MOVE_NOW_PARAM, TIER_MOVE_NOW))
        moves = self._retail_tier_moves(limit=move_now + 1)
        if len(moves) > move_now:
            # the job's bookmark; "0": from the first customer
            ICP.set_param(TIER_CURSOR_PARAM, "0")
            self.env.ref(
                "crm_retail_customers.ir_cron_retail_recompute_tiers"
            )._trigger()
            return
        self._retail_move_tiers(moves)

    @api.model
    def _cron_recompute_partner_tiers(self, batch_size=TIER_BATCH):
        """Job: move the customers whose tier differs from the one their
        lifetime points reach, when a tier change recorded that tiers are to
        be recomputed (:meth:`_recompute_partner_tiers`), ``batch_size`` a
        run, by id, triggering itself while more are left. The run commits
        its batch with the id of its last customer (``TIER_CURSOR_PARAM``),
        so the next run goes on after it without reading the customers
        before again; a run killed half-way rolls back both, and the run
        after it moves that batch (the SQL finds the customers whose tier
        still differs). Nothing recorded: nothing to do."""
        # sudo: the job's own bookmark
        ICP = self.env["ir.config_parameter"].sudo()
        cursor = ICP.get_param(TIER_CURSOR_PARAM)
        if not cursor or not cursor.isdigit():
            return
        after = int(cursor)
        Partner = self.env["res.partner"]
        moves = []
        more = False
        while True:
            # a slice of customers by id: the query stops there, rather than
            # reading every customer to sort the differing ones by id
            upto = Partner._retail_slice_end(after, TIER_SCAN)
            found = self._retail_tier_moves(
                limit=batch_size - len(moves) + 1, after=after, upto=upto
            )
            if len(found) > batch_size - len(moves):
                moves += found[: batch_size - len(moves)]
                after = moves[-1][0]
                more = True
                break
            moves += found
            if upto is None:
                break
            after = upto
            if len(moves) >= batch_size:
                more = True
                break
        self._retail_move_tiers(moves)
        ICP.set_param(TIER_CURSOR_PARAM, str(after) if more else False)
        if more:
            self.env.ref(
                "crm_retail_customers.ir_cron_retail_recompute_tiers"
            )._trigger()

    @api.model
    def _retail_tier_moves(self, limit=None, after=0, upto=None):
        """``[(customer id, tier id, new tier id, tier company id)]`` of the
        commercial customers with ``after < id <= upto`` (no upper bound when
        ``upto`` is None) whose tier is not
        the highest their lifetime points reach, by id, at most ``limit``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.reward_tier_id, best.tier_id, tc.company_id
                  FROM res_partner p
                  CROSS JOIN LATERAL (SELECT %(company)s AS company_id) tc
             LEFT JOIN res_company c ON c.id = tc.company_id
                  LEFT JOIN LATERAL (
                        SELECT t.id AS tier_id
                          FROM retail_tier t
                         WHERE t.active
                           AND t.min_points <= COALESCE(p.reward_points_earned, 0)
                               + CASE WHEN c.retail_tier_opening_purchases
                                      THEN COALESCE(p.retail_opening_sales_amount, 0)
                                           * c.retail_points_per_currency
                                      ELSE 0 END
                           AND (t.company_id IS NULL
                                OR t.company_id = tc.company_id)
                      ORDER BY t.min_points DESC, t.sequence, t.id
                         LIMIT 1
                       ) best ON TRUE
                 WHERE p.id = p.commercial_partner_id AND p.id > %(after)s
                   AND (%(upto)s IS NULL OR p.id <= %(upto)s)
                   AND p.reward_tier_id IS DISTINCT FROM best.tier_id
              ORDER BY p.id
                 LIMIT %(limit)s
                """,
                company=TIER_COMPANY_SQL,
                after=after,
                upto=upto,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _retail_move_tiers(self, moves):
        """Move the customers of ``moves`` (rows of
        :meth:`_retail_tier_moves`) through the ORM: the move is tracked in
        their chatter (the messages created in one batch,
        ``res.partner._message_track``) and the new tier's price list
        applied."""
        grouped = defaultdict(list)
        for partner_id, old_tier, new_tier, company_id in moves:
            grouped[new_tier, old_tier, company_id].append(partner_id)
        # sudo: the tier follows from the ledger and the tier table, which the
        # manager may change; customers of every company move with it.
        Partner = (
            self.env["res.partner"]
            .sudo()  # sudo: see above, customers of every company move
            .with_context(active_test=False, retail_batch_tracking=True)
        )
        Company = self.env["res.company"]
        for (new_tier, old_tier, company_id), partner_ids in grouped.items():
            customers = Partner.browse(partner_ids)
            customers._retail_write_derived({"reward_tier_id": new_tier or False})
            # sudo: the former tier may belong to a company the user left;
            # only its price list is read, to replace it where customers have it
            former = self.sudo().browse(old_tier)
            self._apply_tier_pricelist(
                customers,
                former.pricelist_id,
                Company.browse(company_id),
            )

    def action_open_partners(self):
        self.ensure_one()
        return self.env["res.partner"]._retail_contacts_action(
            _("Customers in tier %(tier)s", tier=self.name),
            [("reward_tier_id", "=", self.id)],
        )
