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


def pytest_collection_modifyitems(config, items):
    for item in items:
        tags = getattr(getattr(item, "cls", None), "test_tags", None) or ()
        for tag in tags:
            if tag in TAG_MARKERS:
                item.add_marker(TAG_MARKERS[tag])


def pytest_sessionfinish(session, exitstatus):
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
