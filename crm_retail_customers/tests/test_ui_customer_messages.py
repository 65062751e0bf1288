# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common import BrowserSizeMixin


@tagged("post_install", "-at_install")
class TestCustomerMessagesSettingsTour(BrowserSizeMixin, HttpCase):
    def test_switch_statement_and_open_template(self):
        company = self.env.ref("base.user_admin").company_id
        company.retail_mail_statement = False
        self.start_tour(
            "/web#action=crm_retail_customers.action_retail_config_settings",
            "crm_retail_customers_messages_tour",
            login="admin",
        )
        self.assertTrue(company.retail_mail_statement)
