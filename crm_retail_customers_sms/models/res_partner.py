# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from odoo.addons.crm_retail_customers.models.retail_customer_message import (
    PROMOTIONAL_MESSAGES,
)

#: Messages to the customer: kind -> SMS template (xmlid).
SMS_TEMPLATES = {
    "welcome": "crm_retail_customers_sms.sms_template_retail_welcome",
    "expiry": "crm_retail_customers_sms.sms_template_retail_points_expiry",
    "birthday": "crm_retail_customers_sms.sms_template_retail_birthday",
    "statement": "crm_retail_customers_sms.sms_template_retail_statement",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _retail_message_sms_ok(self, kind):
        """Whether the SMS ``kind`` may go to this customer: a number (the
        mobile, else the phone), not blacklisted, and for a promotional
        message no SMS marketing ban."""
        self.ensure_one()
        if not self.phone_sanitized or self.phone_sanitized_blacklisted:
            return False
        return not (kind in PROMOTIONAL_MESSAGES and self.effective_no_sms_marketing)

    def _retail_send_message(self, kind, company, values=None):
        """The e-mail, and the SMS where ``company`` sends it by SMS."""
        sent = super()._retail_send_message(kind, company, values)
        return self._retail_send_message_sms(kind, company, values) or sent

    def _retail_send_message_sms(self, kind, company, values=None):
        """Queue the SMS ``kind`` of ``company`` to the commercial partner
        (template in the customer's language, posted in the chatter). The
        SMS job sends the queue.

        :return: whether an SMS was queued
        """
        self.ensure_one()
        if not company[f"retail_sms_{kind}"]:
            return False
        # sudo: an application's message to the customer, whoever triggered
        # it (a cashier enrolling, a job); no rights on SMS templates needed
        customer = (
            self.commercial_partner_id.sudo()
            .with_company(company)
            .with_context(retail_message=values or {})
        )
        if not customer._retail_message_sms_ok(kind):
            return False
        template = customer.env.ref(SMS_TEMPLATES[kind], raise_if_not_found=False)
        if not template:
            return False
        customer._message_sms_with_template(template=template, put_in_queue=True)
        return True

    # -- erasure (crm_retail_customers: res.partner._retail_forget) -----------
    def _retail_forget_scrub(self, names, values):
        """The text messages queued to the person (number and text) go: the
        messages to the customer queue them here even where no SMS marketing
        is installed to clear them."""
        self.env.cr.execute(
            "DELETE FROM sms_sms WHERE partner_id IN %s", [tuple(self.ids)]
        )
        self.env["sms.sms"].invalidate_model()
        return super()._retail_forget_scrub(names, values)
