# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json
import os

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from odoo.addons.crm_retail_customers.tests.common import BrowserSizeMixin

from .common import PhoneMixin, PortalLoyaltyMixin, emulate_size
from .test_portal_loyalty import decode

#: Ready when the page and both codes are loaded.
IMAGES_LOADED = (
    "document.readyState === 'complete' && document.images.length > 0"
    " && [...document.images].every((img) => img.complete && img.naturalWidth > 0)"
)


def screenshot_card(case, login, url="/my/loyalty/card", size=None):
    """``(png, layout)`` of ``url`` in headless Chromium at the test class's
    ``browser_size`` (or on a phone of ``size``), logged in as ``login``: the
    screenshot of the window (``Page.captureScreenshot``, what the phone
    shows) and, as JSON, the window's size and the boxes of the two codes."""
    browser = ChromeBrowser(type(case))
    try:
        size = size or (case.browser_size if isinstance(case, PhoneMixin) else None)
        if size:
            emulate_size(browser, size)
        case.authenticate(login, login, browser=browser)
        case.cr.flush()
        case.cr.clear()
        browser.navigate_to(case.base_url() + url, wait_stop=True)
        case.assertTrue(browser._wait_ready(IMAGES_LOADED), "the codes did not load")
        layout = browser._websocket_request(
            "Runtime.evaluate",
            params={
                "expression": """(() => {
                    const box = (s) =>
                        document.querySelector(s).getBoundingClientRect();
                    return JSON.stringify({
                        width: window.innerWidth,
                        height: window.innerHeight,
                        barcode: box('.o_retail_card_barcode'),
                        qr: box('.o_retail_card_qr'),
                    });
                })()""",
                "returnByValue": True,
            },
        )["result"]["value"]
        shot = browser._websocket_request("Page.captureScreenshot", timeout=30)
        png = base64.b64decode(shot["data"])
        if os.environ.get("RETAIL_SCREENSHOT_DIR"):
            lang = case.env["res.users"].search([("login", "=", login)]).lang
            name = f"{type(case).__name__}_{login}_{lang}.png"
            with open(
                os.path.join(os.environ["RETAIL_SCREENSHOT_DIR"], name), "wb"
            ) as f:
                f.write(png)
        return png, layout
    finally:
        browser.stop()
        case._wait_remaining_requests()


class PortalLoyaltyTours(BrowserSizeMixin, PortalLoyaltyMixin):
    """The loyalty tour in English, Finnish and Persian (right to left)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpPortalLoyalty()
        cls.env["res.lang"]._activate_lang("fi_FI")
        cls.env["res.lang"]._activate_lang("fa_IR")

    def run_tour_in(self, lang):
        self.user_a.lang = lang
        self.start_tour(
            "/my", "crm_retail_customers_portal_loyalty_tour", login="portal_aino"
        )

    def test_tour_english(self):
        self.run_tour_in("en_US")

    def test_tour_finnish(self):
        self.run_tour_in("fi_FI")

    def test_tour_persian(self):
        self.run_tour_in("fa_IR")


@tagged("post_install", "-at_install")
class TestUiPortalLoyaltyDesk(PortalLoyaltyTours, HttpCase):
    """The page at 1366 x 768."""


@tagged("post_install", "-at_install")
class TestUiPortalLoyaltyPhone(PhoneMixin, PortalLoyaltyTours, HttpCase):
    """The page and the card on a phone, 360 x 740."""

    browser_size = "360,740"

    def test_card_screenshot_scans(self):
        """The EAN-13 and the QR code read from a screenshot of the phone's
        screen are the card's number; the barcode spans the screen's width
        and both codes are on the first screen."""
        for lang in ("en_US", "fa_IR"):
            self.user_a.lang = lang
            png, layout = screenshot_card(self, "portal_aino")
            layout = json.loads(layout)
            self.assertEqual(layout["width"], 360)
            self.assertGreaterEqual(layout["barcode"]["width"], 350, lang)
            self.assertLessEqual(layout["qr"]["bottom"], layout["height"], lang)
            self.assertGreaterEqual(layout["qr"]["width"], 200, lang)
            self.assertEqual(
                decode(png),
                {"EAN13": self.card_a.number, "QRCode": self.card_a.number},
                lang,
            )
