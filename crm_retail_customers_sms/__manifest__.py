# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - SMS",
    "summary": "SMS versions of the messages to the customers: welcome, points "
    "expiry reminder, birthday greeting, monthly statement",
    "version": "17.0.1.0.2",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers", "sms"],
    "data": [
        "data/sms_template_data.xml",
        "views/res_config_settings_views.xml",
    ],
}
