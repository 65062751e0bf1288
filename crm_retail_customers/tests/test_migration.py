# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

MIGRATIONS = Path(__file__).parent.parent / "migrations"


def load_migration(version, name, migrations=MIGRATIONS):
    """The ``migrate`` function of a migration script (its file name is not
    a module name); ``migrations``: the addon's migrations folder (this
    addon's by default)."""
    path = migrations / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{name}_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def migrate(cr, version):
        # openupgradelib's decorator logs that it is not called by Odoo's
        # upgrade (it reads the stage and the file from the caller's frame)
        with mute_logger("OpenUpgrade"):
            return module.migrate(cr, version)

    return migrate


@tagged("post_install", "-at_install")
class TestMigration17012(TransactionCase):
    """17.0.1.2.0: the rules moved to the models that own them."""

    def test_expiry_job_moves_to_the_ledger(self):
        cron = self.env.ref("crm_retail_customers.ir_cron_expire_reward_points")
        self.assertEqual(cron.model_id.model, "retail.point.entry")
        # a database upgraded from 17.0.1.1.0 still has the job on res.partner
        # (the record is noupdate)
        cron.model_id = self.env.ref("base.model_res_partner")
        load_migration("17.0.1.2.0", "post-migration")(self.env.cr, "17.0.1.1.0")
        cron.invalidate_recordset()
        self.assertEqual(cron.model_id.model, "retail.point.entry")
        self.assertEqual(cron.code.strip(), "model._cron_expire_reward_points()")
        # the job runs on its model
        cron.method_direct_trigger()

    def test_partner_fields_renamed(self):
        """The pre-migration renames the stored column and the field rows, so
        that the values and whatever points to the fields are kept."""
        cr = self.env.cr
        person = self.env["res.partner"].create(
            {"name": "Born in May", "birthdate": "1990-05-17"}
        )
        self.env.flush_all()
        field_ids = {
            name: self.env["ir.model.fields"]._get("res.partner", name).id
            for name in ("retail_birth_month", "retail_age")
        }
        # the schema of 17.0.1.1.0
        cr.execute(
            "ALTER TABLE res_partner RENAME COLUMN retail_birth_month TO birth_month"
        )
        cr.execute(
            "UPDATE ir_model_fields SET name = substr(name, 8) "
            "WHERE model = 'res.partner' AND name IN %s",
            [tuple(field_ids)],
        )
        load_migration("17.0.1.2.0", "pre-migration")(cr, "17.0.1.1.0")
        cr.execute(
            "SELECT retail_birth_month FROM res_partner WHERE id = %s", [person.id]
        )
        self.assertEqual(cr.fetchone()[0], 5)
        cr.execute(
            "SELECT name, id FROM ir_model_fields "
            "WHERE model = 'res.partner' AND id IN %s",
            [tuple(field_ids.values())],
        )
        self.assertEqual(dict(cr.fetchall()), field_ids)
        self.assertEqual(
            self.env.ref(
                "crm_retail_customers.field_res_partner__retail_birth_month"
            ).id,
            field_ids["retail_birth_month"],
        )


@tagged("post_install", "-at_install")
class TestMigration17026(TransactionCase):
    """17.0.2.6.0: the tier upgrade e-mail tells since when the customer is a
    member (the date in their calendar); a database's template that is still
    the one shipped gets it, a changed one is kept."""

    OLD_BODY = """<div style="margin: 0px; padding: 0px;">
    <p style="margin: 0px; padding: 0px;">
        Dear <t t-out="object.name or ''">Customer</t>,
        <br><br>
        Thank you for your loyalty: you have reached the tier
        <strong t-out="object.reward_tier_id.name or ''">Gold</strong>.
        Your balance is <t t-out="object.reward_points or 0">0</t> points.
        <br><br>
        See you soon!
    </p>
</div>
        """

    def setUp(self):
        super().setUp()
        self.template = self.env.ref(
            "crm_retail_customers.mail_template_retail_tier_upgrade"
        )

    def test_shipped_template_gets_the_member_since_line(self):
        self.template.body_html = self.OLD_BODY
        load_migration("17.0.2.6.0", "post-migrate")(self.env.cr, "17.0.2.5.0")
        self.template.invalidate_recordset()
        body = str(self.template.body_html)
        self.assertIn("format_date(object.retail_member_since)", body)
        self.assertIn("See you soon!", body)

    def test_changed_template_is_kept(self):
        changed = self.OLD_BODY.replace("See you soon!", "Thanks, the shop team")
        self.template.body_html = changed
        load_migration("17.0.2.6.0", "post-migrate")(self.env.cr, "17.0.2.5.0")
        self.template.invalidate_recordset()
        body = str(self.template.body_html)
        self.assertIn("Thanks, the shop team", body)
        self.assertNotIn("retail_member_since", body)


@tagged("post_install", "-at_install")
class TestMigration170220(TransactionCase):
    """17.0.2.20.0: card numbers saved with Persian or Arabic-Indic digits
    (before 17.0.2.19.2, with the EAN-13 check off) are written with the
    digits a scan is read as; a number another card has already is kept."""

    PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

    def saved_before(self, card):
        """``card`` as 17.0.2.19.1 saved it when typed on a Persian keyboard."""
        typed = card.number.translate(self.PERSIAN)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE retail_card SET number = %s WHERE id = %s", [typed, card.id]
        )
        self.env.cr.execute(
            "UPDATE res_partner SET card_number = %s WHERE id = %s",
            [typed, card.partner_id.id],
        )
        self.env.invalidate_all()
        return typed

    def test_numbers_in_persian_digits_are_found_again(self):
        Partner = self.env["res.partner"]
        Card = self.env["retail.card"]
        self.env.company.retail_card_check_ean13 = False
        sara = Partner.create({"name": "Sara Ahmadi"})
        card = Card.create({"partner_id": sara.id})
        number = card.number
        typed = self.saved_before(card)
        # a scan (ASCII digits, as Card._normalize_number reads it) misses it
        self.assertFalse(Card.search([("number", "=", number)]))
        self.assertEqual(Partner.name_search(number), [])
        # a card with a number read as another card's: both are kept
        reza = Partner.create({"name": "Reza Karimi"})
        first = Card.create({"partner_id": reza.id})
        other = Card.create({"partner_id": Partner.create({"name": "Other"}).id})
        self.saved_before(other)
        twin = first.number.translate(self.PERSIAN)
        self.env.cr.execute(
            "UPDATE retail_card SET number = %s WHERE id = %s", [twin, other.id]
        )
        with self.assertLogs(level="WARNING") as logs:
            load_migration("17.0.2.20.0", "post-migrate")(self.env.cr, "17.0.2.19.2")
        self.assertIn(f"the number of card {first.id}", logs.output[0])
        self.assertNotEqual(number, typed)
        self.assertEqual(card.number, number)
        self.assertEqual(sara.card_number, number)
        self.assertEqual(Card.search([("number", "=", number)]), card)
        self.assertEqual([pid for pid, _name in Partner.name_search(number)], [sara.id])
        self.assertEqual(other.number, twin)
        self.assertEqual(first.number.translate(self.PERSIAN), twin)


@tagged("post_install", "-at_install")
class TestMigration170221(TransactionCase):
    """17.0.2.21.0: national IDs saved with Persian or Arabic-Indic digits
    or full-width letters (before 17.0.2.21.0 they were stored as typed) are
    written as the checkers read them now (the digits 0-9, ASCII letters); a
    number another customer holds already is kept."""

    PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

    def saved_before(self, partner):
        """``partner``'s national ID as 17.0.2.20.0 saved it when typed on a
        Persian keyboard."""
        number = partner.id_numbers
        typed = number.name.translate(self.PERSIAN)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner_id_number SET name = %s WHERE id = %s",
            [typed, number.id],
        )
        self.env.invalidate_all()
        return typed

    def test_national_ids_in_persian_digits_are_found_again(self):
        Partner = self.env["res.partner"]
        iran = self.env.ref("base.ir")
        sara = Partner.create(
            {"name": "Sara Ahmadi", "country_id": iran.id, "company_id": False}
        )
        sara.retail_national_id = "0062345672"
        typed = self.saved_before(sara)
        self.assertFalse(Partner.search([("id_numbers.name", "=", "0062345672")]))
        # a number another customer holds in ASCII digits: both kept
        reza = Partner.create(
            {"name": "Reza Karimi", "country_id": iran.id, "company_id": False}
        )
        reza.retail_national_id = "0010350829"
        other = Partner.create(
            {"name": "Other", "country_id": iran.id, "company_id": self.env.company.id}
        )
        other.retail_national_id = "4608968882"
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner_id_number SET name = %s WHERE id = %s",
            ["0010350829".translate(self.PERSIAN), other.id_numbers.id],
        )
        self.env.invalidate_all()
        with self.assertLogs(level="WARNING") as logs:
            load_migration("17.0.2.21.0", "post-migrate")(self.env.cr, "17.0.2.20.0")
        self.assertIn(f"the number of ID {reza.id_numbers.id}", logs.output[0])
        self.assertNotEqual(typed, "0062345672")
        self.assertEqual(sara.id_numbers.name, "0062345672")
        self.assertEqual(
            Partner.search([("retail_national_id", "=", "0062345672")]), sara
        )
        self.assertEqual(other.id_numbers.name, "0010350829".translate(self.PERSIAN))

    def test_national_ids_in_fullwidth_letters_are_found_again(self):
        """Attack: a number of a country whose rules are not checked, saved
        with full-width letters (a CJK keyboard: 'Ｌ０１Ｘ００Ｔ４７'), was
        left as it was (only the digits were read), though the checkers now
        read it as 'L01X00T47': never found by the search, and a duplicate of
        that number escaped the check. It is written as the checkers read
        it; one that another customer already holds is kept and logged."""
        Partner = self.env["res.partner"]
        germany = self.env.ref("base.de")
        anna, berta, clara = Partner.create(
            [
                {"name": name, "country_id": germany.id, "company_id": False}
                for name in ("Anna Fullwidth", "Berta Holder", "Clara Twin")
            ]
        )
        anna.retail_national_id = "L01X00T47"
        berta.retail_national_id = "M02Y00T48"
        clara.retail_national_id = "N03Z00T49"
        self.env.flush_all()
        for partner, saved in (
            (anna, "Ｌ０１Ｘ００Ｔ４７"),
            # as 17.0.2.20.0 saved it: its digits read, its letters as typed
            (clara, "Ｍ02Ｙ00Ｔ48"),
        ):
            self.env.cr.execute(
                "UPDATE res_partner_id_number SET name = %s WHERE id = %s",
                [saved, partner.id_numbers.id],
            )
        self.env.invalidate_all()
        self.assertFalse(Partner.search([("id_numbers.name", "=", "L01X00T47")]))
        with self.assertLogs(level="WARNING") as logs:
            load_migration("17.0.2.21.0", "post-migrate")(self.env.cr, "17.0.2.20.0")
        self.assertIn(f"the number of ID {berta.id_numbers.id}", logs.output[0])
        self.assertEqual(anna.id_numbers.name, "L01X00T47")
        self.assertEqual(
            Partner.search([("retail_national_id", "=", "L01X00T47")]), anna
        )
        self.assertEqual(clara.id_numbers.name, "Ｍ02Ｙ00Ｔ48")
