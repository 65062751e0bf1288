# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - Customer Portal",
    "summary": "Loyalty page in the customer portal: balance, tier, expiring "
    "points, history, the card on the phone, marketing choices, joining",
    "version": "17.0.1.1.1",
    "category": "Website/Website",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers", "portal"],
    "data": [
        "views/portal_templates.xml",
        "views/portal_preferences_templates.xml",
        "views/portal_invite_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_retail_customers_portal/static/tests/tours/**/*",
        ],
    },
}
