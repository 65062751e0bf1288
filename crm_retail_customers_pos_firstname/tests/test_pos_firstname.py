# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.tests import tagged

from odoo.addons.crm_retail_customers_pos.tests.common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosFirstname(RetailPosCase):
    """The till loads the name parts and the names order; ``create_from_ui``
    builds the name from the parts, as the cashier (a POS user)."""

    def _create_from_ui(self, values):
        Partner = self.env["res.partner"].with_user(self.pos_user)
        return Partner.browse(Partner.create_from_ui(values))

    def test_create_from_parts(self):
        partner = self._create_from_ui(
            {"name": "ignored", "firstname": " محمد ", "lastname": "رضایی", "id": False}
        )
        self.assertEqual(
            (partner.firstname, partner.lastname, partner.name),
            ("محمد", "رضایی", "محمد رضایی"),
        )
        self.env["ir.config_parameter"].set_param("partner_names_order", "last_first")
        partner = self._create_from_ui(
            {"name": "Иван Петров", "firstname": "Иван", "lastname": "Петров"}
        )
        self.assertEqual(partner.name, "Петров Иван")

    def test_name_alone_is_split(self):
        """Both parts empty: the typed name is kept and split."""
        partner = self._create_from_ui(
            {"name": "Aino Virtanen", "firstname": "", "lastname": ""}
        )
        self.assertEqual((partner.firstname, partner.lastname), ("Aino", "Virtanen"))
        # a till without the inputs (no parts sent at all)
        partner = self._create_from_ui({"name": "Ville Aaltonen"})
        self.assertEqual((partner.firstname, partner.lastname), ("Ville", "Aaltonen"))

    def test_edit_parts(self):
        partner = self.env["res.partner"].create(
            {"firstname": "Иван", "lastname": "Петров"}
        )
        self._create_from_ui(
            {
                "id": partner.id,
                "name": "Иван Петров",
                "firstname": "Пётр",
                "lastname": "Петров",
            }
        )
        self.assertEqual((partner.firstname, partner.name), ("Пётр", "Пётр Петров"))
        # only a last name left: the name is the last name
        self._create_from_ui(
            {"id": partner.id, "name": "x", "firstname": "", "lastname": "Петров"}
        )
        self.assertEqual((partner.firstname, partner.name), (False, "Петров"))

    def test_company_keeps_its_name(self):
        shop = self.env["res.partner"].create({"name": "Kauppa Oy", "is_company": True})
        self._create_from_ui(
            {"id": shop.id, "name": "Kauppa Oyj", "firstname": "", "lastname": ""}
        )
        self.assertEqual((shop.name, shop.lastname), ("Kauppa Oyj", "Kauppa Oyj"))

    def test_till_loads_parts_and_order(self):
        self.env["ir.config_parameter"].set_param("partner_names_order", "last_first")
        person = self.env["res.partner"].create(
            {"firstname": "محمد", "lastname": "رضایی"}
        )
        session = self.pos_session.with_user(self.pos_user)
        data = session.load_pos_data()
        self.assertEqual(data["retail_partner_names_order"], "last_first")
        rows = session.get_pos_ui_res_partner_by_params(
            {"domain": [("id", "=", person.id)]}
        )
        self.assertEqual(
            (rows[0]["firstname"], rows[0]["lastname"], rows[0]["is_company"]),
            ("محمد", "رضایی", False),
        )
