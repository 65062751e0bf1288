# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from odoo.addons.crm_retail_customers.models.retail_role_contact_mixin import (
    commercial_partner_field,
    role_contact_field,
)


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "retail.role.contact.mixin"]
    _retail_contact_role = "purchase"
    _retail_contact_field = "retail_purchase_contact_id"

    retail_commercial_partner_id = commercial_partner_field(
        "Vendor Entity",
        "The company (or person) the vendor belongs to; the purchase "
        "contact is one of its contacts.",
    )
    retail_purchase_contact_id = role_contact_field(
        "Purchase Contact",
        "The vendor's contact for purchases, proposed from the contact "
        "holding the purchase role. Requests for quotation and purchase "
        "orders are e-mailed to this contact instead of the vendor; the "
        "documents print it.",
    )

    def button_confirm(self):
        return super(
            PurchaseOrder, self.with_context(retail_follow_role_contact=True)
        ).button_confirm()

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # the purchase contact follows a confirmed order in the vendor's place
        # (retail.role.contact.mixin)
        return super().message_subscribe(
            partner_ids=self._retail_follower_ids(partner_ids),
            subtype_ids=subtype_ids,
        )

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Give the purchase contact the vendor's button in the e-mail
        (confirm the order or the receipt date through the order's access
        token), since the order is sent to them in the vendor's place
        (retail.role.contact.mixin)."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        return self._retail_notify_role_contact_groups(groups, msg_vals)
