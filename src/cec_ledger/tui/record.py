"""The event detail as a record: labelled lines an auditor reads top to bottom.

First who and when (both dates, who recorded it, where it sits in the log), then what it
corrects or which corrections changed it, then the event's own fields, each with a label, a
vocabulary value with its label, lists one item a line. The raw JSON stays one key away in
the detail screen. No Textual import: the screen lays these rows out, tests read them.
"""

from __future__ import annotations

import contextlib
from typing import Any

from cec_ledger.domain.events import vocabulary_for
from cec_ledger.rendering.text import one_line

Rows = list[tuple[str, str]]


def field_label(name: str) -> str:
    """``team_id`` -> ``Team``, ``corrects_version`` -> ``Corrects version``."""
    words = name.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _value(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_inline(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "\n".join(f"• {_inline(item)}" for item in value)
    return str(value)


def _inline(value: Any) -> str:
    """A nested value on one line (a service of a plan, a rating's evidence)."""
    if isinstance(value, dict):
        return ", ".join(
            f"{key} {_inline(item)}" for key, item in value.items() if item is not None
        )
    if isinstance(value, list | tuple):
        return "; ".join(_inline(item) for item in value)
    return "-" if value is None else one_line(str(value))


def _with_vocabulary(event_type: str, name: str, value: Any) -> str:
    vocabulary = None
    # An event type this version does not know: show the value as stored.
    with contextlib.suppress(KeyError):
        vocabulary = vocabulary_for(event_type, name)
    if vocabulary is None or not isinstance(value, str) or not value:
        return _value(value)
    label = vocabulary.label(value)
    # "co-led" needs no "(co-led)" after "Co-led"; "board" does after "Board of education".
    same = label.lower().replace(" ", "-").replace("_", "-") == value.replace("_", "-")
    return label if same else f"{label} ({value})"


def _changes(fields: dict[str, Any], before: dict[str, Any] | None = None) -> str:
    before = before or {}
    return ", ".join(
        f"{name}: {_inline(before[name])} → {_inline(new)}" if name in before else
        f"{name}: {_inline(new)}"
        for name, new in fields.items()
    )  # fmt: skip


def record_sections(
    row: dict[str, Any], corrected_by: list[dict[str, Any]], *, follow_key: str = "r"
) -> list[tuple[str, Rows]]:
    """``[(section title, [(label, value)])]`` for one timeline row (an export line) and the
    corrections that changed it. ``follow_key`` is the key that jumps to a corrected event."""
    data: dict[str, Any] = row.get("data") or {}
    about: Rows = [
        ("Event", f"{row['engagement']}#{row['version']} · {row['type']}"),
        ("Occurred", str(row["occurred_on"])),
        ("Recorded", str(row["recorded_at"])),
        ("Recorded by", one_line(str(row["recorded_by"]))),
        ("Log position", str(row.get("position", "-"))),
        ("Id", str(row["id"])),
    ]
    links: Rows = []
    if row["type"] == "EventCorrected":
        links.append(
            (
                "Corrects",
                f"#{data['corrects_version']} {data['corrects_type']}  ({follow_key}: go there)",
            )
        )
    for correction in corrected_by:
        links.append(
            (
                "Corrected by",
                f"#{correction['version']} on {correction['on']}: "
                f"{one_line(str(correction['reason']))} — "
                f"{_changes(correction['corrected_fields'], data)}",
            )
        )
    corrected = {
        name: correction["version"]
        for correction in corrected_by
        for name in correction["corrected_fields"]
    }
    latest = {
        name: value
        for correction in corrected_by
        for name, value in correction["corrected_fields"].items()
    }
    fields: Rows = []
    for name, value in data.items():
        shown = _with_vocabulary(row["type"], name, value)
        if name in corrected:
            shown += f"\n✎ corrected to {_inline(latest[name])} by #{corrected[name]}"
        fields.append((field_label(name), shown))
    sections = [("", about)]
    if links:
        sections.append(("Corrections", links))
    sections.append(("Fields", fields or [("", "(none)")]))
    return sections


def record_text(sections: list[tuple[str, Rows]]) -> str:
    """The record as plain text (labels padded to one column): for tests and copies."""
    width = max((len(label) for _, rows in sections for label, _ in rows), default=0)
    lines: list[str] = []
    for title, rows in sections:
        if title:
            lines += ["", title]
        for label, value in rows:
            first, *rest = value.split("\n")
            lines.append(f"{label:<{width}}  {first}")
            lines += [f"{'':<{width}}  {more}" for more in rest]
    return "\n".join(lines)
