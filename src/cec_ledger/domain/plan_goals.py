"""The goals of a services plan (Theory of Action, Step 3): ids, texts, Framework for Change
elements and the GANs each answers, and how a plan change edits them.

Every plan event holds the plan's whole list of goals. A goal keeps its id across plan changes
(later events cite it: reflections rate it, outcomes are evidence for it); a change may add,
remove or replace goals (a replaced goal keeps its id with a new text). What changed between
two plans is worked out here, for the rules (only new or changed goals are judged), the fold
(each goal's history) and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cec_ledger.domain.errors import InvalidValue, NotFound

Goal = Mapping[str, Any]


@dataclass(frozen=True)
class GoalChanges:
    """What a plan's goals became: ids added, removed, replaced (new text) or retagged
    (same text, other elements or GANs), and the goals carried over unchanged."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    retagged: tuple[str, ...] = ()
    carried: tuple[str, ...] = ()

    @property
    def judged(self) -> tuple[str, ...]:
        """The goals the rules judge: new or changed ones (carried-over goals are not
        re-judged: they may come from plans of an older rules epoch)."""
        return self.added + self.replaced + self.retagged

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.replaced or self.retagged)


def goal_changes(before: Sequence[Goal], after: Sequence[Goal]) -> GoalChanges:
    """How ``after`` (the goals of a plan event) differs from ``before`` (the plan in force)."""
    old = {g["goal_id"]: g for g in before}
    new = {g["goal_id"]: g for g in after}
    added, replaced, retagged, carried = [], [], [], []
    for goal_id, goal in new.items():
        was = old.get(goal_id)
        if was is None:
            added.append(goal_id)
        elif was["text"] != goal["text"]:
            replaced.append(goal_id)
        elif list(was["elements"]) != list(goal["elements"]) or list(was["gans"]) != list(
            goal["gans"]
        ):
            retagged.append(goal_id)
        else:
            carried.append(goal_id)
    removed = [goal_id for goal_id in old if goal_id not in new]
    return GoalChanges(
        tuple(added), tuple(removed), tuple(replaced), tuple(retagged), tuple(carried)
    )


def parse_goal(text: str) -> tuple[str, str]:
    """``"ID:TEXT"`` (as typed after --goal) as (id, text)."""
    goal_id, colon, goal_text = text.partition(":")
    if not colon or not goal_id.strip() or not goal_text.strip():
        raise InvalidValue(
            f"goal {text!r}: give it as ID:TEXT, e.g. 'protected-time:Protected collaboration "
            "time for every grade-level team'"
        )
    return goal_id.strip(), goal_text.strip()


def parse_pairs(values: Iterable[str], what: str) -> dict[str, list[str]]:
    """``ID:VALUE`` options (``--element protected-time:TtP``) grouped by id, in order."""
    grouped: dict[str, list[str]] = {}
    for value in values:
        goal_id, colon, item = value.partition(":")
        if not colon or not goal_id.strip() or not item.strip():
            raise InvalidValue(f"{what} {value!r}: give it as GOAL_ID:VALUE")
        grouped.setdefault(goal_id.strip(), []).append(item.strip())
    return grouped


@dataclass
class GoalEdits:
    """The goal options of ``plan set`` / ``plan change``, as typed."""

    add: list[str] = field(default_factory=list)  # "ID:TEXT"
    replace: list[str] = field(default_factory=list)  # "ID:TEXT" (keeps the id)
    remove: list[str] = field(default_factory=list)  # ids
    elements: list[str] = field(default_factory=list)  # "ID:ELEMENT" (sets the goal's)
    gans: list[str] = field(default_factory=list)  # "ID:INDICATOR" (sets the goal's)


def edited_goals(current: Sequence[Goal], edits: GoalEdits) -> list[dict[str, Any]]:
    """The plan's goals after ``edits``: removed ones dropped, replaced ones with their new
    text, added ones appended; ``--element``/``--gan`` set the elements or GANs of the goals
    they name (new or existing). Unknown ids are refused with the goals there are."""
    goals = [
        {
            "goal_id": g["goal_id"],
            "text": g["text"],
            "elements": list(g["elements"]),
            "gans": list(g["gans"]),
        }
        for g in current
    ]
    by_id = {g["goal_id"]: g for g in goals}

    def known(goal_id: str, action: str) -> dict[str, Any]:
        if goal_id not in by_id:
            ids = ", ".join(by_id) or "none"
            raise NotFound(f"cannot {action} goal {goal_id!r}: the plan's goals are {ids}")
        return by_id[goal_id]

    for goal_id in edits.remove:
        goals.remove(known(goal_id.strip(), "remove"))
        del by_id[goal_id.strip()]
    for spec in edits.replace:
        goal_id, text = parse_goal(spec)
        known(goal_id, "replace")["text"] = text
    for spec in edits.add:
        goal_id, text = parse_goal(spec)
        if goal_id in by_id:
            raise InvalidValue(
                f"goal id {goal_id!r} is used twice (to give it a new text, replace it)"
            )
        goal = {"goal_id": goal_id, "text": text, "elements": [], "gans": []}
        goals.append(goal)
        by_id[goal_id] = goal
    for goal_id, elements in parse_pairs(edits.elements, "--element").items():
        known(goal_id, "tag")["elements"] = elements
    for goal_id, gans in parse_pairs(edits.gans, "--goal-gan").items():
        known(goal_id, "tag")["gans"] = gans
    return goals


def goals_by_id(goals: Iterable[Goal]) -> dict[str, Goal]:
    return {g["goal_id"]: g for g in goals}
