# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
            partner = order.partner_id
            contact_id = partner.address_get(["sales"])["sales"] if partner else False
            order.retail_sales_contact_id = (
                contact_id if contact_id != partner.id else False
            )

    # -- e-mails --------------------------------------------------------------------
    def _retail_redirect_mail_recipients(self, render_results):
        """Address the e-mails rendered from a template for these orders to
        their sales contact instead of the customer (``partner_to`` of Odoo's
        templates is the customer). Other recipients are kept.

        :param dict render_results: ``{order_id: values}`` as rendered by
            ``mail.template._generate_template_recipients``; changed in place
        """
        # sudo: templates are rendered as superuser (the sender may be the
        # customer on the portal); only the two partner ids of each order
        # are read, to replace one recipient by the other.
        for order in self.sudo():
            values = render_results.get(order.id)
            contact = order.retail_sales_contact_id
            customer = order.partner_id
            if not (
                values and contact and customer.id in values.get("partner_ids", [])
            ):
                continue
            values["partner_ids"] = list(
                dict.fromkeys(
                    contact.id if partner_id == customer.id else partner_id
                    for partner_id in values["partner_ids"]
                )
            )
        return render_results

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Give the sales contact the customer's button in the e-mail (the
        quotation opened with the order's access token, to accept and sign
        it), since the quotation is sent to them in the customer's place."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        if not self:
            return groups
        self.ensure_one()
        contact = self.retail_sales_contact_id
        customer_group = next(
            (group for group in groups if group[0] == "portal_customer"), None
        )
        if not contact or not customer_group:
            return groups
        link_vals = dict(
            msg_vals or {},
            access_token=self._portal_ensure_token(),
            pid=contact.id,
            hash=self._sign_token(contact.id),
        )
        link_vals.update(contact.signup_get_auth_param()[contact.id])
        options = dict(customer_group[2])
        options["button_access"] = dict(
            options.get("button_access") or {},
            url=self._notify_get_action_link("view", **link_vals),
        )
        groups.insert(
            0,
            (
                "retail_sales_contact",
                lambda pdata: pdata["id"] == contact.id,
                options,
            ),
        )
        return groups

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
                customer.sudo().customer_since = day
