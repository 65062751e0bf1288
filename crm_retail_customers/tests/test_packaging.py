# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from odoo.tests import BaseCase, tagged

REPOSITORY = Path(__file__).resolve().parents[2]


@tagged("post_install", "-at_install")
class TestPackaging(BaseCase):
    """Every addon of the repository builds as a wheel with the whool backend,
    named and versioned from its manifest, with the manifest inside."""

    def test_wheels_build_with_manifest(self):
        addons = sorted(p.parent for p in REPOSITORY.glob("*/__manifest__.py"))
        self.assertIn(REPOSITORY / "crm_retail_customers", addons)
        for addon in addons:
            manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
            with self.subTest(addon=addon.name), tempfile.TemporaryDirectory() as tmp:
                self.assertTrue((addon / "pyproject.toml").is_file())
                build = subprocess.run(
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
                        str(addon),
                    ],
                    check=False,
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                self.assertEqual(build.returncode, 0, build.stderr[-2000:])
                wheels = list(Path(tmp).glob("*.whl"))
                self.assertEqual(len(wheels), 1, wheels)
                self.assertTrue(
                    wheels[0].name.startswith(
                        f"odoo_addon_{addon.name}-{manifest['version']}"
                    ),
                    wheels[0].name,
                )
                with zipfile.ZipFile(wheels[0]) as wheel:
                    names = wheel.namelist()
                prefix = f"odoo/addons/{addon.name}"
                self.assertIn(f"{prefix}/__manifest__.py", names)
                self.assertIn(f"{prefix}/static/description/icon.png", names)
