# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A join form submitted twice at the same instant (a double click served by
two Odoo workers): two parallel transactions on real PostgreSQL make one
enrolment and book one welcome bonus.

(The HTTP tests cannot show it: the test server runs every request on the
test's one cursor, one after the other.)"""

from psycopg2 import errorcodes

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import RetailConcurrencyCase

SETTINGS = ("retail_welcome_points", "retail_welcome_on_enrol")


@tagged("post_install", "-at_install", "retail_concurrency")
class TestPortalJoinConcurrency(RetailConcurrencyCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            portal = env.ref("base.demo_user0")
            self.assertTrue(portal.share)
            company = portal.company_id
            self.settings = {name: company[name] for name in SETTINGS}
            company.write(
                {"retail_welcome_points": 40, "retail_welcome_on_enrol": True}
            )
            partner = env["res.partner"].create({"name": "Double click"})
            self.partner_id, self.user_id = partner.id, portal.id
            self.company_id = company.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            # test data only: the ledger is insert-only for the application
            cr.execute(
                "DELETE FROM retail_point_entry WHERE partner_id = %s",
                [self.partner_id],
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.company"].browse(self.company_id).write(self.settings)

    def _join(self):
        def join(env):
            # as the route: the portal user's env, sudo on their customer
            env = env(user=self.user_id)
            customer = env["res.partner"].sudo().browse(self.partner_id)
            return customer._retail_enrol("portal").ids

        # the loser of the race waits for the winner's row lock, then gets a
        # serialization failure (retried: it then finds a member) or, on
        # the bonus's key, a unique violation (retried likewise)
        return self.run_retrying(
            join, 30, 0.01, 5, retry=(errorcodes.UNIQUE_VIOLATION,)
        )

    def test_double_submit_one_enrolment_one_bonus(self):
        joined = self.run_parallel([self._join, self._join], 120)
        self.assertEqual(sorted(joined), [[], [self.partner_id]])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT retail_member, retail_member_source, retail_member_user_id,"
                " reward_points FROM res_partner WHERE id = %s",
                [self.partner_id],
            )
            self.assertEqual(cr.fetchone(), (True, "portal", self.user_id, 40))
            cr.execute(
                "SELECT idempotency_key FROM retail_point_entry WHERE partner_id = %s",
                [self.partner_id],
            )
            self.assertEqual(cr.fetchall(), [(f"welcome:{self.partner_id}",)])
