# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template_recipients(
        self, res_ids, render_fields, find_or_create_partners=False, render_results=None
    ):
        """E-mails of purchase orders go to the order's purchase contact
        instead of the vendor: the request for quotation, the purchase order
        and the receipt reminder, whichever way they are sent. Changing the
        rendered recipients rather than the templates keeps customised
        templates working and leaves nothing behind on uninstall."""
        render_results = super()._generate_template_recipients(
            res_ids,
            render_fields,
            find_or_create_partners=find_or_create_partners,
            render_results=render_results,
        )
        if self.model == "purchase.order" and res_ids:
            self.env["purchase.order"].browse(res_ids)._retail_redirect_mail_recipients(
                render_results
            )
        return render_results
