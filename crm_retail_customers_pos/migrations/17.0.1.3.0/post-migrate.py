# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.1.3.0 marks every order whose points were booked
(``retail_points_booked``), so that no path books it again. Orders paid
before the upgrade were booked when they became paid, unless their booking
failed (they keep their points error and a retail manager books them)."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE pos_order
           SET retail_points_booked = TRUE
         WHERE state IN ('paid', 'done', 'invoiced')
           AND COALESCE(retail_points_error, '') = ''
        """,
    )
