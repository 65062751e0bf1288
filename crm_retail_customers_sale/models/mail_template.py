# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template_recipients(
        self, res_ids, render_fields, find_or_create_partners=False, render_results=None
    ):
        """E-mails of sale orders go to the order's sales contact instead of
        the customer: the quotation (*Send by Email*), the confirmation and
        the other order e-mails, whichever way they are sent (composer,
        ``send_mail``, ``message_post_with_source``). Changing the rendered
        recipients rather than the templates keeps customised templates
        working and leaves nothing behind when the addon is uninstalled."""
        render_results = super()._generate_template_recipients(
            res_ids,
            render_fields,
            find_or_create_partners=find_or_create_partners,
            render_results=render_results,
        )
        if self.model == "sale.order" and res_ids:
            self.env["sale.order"].browse(res_ids)._retail_redirect_mail_recipients(
                render_results
            )
        return render_results
