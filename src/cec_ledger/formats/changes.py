"""What changed: readable differences between two states of an engagement.

``replay`` narrates each event with the state change it caused; ``diff --from --to`` shows what
changed between two dates. Both compare the plain state dicts of
:meth:`EngagementState.to_dict`, keyed where lists have a natural key (teams by id, members
by name, responsibilities by name), so a change reads "teams.dlt.stage: form → norm" rather
than as a list reshuffle.
"""

from __future__ import annotations

from typing import Any

# Lists of dicts keyed by one of their fields, so changes are matched by identity.
_KEYED = {
    "teams": "team_id",
    "members": "member",
    "responsibilities": "responsibility",
    "services": "service_id",
}
# Bookkeeping that changes with every event and says nothing on its own.
_QUIET = {
    "version",
    "events",
    "corrected_later",
    "last_occurred_on",
    "pathway",
    "as_of",
    "known_at",
    "stage_history",
    "history",
    "commitment_history",
    "plan_history",
    "evidence",
    # Derived from the plan and the sessions, whose own changes are listed.
    "planned_vs_delivered",
    # Views of the CEC model derived from facts listed elsewhere (teams, members, plan,
    # reflections, outcomes), and the spans behind the members listed.
    "team_structure",
    "logic_model",
    "reflection_log",
    "framework_coverage",
    "member_history",
    "lessons",
}
# Top-level keys whose changes another key lists already: each plan goal's history
# (``plan.goals`` lists the goals added and removed).
_QUIET_PATHS = {"goals"}


def state_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Readable lines describing how ``after`` differs from ``before``."""
    if before is None:
        return [f"engagement {after['slug']} opened ({after['name']})"]
    lines: list[str] = []
    _diff(before, after, "", lines)
    return lines


def _diff(old: Any, new: Any, path: str, lines: list[str]) -> None:
    key = path.rsplit(".", 1)[-1]
    if key in _QUIET or path in _QUIET_PATHS or old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for name in dict.fromkeys([*old, *new]):
            child = f"{path}.{name}" if path else str(name)
            if name not in old:
                lines.append(f"{child}: added {_short(new[name])}")
            elif name not in new:
                lines.append(f"{child}: removed")
            else:
                _diff(old[name], new[name], child, lines)
        return
    if isinstance(old, list) and isinstance(new, list):
        if key in _KEYED and all(isinstance(i, dict) for i in old + new):
            field = _KEYED[key]
            _diff({i[field]: i for i in old}, {i[field]: i for i in new}, path, lines)
            return
        if len(new) > len(old) and new[: len(old)] == old:
            for item in new[len(old) :]:
                lines.append(f"{path}: + {_short(item)}")
            return
        added = [i for i in new if i not in old]
        removed = [i for i in old if i not in new]
        for item in added:
            lines.append(f"{path}: + {_short(item)}")
        for item in removed:
            lines.append(f"{path}: − {_short(item)}")
        return
    lines.append(f"{path}: {_short(old)} → {_short(new)}")


def _short(value: Any) -> str:
    if isinstance(value, dict):
        for name, text in (("goal_id", "text"), ("priority_id", "text")):
            if name in value:
                return f"{value[name]}: {_short(value.get(text))}"
        if "entry_point_id" in value:
            return f"{value['entry_point_id']} ({value.get('kind')})"
        for name in (
            "name",
            "member",
            "responsibility",
            "service_id",
            "framework_id",
            "dimension",
            "reason",
            "from_consultant",
        ):
            if name in value:
                extra = ""
                if name == "framework_id":
                    extra = f" {value.get('occurred_on', '')}"
                if name == "dimension":
                    extra = f" ({value.get('tier')}): {value.get('evidence', '')}"
                return f"{value[name]}{extra}"
        return ", ".join(f"{k}={_short(v)}" for k, v in list(value.items())[:4])
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value[:6]) + ("…" if len(value) > 6 else "") + "]"
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"
