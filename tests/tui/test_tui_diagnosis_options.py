"""The TUI diagnosis form offers what the framework offers (issue 15): its short version, a
"not observed" answer and, with ``allow_partial``, indicators left unrated; and without any
framework it says what the user can do about it (issue 15: the bundled plugins)."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

import pytest
from textual.widgets import Input, Select
from tui_pilot import SIZE

from cec_ledger.plugins import (
    NOT_OBSERVED,
    Framework,
    Indicator,
    RatingScale,
    build_plugin_manager,
    hookimpl,
    reset_plugin_manager,
    set_plugin_manager,
)
from cec_ledger.tui import build_app
from cec_ledger.tui.screens import diagnosis
from cec_ledger.tui.screens.forms import ConfirmScreen

pytest_plugins = ["cec_ledger.plugins.testing"]

SCALE = RatingScale.ordinal([("low", "Low"), ("mid", "Middling"), ("high", "High")])
INDICATORS = tuple(Indicator(id=i, title=f"Indicator {i}", group="G") for i in "ABCD")


class Frameworks:
    """Two frameworks: one with every option, one with none."""

    plugin_name = "form-options"

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        common = {"version": "1", "description": "", "indicators": INDICATORS}
        register(
            Framework(
                id="aaa-options",
                name="Options",
                rating_scale=SCALE,
                allow_partial=True,
                short_version=("C", "A"),
                not_observed=True,
                **common,
            )
        )
        register(Framework(id="zzz-plain", name="Plain", rating_scale=SCALE, **common))


def _with_entry_point(ledger: Any, version: str = "full") -> None:
    ledger.add_entry_point(
        "oak-valley",
        entry_point_id="sa",
        kind="system_assessment",
        assessment_version=version,
        occurred_on="2025-08-15",
    )


async def _submit(app: Any, pilot: Any, form: Any) -> str:
    """Fill the assessors, submit, and confirm; the confirmation's text."""
    form.query_one("#field-assessors", Input).value = "Ana Ruiz"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen), form.error_text
    confirmation = app.screen_text()
    await pilot.press("y")
    await pilot.pause()
    assert app.screen is not form, form.error_text
    return confirmation


@pytest.mark.slow
@pytest.mark.cec_ledger_plugins(Frameworks())
async def test_the_form_offers_partial_ratings_and_not_observed(plugin_manager, ledger) -> None:
    _with_entry_point(ledger, "full")
    before = len(ledger.events("oak-valley"))
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(diagnosis.DiagnosisFormScreen("oak-valley"))
        await pilot.pause()
        form = app.screen
        assert form.framework().id == "aaa-options"
        assert form.version() == "full"
        assert not form.query_one("#version", Select).disabled
        assert [v for _, v in diagnosis.version_options(form.framework())] == ["full", "short"]
        assert "the others may stay unrated" in app.screen_text()
        assert list(form.rating_widgets) == ["A", "B", "C", "D"]
        values = [value for _, value in diagnosis.scale_options(form.framework())]
        assert values == ["low", "mid", "high", NOT_OBSERVED]
        form.rating_widgets["B"].value = "low"
        form.rating_widgets["D"].value = NOT_OBSERVED  # A and C left unrated: partial
        confirmation = await _submit(app, pilot, form)
        assert "ratings: 1 of 4 indicators rated, 1 not observed" in confirmation
    written = ledger.events("oak-valley")
    assert len(written) == before + 1 and written[-1]["type"] == "NeedsDiagnosed"
    data = written[-1]["data"]
    assert data["ratings"] == {"B": "low", "D": NOT_OBSERVED}
    assert data["assessment_version"] == "full" and data["not_observed"] == ["D"]


@pytest.mark.slow
@pytest.mark.cec_ledger_plugins(Frameworks())
async def test_the_form_offers_the_short_version(plugin_manager, ledger) -> None:
    # The engagement's system assessment is the short version: the form starts there.
    _with_entry_point(ledger, "short")
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(diagnosis.DiagnosisFormScreen("oak-valley"))
        await pilot.pause()
        form = app.screen
        assert form.version() == "short"
        assert list(form.rating_widgets) == ["A", "C"]  # the short version's indicators
        versions = form.query_one("#version", Select)
        versions.value = "full"
        await pilot.pause()
        assert list(form.rating_widgets) == ["A", "B", "C", "D"]
        versions.value = "short"
        await pilot.pause()
        assert list(form.rating_widgets) == ["A", "C"]
        form.rating_widgets["A"].value = NOT_OBSERVED
        form.rating_widgets["C"].value = "high"
        confirmation = await _submit(app, pilot, form)
        assert "Options 1 (short version)" in confirmation
        assert "ratings: 1 of 2 indicators rated, 1 not observed" in confirmation
    data = ledger.events("oak-valley")[-1]["data"]
    assert data["ratings"] == {"A": NOT_OBSERVED, "C": "high"}
    assert data["assessment_version"] == "short"


@pytest.mark.slow
@pytest.mark.cec_ledger_plugins(Frameworks())
async def test_a_framework_without_options_asks_for_every_indicator_on_its_scale(
    plugin_manager, ledger
) -> None:
    _with_entry_point(ledger)
    before = len(ledger.events("oak-valley"))
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(diagnosis.DiagnosisFormScreen("oak-valley"))
        await pilot.pause()
        form = app.screen
        form.query_one("#framework", Select).value = "zzz-plain"
        await pilot.pause()
        assert form.framework().id == "zzz-plain"
        assert form.query_one("#version", Select).disabled
        assert form.version() == "full"
        assert "Every indicator of the version needs an answer" in app.screen_text()
        values = [value for _, value in diagnosis.scale_options(form.framework())]
        assert values == ["low", "mid", "high"]  # no "not observed"
        form.rating_widgets["A"].value = "low"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "missing ratings for indicators: B, C, D" in form.error_text
    assert len(ledger.events("oak-valley")) == before


@pytest.mark.slow
async def test_without_a_framework_the_form_says_what_to_do(ledger) -> None:
    before = len(ledger.events("oak-valley"))
    # Every installed plugin, the bundled ones included (the tutorial's may be installed too).
    disabled = [e.name for e in entry_points(group="cec_ledger")]
    assert "cec-ledger-plc" in disabled
    set_plugin_manager(build_plugin_manager(load_entrypoints=True, disabled=disabled))
    try:
        assert diagnosis.available_frameworks() == []
        app = build_app(ledger, "oak-valley")
        async with app.run_test(size=SIZE) as pilot:
            app.push_screen(diagnosis.DiagnosisFormScreen("oak-valley"))
            await pilot.pause()
            text = " ".join(app.screen_text().split())
            await pilot.press("ctrl+s")
            await pilot.pause()
    finally:
        reset_plugin_manager()
    assert "plugins/plc" not in text and "bundled" not in text
    assert "No diagnostic framework is available" in text
    assert "disabled by CEC_LEDGER_DISABLE_PLUGINS" in text
    assert "'cec-ledger-plc'" in text and "'cec-ledger plugins'" in text
    assert len(ledger.events("oak-valley")) == before


def test_the_no_framework_message_names_what_a_user_can_do() -> None:
    message = diagnosis.NO_FRAMEWORK
    assert "plugins/plc" not in message
    for words in ("CEC_LEDGER_DISABLE_PLUGINS", "'cec-ledger plugins'", "cec-ledger-plc"):
        assert words in message
