# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .common import RETAIL_MANAGER, RetailCase, company_user

DAY = datetime.date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestSuspiciousActivity(RetailCase):
    """The patterns of suspicious loyalty activity, found in real bookings,
    and the daily digest."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_company_rules(
            retail_suspicious_transactions=3,
            retail_suspicious_points=100.0,
            retail_members_only=False,
            retail_welcome_points=50.0,
        )
        # days are the company's; the company's contact speaks for its zone
        cls.company.partner_id.tz = "Europe/Helsinki"
        cls.Activity = cls.env["retail.suspicious.activity"]
        cls.aino = cls.Partner.create({"name": "Aino Suspect"})
        cls.brita = cls.Partner.create({"name": "Brita Normal"})
        cls.user_manager.tz = "Europe/Helsinki"
        cls.cashier = new_test_user(
            cls.env,
            login="suspicious_cashier",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            tz="Europe/Helsinki",
        )

    def earn(self, partner, at, points=10.0, document=None, user=None):
        """An earning of ``points`` at ``at`` (local time of Helsinki, UTC+2
        in March) for ``document`` (an id of a partner standing for a sale),
        booked as ``user``."""
        env = self.env(user=user) if user else self.env
        vals = {"date": at - datetime.timedelta(hours=2)}
        if document:
            vals.update(res_model="res.partner", res_id=document)
        booker = partner.with_env(env)
        # sudo: bookings of documents are server code, as the bridges do
        booker = booker.sudo()
        return booker._post_reward_points(
            points, "earn", origin=f"Sale {document}", **vals
        )

    def rows(self, kind, user=None):
        env = self.env(user=user or self.user_manager)
        # only this test's customers: the database may hold demo data
        return env["retail.suspicious.activity"].search(
            [("kind", "=", kind), ("partner_id", "in", (self.aino | self.brita).ids)]
        )

    def _at(self, hour, day=DAY):
        return datetime.datetime.combine(day, datetime.time(hour))

    # -- (a) transactions per day ---------------------------------------------------
    def test_more_transactions_than_the_threshold_in_one_day(self):
        for hour in (9, 10, 11, 12):
            self.earn(self.aino, self._at(hour), document=hour)
        # Brita: three sales, and a fourth entry of an order already counted
        for hour in (9, 10, 11):
            self.earn(self.brita, self._at(hour), document=100 + hour)
        self.earn(self.brita, self._at(13), points=5, document=111)
        # just after midnight (local) is another day
        self.earn(self.brita, self._at(0, DAY + datetime.timedelta(days=1)))
        rows = self.rows("transactions")
        self.assertEqual(rows.partner_id, self.aino)
        self.assertEqual(rows.date, DAY)
        self.assertEqual(rows.transactions, 4)
        self.assertEqual(rows.points, 40.0)
        self.assertEqual(rows.user_id, self.env.user)
        self.assertEqual(rows.company_id, self.company)
        self.assertIn("Sale 9", rows.origin)
        self.assertIn("4 loyalty transactions in one day", rows.description)
        # at the threshold: nothing
        self.company.retail_suspicious_transactions = 4
        self.assertFalse(self.rows("transactions"))
        # 0 turns the pattern off
        self.company.retail_suspicious_transactions = 0
        self.assertFalse(self.rows("transactions"))

    def test_the_local_day_counts_not_the_utc_day(self):
        """23:30 in Helsinki is 21:30 UTC, 00:30 is 22:30 UTC of the day
        before: four entries between them are two local days."""
        for hour in (21, 22, 23):
            self.earn(self.aino, self._at(hour), document=hour)
        for minutes in (30, 45):
            at = self._at(0, DAY + datetime.timedelta(days=1))
            self.earn(
                self.aino, at + datetime.timedelta(minutes=minutes), document=minutes
            )
        self.assertFalse(self.rows("transactions"))
        self.earn(self.aino, self._at(20), document=20)
        self.assertEqual(self.rows("transactions").date, DAY)

    # -- (b) enrolled and redeemed by one user -----------------------------------------
    def _redeem(self, partner, points, user):
        wizard = (
            self.env["retail.points.adjust.wizard"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "mode": "redeem",
                    "points": points,
                    "origin": "Counter",
                }
            )
        )
        wizard.action_confirm()

    def test_enrolment_bonus_redeemed_by_the_same_user(self):
        # the farming pattern: a shop that books the welcome bonus on
        # enrolment (by default it comes with the first purchase)
        self.company.retail_welcome_on_enrol = True
        self.aino.with_user(self.cashier).action_retail_enrol()
        self.brita.with_user(self.cashier).action_retail_enrol()
        self.assertEqual(self.aino.reward_points, 50.0)
        self._redeem(self.aino, 40, self.cashier)
        # Brita's bonus is redeemed by someone else: not this pattern
        self._redeem(self.brita, 40, self.user_manager)
        rows = self.rows("enrol_redeem")
        self.assertEqual(rows.partner_id, self.aino)
        self.assertEqual(rows.user_id, self.cashier)
        self.assertEqual(rows.date, self.aino.retail_member_since)
        self.assertEqual(rows.points, -40.0)
        self.assertEqual(rows.res_model, "retail.point.entry")
        entry = self.env["retail.point.entry"].browse(rows.res_id)
        self.assertEqual((entry.kind, entry.partner_id), ("redeem", self.aino))
        self.assertEqual(rows.origin, "Counter")
        action = rows.with_user(self.user_manager).action_open_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (entry._name, entry.id)
        )

    def test_enrolment_without_bonus_is_not_listed(self):
        self.company.retail_welcome_points = 0
        self.aino._post_reward_points(100, "opening")
        self.aino.with_user(self.cashier).action_retail_enrol()
        self._redeem(self.aino, 40, self.cashier)
        self.assertFalse(self.rows("enrol_redeem"))

    # -- (d) manual bookings ---------------------------------------------------------
    def _adjust(self, partner, points, user=None):
        wizard = (
            self.env["retail.points.adjust.wizard"]
            .with_user(user or self.user_manager)
            .create(
                {
                    "partner_id": partner.id,
                    "mode": "adjust",
                    "points": points,
                    "note": "Goodwill",
                }
            )
        )
        wizard.action_confirm()

    def test_manual_bookings_above_the_threshold(self):
        self._adjust(self.aino, 150)
        self._adjust(self.aino, -101)
        self._adjust(self.brita, 100)  # not more than the threshold
        # the external API books through create (as a manager)
        Entry = self.env["retail.point.entry"].with_user(self.user_manager)
        api_entry = Entry.create(
            {"partner_id": self.brita.id, "points": 500, "kind": "opening"}
        )
        # earnings of documents are no manual bookings, however large
        self.earn(self.aino, self._at(10), points=5000, document=1)
        rows = self.rows("manual")
        self.assertEqual(len(rows), 3)
        self.assertEqual(
            sorted(rows.mapped("points")), [-101.0, 150.0, 500.0], rows.read()
        )
        api_row = rows.filtered(lambda row: row.points == 500)
        self.assertEqual(
            (api_row.res_model, api_row.res_id, api_row.partner_id),
            ("retail.point.entry", api_entry.id, self.brita),
        )
        self.assertEqual(api_row.user_id, self.user_manager)
        down = rows.filtered(lambda row: row.points < 0)
        self.assertEqual(down.note, "Goodwill")
        self.assertIn("-101", down.description)
        self.company.retail_suspicious_points = 0
        self.assertFalse(self.rows("manual"))

    def test_thresholds_are_not_negative(self):
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.company.retail_suspicious_transactions = -1
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.company.retail_suspicious_points = -5

    def test_list_grouped_by_pattern(self):
        self._adjust(self.aino, 150)
        self._adjust(self.brita, 300)
        Activity = self.Activity.with_user(self.user_manager)
        action = self.env.ref("crm_retail_customers.retail_suspicious_activity_action")
        self.assertIn("search_default_group_kind", action.context)
        views = Activity.get_views([(False, "list"), (False, "search")])
        self.assertIn("action_open_document", views["views"]["list"]["arch"])
        groups = Activity.read_group(
            [("partner_id", "in", (self.aino | self.brita).ids)],
            ["points:sum"],
            ["kind"],
        )
        self.assertEqual(
            [(group["kind"], group["kind_count"], group["points"]) for group in groups],
            [("manual", 2, 450.0)],
        )
        menu = self.env.ref("crm_retail_customers.menu_retail_suspicious_activity")
        self.assertEqual(
            menu.groups_id, self.env.ref("crm_retail_customers.group_retail_manager")
        )

    def test_thresholds_in_the_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.retail_suspicious_transactions = 8
        settings.retail_suspicious_points = 2500
        settings.save().execute()
        self.assertEqual(self.company.retail_suspicious_transactions, 8)
        self.assertEqual(self.company.retail_suspicious_points, 2500)

    # -- access ------------------------------------------------------------------------
    def test_only_retail_managers_of_the_company_read_it(self):
        self._adjust(self.aino, 150)
        self.assertEqual(len(self.rows("manual")), 1)
        for user in (self.user_internal, self.user_retail):
            with self.assertRaises(AccessError):
                self.Activity.with_user(user).search([])
        other = self.env["res.company"].create({"name": "Other Retail Oy"})
        other_manager = company_user(
            self.env, "other_retail_manager", RETAIL_MANAGER, other
        )
        self.assertFalse(self.Activity.with_user(other_manager).search([]))
        self.assertFalse(self.rows("manual", user=other_manager))

    # -- one day, and the digest -------------------------------------------------
    def _suspicious_day(self):
        for hour in (9, 10, 11, 12):
            self.earn(self.aino, self._at(hour), document=hour)
        self.earn(self.brita, self._at(10), points=500, document=50)

    def test_digest_mails_the_day_once_to_the_managers(self):
        self._suspicious_day()
        self.env["res.lang"]._activate_lang("fr_FR")
        french = new_test_user(
            self.env,
            login="retail_manager_fr",
            email="manager.fr@example.com",
            groups=RETAIL_MANAGER,
            lang="fr_FR",
        )
        self.user_manager.email = "manager@example.com"
        rows = self.Activity._retail_suspicious_rows(self.company, DAY)
        self.assertEqual([row["kind"] for row in rows], ["transactions"])
        mails = self.Activity._retail_send_digest(self.company, DAY)
        recipients = self.Activity._retail_digest_recipients(self.company)
        self.assertIn(self.user_manager, recipients)
        self.assertIn(french, recipients)
        self.assertNotIn(self.user_retail, recipients)
        self.assertEqual(
            set(mails.recipient_ids.ids), set(recipients.partner_id.ids), mails
        )
        self.assertEqual(len(mails), len(set(recipients.mapped("lang"))))
        french_mail = mails.filtered(
            lambda mail: french.partner_id in mail.recipient_ids
        )
        self.assertEqual(french_mail.recipient_ids, french.partner_id)
        self.assertIn("10/03/2026", french_mail.subject)
        for mail in mails:
            self.assertIn("Aino Suspect", mail.body_html)
            self.assertIn("4 loyalty transactions", mail.body_html)
            self.assertNotIn("Brita Normal", mail.body_html)
            self.assertEqual(mail.model, "res.company")
            self.assertEqual(mail.res_id, self.company.id)
        self.assertEqual(self.company.retail_suspicious_digest_date, DAY)
        # the same day again (a second run): nothing
        self.assertFalse(self.Activity._retail_send_digest(self.company, DAY))
        # a quiet day: nothing sent, the day is done
        quiet = DAY + datetime.timedelta(days=1)
        self.assertFalse(self.Activity._retail_send_digest(self.company, quiet))
        self.assertEqual(self.company.retail_suspicious_digest_date, quiet)

    def test_digest_day_in_the_persian_calendar(self):
        """A Persian manager's digest names the day in the Solar Hijri
        calendar (19 Esfand 1404 is 2026-03-10)."""
        self._suspicious_day()
        self.env["res.lang"]._activate_lang("fa_IR")
        persian = new_test_user(
            self.env,
            login="retail_manager_fa",
            email="manager.fa@example.com",
            groups=RETAIL_MANAGER,
            lang="fa_IR",
        )
        mails = self.Activity._retail_send_digest(self.company, DAY)
        persian_mail = mails.filtered(
            lambda mail: persian.partner_id in mail.recipient_ids
        )
        self.assertEqual(persian_mail.recipient_ids, persian.partner_id)
        self.assertIn("19 اسفند 1404", persian_mail.subject)
        self.assertIn("19 اسفند 1404", str(persian_mail.body_html))

    def test_daily_job_sends_yesterday(self):
        self.user_manager.email = "manager@example.com"
        today = fields.Date.context_today(self.Activity.with_user(self.user_manager))
        yesterday = today - datetime.timedelta(days=1)
        self._adjust(self.aino, 150)
        # what the adjustment booked now is dated yesterday for this test
        self.env.cr.execute(
            "UPDATE retail_point_entry SET date = date - interval '1 day' "
            "WHERE partner_id = %s",
            [self.aino.id],
        )
        self.env["retail.point.entry"].invalidate_model(["date"])
        Mail = self.env["mail.mail"]
        domain = [("model", "=", "res.company"), ("res_id", "=", self.company.id)]
        before = Mail.search(domain)
        self.env.ref(
            "crm_retail_customers.ir_cron_retail_suspicious_digest"
        ).method_direct_trigger()
        sent = Mail.search(domain) - before
        self.assertEqual(len(sent), 1)
        self.assertIn("Aino Suspect", sent.body_html)
        self.assertEqual(self.company.retail_suspicious_digest_date, yesterday)
        self.env.ref(
            "crm_retail_customers.ir_cron_retail_suspicious_digest"
        ).method_direct_trigger()
        self.assertEqual(Mail.search(domain) - before, sent)

    def test_one_day_is_read_through_the_indexes(self):
        """The digest's query reads one day of the ledger through indexes,
        not the whole history, in one query."""
        self._suspicious_day()
        since, until = self.Activity._retail_day_bounds(self.company, DAY)
        self.assertEqual(since, datetime.datetime(2026, 3, 9, 22, 0))
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            SQL("EXPLAIN %s", self.Activity._retail_suspicious_union(since, until))
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        # every part reads the entries through an index, bounded by the day
        # (which index a tiny test database prefers is the planner's choice;
        # at scale, the one on the date)
        self.assertNotIn("Seq Scan on retail_point_entry", plan)
        self.assertNotIn("Seq Scan on pos_order", plan)
        bound = "date >= '2026-03-09 22:00:00'"
        self.assertGreaterEqual(plan.count(bound), 3, plan)
        with self.assertQueryCount(1):
            self.Activity._retail_suspicious_rows(self.company, DAY)

    def test_view_built_again_when_dropped(self):
        """Uninstalling a bridge drops its app's tables with CASCADE, the
        view too: the next start of the registry builds it again."""
        self.env.cr.execute("DROP VIEW retail_suspicious_activity")
        self.Activity._register_hook()
        self._adjust(self.aino, 150)
        self.assertEqual(len(self.rows("manual")), 1)
