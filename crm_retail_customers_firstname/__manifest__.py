# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
{
    "name": "Retail Customers - First and Last Name",
    "summary": "Customers' first and last names (OCA partner_firstname) in the "
    "customer list, search and printed labels and cards",
    "version": "17.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    # AGPL-3 like partner_firstname: the only addons of the repository that are
    # not LGPL-3 (see README.md); no other addon may depend on them
    "license": "AGPL-3",  # pylint: disable=license-allowed
    "auto_install": True,
    "depends": ["crm_retail_customers", "partner_firstname"],
    "data": [
        "views/res_partner_views.xml",
    ],
}
