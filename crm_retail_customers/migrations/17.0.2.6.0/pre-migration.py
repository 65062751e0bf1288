# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.2.6.0: the product of the points discount lines moves from the Point
of Sale bridge to the core, where invoices and quotations find it too. Its
XML ids (the variant's and its template's) move with it before the core's
data is loaded: the product stays the same record (the points discount lines
of past orders keep being recognised) and no second one is created."""

from openupgradelib import openupgrade

NAMES = (
    "product_retail_points_redemption",
    "product_retail_points_redemption_product_template",
)


@openupgrade.migrate()
def migrate(env, version):
    for name in NAMES:
        env.cr.execute(
            "SELECT 1 FROM ir_model_data WHERE module = 'crm_retail_customers' "
            "AND name = %s",
            [name],
        )
        if env.cr.fetchone():
            continue
        openupgrade.rename_xmlids(
            env.cr,
            [(f"crm_retail_customers_pos.{name}", f"crm_retail_customers.{name}")],
        )
