# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Upgrade of ``crm_retail_customers`` to 17.0.2.0.0 (members only), for real.

The addon as it was in the commit before its migration script was added is
taken from git (``git archive``: works in any clone with history) and
installed into a scratch database with customers holding a card, holding
only ledger entries, and holding nothing; the database is then upgraded with
the code of this checkout. Everybody who held a card or points is a member
afterwards, with their balance, and without a welcome bonus.

Slow (two Odoo runs and two shells: 25 s idle, minutes under load): marked ``slow`` and
``migration``. The Odoo configuration is ``$RETAIL_ODOO_CONF`` (default the
``.run/odoo.conf`` that setup/test.sh writes); the scratch database is
``$RETAIL_MIGRATION_DB`` (default ``retail_test_migration``), dropped before
and after.
"""

import ast
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "crm_retail_customers/migrations/17.0.2.0.0/post-migrate.py"

BEFORE = """
Partner = env["res.partner"]
holder = Partner.create({"name": "Mig Card Holder"})
env["retail.card"].create({"partner_id": holder.id, "issue_date": "2025-03-01"})
ledger = Partner.create({"name": "Mig Ledger Only"})
ledger._post_reward_points(
    42, "opening", idempotency_key="mig:ledger", date="2025-04-02 10:00:00"
)
shop = Partner.create({"name": "Mig Shop", "is_company": True})
buyer = Partner.create({"name": "Mig Shop Buyer", "parent_id": shop.id})
env["retail.card"].create({"partner_id": buyer.id, "issue_date": "2025-05-03"})
Partner.create({"name": "Mig Nobody"})
env.cr.commit()
"""

AFTER = """
import json
rows = {}
for partner in env["res.partner"].search([("name", "=like", "Mig %")]):
    rows[partner.name] = [
        partner.retail_member,
        str(partner.retail_member_since or ""),
        partner.retail_member_source or "",
        partner.reward_points,
        sorted(partner.point_entry_ids.mapped("kind")),
    ]
rows["members_only"] = env.company.retail_members_only
version = env["ir.module.module"].search([("name", "=", "crm_retail_customers")])
rows["version"] = version.latest_version
print("RESULT" + json.dumps(rows))
"""


def _run(*args, stdin=None):
    result = subprocess.run(
        args,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout


def _previous_commit():
    added = _run("git", "log", "--diff-filter=A", "--format=%H", "--", SCRIPT).split()
    assert added, f"{SCRIPT} is not committed"
    return f"{added[-1]}^"


@pytest.mark.slow
@pytest.mark.migration
def test_upgrade_makes_holders_members(tmp_path):
    conf = os.environ.get("RETAIL_ODOO_CONF", str(ROOT / ".run" / "odoo.conf"))
    db = os.environ.get("RETAIL_MIGRATION_DB", "retail_test_migration")
    old = tmp_path / "old"
    old.mkdir()
    archive = tmp_path / "old.tar"
    with archive.open("wb") as out:
        subprocess.run(
            ["git", "archive", _previous_commit(), "crm_retail_customers"],
            cwd=ROOT,
            stdout=out,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(old, filter="data")
    assert not (old / SCRIPT).exists()
    odoo = [sys.executable, "-m", "odoo", "-c", conf, "-d", db]
    _run("dropdb", "--if-exists", db)
    try:
        _run(
            *odoo,
            f"--addons-path={old}",
            "-i",
            "crm_retail_customers",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        )
        shell = [
            sys.executable,
            "-m",
            "odoo",
            "shell",
            *odoo[3:],
            "--no-http",
            "--log-level=warn",
        ]
        _run(*shell, f"--addons-path={old}", stdin=BEFORE)
        _run(
            *odoo,
            f"--addons-path={ROOT}",
            "-u",
            "crm_retail_customers",
            "--stop-after-init",
            "--log-level=warn",
        )
        out = _run(*shell, f"--addons-path={ROOT}", stdin=AFTER)
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)
    rows = json.loads(out.split("RESULT", 1)[1].strip().splitlines()[0])
    # upgraded to the version of the addon now (17.0.2.0.0 or later)
    manifest = ROOT / "crm_retail_customers" / "__manifest__.py"
    version = ast.literal_eval(manifest.read_text())["version"]
    assert rows["version"] == version, (rows["version"], version)
    assert version >= "17.0.2.0.0"
    assert rows["members_only"] is True
    assert rows["Mig Card Holder"] == [True, "2025-03-01", "upgrade", 0.0, []]
    assert rows["Mig Ledger Only"] == [True, "2025-04-02", "upgrade", 42.0, ["opening"]]
    # the company of a contact holding a card joins (points are the company's)
    assert rows["Mig Shop"] == [True, "2025-05-03", "upgrade", 0.0, []]
    assert rows["Mig Shop Buyer"][0] is False
    assert rows["Mig Nobody"] == [False, "", "", 0.0, []]
