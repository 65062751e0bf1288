# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one check of "retail managers only" actions: moving points between
customers, unblocking or re-numbering cards, re-booking a failed POS order."""

from odoo.exceptions import AccessError

MANAGER_GROUP = "crm_retail_customers.group_retail_manager"


def check_retail_manager(env, message):
    """Raise ``AccessError(message)`` unless ``env`` acts for a retail
    manager, or as the superuser (server code that elevated on purpose)."""
    if not (env.su or env.user.has_group(MANAGER_GROUP)):
        raise AccessError(message)
