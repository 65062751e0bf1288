# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Retail Customers - Marketing",
    "summary": "E-mail and SMS marketing honour the customers' marketing bans, "
    "also for mailing-list contacts",
    "version": "17.0.1.2.1",
    "category": "Marketing/Email Marketing",
    "website": "https://github.com/crm-retail-customers/crm_retail_customers",
    "author": "Retail CRM Customers Team",
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["crm_retail_customers", "mass_mailing_sms"],
}
