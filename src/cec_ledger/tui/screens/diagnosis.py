"""The diagnosis form (Pathway step 2), built from a framework plugin's indicators and scale."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from cec_ledger.domain.errors import DomainError
from cec_ledger.plugins import list_frameworks
from cec_ledger.tui.screens.forms import FormScreen

NO_FRAMEWORK = (
    "No diagnostic framework plugin is installed, so there is nothing to rate against. "
    "Install one (for example the bundled plugins/plc) and reopen this form."
)


def scale_options(framework: Any) -> list[tuple[str, Any]]:
    """The framework's rating scale as Select options (label, value)."""
    scale = framework.rating_scale
    if scale.values:
        return [(f"{v} — {scale.labels.get(v, v)}", v) for v in scale.values]
    return [(str(n), n) for n in range(scale.minimum, scale.maximum + 1, scale.step)]


def available_frameworks() -> list[Any]:
    """Installed frameworks; none (not an exception) when no framework plugin loads."""
    try:
        return list(list_frameworks())
    except DomainError:
        return []


class DiagnosisFormScreen(FormScreen):
    """Rate every indicator of the chosen framework; readiness and GANs are computed."""

    def __init__(self, engagement: str) -> None:
        super().__init__()
        self.engagement = engagement
        self.frameworks = available_frameworks()
        self.heading = f"NeedsDiagnosed on {engagement}"
        # Indicator ids are not always valid widget ids ('1.1'): keep widgets by indicator.
        self.rating_widgets: dict[str, Select] = {}
        self.payload: dict[str, Any] = {}

    def form_rows(self) -> ComposeResult:
        if not self.frameworks:
            yield Static(NO_FRAMEWORK, id="no-framework", classes="error", markup=False)
            return
        yield from self.field_row(
            "framework",
            Select(
                [(f"{f.name} ({f.id} {f.version})", f.id) for f in self.frameworks],
                value=self.frameworks[0].id,
                allow_blank=False,
                id="framework",
            ),
        )
        yield from self.field_row(
            "assessors", Input(placeholder="names separated by ;", id="field-assessors")
        )
        yield from self.field_row(
            "occurred on", Input(placeholder="YYYY-MM-DD (blank: today)", id="field-occurred_on")
        )
        yield Vertical(id="ratings")

    def on_mount(self) -> None:
        super().on_mount()
        if self.frameworks:
            self.show_indicators(self.frameworks[0])

    def framework(self) -> Any:
        wanted = self.query_one("#framework", Select).value
        return next(f for f in self.frameworks if f.id == wanted)

    @on(Select.Changed, "#framework")
    def framework_changed(self) -> None:
        self.show_indicators(self.framework())

    def show_indicators(self, framework: Any) -> None:
        box = self.query_one("#ratings", Vertical)
        box.remove_children()
        self.rating_widgets = {}
        rows: list[Any] = [
            Static(
                f"Scale: {framework.rating_scale.describe()}", classes="field-hint", markup=False
            )
        ]
        group = None
        options = scale_options(framework)
        for indicator in framework.indicators:
            if indicator.group and indicator.group != group:
                group = indicator.group
                rows.append(Static(group, classes="section", markup=False))
            select = Select(options, prompt="not rated")
            self.rating_widgets[indicator.id] = select
            rows.append(
                Static(f"{indicator.id}  {indicator.title}", classes="field-label", markup=False)
            )
            rows.append(select)
        box.mount(*rows)

    def collect(self) -> tuple[str, list[str]]:
        if not self.frameworks:
            raise _NoFramework(NO_FRAMEWORK)
        framework = self.framework()
        ratings = {
            ind: widget.value
            for ind, widget in self.rating_widgets.items()
            if widget.value != Select.NULL
        }
        normalised = framework.validate_ratings(ratings)  # every indicator rated, on scale
        assessors = [
            a.strip()
            for a in self.query_one("#field-assessors", Input).value.split(";")
            if a.strip()
        ]
        occurred = self.query_one("#field-occurred_on", Input).value.strip() or None
        baseline = framework.readiness_baseline(normalised) or {}
        gans = list(framework.greatest_areas_of_need(normalised))
        self.payload = {
            "framework_id": framework.id,
            "ratings": normalised,
            "assessors": assessors,
            "occurred_on": occurred,
        }
        lines = [
            f"framework: {framework.name} {framework.version}",
            f"ratings: {len(normalised)} indicators",
            f"readiness: {baseline.get('label', '-')}",
            f"greatest areas of need: {', '.join(gans) or '-'}",
            f"assessors: {', '.join(assessors) or '-'}",
        ]
        return "Record this diagnosis?", lines

    def write(self) -> dict[str, Any]:
        ledger = self.app.ledger  # type: ignore[attr-defined]
        return ledger.diagnose(self.engagement, **self.payload)


class _NoFramework(DomainError):
    """Shown inline: the form cannot be submitted without a framework."""
