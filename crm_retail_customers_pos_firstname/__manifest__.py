# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
{
    "name": "Retail Customers - POS First and Last Name",
    "summary": "First and last name inputs in the till's customer editor",
    "version": "17.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    # AGPL-3 like partner_firstname: the only addons of the repository that are
    # not LGPL-3 (see README.md); no other addon may depend on them
    "license": "AGPL-3",  # pylint: disable=license-allowed
    "auto_install": True,
    "depends": [
        "crm_retail_customers_pos",
        "crm_retail_customers_firstname",
        "point_of_sale",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "crm_retail_customers_pos_firstname/static/src/overrides/**/*",
        ],
        "web.assets_tests": [
            "crm_retail_customers_pos_firstname/static/tests/tours/**/*",
        ],
    },
}
