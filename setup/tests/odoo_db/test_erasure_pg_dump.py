# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The test that decides the erasure: a customer with a distinctive value in
every place personal data goes (profile, address, delivery address,
national id, card, relation, bank account, portal user, image, chatter and a
ban change tracked there, blacklists, a mailing-list contact, a mailing sent
to them, a paid POS order in a closed session, a paid invoice whose customer
change is tracked and a message on it, a confirmed sale order whose note names
them, ledger notes), committed in a database of its own; the
whole database dumped with ``pg_dump``: every value is found. The customer
(and a business with a VAT number) erased as a Retail CRM manager,
committed, dumped again: no value is found anywhere, the ledger closed the
balance with one entry, and a second erasure changes nothing.

Data of a TransactionCase is never committed (pg_dump would not see it):
the steps run in ``odoo shell`` subprocesses (erasure_fixture.py) on the
scratch database ``<test database>_erasure``, which setup/test.sh copies
from the fresh test database before pytest starts. When it is missing, it
is built by installing the repository's addons (slow but the same)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import config

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[2]


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


@tagged("post_install", "-at_install")
class TestErasurePgDump(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = f"{get_db_name()}_erasure"
        cls.conf = config.rcfile
        cls.created = False
        databases = run("psql", "-Atc", "SELECT datname FROM pg_database", "postgres")
        if cls.db not in databases.stdout.split():
            cls.build_database()
        cls.created = True

    @classmethod
    def tearDownClass(cls):
        if cls.created:
            run("dropdb", "--if-exists", cls.db)
            shutil.rmtree(cls.filestore(cls.db), ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def filestore(cls, db):
        return Path(config["data_dir"]) / "filestore" / db

    @classmethod
    def build_database(cls):
        """The scratch database when setup/test.sh did not copy it: the
        addons of the repository installed afresh."""
        addons = ",".join(
            sorted(path.parent.name for path in REPOSITORY.glob("*/__manifest__.py"))
        )
        run(
            sys.executable,
            "-m",
            "odoo",
            "-c",
            cls.conf,
            "-d",
            cls.db,
            "-i",
            addons,
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        )

    def shell(self, *args):
        """Run a step of erasure_fixture.py in ``odoo shell``; its result."""
        script = (
            f"import sys\nsys.path.insert(0, {str(HERE)!r})\n"
            "import erasure_fixture\n"
            f"erasure_fixture.main(env, *{args!r})\n"
        )
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "shell",
                "-c",
                self.conf,
                "-d",
                self.db,
                "--no-http",
                "--log-level=warn",
            ],
            input=script,
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
            check=False,
        )
        found = re.search(r"^RESULT:(.*)$", done.stdout, re.MULTILINE)
        self.assertTrue(found, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return json.loads(found.group(1))

    def dump(self):
        return run("pg_dump", "--no-owner", self.db).stdout

    def holders(self, value):
        """The tables whose rows in the dump hold ``value`` (for the failure
        message)."""
        tables = set()
        table = None
        for line in self.dump().splitlines():
            if line.startswith("COPY "):
                table = line.split()[1]
            elif value in line:
                tables.add(table or line[:80])
        return sorted(tables)

    def test_no_personal_value_left_after_erasure(self):
        created = self.shell("create")
        # the documents are as the test needs them
        self.assertEqual(created["order_state"], "done")
        self.assertEqual(created["session_state"], "closed")
        self.assertEqual(created["sale_state"], "sale")
        self.assertEqual(created["invoice_state"][0], "posted")
        self.assertIn(created["invoice_state"][1], ("paid", "in_payment"))
        values = created["values"]
        dump = self.dump()
        missing = {key: value for key, value in values.items() if value not in dump}
        self.assertFalse(missing, "values not found before the erasure")

        erased = self.shell(
            "erase", created["customer"], created["business"], created["manager"]
        )
        dump = self.dump()
        left = {
            key: (value, self.holders(value))
            for key, value in values.items()
            if value in dump
        }
        self.assertFalse(left, "personal values left after the erasure")
        # the ledger: the balance closed by one entry, everything else kept
        balance = created["ledger"]["balance"]
        self.assertGreater(balance, 0)
        self.assertEqual(erased["closing"], [-balance])
        self.assertEqual(erased["ledger"]["sum"], 0.0)
        self.assertEqual(erased["ledger"]["balance"], 0.0)
        self.assertEqual(erased["ledger"]["count"], created["ledger"]["count"] + 1)
        self.assertAlmostEqual(
            erased["total_after"][0], erased["total_before"][0] - balance
        )
        self.assertEqual(erased["total_after"][1], erased["total_before"][1] + 1)
        # the consent log kept (tied to the anonymous record)
        self.assertGreater(erased["consents"][0], 0)
        self.assertEqual(erased["consents"][1], erased["consents"][0])
        # customer, delivery address, business: one audit row each
        self.assertEqual(erased["logs_added"], 3)

        again = self.shell(
            "erase", created["customer"], created["business"], created["manager"]
        )
        self.assertEqual(again["logs_added"], 0)
        self.assertEqual(again["total_after"], again["total_before"])
        self.assertEqual(
            self.dump().count("Erased customer"), dump.count("Erased customer")
        )
