# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two kinds of set-up tests. Those in this folder run without Odoo's
pytest plugin (``-p no:odoo``): they make venvs and databases of their own.
Those in ``odoo_db/`` test the repository around the addons (the demo shop of
``setup/run.sh``, the wheels and READMEs of every addon) inside the test
database, so they run in the pytest-odoo call of ``setup/test.sh``; without
that plugin they are not collected."""


def pytest_ignore_collect(collection_path, config):
    if collection_path.name == "odoo_db" and not config.pluginmanager.has_plugin(
        "odoo"
    ):
        return True
    return None
