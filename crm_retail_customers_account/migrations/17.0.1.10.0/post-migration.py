# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.1.10.0: an invoice posted again earns at the tier it first earned
at (``account.move.retail_points_tier_id``). Invoices that earned before the
upgrade did not record it: they keep their customer's tier of today, which
is what a new posting of them used until now."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE account_move move
           SET retail_points_tier_id = partner.reward_tier_id
          FROM res_partner partner
         WHERE partner.id = move.commercial_partner_id
           AND move.move_type = 'out_invoice'
           AND partner.reward_tier_id IS NOT NULL
           AND EXISTS (
                SELECT 1 FROM retail_point_entry entry
                 WHERE entry.res_model = 'account.move'
                   AND entry.res_id = move.id
                   AND entry.partner_id = move.commercial_partner_id)
        """,
    )
