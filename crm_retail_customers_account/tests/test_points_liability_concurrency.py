# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The points liability posted by two servers at the same moment (two Odoo
processes running the daily job, or an accountant's button during the job):
transactions of their own that commit, on real PostgreSQL."""

from datetime import datetime

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import RetailConcurrencyCase

CUTOFF = datetime(2020, 2, 1)


@tagged("post_install", "-at_install", "retail_concurrency")
class TestPointsLiabilityConcurrency(RetailConcurrencyCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.company_id = env.company.id
            self.assertTrue(env.company.retail_liability_account_id)
            partner = env["res.partner"].create({"name": "Liability customer"})
            partner._post_reward_points(
                100, "adjust", note="Concurrency", date=datetime(2020, 1, 15, 12)
            )
            self.partner_id = partner.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            # Test data only: postings and the ledger cannot be undone by the
            # application.
            cr.execute(
                "SELECT DISTINCT liability_move_id FROM retail_point_entry "
                "WHERE partner_id = %s AND liability_move_id IS NOT NULL",
                [self.partner_id],
            )
            move_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute(
                "DELETE FROM retail_point_entry WHERE partner_id = %s",
                [self.partner_id],
            )
            cr.execute("DELETE FROM account_move_line WHERE move_id IN %s", [move_ids])
            cr.execute("DELETE FROM account_move WHERE id IN %s", [move_ids])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])

    def _post(self):
        def post(env):
            company = env["res.company"].browse(self.company_id)
            return company._retail_post_points_liability(CUTOFF).ids

        return self.run_retrying(post, 5, 0.01, 3)

    def test_two_servers_post_once(self):
        """Both runs go through; the first posts, the second waits for it
        and finds nothing left: the liability is posted exactly once."""
        first, second = self.run_parallel([self._post, self._post], 120)
        self.assertEqual(len(first) + len(second), 1)
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT e.liability_move_id, l.retail_liability_points, l.credit
                     FROM retail_point_entry e
                     JOIN account_move_line l ON l.move_id = e.liability_move_id
                    WHERE e.partner_id = %s AND l.retail_liability_kind IS NOT NULL""",
                [self.partner_id],
            )
            rows = cr.fetchall()
        value = self._point_value()
        self.assertEqual(rows, [((first + second)[0], 100.0, round(100 * value, 2))])

    def _point_value(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["res.company"].browse(self.company_id).retail_point_value
