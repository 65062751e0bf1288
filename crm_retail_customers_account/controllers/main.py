# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.crm_retail_customers.controllers.main import csv_response


class RetailPointsLiabilityController(http.Controller):
    @http.route(
        "/crm_retail_customers_account/liability/csv/<int:wizard_id>",
        type="http",
        auth="user",
    )
    def download_liability_csv(self, wizard_id):
        """Stream the points liability roll-forward as CSV (the core's
        ``csv_response``) from the query built here with the user's rights."""
        env = request.env
        Liability = env["retail.points.liability"]
        try:
            Liability._check_access()
            wizard = env["retail.points.liability.report"].browse(wizard_id).exists()
        except AccessError as exc:
            raise Forbidden() from exc
        if not wizard or wizard.create_uid != env.user:
            raise NotFound()
        options = wizard._get_options()
        query = Liability._prepare(options)
        columns = Liability._get_columns()
        filename = "{}-{}-{}.csv".format(
            _("points-liability"),
            options["date_from"][:7],
            options["date_to"][:7],
        )
        return csv_response(env, columns, query, options["csv_format"], filename)
