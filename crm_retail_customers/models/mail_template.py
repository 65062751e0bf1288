# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template_recipients(
        self, res_ids, render_fields, find_or_create_partners=False, render_results=None
    ):
        """Template e-mails of documents addressed to a contact role (sale
        and purchase orders, see ``retail.role.contact.mixin``) go to that
        contact instead of the partner, whichever way they are sent
        (composer, ``send_mail``, ``message_post_with_source``). Changing the
        rendered recipients rather than the templates keeps customised
        templates working and leaves nothing behind on uninstall."""
        render_results = super()._generate_template_recipients(
            res_ids,
            render_fields,
            find_or_create_partners=find_or_create_partners,
            render_results=render_results,
        )
        if not (res_ids and self.model and self.model in self.env):
            return render_results
        documents = self.env[self.model].browse(res_ids)
        if getattr(documents, "_retail_contact_field", None):
            documents._retail_redirect_mail_recipients(render_results)
        return render_results
