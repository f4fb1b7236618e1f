"""``cec-ledger plugin new``: write a working plugin package to start from.

The package has a ``pyproject.toml`` with the entry point, a module with one hook of each
kind (a framework, a rule through ``cec_ledger_validate_event``, a report section), a README
and tests using the ``cec_ledger.plugins.testing`` fixtures. Its tests pass as written (a
slow test creates one, installs it and runs them). The templates below are plain text with
``__NAME__``-style placeholders, so they read as the files they become.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cec_ledger.domain.errors import InvalidValue

PREFIX = "cec-ledger-"
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PluginNames:
    """The names one plugin package uses, from the name given to ``plugin new``."""

    distribution: str  # cec-ledger-danielson: the distribution and the plugin's name
    module: str  # cec_ledger_danielson
    framework_id: str  # danielson
    title: str  # Danielson


def plugin_names(name: str) -> PluginNames:
    """``danielson`` or ``cec-ledger-danielson`` -> the names of the package's parts."""
    wanted = name.strip().lower().replace("_", "-")
    short = wanted.removeprefix(PREFIX)
    if not short or not _NAME.match(short):
        raise InvalidValue(
            f"plugin name {name!r} must be lowercase letters, digits and hyphens, starting "
            "with a letter (for example 'danielson' or 'cec-ledger-danielson')"
        )
    distribution = PREFIX + short
    return PluginNames(
        distribution=distribution,
        module=distribution.replace("-", "_"),
        framework_id=short,
        title=" ".join(part.capitalize() for part in short.split("-")),
    )


def write_plugin(name: str, directory: str | Path = ".") -> tuple[PluginNames, list[Path]]:
    """Write the package for plugin ``name`` into ``directory/<distribution>``.

    Refuses (``InvalidValue``) a bad name or a folder that already exists; returns the names
    and the files written, in order.
    """
    names = plugin_names(name)
    root = Path(directory) / names.distribution
    if root.exists():
        raise InvalidValue(f"{root} already exists; choose another name or --dir")
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"src/{names.module}/__init__.py": MODULE,
        f"tests/test_{names.module}.py": TESTS,
    }
    written = []
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fill(template, names), encoding="utf-8")
        written.append(path)
    return names, written


def fill(template: str, names: PluginNames) -> str:
    return (
        template.replace("__DISTRIBUTION__", names.distribution)
        .replace("__MODULE__", names.module)
        .replace("__FRAMEWORK_ID__", names.framework_id)
        .replace("__TITLE__", names.title)
    )


PYPROJECT = """\
[build-system]
requires = ["setuptools>=64", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "__DISTRIBUTION__"
version = "0.1.0"
description = "The __TITLE__ framework for cec-ledger"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["cec-ledger"]

[project.optional-dependencies]
test = ["pytest>=8.0"]

# The plugin's name (what `cec-ledger plugins` shows and CEC_LEDGER_DISABLE_PLUGINS matches)
# and the module holding its hooks.
[project.entry-points.cec_ledger]
__DISTRIBUTION__ = "__MODULE__"

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "--strict-markers"
"""

README = """\
# __DISTRIBUTION__

A [cec-ledger](https://pypi.org/project/cec-ledger/) plugin, written by
`cec-ledger plugin new`. It implements one hook of each kind:

* `cec_ledger_register_frameworks`: framework `__FRAMEWORK_ID__` (three example indicators
  in two groups, a three-level scale, a "not observed" answer and a short version);
* `cec_ledger_validate_event`: a rating at the top of the scale needs evidence;
* `cec_ledger_report_sections`: the latest `__FRAMEWORK_ID__` diagnosis in
  `cec-ledger report`.

Replace the examples with your own (cec-ledger's docs/plugins.md explains every hook and
option) and keep the tests in step.

```console
pip install -e ".[test]"     # the plugin, and pytest for its tests
pytest                       # its tests (fixtures from cec_ledger.plugins.testing)
cec-ledger plugins           # lists __DISTRIBUTION__
cec-ledger diagnose ENGAGEMENT --framework __FRAMEWORK_ID__ --ratings ratings.csv --assessor NAME
```
"""

MODULE = '''\
"""__TITLE__: a cec-ledger plugin (written by `cec-ledger plugin new`).

One hook of each kind: a framework, a rule and a report section. Replace the example
indicators, scale, rule and section with your own, and keep the tests in step.
"""

from cec_ledger.plugins import (
    Framework,
    Indicator,
    RatingScale,
    RuleViolation,
    hookimpl,
)

FRAMEWORK = Framework(
    id="__FRAMEWORK_ID__",
    name="__TITLE__",
    version="0.1",
    description="What the __TITLE__ framework assesses, and where it comes from.",
    indicators=(
        Indicator(
            id="A", title="First practice", group="First group", guidance="Look for..."
        ),
        Indicator(id="B", title="Second practice", group="First group"),
        Indicator(id="C", title="Third practice", group="Second group"),
    ),
    rating_scale=RatingScale.ordinal(
        [
            ("beginning", "Beginning"),
            ("developing", "Developing"),
            ("established", "Established"),
        ]
    ),
    # A group's (or an indicator's) needs -> ids of the CEC services catalogue.
    service_map={
        "First group": ("leadership-development",),
        "Second group": ("dlt-slt-plc-integration",),
    },
    not_observed=True,  # assessors may answer "not observed" (or "n/o")
    short_version=(
        "A",
        "C",
    ),  # a quicker assessment: validate_ratings(..., version="short")
)


@hookimpl
def cec_ledger_register_frameworks(register):
    register(FRAMEWORK)


@hookimpl
def cec_ledger_validate_event(event_type, fields):
    # A hook may take any subset of its arguments (event_type, fields, engagement, ...).
    if event_type != "NeedsDiagnosed" or fields.get("framework_id") != FRAMEWORK.id:
        return
    top = FRAMEWORK.rating_scale.values[-1]
    evidence = fields.get("evidence") or {}
    ratings = fields.get("ratings") or {}
    unsupported = [
        i for i, rating in ratings.items() if rating == top and not evidence.get(i)
    ]
    if unsupported:
        listed = ", ".join(unsupported)
        raise RuleViolation(
            f"a {FRAMEWORK.id} rating of {top!r} needs evidence: {listed}"
        )


@hookimpl
def cec_ledger_report_sections(engagement, register):
    diagnoses = engagement.get("diagnoses") or ()
    diagnoses = [d for d in diagnoses if d["framework_id"] == FRAMEWORK.id]
    if not diagnoses:
        return
    latest = diagnoses[-1]
    needs = ", ".join(latest["greatest_areas_of_need"]) or "none"
    readiness = latest["readiness_label"]
    register(
        FRAMEWORK.name,
        f"Latest diagnosis ({latest['occurred_on']}): readiness {readiness}; "
        f"greatest areas of need: {needs}.",
    )
'''

TESTS = '''\
"""Tests of __DISTRIBUTION__.

The fixtures (plugin_manager, temporary_ledger, the cec_ledger_plugins marker) come
from cec_ledger.plugins.testing, which pytest loads by itself.
"""

import pytest
from cec_ledger.plugins import (
    RuleViolation,
    get_framework,
    plugin_info,
    plugin_sections,
    validate_event,
)

import __MODULE__


@pytest.fixture
def cec_ledger_plugins():
    # What the plugin_manager fixture registers (installed plugins are not loaded).
    return [__MODULE__]


def test_registered(plugin_manager):
    framework = get_framework("__FRAMEWORK_ID__")
    assert [i.id for i in framework.indicators] == ["A", "B", "C"]
    [row] = plugin_info()
    assert (row["status"], row["frameworks"]) == ("ok", ["__FRAMEWORK_ID__"])


def test_needs_and_services(plugin_manager):
    framework = get_framework("__FRAMEWORK_ID__")
    ratings = framework.validate_ratings(
        {"A": "Developing", "B": "established", "C": "n/o"}
    )
    assert ratings == {"A": "developing", "B": "established", "C": "not_observed"}
    assert framework.greatest_areas_of_need(ratings) == ["A"]
    assert framework.recommended_services(["A"]) == ["leadership-development"]
    assert framework.validate_ratings(
        {"A": "beginning", "C": "beginning"}, version="short"
    )


def test_rule(plugin_manager):
    fields = {"framework_id": "__FRAMEWORK_ID__", "ratings": {"A": "established"}}
    with pytest.raises(RuleViolation, match="needs evidence: A"):
        validate_event("NeedsDiagnosed", fields, {"slug": "maple-ridge"})
    fields["evidence"] = {"A": "seen in every school"}
    validate_event("NeedsDiagnosed", fields, {"slug": "maple-ridge"})


def test_report_section(plugin_manager):
    diagnosis = {
        "framework_id": "__FRAMEWORK_ID__",
        "occurred_on": "2025-10-01",
        "readiness_label": "Emerging",
        "greatest_areas_of_need": ["A"],
    }
    [(title, [body])] = plugin_sections(
        {"slug": "maple-ridge", "diagnoses": [diagnosis]}
    )
    assert title == "__TITLE__"
    assert "greatest areas of need: A." in body


@pytest.mark.cec_ledger_plugins(__MODULE__)
def test_in_a_ledger(plugin_manager, temporary_ledger):
    ledger = temporary_ledger  # a fresh SQLite ledger, recording as actor "test"
    ledger.open_engagement(
        slug="maple-ridge",
        name="Maple Ridge",
        organisation="Maple Ridge CUSD 7",
        level="district",
        entry_point="system_assessment",
        lead_consultant="J. Okafor",
        occurred_on="2025-08-15",
    )
    ratings = {"A": "established", "B": "developing", "C": "beginning"}
    with pytest.raises(RuleViolation, match="needs evidence: A"):
        ledger.diagnose(
            "maple-ridge",
            framework_id="__FRAMEWORK_ID__",
            ratings=ratings,
            assessors=["J. Okafor"],
            occurred_on="2025-10-01",
        )
    ledger.diagnose(
        "maple-ridge",
        framework_id="__FRAMEWORK_ID__",
        ratings=ratings,
        evidence={"A": "seen in every school"},
        assessors=["J. Okafor"],
        occurred_on="2025-10-01",
    )
'''
