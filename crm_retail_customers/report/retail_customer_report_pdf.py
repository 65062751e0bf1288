# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.retail_customer_report import MONEY_COLUMNS
from ..tools.dates import format_date_lang, format_datetime_lang

#: Most rows a PDF prints; bigger reports are refused with a pointer to the
#: CSV download, which has no limit. Measured with the patched wkhtmltopdf
#: (0.12.4) on 2 cores, balances with Odoo's styles: 1,000 rows 4.6 s (26
#: pages), 2,000 rows 5.2 s, 5,000 rows 12.9 s (126 pages), 10,000 rows 30 s
#: (251 pages, 1.4 MB). Time grows with the rows (Odoo splits tables every 500
#: rows); 10,000 keeps a PDF well inside a worker's 120 s real-time limit on a
#: slower or busy machine, and nobody reads a longer list on paper.
MAX_PDF_ROWS = 10000


class ReportRetailCustomers(models.AbstractModel):
    """Values of the customer report PDF: the rows come from the same single
    query as the CSV download (``retail.customer.report``)."""

    _name = "report.crm_retail_customers.report_retail_customers"
    _description = "Customer Report PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        Report = self.env["retail.customer.report"]
        Report._check_report_access()
        wizards = self.env["retail.customer.report.wizard"].browse(docids)
        # As the CSV route: a user prints the wizards they made, not another
        # user's (its customers, filters and company are that user's choice,
        # and /report/html/.../<id> takes any id). The superuser (a server
        # action, the tests' environment) prints any.
        if not self.env.su and (
            wizards.exists() != wizards
            or any(wizard.create_uid != self.env.user for wizard in wizards)
        ):
            raise AccessError(
                _("You can only print customer reports you set up yourself.")
            )
        options = (data or {}).get("options")
        if not options:
            options = wizards._get_options()
        options = Report._check_options(options)
        report = options["report"]
        # one row more than a PDF prints is enough to refuse it: LIMIT in
        # the query, not a million rows fetched to be counted
        limit = MAX_PDF_ROWS
        rows = Report._get_rows(report, dict(options, limit=limit + 1))
        if len(rows) > limit:
            raise UserError(
                _(
                    "This report has more than %(max)s rows, too many for a PDF. "
                    "Download it as CSV instead (Contacts › Reporting › Customer "
                    "Reports, Download (CSV)), or narrow the filters.",
                    max=limit,
                )
            )
        sections = []
        if report == "activity":
            # the activity's breakdown by earning rule, on the same page
            rule_rows = Report._get_rows("rules", options)
            sections.append(
                {
                    "title": Report._get_report_label("rules"),
                    "columns": Report._get_columns("rules"),
                    "rows": rule_rows,
                    "totals": Report._get_totals("rules", rule_rows),
                }
            )
        columns, rows = self._label_booleans(Report._get_columns(report), rows)
        company = self.env["res.company"].browse(options.get("company_id"))
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        whole = (company or self.env.company).retail_points_precision == "whole"
        return {
            "doc_ids": docids,
            "docs": wizards,
            "company": company or self.env.company,
            "title": Report._get_report_label(report),
            "filters": self._describe_filters(options),
            "columns": columns,
            "rows": rows,
            "totals": Report._get_totals(report, rows),
            "sections": sections,
            "printed_on": format_datetime_lang(self.env, fields.Datetime.now()),
            "yes": _("Yes"),
            "no": _("No"),
            "format_number": self._number_formatter(digits, whole=whole),
            # the reader's calendar: Solar Hijri for Persian (tools/dates.py)
            "format_date": lambda value: format_date_lang(self.env, value),
        }

    @api.model
    def _label_booleans(self, columns, rows):
        """``(columns, rows)`` with the boolean columns as text: their
        labels in the user's language, the neutral one for NULL (a ban the
        user may not read, ``retail.customer.report._ban_joins``), as the
        CSV writes them; the template would print NULL as "No"."""
        kinds = [kind for _key, _label, kind in columns]
        if "bool" not in kinds:
            return columns, rows
        yes, no, withheld = self.env["retail.customer.report"]._get_bool_labels()

        def label(value):
            return withheld if value is None else yes if value else no

        return (
            [
                (key, title, "text" if kind == "bool" else kind)
                for key, title, kind in columns
            ],
            [
                tuple(
                    label(value) if kind == "bool" else value
                    for kind, value in zip(kinds, row, strict=True)
                )
                for row in rows
            ],
        )

    @api.model
    def _number_formatter(self, digits, whole=False):
        """Numbers as the reader's language writes them (Finnish ``1 234,50``):
        points with the points precision, counts as whole numbers. For a
        company counting whole points (``whole``), points without a fraction
        print as whole numbers (``280``); a figure with one (booked before
        the company counted whole points) keeps its decimals, and money
        (column ``key`` ``amount``) always has them."""
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")

        def format_number(value, key=None):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return value
            if isinstance(value, float):
                places = digits
                if (
                    whole
                    and key not in MONEY_COLUMNS
                    and abs(value - round(value)) < 0.5 * 10**-digits
                ):
                    places = 0
                return lang.format(f"%.{places}f", value, grouping=True)
            return lang.format("%d", value, grouping=True)

        return format_number

    @api.model
    def _describe_filters(self, options):
        lines = []
        groups = self.env["retail.customer.group"].browse(options.get("group_ids"))
        if groups:
            lines.append(
                _(
                    "Customer groups (with subgroups): %(groups)s",
                    groups=", ".join(groups.mapped("complete_name")),
                )
            )
        tiers = self.env["retail.tier"].browse(options.get("tier_ids"))
        if tiers:
            lines.append(_("Tiers: %(tiers)s", tiers=", ".join(tiers.mapped("name"))))
        labels = {"letter": _("Letters"), "sms": _("SMS"), "email": _("E-mails")}
        for channel, consent in (options.get("consent") or {}).items():
            if consent == "allowed":
                lines.append(_("%(channel)s allowed", channel=labels[channel]))
            elif consent == "banned":
                lines.append(_("%(channel)s banned", channel=labels[channel]))
        if options.get("date_from") or options.get("date_to"):
            lines.append(
                _(
                    "Period: %(start)s – %(end)s",
                    start=format_date_lang(self.env, options.get("date_from")) or "…",
                    end=format_date_lang(self.env, options.get("date_to")) or "…",
                )
            )
        if options.get("partner_ids"):
            lines.append(
                # the count after the words: right for one customer or many,
                # in every language
                _("Selected customers: %(count)s", count=len(options["partner_ids"]))
            )
        return lines
