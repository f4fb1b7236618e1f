"""Where ``check`` takes its thresholds, severities and default set from.

Three places, each setting looked up in this order (the first that has it wins):

1. ``cec-ledger.toml`` beside an SQLite ledger (``/data/ledger.db`` ->
   ``/data/cec-ledger.toml``), in a ``[check]`` table::

       [check]
       default = ["chain", "schema", "transformation-without-we"]   # the default set

       [check.team-stalled]
       months = 4

       [check.price-rules]
       severity = "warning"

2. the ledger's settings table ``cec_ledger_settings``, one row per setting, named as the
   file's keys are (``check.default`` = ``chain,schema,...``, ``check.team-stalled.months`` =
   ``4``, ``check.price-rules.severity`` = ``warning``): a PostgreSQL ledger has no "beside",
   and the table travels with the ledger to every user of it. ``cec-ledger check --set
   team-stalled.months=4`` writes a row;
3. the check's own default.

The file wins over the table because it is what the person running ``check`` can see and
change next to the ledger (an auditor with a read-only copy cannot write the table).
Unknown checks, unknown settings and values that are not positive whole numbers are refused
with one line, wherever they are written.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cec_ledger.checks.model import SEVERITIES, Check
from cec_ledger.domain.errors import InvalidValue, ReadOnlyLedger
from cec_ledger.storage.settings import write_settings

FILE_NAME = "cec-ledger.toml"
TABLE_PREFIX = "check."


@dataclass
class CheckSettings:
    """The effective settings: the default set, severities and thresholds, with where each
    came from (``file``, ``table`` or ``default``)."""

    default: list[str]
    severity: dict[str, str]
    thresholds: dict[str, dict[str, int]]
    sources: dict[str, str] = field(default_factory=dict)
    file: Path | None = None

    def for_check(self, name: str) -> dict[str, int]:
        return dict(self.thresholds.get(name, {}))

    def rows(self) -> list[dict[str, Any]]:
        """Every setting with its value and source: what ``check --settings`` prints."""
        rows = [
            {
                "setting": "default",
                "value": ", ".join(self.default),
                "source": self.sources.get("default", "default"),
            }
        ]
        for name in sorted(self.severity):
            rows.append(
                {
                    "setting": f"{name}.severity",
                    "value": self.severity[name],
                    "source": self.sources.get(f"{name}.severity", "default"),
                }
            )
        for name in sorted(self.thresholds):
            for key, value in sorted(self.thresholds[name].items()):
                rows.append(
                    {
                        "setting": f"{name}.{key}",
                        "value": value,
                        "source": self.sources.get(f"{name}.{key}", "default"),
                    }
                )
        return rows


def settings_file(location: Any) -> Path | None:
    """``cec-ledger.toml`` beside an SQLite ledger; None for PostgreSQL."""
    path = getattr(location, "path", None)
    if getattr(location, "backend", None) != "sqlite" or path is None:
        return None
    return Path(path).with_name(FILE_NAME)


def read_file(path: Path | None) -> dict[str, Any]:
    """The ``[check]`` table of the file as flat settings (``team-stalled.months``: 4)."""
    if path is None or not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(f"cannot read {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidValue(f"{path} is not valid TOML: {error}") from None
    table = data.get("check", {})
    if not isinstance(table, dict):
        raise InvalidValue(f"{path}: [check] must be a table")
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            for inner, setting in value.items():
                flat[f"{key}.{inner}"] = setting
        else:
            flat[key] = value
    return flat


def read_table(stored: Mapping[str, str]) -> dict[str, Any]:
    """The ``check.*`` rows of the ledger's settings table, without the prefix."""
    flat: dict[str, Any] = {}
    for name, value in stored.items():
        if name.startswith(TABLE_PREFIX):
            key = name[len(TABLE_PREFIX) :]
            flat[key] = (
                [v.strip() for v in value.split(",") if v.strip()] if key == "default" else value
            )
    return flat


def resolve(
    checks: Mapping[str, Check],
    from_file: Mapping[str, Any],
    from_table: Mapping[str, Any],
    *,
    file: Path | None = None,
) -> CheckSettings:
    """The effective settings of ``checks`` (file over table over defaults)."""
    settings = CheckSettings(
        default=[name for name, c in checks.items() if c.default],
        severity={name: c.severity for name, c in checks.items()},
        thresholds={name: dict(c.thresholds) for name, c in checks.items() if c.thresholds},
        file=file,
    )
    for source, values, where in (
        ("table", from_table, "the ledger's settings table"),
        ("file", from_file, str(file)),
    ):
        for key, value in values.items():
            _apply(settings, checks, key, value, where)
            settings.sources[key] = source
    return settings


def _apply(
    settings: CheckSettings, checks: Mapping[str, Check], key: str, value: Any, where: str
) -> None:
    if key == "default":
        names = value if isinstance(value, list) else None
        if names is None or not all(isinstance(n, str) for n in names):
            raise InvalidValue(f"{where}: check default must be a list of check names")
        for name in names:
            known(checks, name, where)
        settings.default = list(names)
        return
    name, _, setting = key.rpartition(".")
    if not name:
        raise InvalidValue(
            f"{where}: unknown check setting {key!r} (settings: default, CHECK.severity, "
            "CHECK.THRESHOLD)"
        )
    check = known(checks, name, where)
    if setting == "severity":
        if value not in SEVERITIES:
            raise InvalidValue(f"{where}: {key} must be error or warning, got {value!r}")
        settings.severity[name] = value
        return
    if setting not in check.thresholds:
        have = ", ".join(f"{name}.{t}" for t in check.thresholds) or "none but severity"
        raise InvalidValue(f"{where}: {name} has no setting {setting!r} (it has {have})")
    number = _positive(value)
    if number is None:
        raise InvalidValue(f"{where}: {key} must be a whole number above 0, got {value!r}")
    settings.thresholds[name][setting] = number


def _positive(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value > 0 else None


def known(checks: Mapping[str, Check], name: str, where: str = "") -> Check:
    """The check called ``name``, or a one-line refusal naming the closest ones."""
    if name in checks:
        return checks[name]
    close = difflib.get_close_matches(name, list(checks), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (see 'cec-ledger check --list')"
    prefix = f"{where}: " if where else ""
    raise InvalidValue(f"{prefix}unknown check {name!r}{hint}")


def table_rows(checks: Mapping[str, Check], assignments: list[str]) -> dict[str, str]:
    """``--set NAME=VALUE`` as rows of the settings table, each checked as a setting."""
    rows: dict[str, str] = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise InvalidValue(f"--set takes SETTING=VALUE, got {assignment!r}")
        parsed: Any = (
            [v.strip() for v in value.split(",") if v.strip()] if key == "default" else value
        )
        probe = resolve(checks, {}, {})
        _apply(probe, checks, key, parsed, "--set")
        rows[TABLE_PREFIX + key] = ",".join(parsed) if key == "default" else value
    return rows


def store(ledger: Any, checks: Mapping[str, Check], assignments: list[str]) -> dict[str, str]:
    """Write ``--set`` settings into the ledger's settings table (refused read-only)."""
    if ledger.read_only:
        raise ReadOnlyLedger(
            "check --set writes the ledger's settings; open it without --read-only"
        )
    rows = table_rows(checks, assignments)
    write_settings(ledger.app.factory, rows)
    ledger.app.reload_settings()
    return rows
