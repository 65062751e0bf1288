# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

NOON = datetime(2026, 6, 15, 12, 0, 0)


@tagged("post_install", "-at_install")
@freeze_time(NOON)
class TestConsentUnsubscribe(HttpCase):
    """A customer who unsubscribes through a mailing's link, or whose address
    or number is put on the blocklist, gets the retail ban too, logged as an
    unsubscribe."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.lea = Partner.create(
            {"name": "Lea", "email": "lea@example.com", "mobile": "+32456990011"}
        )
        # the same address typed otherwise: the same person
        cls.lea_shop = Partner.create(
            {"name": "Lea (shop)", "email": '"Lea" <LEA@example.com>'}
        )
        cls.other = Partner.create({"name": "Other", "email": "other@example.com"})
        cls.mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Summer sale",
                "body_html": "<p>Hello</p>",
                "mailing_model_id": cls.env.ref("base.model_res_partner").id,
                "mailing_domain": [("id", "in", (cls.lea | cls.other).ids)],
            }
        )
        cls.Log = cls.env["retail.consent.log"]

    def rows(self, partners):
        return [
            (log.partner_id, log.channel, log.previous_allowed, log.allowed, log.source)
            for log in self.Log.search([("partner_id", "in", partners.ids)], order="id")
        ]

    def test_unsubscribe_link_bans_email_marketing(self):
        token = self.mailing._generate_mailing_recipient_token(
            self.lea.id, "lea@example.com"
        )
        response = self.url_open(
            f"/mailing/{self.mailing.id}/unsubscribe_oneclick",
            data={
                "document_id": self.lea.id,
                "email": "lea@example.com",
                "hash_token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.lea.is_blacklisted)
        self.assertEqual(
            (self.lea | self.lea_shop).mapped("no_email_marketing"), [True, True]
        )
        self.assertFalse(self.other.no_email_marketing)
        self.assertEqual(
            self.rows(self.lea | self.lea_shop | self.other),
            [
                (self.lea, "email", True, False, "unsubscribe"),
                (self.lea_shop, "email", True, False, "unsubscribe"),
            ],
        )
        logs = self.Log.search([("partner_id", "=", self.lea.id)])
        self.assertEqual(logs.user_id, self.env.ref("base.public_user"))
        self.assertEqual(logs.date, NOON)
        # off the blocklist: no consent, the ban stays; on it again: no change
        Blacklist = self.env["mail.blacklist"]
        Blacklist._remove("lea@example.com")
        self.assertTrue(self.lea.no_email_marketing)
        Blacklist._add("lea@example.com")
        self.assertEqual(len(self.rows(self.lea)), 1)

    def test_blocklist_from_back_office_and_sms(self):
        """A marketing user's blocklist entry in the back office is logged
        as such, not as the customer's unsubscribe (L11)."""
        marketer = new_test_user(
            self.env,
            login="consent_marketer",
            groups="base.group_user,mass_mailing.group_mass_mailing_user",
        )
        self.env["mail.blacklist"].with_user(marketer).create(
            [{"email": "other@example.com"}]
        )
        self.assertTrue(self.other.no_email_marketing)
        # a marketing user may not write the SMS blocklist: an admin action
        self.env["phone.blacklist"].with_user(marketer).sudo().add("+32456990011")
        self.assertTrue(self.lea.no_sms_marketing)
        self.assertFalse(self.lea.no_email_marketing)
        self.assertEqual(
            self.rows(self.lea | self.other),
            [
                (self.other, "email", True, False, "backoffice"),
                (self.lea, "sms", True, False, "backoffice"),
            ],
        )
        # a customer whose ban was lifted, blocklisted again: banned again
        self.other.no_email_marketing = False
        self.env["mail.blacklist"]._remove("other@example.com")
        self.env["mail.blacklist"]._add("other@example.com")
        self.assertEqual(
            [row[3:] for row in self.rows(self.other)],
            [(False, "backoffice"), (True, "backoffice"), (False, "backoffice")],
        )
