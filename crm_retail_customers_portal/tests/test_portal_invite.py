# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Inviting customers to the portal in bulk with Odoo's "Grant portal
access" (``portal.wizard``) from the contacts list."""

from lxml import etree

from odoo.exceptions import AccessDenied
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalInvite(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="invite_clerk",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user",
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": f"Member {n}", "email": f"member{n}@example.com"}
                for n in range(3)
            ]
        )
        cls.customers._retail_enrol("backoffice")
        cls.no_email = cls.env["res.partner"].create({"name": "Member without"})
        cls.no_email._retail_enrol("backoffice")

    def test_action_in_the_customer_list(self):
        """The contacts list (and form) of our customers offers the action,
        and the search has the filters to select members with an e-mail.
        (Odoo 17's kanban view selects no records: bulk actions are in the
        list.)"""
        Partner = self.env["res.partner"].with_user(self.clerk)
        action = self.env.ref("portal.partner_wizard_action_create_and_open")
        views = Partner.get_views([(False, "list"), (False, "form")], {"toolbar": True})
        for view_type in ("list", "form"):
            toolbar = views["views"][view_type]["toolbar"]
            self.assertIn(
                action.id, [a["id"] for a in toolbar.get("action", [])], view_type
            )
        search = Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        names = etree.fromstring(search).xpath("//filter/@name")
        self.assertIn("retail_members", names)
        self.assertIn("retail_with_email", names)
        domain = [("retail_member", "=", True), ("email", "!=", False)]
        found = Partner.search(
            domain + [("id", "in", (self.customers | self.no_email).ids)]
        )
        self.assertEqual(found, self.customers)

    def test_grant_three_customers_in_one_wizard(self):
        Partner = self.env["res.partner"].with_user(self.clerk)
        action = self.env.ref("portal.partner_wizard_action_create_and_open")
        result = (
            action.with_user(self.clerk)
            .with_context(active_model="res.partner", active_ids=self.customers.ids)
            .run()
        )
        wizard = (
            self.env["portal.wizard"].with_user(self.clerk).browse(result["res_id"])
        )
        self.assertEqual(wizard.user_ids.partner_id, self.customers)
        for line in wizard.user_ids:
            self.assertEqual(line.email_state, "ok")
            line.action_grant_access()
        for customer in Partner.browse(self.customers.ids):
            user = customer.with_context(active_test=False).user_ids
            self.assertEqual(len(user), 1, customer.name)
            self.assertTrue(user.share)
            self.assertTrue(user.has_group("base.group_portal"))
            self.assertEqual(user.login, customer.email)
            self.assertEqual(user.partner_id.commercial_partner_id, customer)

    def test_erasure_after_invitation(self):
        """An invited customer erased (second hostile review): the
        invitation wizard's row (their e-mail) goes, the portal user is
        archived under another login and cannot log in, the invitation
        e-mail queued to them goes."""
        customer = self.customers[0]
        result = (
            self.env.ref("portal.partner_wizard_action_create_and_open")
            .with_user(self.clerk)
            .with_context(active_model="res.partner", active_ids=customer.ids)
            .run()
        )
        wizard = self.env["portal.wizard"].browse(result["res_id"])
        wizard.user_ids.with_user(self.clerk).action_grant_access()
        user = customer.with_context(active_test=False).user_ids
        user.password = "Member-0-Secret"
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT COUNT(*) FROM mail_mail WHERE email_to LIKE %s",
            ["%member0@example.com%"],
        )
        queued = self.env.cr.fetchone()[0]
        manager = new_test_user(
            self.env,
            login="invite_forget_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
        )
        customer.with_user(manager).action_retail_forget()
        self.env.flush_all()
        self.assertFalse(wizard.user_ids.exists())
        self.env.cr.execute(
            "SELECT COUNT(*) FROM portal_wizard_user WHERE email = %s",
            ["member0@example.com"],
        )
        self.assertFalse(self.env.cr.fetchone()[0])
        self.env.cr.execute(
            "SELECT COUNT(*) FROM mail_mail WHERE email_to LIKE %s "
            "OR body_html LIKE %s",
            ["%member0@example.com%", "%Member 0%"],
        )
        self.assertFalse(self.env.cr.fetchone()[0], f"{queued} queued before")
        user.invalidate_recordset()
        self.assertFalse(user.active)
        self.assertNotIn("member0", user.login)
        with self.assertRaises(AccessDenied):
            self.env["res.users"].authenticate(
                self.env.cr.dbname,
                "member0@example.com",
                "Member-0-Secret",
                {"interactive": False},
            )
        # the other invited customer keeps theirs
        self.assertEqual(self.customers[1].email, "member1@example.com")
