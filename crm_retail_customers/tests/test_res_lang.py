# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools import SQL

from .common import RetailCase


@tagged("post_install", "-at_install")
class TestLanguageAddedByAdmin(RetailCase):
    """A language an administrator adds later (*Settings › Languages › Add
    Languages*, or *Activate* / *Unarchive* in the list of languages) brings
    the addon's terms with Odoo's: menus, reports."""

    def _forget_language(self, code, records):
        """Make the database one that never had ``code``: inactive, and none
        of ``records``' names translated into it."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_lang SET active = FALSE WHERE code = %s", [code]
        )
        for record in records:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET name = name - %s WHERE id = %s",
                    SQL.identifier(record._table),
                    code,
                    record.id,
                )
            )
        self.env.invalidate_all()
        self.env.registry.clear_cache()

    def test_add_language_loads_addon_terms(self):
        menu = self.env.ref("crm_retail_customers.menu_retail_point_entry")
        report = self.env.ref("crm_retail_customers.action_report_retail_customers")
        card = self.env.ref("crm_retail_customers.retail_card_report")
        self._forget_language("fi_FI", [menu, report, card])
        lang = self.env["res.lang"].with_context(active_test=False)
        finnish = lang.search([("code", "=", "fi_FI")])
        self.assertFalse(finnish.active)
        self.assertEqual(menu.with_context(lang="fi_FI").name, "Points Ledger")

        wizard = self.env["base.language.install"].create(
            {"lang_ids": [(6, 0, finnish.ids)]}
        )
        wizard.lang_install()

        self.assertTrue(finnish.active)
        self.assertEqual(menu.with_context(lang="fi_FI").name, "Pistekirjanpito")
        self.assertEqual(report.with_context(lang="fi_FI").name, "Asiakasraportti")
        self.assertEqual(card.with_context(lang="fi_FI").name, "Kanta-asiakaskortti")

    def test_activate_language_in_list_loads_addon_terms(self):
        menu = self.env.ref("crm_retail_customers.menu_retail_point_entry")
        report = self.env.ref("crm_retail_customers.action_report_retail_customers")
        self._forget_language("pl_PL", [menu, report])
        polish = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "pl_PL")])
        )
        self.assertEqual(menu.with_context(lang="pl_PL").name, "Points Ledger")

        polish.action_unarchive()

        self.assertTrue(polish.active)
        self.assertEqual(menu.with_context(lang="pl_PL").name, "Rejestr punktów")
        self.assertEqual(report.with_context(lang="pl_PL").name, "Raport klientów")
