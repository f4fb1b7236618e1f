"""The CEC model in the TUI: the team structure with the DLT's anchor seats and the teams'
priorities, whether Step 4 holds, the Framework for Change coverage, the entry points with
their structure, the plan's goals and how they were met — the same lines as ``engagement show``
(``rendering.structure``), read from the facade, in one scrolling view that fits 80 columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from cec_ledger.rendering.structure import (
    coverage_lines,
    entry_point_lines,
    goal_lines,
    outcome_lines,
    reflection_lines,
    structure_lines,
)
from cec_ledger.tui.widgets.footer import FittingFooter
from cec_ledger.tui.widgets.scrolling import EngagementTextScreen

Command = tuple[str, str, Callable[[], Any]]


def model_text(state: dict[str, Any]) -> str:
    """Every section of the view, titled, as plain text (the screen shows it; tests read it)."""
    step = state["pathway"]["steps"][3]
    sections = [
        (
            "Team structure (Theory of Action, Step 4): "
            + ("holds" if step["holds"] else "does not hold"),
            [f"  {step['evidence']}", *structure_lines(state)],
        ),
        ("Framework for Change coverage", coverage_lines(state)),
        ("Entry points (Theory of Action, Step 2)", entry_point_lines(state)),
        ("Plan goals", goal_lines(state["plan"], state) if state.get("plan") else []),
        ("Outcomes (the CEC Logic Model)", outcome_lines(state)),
        ("Reflection", reflection_lines(state)),
    ]
    blocks = ["\n".join([title, *(lines or ["  none yet"])]) for title, lines in sections]
    return "\n\n".join(blocks)


class StructureScreen(EngagementTextScreen):
    """The engagement's CEC model, one scrolling text view (Escape goes back)."""

    VIEW_ID = "structure-view"

    def __init__(self, engagement: str) -> None:
        super().__init__(engagement)
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="structure-view"):
            yield Static("", id="structure-title", classes="screen-title", markup=False)
            yield Static("", id="structure-body", markup=False)
        yield FittingFooter()

    def reload(self) -> None:
        state = self.app.ledger.engagement(self.engagement)  # type: ignore[attr-defined]
        self.text = model_text(state)
        self.query_one("#structure-title", Static).update(
            f"{self.engagement} · the CEC model: structure, Framework for Change, goals"
        )
        self.query_one("#structure-body", Static).update(self.text)

    def palette_commands(self) -> Iterator[Command]:
        yield ("Reload", "The CEC model, read again", self.reload)
