"""Bounds on numbers and text (rules epoch 2): one table, read by the rules and the schemas.

Every field of every event class has a *kind* here: an id, a one-line name, free text, hours,
money, a head count... Each kind says what the ledger accepts (and how it is normalised:
decimals to a fixed scale in plain notation, ``\\r\\n`` to ``\\n``) in words a consultant
reads ("hours must be more than 0 and at most 24 for one session, got 40"), and as a JSON
Schema fragment (``formats.schema`` publishes it). A test checks, value by value, that the
rule and the schema fragment agree.

Events recorded under rules epoch 1 were not held to these bounds; they keep their stored
form and are never re-judged (see docs/events.md, "Rules change, history stays").

Over 400 lines for one reason: ``FIELD_KINDS`` is one table, a row per field of every event
class (about 180 lines), kept whole so a reviewer reads every field's bound in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cec_ledger.domain.errors import InvalidValue

MAX_NAME = 200
MAX_TEXT = 10_000
MAX_ITEMS = 200
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,59}$"
# One line: no control character at all. Free text: newlines and tabs are kept.
NAME_PATTERN = r"^[^\u0000-\u001f\u007f]*$"
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b-\u001f\u007f]*$"
_NAME_RE = re.compile(NAME_PATTERN)
_TEXT_RE = re.compile(TEXT_PATTERN)
_ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Amount:
    """A decimal kept at a fixed scale between two bounds, and how users read it."""

    what: str  # "hours" / "planned hours" / "budget" / "readiness score"
    low: Decimal
    high: Decimal
    scale: int
    low_inclusive: bool
    pattern: str
    money: bool = False

    def describe(self, value: Any) -> str:
        shown = _plain(value)
        return f"${shown}" if self.money else shown


SESSION_HOURS = Amount(
    "hours",
    Decimal(0),
    Decimal(24),
    2,
    False,
    r"^(?!0\.00$)(?:(?:1?[0-9]|2[0-3])\.[0-9]{2}|24\.00)$",
)
PLAN_HOURS = Amount(
    "planned hours",
    Decimal(0),
    Decimal(2000),
    2,
    False,
    r"^(?!0\.00$)(?:(?:[0-9]|[1-9][0-9]{1,2}|1[0-9]{3})\.[0-9]{2}|2000\.00)$",
)
MONEY = Amount(
    "budget",
    Decimal(0),
    Decimal(10_000_000),
    2,
    True,
    r"^(?:(?:0|[1-9][0-9]{0,6})\.[0-9]{2}|10000000\.00)$",
    money=True,
)
SCORE = Amount("readiness score", Decimal(0), Decimal(1), 4, True, r"^(?:0\.[0-9]{4}|1\.0000)$")
PARTICIPANTS = (1, 100_000)


def _plain(value: Any) -> str:
    """A number as people write it: 100, 1.5, 12000000 (never Decimal('1E+2'))."""
    if isinstance(value, Decimal) and value.is_finite():
        text = f"{value:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        whole, _, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        grouped = f"{int(whole.lstrip('-') or 0):,}"
        return sign + grouped + (f".{fraction}" if fraction else "")
    return str(value)


def amount(kind: Amount, value: Any, label: str) -> Decimal:
    """``value`` at the kind's scale, or a refusal in the user's words."""
    if value is None:
        raise InvalidValue(f"{label} must be given")
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        shown = f"text {value!r}" if isinstance(value, str) else repr(value)
        raise InvalidValue(f"{label} must be a plain number such as 4 or 1.5, got {shown}")
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidValue(f"{label} must be a plain number such as 4 or 1.5")
    too_low = number < kind.low if kind.low_inclusive else number <= kind.low
    if too_low or number > kind.high:
        if kind.money:
            raise InvalidValue(
                f"{label} must be between $0 and ${_plain(kind.high)}, got {kind.describe(number)}"
            )
        low = "at least" if kind.low_inclusive else "more than"
        each = " for one session" if kind is SESSION_HOURS else ""
        raise InvalidValue(
            f"{label} must be {low} {_plain(kind.low)} and at most {_plain(kind.high)}{each}, "
            f"got {kind.describe(number)}"
        )
    quantum = Decimal(1).scaleb(-kind.scale)
    fixed = number.quantize(quantum)
    if fixed != number:
        raise InvalidValue(
            f"{label} must have at most {kind.scale} decimals, got {kind.describe(number)}"
        )
    return fixed


def participants(value: Any, label: str = "participants") -> int:
    low, high = PARTICIPANTS
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = (
            f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else repr(value)
        )
        raise InvalidValue(f"{label} must be a whole number from 1 to 100,000, got {shown}")
    return value


def name(value: Any, label: str, *, required: bool = True) -> str:
    """One line of at most 200 characters (``required``: at least one)."""
    if not isinstance(value, str):
        raise InvalidValue(f"{label} must be text")
    text = value.strip()
    if not _NAME_RE.match(text) or len(text) > MAX_NAME:
        raise InvalidValue(
            f"{label} must be one line of at most {MAX_NAME} characters without control "
            f"characters (got {len(text):,} characters)"
        )
    if required and not text:
        raise InvalidValue(f"{label} must not be empty")
    return text


def text(value: Any, label: str) -> str:
    """Free text: at most 10,000 characters; newlines and tabs kept, ``\\r\\n`` -> ``\\n``."""
    if not isinstance(value, str):
        raise InvalidValue(f"{label} must be text")
    cleaned = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not _TEXT_RE.match(cleaned):
        raise InvalidValue(f"{label} must not contain control characters (newlines are fine)")
    if len(cleaned) > MAX_TEXT:
        raise InvalidValue(
            f"{label} must be at most {MAX_TEXT:,} characters (got {len(cleaned):,})"
        )
    return cleaned


def identifier(value: Any, label: str) -> str:
    if value == "":
        raise InvalidValue(f"{label} must not be empty")
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise InvalidValue(
            f"{label} {value!r} must be lower-case letters, digits and hyphens (at most 60)"
        )
    return value


def items(values: Any, label: str) -> list[Any]:
    if not isinstance(values, list | tuple):
        raise InvalidValue(f"{label} must be a list")
    if len(values) > MAX_ITEMS:
        raise InvalidValue(f"{label}: at most {MAX_ITEMS} (got {len(values):,})")
    return list(values)


# ------------------------------------------------------------------ the table
# Field kinds: "id", "name" (1-200, one line), "label" (0-200, one line), "text",
# "hours", "money", "participants", "score", "names"/"texts" (lists of those),
# "named_texts" (a map name -> text), "ratings" (a map name -> rating), "services" (plan lines),
# "value" (a measured value), "ids", "event_refs" (#N), "lesson_refs" (rN.k), "plan_goals",
# "horizon" (school years), "planning_group", "goal_results" (see ``MODEL_KINDS``),
# None: checked elsewhere (vocabularies, dates, versions, corrected fields).
FIELD_KINDS: dict[str, dict[str, str | None]] = {
    "EngagementOpened": {
        "slug": "id",
        "name": "name",
        "organisation": "name",
        "level": None,
        "entry_point": None,
        "lead_consultant": "name",
    },
    "EntryPointAdded": {
        "entry_point_id": "id",
        "kind": None,
        "note": "text",
        "framework_id": "name",
        "assessment_version": None,
        "planning_group": "planning_group",
        "planning_areas": None,
        "plan_owner": "name",
        "grant": "name",
        "granting_state": "name",
        "criteria": "texts",
        "plan_deadline": None,
        "request": "text",
        "mandate": "name",
        "deadline": None,
        "follow_up": "text",
    },
    "AnchorCommitted": {"anchor": None, "signatory": "name", "instrument": None, "note": "text"},
    "CommitmentWithdrawn": {"anchor": None, "signatory": "label", "reason": "text"},
    "NeedsDiagnosed": {
        "framework_id": "name",
        "framework_version": "name",
        "ratings": "ratings",
        "evidence": "named_texts",
        "assessors": "names",
        "readiness_score": "score",
        "readiness_label": "label",
        "greatest_areas_of_need": "names",
        "entry_point_id": "id",
        "assessment_version": None,
        "strengths": "names",
        "not_observed": "names",
        "recommended_services": "ids",
    },
    "DirectionSet": {
        "emphasis": None,
        "kind": None,
        "goals": "plan_goals",
        "services": "services",
        "gans_addressed": "names",
        "horizon": "horizon",
        "from_diagnosis": None,
    },
    "PlanChanged": {
        "reason": "text",
        "emphasis": None,
        "kind": None,
        "goals": "plan_goals",
        "services": "services",
        "gans_addressed": "names",
        "horizon": "horizon",
        "cites": "lesson_refs",
    },
    "TeamFormed": {
        "team_id": "id",
        "kind": None,
        "name": "name",
        "charge": "text",
        "cadence": "label",
        "school": "label",
        "parent_team_id": "id",
    },
    "TeamMemberJoined": {"team_id": None, "member": "name", "role": None, "title": "label"},
    "TeamMemberLeft": {"team_id": None, "member": "name", "reason": "text"},
    "TeamStageAdvanced": {"team_id": None, "stage": None, "reason": "text"},
    "SessionDelivered": {
        "delivery": None,
        "topic": "name",
        "hours": "hours",
        "participants": "participants",
        "consultant": "name",
        "service_id": "id",
        "team_id": None,
        "cohort": "id",
        "part": None,
        "follows": None,
        "purpose": None,
        "unplanned": "text",
        "beyond_plan": "text",
    },
    "ConsultantHandoff": {
        "from_consultant": "name",
        "to_consultant": "name",
        "content_area": "name",
        "overlap_until": None,
        "notes": "text",
    },
    "ResponsibilityTransferred": {
        "responsibility": "name",
        "team_id": None,
        "release_level": None,
        "holder": "name",
        "service_id": "id",
        "prepared_by": None,
    },
    "ReflectionRecorded": {
        "team_id": None,
        "process_outcomes": "text",
        "content_outcomes": "text",
        "communication": "text",
        "equitable_voice": "text",
        "psychological_safety": "text",
        "lessons_learned": "texts",
        "goals": "goal_results",
        "next_steps": "texts",
    },
    "OutcomeObserved": {
        "tier": None,
        "dimension": None,
        "evidence": "text",
        "impact": None,
        "measure": "name",
        "unit": "name",
        "baseline": "value",
        "target": "value",
        "observed": "value",
        "sessions": "event_refs",
        "teams": "ids",
        "services": "ids",
        "goals": "ids",
        "elements": "elements",
    },
    "TeamPrioritySet": {
        "team_id": None,
        "priority_id": "id",
        "kind": None,
        "text": "name",
        "within": "ids",
        "horizon": "horizon",
        "measure": "name",
        "unit": "name",
        "baseline": "value",
        "target": "value",
        "target_by": None,
        "elements": "elements",
    },
    "ProgressEvidenced": {
        "team_id": None,
        "priority_id": "id",
        "evidence": "text",
        "observed": "value",
        "sessions": "event_refs",
    },
    "SupportRequested": {"team_id": None, "priority_id": "id", "request": "text"},
    "EventCorrected": {
        "corrects_version": None,
        "corrects_type": None,
        "reason": "text",
        "corrected_fields": None,
    },
    "EngagementClosed": {"reason": "text", "without_reflection": "text"},
}


def check_fields(event_type: str, fields: dict[str, Any]) -> None:
    """Check and normalise (in place) every bounded field of an event (rules epoch 2)."""
    for field, kind in FIELD_KINDS[event_type].items():
        if kind is None or field not in fields or fields[field] is None:
            continue
        fields[field] = check_value(kind, fields[field], field)


def check_value(kind: str, value: Any, label: str) -> Any:
    """One value of a kind (see ``FIELD_KINDS``), normalised."""
    if kind == "id":
        return identifier(value, label)
    if kind == "name":
        return name(value, label)
    if kind == "label":
        return name(value, label, required=False)
    if kind == "text":
        return text(value, label)
    if kind == "hours":
        return amount(SESSION_HOURS, value, label)
    if kind == "money":
        return amount(MONEY, value, label)
    if kind == "score":
        return amount(SCORE, value, label)
    if kind == "participants":
        return participants(value, label)
    if kind == "names":
        return [name(item, f"{label} item") for item in items(value, label)]
    if kind == "texts":
        return [text(item, f"{label} item") for item in items(value, label)]
    if kind in ("named_texts", "ratings"):
        if not isinstance(value, dict):
            raise InvalidValue(f"{label} must be an object")
        if len(value) > MAX_ITEMS:
            raise InvalidValue(f"{label}: at most {MAX_ITEMS} (got {len(value):,})")
        out: dict[str, Any] = {}
        for key, item in value.items():
            key = name(key, f"{label} key")
            if kind == "named_texts":
                out[key] = text(item, f"{label}.{key}")
            elif isinstance(item, str):
                out[key] = name(item, f"{label}.{key}")
            else:
                out[key] = item
        return out
    if kind == "services":
        return [_plan_line(line) for line in items(value, label)]
    if kind in MODEL_KINDS:
        return MODEL_KINDS[kind](value, label)
    raise ValueError(f"no bounds for kind {kind!r}")  # pragma: no cover - a table typo


def _plan_line(line: Any) -> dict[str, Any]:
    if not isinstance(line, dict):
        raise InvalidValue("every planned service must be an object")
    sid = str(line.get("service_id") or "").strip()
    if not sid:
        raise InvalidValue("every planned service needs a service_id")
    identifier(sid, "service")
    budget = line.get("budget")
    note = line.get("price_note")
    return {
        **line,
        "service_id": sid,
        "name": name(line.get("name", ""), f"name of {sid}", required=False),
        "hours": amount(PLAN_HOURS, line.get("hours"), f"planned hours for {sid}"),
        # No budget: the catalogue publishes no price for it and none was agreed (epoch 3).
        "budget": None if budget is None else amount(MONEY, budget, f"budget for {sid}"),
        "price_note": None if note is None else text(note, f"price note for {sid}") or None,
        "cohorts": _cohorts(line.get("cohorts"), sid),
    }


COHORTS = (1, 100)


def _cohorts(value: Any, sid: str) -> int | None:
    """The groups a per-cohort price counts (the ledger bounds them at 100)."""
    low, high = COHORTS
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidValue(f"cohorts for {sid} must be a whole number from {low} to {high}")
    return value


# The CEC model's field kinds (rules epoch 3): kind -> checker, filled by
# ``domain.bounds_model`` when it is imported (``domain.rules`` imports it).
MODEL_KINDS: dict[str, Callable[[Any, str], Any]] = {}
