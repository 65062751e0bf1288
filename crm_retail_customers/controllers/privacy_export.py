# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import tempfile

from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.wsgi import wrap_file

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.http import request

from ..models.retail_access import MANAGER_GROUP

#: Bytes of the ZIP kept in memory before it spills to a temporary file.
SPOOL_SIZE = 4 * 1024 * 1024


class RetailPrivacyExportController(http.Controller):
    @http.route(
        "/crm_retail_customers/privacy/export/<int:partner_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def privacy_export(self, partner_id):
        """The customer's data export (right of access) as one ZIP, for
        Retail CRM managers. A customer the user may not read (another
        company's) answers as an unknown id does: 404."""
        env = request.env
        if not env.user.has_group(MANAGER_GROUP):
            raise Forbidden()
        partner = env["res.partner"].with_context(active_test=False).browse(partner_id)
        try:
            if not partner.exists():
                raise NotFound()
            partner.check_access_rights("read")
            partner.check_access_rule("read")
        except AccessError as exc:
            raise NotFound() from exc
        tmp = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)  # noqa: SIM115
        try:
            env["retail.privacy.export"]._retail_privacy_export_build(partner, tmp)
        except AccessError as exc:
            tmp.close()
            raise NotFound() from exc
        except Exception:
            tmp.close()
            raise
        size = tmp.tell()
        tmp.seek(0)
        slug = re.sub(r"[^\w-]+", "-", partner.ref or "").strip("-") or str(partner.id)
        filename = f"customer-{slug}-{fields.Date.context_today(partner)}.zip"
        headers = [
            ("Content-Type", "application/zip"),
            ("Content-Length", str(size)),
            ("Content-Disposition", http.content_disposition(filename)),
            ("Cache-Control", "no-store"),
        ]
        return request.make_response(
            wrap_file(request.httprequest.environ, tmp), headers=headers
        )
