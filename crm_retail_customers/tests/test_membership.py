# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import format_date
from odoo.tools.safe_eval import safe_eval

from .common import CONTACT_CLERK, ReportCase, RetailCase


class MembershipCase(RetailCase):
    """A company reserving points to members (the default), with a welcome
    and a birthday bonus, and a customer who is not a member yet.

    The company books the welcome bonus on enrolment
    (``retail_welcome_on_enrol``, off by default): these tests are about
    joining; the default, the bonus after the first paid purchase, is
    tested in ``test_welcome_bonus.py``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_company_rules(
            retail_members_only=True,
            retail_points_per_currency=1.0,
            retail_points_validity_months=0,
            retail_welcome_points=25.0,
            retail_welcome_on_enrol=True,
            retail_birthday_points=40.0,
            retail_referral_points=0.0,
        )
        cls.customer = cls.Partner.create({"name": "Mirja Member"})
        cls.user_clerk = new_test_user(
            cls.env, login="membership_contact_clerk", groups=CONTACT_CLERK
        )
        cls.user_portal = new_test_user(
            cls.env, login="membership_portal", groups="base.group_portal"
        )

    def entries(self, partner, kind):
        return partner.point_entry_ids.filtered(lambda e: e.kind == kind)


@tagged("post_install", "-at_install")
class TestEnrolment(MembershipCase):
    def test_default_setting_is_members_only(self):
        company = self.env["res.company"].create({"name": "Fresh Shop"})
        self.assertTrue(company.retail_members_only)

    def test_enrol_in_back_office(self):
        """Who, how and since when; the welcome bonus once, also after
        leaving and joining again; bonuses do not count towards the tier."""
        with freeze_time("2026-03-10"):
            self.customer.with_user(self.user_retail).action_retail_enrol()
        customer = self.customer
        self.assertTrue(customer.retail_member)
        self.assertEqual(customer.retail_member_since, date(2026, 3, 10))
        self.assertEqual(customer.retail_member_source, "backoffice")
        self.assertEqual(customer.retail_member_user_id, self.user_retail)
        welcome = self.entries(customer, "bonus")
        self.assertEqual(welcome.points, 25.0)
        self.assertEqual(welcome.idempotency_key, f"welcome:{customer.id}")
        self.assertEqual(customer.reward_points, 25.0)
        self.assertEqual(customer.reward_points_earned, 0.0)
        customer.with_user(self.user_retail).action_retail_leave()
        self.assertFalse(customer.retail_member)
        customer.with_user(self.user_retail).action_retail_enrol()
        self.assertEqual(len(self.entries(customer, "bonus")), 1)
        self.assertEqual(customer.reward_points, 25.0)

    def test_enrol_contact_enrols_company(self):
        shop = self.Partner.create({"name": "Kauppa Oy", "is_company": True})
        contact = self.Partner.create({"name": "Laura", "parent_id": shop.id})
        contact.with_user(self.user_retail).action_retail_enrol()
        self.assertTrue(shop.retail_member)
        self.assertFalse(contact.retail_member)
        self.assertTrue(contact._retail_may_earn(self.company))

    def test_issuing_a_card_enrols(self):
        card = (
            self.env["retail.card"]
            .with_user(self.user_retail)
            .create({"partner_id": self.customer.id})
        )
        self.assertTrue(self.customer.retail_member)
        self.assertEqual(self.customer.retail_member_source, "card")
        self.assertEqual(self.customer.retail_member_user_id, self.user_retail)
        self.assertEqual(self.customer.reward_points, 25.0)
        # a second card changes nothing
        card.action_replace()
        self.assertEqual(self.customer.retail_member_source, "card")
        self.assertEqual(len(self.entries(self.customer, "bonus")), 1)

    def test_import_of_opening_balances_enrols(self):
        """Opening balances come from the old programme's members: they join
        through the import, without a welcome bonus."""
        self.customer.ref = "MIG-001"
        wizard = (
            self.env["retail.points.import.wizard"]
            .with_user(self.user_manager)
            .create(
                {
                    "file": base64.b64encode(b"customer,points\nMIG-001,80\n"),
                    "filename": "open.csv",
                }
            )
        )
        wizard.action_import()
        self.assertTrue(self.customer.retail_member)
        self.assertEqual(self.customer.retail_member_source, "import")
        self.assertEqual(self.customer.point_entry_ids.mapped("kind"), ["opening"])
        self.assertEqual(self.customer.reward_points, 80.0)

    def test_merging_a_member_keeps_the_membership(self):
        duplicate = self.Partner.create({"name": "Mirja M."})
        with freeze_time("2025-02-03"):
            duplicate.with_user(self.user_retail).action_retail_enrol()
        wizard = Form(
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_manager)
            .with_context(
                active_model="res.partner",
                active_ids=(self.customer | duplicate).ids,
            )
        )
        wizard.dst_partner_id = self.customer
        wizard.save().action_merge()
        self.assertFalse(duplicate.exists())
        self.assertTrue(self.customer.retail_member)
        self.assertEqual(self.customer.retail_member_since, date(2025, 2, 3))
        self.assertEqual(self.customer.retail_member_user_id, self.user_retail)
        # the welcome bonus moved along and is marked under the customer's
        # key (0 points): no second one, not even when they leave and join
        self.assertEqual(self.customer.reward_points, 25.0)
        self.assertEqual(
            sorted(self.entries(self.customer, "bonus").mapped("points")), [0.0, 25.0]
        )
        self.customer.with_user(self.user_retail).action_retail_leave()
        self.customer.with_user(self.user_retail).action_retail_enrol()
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.retail_member)
        self.assertEqual(self.customer.reward_points, 25.0)

    def test_no_welcome_bonus_when_zero(self):
        self.company.retail_welcome_points = 0.0
        self.customer.action_retail_enrol()
        self.assertTrue(self.customer.retail_member)
        self.assertFalse(self.customer.point_entry_ids)

    def test_archived_customer_cannot_enrol(self):
        self.customer.active = False
        with self.assertRaisesMessage(UserError, "is archived"):
            self.customer.with_user(self.user_retail).action_retail_enrol()
        self.assertFalse(self.customer.retail_member)
        self.assertFalse(self.customer.retail_member_since)
        self.assertFalse(self.customer.point_entry_ids)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_who_may_enrol(self):
        """A contact clerk, an internal user and a portal user cannot enrol
        or take a customer out; nobody writes the membership fields."""
        for user in (self.user_clerk, self.user_internal, self.user_portal):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).action_retail_enrol()
        self.customer.action_retail_enrol()
        for user in (self.user_clerk, self.user_portal):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).action_retail_leave()
        self.assertTrue(self.customer.retail_member)
        for user in (self.user_manager, self.user_clerk):
            for vals in (
                {"retail_member": False},
                {"retail_member_since": "2020-01-01"},
                {"retail_member_source": "pos"},
                {"retail_member_user_id": user.id},
            ):
                with self.assertRaisesMessage(UserError, "cannot be set by hand"):
                    self.customer.with_user(user).write(vals)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            self.Partner.with_user(self.user_manager).create(
                {"name": "Self Made", "retail_member": True}
            )
        self.assertTrue(self.customer.retail_member)
        self.assertEqual(self.customer.retail_member_source, "backoffice")

    def test_members_filter(self):
        other = self.Partner.create({"name": "Nina Nonmember"})
        self.customer.action_retail_enrol()
        members = self.Partner.search(
            [("retail_member", "=", True), ("id", "in", (self.customer | other).ids)]
        )
        self.assertEqual(members, self.customer)


@tagged("post_install", "-at_install")
class TestFrozenBalance(MembershipCase):
    def test_frozen_balance(self):
        """Leaving keeps the balance, frozen: no redeeming, no bonus, no
        expiry; a manager's adjustment still books. Joining again thaws it
        (points past their date expire at the next run)."""
        self.company.retail_points_validity_months = 1
        with freeze_time("2026-01-05"):
            self.customer.action_retail_enrol()
            self.customer._post_reward_points(
                100, "opening", idempotency_key="t:open", company_id=self.company.id
            )
        self.customer.with_user(self.user_retail).action_retail_leave()
        self.assertEqual(self.customer.reward_points, 125.0)
        self.assertTrue(self.customer.retail_points_frozen)
        wizard = (
            self.env["retail.points.adjust.wizard"]
            .with_user(self.user_manager)
            .create({"partner_id": self.customer.id, "mode": "redeem", "points": 10})
        )
        with self.assertRaisesMessage(UserError, "not a member"):
            wizard.action_confirm()
        self.assertFalse(
            self.customer._retail_book_bonus(5, "t:bonus", "Bonus", self.company)
        )
        with freeze_time("2026-06-01"):
            self.env["retail.point.entry"]._cron_expire_reward_points()
            self.assertFalse(self.entries(self.customer, "expire"))
            self.customer._post_reward_points(
                -5, "adjust", note="Goodwill taken back", company_id=self.company.id
            )
            self.assertEqual(self.customer.reward_points, 120.0)
            self.customer.action_retail_enrol()
            self.assertFalse(self.customer.retail_points_frozen)
            self.env["retail.point.entry"]._cron_expire_reward_points()
        # the opening lot (100) and the welcome lot (25) were due; the
        # adjustment consumed 5 of them
        expired = self.entries(self.customer, "expire")
        self.assertEqual(sum(expired.mapped("points")), -120)
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_setting_off_everyone_earns(self):
        self.company.retail_members_only = False
        self.assertTrue(self.customer._retail_may_earn(self.company))
        entry = self.customer._retail_book_bonus(5, "t:bonus", "Bonus", self.company)
        self.assertEqual(entry.points, 5)
        self.company.retail_members_only = True
        self.assertFalse(self.customer._retail_may_earn(self.company))

    def test_bonus_hook_input(self):
        self.customer.action_retail_enrol()
        with self.assertRaisesMessage(UserError, "cannot be negative"):
            self.customer._retail_book_bonus(-1, "t:neg", "Bonus", self.company)
        with self.assertRaisesMessage(UserError, "key"):
            self.customer._retail_book_bonus(1, "", "Bonus", self.company)
        first = self.customer._retail_book_bonus(7, "referral:42", "R", self.company)
        again = self.customer._retail_book_bonus(7, "referral:42", "R", self.company)
        self.assertEqual(first, again)
        self.assertEqual(self.customer.reward_points, 32.0)


@tagged("post_install", "-at_install")
class TestMembershipForm(MembershipCase):
    """The customer form of a retail manager: the tier and *Redeem Points*
    are for members; a former member's frozen figures are explained."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier = cls.env["retail.tier"].create(
            {"name": "Form Bronze", "min_points": 0, "earn_factor": 1.0}
        )

    def form(self):
        return Form(self.customer.with_user(self.user_manager))

    def button_invisible(self, form, string):
        """Whether the form hides the button labelled ``string``."""
        [button] = form._view["tree"].xpath(f"//button[@string='{string}']")
        expr = button.get("invisible") or "False"
        return bool(safe_eval(expr, form._get_eval_context()))

    def test_member_sees_tier_and_redeem(self):
        self.customer.action_retail_enrol()
        form = self.form()
        self.assertEqual(form.reward_tier_id, self.tier)
        self.assertFalse(form._get_modifier("reward_tier_id", "invisible"))
        self.assertFalse(self.button_invisible(form, "Redeem Points"))
        self.assertFalse(self.button_invisible(form, "Adjust Points"))
        self.assertFalse(form.retail_points_frozen_note)

    # noon UTC: the day is the same in every time zone the code may use
    @freeze_time("2026-06-15 12:00:00")
    def test_former_member_frozen_and_explained(self):
        self.customer.action_retail_enrol()
        self.customer._post_reward_points(
            100, "opening", idempotency_key="t:form", company_id=self.company.id
        )
        self.customer.with_user(self.user_retail).action_retail_leave()
        today = fields.Date.context_today(self.customer)
        self.assertEqual(self.customer.retail_member_left_on, today)
        form = self.form()
        # the tier and redeeming are for members; an adjustment still books
        self.assertEqual(form.reward_tier_id, self.tier)
        self.assertTrue(form._get_modifier("reward_tier_id", "invisible"))
        self.assertTrue(self.button_invisible(form, "Redeem Points"))
        self.assertFalse(self.button_invisible(form, "Adjust Points"))
        self.assertIn(
            f"not a member since {format_date(self.env, today)}",
            form.retail_points_frozen_note,
        )
        self.assertIn("lifetime points", form.retail_points_frozen_note)
        # joining again: the date of leaving is cleared, nothing is frozen
        self.customer.action_retail_enrol()
        self.assertFalse(self.customer.retail_member_left_on)
        self.assertFalse(self.form().retail_points_frozen_note)

    def test_left_on_is_derived_state(self):
        with self.assertRaises(UserError):
            self.customer.with_user(self.user_manager).write(
                {"retail_member_left_on": "2026-01-01"}
            )

    def test_setting_off_non_member_sees_everything(self):
        self.company.retail_members_only = False
        form = self.form()
        self.assertFalse(form._get_modifier("reward_tier_id", "invisible"))
        self.assertFalse(self.button_invisible(form, "Redeem Points"))


@tagged("post_install", "-at_install")
class TestBonusSettings(MembershipCase):
    def test_negative_bonus_refused(self):
        for name in (
            "retail_birthday_points",
            "retail_welcome_points",
            "retail_referral_points",
        ):
            with self.assertRaisesMessage(ValidationError, "cannot be negative"):
                self.company.write({name: -1})
            self.assertGreaterEqual(self.company[name], 0)

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"])
        settings.retail_referral_points = 15
        settings.retail_members_only = False
        settings.save().execute()
        self.assertEqual(self.company.retail_referral_points, 15)
        self.assertFalse(self.company.retail_members_only)


@tagged("post_install", "-at_install")
class TestBirthdays(MembershipCase):
    def test_birthday_without_year(self):
        self.customer.write({"retail_birth_day": 29, "retail_birth_month": 2})
        self.assertFalse(self.customer.birthdate)
        self.assertEqual(self.customer.retail_age, 0)
        self.assertEqual(
            (self.customer.retail_birth_day, self.customer.retail_birth_month), (29, 2)
        )
        self.customer.birthdate = "1990-05-17"
        self.assertEqual(
            (self.customer.retail_birth_day, self.customer.retail_birth_month), (17, 5)
        )
        self.customer.birthdate = False
        self.assertEqual(
            (self.customer.retail_birth_day, self.customer.retail_birth_month), (17, 5)
        )
        created = self.Partner.create(
            {"name": "No Year", "retail_birth_day": 3, "retail_birth_month": 12}
        )
        self.assertEqual(
            (created.retail_birth_day, created.retail_birth_month), (3, 12)
        )

    def test_impossible_birthdays(self):
        for day, month in ((31, 2), (31, 4), (0 + 5, 13), (-1, 3), (5, 0)):
            with self.assertRaisesMessage(ValidationError, "is not a birthday"):
                self.customer.write(
                    {"retail_birth_day": day, "retail_birth_month": month}
                )
            self.assertEqual(
                (self.customer.retail_birth_day, self.customer.retail_birth_month),
                (0, 0),
            )
        with self.assertRaisesMessage(ValidationError, "must match the birthdate"):
            self.customer.write({"birthdate": "1990-05-17", "retail_birth_day": 18})

    def _birthday_entries(self, partner):
        return self.entries(partner, "bonus").filtered(
            lambda e: e.idempotency_key.startswith("birthday:")
        )

    def test_birthday_bonus_once_a_year(self):
        self.customer.birthdate = "1980-06-15"
        self.customer.action_retail_enrol()
        not_member = self.Partner.create(
            {"name": "Olli Outsider", "birthdate": "1981-06-15"}
        )
        Partner = self.env["res.partner"]
        with freeze_time("2026-06-14 10:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertFalse(self._birthday_entries(self.customer))
        with freeze_time("2026-06-15 06:00:00"):
            Partner._cron_retail_birthday_bonus()
        with freeze_time("2026-06-15 20:50:00"):
            Partner._cron_retail_birthday_bonus()
        entry = self._birthday_entries(self.customer)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.points, 40.0)
        self.assertEqual(entry.idempotency_key, f"birthday:{self.customer.id}:2026")
        self.assertFalse(not_member.point_entry_ids)
        with freeze_time("2027-06-15 10:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertEqual(len(self._birthday_entries(self.customer)), 2)

    def test_birthday_job_run_late(self):
        """A job that did not run for days books the missed birthdays, in the
        year of the birthday (also across New Year), once."""
        self.customer.write({"retail_birth_day": 31, "retail_birth_month": 12})
        self.customer.action_retail_enrol()
        Partner = self.env["res.partner"]
        with freeze_time("2027-01-03 08:00:00"):
            Partner._cron_retail_birthday_bonus()
            Partner._cron_retail_birthday_bonus()
        entry = self._birthday_entries(self.customer)
        self.assertEqual(entry.idempotency_key, f"birthday:{self.customer.id}:2026")
        with freeze_time("2027-01-20 08:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertEqual(len(self._birthday_entries(self.customer)), 1)

    def test_leap_day_birthday(self):
        """Born on 29 February: celebrated on the 28th in other years, on the
        29th in leap years (not twice)."""
        self.customer.write({"retail_birth_day": 29, "retail_birth_month": 2})
        self.customer.action_retail_enrol()
        Partner = self.env["res.partner"]
        with freeze_time("2027-02-27 12:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertFalse(self._birthday_entries(self.customer))
        with freeze_time("2027-02-28 12:00:00"):
            Partner._cron_retail_birthday_bonus()
        with freeze_time("2027-03-01 12:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertEqual(
            self._birthday_entries(self.customer).mapped("idempotency_key"),
            [f"birthday:{self.customer.id}:2027"],
        )
        with freeze_time("2028-02-28 12:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertEqual(len(self._birthday_entries(self.customer)), 1)
        with freeze_time("2028-02-29 12:00:00"):
            Partner._cron_retail_birthday_bonus()
        with freeze_time("2028-03-01 12:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertEqual(
            sorted(self._birthday_entries(self.customer).mapped("idempotency_key")),
            [f"birthday:{self.customer.id}:2027", f"birthday:{self.customer.id}:2028"],
        )


@tagged("post_install", "-at_install")
class TestTierUpgradeMail(MembershipCase):
    def test_tier_upgrade_mail(self):
        self.env["retail.tier"].create({"name": "Bronze Club", "min_points": 0})
        silver = self.env["retail.tier"].create(
            {"name": "Silver Club", "min_points": 100}
        )
        self.customer.write({"email": "mirja@example.com", "lang": "en_US"})
        self.customer.action_retail_enrol()
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.customer._post_reward_points(
            60, "earn", idempotency_key="t:earn1", company_id=self.company.id
        )
        self.assertFalse(Mail.search([]) - before)
        self.customer._post_reward_points(
            60, "earn", idempotency_key="t:earn2", company_id=self.company.id
        )
        self.assertEqual(self.customer.reward_tier_id, silver)
        mail = Mail.search([]) - before
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("Silver Club", mail.subject)
        self.assertIn("Silver Club", str(mail.body_html))
        self.assertEqual(mail.model, "res.partner")
        self.assertEqual(mail.res_id, self.customer.id)
        message = self.customer.message_ids.filtered(
            lambda m: m.subject and "Silver Club" in m.subject
        )
        self.assertEqual(len(message), 1)
        # a reversal down to Bronze sends nothing
        self.customer._post_reward_points(
            -50, "reverse", idempotency_key="t:rev", company_id=self.company.id
        )
        self.assertNotEqual(self.customer.reward_tier_id, silver)
        self.assertEqual(len(Mail.search([]) - before), 1)

    def test_tier_upgrade_mail_in_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref(
            "crm_retail_customers.mail_template_retail_tier_upgrade"
        )
        template.update_field_translations(
            "subject", {"fr_FR": "Bienvenue au niveau {{ object.reward_tier_id.name }}"}
        )
        self.env["retail.tier"].create({"name": "Silver Club", "min_points": 100})
        self.customer.write({"email": "mirja@example.fr", "lang": "fr_FR"})
        self.customer.action_retail_enrol()
        before = self.env["mail.mail"].search([])
        self.customer._post_reward_points(
            150, "earn", idempotency_key="t:earn-fr", company_id=self.company.id
        )
        mail = self.env["mail.mail"].search([]) - before
        self.assertEqual(mail.subject, "Bienvenue au niveau Silver Club")


@tagged("post_install", "-at_install")
class TestReportMembershipFilter(ReportCase):
    def test_membership_filter(self):
        self.alpha.action_retail_enrol()
        self.beta.action_retail_enrol()
        names = [r[0] for r in self.rows("balances", membership="members")]
        self.assertEqual(names, ["Alpha Person", "Beta Shop"])
        names = [r[0] for r in self.rows("balances", membership="non_members")]
        self.assertEqual(names, ["@Gamma Trick", "Delta Walk-in"])
        self.assertEqual(len(self.rows("balances")), 4)

    def test_bad_membership_option(self):
        options = dict(self.options("balances"), membership="gold")
        with self.assertRaisesMessage(UserError, "Unknown membership filter"):
            self.Report._check_options(options)
