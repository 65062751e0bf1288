# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers",
    "summary": "Retail customer register: groups, contact roles, marketing bans, "
    "customer profile",
    "version": "17.0.1.2.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "depends": ["contacts", "mail", "product", "phone_validation", "utm"],
    "data": [
        "security/retail_security.xml",
        "security/ir.model.access.csv",
        "data/decimal_precision_data.xml",
        "data/retail_contact_role_data.xml",
        "data/retail_card_data.xml",
        "data/retail_point_entry_data.xml",
        "report/retail_card_report.xml",
        "report/retail_customer_reports.xml",
        "report/retail_address_labels.xml",
        "views/retail_customer_group_views.xml",
        "views/retail_contact_role_views.xml",
        "views/retail_card_views.xml",
        "views/retail_tier_views.xml",
        "views/retail_point_entry_views.xml",
        "wizards/retail_points_adjust_views.xml",
        "wizards/retail_points_import_views.xml",
        "wizards/retail_customer_report_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_sales_views.xml",
        "views/res_partner_card_views.xml",
        "views/res_config_settings_views.xml",
        "views/retail_menus.xml",
    ],
    "demo": [
        "demo/retail_customer_group_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/retail_tier_demo.xml",
        "demo/retail_card_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_retail_customers/static/tests/tours/*.js",
        ],
    },
}
