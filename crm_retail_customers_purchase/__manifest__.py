# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - Purchase",
    "summary": "Purchase contact on requests for quotation and purchase orders",
    "version": "17.0.1.1.1",
    "category": "Inventory/Purchase",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers", "purchase"],
    "data": [
        "views/purchase_order_views.xml",
        "report/purchase_order_report.xml",
    ],
}
