#!/usr/bin/env bash
# Test: the set-up of run.sh (venv, PostgreSQL), lint, the set-up's own tests
# (setup/tests: Odoo installed from a file:// source archive into a throw-away
# venv), a fresh database with every addon of this repository (and the apps
# their bridges need), then the whole pytest-odoo suite with browser tours and
# PDFs printed by the patched wkhtmltopdf: each addon's tests and the tests of
# the repository around them (setup/tests/odoo_db: demo shop, packaging,
# translations of every addon).
# Fails when a test fails, errors or is skipped. Extra arguments go to the
# pytest-odoo run (e.g. -k tour); with extra arguments the set-up's own tests
# (setup/tests, not setup/tests/odoo_db) are left out.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${RETAIL_TEST_DB:-retail_test}"
install_prerequisites
timed "PostgreSQL" start_postgres
write_odoo_conf
cd "$ROOT"

timed "Lint: ruff" sh -c 'ruff check . && ruff format --check .'
mapfile -t ADDON_DIRS < <(for m in */__manifest__.py; do dirname "$m"; done)
timed "Lint: pylint-odoo" "$VPY" -m pylint --rcfile="$ROOT/.pylintrc" "${ADDON_DIRS[@]}"

if [ $# -eq 0 ]; then
    # installing Odoo from source builds psycopg2: the tests need the tools
    timed "Debian packages for installing Odoo from source" install_debian_packages build
    timed "Set-up tests (setup/tests)" \
        "$VPY" -m pytest -p no:cacheprovider -p no:odoo --durations=5 setup/tests
fi

ADDONS=$(repo_addons)
fresh_db() {
    dropdb --if-exists "$DB"
    odoo_cmd -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
}
timed "Fresh database $DB with $ADDONS" fresh_db

# The erasure's pg_dump test (setup/tests/odoo_db/test_erasure_pg_dump.py)
# and the test of two Odoo servers on one database (test_two_servers.py)
# commit their data in databases of their own, copies of the fresh one (with
# its filestore): made now, while nobody is connected to $DB (each test drops
# its copy at the end).
scratch_db() { # suffix
    local copy="${DB}_$1"
    dropdb --if-exists "$copy"
    createdb -T "$DB" "$copy"
    rm -rf "$RUN_DIR/data/filestore/$copy"
    if [ -d "$RUN_DIR/data/filestore/$DB" ]; then
        cp -r "$RUN_DIR/data/filestore/$DB" "$RUN_DIR/data/filestore/$copy"
    fi
}
timed "Scratch database ${DB}_erasure for the erasure's pg_dump test" scratch_db erasure
timed "Scratch database ${DB}_servers for the test of two servers" scratch_db servers

timed "pytest-odoo (browser tours and PDFs included)" \
    "$VPY" -m pytest -p no:cacheprovider --odoo-config="$ODOO_CONF" --odoo-database="$DB" \
    --odoo-http --odoo-log-level=warn "${ADDON_DIRS[@]}" setup/tests/odoo_db "$@"
