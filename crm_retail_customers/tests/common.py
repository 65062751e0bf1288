# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import email
import email.policy
import logging
import pathlib
import random
import re
import socket
import subprocess
import tempfile
import threading
import time
import unicodedata
from contextlib import contextmanager
from unittest.mock import patch

from aiosmtpd.controller import Controller
from freezegun import freeze_time
from psycopg2 import IntegrityError, OperationalError

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import BaseCase, new_test_user
from odoo.tests.common import ChromeBrowser, TransactionCase, get_db_name
from odoo.tools import config

_logger = logging.getLogger(__name__)

# groups of the test users of each profile
CONTACT_CLERK = "base.group_user,base.group_partner_manager"
RETAIL_USER = "base.group_user,crm_retail_customers.group_retail_user"
RETAIL_MANAGER = "base.group_user,crm_retail_customers.group_retail_manager"


def report_csv(report_model, report, options):
    """The whole CSV of a customer report as text: what the download route
    (``/crm_retail_customers/report/csv``) streams, in the test's cursor."""
    query = report_model._prepare(report, options)
    columns = report_model._get_columns(report)
    chunks = report_model._stream_csv(
        columns, query, options.get("csv_format") or "comma"
    )
    return b"".join(chunks).decode()


def company_user(env, login, groups, company, **values):
    """A test user (``new_test_user``) of ``groups`` who works in ``company``
    only."""
    return new_test_user(
        env,
        login=login,
        groups=groups,
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
        **values,
    )


def referred_by(newcomer, referrer):
    """The relation "``newcomer`` referred by ``referrer``" (the one the
    referral bonus follows)."""
    env = newcomer.env
    return env["retail.partner.relation"].create(
        {
            "partner_id": newcomer.id,
            "related_partner_id": referrer.id,
            "type_id": env.ref("crm_retail_customers.relation_type_referred_by").id,
        }
    )


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


class MarketingBansMixin:
    """The contacts the marketing bans are tried on: a company (Sklep) with
    a contact (Marta), and a private person (Piotr)."""

    @classmethod
    def _create_ban_partners(cls):
        Partner = cls.env["res.partner"]
        cls.company = Partner.create(
            {"name": "Sklep", "is_company": True, "email": "biuro@sklep.example.pl"}
        )
        cls.contact = Partner.create(
            {
                "name": "Marta",
                "parent_id": cls.company.id,
                "email": "Marta <MARTA@sklep.example.pl>",
                "mobile": "+48 601 234 567",
            }
        )
        cls.person = Partner.create(
            {"name": "Piotr", "email": "piotr@example.pl", "mobile": "+48512345678"}
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
        # the current company books points to the decimal (whole points are
        # tested in test_whole_points.py) and no document sets "customer
        # since" unless a test says so, whatever the demo data switches on
        company = cls.env.company
        # (no tracking: no pending message hook to count in query budgets)
        company.with_context(tracking_disable=True).write(
            dict.fromkeys(company._retail_customer_since_sources(), False)
            | {"retail_points_precision": "decimal"}
        )

    @classmethod
    def set_company_rules(cls, **settings):
        """The current company as ``cls.company``, with the points rules
        ``settings``; tiers archived (demo ones would take the customers and
        multiply their points)."""
        cls.company = cls.env.company
        cls.company.write(settings)
        cls.env["retail.tier"].search([]).active = False

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


#: model -> profile -> operations allowed (r read, c create, w write, u unlink)
MODEL_MATRIX = {
    "retail.customer.group": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "r",
        "manager": "rcwu",
    },
    "retail.contact.role": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "r",
        "manager": "rcwu",
    },
    "retail.tier": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "r",
        "manager": "rcwu",
    },
    "retail.card": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "rcw",
        "manager": "rcwu",
    },
    # entries are created through the posting path only; nobody writes or
    # deletes them
    "retail.point.entry": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "r",
        "manager": "rc",
    },
    "retail.points.adjust.wizard": {
        "portal": "",
        "employee": "",
        "contacts": "",
        "retail": "",
        "manager": "rcwu",
    },
    "retail.points.import.wizard": {
        "portal": "",
        "employee": "",
        "contacts": "",
        "retail": "",
        "manager": "rcwu",
    },
    "retail.customer.type": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "r",
        "manager": "rcwu",
    },
    "retail.partner.relation.type": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "r",
        "manager": "rcwu",
    },
    "retail.partner.relation": {
        "portal": "",
        "employee": "r",
        "contacts": "r",
        "retail": "rcwu",
        "manager": "rcwu",
    },
    "retail.customer.report.wizard": {
        "portal": "",
        "employee": "",
        "contacts": "",
        "retail": "rcwu",
        "manager": "rcwu",
    },
    # a read-only report for the managers
    "retail.suspicious.activity": {
        "portal": "",
        "employee": "",
        "contacts": "",
        "retail": "",
        "manager": "r",
    },
    # a read-only SQL view of customers' figures: the Retail CRM users'
    "retail.customer.analysis": {
        "portal": "",
        "employee": "",
        "contacts": "",
        "retail": "r",
        "manager": "r",
    },
}
OPERATIONS = {"r": "read", "c": "create", "w": "write", "u": "unlink"}


def squeeze(text):
    """``text`` without white space and bidi marks. pdftotext reads Persian
    (right-to-left, joined letters) in the right order but puts a space
    between the glyph clusters wkhtmltopdf places one by one, and wraps the
    run in embedding marks (U+202B … U+202C)."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", text)


def pdf_pages(pdf):
    """The text of each page of ``pdf`` as pdftotext reads it (NFKC: Arabic
    script comes out as presentation forms, which NFKC maps back)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        info = subprocess.run(
            ["pdfinfo", tmp.name], capture_output=True, text=True, check=True
        ).stdout
        count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
        fonts = subprocess.run(
            ["pdffonts", tmp.name], capture_output=True, text=True, check=True
        ).stdout
        pages = [
            unicodedata.normalize(
                "NFKC",
                subprocess.run(
                    ["pdftotext", "-f", str(page), "-l", str(page), tmp.name, "-"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout,
            )
            for page in range(1, count + 1)
        ]
    return pages, fonts


def load_languages(env, codes, modules=("base", "web", "crm_retail_customers")):
    """Activate the languages ``codes`` with the translations of ``modules``
    (by default those the reports use), not of every installed module: a
    language with all of Odoo's terms takes minutes to load."""
    for code in codes:
        env["res.lang"]._activate_lang(code)
    env["ir.module.module"]._load_module_terms(
        list(modules), list(codes), overwrite=True
    )


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


class PointsCase(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "retail_points_per_currency": 1.0,
                "retail_points_validity_months": 0,
                "retail_allow_negative_balance": True,
                # the ledger's own rules; membership: test_membership.py
                "retail_members_only": False,
            }
        )
        cls.customer = cls.Partner.create(
            {"name": "Aino Virtanen", "customer_group_id": cls.group_l3.id}
        )
        cls.shop = cls.Partner.create({"name": "Kauppa Oy", "is_company": True})
        cls.shop_contact = cls.Partner.create(
            {"name": "Laura", "parent_id": cls.shop.id}
        )

    def assertLedgerConsistent(self):
        """The stored balances equal the sums of the entries, for everyone."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT p.id, p.reward_points, COALESCE(SUM(e.points), 0),
                   p.reward_points_earned,
                   COALESCE(SUM(e.points) FILTER (
                       WHERE e.kind IN ('opening', 'earn', 'reverse')), 0)
              FROM res_partner p
         LEFT JOIN retail_point_entry e ON e.partner_id = p.id
          GROUP BY p.id
            HAVING ROUND(COALESCE(p.reward_points, 0)::numeric, 2)
                   <> ROUND(COALESCE(SUM(e.points), 0)::numeric, 2)
                OR ROUND(COALESCE(p.reward_points_earned, 0)::numeric, 2)
                   <> ROUND(COALESCE(SUM(e.points) FILTER (
                       WHERE e.kind IN ('opening', 'earn', 'reverse')), 0)::numeric, 2)
            """
        )
        self.assertEqual(self.env.cr.fetchall(), [])

    def tearDown(self):
        self.assertLedgerConsistent()
        super().tearDown()


class ReportCase(RetailCase):
    """Hand-made customers whose report rows are known in advance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["retail.customer.report.wizard"]
        cls.Report = cls.env["retail.customer.report"]
        cls.alpha = cls.Partner.create(
            {
                "name": "Alpha Person",
                "email": "alpha@example.fi",
                "customer_group_id": cls.group_l2.id,
                "phone": "+358 9 123",
            }
        )
        cls.beta = cls.Partner.create(
            {
                "name": "Beta Shop",
                "is_company": True,
                "email": "shop@beta.example",
                "company_registry": "REG-1",
                "vat": "FI12345678",
                "customer_group_id": cls.group_l4.id,
                "no_email_marketing": True,
                "city": "Oulu",
            }
        )
        cls.beta_contact = cls.Partner.create(
            {
                "name": "Beta Contact",
                "parent_id": cls.beta.id,
                "type": "contact",
                "email": "contact@beta.example",
            }
        )
        cls.beta_invoice = cls.Partner.create(
            {
                "name": "Beta Billing",
                "parent_id": cls.beta.id,
                "type": "invoice",
                "street": "Laskutie 1",
                "city": "Oulu",
            }
        )
        cls.beta_delivery = cls.Partner.create(
            {
                "name": "Beta Warehouse",
                "parent_id": cls.beta.id,
                "type": "delivery",
                "street": "Varastotie 9",
                "city": "Kempele",
            }
        )
        cls.gamma = cls.Partner.create(
            {
                "name": "@Gamma Trick",
                "email": "=cmd|' /C calc'!A0",
                "customer_group_id": cls.group_other.id,
                "vat": "PL123",
                "no_letter_marketing": True,
            }
        )
        cls.delta = cls.Partner.create(
            {"name": "Delta Walk-in", "no_sms_marketing": True}
        )
        cls.customers = cls.alpha | cls.beta | cls.gamma | cls.delta
        with freeze_time("2026-01-10 12:00:00"):
            cls.alpha._post_reward_points(100, "earn", origin="POS/001")
            cls.beta_contact._post_reward_points(300, "earn", origin="INV/001")
        with freeze_time("2026-02-15 12:00:00"):
            cls.beta._post_reward_points(-50, "redeem", origin="POS/002")
            cls.alpha._post_reward_points(20, "earn", origin="POS/003")
            cls.delta._post_reward_points(-5, "adjust", note="Damaged goods")
        cls.scope = {"partner_ids": cls.customers.ids}

    def options(self, report, **vals):
        wizard = self.Wizard.create(
            dict(
                {
                    "report": report,
                    "partner_ids": [(6, 0, self.customers.ids)],
                },
                **vals,
            )
        )
        return wizard._get_options()

    def rows(self, report, **vals):
        return self.Report._get_rows(report, self.options(report, **vals))


class SmtpSink:
    """aiosmtpd handler keeping what a real SMTP conversation delivered."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        self.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpServerMixin:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 for the class, and an
    outgoing mail server of the database pointing to it. :meth:`deliver`
    sends the mail queue to it as the mail job does: Odoo's test mode,
    which skips the connection and the sending, is lifted for that call
    only; the SMTP conversation is real."""

    @classmethod
    def _start_smtp_server(cls):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # aiosmtpd logs every line of the conversation at INFO
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        # what the database had queued before (demo data) is not ours
        cls.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).write(
            {"state": "cancel"}
        )
        cls.smtp_sink = SmtpSink()
        controller = Controller(cls.smtp_sink, hostname="127.0.0.1", port=port)
        controller.start()
        cls.addClassCleanup(controller.stop)
        cls.env["ir.mail_server"].create(
            {
                "name": "Test SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_encryption": "none",
                "sequence": 1,
            }
        )

    def deliver(self):
        """Send the mail queue to the SMTP server; the messages it received
        (``email.message.EmailMessage``), forgotten by the next call."""
        self.env.flush_all()
        MailServer = type(self.env["ir.mail_server"])
        with patch.object(MailServer, "_is_test_mode", lambda server: False):
            self.env["mail.mail"].sudo().process_email_queue()
        failed = self.env["mail.mail"].sudo().search([("state", "=", "exception")])
        self.assertFalse(failed, failed.mapped("failure_reason"))
        received, self.smtp_sink.messages = self.smtp_sink.messages, []
        return received


def mail_text(message):
    """The HTML body of a received e-mail as text, spaces squeezed."""
    body = message.get_body(("html", "plain")).get_content()
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())
