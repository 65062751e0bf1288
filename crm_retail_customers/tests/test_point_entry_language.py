# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_date

from .common import PointsCase, load_languages


@tagged("post_install", "-at_install")
class TestPointEntryLanguage(PointsCase):
    """What the application writes in the ledger (bonuses, adjustments,
    expiry) is read in the reader's language; the stored ``origin`` stays
    English for SQL and CSV, and a reference typed by a person stays as
    typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ["fi_FI", "pl_PL"])
        cls.Entry = cls.env["retail.point.entry"]

    def described(self, entry, lang):
        return entry.with_context(lang=lang).description

    def _adjust(self, points, origin=False):
        wizard = self.env["retail.points.adjust.wizard"].create(
            {
                "partner_id": self.customer.id,
                "mode": "adjust",
                "points": points,
                "note": "Counted again",
                "origin": origin,
            }
        )
        wizard.action_confirm()
        return self.customer.point_entry_ids.sorted("id")[-1]

    def test_manual_adjustment_in_reader_language(self):
        entry = self._adjust(10)
        self.assertEqual(entry.origin, "Manual adjustment")
        self.assertEqual(self.described(entry, "en_US"), "Manual adjustment")
        self.assertEqual(self.described(entry, "fi_FI"), "Käsin tehty oikaisu")
        self.assertEqual(self.described(entry, "pl_PL"), "Ręczna korekta")
        self.assertEqual(
            entry.with_context(lang="fi_FI").display_name, "Käsin tehty oikaisu"
        )

    def test_typed_reference_stays_as_typed(self):
        entry = self._adjust(5, origin="Kassa 3 / kuitti 17")
        self.assertFalse(entry.origin_code)
        for lang in ("en_US", "fi_FI", "pl_PL"):
            self.assertEqual(self.described(entry, lang), "Kassa 3 / kuitti 17")

    def test_welcome_bonus_in_reader_language(self):
        self.company.retail_welcome_points = 25
        entry = self.customer._retail_book_welcome(self.company)
        self.assertEqual(entry.points, 25)
        self.assertEqual(entry.origin, "Welcome bonus")
        self.assertEqual(self.described(entry, "fi_FI"), "Tervetulobonus")
        self.assertEqual(self.described(entry, "pl_PL"), "Bonus powitalny")

    def test_parameters_changed_in_sql_show_the_stored_text(self):
        """Parameters not as the application writes them (a row changed in
        SQL) show the stored English text instead of failing the list."""
        self.company.retail_welcome_points = 25
        entry = self.customer._retail_book_welcome(self.company)
        entry.flush_recordset()
        for code, params in (
            ("expiry", '{"date": "not-a-date"}'),
            ("expiry", '{"date": 12}'),
            ("birthday", '["a"]'),
            ("birthday", '"text"'),
        ):
            self.env.cr.execute(
                "UPDATE retail_point_entry SET origin_code = %s,"
                " origin_params = %s::jsonb WHERE id = %s",
                (code, params, entry.id),
            )
            entry.invalidate_recordset()
            self.assertEqual(self.described(entry, "fi_FI"), "Welcome bonus")

    # noon UTC: the day is the same in every time zone the code may use
    @freeze_time("2026-06-15 12:00:00")
    def test_expiry_in_reader_language_and_format(self):
        today = fields.Date.today()
        self.customer._post_reward_points(
            40,
            "earn",
            idempotency_key="test:lot",
            expiry_date=today - timedelta(days=1),
        )
        self.Entry._cron_expire_reward_points()
        entry = self.customer.point_entry_ids.filtered(lambda e: e.kind == "expire")
        self.assertEqual(entry.points, -40)
        # stored: English with the ISO date, as SQL and CSV readers had it
        self.assertEqual(entry.origin, f"Expiry {today.isoformat()}")
        self.assertEqual(
            self.described(entry, "fi_FI"),
            f"Vanhenee {format_date(self.env, today, lang_code='fi_FI')}",
        )
        self.assertEqual(
            self.described(entry, "pl_PL"),
            f"Wygasa {format_date(self.env, today, lang_code='pl_PL')}",
        )
        # the stored row is never rewritten to show it
        with self.assertRaises(UserError):
            entry.write({"origin": "Vanhenee"})

    def test_description_code_not_writable_over_the_api(self):
        """The description's code is the application's: an entry created
        over the API cannot claim one."""
        with self.assertRaises(UserError):
            self.Entry.with_user(self.user_manager).create(
                {
                    "partner_id": self.customer.id,
                    "kind": "adjust",
                    "points": 3,
                    "note": "API",
                    "origin_code": "welcome",
                }
            )
