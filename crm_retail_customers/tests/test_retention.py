# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Retention of inactive customers (``res.company.retail_retention_years``,
``retail.retention.candidate``, the daily job ``_cron_retail_retention``):
who is listed, when they are erased, exclusions, customers active again,
who may see and change the list, and the cost of the query at scale. The
failure of one erasure in a batch is tested by the account bridge (a draft
invoice refuses the erasure: crm_retail_customers_account/tests/
test_retention.py)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CONTACT_CLERK, RETAIL_MANAGER, RETAIL_USER, RetailCase, company_user

#: The day the job first runs (the customers below were last active in 2019).
DAY0 = "2026-03-02 12:00:00"
#: 29 days later: not erased yet.
DAY29 = "2026-03-31 12:00:00"
#: 30 days later: erased.
DAY30 = "2026-04-01 12:00:00"


@tagged("post_install", "-at_install")
class TestRetention(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_company_rules(retail_points_validity_months=0)
        cls.company.retail_retention_years = 3
        cls.Candidate = cls.env["retail.retention.candidate"]
        # what other tests or the demo data left must not be listed
        cls.env["res.company"].search([("id", "!=", cls.company.id)]).write(
            {"retail_retention_years": 0}
        )
        cls.sleeper = cls.customer("Uinuva Asiakas")
        cls.active = cls.customer("Aktiivinen Asiakas")
        with freeze_time("2025-06-01 12:00:00"):
            cls.active._post_reward_points(10.0, "earn")
        # a company whose contact bought recently: the company is active
        cls.firm = cls.customer("Firma Oy", is_company=True)
        cls.firm_contact = cls.customer("Firman Kontakti", parent_id=cls.firm.id)
        with freeze_time("2025-06-01 12:00:00"):
            cls.firm_contact._post_reward_points(5.0, "earn")
        # an old ledger entry does not make a customer active
        cls.old_buyer = cls.customer("Vanha Ostaja")
        with freeze_time("2020-02-01 12:00:00"):
            cls.old_buyer._post_reward_points(7.0, "earn")

    @classmethod
    def customer(cls, name, since="2019-01-15", **values):
        return cls.Partner.create(
            {"name": name, "email": f"{name.split()[0].lower()}@example.com"}
            | {"customer_since": since}
            | values
        )

    def run_job(self, day):
        with freeze_time(day):
            self.Candidate._cron_retail_retention()
        self.env.invalidate_all()

    def erase_listed_before(self, partner):
        """``partner`` listed by this company's job before (warned, its 30
        days over), then the erasure run on DAY30: the row."""
        row = self.Candidate._retail_create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "last_activity_date": date(2020, 2, 1),
                "warning_date": date(2026, 3, 2),
                "state": "warned",
            }
        )
        with freeze_time(DAY30):
            self.Candidate.sudo()._retail_erase(row)
        self.env.invalidate_all()
        return row

    def rows(self, partners):
        return self.Candidate.search([("partner_id", "in", partners.ids)])

    def login(self, user, day):
        """A login of ``user`` on ``day`` (the row Odoo's login writes)."""
        self.env.flush_all()
        self.env.cr.execute(
            "INSERT INTO res_users_log (create_uid, write_uid, create_date, write_date)"
            " VALUES (%s, %s, %s, %s)",
            [user.id, user.id, day, day],
        )

    # -- the setting --------------------------------------------------------
    def test_negative_years_refused(self):
        with self.assertRaises(ValidationError):
            self.company.retail_retention_years = -1

    def test_zero_years_lists_and_erases_nothing(self):
        self.run_job(DAY0)
        self.assertTrue(self.rows(self.sleeper))
        self.company.retail_retention_years = 0
        self.run_job(DAY30)
        self.assertFalse(self.rows(self.sleeper | self.old_buyer))
        self.assertFalse(self.sleeper.retail_forgotten)
        self.assertEqual(self.sleeper.name, "Uinuva Asiakas")

    # -- listing, erasure -------------------------------------------------------
    def test_inactive_listed_then_erased_after_30_days(self):
        self.run_job(DAY0)
        row = self.rows(self.sleeper)
        self.assertRecordValues(
            row,
            [
                {
                    "state": "warned",
                    "warning_date": date(2026, 3, 2),
                    "erase_date": date(2026, 4, 1),
                    "last_activity_date": date(2019, 1, 15),
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(self.rows(self.old_buyer).last_activity_date, date(2020, 2, 1))
        # active customers, a company whose contact is active, contacts
        # (their company is the customer) are not listed
        self.assertFalse(self.rows(self.active | self.firm | self.firm_contact))
        # internal users' partners and the company's own partner neither
        self.assertFalse(
            self.rows(self.user_manager.partner_id | self.company.partner_id)
        )
        # the company's managers are told how many (nothing personal)
        note = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.company.partner_id.id),
                ("partner_ids", "in", self.user_manager.partner_id.ids),
            ]
        )
        self.assertEqual(len(note), 1)
        listed = self.Candidate.search_count([("company_id", "=", self.company.id)])
        self.assertIn(f"{listed} inactive customers", note.body)
        self.assertIn("04/01/2026", note.body)
        self.assertNotIn("Uinuva", note.body)
        self.assertNotIn(self.user_retail.partner_id, note.partner_ids)
        # a second run lists nobody twice, and tells nobody
        notes = [
            ("model", "=", "res.partner"),
            ("res_id", "=", self.company.partner_id.id),
        ]
        count = self.env["mail.message"].search_count(notes)
        self.run_job(DAY0)
        self.assertEqual(len(self.rows(self.sleeper)), 1)
        self.assertEqual(self.env["mail.message"].search_count(notes), count)

        self.run_job(DAY29)
        self.assertEqual(row.state, "warned")
        self.assertFalse(self.sleeper.retail_forgotten)
        self.assertEqual(self.sleeper.name, "Uinuva Asiakas")

        self.run_job(DAY30)
        self.assertEqual(row.state, "erased")
        self.assertTrue(self.sleeper.retail_forgotten)
        self.assertNotIn("Uinuva", self.sleeper.name)
        self.assertFalse(self.sleeper.email)
        log = self.env["retail.erasure.log"].search(
            [("partner_id", "=", self.sleeper.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.env.user)
        # the old buyer's balance was closed by the erasure
        self.assertEqual(self.rows(self.old_buyer).state, "erased")
        self.assertEqual(
            self.old_buyer.with_context(active_test=False).reward_points, 0
        )
        # an erased customer is never listed again
        self.run_job("2026-05-01 12:00:00")
        self.assertEqual(len(self.rows(self.sleeper)), 1)

    def test_excluded_never_erased(self):
        self.run_job(DAY0)
        row = self.rows(self.sleeper).with_user(self.user_manager)
        with self.assertRaises(UserError):
            row.action_retail_exclude()  # no reason
        row.exclusion_reason = "Court case pending"
        row.action_retail_exclude()
        self.assertEqual(row.state, "excluded")
        self.assertEqual(row.excluded_by, self.user_manager)
        self.run_job(DAY30)
        self.run_job("2027-03-02 12:00:00")
        self.assertEqual(row.state, "excluded")
        self.assertFalse(self.sleeper.retail_forgotten)
        # put back on the list: warned again from that day
        with freeze_time("2027-03-02 12:00:00"):
            row.action_retail_include()
        self.assertEqual(row.state, "warned")
        self.assertEqual(row.erase_date, date(2027, 4, 1))
        self.run_job("2027-03-31 12:00:00")
        self.assertFalse(self.sleeper.retail_forgotten)
        self.run_job("2027-04-01 12:00:00")
        self.assertTrue(self.sleeper.retail_forgotten)

    def test_erasure_empties_the_typed_texts(self):
        self.run_job(DAY0)
        row = self.rows(self.sleeper).with_user(self.user_manager)
        row.exclusion_reason = "Uinuva Asiakas asked to stay"
        row.action_retail_exclude()
        # erased on request nevertheless: the list keeps no name
        self.sleeper.with_user(self.user_manager).action_retail_forget()
        self.assertRecordValues(
            row, [{"state": "erased", "exclusion_reason": False, "error": False}]
        )

    def test_active_again_leaves_the_list(self):
        buyer = self.customer("Palaava Ostaja")
        contact = self.customer(
            "Kontakti", parent_id=(self.customer("Yhtiö", is_company=True)).id
        )
        portal = new_test_user(
            self.env, login="retention_portal", groups="base.group_portal"
        )
        portal.partner_id.customer_since = "2019-01-15"
        self.run_job(DAY0)
        listed = self.rows(self.sleeper | buyer | contact.parent_id | portal.partner_id)
        self.assertEqual(len(listed), 4)
        with freeze_time("2026-03-10 12:00:00"):
            buyer._post_reward_points(3.0, "earn")
            # a contact's activity counts for its company
            contact._post_reward_points(2.0, "adjust", note="Goodwill")
        self.login(portal, "2026-03-11 09:00:00")
        self.run_job("2026-03-12 12:00:00")
        self.assertEqual(
            self.rows(buyer | contact.parent_id | portal.partner_id), self.Candidate
        )
        self.run_job(DAY30)
        self.assertEqual(self.rows(self.sleeper).state, "erased")
        for partner in (buyer, contact, contact.parent_id, portal.partner_id):
            self.assertFalse(partner.retail_forgotten, partner.name)

    def test_expiry_is_no_activity(self):
        with freeze_time("2026-02-01 12:00:00"):
            self.old_buyer._post_reward_points(-7.0, "expire")
        self.run_job(DAY0)
        self.assertEqual(self.rows(self.old_buyer).state, "warned")

    # -- shared customers of several companies ---------------------------------
    def keeper_company(self):
        """A company that keeps its customers (no retention period), with
        its points rules."""
        keeper = self.env["res.company"].create(
            {"name": "Retention Keeper Shop", "retail_retention_years": 0}
        )
        keeper.retail_points_validity_months = 0
        return keeper

    def test_shared_customer_of_a_keeping_company_is_not_erased(self):
        """Attack: a shared customer (no company) whose points are another
        company's, which keeps its customers (retention 0), used to be
        listed and erased by this company's job: the job called the worker
        ``_retail_forget`` and skipped the company check of the manual
        erasure, which refuses it (their points are the other company's
        liability, the other company's to erase). Such a customer is not
        listed, and a contact of the other company under a shared customer
        company neither."""
        keeper = self.keeper_company()
        shared = self.customer("Jaettu Asiakas", company_id=False)
        with freeze_time("2020-02-01 12:00:00"):
            shared.with_company(keeper)._post_reward_points(
                500.0, "earn", company_id=keeper.id
            )
        firm = self.customer("Jaettu Yhtiö", is_company=True, company_id=False)
        self.customer("Toisen Kontakti", parent_id=firm.id).company_id = keeper
        # the promise: this company's manager may not erase them by hand
        for partner in (shared, firm):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                partner.with_user(self.user_manager).action_retail_forget()
        self.run_job(DAY0)
        self.assertTrue(self.rows(self.sleeper))
        self.assertFalse(self.rows(shared | firm))
        self.run_job(DAY30)
        self.assertTrue(self.sleeper.retail_forgotten)
        for partner in (shared, firm):
            self.assertFalse(partner.retail_forgotten, partner.name)
        self.assertEqual(shared.name, "Jaettu Asiakas")
        self.assertEqual(shared.with_company(keeper).reward_points, 500.0)

    def test_listed_customer_of_a_keeping_company_fails(self):
        """Attack, the same customer already on the list (listed before the
        other company's points, or by an older version): the job checks the
        companies again before erasing, in the customer's savepoint, and
        marks the row failed with the reason instead of erasing it."""
        keeper = self.keeper_company()
        shared = self.customer("Listattu Asiakas", company_id=False)
        with freeze_time("2020-02-01 12:00:00"):
            shared.with_company(keeper)._post_reward_points(
                500.0, "earn", company_id=keeper.id
            )
        row = self.erase_listed_before(shared)
        self.assertEqual(row.state, "failed")
        self.assertIn("Listattu Asiakas", row.error)
        self.assertIn("another company", row.error)
        self.assertFalse(shared.retail_forgotten)
        self.assertEqual(shared.with_company(keeper).reward_points, 500.0)

    def test_shared_customer_of_this_company_only_is_erased(self):
        """Twin of the attacks above: a shared customer whose points are
        this company's only (another company keeping its customers, or
        erasing its own after the same period, changes nothing) is listed
        and erased by this company's job."""
        self.keeper_company()
        self.retaining_company()
        shared = self.customer("Oma Jaettu", company_id=False)
        with freeze_time("2020-02-01 12:00:00"):
            shared._post_reward_points(70.0, "earn")
        self.run_job(DAY0)
        self.assertEqual(self.rows(shared).state, "warned")
        self.run_job(DAY30)
        self.assertEqual(self.rows(shared).state, "erased")
        self.assertTrue(shared.retail_forgotten)

    def retaining_company(self, years=3):
        """Another company that erases its inactive customers too, after
        ``years`` years, with its points rules."""
        other = self.env["res.company"].create(
            {"name": f"Retention {years} Years Shop", "retail_retention_years": years}
        )
        other.retail_points_validity_months = 0
        return other

    def test_shared_customer_of_two_retaining_companies_is_erased(self):
        """Attack: a shared customer with points in two companies that both
        erase inactive customers after 3 years, last active (in either) in
        2020, was listed by neither job (each saw the other company's
        points) and so kept forever: the retention was never enforced. A
        company whose own period has passed for the customer too does not
        stop the job: the customer is listed once, by one job, and erased
        across both companies (both ledgers closed), the erasure log naming
        the job's user; a manager of this company alone still may not erase
        them by hand."""
        other = self.retaining_company()
        shared = self.customer("Kahden Asiakas", company_id=False)
        with freeze_time("2020-02-01 12:00:00"):
            shared._post_reward_points(5.0, "earn")
            shared.with_company(other)._post_reward_points(
                5.0, "earn", company_id=other.id
            )
        with self.assertRaises(AccessError):
            shared.with_user(self.user_manager).action_retail_forget()
        self.run_job(DAY0)
        row = self.rows(shared)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.state, "warned")
        self.assertIn(row.company_id, self.company | other)
        self.run_job(DAY30)
        self.assertEqual(row.state, "erased")
        self.assertTrue(shared.retail_forgotten)
        self.assertNotIn("Kahden", shared.name)
        entries = self.env["retail.point.entry"].search(
            [("partner_id", "=", shared.id), ("company_id", "=", other.id)]
        )
        self.assertEqual(sorted(entries.mapped("kind")), ["earn", "erase"])
        self.assertEqual(sum(entries.mapped("points")), 0.0)
        logs = self.env["retail.erasure.log"].search([("partner_id", "=", shared.id)])
        self.assertEqual(logs.company_id, self.company | other)
        self.assertEqual(len(logs), 2)  # one per company ledger, erased once
        self.assertEqual(logs.user_id, self.env.user)
        self.run_job("2026-05-15 12:00:00")
        self.assertEqual(len(self.rows(shared)), 1)
        self.assertEqual(
            self.env["retail.erasure.log"].search_count(
                [("partner_id", "=", shared.id)]
            ),
            2,
        )

    def test_shared_customer_of_a_longer_retention_is_not_erased(self):
        """Twin of the attack above: the other company keeps its customers
        longer (10 years), not passed for a customer last active in 2020:
        this company's job neither lists them nor, listed before, erases
        them (marked failed with the reason); the other company's points
        stay."""
        other = self.retaining_company(years=10)
        shared = self.customer("Pitkä Asiakas", company_id=False)
        with freeze_time("2020-02-01 12:00:00"):
            shared._post_reward_points(5.0, "earn")
            shared.with_company(other)._post_reward_points(
                50.0, "earn", company_id=other.id
            )
        self.run_job(DAY0)
        self.assertTrue(self.rows(self.sleeper))
        self.assertFalse(self.rows(shared))
        row = self.erase_listed_before(shared)
        self.assertEqual(row.state, "failed")
        self.assertIn("another company", row.error)
        self.assertFalse(shared.retail_forgotten)
        entries = self.env["retail.point.entry"].search(
            [("partner_id", "=", shared.id), ("company_id", "=", other.id)]
        )
        self.assertEqual(sum(entries.mapped("points")), 50.0)

    # -- who may ---------------------------------------------------------------
    def test_others_cannot_read_or_change(self):
        self.run_job(DAY0)
        row = self.rows(self.sleeper)
        clerk = new_test_user(self.env, login="retention_clerk", groups=CONTACT_CLERK)
        retail = new_test_user(self.env, login="retention_retail", groups=RETAIL_USER)
        portal = new_test_user(
            self.env, login="retention_portal2", groups="base.group_portal"
        )
        for user in (retail, clerk, portal, self.user_internal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.Candidate.with_user(user).search([])
                with self.assertRaises(AccessError):
                    row.with_user(user).read(["state"])
                with self.assertRaises(AccessError):
                    row.with_user(user).write({"exclusion_reason": "mine"})
                with self.assertRaises(AccessError):
                    row.with_user(user).action_retail_exclude()
        self.assertEqual(row.state, "warned")
        self.assertFalse(row.exclusion_reason)

    def test_manager_cannot_forge_state(self):
        self.run_job(DAY0)
        row = self.rows(self.sleeper).with_user(self.user_manager)
        for vals in (
            {"state": "excluded"},
            {"warning_date": "2030-01-01"},
            {"erase_date": "2030-01-01"},
            {"partner_id": self.active.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                row.write(vals)
        # no create access (and the derived fields are refused before that)
        with self.assertRaises(UserError):
            self.Candidate.with_user(self.user_manager).create(
                {"partner_id": self.active.id, "company_id": self.company.id}
            )
        with self.assertRaises(AccessError):
            row.unlink()
        self.assertEqual(row.state, "warned")

    def test_manager_of_another_company_sees_nothing(self):
        self.run_job(DAY0)
        row = self.rows(self.sleeper)
        other = self.env["res.company"].create({"name": "Retention Other Shop"})
        manager = company_user(
            self.env, "retention_other_manager", RETAIL_MANAGER, other
        )
        self.assertFalse(self.Candidate.with_user(manager).search([]))
        with self.assertRaises(AccessError):
            row.with_user(manager).read(["state"])
        with self.assertRaises(AccessError):
            row.with_user(manager).action_retail_exclude()
        self.assertTrue(self.Candidate.with_user(self.user_manager).search([]))

    # -- scale -------------------------------------------------------------------
    def test_query_count_does_not_grow_with_customers(self):
        def count(number):
            self.Candidate.search([]).unlink()
            self.customers = self.Partner.create(
                [
                    {"name": f"Massa {number} {i}", "customer_since": "2018-01-01"}
                    for i in range(number)
                ]
            )
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            with freeze_time(DAY0):
                found = self.Candidate._retail_find_inactive(
                    self.company, date(2026, 3, 2)
                )
            self.assertTrue(set(self.customers.ids) <= set(found))
            return self.env.cr.sql_log_count - before

        count(1)  # warm the caches (company list, models)
        small = count(5)
        large = count(50)
        self.assertEqual(small, large)
        # the list of companies (whose sales count) and the query itself
        self.assertLessEqual(large, 2)

    # -- views -------------------------------------------------------------------
    def test_manager_loads_the_list_and_the_setting(self):
        self.run_job(DAY0)
        Candidate = self.Candidate.with_user(self.user_manager)
        views = Candidate.get_views(
            [(False, "tree"), (False, "form"), (False, "search")]
        )
        self.assertIn("action_retail_exclude", views["views"]["form"]["arch"])
        self.assertIn("action_retail_include", views["views"]["tree"]["arch"])
        action = self.env.ref("crm_retail_customers.retail_retention_candidate_action")
        self.assertIn("search_default_to_erase", action.context)
        self.assertIn(
            self.rows(self.sleeper), Candidate.search([("state", "=", "warned")])
        )
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.retail_retention_years, 3)
        self.assertIn(
            "retail_retention_years",
            self.env["res.config.settings"].get_views([(False, "form")])["views"][
                "form"
            ]["arch"],
        )
