# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.2.2.0: a customer type makes its own sequence from a prefix and a
number of digits. The types of the database keep their sequence: they show
its prefix and digits, so that changing them changes that sequence."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE retail_customer_type t
           SET sequence_prefix = s.prefix,
               sequence_padding = s.padding
          FROM ir_sequence s
         WHERE s.id = t.sequence_id
        """,
    )
