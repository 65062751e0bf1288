# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_retail_customers.tests.common import RetailCase

LABELS = "crm_retail_customers.report_retail_address_labels"
CARD = "crm_retail_customers.report_retail_card"


@tagged("post_install", "-at_install")
class TestRetailFirstname(RetailCase):
    """First and last names of the customers (OCA ``partner_firstname``): the
    split, the company's name order in the list, the labels and the cards, and
    the order of the customer list by last name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.fi")
        address = {"street": "Tverskaya 1", "zip": "125009", "city": "Moscow"}
        Partner = cls.Partner.with_user(cls.user_retail)
        cls.ivan = Partner.create(dict(address, firstname="Иван", lastname="Петров"))
        cls.mohammad = Partner.create(
            dict(
                address,
                firstname="محمد",
                lastname="رضایی",
                street="Valiasr 10",
                city="Tehran",
                zip="1434",
            )
        )
        # the first names sort Aino before Ville, the last names Virtanen
        # after Aaltonen: the orders differ by first and by last name
        cls.aino = Partner.create(
            dict(address, firstname="Aino", lastname="Virtanen", city="Helsinki")
        )
        cls.ville = Partner.create(
            dict(address, firstname="Ville", lastname="Aaltonen", city="Helsinki")
        )

    def _set_order(self, order):
        """Change the names order as Settings do (the button recomputes the
        stored names of all persons)."""
        settings = self.env["res.config.settings"].create({})
        settings.partner_names_order = order
        settings.action_recalculate_partners_name()
        self.env.invalidate_all()

    def _labels_html(self, partners):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_retail)
            ._render_qweb_html(LABELS, partners.ids)
        )
        return html.decode()

    def _card_html(self, partner):
        card = self.env["retail.card"].create({"partner_id": partner.id})
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(CARD, card.ids)
        return html.decode()

    def test_names_split_and_built(self):
        self.assertEqual(self.ivan.name, "Иван Петров")
        self.assertEqual(self.mohammad.name, "محمد رضایی")
        # a full name typed in the name field is split (first_last order)
        typed = self.Partner.with_user(self.user_retail).create(
            {"name": "  Мария   Иванова "}
        )
        self.assertEqual(
            (typed.firstname, typed.lastname, typed.name),
            ("Мария", "Иванова", "Мария Иванова"),
        )
        # a company keeps its whole name in the last name
        shop = self.Partner.create({"name": "Kauppa Oy", "is_company": True})
        self.assertEqual((shop.firstname, shop.lastname), (False, "Kauppa Oy"))

    def test_person_needs_a_name(self):
        with self.assertRaises(ValidationError):
            self.Partner.with_user(self.user_retail).create(
                {"firstname": False, "lastname": False, "name": False}
            )
        with self.assertRaises(ValidationError):
            self.ivan.with_user(self.user_retail).write(
                {"firstname": False, "lastname": False}
            )

    def test_form_as_retail_user(self):
        """The back-office form: a Retail CRM user types the first and last
        name, the name follows."""
        form = Form(self.Partner.with_user(self.user_retail))
        form.firstname = "محمد"
        form.lastname = "رضایی"
        partner = form.save()
        self.assertEqual(partner.name, "محمد رضایی")
        found = self.Partner.search([("lastname", "=", "رضایی")])
        self.assertEqual(found, partner | self.mohammad)

    def test_labels_and_card_first_last(self):
        self._set_order("first_last")
        html = self._labels_html(self.ivan | self.mohammad)
        self.assertIn("Иван Петров", html)
        self.assertNotIn("Петров Иван", html)
        self.assertIn("محمد رضایی", html)
        self.assertNotIn("رضایی محمد", html)
        card = self._card_html(self.ivan)
        self.assertIn("Иван Петров", card)
        self.assertNotIn("Петров Иван", card)
        card = self._card_html(self.mohammad)
        self.assertIn("محمد رضایی", card)

    def test_labels_and_card_last_first(self):
        self._set_order("last_first")
        self.assertEqual(self.ivan.name, "Петров Иван")
        html = self._labels_html(self.ivan | self.mohammad)
        self.assertIn("Петров Иван", html)
        self.assertNotIn("Иван Петров", html)
        self.assertIn("رضایی محمد", html)
        self.assertNotIn("محمد رضایی", html)
        card = self._card_html(self.ivan)
        self.assertIn("Петров Иван", card)
        self.assertNotIn("Иван Петров", card)
        card = self._card_html(self.mohammad)
        self.assertIn("رضایی محمد", card)
        self.assertNotIn("محمد رضایی", card)
        # the names typed afterwards split in that order too
        typed = self.Partner.create({"name": "Сидоров Пётр"})
        self.assertEqual((typed.lastname, typed.firstname), ("Сидоров", "Пётр"))

    def test_labels_last_first_comma(self):
        self._set_order("last_first_comma")
        self.assertIn("Петров, Иван", self._labels_html(self.ivan))

    def test_order_by_last_name(self):
        """The customer list ordered by last name, then first name (the
        column header of the list): Aaltonen before Virtanen, although Aino
        comes before Ville by first name (and by the full name)."""
        people = self.ivan | self.mohammad | self.aino | self.ville
        domain = [("id", "in", people.ids)]
        Partner = self.Partner.with_user(self.user_retail)
        by_name = Partner.search(domain)
        self.assertEqual(by_name.ids.index(self.aino.id), 0)
        by_last = Partner.search(domain, order="lastname, firstname")
        self.assertEqual(by_last, self.ville | self.aino | self.ivan | self.mohammad)
        # the list view's column sort, as the web client asks for it
        rows = Partner.web_search_read(
            domain, {"display_name": {}, "lastname": {}}, order="lastname ASC"
        )["records"]
        self.assertEqual(
            [row["lastname"] for row in rows],
            ["Aaltonen", "Virtanen", "Петров", "رضایی"],
        )

    def test_list_and_search_views(self):
        """The contact list has the sortable last name column; the search
        finds customers by last name."""
        Partner = self.Partner.with_user(self.user_retail)
        arch = Partner.get_view(view_type="tree")["arch"]
        self.assertIn('name="lastname"', arch)
        self.assertIn('name="firstname"', arch)
        search = Partner.get_view(view_type="search")["arch"]
        self.assertIn('name="lastname"', search)
        self.assertEqual(Partner.search([("lastname", "ilike", "Петр")]), self.ivan)

    def test_erasure_empties_the_name_parts(self):
        """An erased person keeps no first or last name: the anonymous name
        is the last name, and recomputing the name gives it again."""
        self.ivan.with_user(self.user_manager).action_retail_forget()
        self.env.invalidate_all()
        self.assertTrue(self.ivan.retail_forgotten)
        self.assertFalse(self.ivan.firstname)
        self.assertEqual(self.ivan.lastname, self.ivan.name)
        self.assertNotIn("Иван", self.ivan.name)
        self.assertNotIn("Петров", self.ivan.name)
        self.env.cr.execute(
            "SELECT COUNT(*) FROM res_partner WHERE firstname = %s OR lastname = %s",
            ["Иван", "Петров"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        # partner_firstname builds the name from its parts (as the server
        # does when it recomputes names): still anonymous
        name = self.ivan.name
        self.ivan.sudo()._compute_name()
        self.assertEqual(self.ivan.name, name)
        # and nobody gives the erased person a name again
        with self.assertRaises(UserError):
            self.ivan.with_user(self.user_manager).write({"lastname": "Петров"})
