"""What plugins see of each engagement during an import, kept up to date as the import folds
events (``facade.importer``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from cec_ledger.application import call_validator
from cec_ledger.formats.lines import ParsedLine
from cec_ledger.plugins import validation as plugin_rules
from cec_ledger.plugins.validation import engagement_view


class PluginViews:
    """What plugins see of each engagement (``plugin_rules.engagement_view``), kept up to
    date as the import folds events instead of rebuilt from the whole state for every event.

    Rebuilding it lists every session so far, so replaying an engagement of *n* events did
    O(n²) work. Here the sessions already listed are kept and only new ones are added; a
    correction (which re-folds the state into a new object) rebuilds the list once. Plugins
    still get exactly ``engagement_view(state)`` (``validate_event`` hands them a copy).
    Any other validator is called as it always was."""

    def __init__(self) -> None:
        # engagement -> (the state object listed, sessions listed, the listed sessions)
        self.listed: dict[UUID, tuple[Any, int, list[dict[str, Any]]]] = {}

    def validate(
        self,
        validator: Any,
        eid: UUID,
        parsed: ParsedLine,
        slug: str,
        state: Any,
        report: Any,
    ) -> None:
        if validator is not plugin_rules.plugin_validator:
            call_validator(validator, parsed.event_type, parsed.fields, state, "import")
            return
        fields = plugin_rules._plain_fields(parsed.fields)
        report.judge(parsed, slug, parsed.event_type, fields, self.view(eid, state))

    def view(self, eid: UUID, state: Any) -> dict[str, Any]:
        listed_state, count, sessions = self.listed.get(eid, (None, 0, []))
        if listed_state is not state or count > len(state.sessions):
            count, sessions = 0, []
        view = engagement_view(_SessionsFrom(state, count))
        sessions.extend(view["sessions"])
        view["sessions"] = sessions
        self.listed[eid] = (state, len(state.sessions), sessions)
        return view


class _SessionsFrom:
    """A state seen with only its sessions from ``start`` on (everything else delegated)."""

    def __init__(self, state: Any, start: int) -> None:
        self._state = state
        self.sessions = state.sessions[start:]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)
