# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - Point of Sale",
    "summary": "Loyalty cards, reward point balances, customer creation, earning "
    "and redeeming points at the Point of Sale",
    "version": "17.0.1.15.4",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers", "point_of_sale"],
    "external_dependencies": {"python": ["openupgradelib"]},
    "data": [
        "security/ir.model.access.csv",
        "data/barcode_rule_data.xml",
        "data/product_data.xml",
        "views/pos_order_views.xml",
        "views/pos_order_held_views.xml",
        "views/pos_payment_method_views.xml",
        "views/res_config_settings_customer_since_views.xml",
        "views/res_config_settings_redeem_proof_views.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/retail_earn_rule_demo.xml",
        "demo/pos_payment_method_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "crm_retail_customers_pos/static/src/css/**/*",
            "crm_retail_customers_pos/static/src/app/**/*",
            "crm_retail_customers_pos/static/src/overrides/**/*",
        ],
        "web.assets_tests": [
            "crm_retail_customers_pos/static/tests/tours/**/*",
        ],
    },
}
