"""Planned versus delivered in the TUI (issue 11): ``p`` on the timeline and on the engagement
list opens the plan's lines with the same figures as ``engagement show``; the state panel
lists each line's delivered / planned hours at the moment of the event under the cursor.
Built on the demo ledger (its figures are worked out by hand in tests/test_demo_delivery.py).
"""

from __future__ import annotations

from cec_ledger.rendering.delivery import state_plan_lines
from cec_ledger.tui.app import build_app
from cec_ledger.tui.widgets.delivery import DeliveryScreen


async def test_p_opens_planned_vs_delivered_from_the_timeline(demo) -> None:
    app = build_app(demo, "maple-ridge")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, DeliveryScreen)
        text = app.screen_text()
        assert "maple-ridge · plan of 2025-12-09 · 190.00 of 214.00 planned hours delivered" in text
        assert "29 sessions and 31 coaching follow-ups under the plan of 2025-12-09" in text
        row = next(line for line in text.splitlines() if "dlt-slt-plc-integration" in line)
        assert row.split() == [
            "dlt-slt-plc-integration",
            "96.00",
            "78.00",
            "18.00",
            "$30,000",
            "$25,000",
            "(10",
            "blocks)",
        ]
        assert all(len(line.rstrip()) <= 100 for line in text.splitlines())
        assert "█ delivered  ░ planned  ▓ beyond the plan" in text
        assert "Step 1 work: 6 records, 26.00 h" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DeliveryScreen)


async def test_p_on_the_engagement_list(demo) -> None:
    app = build_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p")  # the first row: cedar-grove
        await pilot.pause()
        assert isinstance(app.screen, DeliveryScreen)
        text = app.screen_text()
        assert "cedar-grove · plan of 2025-06-03" in text
        assert "unplanned: 4 records, 10.50 h (conflict-resolution 4)" in text


def test_the_state_panel_lists_delivered_over_planned_hours(demo) -> None:
    state = demo.engagement("maple-ridge", as_of="2025-06-30")
    assert state_plan_lines(state) == [
        " - leadership-development 14.00 / 24.00 h",
        " - conflict-resolution 11.50 / 12.00 h",
        " - dlt-slt-plc-integration 37.50 / 64.00 h",
        " - labor-management-series 24.00 / 24.00 h",
        " - ibb-ibps 16.00 / 16.00 h",
    ]
