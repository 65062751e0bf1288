# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The set-up's download path, for real: Odoo 17.0 installed from a
``file://`` source archive into a throw-away venv by setup/common.sh.

The archive is made from the source tree of the Odoo this Python imports
(framework, ``base`` and ``web``; the other 500-odd apps are left out to keep
the archive small, they change nothing in how the tree is installed). pip's
cache keeps the run to a few minutes.
"""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import odoo

SETUP = Path(__file__).resolve().parent.parent
KEEP_ADDONS = (("base",), ("web",))
TREE = ("setup.py", "setup.cfg", "requirements.txt", "odoo-bin", "setup", "odoo")


def _make_archive(tree, archive):
    top = "odoo-17.0.post-test"

    def keep(info):
        parts = Path(info.name).parts
        if "__pycache__" in parts or info.name.endswith((".pyc", ".pyo")):
            return None
        if parts[1:3] == ("odoo", "addons") and parts[3:4] not in ((), *KEEP_ADDONS):
            return None
        return info

    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for name in TREE:
            if (tree / name).exists():
                tar.add(tree / name, arcname=f"{top}/{name}", filter=keep)


def _bash(script, **env):
    return subprocess.run(
        ["bash", "-c", f'source "{SETUP}/common.sh"; {script}'],
        env=dict(os.environ, PYTHON=sys.executable, **env),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_install_from_file_url(tmp_path):
    tree = Path(odoo.__file__).resolve().parent.parent
    archive = tmp_path / "odoo_17.0.tar.gz"
    _make_archive(tree, archive)
    venv = tmp_path / "venv"
    result = _bash(
        f'"$PYTHON" -m venv "{venv}" && install_odoo_from_source "{venv}"',
        ODOO_SRC=f"file://{archive}",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    check = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import odoo.release; print(odoo.release.version_info[:2], odoo.__file__)",
        ],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    )
    version, path = check.stdout.split(") ")
    assert version + ")" == "(17, 0)"
    # the venv's own copy, unpacked from the archive, not the Odoo of this Python
    assert path.strip().startswith(str(venv / "src" / "odoo")), path


def test_checksum_mismatch_refused(tmp_path):
    archive = tmp_path / "odoo.tar.gz"
    with tarfile.open(archive, "w:gz"):
        pass
    result = _bash(
        f'fetch_odoo_source "{tmp_path}"',
        ODOO_SRC=f"file://{archive}",
        ODOO_SHA256="0" * 64,
    )
    assert result.returncode != 0
    assert "Checksum mismatch" in result.stderr


def test_official_archive_needs_a_verified_checksum(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_SRC", "ODOO_SHA256")}
    result = subprocess.run(
        ["bash", "-c", f'source "{SETUP}/common.sh"; fetch_odoo_source "{tmp_path}"'],
        env=dict(env, PYTHON=sys.executable),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ODOO_SHA256" in result.stderr
    assert not list(tmp_path.iterdir()), "nothing is downloaded without a checksum"


def test_second_run_without_odoo_src_keeps_the_venv(tmp_path):
    """The README lets ``ODOO_SRC`` be given on the first run only: the venv
    remembers where its Odoo came from, and a later run without it reuses
    the venv instead of deleting it and stopping."""
    tree = Path(odoo.__file__).resolve().parent.parent
    archive = tmp_path / "odoo_17.0.tar.gz"
    _make_archive(tree, archive)
    # a Python that does not import Odoo: the set-up installs it from source
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", str(bare)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_SRC", "ODOO_SHA256")}
    venv = tmp_path / "venv"

    def setup(**extra):
        return subprocess.run(
            ["bash", "-c", f'source "{SETUP}/common.sh"; setup_venv'],
            env=dict(
                env, PYTHON=str(bare / "bin" / "python"), RETAIL_VENV=str(venv), **extra
            ),
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )

    first = setup(ODOO_SRC=f"file://{archive}")
    assert first.returncode == 0, first.stderr[-3000:]
    marker = venv / "kept"
    marker.write_text("")
    second = setup()
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"Odoo from file://{archive} (recorded in" in second.stderr
    assert "stamp matches" in second.stderr, second.stderr
    assert marker.exists(), "the venv was made again"
