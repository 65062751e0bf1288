# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from babel.dates import format_date as babel_format_date

from odoo import _, api, fields, models
from odoo.tools.misc import babel_locale_parse, formatLang

from odoo.addons.crm_retail_customers.tools.dates import (
    format_date_lang,
    format_datetime_lang,
)

#: Positions of the figures in a row of ``retail.points.liability``: eight
#: in points, then the same eight in money, then the two rates.
POINTS = slice(3, 11)
MONEY = slice(11, 19)
REDEMPTION_RATE = 19
BREAKAGE_RATE = 20


class ReportPointsLiability(models.AbstractModel):
    """Values of the points liability roll-forward PDF: the rows of the
    same single query as the CSV download."""

    _name = "report.crm_retail_customers_account.report_points_liability"
    _description = "Points Liability Roll-forward PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        Liability = self.env["retail.points.liability"]
        Liability._check_access()
        options = (data or {}).get("options")
        if not options:
            wizard = self.env["retail.points.liability.report"].browse(docids)
            options = wizard._get_options()
        options = Liability._check_options(options)
        lang_code = self.env.lang or "en_US"
        locale = babel_locale_parse(lang_code)
        Pdf = self.env["report.crm_retail_customers.report_retail_customers"]
        sections = []
        for section in Liability._get_sections(options):
            company = section["company"]
            currency = section["currency"]
            whole = company.retail_points_precision == "whole"
            digits = self.env["decimal.precision"].precision_get("Reward Points")
            format_points = Pdf._number_formatter(digits, whole=whole)
            total = section["total"]
            value = formatLang(self.env, company.retail_point_value, digits=4)
            point_value = f"{value} {currency.name}"
            rows = [
                (babel_format_date(month, "LLLL y", locale=locale), row)
                for month, row in section["months"]
            ] + [(_("Total"), total)]
            sections.append(
                {
                    "company": company,
                    "currency": currency,
                    "tz": section["tz"],
                    "points": [
                        (label, [format_points(float(v)) for v in row[POINTS]])
                        for label, row in rows
                    ],
                    "money": [
                        (
                            label,
                            [
                                formatLang(self.env, float(v), currency_obj=currency)
                                for v in row[MONEY]
                            ],
                        )
                        for label, row in rows
                    ],
                    "rates": [
                        (
                            _("Redemption rate"),
                            self._format_rate(total[REDEMPTION_RATE]),
                        ),
                        (_("Breakage rate"), self._format_rate(total[BREAKAGE_RATE])),
                    ],
                    "valuation": _(
                        "Money is valued at the current value of one point, "
                        "%(value)s, whenever the points were booked.",
                        value=point_value,
                    ),
                    "months_in": _("Months in the time zone %(tz)s.", tz=section["tz"]),
                }
            )
        return {
            "doc_ids": docids,
            "docs": self.env["retail.points.liability.report"].browse(docids),
            "title": _("Points liability roll-forward"),
            "period": _(
                "Period: %(start)s – %(end)s",
                start=format_date_lang(
                    self.env,
                    Liability._get_months(options["date_from"], options["date_to"])[0],
                ),
                end=format_date_lang(self.env, self._month_end(options["date_to"])),
            ),
            "printed_on": format_datetime_lang(self.env, fields.Datetime.now()),
            "headers": [_("Month")]
            + [label for _key, label in Liability._get_figure_labels()],
            "sections": sections,
        }

    @api.model
    def _month_end(self, day):
        """The last day of ``day``'s month."""
        months = self.env["retail.points.liability"]._get_months(day, day)
        return fields.Date.end_of(months[0], "month")

    @api.model
    def _format_rate(self, value):
        """A rate as the reader's language writes it (``12,50 %``), a dash
        when nothing was earned (no rate)."""
        if value is None:
            return "–"
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        return _("%(rate)s %%", rate=lang.format("%.2f", float(value), grouping=True))
