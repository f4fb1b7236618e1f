"""The closed vocabularies of the CEC domain, in the CEC documents' own words.

Each vocabulary is an ordered tuple of canonical tokens plus a label for display. Tokens are
what the ledger stores; :func:`normalise` accepts the spellings people type (``Teachers
Organization``, ``teachers-organization``, ``MOU``) and returns the canonical token or raises
:class:`~cec_ledger.domain.errors.InvalidValue` naming the allowed values.

Sources: CEC's Theory of Action (three anchors, client levels, diagnostic entry points and
their structure, plan emphasis and kind, the Framework for Change, the leadership structure
and its priorities, the Coaching Delivery Model's delivery options), the CEC Collaboration &
Community guidance (collaboration structures and the four team growth stages, which the ledger
labels form, norm, perform and sustain), the CEC Logic Model (outcome tiers and dimensions)
and the CEC Reflect phase guidance (goal results).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cec_ledger.domain.errors import InvalidValue


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of canonical tokens with display labels."""

    name: str
    labels: dict[str, str]
    # Other spellings people type for a token (e.g. "FLMC"), folded like the labels.
    aliases: dict[str, str] = field(default_factory=dict)
    # Appended to the refusal of an unknown value; ``{value!r}`` names what was typed.
    hint: str = ""
    # value -> token, remembered (see ``normalise``); bounded so free text cannot grow it.
    _normalised: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

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
            # The same value always gives the same token: remembered, because every event
            # read back (a correction's re-fold, an import, ``check``) normalises its stored
            # tokens again, letter by letter.
            known = self._normalised.get(value)
            if known is not None:
                return known
            wanted = _fold(value)
            found = next(
                (t for t, label in self.labels.items() if wanted in (_fold(t), _fold(label))),
                None,
            )
            if found is None:
                found = next((t for a, t in self.aliases.items() if wanted == _fold(a)), None)
            if found is not None:
                if len(self._normalised) < _NORMALISED_MAX:
                    self._normalised[value] = found
                return found
        allowed = ", ".join(t for t in self.tokens if t not in HIDDEN_TOKENS)
        hint = self.hint.format(value=value) if self.hint else ""
        raise InvalidValue(f"{self.name} {value!r} is not one of: {allowed}{hint}")


_NORMALISED_MAX = 10_000


def _fold(text: str) -> str:
    """Case- and separator-insensitive form: 'Co-Led' == 'co_led' == 'co led'."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# Tokens only old history carries (an upcast value), never offered to people.
HIDDEN_TOKENS = frozenset({"unspecified"})

# Theory of Action: CEC serves "schools, districts and states" and "labor-management groups".
LEVEL = Vocabulary(
    "level",
    {
        "district": "District",
        "school": "School",
        "state": "State",
        "labor_management_group": "Labor-management group",
    },
)

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
        # The ledger's own kind, from the CEC services catalogue's "Joint teams including
        # school, district and union leaders": a labor-management group's structure.
        "joint-team": "Joint team",
    },
)

TEAM_STAGE = Vocabulary(
    "team stage",
    {"form": "Form", "norm": "Norm", "perform": "Perform", "sustain": "Sustain"},
)

# The CEC Collaboration & Community guidance describes four stages of team growth without
# naming them: form, norm, perform and sustain are the ledger's own labels for them.
TEAM_STAGE_NOTE = (
    "form, norm, perform and sustain are the ledger's own labels for the four stages the CEC "
    "Collaboration & Community guidance describes without naming them"
)
TEAM_STAGE_HELP: dict[str, str] = {
    "form": "Set purpose, roster, and a regular time. Make membership and goals clear.",
    "norm": "Co-create norms, build trust, and agree how decisions get made.",
    "perform": "Focus on student work and results; share practice; act on data together.",
    "sustain": "Embed in routines, rotate leadership, and celebrate collective wins.",
}

# Theory of Action, Capacity-Building Coaching Delivery Model: "the Coaching Delivery Model
# impacts a variety of CEC delivery options – training, facilitating, networking and
# mentoring", and coaching follows each of them. So coaching is recorded only as the
# follow-up of a session of one of the four (``session coach --follows N``).
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
DELIVERY_NOTE = (
    "coaching follows a training, facilitating, networking or mentoring session (Theory of "
    "Action, Capacity-Building Coaching Delivery Model): record it with 'session coach "
    "--follows N'"
)

# The Coaching Delivery Model gives coaching a purpose of its own after each delivery option.
COACHING_PURPOSE = Vocabulary(
    "coaching purpose",
    {
        "reflection_and_support": "Reflection and support",
        "direction_and_monitoring": "Direction and progress monitoring",
        "connect_collaborate_communicate": "Connect, collaborate and communicate",
        "mentor_role": "The mentor's role and responsibilities",
    },
)
# Which purpose coaching has after which delivery.
PURPOSE_AFTER: dict[str, str] = {
    "training": "reflection_and_support",
    "facilitating": "direction_and_monitoring",
    "networking": "connect_collaborate_communicate",
    "mentoring": "mentor_role",
}
# Each purpose in the Theory of Action's words ("Following training, coaching provides ...").
COACHING_PURPOSE_QUOTES: dict[str, str] = {
    "reflection_and_support": "Following training, coaching provides informed reflection and "
    "support to those leading out new implementations in a district or school.",
    "direction_and_monitoring": "Following facilitation, coaching helps set clear direction "
    "and assists those leading out an implementation to ensure actions are progress "
    "monitored so as to provide a real return on the initial investment.",
    "connect_collaborate_communicate": "Following networking, coaching helps those leading out "
    "an implementation how to connect, collaborate and communicate across districts and "
    "schools to meet common implementation goals.",
    "mentor_role": "Following mentoring, coaching helps those leading out an implementation to "
    "understand the importance of their role and responsibilities in providing support to "
    "those being mentored.",
}

# The parts of the two series of the CEC services catalogue: Conflict Resolution/Working
# Relationships is "a pair of training sessions" (Session One, Session Two); the
# Labor-Management series is "3 full days or 6 half day sessions".
SERIES_PART = Vocabulary(
    "series part",
    {
        "session_one": "Session One",
        "session_two": "Session Two",
        "full_day": "Full day",
        "half_day": "Half day",
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

# The CEC Logic Model's long-term outcome, word for word.
LONG_TERM_OUTCOME = (
    "Increased system capacity to orchestrate equitable, inclusive transformation to reach "
    "intended outcomes through large-scale organizational change."
)

OUTCOME_TIER = Vocabulary(
    "outcome tier",
    {"short_term": "Short-term", "mid_term": "Mid-term", "long_term": "Long-term"},
)

# The CEC Logic Model: each dimension belongs to exactly one tier; short-term dimensions
# are further split into system impact and people impact.
OUTCOME_DIMENSION = Vocabulary(
    "outcome dimension",
    {
        "decision_making": "Decision-Making",
        "policy_changes": "Policy Changes",
        "resource_flow": "Resource Flow",
        "new_knowledge_or_skills": "New Knowledge or Skills",
        "attitude_shifts": "Attitude Shifts",
        "common_language": "Common Language",
        "adapting_practice": "Adapting Practice",
        "sustaining_practice": "Sustaining Practice",
        "improved_alignment": "Improved Alignment",
        "strengthened_culture": "Strengthened Culture",
        "empowered_educators": "Empowered Educators",
        "increased_system_capacity": LONG_TERM_OUTCOME,
    },
    aliases={"increased system capacity": "increased_system_capacity"},
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


# Theory of Action, Framework for Change: four interdependent elements, listed inside-out
# from "the heart of it all". CEC assumes "All four elements of the Framework for Change must
# be addressed".
FRAMEWORK_ELEMENT = Vocabulary(
    "Framework for Change element",
    {
        "empowering_students_through_learning": "Empowering Students Through Learning",
        "implementing_emerging_pedagogy": "Implementing Emerging Pedagogy",
        "transforming_the_profession": "Transforming the Profession",
        "fostering_labor_management_collaboration": "Fostering Labor-Management Collaboration",
    },
    aliases={
        "ESTL": "empowering_students_through_learning",
        "IEP": "implementing_emerging_pedagogy",
        "TtP": "transforming_the_profession",
        "FLMC": "fostering_labor_management_collaboration",
    },
)
# The short forms the ledger prints where columns are narrow (and accepts as input).
ELEMENT_SHORT: dict[str, str] = {token: alias for alias, token in FRAMEWORK_ELEMENT.aliases.items()}

# Theory of Action, Step 2: "Strategic Plan goals and strategies address five district or
# school areas".
PLANNING_AREA = Vocabulary(
    "planning area",
    {
        "student_growth_and_achievement": "Student Growth and Achievement",
        "learning_environment": "Learning Environment",
        "professional_environment": "Professional Environment",
        "community_partnerships": "Community Partnerships",
        "finances_and_resources": "Finances and Resources",
    },
)

# Theory of Action, Step 2: "CEC can provide shorter or longer versions of system assessments".
ASSESSMENT_VERSION = Vocabulary("assessment version", {"full": "Full", "short": "Short"})

# Who sits on a team: the participants the Theory of Action, Step 4 names for the DLT, SLTs
# and Instructional Leadership Teams, the Step 2 strategic planning group ("the Three Anchors,
# support staff, parents, and community members") and the catalogue's personnel; "other"
# needs a title. "unspecified" is only what history recorded before roles were a vocabulary.
MEMBER_ROLE = Vocabulary(
    "role",
    {
        "board": "Board of education",
        "administration": "Superintendent and administration",
        "teachers_organization": "Teachers' organization",
        "principal": "Principal or school administrator",
        "teacher": "Teacher or teacher leader",
        "support_staff": "Support staff",
        "parent": "Parent",
        "community": "Community",
        "student": "Student",
        "other": "Other",
        "unspecified": "Not recorded (before roles were recorded)",
    },
    aliases={
        "union": "teachers_organization",
        "parents": "parent",
        "teachers": "teacher",
        "students": "student",
        "support staff": "support_staff",
    },
    hint=" (put {value!r} in --title)",
)

# The three anchors are three of the member roles: the DLT's anchor seats.
ANCHOR_ROLES: tuple[str, ...] = ("board", "administration", "teachers_organization")

# Theory of Action, Step 4: the DLT "defines and protects the district's multiple year
# priorities"; SLTs "set their own achievement and culture priorities"; Instructional
# Leadership Teams set "measurable team goals".
PRIORITY_KIND = Vocabulary(
    "priority kind",
    {
        "district_priority": "District priority (multi-year)",
        "achievement": "Achievement priority",
        "culture": "Culture priority",
        "measurable_goal": "Measurable team goal",
    },
)
# Which team kind sets which priorities.
PRIORITY_KINDS_BY_TEAM: dict[str, tuple[str, ...]] = {
    "dlt": ("district_priority",),
    "slt": ("achievement", "culture"),
    "ilt-plc": ("measurable_goal",),
}

# A plan goal looked back on (the CEC Reflect phase guidance: "see if you and your team were
# able to accomplish what you set out to do"); the three results are the ledger's own.
GOAL_RESULT = Vocabulary(
    "goal result", {"met": "Met", "partly_met": "Partly met", "not_met": "Not met"}
)
