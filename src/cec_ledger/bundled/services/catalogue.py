"""The CEC services catalogue as data: one mapping per service (the keys of ``Service``).

Services of "Strengthening Collaborative Processes" (the CEC services catalogue) and the Step 1
programmes "to enhance management-labor collaboration" of CEC's Theory of Action (2015).
Prices are CEC's published ones; programmes without a published price have ``budget=None``.
The rules that use these entries are in ``__init__.py`` beside this file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["CATALOGUE"]

_ON_REQUEST = "no published price; agreed with CEC per engagement"

CATALOGUE: tuple[dict[str, Any], ...] = (
    # --- seed 004: Strengthening Collaborative Processes
    {
        "id": "leadership-development",
        "name": "Leadership Development",
        "delivery": "coaching",
        "commitment": "Customizable",
        "budget": None,
        "budget_note": _ON_REQUEST,
        "pathway_step": 4,
        "description": "Strengthen and use collaborative leadership structures and processes "
        "(Board of Education, DLT, SLTs, PLCs) with a distributed leadership model.",
    },
    {
        "id": "conflict-resolution-1",
        "name": "Conflict Resolution/Working Relationships — Session One",
        "delivery": "training",
        "commitment": "2 half-days (two four-hour sessions)",
        "budget": Decimal("2500"),
        "budget_note": "$2,500 covers the pair (Session One and Session Two); recorded on "
        "Session One",
        "max_participants": 50,
        "hours_per_session": Decimal("4"),
        "pathway_step": 1,
        "description": "Determining when a difficult conversation is needed; exploring the "
        "difficult conversation process; preparing for an upcoming difficult conversation.",
    },
    {
        "id": "conflict-resolution-2",
        "name": "Conflict Resolution/Working Relationships — Session Two",
        "delivery": "training",
        "commitment": "2 half-days (two four-hour sessions)",
        "budget": Decimal("0"),
        "budget_note": "included in conflict-resolution-1's $2,500",
        "prerequisites": ("conflict-resolution-1",),
        "max_participants": 50,
        "hours_per_session": Decimal("4"),
        "pathway_step": 1,
        "description": "Practicing an interest-based approach to problem solving and the "
        "skills of dialogue. Only available to those who complete Session One.",
    },
    {
        "id": "dlt-slt-plc-integration",
        "name": "District Leadership Teams, School Leadership Teams, Professional Learning "
        "Communities Integration",
        "delivery": "training",
        "commitment": "Customizable",
        "budget": Decimal("2500"),
        "budget_note": "starting at $2,500 for up to 8 hours of training or coaching",
        "hours_per_session": Decimal("8"),
        "pathway_step": 4,
        "description": "Effective team practices, decision-making, shared goals, progress "
        "monitoring with data, communication and broadcasting strategies.",
    },
    {
        "id": "ibb-ibps",
        "name": "Interest Based Bargaining (IBB) and Interest Based Problem Solving (IBPS)",
        "delivery": "facilitating",
        "commitment": "Customizable",
        "budget": Decimal("2500"),
        "budget_note": "starting at $2,500 for up to 8 hours of facilitation",
        "hours_per_session": Decimal("8"),
        "pathway_step": 1,
        "description": "Interest-based facilitation of contract negotiations, impact "
        "bargaining and problem-solving conversations, virtual or in person.",
    },
    {
        "id": "labor-management-series",
        "name": "Listen to Learn to Lead – Leadership Principles and Practices that Inspire "
        "and Support Student Learning",
        "delivery": "training",
        "commitment": "3 full days or 6 half day sessions",
        "budget": Decimal("7500"),
        "budget_note": "$7,500 for the series",
        "pathway_step": 1,
        "description": "Labor-Management Relationships: a leadership series for district "
        "and school administration and union leaders.",
    },
    # --- seed 003: Step 1 programmes (no published commitment or price)
    *(
        {
            "id": service_id,
            "name": name,
            "delivery": delivery,
            "commitment": "Customizable",
            "budget": None,
            "budget_note": _ON_REQUEST,
            "pathway_step": 1,
            "description": "A Step 1 programme to enhance management-labor collaboration "
            "(CEC Theory of Action, 2015).",
        }
        for service_id, name, delivery in (
            (
                "union-leadership-development",
                "Comprehensive Union Leadership Development and Training",
                "training",
            ),
            (
                "ibb-team-training",
                "Interest-Based Bargaining – Team, Trainer & Facilitator Training",
                "training",
            ),
            (
                "union-system-assessment",
                "Local Union's System Assessment for Capacities and Needs",
                "facilitating",
            ),
            (
                "pera-joint-committee",
                "PERA Joint Committee Facilitation (for Illinois teachers unions)",
                "facilitating",
            ),
            ("shared-accountability", "Shared Accountability", "facilitating"),
            ("shared-leadership", "Shared (Distributive) Leadership", "coaching"),
            ("turn-coordination", "TURN Coordination & Facilitation", "networking"),
        )
    ),
)
