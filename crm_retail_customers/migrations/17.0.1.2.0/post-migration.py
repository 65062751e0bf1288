# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    """The points expiry job moved from ``res.partner`` to the model that
    owns the rule, ``retail.point.entry``. Its record is ``noupdate``, so the
    upgrade does not touch it: point it to the new model here."""
    cron = env.ref(
        "crm_retail_customers.ir_cron_expire_reward_points", raise_if_not_found=False
    )
    if cron:
        cron.write(
            {
                "model_id": env.ref("crm_retail_customers.model_retail_point_entry").id,
                "code": "model._cron_expire_reward_points()",
            }
        )
