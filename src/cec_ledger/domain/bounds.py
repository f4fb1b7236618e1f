"""Bounds on numbers and text (rules epoch 2): one table, read by the rules and the schemas.

Every field of every event class has a *kind* here: an id, a one-line name, free text, hours,
money, a head count... Each kind says what the ledger accepts (and how it is normalised:
decimals to a fixed scale in plain notation, ``\\r\\n`` to ``\\n``) in words a consultant
reads ("hours must be more than 0 and at most 24 for one session, got 40"), and as a JSON
Schema fragment (``formats.schema`` publishes it). A test checks, value by value, that the
rule and the schema fragment agree.

Events recorded under rules epoch 1 were not held to these bounds; they keep their stored
form and are never re-judged (see docs/events.md, "Rules change, history stays").
"""

from __future__ import annotations

import re
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
    },
    "DirectionSet": {
        "emphasis": None,
        "kind": None,
        "goals": "names",
        "services": "services",
        "gans_addressed": "names",
    },
    "PlanChanged": {
        "reason": "text",
        "emphasis": None,
        "kind": None,
        "goals": "names",
        "services": "services",
        "gans_addressed": "names",
    },
    "TeamFormed": {
        "team_id": "id",
        "kind": None,
        "name": "name",
        "charge": "text",
        "cadence": "label",
        "school": "label",
    },
    "TeamMemberJoined": {"team_id": None, "member": "name", "role": "name", "represents": "label"},
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
    },
    "ReflectionRecorded": {
        "team_id": None,
        "process_outcomes": "text",
        "content_outcomes": "text",
        "communication": "text",
        "equitable_voice": "text",
        "psychological_safety": "text",
        "lessons_learned": "texts",
    },
    "OutcomeObserved": {"tier": None, "dimension": None, "evidence": "text", "impact": None},
    "EventCorrected": {
        "corrects_version": None,
        "corrects_type": None,
        "reason": "text",
        "corrected_fields": None,
    },
    "EngagementClosed": {"reason": "text"},
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
    raise ValueError(f"no bounds for kind {kind!r}")  # pragma: no cover - a table typo


def _plan_line(line: Any) -> dict[str, Any]:
    if not isinstance(line, dict):
        raise InvalidValue("every planned service must be an object")
    sid = str(line.get("service_id") or "").strip()
    if not sid:
        raise InvalidValue("every planned service needs a service_id")
    identifier(sid, "service")
    return {
        "service_id": sid,
        "name": name(line.get("name", ""), f"name of {sid}", required=False),
        "hours": amount(PLAN_HOURS, line.get("hours"), f"planned hours for {sid}"),
        "budget": amount(MONEY, line.get("budget"), f"budget for {sid}"),
    }
