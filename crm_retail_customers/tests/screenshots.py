# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Screenshots of a browser test kept as test artifacts, for people to look
at (right-to-left layouts, translated screens)."""

import base64
import logging
import pathlib
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser, get_db_name
from odoo.tools import config

_logger = logging.getLogger(__name__)


def artifacts_dir():
    """``<screenshots dir>/<database>/artifacts`` (by default
    ``/tmp/odoo_tests/<db>/artifacts``), next to Odoo's failure screenshots."""
    path = pathlib.Path(config["screenshots"]) / get_db_name() / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def screenshot_at_end(name):
    """Save a PNG of the page as a browser test leaves it (the tour's last
    step, the ``browser_js`` code done) to ``artifacts_dir()/<name>.png``.
    Yields the path; the file exists once the block is left. Odoo's test
    browser closes as soon as the test code succeeds, so the screenshot is
    taken by wrapping its ``stop``."""
    path = artifacts_dir() / f"{name}.png"
    path.unlink(missing_ok=True)
    stop = ChromeBrowser.stop

    def stop_after_screenshot(browser):
        if getattr(browser, "ws", None):
            # the "tour done" effect would cover the page
            browser._websocket_request(
                "Runtime.evaluate",
                params={
                    "expression": "document.querySelectorAll('.o_reward')"
                    ".forEach((effect) => effect.remove())"
                },
            )
            shot = browser._websocket_request("Page.captureScreenshot", timeout=30)
            path.write_bytes(base64.b64decode(shot["data"], validate=True))
            # Odoo's own level for test artifacts (as its failure screenshots)
            _logger.runbot("Screenshot: %s", path)
        return stop(browser)

    with patch.object(ChromeBrowser, "stop", stop_after_screenshot):
        yield path
