#!/usr/bin/env bash
# Test: lint, a fresh database with every addon of this repository (and the
# apps their bridges need), then the whole pytest-odoo suite with browser tours.
# Fails when a test fails, errors or is skipped.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${RETAIL_TEST_DB:-retail_test}"
install_prerequisites
start_postgres
write_odoo_conf
cd "$ROOT"

say "Lint: ruff"
ruff check .
ruff format --check .
say "Lint: pylint-odoo"
mapfile -t ADDON_DIRS < <(for m in */__manifest__.py; do dirname "$m"; done)
"$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" "${ADDON_DIRS[@]}"

ADDONS=$(repo_addons)
say "Fresh database $DB with $ADDONS"
dropdb --if-exists "$DB"
odoo_cmd -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
# PDFs in tests are rendered without fetching styles over HTTP: a server that
# happens to run on the default port (./setup/run.sh) must not change results.
psql -q -d "$DB" -c "INSERT INTO ir_config_parameter (key, value) VALUES \
    ('report.url', 'http://127.0.0.1:9') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"

say "pytest-odoo (browser tours included)"
"$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$ODOO_CONF" --odoo-database="$DB" \
    --odoo-http --odoo-log-level=warn "${ADDON_DIRS[@]}" "$@"
