"""Logging events through the TUI's forms: generated fields, review, confirm, errors."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Select
from tui_pilot import SIZE, cursor_version, goto_version, shown, state_text

from cec_ledger.tui import build_app
from cec_ledger.tui.screens.forms import ConfirmScreen, EventFormScreen
from cec_ledger.tui.screens.timeline import TimelineScreen


@pytest.mark.slow
async def test_log_an_event_through_a_form(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.highlighted = [o.id for o in options.options].index("TeamStageAdvanced")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventFormScreen)
        form.query_one("#field-team_id", Select).value = "dlt"  # the engagement's teams
        form.query_one("#field-stage", Select).value = "perform"
        form.query_one("#field-reason", Input).value = "meetings run without the consultant"
        form.query_one("#field-occurred_on", Input).value = "2025-12-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        written = ledger.events("oak-valley")[-1]
        assert written["type"] == "TeamStageAdvanced"
        assert written["data"]["stage"] == "perform"
        assert written["occurred_on"] == "2025-12-15"
        assert written["recorded_by"] == "ana"
        # ... and the timeline shows it without a manual refresh, cursor on it.
        assert shown(app)[-1] == 15
        assert cursor_version(app) == 15
        assert "dlt: perform" in state_text(app)


async def test_an_invalid_form_shows_the_error_and_writes_nothing(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(EventFormScreen("TeamStageAdvanced", "oak-valley"))
        await pilot.pause()
        form = app.screen
        form.query_one("#field-team_id", Select).value = "dlt"
        form.query_one("#field-stage", Select).value = "norm"  # dlt is at norm already
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert app.screen is form
        assert "already at stage 'norm'" in form.error_text
        assert "already at stage 'norm'" in app.screen_text()  # shown next to the form
        form.query_one("#field-occurred_on", Input).value = "not a date"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # caught before the confirmation step
        assert "not a date" in form.error_text
        assert len(ledger.events("oak-valley")) == 14


@pytest.mark.slow
async def test_correct_an_event_from_its_detail(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await goto_version(pilot, 12)
        await pilot.press("enter", "e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-reason", Input).value = "it was two hours"
        form.query_one("#fix-hours", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "hours: '1.50' → '2'" in app.screen_text()  # hours are kept to the cent
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, type(form)), form.error_text
        correction = ledger.events("oak-valley")[-1]
        assert correction["type"] == "EventCorrected"
        assert correction["data"]["corrects_version"] == 12
        assert correction["data"]["corrected_fields"] == {"hours": "2.00"}


@pytest.mark.slow
async def test_diagnosis_form_without_a_framework_plugin(ledger, monkeypatch) -> None:
    from cec_ledger.tui.screens import diagnosis

    monkeypatch.setattr(diagnosis, "available_frameworks", list)
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(diagnosis.DiagnosisFormScreen("oak-valley"))
        await pilot.pause()
        assert "No diagnostic framework is available" in app.screen_text()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(ledger.events("oak-valley")) == 14


@pytest.mark.slow
async def test_diagnosis_form_from_a_framework(ledger) -> None:
    from cec_ledger.tui.screens import diagnosis

    frameworks = diagnosis.available_frameworks()
    if not frameworks:
        pytest.skip("no framework plugin installed")
    # Rules epoch 3: a diagnosis is made through a diagnostic entry point.
    ledger.add_entry_point(
        "oak-valley", entry_point_id="sa", kind="system_assessment", occurred_on="2025-08-15"
    )
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(diagnosis.DiagnosisFormScreen("oak-valley"))
        await pilot.pause()
        form = app.screen
        await pilot.press("ctrl+s")  # nothing rated yet: an inline error
        await pilot.pause()
        assert "missing ratings" in form.error_text
        framework = form.framework()
        values = [value for _, value in diagnosis.scale_options(framework)]
        for i, widget in enumerate(form.rating_widgets.values()):
            widget.value = values[i % len(values)]
        form.query_one("#field-assessors", Input).value = "Ana Ruiz; Dr. Lee"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not form, form.error_text
        written = ledger.events("oak-valley")[-1]
        assert written["type"] == "NeedsDiagnosed"
        assert written["data"]["framework_id"] == framework.id
        assert len(written["data"]["ratings"]) == len(framework.indicators)
        assert written["data"]["assessors"] == ["Ana Ruiz", "Dr. Lee"]


@pytest.mark.slow
async def test_open_a_new_engagement_from_the_list(ledger) -> None:
    app = build_app(ledger)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-slug", Input).value = "elm-park"
        form.query_one("#field-name", Input).value = "Elm Park SD"
        form.query_one("#field-organisation", Input).value = "Elm Park School District"
        form.query_one("#field-level", Select).value = "district"
        form.query_one("#field-entry_point", Select).value = "system_assessment"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not form, form.error_text
        assert "elm-park" in [e["slug"] for e in ledger.engagements()]
        assert "Elm Park SD" in app.screen_text()  # the list refreshed by itself
