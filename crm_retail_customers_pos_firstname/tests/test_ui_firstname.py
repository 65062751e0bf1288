# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers_pos.tests.common import RetailPosTillCase


@tagged("post_install", "-at_install")
class TestPosFirstnameTour(RetailPosTillCase):
    """The till's customer editor with first and last name inputs, names
    order "last first" (static/tests/tours/retail_pos_firstname_tours.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a cashier who creates customers at the till (Contact Creation)
        cls.pos_user.groups_id += cls.env.ref("base.group_partner_manager")
        settings = cls.env["res.config.settings"].create({})
        settings.partner_names_order = "last_first"
        settings.action_recalculate_partners_name()
        Partner = cls.env["res.partner"]
        cls.ivan = Partner.create({"firstname": "Иван", "lastname": "Петров"})
        cls.shop = Partner.create({"name": "Kauppa Oy", "is_company": True})

    def test_firstname_at_the_till(self):
        self.assertEqual(self.ivan.name, "Петров Иван")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("crm_retail_customers_pos_firstname_tour")
        created = self.env["res.partner"].search([("lastname", "=", "رضایی")])
        self.assertEqual(len(created), 1)
        self.assertEqual(
            (created.firstname, created.lastname, created.name),
            ("محمد", "رضایی", "رضایی محمد"),
        )
        self.assertEqual(created.create_uid, self.pos_user)
        self.assertEqual(
            (self.ivan.firstname, self.ivan.lastname, self.ivan.name),
            ("Пётр", "Петров", "Петров Пётр"),
        )
        self.assertEqual(self.shop.name, "Kauppa Oy")
        self.assertFalse(self.shop.firstname)
