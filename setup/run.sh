#!/usr/bin/env bash
# Set up and run: prerequisites, PostgreSQL, a database `retail_demo` with every
# addon of this repository and demo data, then Odoo on http://localhost:8069
# (login admin / admin). Running it again reuses the database.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${RETAIL_DEMO_DB:-retail_demo}"
install_prerequisites
start_postgres
write_odoo_conf
ADDONS=$(repo_addons)
say "Installing $ADDONS into $DB (demo data)"
odoo_cmd -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
say "Odoo runs on http://localhost:8069 (login admin / admin); Ctrl-C stops it"
exec "$PYTHON" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" --http-port=8069 "$@"
