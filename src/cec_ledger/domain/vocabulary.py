"""The closed vocabularies of the CEC domain, in the seeds' own words.

Each vocabulary is an ordered tuple of canonical tokens plus a label for display. Tokens are
what the ledger stores; :func:`normalise` accepts the spellings people type (``Teachers
Organization``, ``teachers-organization``, ``MOU``) and returns the canonical token or raises
:class:`~cec_ledger.domain.errors.InvalidValue` naming the allowed values.

Sources: seed 003 (three anchors, diagnostic entry points, plan emphasis and kind, the
Coaching Delivery Model's delivery options), seed 001 (collaboration structures and the four
team growth stages), seed 000 (logic-model outcome tiers and dimensions).
"""

from __future__ import annotations

from dataclasses import dataclass

from cec_ledger.domain.errors import InvalidValue


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of canonical tokens with display labels."""

    name: str
    labels: dict[str, str]

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def index(self, token: str) -> int:
        return self.tokens.index(token)

    def label(self, token: str) -> str:
        return self.labels.get(token, token)

    def normalise(self, value: object) -> str:
        """Return the canonical token for ``value`` or raise InvalidValue."""
        if isinstance(value, str):
            wanted = _fold(value)
            for token, label in self.labels.items():
                if wanted in (_fold(token), _fold(label)):
                    return token
        allowed = ", ".join(self.tokens)
        raise InvalidValue(f"{self.name} {value!r} is not one of: {allowed}")


def _fold(text: str) -> str:
    """Case- and separator-insensitive form: 'Co-Led' == 'co_led' == 'co led'."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


LEVEL = Vocabulary("level", {"district": "District", "school": "School"})

ENTRY_POINT = Vocabulary(
    "diagnostic entry point",
    {
        "system_assessment": "System assessment",
        "strategic_planning": "Strategic planning process",
        "grant_criteria": "Grant criteria (SIG)",
        "individual_district_request": "Individual district request",
    },
)

ANCHOR = Vocabulary(
    "anchor",
    {
        "board": "Board of education",
        "administration": "Superintendent and administration",
        "teachers_organization": "Teachers' organization",
    },
)

INSTRUMENT = Vocabulary(
    "instrument",
    {
        "compact": "Compact",
        "constitution": "Constitution",
        "mou": "MOU",
        "resolution": "Resolution",
    },
)

EMPHASIS = Vocabulary("emphasis", {"achievement": "Achievement", "culture": "Culture"})

PLAN_KIND = Vocabulary("plan kind", {"support": "Support", "transformation": "Transformation"})

TEAM_KIND = Vocabulary(
    "team kind",
    {
        "dlt": "District Leadership Team",
        "slt": "School Leadership Team",
        "ilt-plc": "Instructional Leadership Team / PLC",
        "common-planning": "Common planning team",
        "cross-role-problem-solving": "Cross-role problem-solving team",
        "mentoring-pair": "Mentoring pair",
        "community-partnership": "Community partnership",
    },
)

TEAM_STAGE = Vocabulary(
    "team stage",
    {"form": "Form", "norm": "Norm", "perform": "Perform", "sustain": "Sustain"},
)

DELIVERY = Vocabulary(
    "delivery",
    {
        "training": "Training",
        "facilitating": "Facilitating",
        "networking": "Networking",
        "mentoring": "Mentoring",
        "coaching": "Coaching",
    },
)

RELEASE_LEVEL = Vocabulary(
    "release level",
    {
        "consultant-led": "Consultant-led",
        "co-led": "Co-led",
        "district-led-with-coaching": "District-led with coaching",
        "district-independent": "District-independent",
    },
)

OUTCOME_TIER = Vocabulary(
    "outcome tier",
    {"short_term": "Short-term", "mid_term": "Mid-term", "long_term": "Long-term"},
)

# Seed 000's logic model: each dimension belongs to exactly one tier; short-term dimensions
# are further split into system impact and people impact.
OUTCOME_DIMENSION = Vocabulary(
    "outcome dimension",
    {
        "decision_making": "Decision-making",
        "policy_changes": "Policy changes",
        "resource_flow": "Resource flow",
        "new_knowledge_or_skills": "New knowledge or skills",
        "attitude_shifts": "Attitude shifts",
        "common_language": "Common language",
        "adapting_practice": "Adapting practice",
        "sustaining_practice": "Sustaining practice",
        "improved_alignment": "Improved alignment",
        "strengthened_culture": "Strengthened culture",
        "empowered_educators": "Empowered educators",
        "increased_system_capacity": "Increased system capacity",
    },
)

DIMENSION_TIER: dict[str, str] = {
    "decision_making": "short_term",
    "policy_changes": "short_term",
    "resource_flow": "short_term",
    "new_knowledge_or_skills": "short_term",
    "attitude_shifts": "short_term",
    "common_language": "short_term",
    "adapting_practice": "short_term",
    "sustaining_practice": "mid_term",
    "improved_alignment": "mid_term",
    "strengthened_culture": "mid_term",
    "empowered_educators": "mid_term",
    "increased_system_capacity": "long_term",
}

OUTCOME_IMPACT = Vocabulary(
    "outcome impact", {"system": "System impact", "people": "People impact"}
)

SHORT_TERM_IMPACT: dict[str, str] = {
    "decision_making": "system",
    "policy_changes": "system",
    "resource_flow": "system",
    "new_knowledge_or_skills": "people",
    "attitude_shifts": "people",
    "common_language": "people",
    "adapting_practice": "people",
}

PATHWAY_STEPS: tuple[str, ...] = (
    "Establish collaborative commitments",
    "Diagnose needs",
    "Set direction",
    "Collaborative structures and processes",
    "Target support",
)
