# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.dates import format_date_lang
from .retail_access import MANAGER_GROUP, check_retail_manager
from .retail_derived_state_mixin import _SERVER_WRITE

_logger = logging.getLogger(__name__)

#: Days between the warning (the customer is put on the list) and the erasure.
RETENTION_WARNING_DAYS = 30
#: Customers erased by one run of the job; when more are due, the job
#: triggers itself again (each run commits on its own).
RETENTION_BATCH = 100
#: Ledger kinds that are no activity of the customer: the application books
#: them on its own (expiry, erasure).
PASSIVE_KINDS = ("expire", "erase")


class RetailRetentionCandidate(models.Model):
    """A customer inactive for the company's retention period
    (``res.company.retail_retention_years``), on the list before being
    erased.

    The daily job (:meth:`_cron_retail_retention`) lists the inactive
    customers (``warned``), takes off the list those who became active again,
    and erases (``res.partner._retail_forget``) those whose erasure date has
    come, unless a Retail CRM manager excluded them. A customer that cannot
    be erased (open documents...) is marked ``failed`` with the reason.
    Every field is decided by the server (``retail.derived.state.mixin``),
    but the reason of an exclusion, which a manager types.

    A company's job erases only what a manager working in that company
    alone could erase by hand (``res.partner.action_retail_forget``): a
    shared customer with points, cards, documents or contacts in another
    company is that company's too (its liability, its retention rules), so
    it is not listed, and refused (``failed``) if it was listed before;
    unless that company's own retention period has passed for the customer
    too (it would erase them itself): then the job erases them across those
    companies, else a customer of two companies with retention would never
    be erased by either.
    """

    _name = "retail.retention.candidate"
    _inherit = ["retail.derived.state.mixin"]
    _description = "Customer Due for Erasure"
    _order = "erase_date, id"
    _rec_name = "partner_id"
    _retail_derived_fields = (
        "partner_id",
        "company_id",
        "last_activity_date",
        "warning_date",
        "erase_date",
        "state",
        "excluded_by",
        "error",
    )

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The customer (a company counts with its contacts).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    last_activity_date = fields.Date(
        "Last Activity",
        readonly=True,
        help="The latest purchase, reward points movement or portal login of "
        "the customer or its contacts; the customer-since date (or the "
        "creation of the record) when there is none.",
    )
    warning_date = fields.Date(
        "Listed on", readonly=True, help="When the customer was put on the list."
    )
    erase_date = fields.Date(
        "Erasure Date",
        compute="_compute_erase_date",
        store=True,
        help="The day the daily job erases the customer, unless excluded or "
        "active again.",
    )
    state = fields.Selection(
        string="Status",
        selection=[
            ("warned", "To be erased"),
            ("excluded", "Excluded"),
            ("erased", "Erased"),
            ("failed", "Failed"),
        ],
        default="warned",
        required=True,
        readonly=True,
        index=True,
    )
    excluded_by = fields.Many2one("res.users", "Excluded by", readonly=True)
    exclusion_reason = fields.Text(
        help="Why the customer is kept (required to exclude it)."
    )
    error = fields.Text(readonly=True, help="Why the customer could not be erased.")

    _sql_constraints = [
        (
            "partner_uniq",
            "UNIQUE(partner_id)",
            "A customer is listed once.",
        ),
    ]

    @api.depends("warning_date")
    def _compute_erase_date(self):
        for row in self:
            row.erase_date = row.warning_date and row.warning_date + timedelta(
                days=RETENTION_WARNING_DAYS
            )

    # -- manager actions ----------------------------------------------------
    def _retail_check_manager(self):
        check_retail_manager(
            self.env,
            _("Only Retail CRM managers may change the retention list."),
        )
        self.check_access_rights("write")
        self.check_access_rule("write")

    def action_retail_exclude(self):
        """Keep these customers: never erased by the retention job (a
        reason is required)."""
        self._retail_check_manager()
        for row in self:
            if row.state not in ("warned", "failed"):
                raise UserError(
                    _(
                        "%(customer)s is not waiting for its erasure.",
                        customer=row.partner_id.display_name,
                    )
                )
            if not (row.exclusion_reason or "").strip():
                raise UserError(
                    _(
                        "Say why %(customer)s is kept (the exclusion reason).",
                        customer=row.partner_id.display_name,
                    )
                )
        self._retail_write_derived(
            {"state": "excluded", "excluded_by": self.env.uid, "error": False}
        )
        return True

    def action_retail_include(self):
        """Put excluded (or failed) customers back on the list: warned
        again today, erased after the warning period."""
        self._retail_check_manager()
        if self.filtered(lambda row: row.state not in ("excluded", "failed")):
            raise UserError(
                _("Only excluded or failed customers can be put back on the list.")
            )
        self._retail_write_derived(
            {
                "state": "warned",
                "excluded_by": False,
                "error": False,
                "warning_date": fields.Date.context_today(self),
            }
        )
        return True

    # -- the daily job ----------------------------------------------------------
    @api.model
    def _retail_inactive_query(self, company, today, partners=None):
        """ONE query of the customers of ``company`` (its own and the shared
        ones) inactive on ``today`` (a date) for the company's retention
        period: rows ``(partner id, last activity date)``. A customer is a
        commercial partner, its contacts' activity counting as its own;
        activity in any company counts. ``partners``: an ``SQL`` following
        ``IN`` (the listed customers) instead of those not listed yet. Left
        out: erased customers, those of internal users, companies' own
        partners, and those another company holds too, unless that company's
        own retention period has passed for them as well (see
        :meth:`_retail_other_companies_sql`): this company's job may not
        erase them."""
        cutoff = today - relativedelta(years=company.retail_retention_years)
        Report = (
            # sudo: the job reads every company's sales (only dates come out)
            self.env["retail.customer.report"]
            .sudo()  # sudo: see above; the job runs for every company
            .with_context(
                # sudo: the ids of all companies, archived ones included
                allowed_company_ids=self.env["res.company"]
                .sudo()
                .with_context(active_test=False)
                # archived companies' sales are activity too
                .search([("active", "in", (True, False))])
                .ids
            )
        )
        sales = Report._get_sales_lines_query()
        self.env["retail.point.entry"].flush_model()
        self.env["res.partner"].flush_model()
        self.env["res.users"].flush_model(["partner_id", "share"])
        self.flush_model()
        if partners is None:
            scope = SQL(
                "NOT EXISTS (SELECT 1 FROM retail_retention_candidate r"
                " WHERE r.partner_id = c.id)"
            )
        else:
            scope = SQL("c.id IN %s", partners)
        return SQL(
            """
            SELECT c.id, a.last_date
              FROM res_partner c
         LEFT JOIN (SELECT s.customer, MAX(s.moment)::date AS last_date
                      FROM (%(sales)s)
                        AS s(customer, moment, number, amount, model, document, source)
                  GROUP BY s.customer) s ON s.customer = c.id
         LEFT JOIN (SELECT p.commercial_partner_id AS customer,
                           MAX(e.date)::date AS last_date
                      FROM retail_point_entry e
                      JOIN res_partner p ON p.id = e.partner_id
                     WHERE e.kind NOT IN %(passive)s
                  GROUP BY p.commercial_partner_id) e ON e.customer = c.id
         LEFT JOIN (SELECT p.commercial_partner_id AS customer,
                           MAX(l.create_date)::date AS last_date
                      FROM res_users_log l
                      JOIN res_users u ON u.id = l.create_uid
                      JOIN res_partner p ON p.id = u.partner_id
                  GROUP BY p.commercial_partner_id) l ON l.customer = c.id
             CROSS JOIN LATERAL (
                   SELECT COALESCE(
                              GREATEST(s.last_date, e.last_date, l.last_date,
                                       c.retail_opening_last_sale_date),
                              c.customer_since, c.create_date::date
                          ) AS last_date) a
             WHERE c.id = c.commercial_partner_id
               AND c.retail_forgotten IS NOT TRUE
               AND (c.company_id = %(company)s OR c.company_id IS NULL)
               AND %(scope)s
               AND a.last_date < %(cutoff)s
               AND NOT EXISTS (
                   SELECT 1 FROM res_users u
                     JOIN res_partner p ON p.id = u.partner_id
                    WHERE p.commercial_partner_id = c.id AND NOT u.share)
               AND NOT EXISTS (
                   SELECT 1 FROM res_company rc
                     JOIN res_partner p ON p.id = rc.partner_id
                    WHERE p.commercial_partner_id = c.id)
               AND NOT (%(others)s)
          ORDER BY c.id
            """,
            sales=sales,
            passive=PASSIVE_KINDS,
            company=company.id,
            scope=scope,
            cutoff=cutoff,
            others=self._retail_other_companies_sql(company, today),
        )

    @api.model
    def _retail_cutoff_sql(self, today):
        """``SQL`` date before which a customer's last activity passed the
        retention period of the company ``k`` on ``today``: ``today`` less
        ``k``'s years, as :meth:`_retail_find_inactive` computes its
        company's cutoff (``relativedelta``: 29 February less a year is
        28 February, as in PostgreSQL)."""
        return SQL(
            "(%s::date - make_interval(years => k.retail_retention_years))::date",
            today,
        )

    @api.model
    def _retail_other_companies_sql(self, company, today):
        """``SQL`` condition on the customer ``c`` (last active on
        ``a.last_date``): true when one of its partners (itself, its
        contacts and addresses) belongs to another company than ``company``
        or holds rows of another company in the tables of
        ``res.partner._retail_forget_foreign_tables`` (points, cards, and the
        bridges' documents): the refusals of
        ``res.partner.action_retail_forget`` for a manager of ``company``
        only, so that the job does not list whom it may not erase. Such a
        company does not count when its own retention period
        (``retail_retention_years`` > 0) has passed for the customer on
        ``today`` too: it would erase them itself (a company keeping its
        customers, or whose period has not passed, still does). No query of
        its own: the tables are found in the registry (a bridge's table
        exists when its model is loaded)."""
        models_by_table = {
            model._table: model
            for model in self.env.registry.values()
            if not model._abstract and model._auto
        }
        self.env["res.company"].flush_model(["retail_retention_years"])

        def holds(column):
            # another company's, which does not erase the customer itself
            return SQL(
                "%s <> %s AND NOT EXISTS (SELECT 1 FROM res_company k"
                " WHERE k.id = %s AND k.retail_retention_years > 0"
                " AND a.last_date < %s)",
                column,
                company.id,
                column,
                self._retail_cutoff_sql(today),
            )

        conditions = [
            SQL(
                "EXISTS (SELECT 1 FROM res_partner o"
                " WHERE o.commercial_partner_id = c.id AND %s)",
                holds(SQL("o.company_id")),
            )
        ]
        for table, partner_column, company_column in self.env[
            "res.partner"
        ]._retail_forget_foreign_tables():
            model = models_by_table.get(table)
            fields_ = model and [
                model._fields.get(partner_column),
                model._fields.get(company_column),
            ]
            if not fields_ or not all(field and field.store for field in fields_):
                continue
            self.env[model._name].flush_model([partner_column, company_column])
            # table and column names come from the code, never from a user
            conditions.append(
                SQL(
                    "EXISTS (SELECT 1 FROM res_partner o JOIN %s t ON t.%s = o.id"
                    " WHERE o.commercial_partner_id = c.id AND %s)",
                    SQL.identifier(table),
                    SQL.identifier(partner_column),
                    holds(SQL.identifier("t", company_column)),
                )
            )
        return SQL(" OR ").join(conditions)

    @api.model
    def _retail_find_inactive(self, company, today, partner_ids=None):
        """``{partner id: last activity date}`` of the inactive customers of
        ``company`` on ``today`` (see :meth:`_retail_inactive_query`)."""
        partners = SQL("%s", tuple(partner_ids)) if partner_ids is not None else None
        if partner_ids is not None and not partner_ids:
            return {}
        self.env.cr.execute(self._retail_inactive_query(company, today, partners))
        return dict(self.env.cr.fetchall())

    @api.model
    def _cron_retail_retention(self, batch_size=RETENTION_BATCH):
        """Daily job: per company with a retention period, list the
        inactive customers, take off the list those active again, and erase
        (at most ``batch_size`` per run, triggering itself for the rest)
        those whose erasure date has come. The erasure runs as the
        superuser; the erasure log names the job's user."""
        # sudo: the job lists, reads and erases every company's customers
        Candidate = self.sudo().with_context(active_test=False)
        today = fields.Date.context_today(self)
        waiting = [("state", "in", ("warned", "failed"))]
        # no retention (any more): nobody waits for an erasure
        Candidate.search(
            [("company_id.retail_retention_years", "<=", 0)] + waiting
        ).unlink()
        companies = Candidate.env["res.company"].search(
            [("retail_retention_years", ">", 0)]
        )
        for company in companies:
            rows = Candidate.search([("company_id", "=", company.id)] + waiting)
            Candidate._retail_refresh_list(company, today, rows)
        due = Candidate.search(
            [("state", "=", "warned"), ("erase_date", "<=", today)],
            limit=batch_size + 1,
        )
        Candidate._retail_erase(due[:batch_size])
        if len(due) > batch_size:
            self.env.ref("crm_retail_customers.ir_cron_retail_retention")._trigger()

    def _retail_refresh_list(self, company, today, rows):
        """Take off the list the customers of ``rows`` active again, and
        list the newly inactive ones of ``company``."""
        still = self._retail_find_inactive(company, today, rows.partner_id.ids)
        rows.filtered(lambda row: row.partner_id.id not in still).unlink()
        found = self._retail_find_inactive(company, today)
        if found:
            self._retail_create(
                [
                    {
                        "partner_id": partner_id,
                        "company_id": company.id,
                        "last_activity_date": last,
                        "warning_date": today,
                        "state": "warned",
                    }
                    for partner_id, last in found.items()
                ]
            )
            _logger.info(
                "Retention: %s customers of company %s listed", len(found), company.id
            )
            self._retail_notify_managers(company, len(found), today)

    def _retail_notify_managers(self, company, count, today):
        """Tell the Retail CRM managers of ``company`` that ``count``
        customers were listed today: a note on the company's contact that
        notifies them (their inbox), in the company's language; only the
        count, nothing personal."""
        managers = self.env.ref(MANAGER_GROUP).users.filtered(
            lambda user: (
                company in user.company_ids
                and not user.share
                and user.id != SUPERUSER_ID
            )
        )
        if not managers:
            return
        lang = company.partner_id.lang or "en_US"
        erase = today + timedelta(days=RETENTION_WARNING_DAYS)
        body = self.with_context(lang=lang)._retail_note_body(count, erase)
        company.partner_id.with_context(mail_post_autofollow=False).message_post(
            body=body,
            partner_ids=managers.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _retail_note_body(self, count, erase):
        """The managers' note, in the context's language."""
        return _(
            "%(count)s inactive customers were put on the retention list: they "
            "will be erased on %(date)s unless a Retail CRM manager excludes "
            "them (Contacts › Reporting › Retention List).",
            count=count,
            date=format_date_lang(self.env, erase, lang_code=self.env.lang),
        )

    def _retail_create(self, vals_list):
        return self.with_context(retail_derived_write=_SERVER_WRITE).create(vals_list)

    def _retail_erase(self, rows):
        """Erase the customers of ``rows``, each in its own savepoint: one
        that fails (or that another company holds too, see
        :meth:`_retail_check_companies`) is marked ``failed`` with the
        reason, the others go on. The erasure works in the row's company and
        in the other companies whose retention period has passed for the
        customer too (those the check allows)."""
        today = fields.Date.context_today(self)
        for row in rows:
            partner = row.partner_id
            try:
                with self.env.cr.savepoint():
                    allowed = row._retail_check_companies(partner, today)
                    partner.with_context(
                        allowed_company_ids=allowed.ids
                    )._retail_forget()
            except Exception as error:  # noqa: BLE001 pylint: disable=broad-except
                self.env.invalidate_all()
                _logger.info("Retention: customer %s not erased: %s", partner.id, error)
                message = error.args[0] if isinstance(error, UserError) else repr(error)
                row._retail_write_derived({"state": "failed", "error": message})
            else:
                row._retail_write_derived({"state": "erased", "error": False})

    def _retail_check_companies(self, partner, today=None):
        """Refuse (``UserError``) to erase ``partner`` for the company of
        this row when a manager working in that company and in the
        companies whose own retention period has passed for the customer on
        ``today`` too (:meth:`_retail_consenting_companies`) could not erase
        it by hand (``res.partner.action_retail_forget``): one of the
        partners the erasure empties belongs to another company, or has
        points, cards or documents there. A shared customer of another
        company is that company's to erase too: its points are that
        company's liability, and that company may keep its customers
        (retention 0) or keep them longer. The query leaves them out of the
        list; this check also holds for a customer listed before.

        :return: the companies the erasure may work in (this row's, and the
            consenting ones when the customer is theirs too)
        """
        self.ensure_one()
        company = self.company_id
        # ``partner`` comes from the job's superuser rows: the targets are
        # every contact and address, whatever their company
        targets = partner._retail_forget_targets()
        # the checks of the manual erasure, for this company only; then, for
        # a shared customer, with the companies erasing them too
        if not self._retail_foreign(targets, company):
            return company
        allowed = company | self._retail_consenting_companies(
            partner, today or fields.Date.context_today(self)
        )
        if allowed == company or self._retail_foreign(targets, allowed):
            raise UserError(
                _(
                    "%(customer)s also has points, cards, documents or contacts "
                    "in another company: the retention of %(company)s does not "
                    "erase them. Someone working in all their companies may "
                    "erase their data by hand.",
                    customer=partner.display_name,
                    company=company.name,
                )
            )
        return allowed

    @api.model
    def _retail_foreign(self, targets, companies):
        """Whether the manual erasure refuses ``targets`` to someone working
        in ``companies`` only: one of them belongs to another company (a
        contact without one to its customer company's), or has points,
        cards or documents in another company
        (``res.partner._retail_forget_check_companies``)."""
        owners = targets.mapped(
            lambda target: target.company_id or target.commercial_partner_id.company_id
        )
        if owners - companies:
            return True
        try:
            targets._retail_forget_check_companies(companies)
        except AccessError:
            return True
        return False

    def _retail_consenting_companies(self, partner, today):
        """The other companies whose own retention period has passed on
        ``today`` for ``partner``, when the customer is still one this
        row's job may list (:meth:`_retail_find_inactive`, the same query:
        inactive, and every other company holding them consents): they
        would erase the customer themselves, so their points, cards and
        documents do not stop this job. None when the customer is active
        again or a company keeps them."""
        self.ensure_one()
        company = self.company_id
        last = self._retail_find_inactive(company, today, partner.ids).get(partner.id)
        Company = self.env["res.company"]
        if not last:
            return Company
        Company.flush_model(["retail_retention_years"])
        self.env.cr.execute(
            SQL(
                "SELECT k.id FROM res_company k WHERE k.id <> %s"
                " AND k.retail_retention_years > 0 AND %s < %s",
                company.id,
                last,
                self._retail_cutoff_sql(today),
            )
        )
        return Company.browse(row[0] for row in self.env.cr.fetchall())
