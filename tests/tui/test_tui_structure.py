"""The CEC model in the TUI (issue 12): ``l`` on the timeline and on the engagement list opens
the team structure with the DLT's anchor seats, the Framework for Change coverage, the entry
points, the plan's goals, outcomes and reflection, with the lines ``engagement show`` prints;
the state panel gives the anchor seats and the elements the plan addresses at the moment of
the event under the cursor. Built on the demo ledger.
"""

from __future__ import annotations

from cec_ledger.rendering.structure import state_model_lines
from cec_ledger.tui.app import build_app
from cec_ledger.tui.format import state_lines
from cec_ledger.tui.widgets.structure import StructureScreen, model_text


async def test_l_opens_the_cec_model_from_the_timeline(demo) -> None:
    app = build_app(demo, "maple-ridge")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, StructureScreen)
        text = app.screen.text
        assert text.startswith(
            "Team structure (Theory of Action, Step 4): holds\n"
            "  DLT 'dlt': anchors seated; 2 SLTs under it"
        )
        assert "anchor seats (anchors seated): board Rosa Alvarez" in text
        assert "  Fostering Labor-Management Collaboration      3     7         8        3" in text
        assert "ibb-request-2025: Individual district request, added 2025-12-09" in text
        assert "goal successor-contract: met (2026-06-16)" in text
        assert all(len(line) <= 80 for line in text.splitlines())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StructureScreen)


async def test_l_on_the_engagement_list(demo) -> None:
    app = build_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l")  # the first row: cedar-grove, a school with no team
        await pilot.pause()
        assert isinstance(app.screen, StructureScreen)
        text = app.screen.text
        assert text.startswith("Team structure (Theory of Action, Step 4): does not hold")
        assert "cg-request: Individual district request, added 2025-03-10" in text
        assert "goal cfa-grades-2-4: not met (2025-06-12)" in text


def test_the_state_panel_shows_the_seats_and_the_elements_on_a_date(demo) -> None:
    april = demo.engagement("maple-ridge", as_of="2025-04-01")
    assert state_model_lines(april) == [
        " anchor seats: empty: teachers' organization",
        " Framework for Change: ESTL ✓ IEP ✓ TtP ✓ FLMC ✓",
    ]
    panel = state_lines(april)
    assert " goal trust-anchors [FLMC]" in panel
    assert " anchor seats: empty: teachers' organization" in panel


def test_the_model_text_of_an_engagement_with_nothing_yet(demo) -> None:
    demo.open_engagement(
        slug="elm", name="Elm", organisation="Elm SD", level="state", occurred_on="2026-06-01"
    )
    text = model_text(demo.engagement("elm"))
    assert "Team structure (Theory of Action, Step 4): does not hold\n  no team yet" in text
    assert text.count("none yet") == 4  # entry points, goals, outcomes, reflection
