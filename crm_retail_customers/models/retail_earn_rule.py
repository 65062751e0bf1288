# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import float_round
from odoo.tools.misc import format_date

#: How specific a rule is: the most specific rule of a line wins (a product
#: rule over a category rule over a tag rule over a general one).
LEVEL_PRODUCT = 3
LEVEL_CATEGORY = 2
LEVEL_TAG = 1
LEVEL_GENERAL = 0

#: Numeric fields a person types; anything that is not a finite number is
#: refused with a clear message before the ORM tries to convert it.
NUMERIC_FIELDS = ("multiplier", "points_per_unit", "min_amount")

#: The largest figure each of them may hold: a typing slip (or a forged
#: call) of 1e300 points must not reach the ledger.
NUMERIC_LIMITS = {"multiplier": 1000.0, "points_per_unit": 1e6, "min_amount": 1e12}

#: The fields that name the products a rule is for: a rule without any of
#: them is for every product.
PRODUCT_TARGETS = ("product_ids", "categ_ids", "tag_ids")

#: What the computation reads of the rules in force, fetched at once: the
#: number of queries does not depend on which rules match which lines.
RULE_FIELDS = [
    "sequence",
    "product_ids",
    "categ_ids",
    "tag_ids",
    "mode",
    "multiplier",
    "points_per_unit",
    "tier_ids",
    "group_ids",
    "min_amount",
    "stackable",
    "is_exclusion",
]


class RetailEarnRule(models.Model):
    """What a product earns: a rule of the points programme.

    Earning is decided per line, once, here (:meth:`_retail_compute_points`)
    for every document that books points (the POS order, the invoice) and,
    ported line by line to JavaScript, for the till's estimate. A line's
    normal points are its amount x the company's points per currency unit x
    the customer's tier factor; the rules change that figure:

    - an exclusion (a multiplier of 0) wins over everything: the line earns
      nothing, as does a product marked "never earns points";
    - otherwise the most specific rule that is not stackable applies: a rule
      naming the product, then one of the deepest category containing the
      product, then a tag rule, then a general rule; ties go by sequence;
    - stackable rules (campaigns) apply on top of that: a multiplier
      multiplies the line's points, fixed points per unit are added.

    Rules are configuration that Retail CRM managers own. A booked entry keeps
    the points each rule gave (``retail.point.entry.detail``): changing or
    archiving a rule never changes what was booked.
    """

    _name = "retail.earn.rule"
    _description = "Reward Points Earning Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10, help="Among rules of the same level, the first one applies."
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the rule between companies (only "
        "administrators may change a shared rule).",
    )
    date_from = fields.Date(
        "Valid From", help="First day the rule applies; empty: from the start."
    )
    date_to = fields.Date(
        "Valid Until", help="Last day the rule applies; empty: without end."
    )
    product_ids = fields.Many2many(
        "product.product",
        "retail_earn_rule_product_rel",
        "rule_id",
        "product_id",
        string="Products",
        check_company=True,
        # archived ones stay targets: a rule for them must not become general
        context={"active_test": False},
    )
    categ_ids = fields.Many2many(
        "product.category",
        "retail_earn_rule_categ_rel",
        "rule_id",
        "categ_id",
        string="Product Categories",
        help="Products of these categories and of their subcategories.",
    )
    tag_ids = fields.Many2many(
        "product.tag",
        "retail_earn_rule_tag_rel",
        "rule_id",
        "tag_id",
        string="Product Tags",
    )
    mode = fields.Selection(
        [
            ("multiplier", "Multiply the normal points"),
            ("per_unit", "Fixed points per unit"),
        ],
        string="Reward",
        required=True,
        default="multiplier",
    )
    multiplier = fields.Float(
        default=1.0,
        digits=(16, 4),
        help="The line earns its normal points times this figure: 2 doubles "
        "them, 0 excludes the line (it earns nothing, whatever other rules say).",
    )
    points_per_unit = fields.Float(
        "Points per Unit",
        digits="Reward Points",
        help="Points for each unit bought, instead of points on the amount.",
    )
    tier_ids = fields.Many2many(
        "retail.tier",
        "retail_earn_rule_tier_rel",
        "rule_id",
        "tier_id",
        string="Only for Tiers",
        check_company=True,
        # archived ones stay targets: a rule for them must not become general
        context={"active_test": False},
        help="Leave empty for customers of every tier.",
    )
    group_ids = fields.Many2many(
        "retail.customer.group",
        "retail_earn_rule_group_rel",
        "rule_id",
        "group_id",
        string="Only for Customer Groups",
        check_company=True,
        # archived ones stay targets: a rule for them must not become general
        context={"active_test": False},
        help="Customers of these groups and of their subgroups; leave empty "
        "for every customer.",
    )
    min_amount = fields.Float(
        "Minimum Basket",
        digits="Product Price",
        help="The rule applies only when the lines of the sale that earn "
        "points amount to at least this much (in the company currency).",
    )
    stackable = fields.Boolean(
        help="A campaign on top of the rule that applies: its multiplier "
        "multiplies the line's points, its fixed points are added. A rule that "
        "is not stackable applies only when no more specific rule does.",
    )
    level = fields.Selection(
        [
            ("product", "Product"),
            ("category", "Category"),
            ("tag", "Tag"),
            ("general", "Every product"),
        ],
        compute="_compute_level",
        store=True,
        help="What the rule targets: the most specific target wins.",
    )
    is_exclusion = fields.Boolean(
        compute="_compute_level",
        store=True,
        help="The rule excludes its lines from earning points.",
    )
    warning = fields.Char(compute="_compute_warning")

    @api.depends("product_ids", "categ_ids", "tag_ids", "mode", "multiplier")
    def _compute_level(self):
        for rule in self:
            if rule.product_ids:
                rule.level = "product"
            elif rule.categ_ids:
                rule.level = "category"
            elif rule.tag_ids:
                rule.level = "tag"
            else:
                rule.level = "general"
            rule.is_exclusion = rule.mode == "multiplier" and not rule.multiplier

    @api.depends(
        "active",
        "date_to",
        "product_ids.active",
        "product_ids",
        "categ_ids",
        "tag_ids",
        "mode",
        "multiplier",
        "stackable",
    )
    def _compute_warning(self):
        today = fields.Date.context_today(self)
        for rule in self:
            rule.warning = rule._retail_warning(today)

    def _retail_warning(self, today):
        """Why this rule can never apply or never changes anything, or
        ``False``."""
        self.ensure_one()
        if self.date_to and self.date_to < today:
            return _(
                "This rule ended on %(day)s: it no longer applies to any sale.",
                day=format_date(self.env, self.date_to),
            )
        targets = self.product_ids or self.categ_ids or self.tag_ids
        if (
            self.product_ids
            and not self.product_ids.filtered("active")
            and not (self.categ_ids or self.tag_ids)
        ):
            return _(
                "All the products of this rule are archived: it applies to no line."
            )
        if not targets and (self.mode == "per_unit" or self.is_exclusion):
            return _("Choose the products, categories or tags this rule is for.")
        if self.mode == "multiplier" and self.multiplier == 1.0 and self.stackable:
            return _("A stackable multiplier of 1 changes nothing.")
        return False

    # -- bad input ----------------------------------------------------------------
    @api.model
    def _retail_check_numbers(self, vals):
        """Refuse a number field that is not a finite number (an import or an
        RPC call may send anything) with a clear message, before the ORM
        converts it."""
        for name in NUMERIC_FIELDS:
            if name not in vals or vals[name] in (False, None):
                continue
            value = vals[name]
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = math.nan
            label = self._fields[name]._description_string(self.env)
            if isinstance(value, bool) or not math.isfinite(number):
                raise ValidationError(
                    _(
                        "%(field)s of an earning rule must be a number, not %(value)r.",
                        field=label,
                        value=value,
                    )
                )
            if abs(number) > NUMERIC_LIMITS[name]:
                raise ValidationError(
                    _(
                        "%(field)s of an earning rule cannot be more than %(limit)s.",
                        field=label,
                        limit=NUMERIC_LIMITS[name],
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._retail_check_numbers(vals)
        rules = super().create(vals_list)
        # the rules in force are kept in the registry's cache
        # (_retail_rule_table): a new rule is in force at once
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        self._retail_check_numbers(vals)
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.constrains(
        "mode", "multiplier", "points_per_unit", "min_amount", "date_from", "date_to"
    )
    def _check_figures(self):
        for rule in self:
            if rule.multiplier < 0:
                raise ValidationError(
                    _(
                        "The multiplier of %(rule)s cannot be negative; use 0 "
                        "to exclude its products from earning points.",
                        rule=rule.name,
                    )
                )
            if rule.points_per_unit < 0:
                raise ValidationError(
                    _(
                        "The points per unit of %(rule)s cannot be negative.",
                        rule=rule.name,
                    )
                )
            if rule.mode == "per_unit" and not rule.points_per_unit:
                raise ValidationError(
                    _(
                        "%(rule)s gives fixed points per unit: enter how many.",
                        rule=rule.name,
                    )
                )
            if rule.min_amount < 0:
                raise ValidationError(
                    _(
                        "The minimum basket of %(rule)s cannot be negative.",
                        rule=rule.name,
                    )
                )
            if rule.date_from and rule.date_to and rule.date_to < rule.date_from:
                raise ValidationError(
                    _(
                        "%(rule)s cannot end (%(end)s) before it starts (%(start)s).",
                        rule=rule.name,
                        end=rule.date_to,
                        start=rule.date_from,
                    )
                )

    @api.constrains("mode", "multiplier", "product_ids", "categ_ids", "tag_ids")
    def _check_target(self):
        for rule in self:
            if rule.product_ids or rule.categ_ids or rule.tag_ids:
                continue
            if rule.mode == "per_unit":
                raise ValidationError(
                    _(
                        "%(rule)s gives fixed points per unit: choose the "
                        "products, categories or tags it is for.",
                        rule=rule.name,
                    )
                )
            if rule.is_exclusion:
                raise ValidationError(
                    _(
                        "%(rule)s excludes products from earning points: choose "
                        "the products, categories or tags it excludes.",
                        rule=rule.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_booked(self):
        """A rule that gave points is part of the ledger's history."""
        # sudo: only whether any entry of any company names the rules is read
        details = self.env["retail.point.entry.detail"].sudo()
        if details.search_count([("rule_id", "in", self.ids)], limit=1):
            raise UserError(
                _(
                    "This earning rule has given points already: archive it "
                    "instead of deleting it (the ledger keeps what it gave)."
                )
            )

    @api.model
    def _retail_check_targets_kept(self, fname, targets):
        """Refuse to delete ``targets`` (records the rules name in ``fname``:
        ``product_ids``, ``categ_ids``, ``tag_ids``, ``tier_ids`` or
        ``group_ids``) when a rule would be left without any: the database
        drops the deleted records from the rules, and a rule without
        products, categories and tags is for every product, one without
        tiers or groups for every customer. A ×10 campaign on one product
        would become a ×10 on everything, an exclusion would exclude
        everything. Archived rules are checked too: they may be reactivated.

        Archiving a target keeps it in its rules (the rules' fields read
        archived records): only deleting one widens them.

        :param targets: every record deleted, subcategories and subgroups
            that go with their parent included
        """
        if not targets:
            return
        siblings = PRODUCT_TARGETS if fname in PRODUCT_TARGETS else (fname,)
        rules = self._retail_rules_naming(fname, targets)
        widened = rules.filtered(
            lambda rule: (
                not any(
                    rule[name] - targets if name == fname else rule[name]
                    for name in siblings
                )
            )
        )
        if not widened:
            return
        named = targets.filtered(
            lambda target: any(target in rule[fname] for rule in widened)
        )
        values = {
            "targets": ", ".join(named.mapped("display_name")),
            "rules": ", ".join(widened.mapped("name")),
        }
        if fname == "product_ids":
            message = _(
                "%(targets)s cannot be deleted: without it the earning rules "
                "%(rules)s would apply to every product. Archive the product "
                "instead, or choose other products, categories or tags for "
                "the rules first.",
                **values,
            )
        elif fname == "tier_ids":
            message = _(
                "%(targets)s cannot be deleted: without it the earning rules "
                "%(rules)s would be for customers of every tier. Archive the "
                "tier instead, or choose other tiers for the rules first.",
                **values,
            )
        elif fname == "group_ids":
            message = _(
                "%(targets)s cannot be deleted: without it the earning rules "
                "%(rules)s would be for customers of every group. Archive the "
                "group instead, or choose other groups for the rules first.",
                **values,
            )
        else:
            message = _(
                "%(targets)s cannot be deleted: without it the earning rules "
                "%(rules)s would apply to every product. Choose other "
                "products, categories or tags for the rules first.",
                **values,
            )
        raise UserError(message)

    @api.model
    def _retail_rules_naming(self, fname, targets):
        """The rules whose ``fname`` names any of ``targets``, in every
        company, archived ones included."""
        if not targets:
            return self.browse()
        # sudo: the rules of every company would widen or change the same
        # way; only their names are shown (_retail_check_targets_kept) and
        # their level computed again (_retail_targets_deleted)
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([(fname, "in", targets.ids)], order="name, id")
        )

    def _retail_targets_deleted(self):
        """These rules lost products, categories or tags that were deleted:
        the database removed them from the rules, behind the ORM, so what is
        computed from them (the rule's level) is computed again."""
        rules = self.exists()
        rules.invalidate_recordset(list(PRODUCT_TARGETS))
        rules.modified(list(PRODUCT_TARGETS))
        rules.flush_recordset()

    # -- the computation ----------------------------------------------------------
    @api.model
    def _retail_rules_for(self, company, day):
        """The rules of ``company`` (its own and the shared ones) in force on
        ``day``, read with sudo, without a query once the registry's cache
        holds them (:meth:`_retail_rule_table`): every sale with a customer
        asks for them, and they change a few times a year."""
        # sudo: rules are the programme's configuration and apply to every
        # sale, whoever books it; only their figures are used, nothing is
        # written.
        rules = self.sudo()
        table = rules._retail_rule_table(company.id, fields.Date.to_string(day))
        rules = rules.browse([row[0] for row in table])
        for index, name in enumerate(RULE_FIELDS, 1):
            # the figures as the cache holds them (ids for the relations),
            # read in one go by _retail_rule_table
            self.env.cache.update(
                rules, self._fields[name], [row[index] for row in table]
            )
        return rules

    @api.model
    @tools.ormcache("company_id", "day")
    def _retail_rule_table(self, company_id, day):
        """``(id, *RULE_FIELDS)`` of the rules of ``company_id`` and the
        shared ones in force on ``day`` (``YYYY-MM-DD``), the relations as
        tuples of ids, in the rules' order. Kept in the registry's cache,
        which a change of a rule clears (in every worker), and so does the
        deletion of a product category or customer group (whose paths the
        matching reads). A product or tag deleted later leaves its id here:
        they are compared by id only."""
        # sudo: the programme's configuration, the same for every user (the
        # cache is shared by all); only the rules' figures are read
        rules = self.sudo().search_fetch(
            [
                ("company_id", "in", [False, company_id]),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
            ],
            RULE_FIELDS,
        )
        return tuple(
            (rule.id,)
            + tuple(
                tuple(rule[name].ids) if self._fields[name].relational else rule[name]
                for name in RULE_FIELDS
            )
            for rule in rules
        )

    def _retail_applies_to_customer(self, tier, group_path, basket):
        """Whether this rule is for a customer of ``tier`` in the customer
        group of ``group_path`` (its ``parent_path``), for a basket of
        ``basket``."""
        if self.tier_ids and tier not in self.tier_ids:
            return False
        if self.group_ids and not (
            group_path
            and any(group_path.startswith(g.parent_path) for g in self.group_ids)
        ):
            return False
        return not self.min_amount or basket >= self.min_amount

    def _retail_match(self, product):
        """``(level, depth)`` of this rule for ``product``, or ``None`` when
        it does not apply to it; ``depth`` ranks category rules (the deepest
        category containing the product wins)."""
        if self.product_ids and product in self.product_ids:
            return (LEVEL_PRODUCT, 0)
        if self.categ_ids:
            path = product.categ_id.parent_path or ""
            depths = [
                categ.parent_path.count("/")
                for categ in self.categ_ids
                if categ.parent_path and path.startswith(categ.parent_path)
            ]
            if depths:
                return (LEVEL_CATEGORY, max(depths))
        if self.tag_ids and self.tag_ids & product.all_product_tag_ids:
            return (LEVEL_TAG, 0)
        if not (self.product_ids or self.categ_ids or self.tag_ids):
            return (LEVEL_GENERAL, 0)
        return None

    @api.model
    def _retail_units(self, qty, amount, discount=0.0, price=None, list_price=None):
        """The units a line earns fixed points for: units sold at a price
        (none when the line's money does not go the way of its quantity: a
        free or negatively priced unit earns no fixed points), in proportion
        to the price paid of the product's list price: the line's discount
        and a unit ``price`` below the ``list_price`` lower them (half price,
        half the points), so that no price typed at the till turns a cent
        into fixed points."""
        if not qty or not amount or (qty > 0) != (amount > 0):
            return 0.0
        if callable(list_price):
            list_price = list_price()
        paid = 1 - min(max(discount or 0.0, 0.0), 100.0) / 100.0
        if price is not None and list_price and list_price > 0:
            paid = min(max(price, 0.0) * paid / list_price, 1.0)
        return qty * paid

    @api.model
    def _retail_line_points(self, rules, product, qty, amount, rate):
        """The points of one line and the share of each rule in them.

        :param rules: the rules that apply to the customer and basket
        :param float rate: points per currency unit for this customer
            (company rate x tier factor)
        :return: ``(points, {rule id or 0: points})``; ``0`` is the normal
            rate (no rule changed the line)
        """
        if product.retail_no_points:
            return 0.0, {}
        matched = []
        for rule in rules:
            match = rule._retail_match(product)
            if match is not None:
                matched.append((match, rule))
        exclusions = [(m, r) for m, r in matched if r.is_exclusion]
        if exclusions:
            winner = max(exclusions, key=lambda mr: (mr[0], -mr[1].sequence, -mr[1].id))
            return 0.0, {winner[1].id: 0.0}
        normal = amount * rate
        base = [(m, r) for m, r in matched if not r.stackable]
        shares = {}
        if base:
            _match, rule = max(base, key=lambda mr: (mr[0], -mr[1].sequence, -mr[1].id))
            points = rule._retail_rule_points(normal, qty, 0.0)
            shares[rule.id] = points
        else:
            points = normal
            shares[0] = points
        for _match, rule in sorted(
            ((m, r) for m, r in matched if r.stackable),
            key=lambda mr: (mr[1].sequence, mr[1].id),
        ):
            bonus = rule._retail_rule_points(normal, qty, points) - points
            points += bonus
            shares[rule.id] = shares.get(rule.id, 0.0) + bonus
        return points, shares

    def _retail_rule_points(self, normal, qty, points):
        """Points of a line after this rule: ``normal`` points of the line
        multiplied, or fixed points per unit; a stackable rule applies to the
        line's ``points`` so far (a multiplier multiplies them, fixed points
        are added)."""
        if self.mode == "per_unit":
            return points + self.points_per_unit * qty
        if self.stackable:
            return points * self.multiplier
        return normal * self.multiplier

    @api.model
    def _retail_compute_points(
        self,
        customer,
        company,
        lines,
        day=None,
        currency=None,
        ratio=1.0,
        take_back=False,
        tier=None,
    ):
        """The points ``lines`` earn ``customer`` in ``company`` on ``day``:
        the one computation of a line's points, for every document.

        :param customer: the commercial partner (tier and customer group)
        :param list lines: ``{"key", "product", "qty", "amount"}`` per line
            (and its ``discount`` in percent, ``price_unit`` and the
            product's ``list_price`` in the same currency, or a callable
            returning it, which lower fixed points per unit, see
            :meth:`_retail_units`),
            ``amount`` being the money the line earns on (with or without
            taxes, see ``res.company._retail_points_amount``), in ``currency``
            (default: the company's); a returned line has negative figures
        :param float ratio: share of the lines' money that was paid (a points
            discount or an unpaid remainder lowers every line's points)
        :param bool take_back: the points are taken back (a credit note
            naming no invoice): a whole-points company rounds the total up,
            as it rounds a negative total (goods returned), where a purchase's
            total is rounded down (``res.company._retail_round_points``)
        :param tier: the tier to earn at (a record, possibly empty: no tier);
            ``None``: the customer's tier now
        :return: ``{"points": the total (rounded to the company's points),
            "lines": {key: points},
            "rules": {rule id or 0: {"points", "amount"}}}``, ``0`` being the
            normal rate where no rule applied; the points of the lines are at
            their full price (``ratio`` not applied: what a refund of the line
            at its full price takes back), the total and the rules' points
            are what was earned (``ratio`` applied)
        """
        day = day or fields.Date.context_today(self)
        digits = company._retail_points_digits()
        conversion = 1.0
        if currency and currency != company.currency_id:
            conversion = currency._get_conversion_rate(
                currency, company.currency_id, company, day
            )
        if tier is None:
            tier = customer.reward_tier_id
        rate = company.retail_points_per_currency * self.env[
            "retail.tier"
        ]._retail_earn_factor(tier)
        group_path = customer.customer_group_id.parent_path or ""
        amounts = [(line, line["amount"] * conversion) for line in lines]
        basket = sum(
            amount for line, amount in amounts if not line["product"].retail_no_points
        )
        rules = self._retail_rules_for(company, day).filtered(
            lambda rule: rule._retail_applies_to_customer(tier, group_path, basket)
        )
        result = {"points": 0.0, "lines": {}, "rules": {}}
        total = 0.0
        # units count for fixed points per unit only: a line's list price
        # (a callable: reading it costs a product's price computation) is
        # asked for when such a rule applies to the line's product
        per_unit = rules.filtered(lambda rule: rule.mode == "per_unit")
        for line, amount in amounts:
            units = line["qty"]
            if any(rule._retail_match(line["product"]) for rule in per_unit):
                units = self._retail_units(
                    line["qty"],
                    line["amount"],
                    line.get("discount", 0.0),
                    line.get("price_unit"),
                    line.get("list_price"),
                )
            points, shares = self._retail_line_points(
                rules, line["product"], units, amount, rate
            )
            result["lines"][line["key"]] = points
            total += points * ratio
            for rule_id, share in shares.items():
                detail = result["rules"].setdefault(
                    rule_id, {"points": 0.0, "amount": 0.0}
                )
                detail["points"] += share * ratio
                detail["amount"] += line["amount"]
        # whole points: per purchase (the lines keep their exact points, a
        # refund of some of them shares them), down for what is earned
        result["points"] = company._retail_round_points(
            total, take_back=take_back or total < 0
        )
        details = list(result["rules"].values())
        for detail in details:
            detail["points"] = float_round(detail["points"], precision_digits=digits)
        if details:
            # the rules' points add up to the total: the rounding difference
            # goes to the rule that gave the most
            largest = max(details, key=lambda detail: abs(detail["points"]))
            largest["points"] = float_round(
                largest["points"]
                + result["points"]
                - sum(detail["points"] for detail in details),
                precision_digits=digits,
            )
        return result

    @api.model
    def _retail_detail_commands(self, result, sign=1.0):
        """``detail_ids`` commands of the ledger entry booking ``result``
        (:meth:`_retail_compute_points`): the points each rule gave, the
        rule's name kept as it was."""
        rules = self.browse([rule_id for rule_id in result["rules"] if rule_id])
        # sudo: the rules were read by _retail_rules_for (as configuration);
        # only their names, in the booker's language, are kept on the entry
        names = {rule.id: rule.name for rule in rules.sudo()}
        return [
            Command.create(
                {
                    "rule_id": rule_id or False,
                    "name": names.get(rule_id) or _("Normal rate"),
                    "points": sign * detail["points"],
                    "amount": sign * detail["amount"],
                }
            )
            for rule_id, detail in sorted(result["rules"].items())
        ]
