# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""pytest plugin (``-p retail_desktop_browser``): Odoo's browser tests at a
desktop window size, 1366 x 768, as the project's own tours run
(``crm_retail_customers.tests.common.BrowserSizeMixin``). Odoo 17 starts
Chromium with ``--window-size=1366x768``, which the Chromium of Debian 12
does not read: every tour would run in the small-screen layout."""

from odoo.tests import HttpCase

HttpCase.browser_size = "1366,768"
