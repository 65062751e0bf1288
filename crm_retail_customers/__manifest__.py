# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers",
    "summary": "Retail customer register: groups, contact roles, marketing bans, "
    "customer profile",
    "version": "17.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["contacts", "mail", "product", "phone_validation", "utm"],
    "data": [
        "security/retail_security.xml",
        "security/ir.model.access.csv",
        "data/retail_contact_role_data.xml",
        "views/retail_customer_group_views.xml",
        "views/retail_contact_role_views.xml",
        "views/res_partner_views.xml",
        "views/retail_menus.xml",
    ],
    "demo": [
        "demo/retail_customer_group_demo.xml",
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_retail_customers/static/tests/tours/*.js",
        ],
    },
}
