"""Project-wide pytest policy.

1. A skipped test is a failed requirement. pytest-odoo silently skips browser
   tours when ``--odoo-http`` is missing, and Odoo skips tours when it cannot
   find a browser; either would turn a broken environment into a green run,
   so any skip turns the session red.
2. Browser tests run Odoo's HTTP server in threads next to the test thread.
   CPython before 3.12.1 shares the counter that ``ast.parse`` uses to build
   Python AST objects between threads (gh-106905), so two requests parsing at
   once can fail with "SystemError: AST constructor recursion depth
   mismatch". Tests serialise ``ast.parse`` (which ``ast.literal_eval`` uses
   too) to keep tours deterministic on the interpreters this project meets.
3. ``--retail-clock "2026-12-31 23:30:00"`` runs the session with the clock
   of Python (Odoo's ``now``/``today``, in the test process and its HTTP
   server threads) moved to that moment (UTC) and ticking from there
   (freezegun), to find the tests that depend on the day or the hour: the
   moments that show them are 22:00-24:00 UTC (already the next day in
   Helsinki, Brussels or Tehran), 31 December, the last day of a month and
   29 February. PostgreSQL's ``now()`` (``create_date``) and a tour's
   browser keep the real time: a failure there can be the option's.
"""

import ast
import sys
import threading

if sys.version_info < (3, 12, 1):
    _ast_lock = threading.RLock()
    _ast_parse = ast.parse

    def _serialised_parse(*args, **kwargs):
        with _ast_lock:
            return _ast_parse(*args, **kwargs)

    ast.parse = _serialised_parse


# Odoo test tag -> pytest marker
TAG_MARKERS = {
    "retail_timing": "timing",
    "retail_concurrency": "concurrency",
    "retail_packaging": "packaging",
}


_clock = None


def pytest_addoption(parser):
    parser.addoption(
        "--retail-clock",
        metavar="MOMENT",
        default=None,
        help='run the tests with the clock moved to MOMENT (UTC, e.g. "2028-02-29 '
        '23:30:00"), ticking from there',
    )


def pytest_sessionstart(session):
    global _clock
    moment = session.config.getoption("--retail-clock")
    if moment:
        from freezegun import freeze_time

        _clock = freeze_time(moment, tick=True)
        _clock.start()


def pytest_collection_modifyitems(config, items):
    for item in items:
        tags = getattr(getattr(item, "cls", None), "test_tags", None) or ()
        for tag in tags:
            if tag in TAG_MARKERS:
                item.add_marker(TAG_MARKERS[tag])


def pytest_sessionfinish(session, exitstatus):
    if _clock is not None:
        _clock.stop()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", []) + reporter.stats.get("xfailed", [])
    if skipped and exitstatus == 0:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) skipped; skipped tests count as failures",
            red=True,
        )
        session.exitstatus = 1
