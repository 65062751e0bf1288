# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    """The points liability came with 17.0.1.5.0: existing companies get its
    accounts and journal as new installations do."""
    env["res.company"].search([])._retail_setup_liability_accounts()
