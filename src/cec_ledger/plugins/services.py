"""The service catalogue (the CEC services catalogue and the Theory of Action's Step 1
programmes), contributed by plugins through ``cec_ledger_register_services``.

A :class:`Service` says what the catalogue says about one entry and nothing more: its id and
name, its kind (CEC's targeted support or a Step 1 programme), its formats as written, the
structure of a series (its parts, their length and how many a cohort takes), participant
limit, prerequisites, price rule, personnel, objectives, and the sentence each published
figure comes from (``sources``). What the catalogue does not publish is None or empty.

Registrations in the shape before rules epoch 3 (``delivery``, ``budget``,
``hours_per_session``, ``pathway_step``...) are still accepted, with a DeprecationWarning,
and mapped (``plugins.services_legacy``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import NotFound
from cec_ledger.domain.plan_lines import (
    PRICE_RULE_KINDS,
    STEP1_PROGRAMME,
    TARGETED_SUPPORT,
    blocks,
    describe_rule,
    minimum_budget,
    money,
)
from cec_ledger.plugins.manager import Malformed, cached, collect, failure_hint
from cec_ledger.plugins.services_legacy import LEGACY_ORDER, amount, from_legacy, is_legacy

# What a catalogue entry is (Theory of Action: Step 5's "targeted support services", Step 1's
# "programs and services to enhance management-labor collaboration").
SERVICE_KINDS = (TARGETED_SUPPORT, STEP1_PROGRAMME)
SERVICE_KIND_LABELS = {
    TARGETED_SUPPORT: "Targeted support (the CEC services catalogue)",
    STEP1_PROGRAMME: "Step 1 programme (Theory of Action, Step 1)",
}


@dataclass(frozen=True)
class PriceRule:
    """How the catalogue prices a service: ``fixed_per_cohort`` (an ``amount`` for ``per``
    "the pair" or "the series", per cohort), ``block`` (from an ``amount`` per block of up to
    ``block_hours``) or ``not_published`` (``amount`` None)."""

    kind: str = "not_published"
    amount: Decimal | None = None
    block_hours: Decimal | None = None
    per: str | None = None

    def snapshot(self) -> dict[str, Any]:
        """The rule as a plan line stores it (``events.PriceRule``)."""
        return {
            "kind": self.kind,
            "amount": self.amount,
            "block_hours": self.block_hours,
            "per": self.per,
        }

    def minimum(self, hours: Decimal, cohorts: int | None = None) -> Decimal | None:
        """The published starting price of a plan line with these hours (and cohorts): a
        fixed price times the cohorts, a block price times the blocks the hours start;
        None where no price is published."""
        return minimum_budget({"hours": hours, "cohorts": cohorts, "price_rule": self.snapshot()})

    def blocks(self, hours: Decimal) -> int | None:
        """How many blocks ``hours`` start (block prices only)."""
        if self.kind != "block" or self.block_hours is None:
            return None
        return blocks(Decimal(hours), self.block_hours)

    def describe(self) -> str:
        """In words: "$2,500 for the pair", "from $2,500 per block of up to 8 hours"."""
        return describe_rule(self.snapshot())


NOT_PUBLISHED = PriceRule()


@dataclass(frozen=True)
class SeriesPart:
    """One part of a series: its token (``session_one``, ``full_day``...), the longest a
    session of it may be, and how many sessions of it a cohort takes."""

    part: str
    max_hours: Decimal
    count: int


@dataclass(frozen=True)
class SeriesStructure:
    """A service delivered as a series per cohort. ``alternatives``: the parts are formats a
    cohort chooses one of ("3 full days or 6 half day sessions"); otherwise a cohort takes
    every part in order (Session One, then Session Two)."""

    parts: tuple[SeriesPart, ...]
    alternatives: bool = False

    def part(self, token: str) -> SeriesPart | None:
        return next((p for p in self.parts if p.part == token), None)


@dataclass(frozen=True)
class Prerequisite:
    """``part`` is only available to those who completed ``requires`` in the same cohort
    (``scope="cohort"``). A registration of the older shape names a whole service
    (``part`` None, ``scope="service"``), recorded but not enforced."""

    part: str | None
    requires: str
    scope: str = "cohort"


@dataclass(frozen=True)
class Objectives:
    """A list of objectives (or functions) as the catalogue writes it, under its heading."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True, init=False)
class Service:
    """One catalogue entry, as published (None or empty where nothing is published).

    Build it with keywords: ``Service(id, name, kind=..., formats=(...), price_rule=...)``.
    The older signature (``Service(id, name, delivery, commitment, budget, ...)``) still
    works, with a DeprecationWarning (``plugins.services_legacy``).
    """

    id: str
    name: str
    kind: str = TARGETED_SUPPORT
    section: str = ""
    formats: tuple[str, ...] = ()
    commitment: str | None = None
    structure: SeriesStructure | None = None
    participant_limit: int | None = None
    prerequisites: tuple[Prerequisite, ...] = ()
    price_rule: PriceRule = NOT_PUBLISHED
    personnel: str | None = None
    serves: str | None = None
    objectives: tuple[Objectives, ...] = ()
    elements: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    plugin: str = ""

    def __init__(self, id: str, name: str, *legacy: Any, **given: Any) -> None:
        older = dict(zip(LEGACY_ORDER, legacy, strict=False))
        if older or is_legacy(given):
            values = legacy_values(id, name, {**given, **older})
        else:
            unknown = sorted(set(given) - SERVICE_KEYS)
            if unknown:
                raise TypeError(f"Service() got unexpected keyword arguments: {unknown}")
            values = {**_DEFAULTS, **given, "id": id, "name": name}
        for key, value in values.items():
            object.__setattr__(self, key, value)

    def source(self, what: str) -> str | None:
        """The catalogue sentence a figure comes from (``"price_rule"``, ``"session_length"``,
        ``"participant_limit"``...), or None."""
        return next((sentence for field, sentence in self.sources if field == what), None)


SERVICE_KEYS = frozenset(f.name for f in fields(Service))
_DEFAULTS = {f.name: f.default for f in fields(Service) if f.name not in ("id", "name")}


def coerce_service(plugin: str, value: Any) -> Service:
    """A registered service (dataclass or mapping, either shape) checked and stamped with
    its plugin."""
    if isinstance(value, Service):
        data: dict[str, Any] = {f.name: getattr(value, f.name) for f in fields(Service)}
    elif isinstance(value, Mapping):
        data = dict(value)
    else:
        raise Malformed(f"register() expects a Service or a mapping, got {type(value).__name__}")
    service_id = str(data.get("id") or "")
    if not service_id or not data.get("name"):
        raise Malformed(f"service {data!r} needs an id and a name")
    if is_legacy(data):
        data = from_legacy(plugin, data)
    if unknown := sorted(set(data) - SERVICE_KEYS):
        raise Malformed(f"service {service_id!r} has unknown keys: {', '.join(unknown)}")
    return _checked(plugin, service_id, data)


def _checked(plugin: str, service_id: str, data: dict[str, Any]) -> Service:
    def bad(message: str) -> Malformed:
        return Malformed(f"service {service_id!r}: {message}")

    kind = data.get("kind", TARGETED_SUPPORT)
    if kind not in SERVICE_KINDS:
        raise bad(f"kind {kind!r} is not one of {', '.join(SERVICE_KINDS)}")
    limit = data.get("participant_limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise bad("participant_limit must be a positive int")
    rule = _price_rule(data.get("price_rule") or NOT_PUBLISHED, service_id)
    structure = _structure(data.get("structure"), service_id)
    parts = {p.part for p in structure.parts} if structure else set()
    prerequisites = []
    for item in data.get("prerequisites") or ():
        prerequisite = item if isinstance(item, Prerequisite) else Prerequisite(**dict(item))
        if (
            prerequisite.scope == "cohort"
            and not {prerequisite.part, prerequisite.requires} <= parts
        ):
            raise bad(f"prerequisite {prerequisite} names a part the series does not have")
        prerequisites.append(prerequisite)
    elements = tuple(data.get("elements") or ())
    for element in elements:
        if element not in v.FRAMEWORK_ELEMENT.tokens:
            raise bad(f"element {element!r} is not a Framework for Change element")
    return Service(
        id=service_id,
        name=str(data["name"]),
        kind=kind,
        section=str(data.get("section") or ""),
        formats=_texts(data.get("formats"), "formats", service_id),
        commitment=_optional_text(data.get("commitment")),
        structure=structure,
        participant_limit=limit,
        prerequisites=tuple(prerequisites),
        price_rule=rule,
        personnel=_optional_text(data.get("personnel")),
        serves=_optional_text(data.get("serves")),
        objectives=tuple(
            o if isinstance(o, Objectives) else Objectives(str(o[0]), tuple(o[1]))
            for o in data.get("objectives") or ()
        ),
        elements=elements,
        sources=tuple((str(what), str(sentence)) for what, sentence in data.get("sources") or ()),
        plugin=plugin,
    )


def _texts(value: Any, what: str, service_id: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        raise Malformed(f"service {service_id!r}: {what} must be a list of texts")
    return tuple(str(item) for item in value)


def _optional_text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _price_rule(value: Any, service_id: str) -> PriceRule:
    data = value.snapshot() if isinstance(value, PriceRule) else dict(value)
    kind = data.get("kind")
    if kind not in PRICE_RULE_KINDS or kind == "unknown":
        raise Malformed(
            f"service {service_id!r}: price rule kind {kind!r} is not one of fixed_per_cohort, "
            "block, not_published"
        )
    rule = PriceRule(
        kind=kind,
        amount=amount(data.get("amount"), "price amount", service_id),
        block_hours=amount(data.get("block_hours"), "block hours", service_id),
        per=_optional_text(data.get("per")),
    )
    if (rule.amount is None) != (kind == "not_published"):
        raise Malformed(
            f"service {service_id!r}: a {kind} price rule needs an amount exactly "
            "when a price is published"
        )
    if (rule.block_hours is None) == (kind == "block") or (rule.block_hours == 0):
        raise Malformed(f"service {service_id!r}: block_hours belongs to a block price rule")
    return rule


def _structure(value: Any, service_id: str) -> SeriesStructure | None:
    if value is None:
        return None
    if isinstance(value, SeriesStructure):
        parts, alternatives = value.parts, value.alternatives
    else:
        data = dict(value)
        parts = tuple(
            p if isinstance(p, SeriesPart) else SeriesPart(**dict(p)) for p in data["parts"]
        )
        alternatives = bool(data.get("alternatives", False))
    checked = []
    for part in parts:
        if part.part not in v.SERIES_PART.tokens:
            raise Malformed(
                f"service {service_id!r}: part {part.part!r} is not one of "
                f"{', '.join(v.SERIES_PART.tokens)}"
            )
        hours = amount(part.max_hours, "max_hours", service_id)
        if hours is None or isinstance(part.count, bool) or part.count < 1:
            raise Malformed(f"service {service_id!r}: part {part.part!r} needs max_hours and count")
        checked.append(SeriesPart(part.part, hours, part.count))
    if not checked:
        raise Malformed(f"service {service_id!r}: a series structure needs parts")
    return SeriesStructure(tuple(checked), alternatives)


def legacy_values(service_id: str, name: str, given: dict[str, Any]) -> dict[str, Any]:
    """A ``Service`` built with the older signature: its v2 field values."""
    plugin = str(given.pop("plugin", "") or "")
    data = from_legacy(plugin or "a plugin", {"id": service_id, "name": name, **given})
    checked = _checked(plugin, service_id, data)
    return {f.name: getattr(checked, f.name) for f in fields(Service)}


def list_services() -> list[Service]:
    """Every registered service: targeted support first, then Step 1 programmes, each in
    registration order. Failing plugins are left out."""

    def build() -> list[Service]:
        found = collect(
            "cec_ledger_register_services", coerce_service, key=lambda s: s.id, what="service"
        )
        return sorted(found, key=lambda s: SERVICE_KINDS.index(s.kind))

    return cached("services", build)


def get_service(service_id: str) -> Service:
    """The service with this id; ``NotFound`` names the closest known ids."""
    services = list_services()
    for service in services:
        if service.id == service_id:
            return service
    raise NotFound(unknown_service(service_id, [s.id for s in services]) + failure_hint())


def dollars(amount: Decimal | int | str | None) -> str:
    """An amount as the catalogue writes it: "$2,500" ("—" for none)."""
    return money(amount)


def unknown_service(service_id: str, known: list[str]) -> str:
    """One line for an id the catalogue does not hold, naming the closest ids."""
    import difflib

    if not known:
        return f"{service_id!r} is not in the CEC services catalogue (no service plugin installed)"
    closest = difflib.get_close_matches(service_id, known, n=3, cutoff=0.6)
    hint = f"closest: {', '.join(closest)}" if closest else "see 'cec-ledger services list'"
    return f"{service_id!r} is not in the CEC services catalogue; {hint}"
