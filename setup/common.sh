# shellcheck shell=bash
# Shared helpers of setup/run.sh and setup/test.sh. Sourced, never run.
#
# Installs the project's prerequisites from the registries (Debian, PyPI) when
# they are missing, starts the local PostgreSQL cluster and writes an Odoo
# configuration for this checkout. It never downloads or builds Odoo itself:
# Odoo 17.0 Community must already be importable as `odoo`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
ODOO_CONF="$RUN_DIR/odoo.conf"
PYTHON="${PYTHON:-python3}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# Addons of this repository: every top-level folder holding a manifest.
repo_addons() {
    local d out=()
    for d in "$ROOT"/*/__manifest__.py; do
        out+=("$(basename "$(dirname "$d")")")
    done
    (IFS=,; echo "${out[*]}")
}

require_odoo() {
    if ! "$PYTHON" - <<'PY' 2>/dev/null
import odoo.release
assert odoo.release.version_info[:2] == (17, 0), odoo.release.version
PY
    then
        die "Odoo 17.0 Community is not importable as 'odoo' by $("$PYTHON" -c 'import sys; print(sys.executable)').
Install it into this Python first (for example: pip install -r <odoo>/requirements.txt,
leaving out python-ldap, then pip install -e <odoo source>, with setuptools<70 so that
pkg_resources exists). This project never downloads or builds Odoo."
    fi
}

apt_install_missing() {
    local missing=() cmd pkg
    while [ $# -gt 0 ]; do
        cmd=$1 pkg=$2; shift 2
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing Debian packages: ${missing[*]}"
    command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
        "${missing[@]}" >/dev/null
}

install_prerequisites() {
    require_odoo
    apt_install_missing psql postgresql pg_ctlcluster postgresql-common \
        chromium chromium wkhtmltopdf wkhtmltopdf pdftotext poppler-utils
    if ! "$PYTHON" -c 'import pytest_odoo, odoo_test_helper, websocket, whool, pylint_odoo' 2>/dev/null \
        || ! command -v ruff >/dev/null; then
        say "Installing Python test tools from PyPI"
        "$PYTHON" -m pip install -q -r "$ROOT/setup/requirements-test.txt"
    fi
}

start_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        local ver
        ver=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')
        [ -n "$ver" ] || die "No PostgreSQL cluster found (pg_lsclusters); install postgresql."
        say "Starting PostgreSQL $ver"
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo pg_ctlcluster "$ver" main start
        for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
    fi
    local me
    me=$(id -un)
    if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        say "Creating PostgreSQL role $me"
        su postgres -c "psql -q -c 'CREATE ROLE \"$me\" SUPERUSER LOGIN'" 2>/dev/null \
            || sudo -u postgres psql -q -c "CREATE ROLE \"$me\" SUPERUSER LOGIN"
    fi
}

write_odoo_conf() {
    mkdir -p "$RUN_DIR"
    cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $ROOT
data_dir = $RUN_DIR/data
admin_passwd = admin
db_host = False
db_port = False
list_db = True
without_demo = False
max_cron_threads = 0
CONF
}

odoo_cmd() {
    "$PYTHON" -m odoo -c "$ODOO_CONF" "$@"
}
