"""Fixtures for the TUI tests: a small fixed ledger (``sample_url``) and open ledgers on it,
and the demo ledger (``demo``) for the screens whose figures are worked out on it.

Snapshots must not depend on the machine: recorded times come from a fake clock
(``tui_sample.fixed_clock``) and the app never shows the ledger's path.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tui_sample import build_sample, fixed_clock


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "ledger.db"
    build_sample(str(path))
    return path


@pytest.fixture
def sample_url(sample_template: Path, tmp_path: Path) -> str:
    """A private copy of the sample ledger (tests that write must not leak into others)."""
    target = tmp_path / "ledger.db"
    target.write_bytes(sample_template.read_bytes())
    return str(target)


@pytest.fixture
def ledger(sample_url: str) -> Iterator:
    from cec_ledger.facade.ledger import Ledger

    opened = Ledger.open(sample_url, actor="ana")
    # Later than every sample event, so new events and corrections are not 'in the future'.
    opened.clock = fixed_clock(datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    yield opened
    opened.close()


@pytest.fixture
def ro_ledger(sample_url: str) -> Iterator:
    from cec_ledger.facade.ledger import Ledger

    opened = Ledger.open(sample_url, actor="auditor", read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cec_ledger.facade.demo import demo_jsonl
    from cec_ledger.facade.ledger import Ledger

    path = tmp_path_factory.mktemp("demo") / "ledger.db"
    with Ledger.open(str(path), actor="demo", create=True) as opened:
        opened.import_lines(demo_jsonl().read_bytes().splitlines())
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator:
    """A private copy of the demo ledger, open, its clock after the demo's last event."""
    from cec_ledger.facade.ledger import Ledger

    target = tmp_path / "ledger.db"
    target.write_bytes(demo_template.read_bytes())
    opened = Ledger.open(str(target), actor="ana")
    opened.clock = fixed_clock(datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    yield opened
    opened.close()


def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop: the project has no pytest-asyncio or
    anyio, and Pilot tests are coroutines."""
    function = pyfuncitem.obj
    if not inspect.iscoroutinefunction(function):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(function(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def state_panel_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The state panel updates synchronously in tests (no debounce timer to wait for)."""
    from cec_ledger.tui.app import CecLedgerApp

    monkeypatch.setattr(CecLedgerApp, "state_delay", 0)
