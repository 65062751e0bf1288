# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers.models.retail_consent_log import (
    with_consent_source,
)

from .common import (
    CONTACT_CLERK,
    RETAIL_USER,
    MarketingBansMixin,
    RetailCase,
    company_user,
)

NOON = datetime(2026, 6, 15, 12, 0, 0)


@tagged("post_install", "-at_install")
@freeze_time(NOON)
class TestConsentLog(MarketingBansMixin, RetailCase):
    """Every change of a customer's own marketing ban leaves one row per
    channel in the insert-only consent log, with where it came from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_ban_partners()
        cls.Log = cls.env["retail.consent.log"]
        cls.user_clerk = new_test_user(
            cls.env, login="consent_clerk", groups=CONTACT_CLERK
        )
        cls.user_portal = new_test_user(
            cls.env, login="consent_portal", groups="base.group_portal"
        )

    def rows(self, partner):
        """The log rows of ``partner`` as (channel, from, to, source, user),
        oldest first."""
        return [
            (r.channel, r.previous_allowed, r.allowed, r.source, r.user_id)
            for r in self.Log.search([("partner_id", "=", partner.id)], order="id")
        ]

    # -- the paths that change a ban ----------------------------------------------
    def test_backoffice_write_logs_each_changed_channel(self):
        self.person.with_user(self.user_retail).write(
            {"no_sms_marketing": True, "no_email_marketing": True}
        )
        clerk = self.user_retail
        self.assertEqual(
            self.rows(self.person),
            [
                ("sms", True, False, "backoffice", clerk),
                ("email", True, False, "backoffice", clerk),
            ],
        )
        log = self.Log.search([("partner_id", "=", self.person.id)], limit=1)
        self.assertEqual(log.date, NOON)
        # writing the same values again (and a ban left out) changes nothing
        self.person.write(
            {"no_sms_marketing": True, "no_email_marketing": True, "name": "Piotr K."}
        )
        self.person.no_letter_marketing = False
        self.assertEqual(len(self.rows(self.person)), 2)
        # lifting a ban: from banned to allowed
        self.person.no_sms_marketing = False
        self.assertEqual(
            self.rows(self.person)[-1],
            ("sms", False, True, "backoffice", self.env.user),
        )

    def test_write_on_several_partners_logs_only_real_changes(self):
        self.person.no_email_marketing = True
        before = self.Log.search_count([])
        (self.person | self.contact).write({"no_email_marketing": True})
        self.assertEqual(self.Log.search_count([]), before + 1)
        self.assertEqual(
            self.rows(self.contact),
            [("email", True, False, "backoffice", self.env.user)],
        )

    def test_company_ban_logs_the_company_only(self):
        self.company.no_letter_marketing = True
        self.assertEqual(len(self.rows(self.company)), 1)
        # the contacts' effective ban follows, their own flag does not change
        self.assertTrue(self.contact.effective_no_letter_marketing)
        self.assertEqual(self.rows(self.contact), [])

    def test_create_with_ban_logs_it(self):
        partner = self.Partner.with_user(self.user_retail).create(
            {"name": "Ewa", "no_email_marketing": True, "no_sms_marketing": False}
        )
        self.assertEqual(
            self.rows(partner), [("email", True, False, "backoffice", self.user_retail)]
        )
        self.assertEqual(self.rows(self.Partner.create({"name": "Jan"})), [])

    def test_client_cannot_claim_another_source(self):
        """A context a client sends (JSON: strings) does not make a back-office
        change look like one made at the till or by the customer."""
        for source in ("pos", "unsubscribe", "import"):
            self.person.with_context(retail_consent_source=source).write(
                {"no_sms_marketing": source != "pos"}
            )
        self.assertEqual({row[3] for row in self.rows(self.person)}, {"backoffice"})

    def test_server_source_mark(self):
        with_consent_source(self.person, "portal").no_letter_marketing = True
        self.assertEqual(
            self.rows(self.person), [("letter", True, False, "portal", self.env.user)]
        )

    def test_import_through_base_import(self):
        wizard = self.env["base_import.import"].create(
            {
                "res_model": "res.partner",
                "file": b"name,no_email_marketing,no_sms_marketing\nEwa Import,1,0\n",
                "file_type": "text/csv",
                "file_name": "customers.csv",
            }
        )
        result = wizard.execute_import(
            ["name", "no_email_marketing", "no_sms_marketing"],
            ["name", "no_email_marketing", "no_sms_marketing"],
            {"quoting": '"', "separator": ",", "has_headers": True},
        )
        self.assertFalse(result["messages"], result["messages"])
        partner = self.Partner.browse(result["ids"])
        self.assertEqual(
            self.rows(partner), [("email", True, False, "import", self.env.user)]
        )

    def test_import_update_through_load(self):
        result = self.Partner.load(
            [".id", "no_sms_marketing", "no_letter_marketing"],
            [[str(self.person.id), "1", "0"]],
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            self.rows(self.person), [("sms", True, False, "import", self.env.user)]
        )

    # -- insert-only -------------------------------------------------------------
    def test_nobody_writes_or_deletes_rows(self):
        self.person.no_email_marketing = True
        log = self.Log.search([("partner_id", "=", self.person.id)])
        self.assertEqual(len(log), 1)
        values = {
            "partner_id": self.person.id,
            "channel": "sms",
            "allowed": True,
            "previous_allowed": False,
            "source": "pos",
        }
        users = (self.user_manager, self.user_retail, self.user_clerk, self.user_portal)
        for user in users:
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "by the application only"):
                    self.Log.with_user(user).create([values])
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    log.with_user(user).write({"allowed": True})
                with self.assertRaisesRegex(UserError, "cannot be deleted"):
                    log.with_user(user).unlink()
        # not even the superuser, short of the application's own mark
        with self.assertRaisesRegex(UserError, "recorded by the application only"):
            self.Log.sudo().create([values])
        with self.assertRaises(UserError):
            log.sudo().write({"source": "import"})
        with self.assertRaises(UserError):
            log.sudo().unlink()
        self.assertEqual((log.allowed, log.source), (False, "backoffice"))

    def test_customer_with_consents_is_archived_not_deleted(self):
        self.person.no_email_marketing = True
        # (assertRaises rolls back to a savepoint)
        with self.assertRaisesRegex(UserError, "archive the contact"):
            self.person.unlink()
        self.person.active = False
        self.assertEqual(len(self.rows(self.person)), 1)
        # an archived customer's consents stay readable
        Log = self.Log.with_user(self.user_retail)
        self.assertEqual(Log.search_count([("partner_id", "=", self.person.id)]), 1)

    def test_merge_keeps_the_merged_partners_consents(self):
        """Odoo's merge moves the rows of the merged partner to the one kept
        (as every other reference): the proof is not lost."""
        duplicate = self.Partner.create({"name": "Piotr", "no_sms_marketing": True})
        self.Partner.env["base.partner.merge.automatic.wizard"]._merge(
            (self.person | duplicate).ids, self.person
        )
        self.assertFalse(duplicate.exists())
        self.assertEqual(
            self.rows(self.person)[0], ("sms", True, False, "backoffice", self.env.user)
        )

    # -- who reads the log ----------------------------------------------------------
    def test_readers(self):
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        other = self.Partner.create(
            {"name": "Other", "company_id": other_company.id, "no_sms_marketing": True}
        )
        # a customer of the current company, and a shared one
        self.person.write({"company_id": self.env.company.id, "no_sms_marketing": True})
        self.contact.no_sms_marketing = True
        own_user = company_user(self.env, "consent_own", RETAIL_USER, self.env.company)
        seen = self.Log.with_user(own_user).search(
            [("partner_id", "in", (self.person | self.contact | other).ids)]
        )
        self.assertEqual(seen.partner_id, self.person | self.contact)
        # the customer form's tab reads the same rows
        self.assertEqual(
            self.person.with_user(own_user).retail_consent_log_ids.channel, "sms"
        )
        other_user = company_user(self.env, "consent_other", RETAIL_USER, other_company)
        seen = self.Log.with_user(other_user).search(
            [("partner_id", "in", (self.person | self.contact | other).ids)]
        )
        self.assertEqual(seen.partner_id, self.contact | other)
        # the Consents page of the customer form: Retail CRM users only
        for user, shown in ((own_user, True), (self.user_clerk, False)):
            views = self.Partner.with_user(user).get_views([(False, "form")])
            arch = views["views"]["form"]["arch"]
            self.assertEqual('name="retail_consent_log_ids"' in arch, shown)
        # no Retail CRM group: no log
        for user in (self.user_clerk, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Log.with_user(user).search([])
