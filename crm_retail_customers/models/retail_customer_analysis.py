# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models
from odoo.tools import SQL

#: Each row is numbered ``customer id * MONTHS + month number`` (months
#: since year 0): a row keeps its id from one read to the next.
MONTHS = 100000
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
    """Customer analysis: one row per customer and month, read-only (a
    query, like ``sale.report``), for the pivot and graph views.

    A customer has a row for each month with a sale or a ledger entry, and
    one for the month it became a customer (``customer_since``, or the month
    its record was created when it has none), so that every customer is
    counted once. The dimensions are the customer's as they are now (group,
    type, tier, address...); the measures are those of the month, in the
    companies the user works in (the query itself keeps to them: a Retail
    user may not read orders or invoices, only sums come out).

    Sales are the documents of :meth:`retail.customer.report.
    _get_sales_lines_query` (each bridge adds its own): a POS order or a sale
    order that was invoiced counts once, as the order; the ledger's own sales
    (points earned without a document of a source) count too. The counting
    measures (customers, new, active) hold the customer's id and are
    aggregated with ``count_distinct``: a customer active in two months is
    one customer in the year's total.
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
        help="The customer's company (empty for customers shared by all companies).",
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
    age_band = fields.Selection(
        [(key, label) for key, label, _age in AGE_BANDS],
        readonly=True,
        help="The customer's age in the month of the row.",
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

    @property
    def _table_query(self):
        return self._get_analysis_query()

    def _get_analysis_query(self):
        """The rows in ONE query: the ledger, the sales and the customers'
        first months grouped by customer and month, with the customers'
        dimensions joined."""
        Report = self.env["retail.customer.report"]
        sources = Report._get_sales_sources()
        models_counted = tuple(source["model"] for source in sources) or ("",)
        companies = tuple(self.env.companies.ids)

        def month(column):
            return SQL("date_trunc('month', %s)::date", column)

        ledger_sale = SQL(
            "e.kind = 'earn' AND (e.res_model IS NULL OR e.res_model NOT IN %s)",
            models_counted,
        )
        self.env["retail.point.entry"].flush_model()
        self.env["res.partner"].flush_model()
        self.env["retail.customer.group"].flush_model(["parent_path"])
        ages = SQL(" ").join(
            SQL("WHEN a.age >= %s THEN %s", age, key)
            for key, _label, age in reversed(AGE_BANDS)
        )
        return SQL(
            """(
            WITH activity AS (
                SELECT e.partner_id, %(month_e)s AS month,
                       COALESCE(SUM(e.amount) FILTER (WHERE %(ledger_sale)s), 0)
                           AS sales_amount,
                       COUNT(*) FILTER (WHERE %(ledger_sale)s) AS order_count,
                       COALESCE(SUM(e.points) FILTER (WHERE e.kind IN %(earn)s), 0)
                           AS points_earned,
                       COALESCE(-SUM(e.points) FILTER (WHERE e.kind = 'redeem'), 0)
                           AS points_redeemed,
                       COALESCE(-SUM(e.points) FILTER (WHERE e.kind = 'expire'), 0)
                           AS points_expired,
                       FALSE AS is_new
                  FROM retail_point_entry e
                 WHERE e.company_id IN %(companies)s AND e.kind != 'merge'
              GROUP BY 1, 2
             UNION ALL
                SELECT s.customer, %(month_s)s, SUM(s.amount), COUNT(*), 0, 0, 0,
                       FALSE
                  FROM (%(sales)s)
                    AS s(customer, moment, number, amount, model, document, source)
              GROUP BY 1, 2
             UNION ALL
                SELECT p.id, %(month_p)s, 0, 0, 0, 0, 0, TRUE
                  FROM res_partner p
            ), rows AS (
                SELECT a.partner_id, a.month,
                       SUM(a.sales_amount) AS sales_amount,
                       SUM(a.order_count) AS order_count,
                       SUM(a.points_earned) AS points_earned,
                       SUM(a.points_redeemed) AS points_redeemed,
                       SUM(a.points_expired) AS points_expired,
                       bool_or(a.is_new) AS is_new
                  FROM activity a
              GROUP BY a.partner_id, a.month
            )
            SELECT r.partner_id::bigint * %(months)s
                       + extract(year FROM r.month)::int * 12
                       + extract(month FROM r.month)::int AS id,
                   r.month AS date, p.id AS partner_id, p.company_id,
                   p.customer_group_id,
                   split_part(g.parent_path, '/', 1)::int AS customer_group_root_id,
                   p.customer_type_id, p.reward_tier_id,
                   COALESCE(p.retail_member, FALSE) AS retail_member,
                   p.country_id, p.state_id, p.city, p.industry_id,
                   p.acquisition_source_id,
                   CASE %(ages)s END AS age_band,
                   extract(year FROM COALESCE(p.customer_since, p.create_date))::text
                       AS customer_since_year,
                   p.id AS customer_count,
                   CASE WHEN r.is_new THEN p.id END AS new_customer_count,
                   CASE WHEN r.order_count > 0 OR r.points_earned > 0 THEN p.id END
                       AS active_customer_count,
                   %(currency)s AS currency_id,
                   r.sales_amount, r.order_count::int AS order_count, r.points_earned,
                   r.points_redeemed, r.points_expired
              FROM rows r
              JOIN res_partner p ON p.id = r.partner_id
         LEFT JOIN retail_customer_group g ON g.id = p.customer_group_id
         LEFT JOIN LATERAL (
                SELECT date_part('year', age(r.month, p.birthdate)) AS age
              ) a ON TRUE
             WHERE %(customers)s
            )""",
            month_e=month(SQL("e.date")),
            month_s=month(SQL("s.moment")),
            month_p=month(SQL("COALESCE(p.customer_since, p.create_date::date)")),
            ledger_sale=ledger_sale,
            earn=EARN_KINDS,
            companies=companies,
            sales=Report._get_sales_lines_query(ledger=False),
            months=MONTHS,
            ages=ages,
            currency=self.env.company.currency_id.id,
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
        partners = self.partner_id
        return self.env["res.partner"]._retail_contacts_action(
            _("Customers"), [("id", "in", partners.ids)], {}
        )
