# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

#: Each row is numbered ``(customer id * MONTHS + month number) * (highest
#: company id + 1) + company id`` (months since year 0): a row keeps its id
#: from one read to the next.
MONTHS = 100000
#: The materialized view of the figures (``_refresh_analysis``).
FIGURES_VIEW = "retail_customer_analysis_figures"
#: Added to the month number in the id of a row of opening figures (the
#: purchases imported from the previous system), which may share its month
#: and company with a row of documents.
OPENING_MONTHS = MONTHS // 2
#: Age bands: ``(key, label, lowest age)``, youngest first; the label is
#: translated through the selection of ``age_band``.
AGE_BANDS = [
    ("under_25", "Under 25", 0),
    ("25_34", "25-34", 25),
    ("35_44", "35-44", 35),
    ("45_54", "45-54", 45),
    ("55_64", "55-64", 55),
    ("65_plus", "65 and over", 65),
]
#: Ledger kinds of the points a customer earned (taken back by ``reverse``
#: entries, which are no earning of their own).
EARN_KINDS = ("earn", "bonus")


class RetailCustomerAnalysis(models.Model):
    """Customer analysis: one row per customer, company and month,
    read-only (a query, like ``sale.report``), for the pivot and graph
    views.

    A customer has a row for each month with a sale or a ledger entry in a
    company, and, when that month has none, one for the month it became a
    customer (``customer_since``, or the month its record was created when
    it has none; the customer's company, empty for a shared customer), so
    that every customer is counted. The dimensions are the customer's as
    they are now (group, type, tier, address...); the measures are those
    of the month in the row's company. A user reads the rows of the
    companies they work in (record rule): a Retail user may not read orders
    or invoices, only sums come out.

    The measures are materialized (:meth:`_refresh_analysis`, every hour by
    a scheduled action); the dimensions are read live.

    Sales are the documents of :meth:`retail.customer.report.
    _get_sales_lines_query` (each bridge adds its own): a POS order or a sale
    order that was invoiced counts once, as the order; the ledger's own sales
    (points earned without a document of a source) count too. The counting
    measures (customers, new, active) hold the customer's id and are
    aggregated with ``count_distinct``: a customer active in two months is
    one customer in the year's total.

    The purchases a customer made in the previous system (the opening
    figures imported with them: ``retail_opening_sales_count``,
    ``_amount`` and ``_last_sale_date``) count as sales in a row of their
    own, in the month of the last of them (else the month the customer
    became one), marked *Previous System* (``retail_opening``): never
    summed into a row of documents, and left out with one filter.
    """

    _name = "retail.customer.analysis"
    _description = "Customer Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "date desc, partner_id"

    date = fields.Date(
        "Month",
        readonly=True,
        help="First day of the month of the row (Odoo's period filters and "
        "comparison read it).",
    )
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        help="The company that sold; for the month a customer became one, the "
        "customer's company (empty for customers shared by all companies).",
    )
    customer_group_id = fields.Many2one("retail.customer.group", readonly=True)
    customer_group_root_id = fields.Many2one(
        "retail.customer.group",
        "Main Customer Group",
        readonly=True,
        help="The top of the customer group's tree.",
    )
    customer_type_id = fields.Many2one("retail.customer.type", readonly=True)
    reward_tier_id = fields.Many2one("retail.tier", readonly=True)
    retail_member = fields.Boolean("Loyalty Member", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", readonly=True)
    city = fields.Char(readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    acquisition_source_id = fields.Many2one("utm.source", readonly=True)
    acquisition_campaign_id = fields.Many2one("utm.campaign", readonly=True)
    acquisition_medium_id = fields.Many2one("utm.medium", readonly=True)
    age_band = fields.Selection(
        [(key, label) for key, label, _age in AGE_BANDS],
        readonly=True,
        help="The customer's age in the month of the row.",
    )
    retail_opening = fields.Boolean(
        "Previous System",
        readonly=True,
        help="Purchases imported from the previous system (the customer's "
        "opening figures), not documents of this register.",
    )
    customer_since_year = fields.Char(
        "Customer Since (Year)",
        readonly=True,
        help="Year of the customer's first purchase (or of the record's "
        "creation when it has none).",
    )
    # measures
    customer_count = fields.Integer(
        "Customers",
        readonly=True,
        group_operator="count_distinct",
        help="Customers with a row in the period: each counts once.",
    )
    new_customer_count = fields.Integer(
        "New Customers",
        readonly=True,
        group_operator="count_distinct",
        help="Customers who became customers in the period.",
    )
    active_customer_count = fields.Integer(
        "Active Customers",
        readonly=True,
        group_operator="count_distinct",
        help="Customers with a sale or earned points in the period.",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    sales_amount = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="What the customers spent, in the company's currency: an "
        "invoiced order counts once.",
    )
    order_count = fields.Integer(
        "Orders",
        readonly=True,
        help="Sales: POS orders, sale orders, invoices without an order and "
        "the ledger's own sales.",
    )
    points_earned = fields.Float(
        digits="Reward Points", readonly=True, help="Points earned and bonuses."
    )
    points_redeemed = fields.Float(digits="Reward Points", readonly=True)
    points_expired = fields.Float(digits="Reward Points", readonly=True)

    def init(self):
        # the figures exist as soon as the module (or a bridge adding a
        # source of sales, which inherits this model) is installed
        self._refresh_analysis()

    @property
    def _table_query(self):
        """The figures (:meth:`_refresh_analysis`) with the customers'
        dimensions as they are now."""
        age = SQL("date_part('year', age(f.date, p.birthdate))")
        ages = SQL(" ").join(
            SQL("WHEN %s >= %s THEN %s", age, band_age, key)
            for key, _label, band_age in reversed(AGE_BANDS)
        )
        # LEFT JOINs on unique keys only: PostgreSQL leaves out those whose
        # columns a read does not use (the totals and the months read the
        # figures alone)
        return SQL(
            """(
            SELECT f.id, f.date, f.partner_id, f.company_id,
                   p.customer_group_id,
                   split_part(g.parent_path, '/', 1)::int AS customer_group_root_id,
                   p.customer_type_id, p.reward_tier_id,
                   COALESCE(p.retail_member, FALSE) AS retail_member,
                   p.country_id, p.state_id, p.city, p.industry_id,
                   p.acquisition_source_id, p.acquisition_campaign_id,
                   p.acquisition_medium_id,
                   CASE %s END AS age_band,
                   extract(year FROM COALESCE(p.customer_since, p.create_date))::text
                       AS customer_since_year,
                   f.is_opening AS retail_opening,
                   f.partner_id AS customer_count,
                   CASE WHEN f.is_new THEN f.partner_id END AS new_customer_count,
                   CASE WHEN f.order_count > 0 OR f.points_earned > 0
                        THEN f.partner_id END AS active_customer_count,
                   COALESCE(c.currency_id, %s) AS currency_id,
                   f.sales_amount, f.order_count, f.points_earned,
                   f.points_redeemed, f.points_expired
              FROM %s f
         LEFT JOIN res_partner p ON p.id = f.partner_id
         LEFT JOIN res_company c ON c.id = f.company_id
         LEFT JOIN retail_customer_group g ON g.id = p.customer_group_id
            )""",
            ages,
            self.env.company.currency_id.id,
            SQL.identifier(FIGURES_VIEW),
        )

    @api.model
    def _refresh_analysis(self):
        """Compute the figures again: a materialized view, built aside and
        swapped in, so that readers wait only for the swap.

        The figures are materialized because the pivot reads them several
        times a view (each row and column grouping, twice with a
        comparison): computed from the ledger and the documents at each
        read, one ``read_group`` took 3.5 s with 1M ledger entries
        (setup/bench_analysis.py). The definition is built again each time,
        so that it follows the companies and the sources of sales (a bridge
        installed since) of the day.
        """
        cr = self.env.cr
        final, new = FIGURES_VIEW, f"{FIGURES_VIEW}_new"
        # index name suffix: (kind, column)
        indexes = {
            "id_index": (SQL("UNIQUE INDEX"), "id"),
            "date_index": (SQL("INDEX"), "date"),
        }
        cr.execute(SQL("DROP MATERIALIZED VIEW IF EXISTS %s", SQL.identifier(new)))
        cr.execute(
            SQL(
                "CREATE MATERIALIZED VIEW %s AS %s",
                SQL.identifier(new),
                self._get_figures_query(),
            )
        )
        for suffix, (kind, column) in indexes.items():
            cr.execute(
                SQL(
                    "CREATE %s %s ON %s (%s)",
                    kind,
                    SQL.identifier(f"{new}_{suffix}"),
                    SQL.identifier(new),
                    SQL.identifier(column),
                )
            )
        cr.execute(SQL("ANALYZE %s", SQL.identifier(new)))
        # the swap: readers wait from here to the commit only
        cr.execute(SQL("DROP MATERIALIZED VIEW IF EXISTS %s", SQL.identifier(final)))
        cr.execute(
            SQL(
                "ALTER MATERIALIZED VIEW %s RENAME TO %s",
                SQL.identifier(new),
                SQL.identifier(final),
            )
        )
        for suffix in indexes:
            cr.execute(
                SQL(
                    "ALTER INDEX %s RENAME TO %s",
                    SQL.identifier(f"{new}_{suffix}"),
                    SQL.identifier(f"{final}_{suffix}"),
                )
            )

    @api.model
    def _cron_refresh_analysis(self):
        self._refresh_analysis()

    @api.model
    def action_refresh_analysis(self):
        """Compute the figures now (the menu of Retail CRM managers), instead
        of waiting for the hourly job: it reads the whole ledger, so it is not
        for every user to start at will."""
        if not self.env.user.has_group("crm_retail_customers.group_retail_manager"):
            raise AccessError(
                _("Only Retail CRM managers can refresh the customer analysis.")
            )
        self._refresh_analysis()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_retail_customers.retail_customer_analysis_action"
        )
        return action

    @api.model
    def _get_figures_query(self):
        """The figures in ONE query: the ledger, the sales and the customers'
        first months grouped by customer, company and month, for every
        company (a user reads the rows of the companies they work in: record
        rule on ``company_id``)."""
        self.env.cr.execute("SELECT id FROM res_company ORDER BY id")
        company_ids = [row[0] for row in self.env.cr.fetchall()]
        # sudo: the figures of every company are computed (only sums come
        # out); each user reads those of their companies (record rule)
        everything = self.sudo().with_context(allowed_company_ids=company_ids)
        Report = everything.env["retail.customer.report"]
        sources = Report._get_sales_sources()
        models_counted = tuple(source["model"] for source in sources) or ("",)
        ledger_sale = SQL(
            "e.kind = 'earn' AND (e.res_model IS NULL OR e.res_model NOT IN %s)",
            models_counted,
        )
        self.env.flush_all()

        def month(column):
            return SQL("date_trunc('month', %s)::date", column)

        return SQL(
            """
            WITH activity AS (
                SELECT e.partner_id, e.company_id, %(month_e)s AS month,
                       COALESCE(SUM(e.amount) FILTER (WHERE %(ledger_sale)s), 0)
                           AS sales_amount,
                       COUNT(*) FILTER (WHERE %(ledger_sale)s) AS order_count,
                       COALESCE(SUM(e.points) FILTER (WHERE e.kind IN %(earn)s), 0)
                           AS points_earned,
                       COALESCE(-SUM(e.points) FILTER (WHERE e.kind = 'redeem'), 0)
                           AS points_redeemed,
                       COALESCE(-SUM(e.points)
                                FILTER (WHERE e.kind IN ('expire', 'erase')), 0)
                           AS points_expired,
                       FALSE AS is_first, FALSE AS is_opening
                  FROM retail_point_entry e
                 WHERE e.kind != 'merge'
                   -- a merge's mark of a bonus earned before (0 points)
                   AND NOT (e.kind = 'bonus'
                            AND e.res_model IS NOT DISTINCT FROM 'retail.point.entry')
              GROUP BY 1, 2, 3
             %(sales)s
             UNION ALL
                SELECT p.id, p.company_id, %(month_p)s, 0, 0, 0, 0, 0, TRUE, FALSE
                  FROM res_partner p
             UNION ALL
                SELECT p.id, p.company_id,
                       %(month_opening)s,
                       COALESCE(p.retail_opening_sales_amount, 0),
                       COALESCE(p.retail_opening_sales_count, 0),
                       0, 0, 0, FALSE, TRUE
                  FROM res_partner p
                 WHERE p.retail_opening_sales_count > 0
                    OR p.retail_opening_sales_amount != 0
            )
            SELECT (r.partner_id::bigint * %(months)s
                       + extract(year FROM r.month)::int * 12
                       + extract(month FROM r.month)::int
                       + CASE WHEN r.is_opening THEN %(opening_months)s ELSE 0 END)
                       * %(companies)s
                       + COALESCE(r.company_id, 0) AS id,
                   r.month AS date, r.partner_id, r.company_id, r.sales_amount,
                   r.order_count, r.points_earned, r.points_redeemed,
                   r.points_expired, r.is_new, r.is_opening
              FROM (
                SELECT p.id AS partner_id, a.company_id, a.month, a.is_opening,
                       SUM(a.sales_amount) AS sales_amount,
                       SUM(a.order_count)::int AS order_count,
                       SUM(a.points_earned) AS points_earned,
                       SUM(a.points_redeemed) AS points_redeemed,
                       SUM(a.points_expired) AS points_expired,
                       a.month = %(month_p)s AS is_new,
                       bool_and(a.is_first) AS first_only,
                       COUNT(*) OVER (PARTITION BY p.id, a.month) AS month_rows
                  FROM activity a
                  JOIN res_partner p ON p.id = a.partner_id
                 WHERE %(customers)s
              GROUP BY p.id, a.company_id, a.month, a.is_opening
              ) r
             -- the row of the customer's first month goes when the month
             -- has rows of activity (they say "new" themselves)
             WHERE NOT (r.first_only AND r.month_rows > 1)
            """,
            month_e=month(SQL("e.date")),
            month_p=month(SQL("COALESCE(p.customer_since, p.create_date::date)")),
            month_opening=month(
                SQL(
                    "COALESCE(p.retail_opening_last_sale_date, p.customer_since, "
                    "p.create_date::date)"
                )
            ),
            opening_months=OPENING_MONTHS,
            ledger_sale=ledger_sale,
            earn=EARN_KINDS,
            sales=SQL(
                """UNION ALL
                SELECT s.customer, s.company, %s, SUM(s.amount), COUNT(*),
                       0, 0, 0, FALSE, FALSE
                  FROM (%s)
                    AS s(customer, moment, number, amount, model, document, source,
                         company)
              GROUP BY 1, 2, 3""",
                month(SQL("s.moment")),
                Report._get_sales_lines_query(ledger=False, company=True),
            )
            if sources
            else SQL(),
            months=MONTHS,
            companies=max(company_ids) + 1,
            customers=self._customers_condition(SQL("p")),
        )

    def _customers_condition(self, partner):
        """SQL: ``partner`` (an alias of ``res_partner``) is a customer, as in
        the customer reports (``retail.customer.report._customer_domain``):
        an active commercial entity, neither a company's own partner nor an
        employee's."""
        return SQL(
            """%(p)s.active AND (%(p)s.is_company OR %(p)s.parent_id IS NULL)
               AND %(p)s.id NOT IN (SELECT partner_id FROM res_company)
               AND NOT EXISTS (SELECT 1 FROM res_users u
                                WHERE u.partner_id = %(p)s.id AND NOT u.share)""",
            p=partner,
        )

    def action_open_customers(self):
        """The customers behind the selected rows (a cell of the pivot opens
        its rows; from there, the customer records)."""
        action = self.env["res.partner"]._retail_contacts_action(
            _("Customers"), [("id", "in", self.partner_id.ids)], {}
        )
        # the breadcrumb shows the display name
        action["display_name"] = action["name"]
        return action
