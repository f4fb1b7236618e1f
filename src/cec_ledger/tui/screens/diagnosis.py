"""The diagnosis form (Pathway step 2), built from a framework plugin's indicators and scale.

The form offers what the framework offers: its short version (a version selector), a "not
observed" answer (one more choice per indicator) and, with ``allow_partial``, indicators left
unrated; a framework without them gets the full version, every indicator required.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from cec_ledger.domain.errors import DomainError
from cec_ledger.plugins import DISABLE_ENV, NOT_OBSERVED, failure_hint, list_frameworks
from cec_ledger.tui.screens.forms import FormScreen

NO_FRAMEWORK = (
    "No diagnostic framework is available, so there is nothing to rate against. "
    "cec-ledger comes with the PLC and Baldrige frameworks (plugins cec-ledger-plc and "
    f"cec-ledger-baldrige); a plugin disabled by {DISABLE_ENV}, failed or not installed "
    "is shown by 'cec-ledger plugins' with its status. Enable or install a framework plugin "
    "(or write one: 'cec-ledger plugin new') and reopen this form."
)


def no_framework_message() -> str:
    """NO_FRAMEWORK, naming the plugins that are disabled or failed when there are any."""
    hint = failure_hint()  # " (plugin 'cec-ledger-plc' is disabled by ...; see ...)" or ""
    return NO_FRAMEWORK.replace(" is available,", f" is available{hint},", 1)


def scale_options(framework: Any) -> list[tuple[str, Any]]:
    """The framework's answers as Select options (label, value): its rating scale, then
    "not observed" where the framework offers it."""
    scale = framework.rating_scale
    if scale.values:
        options = [(f"{v} — {scale.labels.get(v, v)}", v) for v in scale.values]
    else:
        options = [(str(n), n) for n in range(scale.minimum, scale.maximum + 1, scale.step)]
    if framework.not_observed:
        options.append(("not observed — looked at, could not be judged", NOT_OBSERVED))
    return options


def version_options(framework: Any) -> list[tuple[str, str]]:
    """The assessment versions the framework offers: full, and short when it defines one."""
    full = f"full ({len(framework.indicators)} indicators)"
    if not framework.short_version:
        return [(full, "full")]
    return [(full, "full"), (f"short ({len(framework.short_version)} indicators)", "short")]


def answers_hint(framework: Any) -> str:
    """What the form asks for, in words: which indicators must be answered, and how."""
    scale = f"Scale: {framework.rating_scale.describe()}"
    if framework.not_observed:
        scale += '; or "not observed"'
    if framework.allow_partial:
        return f"{scale}. Rate the indicators you assessed; the others may stay unrated."
    return f"{scale}. Every indicator of the version needs an answer."


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
        self.shown: tuple[str, str] | None = None  # (framework id, version) of the rows

    def form_rows(self) -> ComposeResult:
        if not self.frameworks:
            yield Static(no_framework_message(), id="no-framework", classes="error", markup=False)
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
        first = self.frameworks[0]
        yield from self.field_row(
            "version",
            Select(
                version_options(first),
                value="full",
                allow_blank=False,
                id="version",
                disabled=not first.short_version,
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
            versions = self.query_one("#version", Select)
            if self.frameworks[0].short_version and self.entry_point_version() == "short":
                with self.prevent(Select.Changed):
                    versions.value = "short"
            self.show_indicators(self.frameworks[0])

    def entry_point_version(self) -> str:
        """The version the engagement's only system assessment records ("full" otherwise):
        the form starts there, as ``cec-ledger diagnose`` does without --version."""
        try:
            state = self.app.ledger.engagement(self.engagement)  # type: ignore[attr-defined]
        except DomainError:
            return "full"
        points = state.get("entry_points") or []
        if len(points) == 1 and points[0].get("kind") == "system_assessment":
            return str(points[0].get("assessment_version") or "full")
        return "full"

    def framework(self) -> Any:
        wanted = self.query_one("#framework", Select).value
        return next(f for f in self.frameworks if f.id == wanted)

    def version(self) -> str:
        value = self.query_one("#version", Select).value
        return str(value) if value in ("full", "short") else "full"

    @on(Select.Changed, "#framework")
    def framework_changed(self) -> None:
        framework = self.framework()
        versions = self.query_one("#version", Select)
        with self.prevent(Select.Changed):
            versions.set_options(version_options(framework))
            short = framework.short_version and self.entry_point_version() == "short"
            versions.value = "short" if short else "full"
        versions.disabled = not framework.short_version
        self.show_indicators(framework)

    @on(Select.Changed, "#version")
    def version_changed(self) -> None:
        self.show_indicators(self.framework())

    def show_indicators(self, framework: Any) -> None:
        # Mounting fires Changed for both selectors: rebuild only when what is shown changes
        # (rebuilding while the last rows are still mounting would remove them half-made).
        shown = (framework.id, self.version())
        if shown == self.shown:
            return
        self.shown = shown
        box = self.query_one("#ratings", Vertical)
        box.remove_children()
        self.rating_widgets = {}
        rows: list[Any] = [Static(answers_hint(framework), classes="field-hint", markup=False)]
        group = None
        options = scale_options(framework)
        prompt = "not rated" if framework.allow_partial else "not rated yet (required)"
        for indicator in framework.version_indicators(self.version()):
            if indicator.group and indicator.group != group:
                group = indicator.group
                rows.append(Static(group, classes="section", markup=False))
            select = Select(options, prompt=prompt)
            self.rating_widgets[indicator.id] = select
            rows.append(
                Static(f"{indicator.id}  {indicator.title}", classes="field-label", markup=False)
            )
            rows.append(select)
        box.mount(*rows)

    def collect(self) -> tuple[str, list[str]]:
        if not self.frameworks:
            raise _NoFramework(no_framework_message())
        framework = self.framework()
        version = self.version()
        ratings = {
            ind: widget.value
            for ind, widget in self.rating_widgets.items()
            if widget.value != Select.NULL
        }
        # On the scale (or not observed), every indicator of the version answered unless
        # the framework allows partial ratings.
        normalised = framework.validate_ratings(ratings, version=version)
        assessors = [
            a.strip()
            for a in self.query_one("#field-assessors", Input).value.split(";")
            if a.strip()
        ]
        occurred = self.query_one("#field-occurred_on", Input).value.strip() or None
        observed = {k: r for k, r in normalised.items() if r != NOT_OBSERVED}
        baseline = framework.readiness_baseline(normalised) or {}
        gans = list(framework.greatest_areas_of_need(normalised))
        self.payload = {
            "framework_id": framework.id,
            "ratings": normalised,
            "assessors": assessors,
            "occurred_on": occurred,
            "assessment_version": version,
        }
        asked = len(framework.version_indicators(version))
        not_observed = len(normalised) - len(observed)
        lines = [
            f"framework: {framework.name} {framework.version} ({version} version)",
            f"ratings: {len(observed)} of {asked} indicators rated"
            + (f", {not_observed} not observed" if not_observed else ""),
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
