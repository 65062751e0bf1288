# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import RetailPosTillCase


@tagged("post_install", "-at_install")
class TestPosCustomerNumber(RetailPosTillCase):
    """The cashier finds customers by their customer number (``ref``), among
    the loaded customers and on the server
    (static/tests/tours/retail_pos_customer_number_tours.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # more customers than the till loads (100): Zita stays on the server
        Partner.create([{"name": f"Mmm Filler {index:03d}"} for index in range(120)])
        sequence = cls.env["ir.sequence"].create(
            {
                "name": "Tour numbers",
                "prefix": "NUM-",
                "number_next": 7001,
                "company_id": False,
            }
        )
        customer_type = cls.env["retail.customer.type"].create(
            {"name": "Tour customers", "sequence_id": sequence.id}
        )
        cls.aada, cls.zita = Partner.create(
            [
                {"name": "Aada Numbered", "customer_type_id": customer_type.id},
                {"name": "Zita Numbered", "customer_type_id": customer_type.id},
            ]
        )

    def test_find_by_customer_number(self):
        self.assertEqual((self.aada.ref, self.zita.ref), ("NUM-7001", "NUM-7002"))
        self.main_pos_config.with_user(self.pos_user).open_ui()
        session = self.main_pos_config.current_session_id
        loaded = {row[0] for row in self.main_pos_config.get_limited_partners_loading()}
        self.assertIn(self.aada.id, loaded)
        self.assertNotIn(self.zita.id, loaded)
        params = session.with_user(self.pos_user)._loader_params_res_partner()
        self.assertIn("ref", params["search_params"]["fields"])
        # the domain Odoo's "Search more" (getNewPartners) sends
        query = "num-7002%"
        clauses = [
            [field, "ilike", query]
            for field in ("name", "parent_name", "phone_mobile_search", "email")
        ]
        found = session.with_user(self.pos_user).get_pos_ui_res_partner_by_params(
            {"domain": ["|"] * 3 + clauses, "limit": 30, "offset": 0}
        )
        self.assertEqual([row["id"] for row in found], self.zita.ids)
        self.assertEqual(found[0]["ref"], "NUM-7002")
        self.start_pos_tour("crm_retail_customers_pos_customer_number_tour")
