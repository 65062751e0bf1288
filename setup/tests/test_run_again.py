# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""``./setup/run.sh`` as an admin runs it: again and again on one database.

A copy of this checkout (its tracked files, as they are now) runs the command
on a scratch database with the project's venv: the first run installs every
addon and builds the demo shop; the second finds everything in place (data
files reloaded are no change) and only starts the server; after an addon
gains a field and a view (as a ``git pull`` brings them), the third run
upgrades exactly that addon, and the field is in the database and the view.
Each run is stopped once the server answers, as Ctrl-C would.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("RETAIL_VENV", ROOT / ".venv"))

pytestmark = [pytest.mark.slow]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _psql(db, query):
    return subprocess.run(
        ["psql", "-d", db, "-XAtc", query], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """The tracked files of this checkout, copied as they are."""
    dest = tmp_path_factory.mktemp("checkout")
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    return dest


@pytest.fixture(scope="module")
def database():
    db = os.environ.get("RETAIL_TEST_DB", "retail_test") + "_again"
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    yield db
    subprocess.run(["dropdb", "--if-exists", db], check=False)


def run_until_serving(checkout, db, log):
    """Run ./setup/run.sh until its server answers, then stop it (SIGINT,
    as Ctrl-C). Returns the seconds until the server answered and the log."""
    port = _free_port()
    env = dict(
        os.environ,
        RETAIL_VENV=str(VENV),
        RETAIL_DEMO_DB=db,
        RETAIL_HTTP_PORT=str(port),
    )
    start = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(checkout / "setup" / "run.sh"), "--log-level=warn"],
            cwd=checkout,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        while True:
            assert process.poll() is None, log.read_text()
            try:
                # the first page may build the assets: a slow answer is no answer
                if requests.get(f"http://127.0.0.1:{port}/web/login", timeout=30).ok:
                    break
            except requests.RequestException:
                pass
            # generous: the first run builds the database and the demo shop
            assert time.monotonic() - start < 1800, log.read_text()
            time.sleep(1)
        took = time.monotonic() - start
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return took, log.read_text()


def test_run_twice_then_upgrade(checkout, database, tmp_path):
    _first, log = run_until_serving(checkout, database, tmp_path / "first.log")
    assert "Installing crm_retail_customers" in log, log
    assert _psql(database, "SELECT count(*) FROM retail_partner_relation") != "0"

    second, log = run_until_serving(checkout, database, tmp_path / "second.log")
    assert "Addons of this repository up to date" in log, log
    assert "Installing" not in log and "Upgrading" not in log, log
    assert second < 120, (second, log)

    # an addon gains a field and shows it (what `git pull` would bring)
    addon = checkout / "crm_retail_customers_purchase"
    model = addon / "models" / "purchase_order.py"
    model.write_text(
        model.read_text()
        + "\n\nfrom odoo import fields  # noqa: E402\n"
        + "\n\nclass PurchaseOrderAgain(models.Model):\n"
        + '    _inherit = "purchase.order"\n\n'
        + '    retail_run_again = fields.Char("Run Again")\n'
    )
    view = addon / "views" / "purchase_order_views.xml"
    view.write_text(
        view.read_text().replace(
            "</odoo>",
            '<record id="purchase_order_form_run_again" model="ir.ui.view">'
            '<field name="name">purchase.order.form.run.again</field>'
            '<field name="model">purchase.order</field>'
            '<field name="inherit_id" ref="purchase.purchase_order_form"/>'
            '<field name="arch" type="xml"><field name="partner_ref" position="after">'
            '<field name="retail_run_again"/></field></field></record></odoo>',
        )
    )
    _third, log = run_until_serving(checkout, database, tmp_path / "third.log")
    assert "Upgrading crm_retail_customers_purchase in" in log, log
    assert "Installing" not in log, log
    assert (
        _psql(
            database,
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'purchase_order' AND column_name = 'retail_run_again'",
        )
        == "1"
    )
    assert "retail_run_again" in _psql(
        database,
        "SELECT arch_db::text FROM ir_ui_view "
        "WHERE name = 'purchase.order.form.run.again'",
    )
