"""Reading a diagnosis's ratings (and evidence) from a JSON, YAML or CSV file.

Shapes accepted (JSON and YAML alike)::

    {"A": "developing", "B": "initiating"}
    {"ratings": {"A": "developing"}, "evidence": {"A": "unit plans sampled in 4 schools"}}
    {"A": {"rating": "developing", "evidence": "unit plans sampled in 4 schools"}}

CSV has a header ``indicator,rating`` and optionally ``evidence``. Numbers stay ints
(Baldrige item scores), and whether a rating is on the scale is the framework's business:
this module checks only the file's shape. Every problem is one line naming the file and,
where it can be found, the line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from cec_ledger.domain.errors import InvalidValue

Rating = str | int


def load_ratings(path: str | Path) -> tuple[dict[str, Rating], dict[str, str]]:
    """``(ratings, evidence)`` from ``path``; raises ``InvalidValue`` for a bad file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml", ".csv"):
        raise InvalidValue(f"{path}: ratings files must end in .json, .yaml, .yml or .csv")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidValue(f"{path}: no such ratings file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(f"{path}: cannot read ratings file: {error}") from None
    if suffix == ".csv":
        ratings, evidence = _from_csv(path, text)
    else:
        data = _parse_json(path, text) if suffix == ".json" else _parse_yaml(path, text)
        ratings, evidence = _from_mapping(path, text, data)
    if not ratings:
        raise InvalidValue(f"{path}: no ratings found")
    return ratings, evidence


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidValue(f"{path}, line {error.lineno}: not valid JSON: {error.msg}") from None


def _parse_yaml(path: Path, text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InvalidValue(f"{path}{where}: not valid YAML: {problem}") from None


def _line_of(text: str, key: str) -> str:
    """Where ``key`` first appears as a key, as ``, line N`` (empty if not found)."""
    pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*:|["']{re.escape(key)}["']\s*:""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return f", line {number}"
    return ""


def _rating(path: Path, where: str, indicator: str, value: Any) -> Rating:
    # bool is an int subclass, and YAML turns yes/no/on/off into booleans: refuse them.
    if isinstance(value, bool) or value is None:
        raise InvalidValue(
            f"{path}{where}: rating for {indicator!r} must be a scale value or a"
            f" whole number, got {value!r}"
        )
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidValue(
                f"{path}{where}: rating for {indicator!r} must be a whole number, got {value!r}"
            )
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise InvalidValue(f"{path}{where}: rating for {indicator!r} is empty")
        return int(text) if re.fullmatch(r"-?\d+", text) else text
    raise InvalidValue(
        f"{path}{where}: rating for {indicator!r} must be a scale value or a "
        f"whole number, got {type(value).__name__}"
    )


def _from_mapping(path: Path, text: str, data: Any) -> tuple[dict[str, Rating], dict[str, str]]:
    if not isinstance(data, dict):
        raise InvalidValue(
            f"{path}: expected an object of indicator -> rating, or "
            f"{{'ratings': ..., 'evidence': ...}}, got {type(data).__name__}"
        )
    evidence_data: Any = {}
    if "ratings" in data and isinstance(data["ratings"], dict):
        if unknown := sorted(set(data) - {"ratings", "evidence"}):
            raise InvalidValue(
                f"{path}{_line_of(text, str(unknown[0]))}: unexpected key "
                f"{unknown[0]!r} beside 'ratings' and 'evidence'"
            )
        evidence_data = data.get("evidence") or {}
        data = data["ratings"]
        if not isinstance(evidence_data, dict):
            raise InvalidValue(
                f"{path}{_line_of(text, 'evidence')}: 'evidence' must be an "
                "object of indicator -> text"
            )
    ratings: dict[str, Rating] = {}
    evidence: dict[str, str] = {}
    for raw_key, value in data.items():
        indicator = str(raw_key).strip()
        where = _line_of(text, str(raw_key))
        if isinstance(value, dict):
            if "rating" not in value:
                raise InvalidValue(f"{path}{where}: indicator {indicator!r} needs a 'rating'")
            if value.get("evidence"):
                evidence[indicator] = str(value["evidence"]).strip()
            value = value["rating"]
        ratings[indicator] = _rating(path, where, indicator, value)
    for raw_key, note in evidence_data.items():
        indicator = str(raw_key).strip()
        if indicator not in ratings:
            raise InvalidValue(
                f"{path}{_line_of(text, str(raw_key))}: evidence for "
                f"{indicator!r}, which has no rating"
            )
        if note is not None and str(note).strip():
            evidence[indicator] = str(note).strip()
    return ratings, evidence


def _from_csv(path: Path, text: str) -> tuple[dict[str, Rating], dict[str, str]]:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    ratings: dict[str, Rating] = {}
    evidence: dict[str, str] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                if header[:2] != ["indicator", "rating"] or header[2:] not in ([], ["evidence"]):
                    raise InvalidValue(
                        f"{path}, line {line}: the header must be "
                        f"'indicator,rating' or 'indicator,rating,evidence', got "
                        f"{','.join(row)!r}"
                    )
                continue
            if len(row) > len(header):
                raise InvalidValue(
                    f"{path}, line {line}: {len(row)} columns, the header has "
                    f"{len(header)} (quote values that contain commas)"
                )
            cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
            indicator = cells[0]
            if not indicator:
                raise InvalidValue(f"{path}, line {line}: no indicator")
            if indicator in ratings:
                raise InvalidValue(f"{path}, line {line}: indicator {indicator!r} is rated twice")
            ratings[indicator] = _rating(path, f", line {line}", indicator, cells[1])
            if len(cells) > 2 and cells[2]:
                evidence[indicator] = cells[2]
    except csv.Error as error:
        raise InvalidValue(f"{path}, line {reader.line_num}: not valid CSV: {error}") from None
    if header is None:
        raise InvalidValue(f"{path}: empty file; expected a header 'indicator,rating'")
    return ratings, evidence
