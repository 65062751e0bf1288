# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATIONS = Path(__file__).parent.parent / "migrations"


def load_migration(version, name):
    """The ``migrate`` function of a migration script (its file name is not
    a module name)."""
    path = MIGRATIONS / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{name}_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.migrate


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
