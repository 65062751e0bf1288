# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.exceptions import AccessError

from .retail_customer_message import MESSAGE_TEMPLATES

#: Templates the application renders as superuser whoever triggers them (a
#: cashier enrolling a customer or booking a tier upgrade, the daily jobs):
#: their dynamic code ({{ }}, t-out) runs with every right, so only Retail CRM
#: managers and administrators may change them.
RETAIL_SUDO_TEMPLATES = (
    *MESSAGE_TEMPLATES.values(),
    "crm_retail_customers.mail_template_retail_tier_upgrade",
)
RETAIL_TEMPLATE_EDITORS = (
    "crm_retail_customers.group_retail_manager",
    "base.group_system",
)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _retail_check_template_rights(self):
        """Refuse changing the templates of :data:`RETAIL_SUDO_TEMPLATES` to
        users other than Retail CRM managers and administrators: Odoo lets
        every internal user edit templates (unless *Restrict Template
        Rendering* is set), and these run as superuser."""
        if self.env.su or any(
            self.env.user.has_group(group) for group in RETAIL_TEMPLATE_EDITORS
        ):
            return
        # sudo: which templates are the application's, by their xmlids
        protected = (
            self.env["ir.model.data"]
            .sudo()  # sudo: see above
            .search_count(
                [
                    ("model", "=", "mail.template"),
                    ("res_id", "in", self.ids),
                    ("module", "=", "crm_retail_customers"),
                    (
                        "name",
                        "in",
                        [xmlid.split(".", 1)[1] for xmlid in RETAIL_SUDO_TEMPLATES],
                    ),
                ],
                limit=1,
            )
        )
        if protected:
            raise AccessError(
                _(
                    "Only Retail CRM managers can change the messages the "
                    "application sends to customers."
                )
            )

    def write(self, vals):
        self._retail_check_template_rights()
        return super().write(vals)

    def unlink(self):
        self._retail_check_template_rights()
        return super().unlink()

    def _update_field_translations(self, fname, translations, digest=None):
        self._retail_check_template_rights()
        return super()._update_field_translations(fname, translations, digest)

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
