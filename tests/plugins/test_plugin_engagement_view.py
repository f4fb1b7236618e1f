"""The engagement view a validation hook reads includes the diagnoses and the plan, with
exported, documented types (issue 15): a plugin rule about diagnoses or the plan works for
commands and for corrections (validated as the corrected event), on a real SQLite ledger."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

import cec_ledger.plugins as surface
from cec_ledger.plugins import (
    DiagnosisView,
    EngagementView,
    PlanLineView,
    PlanView,
    RuleViolation,
    hookimpl,
    reference,
)
from cec_ledger.plugins.views import VIEW_TYPES
from tests.clihelp import invoke, ok

pytest_plugins = ["cec_ledger.plugins.testing"]

E = "maple-ridge"


class DiagnosisAndPlanRules:
    """A third party's rules: one about the diagnoses, one about the plan in force."""

    plugin_name = "diagnosis-and-plan-rules"

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, int, str | None]] = []

    @hookimpl
    def cec_ledger_validate_event(
        self, event_type: str, fields: dict, engagement: EngagementView, context: str
    ) -> None:
        plan = engagement["plan"]
        self.seen.append(
            (event_type, context, len(engagement["diagnoses"]), plan["kind"] if plan else None)
        )
        if event_type == "NeedsDiagnosed" and engagement["diagnoses"]:
            previous = engagement["diagnoses"][-1]
            for indicator, rating in fields["ratings"].items():
                before = previous["ratings"].get(indicator)
                if rating == "not_yet" and before not in (None, "not_yet"):
                    raise RuleViolation(
                        f"indicator {indicator} fell from {before!r} (diagnosis "
                        f"#{previous['version']}) to 'not_yet': rate it with evidence"
                    )
        transformation = plan is not None and plan["kind"] == "transformation"
        small_training = fields.get("delivery") == "training" and fields["participants"] < 5
        if event_type == "SessionDelivered" and transformation and small_training:
            raise RuleViolation(
                "under a transformation plan a training session has 5 or more participants"
            )


@pytest.fixture
def demo_url(tmp_path) -> str:
    url = str(tmp_path / "demo.db")
    ok(url, "demo")
    return url


def test_a_command_sees_every_diagnosis_and_the_plan(demo_url: str) -> None:
    rules = DiagnosisAndPlanRules()
    surface.set_plugin_manager(surface.build_plugin_manager(rules, load_entrypoints=True))
    try:
        refused = invoke(
            demo_url, "session", "log", E, "--delivery", "training", "--topic", "norms",
            "--consultant", "Priya Raman", "--service", "dlt-slt-plc-integration",
            "--hours", "2", "--participants", "3", "--on", "2026-05-05",
        )  # fmt: skip
    finally:
        surface.reset_plugin_manager()
    assert refused.code == 1 and "Traceback" not in refused.err
    assert refused.err.strip().endswith(
        "under a transformation plan a training session has 5 or more participants"
    )
    assert rules.seen == [("SessionDelivered", "command", 2, "transformation")]


def _ledger_events(url: str, kind: str) -> list[dict[str, Any]]:
    return ok(url, "timeline", E, "--type", kind, "--json").json()


def test_a_correction_of_a_diagnosis_is_judged_against_the_earlier_diagnoses(
    demo_url: str,
) -> None:
    last = _ledger_events(demo_url, "NeedsDiagnosed")[-1]
    ratings = {k: "not_yet" for k in last["data"]["ratings"]}
    rules = DiagnosisAndPlanRules()
    surface.set_plugin_manager(surface.build_plugin_manager(rules, load_entrypoints=True))
    try:
        before = len(_ledger_events(demo_url, "EventCorrected"))
        refused = invoke(
            demo_url, "correct", E, str(last["version"]), "--reason", "wrong rubric",
            "--set", f"ratings={json.dumps(ratings)}",
        )  # fmt: skip
    finally:
        surface.reset_plugin_manager()
    assert refused.code == 1 and "Traceback" not in refused.err, refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert "fell from" in refused.err and "to 'not_yet': rate it with evidence" in refused.err
    # Judged as the corrected event: a NeedsDiagnosed, in a correction, with the one
    # diagnosis recorded before it (not the one being corrected).
    assert ("NeedsDiagnosed", "correction", 1, "transformation") in rules.seen
    assert len(_ledger_events(demo_url, "EventCorrected")) == before  # nothing written


def test_a_correction_of_a_session_is_judged_against_the_plan_then_in_force(
    demo_url: str,
) -> None:
    sessions = _ledger_events(demo_url, "SessionDelivered")
    training = next(
        s for s in sessions if s["data"]["delivery"] == "training" and s["occurred_on"] > "2025-09"
    )
    rules = DiagnosisAndPlanRules()
    surface.set_plugin_manager(surface.build_plugin_manager(rules, load_entrypoints=True))
    try:
        refused = invoke(
            demo_url, "correct", E, str(training["version"]), "--reason", "fewer came",
            "--set", "participants=2",
        )  # fmt: skip
        allowed = invoke(
            demo_url, "correct", E, str(training["version"]), "--reason", "more came",
            "--set", f"participants={training['data']['participants'] + 1}",
        )  # fmt: skip
    finally:
        surface.reset_plugin_manager()
    assert refused.code == 1 and "5 or more participants" in refused.err
    assert allowed.code == 0, allowed.err
    assert rules.seen[0][:2] == ("SessionDelivered", "correction")


def test_the_view_has_exactly_the_documented_keys(demo_url: str) -> None:
    from cec_ledger.facade.ledger import Ledger
    from cec_ledger.plugins import engagement_view

    with Ledger.open(demo_url, actor="t") as ledger:
        state = ledger.app.get_engagement(ledger.resolve(E)).state
        view = engagement_view(state)
    assert set(view) == set(EngagementView.__annotations__)
    assert len(view["diagnoses"]) == 2
    diagnosis = view["diagnoses"][0]
    assert set(diagnosis) == set(DiagnosisView.__annotations__)
    assert diagnosis["framework_id"] == "plc" and diagnosis["occurred_on"] == "2024-10-15"
    assert diagnosis["ratings"]["A"] == "initiating"
    plan = view["plan"]
    assert plan is not None and set(plan) == set(PlanView.__annotations__)
    assert plan["kind"] == "transformation" and plan["services"]
    assert set(plan["services"][0]) == set(PlanLineView.__annotations__)
    assert [line["service_id"] for line in plan["services"]] == view["plan_services"]
    assert all(set(g) == {"goal_id", "text", "elements", "gans"} for g in plan["goals"])


def test_the_view_reaches_plugins_read_only() -> None:
    seen: list[Any] = []

    class Reader:
        @hookimpl
        def cec_ledger_validate_event(self, engagement: Mapping[str, Any]) -> None:
            seen.append(engagement)
            with pytest.raises(TypeError):
                engagement["diagnoses"][0]["ratings"]["A"] = "x"  # type: ignore[index]

    view = {"slug": "m", "diagnoses": [{"ratings": {"A": "developing"}}], "plan": None}
    surface.set_plugin_manager(surface.build_plugin_manager(Reader(), load_entrypoints=False))
    try:
        surface.validate_event("SessionDelivered", {}, view)
    finally:
        surface.reset_plugin_manager()
    assert seen and view["diagnoses"][0]["ratings"] == {"A": "developing"}


def test_no_plan_and_no_diagnoses_before_they_are_recorded(tmp_path) -> None:
    from cec_ledger.facade.ledger import Ledger
    from cec_ledger.plugins import engagement_view

    url = str(tmp_path / "l.db")
    with Ledger.open(url, actor="t", create=True) as ledger:
        ledger.open_engagement(
            slug="oak",
            name="Oak",
            organisation="Oak USD",
            level="district",
            lead_consultant="Ana",
            occurred_on="2025-01-02",
        )
        view = engagement_view(ledger.app.get_engagement(ledger.resolve("oak")).state)
    assert view["plan"] is None and view["diagnoses"] == []


# --- the types are exported and every key is documented ---------------------------------------


@pytest.mark.parametrize("cls", VIEW_TYPES, ids=[c.__name__ for c in VIEW_TYPES])
def test_every_view_type_is_exported_and_documents_each_key(cls: type) -> None:
    assert getattr(surface, cls.__name__) is cls and cls.__name__ in surface.__all__
    assert reference.undocumented_keys(cls) == []
    documented = reference.describe(cls.__name__)
    for key in cls.__annotations__:
        assert f"- `{key}` (" in documented


def test_the_reference_notices_an_undocumented_key() -> None:
    from typing import TypedDict

    class Partly(TypedDict):
        """A shape.

        :key a: documented.
        """

        a: int
        b: str

    assert reference.undocumented_keys(Partly) == ["b"]
