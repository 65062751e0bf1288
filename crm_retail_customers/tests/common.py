# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import random
import threading
import time
from contextlib import contextmanager

from psycopg2 import IntegrityError, OperationalError

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import BaseCase, new_test_user
from odoo.tests.common import TransactionCase, get_db_name


def report_csv(report_model, report, options):
    """The whole CSV of a customer report as text: what the download route
    (``/crm_retail_customers/report/csv``) streams, in the test's cursor."""
    query = report_model._prepare(report, options)
    columns = report_model._get_columns(report)
    chunks = report_model._stream_csv(
        columns, query, options.get("csv_format") or "comma"
    )
    return b"".join(chunks).decode()


class RetailAssertions:
    """Assertions shared by the test cases of every addon."""

    @contextmanager
    def assertRaisesMessage(self, exception, pattern):
        """``assertRaises`` (rolled back in a savepoint, so a refused write
        leaves nothing behind) that also checks the message people read."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), pattern)


class RetailCompanyCustomersMixin:
    """The customers the bridges' documents are addressed to: a company
    (Kauppa Oy) with an invoice contact and a contact without role, and a
    private customer (Aino Virtanen)."""

    @classmethod
    def _create_retail_customers(cls):
        cls.Partner = cls.env["res.partner"]
        cls.role_invoice = cls.env.ref("crm_retail_customers.contact_role_invoice")
        cls.customer = cls.Partner.create(
            {"name": "Aino Virtanen", "email": "aino@example.com"}
        )
        cls.shop = cls.Partner.create(
            {
                "name": "Kauppa Oy",
                "is_company": True,
                "email": "office@kauppa.example.com",
            }
        )
        cls.other_contact = cls.Partner.create(
            {
                "name": "Olli Buyer",
                "parent_id": cls.shop.id,
                "email": "olli@kauppa.example.com",
            }
        )
        cls.invoice_contact = cls.Partner.create(
            {
                "name": "Iida Invoices",
                "parent_id": cls.shop.id,
                "email": "iida@kauppa.example.com",
                "contact_role_ids": [Command.link(cls.role_invoice.id)],
            }
        )


class RetailCase(RetailAssertions, TransactionCase):
    """Shared fixtures: a four-level group tree and users of each profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        Group = cls.env["retail.customer.group"]
        cls.group_l1 = Group.create({"name": "Retail"})
        cls.group_l2 = Group.create({"name": "Members", "parent_id": cls.group_l1.id})
        cls.group_l3 = Group.create({"name": "Gold", "parent_id": cls.group_l2.id})
        cls.group_l4 = Group.create({"name": "Platinum", "parent_id": cls.group_l3.id})
        cls.group_other = Group.create({"name": "Business"})
        cls.Partner = cls.env["res.partner"]
        cls.role_invoice = cls.env.ref("crm_retail_customers.contact_role_invoice")
        cls.role_purchase = cls.env.ref("crm_retail_customers.contact_role_purchase")
        cls.role_sales = cls.env.ref("crm_retail_customers.contact_role_sales")
        cls.user_internal = new_test_user(
            cls.env, login="retail_internal", groups="base.group_user"
        )
        cls.user_retail = new_test_user(
            cls.env,
            login="retail_clerk",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="retail_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
        )

    def flush_tracking(self):
        """Run the tracking that Odoo does at commit time."""
        self.env.flush_all()
        self.env.cr.precommit.run()


class BrowserSizeMixin:
    """Browser tests at the size people use: a desk or a till, a 1366 × 768
    screen.

    Odoo 17 starts Chromium with ``--window-size=1366x768``; the Chromium of
    Debian 12 reads only ``1366,768`` and otherwise opens a 780 × 493 viewport,
    so every tour would run in the small-screen layout. A class may choose
    another size on purpose (a tablet till, say) by setting ``browser_size``.

    Every tour of these classes first checks the size and fails (console
    error) when the window is not ``browser_size`` or the page is narrower.
    Like on a real screen of that size, the browser's own bars take part of
    the height: headless Chromium gives a 1366 × 768 window a 1366 × 625 page.
    """

    browser_size = "1366,768"

    def browser_js(self, url_path, code, ready="", **kwargs):
        width, height = (int(value) for value in self.browser_size.split(","))
        check = f"""
            (() => {{
                const w = window;
                const [ow, oh] = [w.outerWidth, w.outerHeight];
                const [iw, ih] = [w.innerWidth, w.innerHeight];
                if (ow !== {width} || oh !== {height} || iw !== {width}) {{
                    const page = `page ${{iw}} x ${{ih}}`;
                    console.error(
                        `window ${{ow}} x ${{oh}} (${{page}}), not {width} x {height}`
                    );
                }}
            }})();
        """
        return super().browser_js(url_path, check + code, ready=ready, **kwargs)


class RetailConcurrencyCase(BaseCase):
    """Work in parallel transactions on real PostgreSQL: each job runs in
    threads with cursors of their own that commit, like tills served by
    several Odoo workers. Subclasses clean up what they committed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())

    def run_retrying(self, func, attempts, pause, max_exponent, retry=()):
        """``func(env)`` in a transaction of its own (as superuser),
        committed; a transaction that loses a race (serialization failure,
        deadlock, or one of the ``retry`` pgcodes) is retried after a random
        pause that grows with each attempt (``pause * 2 ** attempt`` at most,
        the exponent capped at ``max_exponent``), as Odoo's RPC layer
        retries it (``odoo.service.model.retrying``): without the pause, the
        slowest thread can lose every race to the others."""
        codes = set(PG_CONCURRENCY_ERRORS_TO_RETRY) | set(retry)
        for attempt in range(attempts):
            try:
                with self.registry.cursor() as cr:
                    return func(api.Environment(cr, SUPERUSER_ID, {}))
            except (OperationalError, IntegrityError) as error:
                if error.pgcode not in codes:
                    raise
                time.sleep(random.uniform(0.0, pause * 2 ** min(attempt, max_exponent)))
        raise AssertionError(f"still failing after {attempts} attempts")

    def run_parallel(self, jobs, timeout):
        """Start ``jobs`` (callables) at the same instant, one thread each,
        wait for them (``timeout`` seconds each) and fail the test on any
        error; returns what the jobs returned, in the order of ``jobs``."""
        barrier = threading.Barrier(len(jobs))
        results, failures = [None] * len(jobs), []

        def run(index, job):
            barrier.wait()
            try:
                results[index] = job()
            except Exception as exc:  # noqa: BLE001 -- reported below
                failures.append(exc)

        threads = [
            threading.Thread(target=run, args=(index, job))
            for index, job in enumerate(jobs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        self.assertFalse(failures, failures)
        return results
