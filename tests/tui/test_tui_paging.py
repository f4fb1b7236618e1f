"""The timeline window: bounded memory, keyset paging both ways, jumps (no Textual)."""

from __future__ import annotations

from cec_ledger.tui.format import pathway_dots, percent, state_lines
from cec_ledger.tui.paging import Filters, TimelineWindow


def versions(window: TimelineWindow) -> list[int]:
    return [row["version"] for row in window.rows]


def test_pages_forward_and_keeps_at_most_max_pages(ledger) -> None:
    window = TimelineWindow(ledger, "oak-valley", page_size=3, max_pages=2)
    window.load_start()
    assert versions(window) == [1, 2, 3]
    assert window.more_after and not window.more_before
    window.extend_forward()
    window.extend_forward()
    assert versions(window) == [4, 5, 6, 7, 8, 9]
    assert window.more_before and window.more_after
    assert window.extend_backward() == 3
    assert versions(window) == [1, 2, 3, 4, 5, 6]


def test_end_is_fetched_directly_and_newest_first_reverses(ledger) -> None:
    window = TimelineWindow(ledger, "oak-valley", page_size=4)
    window.load_end()
    assert versions(window) == [11, 12, 13, 14]
    assert window.more_before and not window.more_after
    window.newest_first = True
    window.load_start()
    assert versions(window) == [14, 13, 12, 11]
    window.extend_forward()
    assert versions(window)[-1] == 7


def test_filters_and_recorded_dates(ledger) -> None:
    window = TimelineWindow(ledger, "oak-valley", Filters(types=("AnchorCommitted",)))
    window.load_start()
    assert versions(window) == [2, 3, 4]
    # The sample's clock records three hours apart from 2026-01-05 09:00: day 2 starts at #6.
    window.filters = Filters(recorded_since="2026-01-06")
    window.load_start()
    assert versions(window)[0] > 1
    assert all(r["recorded_at"] >= "2026-01-06" for r in window.rows)


def test_jump_to_date_and_to_a_corrected_version(ledger) -> None:
    window = TimelineWindow(ledger, "oak-valley", page_size=4)
    position = window.position_of_date("2025-10-01")
    index = window.load_at(position)
    assert window.rows[index]["version"] == 9
    correction = next(r for r in ledger.events("oak-valley") if r["type"] == "EventCorrected")
    target = window.position_of_version("oak-valley", 8, "SessionDelivered", 10_000)
    assert target is not None
    assert correction["data"]["corrects_version"] == 8


def test_text_renderings() -> None:
    # Filled only up to the step reached; ⚠ when steps reached no longer hold.
    assert pathway_dots({"reached": 2, "at_risk": []}) == "●●○○○"
    assert pathway_dots({"reached": 5, "at_risk": [1, 2, 3, 4, 5]}) == "●●●●● ⚠"
    assert percent("0.5000") == "50%"
    assert percent(None) == "-"


def test_state_lines_show_a_withdrawn_anchor(ledger) -> None:
    before = "\n".join(state_lines(ledger.state_after("oak-valley", 10)))
    after = "\n".join(state_lines(ledger.state_after("oak-valley", 11)))
    assert "✓ Teachers' organization: committed 2025-08-22" in before
    assert "✗ Teachers' organization: withdrawn 2025-11-03" in after


def test_capacity_curve_is_drawn_as_steps() -> None:
    from cec_ledger.tui.screens.capacity import steps

    dates, values = steps(
        [{"on": "2025-09-05", "index": "0"}, {"on": "2025-10-15", "index": "0.5"}]
    )
    assert dates == ["2025-09-05", "2025-10-15", "2025-10-15"]
    assert values == [0.0, 0.0, 50.0]


def test_column_widths_drop_the_type_column_first() -> None:
    from cec_ledger.tui.format import column_widths

    rows = [{"recorded_by": "ana", "type": "ResponsibilityTransferred"}]
    wide = column_widths(140, ["#14"], rows, recorded=False)
    narrow = column_widths(52, ["#14"], rows, recorded=False)
    assert "type" in wide and wide["summary"] >= 40
    assert "type" not in narrow and narrow["summary"] >= 20


def test_the_tui_formats_with_the_shared_text_helpers(ledger) -> None:
    import cec_ledger.tui.format as tui_format
    from cec_ledger.rendering import text

    # One percent for CLI and TUI (issue 17), and no unused detail renderer left behind.
    assert tui_format.percent is text.percent
    assert not hasattr(tui_format, "detail_lines")
    lines = state_lines(ledger.state_after("oak-valley", 14))
    teams = [line for line in lines if " member" in line]
    assert teams and not any("member(s)" in line for line in lines)
    for line in teams:
        count = int(line.rsplit(", ", 1)[1].split()[0])
        assert line.endswith(text.plural(count, "member"))
