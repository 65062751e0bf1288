# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The points liability posted by two servers at the same moment (two Odoo
processes running the daily job, or an accountant's button during the job):
transactions of their own that commit, on real PostgreSQL."""

from datetime import datetime

from psycopg2.errors import SerializationFailure

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
            move_ids = tuple(
                {row[0] for row in cr.fetchall()} | set(getattr(self, "moves", ()))
            ) or (0,)
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

    def test_revaluation_once_after_waiting(self):
        """A posting that waited for another one works on a snapshot taken
        before the other committed (a request's first query, the job's
        search of the companies). With no ledger entry left to carry,
        nothing conflicted: the second revaluation drew the first one's
        journal entry number again and failed on its unique name, a
        "duplicate key" error (shown to the accountant, stored as the
        company's liability error by the job). It now fails as a concurrent
        update before it posts anything, and its retry (Odoo's RPC layer)
        finds the change revalued once."""
        first = self._post()
        self.assertEqual(len(first), 1)
        self.moves = list(first)
        value = self._point_value()
        self._set_point_value(value * 2)
        self.addCleanup(self._set_point_value, value)
        with self.registry.cursor() as stale:
            # the second server's transaction starts: its snapshot is taken
            stale.execute("SELECT 1 FROM res_company LIMIT 1")
            revaluation = self._post()
            self.assertEqual(len(revaluation), 1)
            self.moves += revaluation
            env = api.Environment(stale, SUPERUSER_ID, {})
            company = env["res.company"].browse(self.company_id)
            with self.assertRaises(SerializationFailure):
                company._retail_post_points_liability(CUTOFF)
            stale.rollback()
        # retried: nothing left to post
        self.assertEqual(self._post(), [])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].browse(self.company_id)
            points, amount = company._retail_liability_carried()
            self.assertEqual(
                company.currency_id.round(points * value * 2),
                company.currency_id.round(amount),
            )

    def test_job_leaves_posting_to_the_other_run(self):
        """The daily job whose snapshot predates another posting of the
        company leaves the company to that posting: no error, no error
        stored in the company's settings, nothing posted twice."""
        self.moves = list(self._post())
        value = self._point_value()
        self._set_point_value(value * 2)
        self.addCleanup(self._set_point_value, value)
        with self.registry.cursor() as stale:
            stale.execute("SELECT 1 FROM res_company LIMIT 1")
            self.moves += self._post()
            env = api.Environment(stale, SUPERUSER_ID, {})
            env["res.company"]._cron_retail_post_points_liability()
            env.flush_all()
            company = env["res.company"].browse(self.company_id)
            self.assertFalse(company.retail_liability_error)
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT COUNT(DISTINCT l.move_id) FROM account_move_line l
                    WHERE l.company_id = %s
                      AND l.retail_liability_kind = 'revaluation'""",
                [self.company_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def _set_point_value(self, value):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.company"].browse(self.company_id).retail_point_value = value

    def _point_value(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["res.company"].browse(self.company_id).retail_point_value
