"""The diagnostic frameworks as plain values: what ``framework list``, ``framework show`` and
``diagnose --template`` print, so consultants find indicator ids and a scale's values without
starting a diagnosis.

Frameworks come from plugins (``cec_ledger.plugins``); this module only reads them. Shares
(readiness thresholds) are 0..1 numbers here; the CLI shows them in percent.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from cec_ledger.domain.errors import InvalidValue
from cec_ledger.plugins import Framework, get_framework, list_frameworks

TEMPLATE_FORMATS = ("csv", "json", "yaml")


def _scale(framework: Framework) -> dict[str, Any]:
    scale = framework.rating_scale
    if scale.kind == "ordinal":
        return {
            "kind": "ordinal",
            "values": [{"value": v, "label": scale.labels.get(v, v)} for v in scale.values],
            "allowed": scale.allowed(),
        }
    return {
        "kind": "numeric",
        "minimum": scale.minimum,
        "maximum": scale.maximum,
        "step": scale.step,
        "allowed": scale.allowed(),
    }


def _readiness(framework: Framework) -> list[dict[str, Any]]:
    """Each label with the score range it covers: from its threshold up to the next one."""
    thresholds = list(framework.readiness_labels)
    return [
        {
            "label": label,
            "from": threshold,
            "below": thresholds[n + 1][0] if n + 1 < len(thresholds) else None,
        }
        for n, (threshold, label) in enumerate(thresholds)
    ]


def _summary(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "name": framework.name,
        "version": framework.version,
        "plugin": framework.plugin,
        "indicators": len(framework.indicators),
        "groups": framework.groups,
        "scale": _scale(framework),
    }


def frameworks() -> list[dict[str, Any]]:
    """Every installed framework, by id: name, version, plugin, indicator count, groups,
    scale. Frameworks of plugins that failed to load are left out (``plugins`` says why)."""
    return [_summary(f) for f in list_frameworks()]


def framework(framework_id: str) -> dict[str, Any]:
    """One framework in full: its description, scale, readiness labels and every indicator
    (id, title, group, guidance, weight), in the framework's order. ``NotFound`` lists the
    known ids."""
    found = get_framework(framework_id)
    return {
        **_summary(found),
        "description": found.description,
        "readiness_labels": _readiness(found),
        "indicators": [
            {
                "id": i.id,
                "title": i.title,
                "group": i.group,
                "guidance": i.guidance,
                "weight": i.weight,
            }
            for i in found.indicators
        ],
    }


def template_format(requested: str | None, filename: str | None) -> str:
    """The template's format: as asked, else from the file's suffix, else CSV."""
    if requested:
        return requested
    if not filename:
        return "csv"
    suffix = {".yml": "yaml"}.get(Path(filename).suffix.lower(), Path(filename).suffix.lower()[1:])
    if suffix not in TEMPLATE_FORMATS:
        raise InvalidValue(
            f"{filename}: ratings files end in .csv, .json, .yaml or .yml (or give --format)"
        )
    return suffix


def ratings_template(framework_id: str, fmt: str = "csv") -> str:
    """A ratings file to fill in for ``diagnose --ratings``: every indicator of the framework
    with an empty rating and evidence, in a layout ``formats.ratings`` reads (CSV and YAML
    name each indicator and its group in comments; JSON carries the title beside the
    rating). Loading it unfilled fails, naming the first empty rating."""
    if fmt not in TEMPLATE_FORMATS:
        raise InvalidValue(f"unknown template format {fmt!r}; use csv, json or yaml")
    found = get_framework(framework_id)
    scale = found.rating_scale
    header = [
        f"{found.name} ({found.id}, version {found.version}): rate every indicator.",
        f"Ratings: {scale.describe()}.",
        "Evidence is optional. Then:",
        f"  cec-ledger diagnose ENGAGEMENT --framework {found.id} --ratings FILE --assessor NAME",
    ]
    if fmt == "json":
        # JSON has no comments: each indicator's title travels beside its rating.
        body = {
            i.id: {"title": i.title, "group": i.group, "rating": "", "evidence": ""}
            for i in found.indicators
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    lines = [f"# {line}" for line in header]
    group = None
    if fmt == "csv":
        # Lines starting with # are skipped by the reader: each row is titled above it.
        lines.append(_csv_row("indicator", "rating", "evidence"))
        for i in found.indicators:
            if i.group and i.group != group:
                group = i.group
                lines.append(f"# {group}")
            lines += [f"# {i.id}. {i.title}", _csv_row(i.id, "", "")]
        return "\n".join(lines) + "\n"
    # YAML: indicator -> {rating, evidence}, each titled in a comment.
    for i in found.indicators:
        if i.group and i.group != group:
            group = i.group
            lines += ["", f"# {group}"]
        lines += [f"{json.dumps(i.id)}:  # {i.title}", "  rating:", "  evidence:"]
    return "\n".join(lines) + "\n"


def _csv_row(*cells: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue().rstrip("\n")
