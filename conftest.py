"""Project-wide pytest policy: a skipped test is a failed requirement.

pytest-odoo silently skips browser tours when Chromium or ``--odoo-http`` is
missing, and Odoo skips tours when it cannot find a browser. Either would turn a
broken environment into a green run, so any skip turns the session red.
"""


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
