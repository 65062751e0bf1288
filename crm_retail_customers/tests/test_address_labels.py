# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import subprocess

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import RetailCase

REPORT = "crm_retail_customers.report_retail_address_labels"


@tagged("post_install", "-at_install")
class TestAddressLabels(RetailCase, HttpCase):
    """The letter ban in address labels: a banned contact, or a contact of a
    banned company, gets no label; the others get a real PDF label."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.finland = cls.env.ref("base.fi")
        cls.poland = cls.env.ref("base.pl")
        cls.company.country_id = cls.finland
        address = {"street": "Mannerheimintie 1", "zip": "00100", "city": "Helsinki"}
        cls.aino = cls.Partner.create(
            dict(address, name="Aino Virtanen", country_id=cls.finland.id)
        )
        cls.banned = cls.Partner.create(
            dict(address, name="Banned Bertta", no_letter_marketing=True)
        )
        cls.shop = cls.Partner.create(
            dict(address, name="Kauppa Oy", is_company=True, no_letter_marketing=True)
        )
        cls.shop_contact = cls.Partner.create(
            {"name": "Olli Ostaja", "parent_id": cls.shop.id}
        )
        cls.polish = cls.Partner.create(
            {
                "name": "Zofia Kowalska",
                "street": "ul. Długa 5",
                "zip": "00-238",
                "city": "Warszawa",
                "country_id": cls.poland.id,
            }
        )
        cls.firm = cls.Partner.create(
            dict(address, name="Tukku Ab", is_company=True, country_id=cls.finland.id)
        )
        cls.firm_contact = cls.Partner.create(
            {"name": "Pekka Päällikkö", "parent_id": cls.firm.id}
        )
        cls.no_address = cls.Partner.create({"name": "Nomad Niko"})

    def _render(self, partners, user=None):
        return (
            self.env["ir.actions.report"]
            .with_user(user or self.user_retail)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, partners.ids)
        )

    def test_labels_lines(self):
        everyone = (
            self.aino
            | self.banned
            | self.shop
            | self.shop_contact
            | self.polish
            | self.firm_contact
            | self.no_address
        )
        self.assertTrue(self.shop_contact.effective_no_letter_marketing)
        self.assertEqual(
            self.env[
                "report.crm_retail_customers.report_retail_address_labels"
            ]._get_address_labels(everyone),
            [
                # domestic mail: no country line
                ["Aino Virtanen", "Mannerheimintie 1", "00100 Helsinki"],
                ["Zofia Kowalska", "ul. Długa 5", "00-238 Warszawa", "Poland"],
                # a company's contact: the company, then the person
                [
                    "Tukku Ab",
                    "Pekka Päällikkö",
                    "Mannerheimintie 1",
                    "00100 Helsinki",
                ],
            ],
        )

    def test_pdf_leaves_out_banned_contacts(self):
        pdf, kind = self._render(
            self.aino | self.banned | self.shop_contact | self.polish
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        self.assertIn("Aino Virtanen", text)
        self.assertIn("Zofia Kowalska", text)
        self.assertIn("00-238 Warszawa", text)
        self.assertNotIn("Banned Bertta", text)
        self.assertNotIn("Olli Ostaja", text)
        self.assertNotIn("Kauppa Oy", text)

    def test_24_labels_a_sheet(self):
        customers = self.Partner.create(
            [{"name": f"Label Customer {n:02d}", "city": "Tampere"} for n in range(25)]
        )
        pdf, _kind = self._render(customers)
        info = subprocess.run(
            ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        self.assertRegex(info, r"Pages:\s+2\n")
        self.assertRegex(info, r"Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)")
        pages = [
            subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), "-", "-"],
                input=pdf,
                capture_output=True,
                check=True,
            ).stdout.decode()
            for page in (1, 2)
        ]
        # the labels sit on the sheet's 70 x 37 mm grid (1 pt = 25.4 / 72 mm)
        bbox = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", "-bbox", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        spots = sorted(
            (float(y) * 25.4 / 72, float(x) * 25.4 / 72)
            for x, y in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Label<', bbox)
        )
        self.assertEqual(len(spots), 24)
        (top, left) = spots[0]
        for index, (y, x) in enumerate(spots):
            self.assertAlmostEqual(y - top, index // 3 * 37, delta=0.5)
            self.assertAlmostEqual(x - left, index % 3 * 70, delta=0.5)
        self.assertEqual(pages[0].count("Label Customer"), 24)
        self.assertEqual(pages[1].count("Label Customer"), 1)
        self.assertIn("Label Customer 24", pages[1])

    def test_nothing_to_print_is_refused(self):
        with self.assertRaisesMessage(
            UserError, r"of the 3 selected contacts, 2 refuse marketing letters"
        ):
            self._render(self.banned | self.shop_contact | self.no_address)

    def test_print_menu_for_retail_users(self):
        report = self.env.ref("crm_retail_customers.retail_address_labels_report")
        self.assertEqual(report.binding_model_id.model, "res.partner")
        self.assertEqual(
            report.groups_id, self.env.ref("crm_retail_customers.group_retail_user")
        )
