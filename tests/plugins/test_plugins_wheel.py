"""`pip install cec-ledger` brings PLC, Baldrige and the services catalogue: the wheel built
from this source holds the bundled plugins and declares them (and the pytest fixtures) as
entry points."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_wheel_ships_and_declares_the_bundled_plugins(tmp_path: Path) -> None:
    # A clean copy of what a release builds from (no stale build/ or egg-info of the tree).
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("cec_ledger-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        declared = archive.read(entry_points).decode()
    for module in ("plc.py", "baldrige.py", "services/__init__.py", "services/catalogue.py"):
        assert f"cec_ledger/bundled/{module}" in names
    for line in (
        "[cec_ledger]",
        "cec-ledger-plc = cec_ledger.bundled.plc",
        "cec-ledger-baldrige = cec_ledger.bundled.baldrige",
        "cec-ledger-services = cec_ledger.bundled.services",
        "[pytest11]",
        "cec_ledger.plugins.testing = cec_ledger.plugins.testing",
    ):
        assert line in declared.splitlines(), declared
