"""Set-up stays quiet and works from any directory: SPDX license strings (setuptools warns
for pages about the old table form), and a throwaway PostgreSQL for ``make test`` even when
the clone sits where the ``postgres`` user cannot enter (a root user's home, a private
temporary directory)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECTS = [ROOT / "pyproject.toml", *sorted(ROOT.glob("plugins/*/pyproject.toml"))]


@pytest.mark.parametrize("path", PYPROJECTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_license_is_an_spdx_string(path: Path) -> None:
    data = tomllib.loads(path.read_text())
    assert data["project"]["license"] == "MIT"
    # The string form needs setuptools 77 (PEP 639); older ones reject it.
    requires = data["build-system"]["requires"]
    assert any(r.replace(" ", "").startswith("setuptools>=7") for r in requires), requires


def _postgres_user_exists() -> bool:
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


@pytest.mark.skipif(
    os.geteuid() != 0 or not _postgres_user_exists() or shutil.which("runuser") is None,
    reason="the data directory moves only for root, with a postgres system user",
)
def test_postgres_data_moves_out_of_a_directory_closed_to_postgres() -> None:
    # Not under tmp_path: pytest's base directory is itself closed to other users.
    base = Path(tempfile.mkdtemp(prefix="cec-ledger-setup-"))
    try:
        _check_data_directories(base)
    finally:
        shutil.rmtree(base)


def _datadir(script: Path, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "CEC_PG_DATA"} | env
    done = subprocess.run(
        ["bash", str(script), "datadir"], env=environ, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _check_data_directories(base: Path) -> None:
    base.chmod(0o755)
    private = base / "private"
    (private / "clone" / "scripts").mkdir(parents=True)
    private.chmod(0o700)
    script = private / "clone" / "scripts" / "postgres.sh"
    shutil.copy(ROOT / "scripts" / "postgres.sh", script)
    moved = _datadir(script)
    assert moved.startswith("/tmp/cec-ledger-pgdata-")
    assert _datadir(script) == moved  # the same clone finds its server again
    # An explicit choice is never moved.
    assert _datadir(script, CEC_PG_DATA=str(private / "mine")) == str(private / "mine")
    # A clone postgres can reach keeps <repo>/.pgdata.
    private.chmod(0o755)
    if _datadir(script).startswith("/tmp/cec-ledger-pgdata-"):
        pytest.skip(f"a parent of {base} is closed to postgres anyway")
    assert _datadir(script) == str(private / "clone" / ".pgdata")
