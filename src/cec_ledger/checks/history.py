"""``history-under-todays-rules``: events recorded under an older rules epoch that today's
rules would refuse. Shown, never rewritten: their stored bytes do not change, so ``verify``
and seals keep holding, and nothing is re-judged anywhere else (docs/events.md, "Rules
change, history stays").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

from cec_ledger.checks.model import WARNING, check
from cec_ledger.checks.record import EngagementRecord
from cec_ledger.domain.engagement import corrected
from cec_ledger.domain.errors import DomainError
from cec_ledger.domain.events import RULES_EPOCH, given_fields
from cec_ledger.domain.rules import check as judge
from cec_ledger.domain.state import EngagementState
from cec_ledger.plugins.manager import get_plugin_manager, hook_impls
from cec_ledger.plugins.validation import ReadOnlyMapping, engagement_view, rule_findings

Found = Iterator[tuple[str, list[int]]]


class _PluginView:
    """The engagement as plugins see it before each event (``engagement_view``), kept up to
    date session by session: building it afresh for every event would copy every session so
    far every time, which makes a long engagement quadratic."""

    def __init__(self) -> None:
        self.sessions: list[dict[str, Any]] = []

    def of(self, state: EngagementState) -> dict[str, Any]:
        while len(self.sessions) < len(state.sessions):
            one = state.sessions[len(self.sessions)]
            self.sessions.append(engagement_view(_without_sessions(state, [one]))["sessions"][0])
        view = engagement_view(_without_sessions(state, []))
        view["sessions"] = self.sessions
        return view


class _ViewWhenRead(ReadOnlyMapping):
    """The read-only engagement a plugin is handed (what ``read_only(view.of(state))``
    gives), built only if the plugin reads it: most events' rules never look at the
    engagement, and building the view for each of them was a third of this check's time.
    Built from the state as it stands when first read, which is before the event (the
    plugins are called, and return, before the event is folded in)."""

    def __init__(self, view: _PluginView, state: EngagementState) -> None:
        self._view = view
        self._state = state
        self._built: dict[str, Any] | None = None

    @property  # type: ignore[override]
    def _data(self) -> dict[str, Any]:
        if self._built is None:
            self._built = self._view.of(self._state)
        return self._built


def _without_sessions(state: EngagementState, sessions: list[Any]) -> Any:
    return SimpleNamespace(**{**vars(state), "sessions": sessions})


@check("history-under-todays-rules", WARNING, default=False)
def history_under_todays_rules(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """Events recorded under older rules that today's rules would refuse.

    Every event carries the rules epoch that judged it (``rules_version``) and is never
    re-judged by newer rules (docs/events.md, "Rules change, history stays"). This check
    shows what today's rules would say of each event, against the engagement as it stood
    before it (corrections applied), one line per event: the core rules of the current epoch
    for events of an older epoch, and the installed plugins' rules for every event (an
    ``import`` records what today's plugin rules would refuse, and says so once: here it can
    be seen again). Nothing is rewritten or refused. Not in the default set: it re-judges
    the whole history, so name it (``cec-ledger check history-under-todays-rules``) or add
    it to the default set.

    Example:
    warning: history-under-todays-rules: oak-valley#7: recorded under rules epoch 1; today's rules would refuse it: coaching follows a training, facilitating, networking or mentoring session (Theory of Action, Capacity-Building Coaching Delivery Model): record it with 'session coach --follows N'
    """
    stored = record.stored
    plugins = bool(hook_impls(get_plugin_manager(), "cec_ledger_validate_event"))
    if not plugins and all(e.rules_version >= RULES_EPOCH for e in stored):
        return
    overrides = record.overrides
    view = _PluginView()
    state = EngagementState()
    for original in stored:
        event = corrected(original, overrides)
        if event.occurred_on > record.day:
            continue
        older = event.rules_version < RULES_EPOCH
        kind = type(event).__name__
        reasons = []
        if older or (plugins and kind != "EventCorrected"):
            fields = {name: getattr(event, name) for name in given_fields(kind)}
            if older:
                try:
                    judge(state if state.version else None, kind, fields, record.today, RULES_EPOCH)
                except DomainError as error:
                    reasons.append(str(error))
            if plugins and kind != "EventCorrected":
                # As plugins see a new event: dates as ISO text, judged by today's epoch.
                plain = {k: x.isoformat() if isinstance(x, date) else x for k, x in fields.items()}
                plain["rules_version"] = RULES_EPOCH
                for plugin, message in rule_findings(
                    kind, plain, _ViewWhenRead(view, state), "command"
                ):
                    reasons.append(f"{message} (plugin {plugin})")
        if reasons:
            rules = "today's rules" if older else "today's plugin rules"
            yield (
                f"recorded under rules epoch {event.rules_version}; {rules} would refuse it: "
                f"{'; '.join(reasons)}",
                [event.originator_version],
            )
        state.apply(event)
