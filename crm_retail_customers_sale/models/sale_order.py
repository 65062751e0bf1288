# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from odoo.addons.crm_retail_customers.models.retail_role_contact_mixin import (
    commercial_partner_field,
    role_contact_field,
)


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = [
        "sale.order",
        "retail.role.contact.mixin",
        "retail.points.document.mixin",
    ]
    _retail_contact_role = "sales"
    _retail_contact_field = "retail_sales_contact_id"

    retail_commercial_partner_id = commercial_partner_field(
        "Customer Entity",
        "The company (or person) the customer belongs to; the sales "
        "contact is one of its contacts.",
    )
    retail_sales_contact_id = role_contact_field(
        "Sales Contact",
        "The customer's contact for sales, proposed from the contact "
        "holding the sales role. Quotation and order e-mails are sent to this "
        "contact instead of the customer; the documents print it.",
    )

    # -- followers (retail.role.contact.mixin) --------------------------------------
    def action_quotation_sent(self):
        return super(
            SaleOrder, self.with_context(retail_follow_role_contact=True)
        ).action_quotation_sent()

    def action_confirm(self):
        return super(
            SaleOrder, self.with_context(retail_follow_role_contact=True)
        ).action_confirm()

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        return super().message_subscribe(
            partner_ids=self._retail_follower_ids(partner_ids),
            subtype_ids=subtype_ids,
        )

    # -- e-mails (template recipients: retail.role.contact.mixin) ---------------
    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Give the sales contact the customer's button in the e-mail (the
        quotation opened with the order's access token, to accept and sign
        it), since the quotation is sent to them in the customer's place
        (retail.role.contact.mixin)."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        return self._retail_notify_role_contact_groups(groups, msg_vals)

    # -- customer since -------------------------------------------------------------
    def _action_confirm(self):
        res = super()._action_confirm()
        self._retail_update_customer_since()
        return res

    def _retail_customer_since_day(self):
        """A confirmed order dates the first purchase by its confirmation
        date, when the company takes 'customer since' from sales
        (retail.points.document.mixin)."""
        if (
            self.state == "sale"
            and self.date_order
            and self.partner_id
            and self.company_id.retail_customer_since_sale
        ):
            return (
                self.partner_id.commercial_partner_id,
                fields.Date.context_today(self, self.date_order),
            )
        return False
