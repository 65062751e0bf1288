# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools.misc import formatLang

from ..tools.dates import format_date_lang


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _render_eval_context(self):
        """``format_date`` of e-mail templates writes the date in the
        calendar of the language the e-mail is rendered in (the customer's,
        see the templates' ``lang``): Solar Hijri with Persian month names
        for Persian readers (``tools/dates.py``), Odoo's format otherwise.
        Our templates and customised ones alike use it."""
        context = super()._render_eval_context()
        context["format_date"] = lambda date, date_format=False, lang_code=False: (
            format_date_lang(
                self.env, date, lang_code=lang_code, date_format=date_format
            )
        )
        # reward points as the reader writes numbers: whole points without
        # decimals (the customer messages' templates)
        context["format_points"] = lambda points: formatLang(
            self.env, points or 0.0, digits=0 if float(points or 0).is_integer() else 2
        )
        return context

    def _render_lang(self, res_ids, engine="inline_template"):
        """A template e-mail of a document addressed to a contact role (see
        ``retail.role.contact.mixin``) goes to that contact, so it is written
        in that contact's language when the template speaks the customer's
        (Odoo's templates say ``{{ object.partner_id.lang }}``): the mail is
        read by the contact, not by the company it works for. A template
        with another language rule keeps it. Templates and the composer
        render through this method alike."""
        langs = super()._render_lang(res_ids, engine=engine)
        model = self.render_model
        if not (res_ids and model and model in self.env):
            return langs
        documents = self.env[model].browse(res_ids)
        field = getattr(documents, "_retail_contact_field", None)
        if not field:
            return langs
        for document in documents:
            contact = document._retail_mail_contact()
            if contact.lang and langs.get(document.id) == document.partner_id.lang:
                langs[document.id] = contact.lang
        return langs
