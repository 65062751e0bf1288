# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.crm_retail_customers.models.national_id import (
    NATIONAL_ID_CATEGORY,
    stored_forms,
)

#: Customer fields the till loads: card lookup and search, balance, tier,
#: group and the effective marketing bans (badge). Every one is stored, so
#: loading them costs no computation. The customer editor reads the fields it
#: edits (birthdate, own bans) when it opens, rather than every till loading
#: them for every customer.
RETAIL_POS_PARTNER_FIELDS = [
    "card_number",
    "ref",  # the customer number, also found by the till's search
    "reward_points",
    "reward_tier_id",
    "customer_group_id",
    "effective_no_letter_marketing",
    "effective_no_sms_marketing",
    "effective_no_email_marketing",
    "retail_member",
]

#: A number typed in the customer list's search with at least this many
#: digits is looked up as a card number first (as the name search does).
CARD_SEARCH_MIN_DIGITS = 8

#: Company settings the till needs to offer a redemption and estimate points.
RETAIL_POS_COMPANY_FIELDS = [
    "retail_point_value",
    "retail_points_per_currency",
    "retail_members_only",
    "retail_redeem_proof",
    "retail_points_on_untaxed",
    "retail_points_precision",
    "retail_points_redeem_mode",
]

#: Product fields the till's estimate of the earning rules reads: the
#: "never earns points" flag and the tags (the template's and the variant's:
#: ``all_product_tag_ids`` is their union, computed and not stored, so the
#: till unites them itself rather than every start-up computing it).
RETAIL_POS_PRODUCT_FIELDS = [
    "retail_no_points",
    "product_tag_ids",
    "additional_product_tag_ids",
]


class PosSession(models.Model):
    _inherit = "pos.session"

    def _loader_params_res_partner(self):
        params = super()._loader_params_res_partner()
        params["search_params"]["fields"] = list(
            dict.fromkeys(params["search_params"]["fields"] + RETAIL_POS_PARTNER_FIELDS)
        )
        return params

    def _get_pos_ui_res_partner(self, params):
        return self._retail_pos_commercial_balances(
            super()._get_pos_ui_res_partner(params)
        )

    def get_pos_ui_res_partner_by_params(self, custom_search_params):
        """Customers for the till: the ones it loads later (``_loadPartners``),
        a scanned card's holder and the customer list's "Search more" (Odoo's
        ``getNewPartners``, which sends its search as a domain on name,
        company name, phone and e-mail).

        The search also matches customer numbers (``ref``) at their start, in
        any case, and a search made of digits card numbers at their start. A
        number of ``CARD_SEARCH_MIN_DIGITS`` digits or more (a scanned or
        typed card number) is looked up in the card number index first and
        finds the holders alone when it matches cards: the standard fields
        are matched anywhere in their text (``ilike``), which reads the whole
        customer table. Measured with ``EXPLAIN (ANALYZE)`` at 200k customers
        with a card each: the card number added to the standard fields,
        1.2 to 1.6 s (the whole table read); a 13-digit card number alone,
        0.08 to 0.11 ms (index scan of ``res_partner_card_number_prefix_index``);
        8 digits that start 2,700 card numbers, 4.5 to 16 ms.

        For a cashier who is a Retail CRM user, a whole national ID finds
        its holder alone (:meth:`_retail_national_id_holders`: exact, one
        index lookup of ``res_partner_id_number_name_index``); the till gets
        the customer, never the number.
        """
        params = dict(custom_search_params)
        text = self._retail_searched_text(params.get("domain"))
        holders = self._retail_national_id_holders(text)
        if holders:
            # a whole national ID names its holder: the holder alone
            partners = super().get_pos_ui_res_partner_by_params(
                dict(params, domain=[("id", "in", holders.ids)])
            )
            if partners or params.get("offset"):
                return self._retail_pos_commercial_balances(partners)
        if text and text.isascii() and text.isdigit():
            card_domain = [("card_number", "=like", text + "%")]
            if len(text) >= CARD_SEARCH_MIN_DIGITS:
                partners = super().get_pos_ui_res_partner_by_params(
                    dict(params, domain=card_domain)
                )
                if partners or params.get("offset"):
                    return self._retail_pos_commercial_balances(partners)
            params["domain"] = expression.OR([params["domain"], card_domain])
        if text:
            # the customer number, at its start and in any case ("c0001"
            # finds C000123)
            params["domain"] = expression.OR(
                [params["domain"], [("ref", "=ilike", text + "%")]]
            )
        return self._retail_pos_commercial_balances(
            super().get_pos_ui_res_partner_by_params(params)
        )

    @api.model
    def _retail_national_id_holders(self, text):
        """Customers whose national ID is exactly ``text`` (in any form its
        country writes it: ``131052-308t`` finds ``131052-308T``), for a
        cashier who is a Retail CRM user; nobody for other cashiers, who may
        not read national IDs, and never by a prefix, so that typing digits
        cannot enumerate the numbers. The till gets the holders as it loads
        any customer, never the number (the loaded fields hold no national
        ID). The numbers are read as the cashier: the record rules keep
        other companies' customers out.

        :return: ``res.partner`` records, empty when nothing matches
        """
        Partner = self.env["res.partner"]
        user = self.env.user
        if not (
            text
            and any(char.isdigit() for char in text)
            and user.has_group("point_of_sale.group_pos_user")
            and user.has_group("crm_retail_customers.group_retail_user")
        ):
            return Partner
        numbers = self.env["res.partner.id_number"].search(
            [
                ("category_id.code", "=", NATIONAL_ID_CATEGORY),
                ("name", "in", sorted(stored_forms(text))),
            ]
        )
        return numbers.partner_id

    @api.model
    def _retail_searched_text(self, domain):
        """The text the cashier typed in the customer list's search, when
        ``domain`` is that search (Odoo's ``getNewPartners`` matches the text
        at the start of the customer name); else ``False``."""
        for leaf in domain or []:
            if (
                isinstance(leaf, (list, tuple))
                and len(leaf) == 3
                and tuple(leaf[:2]) == ("name", "ilike")
                and isinstance(leaf[2], str)
                and leaf[2].endswith("%")
            ):
                return leaf[2][:-1].strip() or False
        return False

    def _retail_pos_commercial_balances(self, partners):
        """Give contacts of a company the balance, tier, customer group (the
        earning rules of a group) and membership of the company.

        Points are booked on the commercial partner (a company's contacts share
        its balance), so a contact's own stored balance is always zero. One
        query for the whole batch, and only contacts are touched.
        """
        ids = [partner["id"] for partner in partners]
        if not ids:
            return partners
        Partner = self.env["res.partner"]
        Partner.flush_model(
            [
                "reward_points",
                "reward_tier_id",
                "retail_member",
                "commercial_partner_id",
                "customer_group_id",
            ]
        )
        self.env.cr.execute(
            """
            SELECT p.id, c.reward_points, c.reward_tier_id, c.retail_member,
                   c.customer_group_id
              FROM res_partner p
              JOIN res_partner c ON c.id = p.commercial_partner_id
             WHERE p.id IN %s AND c.id != p.id
            """,
            [tuple(ids)],
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        if not rows:
            return partners
        tiers = self.env["retail.tier"].browse(
            {row[1] for row in rows.values() if row[1]}
        )
        tier_names = {tier.id: tier.display_name for tier in tiers}
        # the earning rules of a customer group apply to the company's group
        groups = self.env["retail.customer.group"].browse(
            {row[3] for row in rows.values() if row[3]}
        )
        group_names = {group.id: group.display_name for group in groups}
        for partner in partners:
            if partner["id"] not in rows:
                continue
            balance, tier_id, member, group_id = rows[partner["id"]]
            partner["retail_member"] = bool(member)
            partner["reward_points"] = balance or 0.0
            partner["reward_tier_id"] = (
                [tier_id, tier_names[tier_id]] if tier_id else False
            )
            if "customer_group_id" in partner:
                partner["customer_group_id"] = (
                    [group_id, group_names[group_id]] if group_id else False
                )
        return partners

    def _loader_params_pos_payment_method(self):
        params = super()._loader_params_pos_payment_method()
        params["search_params"]["fields"].append("retail_points_payment")
        return params

    def _loader_params_res_company(self):
        params = super()._loader_params_res_company()
        params["search_params"]["fields"] += RETAIL_POS_COMPANY_FIELDS
        return params

    def _loader_params_product_product(self):
        params = super()._loader_params_product_product()
        params["search_params"]["fields"] = list(
            dict.fromkeys(params["search_params"]["fields"] + RETAIL_POS_PRODUCT_FIELDS)
        )
        return params

    def _loader_params_product_category(self):
        params = super()._loader_params_product_category()
        # category rules match the subcategories: by the path of the category
        params["search_params"]["fields"] = list(
            dict.fromkeys(params["search_params"]["fields"] + ["parent_path"])
        )
        return params

    def _retail_pos_earn_rules(self):
        """The earning rules the till's estimate applies: those of the
        session's company and the shared ones that are active and not ended
        (the till checks the dates of the day it sells on, as the server
        does), with their targets, tiers, and their categories and customer
        groups as ``parent_path`` (subcategories and subgroups match); and the
        ``parent_path`` of every customer group (the customer's group).

        Two queries, whatever the number of rules: start-up with 200 rules
        may take at most 5 % longer than without (test_pos_load_performance;
        reading them with ``search_read`` took 14 ms for 200 rules, one query
        per relation)."""
        today = fields.Date.context_today(self)
        lang = self.env.lang or "en_US"
        Rule = self.env["retail.earn.rule"]
        Rule.flush_model()
        self.env["product.category"].flush_model(["parent_path"])
        Group = self.env["retail.customer.group"]
        Group.flush_model(["parent_path"])
        # SQL, like sudo, reads past record rules: the rules and groups are
        # the programme's configuration, which every sale applies whoever
        # sells (retail.earn.rule._retail_rules_for reads them with sudo);
        # only the session company's rules and the shared ones are read
        self.env.cr.execute(
            SQL(
                """
                WITH products AS MATERIALIZED (
                    SELECT rule_id, array_agg(product_id) AS ids
                      FROM retail_earn_rule_product_rel GROUP BY rule_id
                ), categs AS MATERIALIZED (
                    SELECT x.rule_id, array_agg(c.parent_path) AS paths
                      FROM retail_earn_rule_categ_rel x
                      JOIN product_category c ON c.id = x.categ_id
                     GROUP BY x.rule_id
                ), tags AS MATERIALIZED (
                    SELECT rule_id, array_agg(tag_id) AS ids
                      FROM retail_earn_rule_tag_rel GROUP BY rule_id
                ), tiers AS MATERIALIZED (
                    SELECT rule_id, array_agg(tier_id) AS ids
                      FROM retail_earn_rule_tier_rel GROUP BY rule_id
                ), groups AS MATERIALIZED (
                    SELECT x.rule_id, array_agg(g.parent_path) AS paths
                      FROM retail_earn_rule_group_rel x
                      JOIN retail_customer_group g ON g.id = x.group_id
                     GROUP BY x.rule_id
                )
                SELECT r.id,
                       COALESCE(r.name->>%(lang)s, r.name->>'en_US') AS name,
                       r.sequence, r.date_from, r.date_to, r.mode,
                       r.multiplier::float8 AS multiplier,
                       r.points_per_unit::float8 AS points_per_unit,
                       r.min_amount::float8 AS min_amount,
                       r.stackable, r.is_exclusion,
                       COALESCE(p.ids, '{}') AS product_ids,
                       COALESCE(c.paths, '{}') AS categ_paths,
                       COALESCE(t.ids, '{}') AS tag_ids,
                       COALESCE(ti.ids, '{}') AS tier_ids,
                       COALESCE(g.paths, '{}') AS group_paths
                  FROM retail_earn_rule r
                  LEFT JOIN products p ON p.rule_id = r.id
                  LEFT JOIN categs c ON c.rule_id = r.id
                  LEFT JOIN tags t ON t.rule_id = r.id
                  LEFT JOIN tiers ti ON ti.rule_id = r.id
                  LEFT JOIN groups g ON g.rule_id = r.id
                 WHERE r.active
                   AND (r.company_id IS NULL OR r.company_id = %(company)s)
                   AND (r.date_to IS NULL OR r.date_to >= %(today)s)
                 ORDER BY r.sequence, r.id
                """,
                lang=lang,
                company=self.company_id.id,
                today=today,
            )
        )
        rules = self.env.cr.dictfetchall()
        for rule in rules:
            for name in ("date_from", "date_to"):
                rule[name] = fields.Date.to_string(rule[name]) if rule[name] else False
            for name in ("categ_paths", "group_paths"):
                rule[name] = [path for path in rule[name] if path]
        self.env.cr.execute(SQL("SELECT id, parent_path FROM retail_customer_group"))
        group_paths = dict(self.env.cr.fetchall())
        return {"rules": rules, "group_paths": group_paths}

    def _pos_data_process(self, loaded_data):
        res = super()._pos_data_process(loaded_data)
        product = self.config_id._get_retail_redemption_product()
        loaded_data["retail_redemption_product_id"] = product.id or False
        # the retail fields of the customers, once: the till copies them when
        # the server sends a customer again (balances change without the
        # customer's write date moving)
        loaded_data["retail_partner_fields"] = RETAIL_POS_PARTNER_FIELDS
        # earn factors of the tiers, for the till's estimate of the points an
        # order earns; a customer not known yet is in the tier open to all
        Tier = self.env["retail.tier"]
        tiers = Tier.search([("company_id", "in", [self.company_id.id, False])])
        loaded_data["retail_tier_factors"] = {t.id: t.earn_factor for t in tiers}
        base_tier = Tier._tier_for_points(0.0, self.company_id)
        loaded_data["retail_base_earn_factor"] = (
            base_tier.earn_factor if base_tier else 1.0
        )
        # the earning rules, for the till's estimate of each line's points
        earn = self._retail_pos_earn_rules()
        loaded_data["retail_earn_rules"] = earn["rules"]
        loaded_data["retail_group_paths"] = earn["group_paths"]
        return res
