# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - Sales",
    "summary": "Sales contact on quotations and orders, customer since and sales "
    "summary from confirmed orders",
    "version": "17.0.1.3.2",
    "category": "Sales/Sales",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers", "crm_retail_customers_account", "sale"],
    "data": [
        "views/sale_order_views.xml",
        "views/res_config_settings_customer_since_views.xml",
        "report/sale_order_report.xml",
        "wizards/retail_invoice_redeem_points_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_retail_customers_sale/static/tests/tours/*.js",
        ],
    },
}
