# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - Invoicing",
    "summary": "Invoice contact on invoices, reward points from customer invoices, "
    "customer since and sales summary from invoices",
    "version": "17.0.1.13.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers", "account"],
    "data": [
        "security/ir.model.access.csv",
        "data/product_data.xml",
        "data/retail_liability_data.xml",
        "views/res_config_settings_views.xml",
        "views/res_config_settings_customer_since_views.xml",
        "views/account_move_views.xml",
        "views/retail_point_entry_views.xml",
        "wizards/retail_invoice_redeem_points_views.xml",
        "wizards/retail_invoice_pay_points_views.xml",
        "wizards/retail_points_liability_report_views.xml",
        "wizards/retail_points_liability_post_views.xml",
        "report/retail_points_liability_report.xml",
    ],
    "demo": ["demo/res_company_demo.xml"],
    "post_init_hook": "post_init_hook",
}
