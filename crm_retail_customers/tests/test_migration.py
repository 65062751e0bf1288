# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

MIGRATIONS = Path(__file__).parent.parent / "migrations"


def load_migration(version, name):
    """The ``migrate`` function of a migration script (its file name is not
    a module name)."""
    path = MIGRATIONS / version / f"{name}.py"
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
