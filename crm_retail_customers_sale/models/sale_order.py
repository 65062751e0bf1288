# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "retail.role.contact.mixin"]
    _retail_contact_role = "sales"
    _retail_contact_field = "retail_sales_contact_id"

    retail_commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer Entity",
        help="The company (or person) the customer belongs to; the sales "
        "contact is one of its contacts.",
    )
    retail_sales_contact_id = fields.Many2one(
        "res.partner",
        string="Sales Contact",
        compute="_compute_retail_sales_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', retail_commercial_partner_id)]",
        help="The customer's contact for sales, proposed from the contact "
        "holding the sales role. Quotation and order e-mails are sent to this "
        "contact instead of the customer; the documents print it.",
    )

    @api.depends("partner_id")
    def _compute_retail_sales_contact_id(self):
        """The sales contact of the customer: the contact holding the sales
        role (``address_get`` answers ``'sales'`` with it), unless that is
        the customer itself."""
        for order in self:
            order.retail_sales_contact_id = order._retail_role_contact(order.partner_id)

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

    def _retail_update_customer_since(self):
        """Set 'customer since' from the first confirmed order (its
        confirmation date) when the company wants it. It only ever moves
        earlier, never later."""
        first = {}
        for order in self.filtered(
            lambda o: (
                o.state == "sale"
                and o.date_order
                and o.partner_id
                and o.company_id.retail_customer_since_sale
            )
        ):
            customer = order.partner_id.commercial_partner_id
            day = fields.Date.context_today(order, order.date_order)
            if customer not in first or day < first[customer]:
                first[customer] = day
        for customer, day in first.items():
            if not customer.customer_since or day < customer.customer_since:
                # sudo: the date comes from the confirmed order; confirming
                # must not depend on the right to edit contacts.
                customer.sudo()._retail_write_derived({"customer_since": day})
