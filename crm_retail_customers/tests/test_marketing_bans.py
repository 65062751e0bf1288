# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import MarketingBansMixin, RetailCase


@tagged("post_install", "-at_install")
class TestMarketingBans(MarketingBansMixin, RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_ban_partners()

    def test_company_ban_applies_to_contacts(self):
        self.assertFalse(self.contact.effective_no_email_marketing)
        self.company.no_email_marketing = True
        self.assertTrue(self.contact.effective_no_email_marketing)
        self.assertFalse(self.contact.no_email_marketing)
        self.assertFalse(self.contact.effective_no_sms_marketing)
        # the stored flag is searchable and follows the company
        self.assertEqual(
            self.Partner.search(
                [
                    ("effective_no_email_marketing", "=", True),
                    ("id", "in", (self.company | self.contact | self.person).ids),
                ]
            ),
            self.company | self.contact,
        )
        self.company.no_email_marketing = False
        self.assertFalse(self.contact.effective_no_email_marketing)
        # a contact's own ban does not touch the company
        self.contact.no_letter_marketing = True
        self.assertTrue(self.contact.effective_no_letter_marketing)
        self.assertFalse(self.company.effective_no_letter_marketing)
        # joining a banned company bans the newcomer
        self.company.no_sms_marketing = True
        self.person.parent_id = self.company
        self.assertTrue(self.person.effective_no_sms_marketing)

    def test_bans_tracked(self):
        self.person.message_ids.unlink()
        self.flush_tracking()
        self.person.write({"no_sms_marketing": True, "no_email_marketing": True})
        self.flush_tracking()
        tracked = self.person.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("no_sms_marketing", tracked)
        self.assertIn("no_email_marketing", tracked)

    def test_search_filters(self):
        scope = [("id", "in", (self.company | self.contact | self.person).ids)]
        self.person.no_sms_marketing = True
        banned = self.Partner.search(
            scope + [("effective_no_sms_marketing", "=", True)]
        )
        allowed = self.Partner.search(
            scope + [("effective_no_sms_marketing", "=", False)]
        )
        self.assertEqual(banned, self.person)
        self.assertEqual(allowed, self.company | self.contact)

    def test_one_search_filter_per_channel(self):
        """The contacts search offers one filter per channel, with a short
        label of its own (two long "Marketing: e-mail ..." labels were cut
        off to the same text)."""
        arch = self.Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        search = etree.fromstring(arch)
        labels = {}
        for field in (
            "effective_no_email_marketing",
            "effective_no_sms_marketing",
            "effective_no_letter_marketing",
        ):
            filters = [
                node
                for node in search.iter("filter")
                if field in (node.get("domain") or "")
            ]
            self.assertEqual(len(filters), 1, field)
            labels[field] = filters[0].get("string")
        self.assertEqual(list(labels.values()), ["No E-mails", "No SMS", "No Letters"])
        # what each filter finds
        scope = [("id", "in", (self.company | self.contact | self.person).ids)]
        self.person.no_sms_marketing = True
        sms = next(f for f in search.iter("filter") if f.get("name") == "sms_banned")
        self.assertEqual(
            self.Partner.search(scope + safe_eval(sms.get("domain"))), self.person
        )
