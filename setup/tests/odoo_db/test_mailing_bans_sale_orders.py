# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Mailings on sale orders (``mass_mailing_sale``, ``mass_mailing_sale_sms``)
skip the orders of customers banned on the channel, as mailings on contacts
do: the marketing addon does not depend on ``sale``, so the test lives with
the repository's integration tests, on the database with every addon."""

from odoo.tests import tagged, users
from odoo.tools import mute_logger

from odoo.addons.crm_retail_customers_mass_mailing.tests.test_mailing_bans import (
    MailingBansCase,
)


@tagged("post_install", "-at_install")
class TestMailingBansSaleOrders(MailingBansCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_marketing.groups_id += cls.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )

    def new_orders(self, partners):
        return (
            self.env["sale.order"]
            .sudo()
            .create([{"partner_id": partner.id} for partner in partners])
        )

    @users("user_marketing")
    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_email_mailing_on_orders_skips_banned_customers(self):
        orders = self.new_orders(self.pia | self.marta | self.fredrik)
        mailing = self.new_mailing(
            "mail", "sale.order", mailing_domain=repr([("id", "in", orders.ids)])
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        pia_order, marta_order, fredrik_order = orders
        self.assertSkipped(mailing, pia_order | marta_order, "mail_optout")
        self.assertSentTo(mailing, fredrik_order)
        self.assertEqual(self.sent_emails(), {"fredrik@example.com"})

    @users("user_marketing")
    def test_sms_mailing_on_orders_skips_banned_customers(self):
        orders = self.new_orders(self.sami | self.archived | self.fredrik)
        mailing = self.new_mailing(
            "sms", "sale.order", mailing_domain=repr([("id", "in", orders.ids)])
        )
        with self.mockSMSGateway():
            mailing.action_send_sms()
        sami_order, archived_order, fredrik_order = orders
        self.assertSkipped(mailing, sami_order | archived_order, "sms_optout")
        self.assertSentTo(mailing, fredrik_order)
        self.assertEqual(self.sent_numbers(), {"+32456778899"})

    def test_opt_out_lists_of_order_mailings(self):
        """The mailing's hooks give the stored and normalised addresses (the
        composer compares the stored one) and the banned orders' ids."""
        orders = self.new_orders(self.marta | self.sami | self.fredrik)
        marta_order, sami_order, __ = orders
        domain = repr([("id", "in", orders.ids)])
        mailing = self.new_mailing("mail", "sale.order", mailing_domain=domain)
        self.assertEqual(
            set(mailing._get_opt_out_list()),
            {"marta@kauppa.example.com", '"Marta" <MARTA@kauppa.example.com>'},
        )
        sms_mailing = self.new_mailing("sms", "sale.order", mailing_domain=domain)
        self.assertEqual(sms_mailing._get_opt_out_list_sms(), sami_order.ids)
        self.assertNotIn(marta_order.id, sms_mailing._get_opt_out_list_sms())
