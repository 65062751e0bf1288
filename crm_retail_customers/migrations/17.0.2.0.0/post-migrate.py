# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.2.0.0 reserves points to loyalty members (company setting, on by
default). Every customer who held a card or had ledger entries before the
upgrade becomes a member, so that nobody loses the right to earn or redeem
the points they have: member since their first card or entry, enrolled
through the upgrade (no welcome bonus)."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        WITH holders AS (
            SELECT p.commercial_partner_id AS partner_id, MIN(c.issue_date) AS since
              FROM retail_card c
              JOIN res_partner p ON p.id = c.partner_id
          GROUP BY p.commercial_partner_id
             UNION ALL
            SELECT e.partner_id, MIN(e.date)::date
              FROM retail_point_entry e
          GROUP BY e.partner_id
        )
        UPDATE res_partner p
           SET retail_member = TRUE,
               retail_member_since = COALESCE(h.since, p.create_date::date),
               retail_member_source = 'upgrade'
          FROM (SELECT partner_id, MIN(since) AS since
                  FROM holders GROUP BY partner_id) h
         WHERE p.id = h.partner_id
           AND NOT COALESCE(p.retail_member, FALSE)
        """,
    )
