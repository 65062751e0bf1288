# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    retail_commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Vendor Entity",
        help="The company (or person) the vendor belongs to; the purchase "
        "contact is one of its contacts.",
    )
    retail_purchase_contact_id = fields.Many2one(
        "res.partner",
        string="Purchase Contact",
        compute="_compute_retail_purchase_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', retail_commercial_partner_id)]",
        help="The vendor's contact for purchases, proposed from the contact "
        "holding the purchase role. Requests for quotation and purchase "
        "orders are e-mailed to this contact instead of the vendor; the "
        "documents print it.",
    )

    @api.depends("partner_id")
    def _compute_retail_purchase_contact_id(self):
        """The purchase contact of the vendor: the contact holding the
        purchase role (``address_get`` answers ``'purchase'`` with it),
        unless that is the vendor itself."""
        for order in self:
            partner = order.partner_id
            contact_id = (
                partner.address_get(["purchase"])["purchase"] if partner else False
            )
            order.retail_purchase_contact_id = (
                contact_id if contact_id != partner.id else False
            )

    def _retail_redirect_mail_recipients(self, render_results):
        """Address the e-mails rendered from a template for these orders to
        their purchase contact instead of the vendor (``partner_to`` of
        Odoo's templates is the vendor). Other recipients are kept.

        :param dict render_results: ``{order_id: values}`` as rendered by
            ``mail.template._generate_template_recipients``; changed in place
        """
        # sudo: templates are rendered as superuser (the reminder is sent by
        # a scheduled job); only the two partner ids of each order are read,
        # to replace one recipient by the other.
        for order in self.sudo():
            values = render_results.get(order.id)
            contact = order.retail_purchase_contact_id
            vendor = order.partner_id
            if not (values and contact and vendor.id in values.get("partner_ids", [])):
                continue
            values["partner_ids"] = list(
                dict.fromkeys(
                    contact.id if partner_id == vendor.id else partner_id
                    for partner_id in values["partner_ids"]
                )
            )
        return render_results

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Give the purchase contact the vendor's button in the e-mail
        (confirm the order or the receipt date through the order's access
        token), since the order is sent to them in the vendor's place."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        if not self:
            return groups
        self.ensure_one()
        contact = self.retail_purchase_contact_id
        vendor_group = next(
            (group for group in groups if group[0] == "portal_customer"), None
        )
        if not contact or not vendor_group:
            return groups
        groups.insert(
            0,
            (
                "retail_purchase_contact",
                lambda pdata: pdata["id"] == contact.id,
                dict(vendor_group[2]),
            ),
        )
        return groups
