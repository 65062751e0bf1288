# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from werkzeug.exceptions import Forbidden, NotFound

from odoo import api, fields, http
from odoo.exceptions import AccessError
from odoo.http import request


class RetailCustomerReportController(http.Controller):
    @http.route(
        "/crm_retail_customers/report/csv/<int:wizard_id>", type="http", auth="user"
    )
    def download_csv(self, wizard_id):
        """Stream a customer report as CSV.

        The query (with the user's record rules compiled into it) is built in
        the request; the rows are then read through a cursor of the response's
        own while the file is sent, so 100k customers never sit in memory.
        """
        env = request.env
        if not env.user.has_group("crm_retail_customers.group_retail_user"):
            raise Forbidden()
        try:
            wizard = env["retail.customer.report.wizard"].browse(wizard_id).exists()
        except AccessError as exc:
            raise Forbidden() from exc
        if not wizard or wizard.create_uid != env.user:
            raise NotFound()
        Report = env["retail.customer.report"]
        Report._check_report_access()
        # the one validation of every report route (PDF, HTML, CSV): options
        # a client may have set on the wizard (a company of another user's,
        # ids) are refused here as they are by the PDF and HTML routes (400)
        options = Report._check_options(wizard._get_options())
        report = options["report"]
        label = Report._get_report_label(report)
        # the label in the user's language, letters of any script kept
        slug = re.sub(r"[\W_]+", "-", label.lower()).strip("-") or report
        filename = f"{slug}-{fields.Date.context_today(wizard)}.csv"
        # Everything that needs the user's rights happens here, in the request.
        query = Report._prepare(report, options)
        columns = Report._get_columns(report)
        return csv_response(env, columns, query, options["csv_format"], filename)


def csv_response(env, columns, query, csv_format, filename):
    """An HTTP response streaming the rows of ``query`` as CSV
    (``retail.customer.report._stream_csv``: formula characters
    neutralised, PostgreSQL's COPY through a spooled file), for every CSV
    route of the addons.

    ``query`` is built by the caller in the request, with the user's
    rights (record rules compiled into it); the rows are read while the
    file is sent, through a cursor of the response's own (the request's
    is closed by then), in the request's user and context."""
    registry, uid, context = env.registry, env.uid, dict(env.context)

    def generate():
        with registry.cursor() as cr:
            report_env = api.Environment(cr, uid, context)
            yield from report_env["retail.customer.report"]._stream_csv(
                columns, query, csv_format
            )

    headers = [
        ("Content-Type", "text/csv; charset=utf-8"),
        ("Content-Disposition", http.content_disposition(filename)),
        ("Cache-Control", "no-store"),
    ]
    return request.make_response(generate(), headers=headers)
