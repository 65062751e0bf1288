# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The card on the customer's phone, scanned at the till: the barcode read
from a screenshot of the portal's card page on a 360 x 740 phone is scanned
in the POS, which picks the customer. Two addons meet here (the portal shows
the card, the POS bridge reads it), so the test lives with the repository's
integration tests."""

from urllib.parse import quote, urlencode

from odoo.tests import new_test_user, tagged

from odoo.addons.crm_retail_customers_portal.tests.test_portal_loyalty import decode
from odoo.addons.crm_retail_customers_portal.tests.test_ui_portal_loyalty import (
    screenshot_card,
)
from odoo.addons.crm_retail_customers_pos.tests.common import RetailPosTillCase


@tagged("post_install", "-at_install")
class TestPortalCardScan(RetailPosTillCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.pia = env["res.partner"].create(
            {"name": "Pia Phone", "company_id": cls.company.id}
        )
        # another customer's card first: the scan must find Pia's, not any
        env["retail.card"].create(
            {"partner_id": env["res.partner"].create({"name": "Olli Other"}).id}
        )
        cls.card = env["retail.card"].create({"partner_id": cls.pia.id})
        new_test_user(
            env,
            login="portal_pia",
            password="portal_pia",
            name="Pia Phone",
            groups="base.group_portal",
            partner_id=cls.pia.id,
        )

    def test_card_on_the_phone_is_scanned_at_the_till(self):
        png, _layout = screenshot_card(self, "portal_pia", size="360,740")
        decoded = decode(png)
        self.assertEqual(
            decoded, {"EAN13": self.card.number, "QRCode": self.card.number}
        )
        self.main_pos_config.with_user(self.pos_user).open_ui()
        found = (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .retail_pos_find_by_card(decoded["EAN13"], self.main_pos_config.id)
        )
        self.assertEqual(found.get("partner", {}).get("id"), self.pia.id, found)
        query = urlencode(
            {
                "config_id": self.main_pos_config.id,
                "retail_card": decoded["EAN13"],
                "retail_customer": "Pia Phone",
            },
            quote_via=quote,
        )
        self.start_tour(
            f"/pos/ui?{query}",
            "crm_retail_customers_pos_scan_given_card_tour",
            login="pos_user",
        )
