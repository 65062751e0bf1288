# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from odoo.tests import BaseCase, tagged

ADDON_DIR = Path(__file__).resolve().parents[1]


@tagged("post_install", "-at_install")
class TestPackaging(BaseCase):
    def test_wheel_builds_with_manifest(self):
        """``pip wheel`` with the whool backend gives an installable addon."""
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "wheel",
                    "--no-deps",
                    "--no-build-isolation",
                    "--quiet",
                    "--wheel-dir",
                    tmp,
                    str(ADDON_DIR),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            wheels = list(Path(tmp).glob("*.whl"))
            self.assertEqual(len(wheels), 1, wheels)
            self.assertTrue(
                wheels[0].name.startswith("odoo_addon_crm_retail_customers-17.0.")
            )
            with zipfile.ZipFile(wheels[0]) as wheel:
                names = wheel.namelist()
            self.assertIn("odoo/addons/crm_retail_customers/__manifest__.py", names)
            self.assertIn(
                "odoo/addons/crm_retail_customers/static/description/icon.png", names
            )
