#!/usr/bin/env bash
# Set up and run: system packages, the project's venv (.venv: Odoo 17.0, test
# tools, wkhtmltopdf with patched Qt), PostgreSQL, a database `retail_demo`
# with every addon of this repository and demo data, then Odoo on
# http://localhost:8069 (login admin / admin). Running it again reuses the
# venv and the database, installs the addons the database lacks and upgrades
# those whose files changed (click-odoo-update). Extra arguments go to Odoo.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${RETAIL_DEMO_DB:-retail_demo}"
PORT="${RETAIL_HTTP_PORT:-8069}"
SECONDS_AT_START=$(_now_ms)
install_prerequisites
timed "PostgreSQL" start_postgres
write_odoo_conf
ADDONS=$(repo_addons)
install_or_upgrade "$DB" "$ADDONS"
timed "Demo shop: six months of history through the real flows (first run only)" \
    "$VPY" "$ROOT/setup/demo_shop.py" -c "$ODOO_CONF" -d "$DB"
[ -z "$INSTALLED_NOW" ] || record_addon_hashes "$DB"
ms=$(($(_now_ms) - SECONDS_AT_START))
say "Set-up done in $((ms / 1000)).$((ms % 1000 / 100))s"
say "Odoo runs on http://localhost:$PORT (login admin / admin); Ctrl-C stops it"
exec "$VPY" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" "$@"
