# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""PDFs as users get them: a real Odoo server, started like ./setup/run.sh
starts it (the project's venv, .run/odoo.conf, the patched wkhtmltopdf first
on PATH), prints every customer report through ``/report/pdf/…`` with the
URL the web client builds, as a Retail user logged in over HTTP; pdftotext
reads every page.

The server is not in test mode, so it renders real PDFs without any flag, and
wkhtmltopdf fetches Odoo's styles from it over HTTP as in production. It runs
on a scratch database (``<RETAIL_TEST_DB>_pdf``, dropped afterwards) with only
crm_retail_customers installed, filled over XML-RPC.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import unicodedata
import xmlrpc.client
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / ".run" / "odoo.conf"
NAMES = ["Äijälä Öljynen", "Łucja Żółkiewska", "Анна Смирнова", "مریم احمدی"]
REPORTS = {
    "balances": "Reward point balances",
    "recent": "Balances and recent transactions",
    "addresses": "Addresses",
    "contacts": "E-mails and phones",
    "activity": "Points activity",
}


def squeeze(text):
    """Without white space and bidi marks: pdftotext reads Persian in order
    but with a space between the glyph clusters wkhtmltopdf places."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", text)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _odoo(*args, **kwargs):
    return [sys.executable, "-m", "odoo", "-c", str(CONF), *args]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert CONF.exists(), "run through ./setup/test.sh (it writes .run/odoo.conf)"
    db = os.environ.get("RETAIL_TEST_DB", "retail_test") + "_pdf"
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    port = _free_port()
    # installed with the server's port, as ./setup/run.sh does: the database's
    # web.base.url, where wkhtmltopdf fetches the styles, is this server
    subprocess.run(
        _odoo("-d", db, "-i", "crm_retail_customers", "--without-demo=all")
        + [f"--http-port={port}", "--stop-after-init", "--log-level=warn"],
        check=True,
    )
    log = tmp_path_factory.mktemp("server") / "odoo.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            _odoo("-d", db, f"--db-filter=^{db}$", f"--http-port={port}")
            + ["--max-cron-threads=0", "--log-level=warn"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{url}/web/health", timeout=5).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            pytest.fail(f"the server did not start: {log.read_text()[-3000:]}")
        yield {"url": url, "db": db, "log": log}
    finally:
        process.terminate()
        process.wait(timeout=60)
        subprocess.run(["dropdb", "--if-exists", db], check=False)


def _data(server):
    """Customers with non-Latin names, points and a Retail user, over XML-RPC
    as the administrator."""
    models = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/object")
    db = server["db"]

    def call(model, method, *args, **kwargs):
        return models.execute_kw(db, 2, "admin", model, method, list(args), kwargs)

    call("res.company", "write", [1], {"name": "Retail PDF Server Shop"})
    group = call(
        "ir.model.data",
        "check_object_reference",
        "crm_retail_customers",
        "group_retail_user",
    )[1]
    employee = call("ir.model.data", "check_object_reference", "base", "group_user")[1]
    call(
        "res.users",
        "create",
        {
            "name": "PDF Clerk",
            "login": "pdf_clerk",
            "password": "pdf_clerk",
            "groups_id": [(6, 0, [employee, group])],
        },
    )
    partners = []
    for index, name in enumerate(NAMES, 1):
        partner = call(
            "res.partner",
            "create",
            {"name": name, "email": f"c{index}@example.com", "street": f"Katu {index}"},
        )
        wizard = call(
            "retail.points.adjust.wizard",
            "create",
            {
                "partner_id": partner,
                "points": 100 * index,
                "origin": f"RPC/{index}",
                "note": "Opening points for the PDF test",
            },
        )
        call("retail.points.adjust.wizard", "action_confirm", [wizard])
        partners.append(partner)
    return partners


def _pages(pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    fonts = subprocess.run(
        ["pdffonts", path], capture_output=True, text=True, check=True
    )
    pages = [
        unicodedata.normalize(
            "NFKC",
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), path, "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout,
        )
        for n in range(1, count + 1)
    ]
    return info.stdout, fonts.stdout, pages


def test_reports_through_http(server, tmp_path):
    partners = _data(server)
    session = requests.Session()
    login = session.post(
        f"{server['url']}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {
                "db": server["db"],
                "login": "pdf_clerk",
                "password": "pdf_clerk",
            },
        },
        timeout=30,
    ).json()
    assert login.get("result", {}).get("uid"), login
    context = login["result"]["user_context"]

    def rpc(model, method, *args):
        response = session.post(
            f"{server['url']}/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": {"context": context},
                },
            },
            timeout=60,
        ).json()
        assert "result" in response, response
        return response["result"]

    for report, title in REPORTS.items():
        vals = {"report": report, "partner_ids": [(6, 0, partners)]}
        if report in ("recent", "activity"):
            vals.update(date_from="2000-01-01", date_to="2100-12-31")
        wizard = rpc("retail.customer.report.wizard", "create", vals)
        action = rpc("retail.customer.report.wizard", "action_print_pdf", [wizard])
        # the URL the web client makes of the report action (getReportUrl):
        # with data, the options in the query; else the records' ids
        url = f"{server['url']}/report/pdf/{action['report_name']}"
        if action.get("data"):
            url += (
                f"?options={quote(json.dumps(action['data']))}"
                f"&context={quote(json.dumps(action.get('context') or context))}"
            )
        else:
            url += "/" + ",".join(map(str, action["context"]["active_ids"]))
        start = time.perf_counter()
        response = session.get(url, timeout=300)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.text[:2000]
        assert response.headers["Content-Type"] == "application/pdf"
        info, fonts, pages = _pages(response.content, tmp_path)
        print(f"{report}: {len(pages)} page(s) in {elapsed:.1f}s")
        assert "wkhtmltopdf 0.12.4" in info  # the venv's, with patched Qt
        assert re.search(r"Lato.*\byes\b", fonts), fonts  # Odoo's styles loaded
        for number, page in enumerate(pages, 1):
            assert "Retail PDF Server Shop" in page
            assert re.search(rf"Page:\s*{number}\s*(/|of)\s*{len(pages)}\b", page)
        text = "\n".join(pages)
        assert title in text
        # the download the web client makes of it: named after the report
        # and the day (print_report_name), not "Customer Report.pdf"
        download = session.get(
            f"{server['url']}/report/download",
            params={
                "data": json.dumps([url.removeprefix(server["url"]), "qweb-pdf"]),
                "context": json.dumps(context),
            },
            timeout=300,
        )
        assert download.status_code == 200, download.text[:2000]
        disposition = download.headers["Content-Disposition"]
        assert re.search(r"\d{4}-\d{2}-\d{2}\.pdf", disposition), disposition
        assert "Customer%20Report.pdf" not in disposition, disposition
        if report != "activity":  # totals per customer group, no names
            for name in NAMES:
                assert squeeze(name) in squeeze(text), name
            for name in NAMES[:3]:
                assert name in text
    log = server["log"].read_text()
    assert "Traceback" not in log
    # wkhtmltopdf had nothing to warn about (its OpenSSL noise is filtered)
    assert "wkhtmltopdf:" not in log, log[-3000:]
