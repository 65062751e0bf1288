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
