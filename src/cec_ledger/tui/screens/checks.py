"""The checks screen: ``cec-ledger check``'s findings, by engagement. Enter on a finding opens
its engagement's timeline on the event it names (the first, when it names several)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from cec_ledger.checks import CheckRun, Finding, run_checks
from cec_ledger.domain.errors import DomainError
from cec_ledger.tui.widgets.footer import FittingFooter
from cec_ledger.tui.widgets.tables import ViTable

Command = tuple[str, str, Callable[[], Any]]
COLUMNS = ("ENGAGEMENT", "EVENT", "SEVERITY", "CHECK", "PROBLEM")


def by_engagement(findings: list[Finding]) -> list[Finding]:
    """The findings grouped by engagement (the log's own first), in the run's order within."""
    order: dict[str | None, int] = {}
    for finding in findings:
        order.setdefault(finding.engagement, len(order))
    return sorted(findings, key=lambda f: (f.engagement is not None, order[f.engagement]))


class ChecksScreen(Screen):
    """The default set of checks, run when the screen opens (``r`` runs them again)."""

    BINDINGS = [("r", "rerun", "Run again")]

    def __init__(self) -> None:
        super().__init__()
        self.run: CheckRun | None = None
        self.rows: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="checks-title", classes="screen-title", markup=False)
        yield ViTable(id="findings")
        yield Static("", id="checks-error", classes="error", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.action_rerun()
        self.query_one("#findings", DataTable).focus()

    def action_rerun(self) -> None:
        error = self.query_one("#checks-error", Static)
        try:
            self.run = run_checks(self.app.ledger)  # type: ignore[attr-defined]
        except DomainError as problem:
            error.update(str(problem))
            return
        error.update("")
        self.rows = by_engagement(self.run.findings)
        run = self.run
        self.query_one("#checks-title", Static).update(
            f"Checks · {run.errors} error{'s' * (run.errors != 1)}, {run.warnings} "
            f"warning{'s' * (run.warnings != 1)} · {len(run.statuses)} checks, "
            f"{run.engagements} engagements, as of {run.day}" + ("" if self.rows else " · all hold")
        )
        table = self.query_one("#findings", DataTable)
        table.clear(columns=True)
        table.add_columns(*COLUMNS)
        previous: str | None = None
        for finding in self.rows:
            engagement = finding.engagement or "the log"
            shown = engagement if engagement != previous else ""
            previous = engagement
            severity = Text(
                finding.severity, style="bold red" if finding.severity == "error" else "yellow"
            )
            table.add_row(
                shown,
                ", ".join(f"#{e.version}" for e in finding.events),
                severity,
                finding.check,
                finding.message,
            )

    @on(DataTable.RowSelected, "#findings")
    async def open_event(self, message: DataTable.RowSelected) -> None:
        if not 0 <= message.cursor_row < len(self.rows):
            return
        finding = self.rows[message.cursor_row]
        if not finding.events:
            self.query_one("#checks-error", Static).update(
                f"{finding.check}: this finding names no event"
            )
            return
        first = finding.events[0]
        await self.app.open_event(first.slug, first.version, first.type)  # type: ignore[attr-defined]

    def palette_commands(self) -> Iterator[Command]:
        yield (
            "Run the checks again",
            "The default set, on the ledger as it is now",
            self.action_rerun,
        )
