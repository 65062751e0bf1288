# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - Odoo Loyalty",
    "summary": "Odoo's gift cards, coupons, promotions and eWallet beside the "
    "retail reward points at the Point of Sale",
    "version": "17.0.1.2.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers_pos", "pos_loyalty"],
    "data": ["data/menu_data.xml"],
    "demo": ["demo/retail_earn_rule_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": [
            "crm_retail_customers_loyalty/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_retail_customers_loyalty/static/tests/tours/**/*",
        ],
    },
}
