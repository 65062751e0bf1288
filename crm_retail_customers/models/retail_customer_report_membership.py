# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import UserError

#: Values of the ``membership`` report option.
MEMBERSHIP_FILTERS = ("all", "members", "non_members")


class RetailCustomerReport(models.AbstractModel):
    """The reports' customer filter knows loyalty members: option
    ``membership`` ('all', 'members', 'non_members')."""

    _inherit = "retail.customer.report"

    @api.model
    def _check_options(self, options):
        checked = super()._check_options(options)
        membership = options.get("membership") or "all"
        if membership not in MEMBERSHIP_FILTERS:
            raise UserError(
                _(
                    "Unknown membership filter %(value)s: use all, members or "
                    "non_members.",
                    value=membership,
                )
            )
        checked["membership"] = membership
        return checked

    @api.model
    def _customer_domain(self, options):
        domain = super()._customer_domain(options)
        membership = options.get("membership") or "all"
        if membership != "all":
            domain = domain + [("retail_member", "=", membership == "members")]
        return domain
