"""Snapshots of the main screens on the fixed sample ledger (``--snapshot-update`` rewrites).

Deterministic by construction: recorded times come from the sample's fake clock, ids are
derived from slugs, and the app shows neither the ledger path nor a clock.
"""

from __future__ import annotations

import pytest

from cec_ledger.tui import build_app

SIZE = (100, 30)


async def _to_version_12(pilot) -> None:
    await pilot.pause()
    for _ in range(11):
        await pilot.press("j")
    await pilot.pause()


def test_engagements_screen(snap_compare, ro_ledger) -> None:
    assert snap_compare(build_app(ro_ledger), terminal_size=SIZE)


@pytest.mark.slow
def test_timeline_screen(snap_compare, ledger) -> None:
    assert snap_compare(
        build_app(ledger, "oak-valley"), terminal_size=SIZE, run_before=_to_version_12
    )


def test_timeline_at_80_by_24(snap_compare, ledger) -> None:
    assert snap_compare(build_app(ledger, "oak-valley"), terminal_size=(80, 24))


@pytest.mark.slow
def test_detail_screen(snap_compare, ledger) -> None:
    async def open_detail(pilot) -> None:
        await _to_version_12(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(build_app(ledger, "oak-valley"), terminal_size=SIZE, run_before=open_detail)


def test_capacity_screen(snap_compare, ledger) -> None:
    assert snap_compare(build_app(ledger), press=["c"], terminal_size=SIZE)


def test_help_screen(snap_compare, ro_ledger) -> None:
    assert snap_compare(
        build_app(ro_ledger, "oak-valley"), press=["question_mark"], terminal_size=SIZE
    )
