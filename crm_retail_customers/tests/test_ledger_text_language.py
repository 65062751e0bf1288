# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo.tests import Form, new_test_user, tagged

from .common import PointsCase, load_languages

MANAGER_GROUPS = (
    "base.group_user,base.group_partner_manager,"
    "crm_retail_customers.group_retail_manager"
)


@tagged("post_install", "-at_install")
class TestLedgerTextLanguage(PointsCase):
    """Notes and descriptions the application writes in the ledger are read
    in the reader's language, whoever booked them and in whatever language:
    the stored ``note`` and ``origin`` stay English (SQL, CSV), a text typed
    by a person stays as typed. The suspicious activity list shows its
    documents in the reader's language too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ["fi_FI", "fa_IR"])
        cls.Entry = cls.env["retail.point.entry"]
        cls.manager_en = new_test_user(
            cls.env, login="ledger_en", groups=MANAGER_GROUPS, lang="en_US"
        )
        cls.manager_fi = new_test_user(
            cls.env, login="ledger_fi", groups=MANAGER_GROUPS, lang="fi_FI"
        )
        cls.manager_fa = new_test_user(
            cls.env, login="ledger_fa", groups=MANAGER_GROUPS, lang="fa_IR"
        )

    def as_user(self, records, user):
        """``records`` as ``user`` would read them: their language."""
        return records.with_user(user).with_context(lang=user.lang)

    def read_note(self, entry, user):
        return self.as_user(entry, user).note_text

    # -- notes ------------------------------------------------------------------
    def test_transfer_booked_in_english_read_in_finnish_and_persian(self):
        self.customer._post_reward_points(30, "earn", idempotency_key="t:lot")
        booker = self.Entry.with_user(self.manager_en).with_context(lang="en_US")
        # sudo: as res.partner moves the points of a contact to its company
        booker.sudo()._transfer_balance(self.customer, self.shop)
        entry = self.shop.point_entry_ids.filtered(lambda e: e.kind == "transfer")
        self.assertEqual(entry.points, 30)
        english = "Points of Aino Virtanen moved to Kauppa Oy."
        self.assertEqual(entry.note, english)
        self.assertEqual(entry.note_code, "note_transfer")
        self.assertEqual(self.read_note(entry, self.manager_en), english)
        self.assertEqual(
            self.read_note(entry, self.manager_fi),
            "Asiakkaan Aino Virtanen pisteet siirrettiin kohteeseen Kauppa Oy.",
        )
        self.assertEqual(
            self.read_note(entry, self.manager_fa),
            "امتیازهای Aino Virtanen به Kauppa Oy منتقل شد.",
        )
        self.assertEqual(self.as_user(entry, self.manager_fi).description, "Siirto")

    def test_merge_booked_in_finnish_read_in_english(self):
        duplicate = self.Partner.create({"name": "Aino V."})
        duplicate._post_reward_points(25, "earn", idempotency_key="t:dup")
        env = self.env(
            user=self.manager_fi, context=dict(self.env.context, lang="fi_FI")
        )
        wizard_form = Form(
            env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner",
                active_ids=(self.customer | duplicate).ids,
            )
        )
        wizard_form.dst_partner_id = self.customer.with_env(env)
        wizard_form.save().action_merge()
        entry = self.customer.point_entry_ids.filtered(lambda e: e.kind == "merge")
        self.assertEqual(entry.user_id, self.manager_fi)
        # stored in English although a Finnish user booked it
        self.assertEqual(entry.note, "Merged Aino V. (25.0) into this customer.")
        self.assertEqual(
            self.read_note(entry, self.manager_en),
            "Merged Aino V. (25.0) into this customer.",
        )
        self.assertEqual(
            self.read_note(entry, self.manager_fi),
            "Tähän asiakkaaseen yhdistettiin Aino V. (25.0).",
        )

    def test_opening_import_note_in_reader_language(self):
        self.customer.ref = "C-001"
        self.shop.ref = "C-002"
        wizard = (
            self.env["retail.points.import.wizard"]
            .with_user(self.manager_fi)
            .with_context(lang="fi_FI")
            .create(
                {
                    "file": base64.b64encode(
                        b"customer,points,note\nC-001,10,\nC-002,20,Vanha kortti\n"
                    ),
                    "filename": "avaus.csv",
                }
            )
        )
        wizard.action_import()
        entry = self.customer.point_entry_ids
        self.assertEqual((entry.kind, entry.points), ("opening", 10))
        self.assertEqual(entry.note, "Opening balance")
        self.assertEqual(self.read_note(entry, self.manager_en), "Opening balance")
        self.assertEqual(self.read_note(entry, self.manager_fi), "Alkusaldo")
        self.assertEqual(self.read_note(entry, self.manager_fa), "مانده ابتدای دوره")
        # a note typed in the file stays as typed, for every reader
        typed = self.shop.point_entry_ids
        self.assertFalse(typed.note_code)
        for user in (self.manager_en, self.manager_fi, self.manager_fa):
            self.assertEqual(self.read_note(typed, user), "Vanha kortti")

    def test_note_code_not_writable_over_the_api(self):
        with self.assertRaisesMessage(Exception, "set by the application"):
            self.Entry.with_user(self.manager_en).create(
                {
                    "partner_id": self.customer.id,
                    "kind": "adjust",
                    "points": 3,
                    "note": "API",
                    "note_code": "note_opening_balance",
                }
            )

    def test_entry_list_shows_the_note_in_the_reader_language(self):
        views = self.as_user(self.Entry, self.manager_fi).get_views(
            [(False, "list"), (False, "form")]
        )
        for view in ("list", "form"):
            arch = views["views"][view]["arch"]
            self.assertIn('name="note_text"', arch)
            self.assertNotIn('name="note"', arch)

    # -- the suspicious activity list --------------------------------------------
    def _wizard(self, user, mode, points, origin=False):
        wizard = (
            self.env["retail.points.adjust.wizard"]
            .with_user(user)
            .with_context(lang=user.lang)
            .create(
                {
                    "partner_id": self.customer.id,
                    "mode": mode,
                    "points": points,
                    "note": "Tarkistettu",
                    "origin": origin,
                }
            )
        )
        wizard.action_confirm()

    def _activity(self, user, kind):
        return self.as_user(self.env["retail.suspicious.activity"], user).search(
            [("kind", "=", kind), ("partner_id", "=", self.customer.id)]
        )

    def test_suspicious_list_in_reader_language(self):
        self.company.write(
            {"retail_suspicious_points": 100.0, "retail_suspicious_transactions": 3}
        )
        # booked by an English manager: a large adjustment, and a day of
        # redemptions by hand next to a sale and a typed reference
        self.customer._post_reward_points(
            500,
            "earn",
            origin="POS/0001",
            res_model="res.partner",
            res_id=self.shop.id,
            idempotency_key="t:sale",
        )
        self._wizard(self.manager_en, "adjust", 150)
        for _index in range(2):
            self._wizard(self.manager_en, "redeem", 10)
        self._wizard(self.manager_en, "redeem", 10, origin="Kassa 3, kuitti 17")
        manual = self._activity(self.manager_fi, "manual")
        self.assertEqual(manual.origin, "Manual adjustment")
        self.assertEqual(manual.origin_text, "Käsin tehty oikaisu")
        self.assertEqual(
            self._activity(self.manager_fa, "manual").origin_text, "اصلاح دستی"
        )
        self.assertEqual(
            self._activity(self.manager_en, "manual").origin_text,
            "Manual adjustment",
        )
        row = self._activity(self.manager_fi, "transactions")
        self.assertEqual(row.transactions, 4)
        # stored: English, each text once; shown: the application's text in
        # Finnish, the typed reference (with its comma) and the sale as they are
        self.assertEqual(
            sorted(row.origin.split(", ")),
            ["Kassa 3", "Manual redemption", "POS/0001", "kuitti 17"],
        )
        self.assertEqual(
            row.origin_text,
            row.origin.replace("Manual redemption", "Käsin tehty lunastus"),
        )
        self.assertEqual(len(row.origin_terms), 1)
        # searched in the stored references, shown in Finnish
        found = self.as_user(self.env["retail.suspicious.activity"], self.manager_fi)
        self.assertEqual(
            found.search(
                [
                    ("partner_id", "=", self.customer.id),
                    ("origin_text", "ilike", "Manual adjustment"),
                ]
            ),
            manual,
        )
        # the list shows the rendered column
        arch = found.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="origin_text"', arch)
        self.assertNotIn('name="origin"', arch)
        # the daily digest, read in Finnish (its rows are those of the view)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT * FROM retail_suspicious_activity WHERE partner_id = %s "
            "ORDER BY kind",
            [self.customer.id],
        )
        rows = self.env.cr.dictfetchall()
        lines = found.with_context(lang="fi_FI")._retail_digest_lines(rows)
        self.assertEqual(
            [sorted(line["origin"].split(", ")) for line in lines],
            [
                ["Käsin tehty oikaisu"],
                ["Kassa 3", "Käsin tehty lunastus", "POS/0001", "kuitti 17"],
            ],
        )

    def test_suspicious_list_without_application_texts_reads_stored(self):
        self.company.write({"retail_suspicious_points": 100.0})
        self._wizard(self.manager_en, "adjust", 150, origin="Kassa 3 / kuitti 17")
        row = self._activity(self.manager_fi, "manual")
        self.assertFalse(row.origin_terms)
        self.assertEqual(row.origin_text, "Kassa 3 / kuitti 17")
