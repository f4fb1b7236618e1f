"""Option help built from the domain's vocabularies, so no help text lists values by hand.

Options stay free text rather than ``click.Choice``: the domain's ``Vocabulary.normalise``
accepts a value's label and other spellings too ('Board of education', 'Teachers
Organization', 'teachers-organization', 'MOU'), and a value outside the vocabulary is a
domain error (exit 1) whose message names the allowed tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cec_ledger.domain.vocabulary import (
    DIMENSION_TIER,
    HIDDEN_TOKENS,
    OUTCOME_DIMENSION,
    OUTCOME_TIER,
    Vocabulary,
)

SPELLINGS = "labels and other spellings work too"


def choices(vocabulary: Vocabulary, separator: str = " | ") -> str:
    """The canonical tokens in order: ``choices(PLAN_KIND)`` is 'support | transformation'
    (tokens only old history carries, such as the role 'unspecified', are not offered)."""
    return separator.join(t for t in vocabulary.tokens if t not in HIDDEN_TOKENS)


def choices_help(vocabulary: Vocabulary, lead: str = "") -> str:
    """Help for an option whose value the domain normalises against ``vocabulary``.

    ``choices_help(EMPHASIS, "Why")`` gives 'Why: achievement | culture (labels and other
    spellings work too).'.
    """
    prefix = f"{lead}: " if lead else ""
    return f"{prefix}{choices(vocabulary)} ({SPELLINGS})."


def metavar(vocabulary: Vocabulary) -> str:
    """The vocabulary's name as its error messages say it: 'team kind' -> 'TEAM_KIND'."""
    return vocabulary.name.upper().replace(" ", "_")


def vocabulary_option(
    *param_decls: str, vocabulary: Vocabulary, lead: str = "", **attrs: Any
) -> Callable[[Any], Any]:
    """``click.option`` for a vocabulary value; metavar and help come from ``vocabulary``
    unless given in ``attrs``."""
    attrs.setdefault("metavar", metavar(vocabulary))
    attrs.setdefault("help", choices_help(vocabulary, lead))
    return click.option(*param_decls, **attrs)


def dimensions_by_tier_help() -> str:
    """Every outcome dimension, grouped under the logic-model tier it belongs to."""
    groups = [
        f"{tier}: " + ", ".join(d for d in OUTCOME_DIMENSION.tokens if DIMENSION_TIER[d] == tier)
        for tier in OUTCOME_TIER.tokens
    ]
    return "; ".join(groups) + f" ({SPELLINGS})."
