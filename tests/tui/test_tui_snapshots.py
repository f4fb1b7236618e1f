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


# Issue 17: the screens at the two sizes users run them in.
async def _mark_3_and_13(pilot) -> None:
    await pilot.pause()
    for key in ["j", "j", "m", *["j"] * 10, "m"]:
        await pilot.press(key)
    await pilot.pause()


def test_timeline_with_marks_at_120_by_35(snap_compare, ledger) -> None:
    assert snap_compare(
        build_app(ledger, "oak-valley"), terminal_size=(120, 35), run_before=_mark_3_and_13
    )


def test_filter_dialog_at_80_by_24(snap_compare, ledger) -> None:
    # Space works at once: the type list has the focus, as its label says.
    assert snap_compare(
        build_app(ledger, "oak-valley"), press=["f", "space"], terminal_size=(80, 24)
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_detail_record(snap_compare, ledger, size) -> None:
    async def open_corrected_event(pilot) -> None:
        await pilot.pause()
        for _ in range(7):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(
        build_app(ledger, "oak-valley"), terminal_size=size, run_before=open_corrected_event
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_capacity(snap_compare, ledger, size) -> None:
    ledger.record("oak-valley", "TeamFormed", team_id="slt-oak", kind="slt", name="Oak SLT",
                  parent_team_id="dlt",
                  charge="School priorities", cadence="monthly", school="Oak Elementary",
                  occurred_on="2025-10-20")  # fmt: skip
    ledger.record("oak-valley", "ResponsibilityTransferred",
                  responsibility="facilitate SLT meetings", team_id="slt-oak",
                  release_level="district-independent", holder="Principal Ortiz",
                  occurred_on="2025-11-20")  # fmt: skip
    assert snap_compare(build_app(ledger, "oak-valley"), press=["c"], terminal_size=size)
