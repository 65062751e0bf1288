# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged

from .common import RetailPosTillCase


@tagged("post_install", "-at_install")
class TestPosNationalIdTour(RetailPosTillCase):
    """A cashier who is a Retail CRM user finds a customer the till did not
    load by their whole national ID, in the real till
    (static/tests/tours/retail_pos_national_id_tours.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pos_user.groups_id = [
            Command.link(cls.env.ref("crm_retail_customers.group_retail_user").id)
        ]
        Partner = cls.env["res.partner"]
        # more customers than the till loads (100): Zana stays on the server
        Partner.create([{"name": f"Mmm Filler {index:03d}"} for index in range(120)])
        cls.zana = Partner.create(
            {
                "name": "Zana Identity",
                "retail_national_id": "131052-308T",
                "retail_national_id_country_id": cls.env.ref("base.fi").id,
            }
        )

    def test_find_by_national_id(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        loaded = {row[0] for row in self.main_pos_config.get_limited_partners_loading()}
        self.assertNotIn(self.zana.id, loaded)
        self.start_pos_tour("crm_retail_customers_pos_national_id_tour")
