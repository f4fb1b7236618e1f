"""``cec-ledger capacity`` as people read it: percent as the one unit, a chart as wide as the
terminal (COLUMNS), date labels that fit; ``--json`` keeps the exact values."""

from __future__ import annotations

import pytest

from cec_ledger.rendering.charts import text_chart
from tests.clihelp import ENGAGEMENT, ok

E = "maple-ridge"


@pytest.fixture
def transfers(sqlite_url: str) -> str:
    """Three responsibilities: one co-led, one district-led with coaching, one consultant-led."""
    ok(sqlite_url, "init")
    ok(sqlite_url, *ENGAGEMENT)
    moves = [
        ("facilitate DLT meetings", "consultant-led", "Ana Reyes", "2025-09-05"),
        ("facilitate DLT meetings", "co-led", "Dr. Lee", "2025-10-15"),
        ("run the data cycle", "district-led-with-coaching", "DLT", "2025-12-01"),
        ("plan PLC agendas", "consultant-led", "Ana Reyes", "2026-01-10"),
    ]
    for responsibility, level, holder, on in moves:
        ok(sqlite_url, "transfer", E, responsibility, "--level", level, "--holder", holder,
           "--on", on)  # fmt: skip
    return sqlite_url


def chart_lines(out: str) -> list[str]:
    lines = out.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("100% ┤"))
    bottom = next(i for i, line in enumerate(lines) if line.startswith("  0% └"))
    return lines[top : bottom + 2]  # with the date labels under the axis


def test_the_headline_is_in_percent_and_json_keeps_the_exact_numbers(transfers: str) -> None:
    out = ok(transfers, "capacity", E).out
    # (1/3 + 2/3 + 0) / 3 = 1/3; district-led: 1 of 3.
    assert out.splitlines()[0] == (
        "maple-ridge · capacity index 33% · district-led 33% · 3 responsibilities"
    )
    assert "0.3333" not in out
    exact = ok(transfers, "capacity", E, "--json").json()
    assert exact["index"] == "0.3333"
    assert exact["district_led_share"] == "0.3333"
    as_of = ok(transfers, "capacity", E, "--as-of", "2025-11-01").out.splitlines()[0]
    assert as_of == (
        "maple-ridge · capacity index 33% · district-led 0% · 1 responsibility · as of 2025-11-01"
    )


@pytest.mark.parametrize("columns", [80, 120])
def test_the_chart_uses_the_terminal_width(
    transfers: str, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    chart = chart_lines(ok(transfers, "capacity", E, "--as-of", "2026-02-01").out)
    axis, labels = chart[-2], chart[-1]
    assert len(axis) == columns  # the x axis runs to the last column
    assert max(len(line) for line in chart) == columns
    # The first and last dates, whole, inside the width; the last one ends the line.
    assert labels.split()[0] == "2025-09-05"
    assert labels.endswith("2026-02-01")
    # Each label sits on a tick of the axis.
    for date in labels.split():
        start = labels.index(date)
        assert "┬" in axis[start : start + len(date)], date
    assert [line[:6] for line in chart[:-2]].count("     │") == len(chart) - 4  # 100%, 50%


def test_labels_in_between_appear_when_they_fit_and_never_overlap() -> None:
    points = [(f"2025-{month:02d}-01", month / 12) for month in range(1, 13)]
    wide = text_chart(points, width=200).splitlines()[-1]
    narrow = text_chart(points, width=40).splitlines()[-1]
    assert len(wide.split()) > 4
    assert narrow.split() == ["2025-01-01", "2025-12-01"]
    for labels in (wide, narrow):
        assert all(len(word) == 10 for word in labels.split())  # none cut or run together


def test_a_level_holds_until_the_next_change() -> None:
    # Half-way at a third of the time span, then flat: the step is in the right place.
    chart = text_chart([("2025-01-01", 0.0), ("2025-01-11", 1.0)], width=6 + 31, until="2025-01-31")
    top = chart.splitlines()[0]
    assert top.startswith("100% ┤")
    filled = top[6:]
    assert filled.index("█") == 10 and set(filled[10:]) == {"█"}


def test_the_chart_is_in_percent() -> None:
    lines = text_chart([("2025-01-01", 0.25), ("2025-06-01", 0.75)], width=60).splitlines()
    assert [line[:6] for line in lines if "%" in line[:6]] == ["100% ┤", " 50% ┤", "  0% └"]
