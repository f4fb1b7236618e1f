"""Diagnostic frameworks (Pathway step 2), contributed by plugins.

A framework is a set of indicators rated on a scale. From a complete set of ratings it gives
the *readiness baseline* (where the district's journey starts), the *greatest areas of need*
(GANs) and the services recommended for them. Plugins describe those rules declaratively
(weights, thresholds, a group -> services map) or as callables; the defaults here cover
most frameworks, so a plugin usually needs only data.

A framework may also declare that a diagnosis need not rate every indicator
(``allow_partial``), a *short version* (a subset of indicators for a quicker assessment,
``validate_ratings(..., version="short")``) and a "not observed" answer (``not_observed``):
an indicator rated ``not_observed`` was looked at but could not be judged. Not-observed and
unrated indicators count for neither readiness nor the greatest areas of need.

Over 400 lines because ``Framework`` is public API: its scoring, short version and
not-observed answer, documented method by method for plugin authors, stay in one class.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cec_ledger.domain.errors import DomainError, InvalidValue, NotFound, PluginError
from cec_ledger.plugins.manager import Malformed, cached, collect, failure_hint

Rating = str | int
Ratings = Mapping[str, Rating]

# The "not observed" answer, as stored in a diagnosis's ratings (frameworks that offer it).
NOT_OBSERVED = "not_observed"
# What users may type for it (compared after _key(): case, spaces and hyphens ignored).
_NOT_OBSERVED_SPELLINGS = frozenset({"not_observed", "n/o", "unobserved"})
VERSIONS = ("full", "short")

# The Theory of Action's continuum runs "from organizationally broken to very accomplished".
DEFAULT_READINESS_LABELS: tuple[tuple[float, str], ...] = (
    (0.0, "Foundational"),
    (0.25, "Emerging"),
    (0.5, "Developing"),
    (0.75, "Accomplished"),
)


def _key(text: str) -> str:
    return "_".join(str(text).strip().lower().replace("-", " ").split())


@dataclass(frozen=True)
class Indicator:
    """One rated practice; ``weight`` scales its gap (Baldrige item points)."""

    id: str
    title: str
    group: str = ""
    guidance: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class RatingScale:
    """Ordered named values (``values`` with ``labels``), or numbers min..max in steps."""

    values: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None
    step: int = 1

    @classmethod
    def ordinal(cls, pairs: Iterable[tuple[str, str]]) -> RatingScale:
        """Named values from ``(value, label)`` pairs, lowest first."""
        pairs = list(pairs)
        return cls(values=tuple(v for v, _ in pairs), labels=dict(pairs))

    @classmethod
    def numeric(cls, minimum: int, maximum: int, step: int = 1) -> RatingScale:
        """Whole numbers from ``minimum`` to ``maximum`` in steps of ``step``."""
        return cls(minimum=minimum, maximum=maximum, step=step)

    @property
    def kind(self) -> str:
        """``"ordinal"`` (named values) or ``"numeric"``."""
        return "ordinal" if self.values else "numeric"

    def allowed(self) -> str:
        """The allowed values in words, for error messages and prompts."""
        if self.values:
            return ", ".join(self.values)
        return f"whole numbers {self.minimum} to {self.maximum} in steps of {self.step}"

    def describe(self) -> str:
        """The scale for people: ``value (label) < ...`` or the numeric range."""
        if self.values:
            return " < ".join(f"{v} ({self.labels.get(v, v)})" for v in self.values)
        return self.allowed()

    def normalise(self, value: Any) -> Rating | None:
        """The canonical form of ``value`` (value id or int), or None if off the scale."""
        if isinstance(value, bool) or value is None:
            return None
        if self.values:
            wanted = _key(str(value))
            for v in self.values:
                if wanted in (_key(v), _key(self.labels.get(v, v))):
                    return v
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"-?\d+(\.0*)?", value.strip()):
            value = int(float(value.strip()))  # "45" and "45.0" from spreadsheets
        if not isinstance(value, int):
            return None
        assert self.minimum is not None and self.maximum is not None
        if not self.minimum <= value <= self.maximum or (value - self.minimum) % self.step:
            return None
        return value

    def ordinal_of(self, value: Rating) -> int:
        """Index for ordinal scales, the number itself for numeric ones (for deltas)."""
        return self.values.index(str(value)) if self.values else int(value)

    def position(self, value: Rating) -> float:
        """Where ``value`` sits on the scale, 0 (lowest) to 1 (highest)."""
        if self.values:
            return self.values.index(str(value)) / max(1, len(self.values) - 1)
        assert self.minimum is not None and self.maximum is not None
        return (int(value) - self.minimum) / max(1, self.maximum - self.minimum)

    def check(self) -> None:
        """Raise ``Malformed`` unless the scale is usable (two values or more, a range)."""
        if self.values:
            if len(set(self.values)) != len(self.values) or len(self.values) < 2:
                raise Malformed("an ordinal rating scale needs two or more distinct values")
        elif None in (self.minimum, self.maximum) or self.maximum <= self.minimum:  # type: ignore[operator]
            raise Malformed("a numeric rating scale needs minimum < maximum")
        elif self.step < 1:
            raise Malformed("a numeric rating scale needs a step of at least 1")


ReadinessRule = Callable[["Framework", Ratings], Mapping[str, Any]]
GansRule = Callable[["Framework", Ratings, int], Iterable[str]]
ServicesRule = Callable[["Framework", list[str]], Iterable[str]]


@dataclass(frozen=True)
class Framework:
    """A diagnostic framework and its rules. ``plugin`` is set when it is registered.

    Fields (the same keys work in the mapping form of ``register``):

    * ``id`` — short id used on the command line and in events (``plc``);
    * ``name``, ``version``, ``description`` — shown to users; ``version`` is stored in every
      diagnosis;
    * ``indicators`` — ``Indicator`` values (or mappings with its keys), in display order;
    * ``rating_scale`` — a ``RatingScale`` (or ``{"values": [...], "labels": {...}}`` /
      ``{"minimum": 0, "maximum": 100, "step": 5}``);
    * ``readiness_labels`` — ``((threshold, label), ...)`` for the default readiness rule,
      thresholds 0..1 ascending; a score reaches a label when ``score >= threshold``;
    * ``service_map`` — indicator id or group -> service ids, for the default services rule;
    * ``readiness``, ``gans``, ``services`` — optional callables replacing the default rules
      (see ``readiness_baseline``, ``greatest_areas_of_need``, ``recommended_services``);
    * ``allow_partial`` — a diagnosis may leave indicators unrated (default: every indicator
      of the version assessed must be rated);
    * ``short_version`` — indicator ids of a shorter assessment, or None (no short version);
    * ``not_observed`` — offer the answer ``not_observed`` (also typed ``n/o``) beside the
      scale; it counts as answered but never as a rating.
    """

    id: str
    name: str
    version: str
    description: str
    indicators: tuple[Indicator, ...]
    rating_scale: RatingScale
    readiness_labels: tuple[tuple[float, str], ...] = DEFAULT_READINESS_LABELS
    service_map: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    readiness: ReadinessRule | None = None
    gans: GansRule | None = None
    services: ServicesRule | None = None
    allow_partial: bool = False
    short_version: tuple[str, ...] | None = None
    not_observed: bool = False
    plugin: str = ""

    @property
    def groups(self) -> list[str]:
        """The indicators' groups, in indicator order, each once."""
        return list(dict.fromkeys(i.group for i in self.indicators if i.group))

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id; ``NotFound`` lists the known ids."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise NotFound(
            f"framework {self.id!r} has no indicator {indicator_id!r}; "
            f"known: {', '.join(i.id for i in self.indicators)}"
        )

    def version_indicators(self, version: str = "full") -> tuple[Indicator, ...]:
        """The indicators a ``version`` ("full" or "short") of the assessment rates."""
        if version not in VERSIONS:
            raise InvalidValue(
                f"framework {self.id!r}: version must be one of {', '.join(VERSIONS)}, "
                f"got {version!r}"
            )
        if version == "full":
            return self.indicators
        if not self.short_version:
            raise InvalidValue(f"framework {self.id!r} has no short version")
        short = set(self.short_version)
        return tuple(i for i in self.indicators if i.id in short)

    def allowed_answers(self) -> str:
        """The scale's values in words, plus the not-observed answer when offered."""
        allowed = self.rating_scale.allowed()
        return f"{allowed}, or {NOT_OBSERVED}" if self.not_observed else allowed

    def validate_ratings(
        self, ratings: Ratings, *, require_all: bool | None = None, version: str = "full"
    ) -> dict[str, Rating]:
        """Ratings keyed by canonical indicator id, in framework order, values normalised.

        ``version`` is "full" (every indicator) or "short" (``short_version``'s indicators;
        rating another one is refused). ``require_all`` (default: ``not allow_partial``)
        refuses a version's indicators left unrated; a ``not_observed`` answer, where the
        framework offers it, counts as answered and is kept as ``NOT_OBSERVED``.

        Raises ``NotFound`` for an unknown indicator and ``InvalidValue`` for a rating off
        the scale, an indicator outside the short version, or (with ``require_all``)
        indicators left unrated.
        """
        if not isinstance(ratings, Mapping):
            raise InvalidValue(
                f"framework {self.id!r}: ratings must map indicator ids to "
                f"ratings, got {type(ratings).__name__}"
            )
        if require_all is None:
            require_all = not self.allow_partial
        assessed = self.version_indicators(version)
        in_version = {i.id for i in assessed}
        by_key = {_key(i.id): i.id for i in self.indicators}
        given: dict[str, Rating] = {}
        for raw_id, raw_value in ratings.items():
            indicator_id = by_key.get(_key(str(raw_id)))
            if indicator_id is None:
                self.indicator(str(raw_id))  # raises NotFound naming the known ids
            assert indicator_id is not None
            if indicator_id not in in_version:
                raise InvalidValue(
                    f"framework {self.id!r} indicator {indicator_id!r} is not in its short "
                    f"version ({', '.join(i.id for i in assessed)})"
                )
            given[indicator_id] = self._answer(indicator_id, raw_value)
        missing = [i.id for i in assessed if i.id not in given]
        if require_all and missing:
            what = "" if version == "full" else " of its short version"
            raise InvalidValue(
                f"framework {self.id!r} is missing ratings for indicators{what}: "
                f"{', '.join(missing)}"
            )
        return {i.id: given[i.id] for i in self.indicators if i.id in given}

    def _answer(self, indicator_id: str, raw_value: Any) -> Rating:
        said_not_observed = (
            isinstance(raw_value, str) and _key(raw_value) in _NOT_OBSERVED_SPELLINGS
        )
        if said_not_observed and self.not_observed:
            return NOT_OBSERVED
        value = self.rating_scale.normalise(raw_value)
        if value is None:
            hint = ""
            if said_not_observed:
                hint = f" (framework {self.id!r} offers no 'not observed' answer)"
            raise InvalidValue(
                f"framework {self.id!r} indicator {indicator_id!r}: rating {raw_value!r} "
                f"is not on the scale; allowed: {self.allowed_answers()}{hint}"
            )
        return value

    def observed(self, ratings: Ratings) -> dict[str, Rating]:
        """The ratings that count: validated, without unrated or not-observed indicators."""
        rated = self.validate_ratings(ratings, require_all=False)
        return {k: v for k, v in rated.items() if v != NOT_OBSERVED}

    def _rule(self, rule: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except DomainError:
            raise
        except Exception as error:
            raise PluginError(
                f"plugin {self.plugin!r} failed in {rule} of framework "
                f"{self.id!r}: {type(error).__name__}: {error}"
            ) from error

    def _gap(self, indicator: Indicator, value: Rating) -> float:
        return indicator.weight * (1.0 - self.rating_scale.position(value))

    def readiness_baseline(self, ratings: Ratings) -> dict[str, Any]:
        """``{"score": 0..1, "label": str}``: weighted mean position, or the plugin's rule.

        Only observed ratings count (unrated and not-observed indicators are left out, for
        the plugin's rule too); with none, the default score is 0. The default label is the
        last of ``readiness_labels`` whose threshold the score reaches (``>=``). Callable
        form: ``readiness(framework, ratings)`` returning a mapping with at least ``score``
        (0..1, inclusive) and ``label`` (text); extra keys are kept.
        """
        rated = self.observed(ratings)
        if self.readiness is not None:
            rule = self.readiness
            result = self._rule("readiness_baseline", lambda: dict(rule(self, rated)))
        else:
            weights = sum(i.weight for i in self.indicators if i.id in rated)
            total = sum(
                i.weight * self.rating_scale.position(rated[i.id])
                for i in self.indicators
                if i.id in rated
            )
            score = total / weights if weights else 0.0
            result = {"score": score, "label": self._label(score)}
        score, label = result.get("score"), result.get("label")
        if (
            isinstance(score, bool)
            or not isinstance(score, int | float)
            or not 0 <= score <= 1
            or not isinstance(label, str)
        ):
            raise PluginError(
                f"plugin {self.plugin!r} failed in readiness_baseline of framework"
                f" {self.id!r}: expected {{'score': 0..1, 'label': str}}, "
                f"got {result!r}"
            )
        return {**result, "score": float(score), "label": label}

    def _label(self, score: float) -> str:
        label = self.readiness_labels[0][1] if self.readiness_labels else ""
        for threshold, name in self.readiness_labels:
            if score >= threshold:
                label = name
        return label

    def greatest_areas_of_need(self, ratings: Ratings, limit: int = 5) -> list[str]:
        """Indicator ids, weakest first, at most ``limit``; fully rated ones are never GANs.

        Default: largest weighted gap to the top of the scale; ties keep framework order.
        Unrated and not-observed indicators are never GANs (nor seen by the plugin's rule).
        Callable form: ``gans(framework, ratings, limit)`` returning indicator ids, weakest
        first (one string is taken as a list of one); the answer is cut to ``limit``.
        """
        rated = self.observed(ratings)
        if self.gans is not None:
            rule = self.gans
            gans = self._rule("greatest_areas_of_need", lambda: _ids(rule(self, rated, limit)))
            known = {i.id for i in self.indicators}
            if not all(isinstance(g, str) and g in known for g in gans):
                raise PluginError(
                    f"plugin {self.plugin!r} failed in greatest_areas_of_need of "
                    f"framework {self.id!r}: unknown indicator ids in {gans!r}"
                )
            return gans[:limit]
        order = {i.id: n for n, i in enumerate(self.indicators)}
        gaps = [(self._gap(i, rated[i.id]), i.id) for i in self.indicators if i.id in rated]
        gaps = [(gap, iid) for gap, iid in gaps if gap > 1e-9]
        gaps.sort(key=lambda pair: (-round(pair[0], 9), order[pair[1]]))
        return [iid for _, iid in gaps[:limit]]

    def recommended_services(self, gans: Iterable[str]) -> list[str]:
        """Service ids for the GANs, in GAN order, without repeats.

        Default: ``service_map`` looked up by indicator id, then by the indicator's group.
        Callable form: ``services(framework, gans)`` returning service ids (one string is
        taken as a list of one).
        """
        gans = list(gans)
        if self.services is not None:
            rule = self.services
            found = self._rule("recommended_services", lambda: _ids(rule(self, gans)))
            if not all(isinstance(s, str) for s in found):
                raise PluginError(
                    f"plugin {self.plugin!r} failed in recommended_services of "
                    f"framework {self.id!r}: service ids must be text"
                )
            return list(dict.fromkeys(found))
        services: list[str] = []
        for gan in gans:
            indicator = self.indicator(gan)
            services.extend(self.service_map.get(gan) or self.service_map.get(indicator.group, ()))
        return list(dict.fromkeys(services))


def _ids(value: Any) -> list[Any]:
    """A rule's answer as a list of ids: one string is one id, not a list of characters."""
    return [value] if isinstance(value, str) else list(value)


def _indicator(value: Any) -> Indicator:
    if isinstance(value, Indicator):
        return value
    if not isinstance(value, Mapping):
        raise Malformed(f"an indicator must be an Indicator or a mapping, got {value!r}")
    if not value.get("id") or not value.get("title"):
        raise Malformed(f"indicator {value!r} needs an id and a title")
    return Indicator(
        str(value["id"]),
        str(value["title"]),
        str(value.get("group") or ""),
        str(value.get("guidance") or ""),
        float(value.get("weight", 1.0)),
    )


def _scale(value: Any) -> RatingScale:
    if isinstance(value, RatingScale):
        return value
    if not isinstance(value, Mapping):
        raise Malformed(f"rating_scale must be a RatingScale or a mapping, got {value!r}")
    if value.get("values"):
        labels = dict(value.get("labels") or {})
        return RatingScale.ordinal((str(v), str(labels.get(v, v))) for v in value["values"])
    return RatingScale.numeric(
        int(value["minimum"]), int(value["maximum"]), int(value.get("step", 1))
    )


def coerce_framework(plugin: str, value: Any) -> Framework:
    """A registered framework (dataclass or mapping) checked and stamped with its plugin."""
    if isinstance(value, Framework):
        data: dict[str, Any] = {f: getattr(value, f) for f in Framework.__dataclass_fields__}
    elif isinstance(value, Mapping):
        data = dict(value)
    else:
        raise Malformed(f"register() expects a Framework or a mapping, got {type(value).__name__}")
    for required in ("id", "name", "version", "indicators", "rating_scale"):
        if not data.get(required):
            raise Malformed(f"framework {data.get('id')!r} has no {required}")
    known = set(Framework.__dataclass_fields__)
    if unknown := sorted(set(data) - known):
        raise Malformed(f"framework {data['id']!r} has unknown keys: {', '.join(unknown)}")
    indicators = tuple(_indicator(i) for i in data["indicators"])
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise Malformed(f"framework {data['id']!r} repeats an indicator id")
    scale = _scale(data["rating_scale"])
    scale.check()
    service_map = {str(k): tuple(v) for k, v in dict(data.get("service_map") or {}).items()}
    labels = tuple(
        (float(t), str(n)) for t, n in data.get("readiness_labels") or DEFAULT_READINESS_LABELS
    )
    for rule in ("readiness", "gans", "services"):
        if data.get(rule) is not None and not callable(data[rule]):
            raise Malformed(f"framework {data['id']!r}: {rule} must be callable")
    for flag in ("allow_partial", "not_observed"):
        if not isinstance(data.get(flag, False), bool):
            raise Malformed(f"framework {data['id']!r}: {flag} must be true or false")
    if data.get("not_observed") and scale.normalise(NOT_OBSERVED) is not None:
        raise Malformed(
            f"framework {data['id']!r}: {NOT_OBSERVED!r} is a value of its scale; "
            "it cannot also be the not-observed answer"
        )
    short = _short_version(str(data["id"]), data.get("short_version"), ids)
    return Framework(
        **{
            **data,
            "id": str(data["id"]),
            "description": str(data.get("description") or ""),
            "indicators": indicators,
            "rating_scale": scale,
            "service_map": service_map,
            "readiness_labels": labels,
            "short_version": short,
            "plugin": plugin,
        }
    )


def _short_version(framework_id: str, value: Any, ids: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise Malformed(
            f"framework {framework_id!r}: short_version must be a list of indicator ids"
        )
    short = tuple(str(v) for v in value)
    if not short:
        raise Malformed(f"framework {framework_id!r}: short_version is empty (use None for none)")
    if unknown := [s for s in short if s not in ids]:
        raise Malformed(
            f"framework {framework_id!r}: short_version names unknown indicators: "
            f"{', '.join(unknown)}"
        )
    if len(set(short)) != len(short):
        raise Malformed(f"framework {framework_id!r}: short_version repeats an indicator id")
    return short


def list_frameworks() -> list[Framework]:
    """Every registered framework, by id. Failing plugins are left out (see plugin_info)."""

    def build() -> list[Framework]:
        found = collect(
            "cec_ledger_register_frameworks", coerce_framework, key=lambda f: f.id, what="framework"
        )
        return sorted(found, key=lambda f: f.id)

    return cached("frameworks", build)


def get_framework(framework_id: str) -> Framework:
    """The framework with this id; ``NotFound`` lists the known ids."""
    frameworks = list_frameworks()
    for framework in frameworks:
        if framework.id == framework_id:
            return framework
    known = ", ".join(f.id for f in frameworks) or "none (no framework plugin installed)"
    raise NotFound(f"unknown framework {framework_id!r}; known: {known}{failure_hint()}")
