# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.2.4.0: points precision per company (whole or two decimals). New
databases count whole points; the companies of a database that booked points
before keep counting them as they did, with two decimals, until a manager
changes the setting (which never rewrites booked entries)."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    if not openupgrade.column_exists(env.cr, "res_company", "retail_points_precision"):
        openupgrade.logged_query(
            env.cr,
            "ALTER TABLE res_company ADD COLUMN retail_points_precision varchar",
        )
    openupgrade.logged_query(
        env.cr,
        "UPDATE res_company SET retail_points_precision = 'decimal' "
        "WHERE retail_points_precision IS NULL",
    )
