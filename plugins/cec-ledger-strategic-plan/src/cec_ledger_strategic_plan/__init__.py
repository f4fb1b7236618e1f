"""The five areas of a CEC-facilitated strategic plan as a cec-ledger framework, with a rule
and a report section: one hook of each kind."""

from cec_ledger.plugins import Framework, Indicator, RatingScale, RuleViolation, hookimpl

AREAS = [
    ("SGA", "Student Growth and Achievement", "dlt-slt-plc-integration"),
    ("LE", "Learning Environment", "leadership-development"),
    ("PE", "Professional Environment", "labor-management-series"),
    ("CP", "Community Partnerships", "shared-accountability"),
    ("FR", "Finances and Resources", "ibb-ibps"),
]

FRAMEWORK = Framework(
    id="strategic-plan",
    name="Strategic Plan — Five Areas",
    version="1.0",
    description="How far the district's strategic plan has reached in each of its five areas.",
    indicators=tuple(
        Indicator(
            id=code,
            title=title,
            group="Strategic plan areas",
            guidance="Are goals and strategies set, carried out and monitored?",
        )
        for code, title, _ in AREAS
    ),
    rating_scale=RatingScale.ordinal(
        [
            ("not_addressed", "Not addressed"),
            ("goals_set", "Goals set"),
            ("strategies_in_place", "Strategies in place"),
            ("living_the_plan", "Living the plan"),
        ]
    ),
    service_map={code: (service,) for code, _, service in AREAS},
    # A planning team may not know yet how an area stands: "not_observed" (or "n/o").
    not_observed=True,
)


@hookimpl
def cec_ledger_register_frameworks(register):
    register(FRAMEWORK)


@hookimpl
def cec_ledger_validate_event(event_type, fields):
    # The plan belongs to the district: its planning team rates it, never one person.
    if event_type != "NeedsDiagnosed" or fields.get("framework_id") != FRAMEWORK.id:
        return
    if len(fields.get("assessors") or ()) < 2:
        raise RuleViolation(
            "a strategic-plan diagnosis needs two or more assessors (the planning team)"
        )


@hookimpl
def cec_ledger_report_sections(engagement, register):
    diagnoses = [d for d in engagement.get("diagnoses") or () if d["framework_id"] == FRAMEWORK.id]
    if not diagnoses:
        return
    latest = diagnoses[-1]
    labels = {**FRAMEWORK.rating_scale.labels, "not_observed": "Not observed"}
    rows = [
        f"| {title} | {labels.get(latest['ratings'].get(code), 'not rated')} |"
        for code, title, _ in AREAS
    ]
    register("Strategic plan areas", "\n".join(["| area | rating |", "|---|---|", *rows]))
