# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Erasure of a customer's personal data (``res.partner.action_retail_forget``):
who may, what is refused, the ledger's closing entry, the audit row, the
consent log kept, and a second erasure that changes nothing. What is left
in the whole database is checked with ``pg_dump`` by
setup/tests/odoo_db/test_erasure_pg_dump.py (committed data)."""

import json

from odoo import fields
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import (
    CONTACT_CLERK,
    RETAIL_USER,
    RetailCase,
    company_user,
)


@tagged("post_install", "-at_install")
class TestPartnerForget(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_company_rules(retail_points_validity_months=0)
        cls.customer = cls.Partner.create(
            {
                "name": "Zuzanna Quixotic",
                "email": "zuzanna.quixotic@example.com",
                "mobile": "+48 601 777 888",
                "street": "Ulica Nieznana 17",
                "city": "Wolbromek",
                "zip": "32-340",
                "birthdate": "1980-05-17",
                "gender": "female",
                "comment": "<p>Likes blue umbrellas</p>",
                "function": "Umbrella tester",
                "no_email_marketing": True,
            }
        )
        cls.customer._post_reward_points(120.0, "earn", note="Typed by hand 7Q")
        cls.customer._post_reward_points(-20.0, "redeem")

    def forget(self, partner, user=None):
        return partner.with_user(user or self.user_manager).action_retail_forget()

    # -- who may -------------------------------------------------------------
    def test_only_retail_managers_erase(self):
        clerk = new_test_user(self.env, login="forget_clerk", groups=CONTACT_CLERK)
        portal = new_test_user(
            self.env, login="forget_portal", groups="base.group_portal"
        )
        for user in (self.user_retail, clerk, self.user_internal, portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.forget(self.customer, user)
        self.assertFalse(self.customer.retail_forgotten)
        self.assertEqual(self.customer.name, "Zuzanna Quixotic")

    def test_manager_of_another_company_cannot_erase(self):
        other = self.env["res.company"].create({"name": "Other Shop"})
        manager = company_user(
            self.env,
            "forget_other_manager",
            "base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            other,
        )
        self.customer.company_id = self.env.company
        with self.assertRaises(AccessError):
            self.forget(self.customer, manager)
        self.assertFalse(self.customer.retail_forgotten)

    def test_flag_cannot_be_written(self):
        for vals in (
            {"retail_forgotten": True},
            {"retail_forgotten_date": "2026-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.customer.with_user(self.user_manager).write(vals)

    # -- what it does ----------------------------------------------------------
    def test_erasure_empties_the_partner_and_closes_the_ledger(self):
        customer = self.customer
        card = self.env["retail.card"].create({"partner_id": customer.id})
        number = card.number
        delivery = self.Partner.create(
            {
                "name": "Zuzanna's delivery",
                "parent_id": customer.id,
                "type": "delivery",
                "street": "Ulica Dostawy 3",
            }
        )
        relation = self.env["retail.partner.relation"].create(
            {
                "partner_id": customer.id,
                "related_partner_id": self.Partner.create({"name": "Friend"}).id,
                "type_id": self.env.ref(
                    "crm_retail_customers.relation_type_referred_by"
                ).id,
            }
        )
        bank = self.env["res.partner.bank"].create(
            {"partner_id": customer.id, "acc_number": "PL61109010140000071219812874"}
        )
        customer.message_post(body="Called about Ulica Nieznana 17")
        consents = customer.retail_consent_log_ids
        self.assertTrue(consents)
        entries_before = self.env["retail.point.entry"].search(
            [("partner_id", "=", customer.id)]
        )
        logs = self.forget(customer)
        self.env.invalidate_all()

        self.assertTrue(customer.retail_forgotten)
        self.assertTrue(customer.retail_forgotten_date)
        self.assertFalse(customer.active)
        self.assertRegex(customer.name, r"^Erased customer [0-9A-F]{6}$")
        for field in (
            "email",
            "mobile",
            "street",
            "city",
            "zip",
            "birthdate",
            "retail_birth_day",
            "retail_birth_month",
            "gender",
            "comment",
            "function",
            "card_number",
        ):
            self.assertFalse(customer[field], field)
        self.assertFalse(relation.exists())
        self.assertNotEqual(card.number, number)
        self.assertFalse(bank.active)
        self.assertNotIn("7121", bank.acc_number)
        self.assertFalse(customer.with_context(active_test=False).message_ids)
        # the person's addresses are theirs: erased with them
        self.assertTrue(delivery.retail_forgotten)
        self.assertFalse(delivery.street)
        # ledger: the balance closed by an "erase" entry, amounts kept
        erase = self.env["retail.point.entry"].search(
            [("partner_id", "=", customer.id), ("kind", "=", "erase")]
        )
        self.assertEqual(erase.points, -100.0)
        self.assertEqual(customer.reward_points, 0.0)
        self.assertEqual(sorted(entries_before.mapped("points")), [-20.0, 120.0])
        self.assertFalse(any(entries_before.mapped("note")))
        # the consent log is kept, tied to the anonymous record
        self.assertEqual(
            self.env["retail.consent.log"].search([("partner_id", "=", customer.id)]),
            consents,
        )
        # the audit row: nothing personal
        self.assertEqual(logs.partner_id, customer | delivery)
        log = logs.filtered(lambda row: row.partner_id == customer)
        self.assertEqual(log.user_id, self.user_manager)
        self.assertEqual(log.entry_count, 2)
        self.assertEqual(log.points_closed, -100.0)

    def test_shared_address_keeps_its_opt_out_and_other_mails(self):
        """Another customer with the same address keeps the blocklist row
        (their objection); mails and messages of a longer address that
        contains the erased one are untouched; a mail to several people
        loses only the erased recipient (H3, M4)."""
        self.customer.mobile = False
        twin = self.Partner.create(
            {"name": "Twin Sharing Mailbox", "email": "zuzanna.quixotic@example.com"}
        )
        self.env["mail.blacklist"].sudo()._add("zuzanna.quixotic@example.com")
        self.assertTrue(twin.is_blacklisted)
        Mail = self.env["mail.mail"].sudo()
        longer = Mail.create(
            {"email_to": "jozuzanna.quixotic@example.com", "subject": "Longer"}
        )
        several = Mail.create(
            {
                "email_to": '"Zuzanna" <zuzanna.quixotic@example.com>, '
                "bob.other@example.com",
                "subject": "Several",
            }
        )
        sole = Mail.create(
            {"email_to": "Zuzanna.Quixotic@example.com", "subject": "Sole"}
        )
        message = (
            self.env["mail.message"]
            .sudo()
            .create(
                {
                    "model": "res.partner",
                    "res_id": twin.id,
                    "email_from": '"Jo" <jozuzanna.quixotic@example.com>',
                    "body": "Hello",
                }
            )
        )
        sole_message = sole.mail_message_id
        self.assertFalse(sole_message.model)
        self.forget(self.customer)
        self.env.invalidate_all()
        self.assertTrue(self.customer.retail_forgotten)
        self.assertTrue(twin.is_blacklisted)
        self.assertTrue(
            self.env["mail.blacklist"]
            .sudo()
            .search([("email", "=", "zuzanna.quixotic@example.com")])
        )
        self.assertTrue(longer.exists())
        self.assertEqual(longer.email_to, "jozuzanna.quixotic@example.com")
        self.assertTrue(several.exists())
        self.assertEqual(several.email_to, "bob.other@example.com")
        self.assertFalse(sole.exists())
        # L10: the document-less message of the deleted mail goes with it
        self.assertFalse(sole_message.exists())
        self.assertEqual(message.email_from, '"Jo" <jozuzanna.quixotic@example.com>')

    def test_own_address_leaves_the_blocklist(self):
        self.env["mail.blacklist"].sudo()._add("zuzanna.quixotic@example.com")
        self.forget(self.customer)
        self.assertFalse(
            self.env["mail.blacklist"]
            .sudo()
            .with_context(active_test=False)
            .search([("email", "=", "zuzanna.quixotic@example.com")])
        )

    def test_system_partners_are_refused(self):
        """The public partner, the portal template's partner, a share user
        that is no portal user (M7)."""
        public = self.env.ref("base.public_user").partner_id
        template = self.env["res.users"].browse(
            int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("base.template_portal_user_id", 0)
            )
        )
        share_user = new_test_user(
            self.env, login="forget_share_public", groups="base.group_public"
        )
        partners = public | share_user.partner_id
        if template.exists():
            partners |= template.partner_id
        for partner in partners:
            partner.sudo().company_id = False
            with self.subTest(partner=partner.name), self.assertRaises(UserError):
                self.forget(partner)
            self.assertFalse(partner.retail_forgotten)

    def test_erased_customer_cannot_be_revived_nor_merged(self):
        """M5, L13: a clerk cannot un-archive or refill an erased record;
        it cannot be merged into a live one; erasing again changes
        nothing."""
        clerk = new_test_user(
            self.env, login="forget_revive_clerk", groups=CONTACT_CLERK
        )
        self.forget(self.customer)
        name = self.customer.name
        for vals in (
            {"active": True},
            {"name": "Zuzanna Quixotic"},
            {"email": "zuzanna.quixotic@example.com"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesMessage(UserError, "create a new customer"),
            ):
                self.customer.with_user(clerk).write(vals)
        self.assertFalse(self.customer.active)
        self.assertEqual(self.customer.name, name)
        live = self.Partner.create({"name": "Live Merge Target"})
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_manager)
            .create({})
        )
        with self.assertRaisesMessage(UserError, "erased customer"):
            wizard._merge((self.customer | live).ids, live)
        self.assertTrue(self.customer.exists())
        self.assertFalse(self.forget(self.customer))

    def test_referrer_entry_loses_the_name(self):
        """The referrer's bonus "Referral of <name>" keeps its points, not
        the erased customer's name."""
        referrer = self.Partner.create({"name": "Referrer Person"})
        Entry = self.env["retail.point.entry"]
        # as _retail_reward_referral books it
        bonus = referrer._post_reward_points(
            25.0,
            "bonus",
            idempotency_key=f"referral:{self.customer.id}",
            **Entry._origin_vals("referral", customer=self.customer.display_name),
        )
        self.assertIn("Zuzanna Quixotic", bonus.origin)
        self.forget(self.customer)
        self.env.invalidate_all()
        self.assertEqual(bonus.points, 25.0)
        self.assertNotIn("Zuzanna", bonus.origin)
        self.assertNotIn("Zuzanna", str(bonus.origin_params))
        self.assertIn(self.customer.name, bonus.description)

    def test_shared_customer_closed_in_each_company(self):
        """A shared customer's balance is closed per company (each
        company's liability adds up)."""
        other = self.env["res.company"].create({"name": "Second Shop"})
        self.user_manager.company_ids |= other
        self.customer._post_reward_points(30.0, "earn", company_id=other.id)
        self.forget(self.customer)
        closing = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "erase")]
        )
        self.assertEqual(
            {(entry.company_id, entry.points) for entry in closing},
            {(self.env.company, -100.0), (other, -30.0)},
        )
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_form_button_for_managers_only(self):
        for user, shown in ((self.user_manager, True), (self.user_retail, False)):
            arch = self.Partner.with_user(user).get_views([(False, "form")])["views"][
                "form"
            ]["arch"]
            self.assertEqual("Erase Personal Data" in arch, shown, user.login)

    def test_member_leaves_the_programme(self):
        self.customer.with_user(self.user_manager).action_retail_enrol()
        self.assertTrue(self.customer.retail_member)
        self.forget(self.customer)
        self.assertFalse(self.customer.retail_member)
        self.assertTrue(self.customer.retail_member_left_on)

    def test_company_erased_with_its_contacts(self):
        company = self.Partner.create({"name": "Quixotic Family", "is_company": True})
        contact = self.Partner.create(
            {"name": "Jan Quixotic", "parent_id": company.id, "email": "jan@q.example"}
        )
        self.forget(company)
        self.assertTrue(contact.retail_forgotten)
        self.assertFalse(contact.email)

    def test_contact_of_company_alone(self):
        company = self.Partner.create({"name": "Quixotic Shop", "is_company": True})
        contact = self.Partner.create(
            {"name": "Ewa Quixotic", "parent_id": company.id, "email": "ewa@q.example"}
        )
        self.forget(contact)
        self.assertTrue(contact.retail_forgotten)
        self.assertFalse(company.retail_forgotten)
        self.assertEqual(company.name, "Quixotic Shop")

    def test_second_erasure_changes_nothing(self):
        self.forget(self.customer)
        Entry = self.env["retail.point.entry"]
        Log = self.env["retail.erasure.log"].sudo()
        counts = (Entry.search_count([]), Log.search_count([]))
        name = self.customer.name
        self.assertFalse(self.forget(self.customer))
        self.assertEqual((Entry.search_count([]), Log.search_count([])), counts)
        self.assertEqual(self.customer.name, name)

    def test_negative_balance_closed(self):
        self.env.company.retail_allow_negative_balance = True
        self.customer._post_reward_points(-150.0, "adjust", note="Correction")
        self.assertEqual(self.customer.reward_points, -50.0)
        self.forget(self.customer)
        erase = self.env["retail.point.entry"].search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "erase")]
        )
        self.assertEqual(erase.points, 50.0)
        self.assertEqual(self.customer.reward_points, 0.0)

    def test_erase_entry_books_the_exact_balance_only(self):
        with self.assertRaisesMessage(UserError, "whole balance"):
            self.customer._post_reward_points(-10.0, "erase")

    # -- refusals ----------------------------------------------------------------
    def test_refuses_internal_users_and_companies(self):
        with self.assertRaisesMessage(UserError, "user"):
            self.forget(self.user_retail.partner_id)
        self.assertFalse(self.user_retail.partner_id.retail_forgotten)
        with self.assertRaisesMessage(UserError, "company"):
            self.forget(self.env.company.partner_id)

    def test_portal_user_archived_and_scrubbed(self):
        portal = new_test_user(
            self.env,
            login="zuzanna.portal@example.com",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        self.forget(self.customer)
        portal = portal.with_context(active_test=False)
        self.assertFalse(portal.active)
        self.assertNotIn("zuzanna", portal.login)

    def test_portal_user_two_factor_removed(self):
        """The portal user's two-factor secret and trusted devices
        (auth_totp) are credentials: the erasure removes them (second
        hostile review)."""
        if "totp_secret" not in self.env["res.users"]._fields:
            self.skipTest("auth_totp is not installed")
        portal = new_test_user(
            self.env,
            login="zuzanna.totp@example.com",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_users SET totp_secret = 'ZUZANNASECRET' WHERE id = %s",
            [portal.id],
        )
        self.env.cr.execute(
            "INSERT INTO auth_totp_device (name, user_id, scope, index, key) "
            "VALUES ('Firefox on Zuzanna PC', %s, 'browser', 'abcd1234', 'x')",
            [portal.id],
        )
        self.forget(self.customer)
        self.env.cr.execute(
            "SELECT totp_secret FROM res_users WHERE id = %s", [portal.id]
        )
        self.assertIsNone(self.env.cr.fetchone()[0])
        self.env.cr.execute(
            "SELECT COUNT(*) FROM auth_totp_device WHERE user_id = %s", [portal.id]
        )
        self.assertFalse(self.env.cr.fetchone()[0])

    def test_message_composers_deleted(self):
        """A message to the customer (the welcome) leaves its composer, with
        the rendered "Dear ..." and the name, until Odoo's clean-up: the
        erasure deletes it, and the other wizards' rows naming them; another
        customer's composer stays (second hostile review)."""
        self.company.retail_mail_welcome = True
        other = self.Partner.create(
            {"name": "Other Composer Person", "email": "other.composer@example.com"}
        )
        for partner in (self.customer, other):
            self.assertTrue(
                partner._retail_send_message_once(
                    "welcome", self.company, fields.Date.today()
                )
            )
        self.env.flush_all()
        Composer = self.env["mail.compose.message"].sudo()

        def composers(name):
            self.env.cr.execute(
                "SELECT COUNT(*) FROM mail_compose_message "
                "WHERE record_name = %s OR body LIKE %s",
                [name, f"%{name}%"],
            )
            return self.env.cr.fetchone()[0]

        # another wizard holding the person's e-mail (typed)
        unblock = (
            self.env["mail.blacklist.remove"]
            .sudo()
            .create({"email": "zuzanna.quixotic@example.com", "reason": "asked"})
        )
        self.assertTrue(composers("Zuzanna Quixotic"), "no composer to test")
        self.assertTrue(composers("Other Composer Person"))
        self.forget(self.customer)
        Composer.invalidate_model()
        self.assertFalse(composers("Zuzanna Quixotic"))
        self.assertFalse(composers("zuzanna.quixotic@example.com"))
        self.assertTrue(composers("Other Composer Person"))
        self.assertFalse(unblock.exists())
        # the erasure's own wizard is not touched
        wizard = (
            self.env["retail.partner.forget"]
            .with_user(self.user_manager)
            .create({"partner_id": other.id, "confirm": True})
        )
        wizard.action_confirm()
        self.assertTrue(other.retail_forgotten)

    def test_erasure_log_is_insert_only(self):
        log = self.forget(self.customer)
        with self.assertRaises(UserError):
            log.sudo().write({"points_closed": 0})
        with self.assertRaises(UserError):
            log.sudo().unlink()
        with self.assertRaises(UserError):
            self.env["retail.erasure.log"].create({"partner_id": self.customer.id})
        self.assertEqual(
            self.env["retail.erasure.log"].with_user(self.user_manager).search([]),
            log,
        )

    def test_wizard_asks_confirmation(self):
        wizard = (
            self.env["retail.partner.forget"]
            .with_user(self.user_manager)
            .create({"partner_id": self.customer.id})
        )
        with self.assertRaisesMessage(UserError, "confirmation"):
            wizard.action_confirm()
        self.assertFalse(self.customer.retail_forgotten)
        wizard.confirm = True
        wizard.action_confirm()
        self.assertTrue(self.customer.retail_forgotten)


@tagged("post_install", "-at_install")
class TestPartnerForgetRpc(HttpCase):
    def session_uid(self):
        """The uid of the test's session, or None when it expired."""
        response = self.url_open(
            "/web/session/get_session_info",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}}),
            headers={"Content-Type": "application/json"},
        )
        return (response.json().get("result") or {}).get("uid")

    def test_portal_session_ends_with_the_erasure(self):
        """The customer logged in to the portal when erased: their session
        ends at once (the erasure writes the user in SQL: Odoo's cached
        session token must be dropped too), and the password no longer
        logs in (second hostile review)."""
        customer = self.env["res.partner"].create(
            {"name": "Session Quixotic", "email": "session.quixotic@example.com"}
        )
        portal = new_test_user(
            self.env,
            login="session.quixotic@example.com",
            password="Session-Quixotic-1",
            groups="base.group_portal",
            partner_id=customer.id,
        )
        manager = new_test_user(
            self.env,
            login="forget_session_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
        )
        self.authenticate("session.quixotic@example.com", "Session-Quixotic-1")
        self.assertEqual(self.session_uid(), portal.id)
        customer.with_user(manager).action_retail_forget()
        self.assertIsNone(self.session_uid())
        self.assertEqual(self.url_open("/my", allow_redirects=False).status_code, 303)
        with self.assertRaises(AccessDenied):
            self.env["res.users"].authenticate(
                self.env.cr.dbname,
                "session.quixotic@example.com",
                "Session-Quixotic-1",
                {"interactive": False},
            )

    def test_rpc_refused_for_non_managers(self):
        """A Retail CRM user, a clerk with contact rights and a portal user
        calling the entry or the worker over JSON-RPC get an access error;
        nothing is erased."""
        customer = self.env["res.partner"].create({"name": "Rpc Quixotic"})
        users = {
            "forget_rpc_retail": RETAIL_USER,
            "forget_rpc_clerk": CONTACT_CLERK,
            "forget_rpc_portal": "base.group_portal",
        }
        for login, groups in users.items():
            new_test_user(self.env, login=login, password=login, groups=groups)
            self.authenticate(login, login)
            for method in ("action_retail_forget", "_retail_forget"):
                response = self.url_open(
                    "/web/dataset/call_kw",
                    data=json.dumps(
                        {
                            "jsonrpc": "2.0",
                            "method": "call",
                            "params": {
                                "model": "res.partner",
                                "method": method,
                                "args": [[customer.id]],
                                "kwargs": {},
                            },
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                )
                error = response.json().get("error")
                self.assertTrue(error, (login, method))
                self.assertIn("AccessError", error["data"]["name"], (login, method))
        self.assertFalse(customer.retail_forgotten)
        self.assertEqual(customer.name, "Rpc Quixotic")


@tagged("post_install", "-at_install")
class TestPartnerForgetCompanies(RetailCase):
    """A shared customer (no company) or a company's contacts held by
    another company: that company's manager cannot erase them (H1, H2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Forget Shop B"})
        cls.manager_b = company_user(
            cls.env,
            "forget_manager_b",
            "base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            cls.company_b,
        )
        cls.manager_ab = new_test_user(
            cls.env,
            login="forget_manager_ab",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )
        cls.shared = cls.Partner.create(
            {"name": "Shared Quonzalid", "company_id": False}
        )
        cls.shared._post_reward_points(100.0, "earn")

    def test_other_company_manager_cannot_erase_contact_of_a_company(self):
        """A contact without a company of company A's customer company:
        company B's manager (who may edit the contact, shared) cannot erase
        it, as its export answers as unknown to them (second hostile
        review); A's manager can."""
        corp = self.Partner.create({"name": "Corp Quonzalid Oy", "is_company": True})
        corp.company_id = self.company_a
        contact = self.Partner.create(
            {
                "name": "Contact Quonzalid",
                "parent_id": corp.id,
                "email": "contact.quonzalid@example.com",
            }
        )
        contact.company_id = False
        self.assertTrue(
            contact.with_user(self.manager_b).check_access_rule("write") is None
        )
        with self.assertRaisesRegex(AccessError, "company you do not work in"):
            contact.with_user(self.manager_b).action_retail_forget()
        self.assertFalse(contact.retail_forgotten)
        self.assertEqual(contact.email, "contact.quonzalid@example.com")
        contact.with_user(self.manager_ab).action_retail_forget()
        self.assertTrue(contact.retail_forgotten)

    def test_other_company_manager_cannot_erase_shared_customer(self):
        with self.assertRaisesRegex(AccessError, "Shared Quonzalid") as caught:
            self.shared.with_user(self.manager_b).action_retail_forget()
        self.assertNotIn(self.company_a.name, str(caught.exception))
        self.assertFalse(self.shared.retail_forgotten)
        self.assertEqual(self.shared.reward_points, 100.0)

    def test_manager_of_both_companies_erases_with_one_log_per_company(self):
        self.shared.with_company(self.company_b)._post_reward_points(
            30.0, "earn", company_id=self.company_b.id
        )
        logs = (
            self.shared.with_user(
                self.manager_ab.with_context(
                    allowed_company_ids=(self.company_a | self.company_b).ids
                )
            )
            .with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
            .action_retail_forget()
        )
        self.assertTrue(self.shared.retail_forgotten)
        self.assertEqual(logs.company_id, self.company_a | self.company_b)
        self.assertEqual(sorted(logs.mapped("points_closed")), [-100.0, -30.0])

    def test_erasing_shared_company_refuses_other_company_contacts(self):
        business = self.Partner.create(
            {"name": "Shared Business", "is_company": True, "company_id": False}
        )
        contact = self.Partner.create(
            {"name": "Hidden Contact Of A", "parent_id": business.id}
        )
        contact.company_id = self.company_a
        self.assertEqual(contact.company_id, self.company_a)
        self.manager_b.groups_id |= self.env.ref("base.group_no_one")
        with self.assertRaisesRegex(AccessError, "Shared Business") as caught:
            business.with_user(self.manager_b).action_retail_forget()
        self.assertNotIn("Hidden Contact", str(caught.exception))
        self.assertFalse(contact.retail_forgotten)
        self.assertFalse(business.retail_forgotten)
        self.assertEqual(contact.name, "Hidden Contact Of A")

    def test_wizard_refuses_another_company_customer(self):
        """M8: the wizard is no oracle for another company's partners."""
        customer_a = self.Partner.create(
            {"name": "Secret Of Company A", "company_id": self.company_a.id}
        )
        with self.assertRaises(AccessError):
            self.env["retail.partner.forget"].with_user(self.manager_b).create(
                {"partner_id": customer_a.id}
            )
        wizard = (
            self.env["retail.partner.forget"]
            .with_user(self.manager_b)
            .create({"partner_id": self.shared.id})
        )
        self.assertEqual(wizard.partner_id, self.shared)
