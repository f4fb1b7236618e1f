"""The hooks a cec-ledger plugin may implement.

Every hook is an empty function whose docstring is its contract. Implementations may accept
any subset of the arguments (pluggy passes only the names they ask for), so adding an
argument here never breaks an existing plugin. Collection hooks receive a ``register``
callback instead of returning lists (llm's pattern): the callback can grow keyword arguments
later without changing what plugins return.

The core calls each implementation on its own (see ``cec_ledger.plugins``), in plugin order:
by plugin name, with ``@hookimpl(tryfirst=True)`` implementations first and
``@hookimpl(trylast=True)`` ones last. A plugin that raises or registers malformed data is
reported as failed, by name, is inactive in every hook from then on, and the other plugins
keep working. Registration hooks are not ``historic``: the core calls them on demand, after
every plugin is loaded, and caches the answers per plugin manager. The API reference in
``docs/plugins.md`` is generated from these docstrings (``make plugin-docs``); a test fails
when it is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

PROJECT_NAME = "cec_ledger"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def cec_ledger_register_frameworks(register: Callable[..., None]) -> None:
    """Register diagnostic frameworks (PLC, Baldrige, a strategic plan...).

    :param register: call ``register(framework)`` once per framework, where ``framework`` is
        a ``cec_ledger.plugins.Framework`` or a mapping with the same keys: ``id``,
        ``name``, ``version``, ``description``, ``indicators`` (each ``id``, ``title``,
        ``group``, optional ``guidance`` and ``weight``), ``rating_scale`` (ordered ``values``
        with ``labels``, or numeric ``minimum``/``maximum``/``step``), optional rules:
        ``readiness`` (callable or ``readiness_labels`` thresholds), ``gans`` (callable) and
        ``service_map`` (group or indicator id -> service ids) or ``services`` (callable),
        and optional answers: ``allow_partial`` (bool), ``short_version`` (indicator ids)
        and ``not_observed`` (bool).
    :returns: nothing; results go through ``register``.

    Called (not firstresult) the first time the core lists frameworks; the result is cached
    until the plugin manager is reset. Framework ids must be unique across plugins: the
    first plugin in plugin order keeps an id, a later one registering it is reported as
    failed (and none of its frameworks is used).
    """


@hookspec
def cec_ledger_register_services(register: Callable[..., None]) -> None:
    """Register entries of the service catalogue (CEC's services and Step 1 programmes).

    :param register: call ``register(service)`` once per service, where ``service`` is a
        ``cec_ledger.plugins.Service`` or a mapping with its keys: ``id``, ``name``, ``kind``
        (``targeted_support`` or ``step1_programme``), ``section``, ``formats`` (texts, as
        written), ``commitment``, ``structure`` (a ``SeriesStructure`` of ``SeriesPart``:
        part, longest session, count per cohort; ``alternatives`` when a cohort takes one
        format), ``participant_limit``, ``prerequisites`` (``Prerequisite``: a part only
        for those who completed another, same cohort), ``price_rule`` (``PriceRule``:
        ``fixed_per_cohort``, ``block`` or ``not_published``), ``personnel``, ``serves``,
        ``objectives`` (``Objectives``: heading and items, as written), ``elements``
        (Framework for Change elements) and ``sources`` ((figure, sentence) pairs: where each
        published figure comes from). What is not published is None or empty. The shape
        before rules epoch 3 (``delivery``, ``budget``, ``budget_note``,
        ``max_participants``, ``hours_per_session``, ``pathway_step``, ``description``) is
        still accepted, with a DeprecationWarning, and mapped: no budget -> not published; a
        budget with ``hours_per_session`` -> a block price; any other budget -> a fixed price
        per cohort; ``pathway_step`` 1 -> a Step 1 programme, else targeted support.
    :returns: nothing; results go through ``register``.

    Called (not firstresult) the first time the core lists services; cached until the plugin
    manager is reset. Service ids must be unique across plugins (the first in plugin order
    keeps an id).
    """


@hookspec
def cec_ledger_validate_event(
    event_type: str, fields: dict[str, Any], engagement: dict[str, Any], context: str
) -> None:
    """Check an event against a plugin's domain rules before it is recorded.

    :param event_type: the event class name, e.g. ``"SessionDelivered"``. For a correction
        it is the type of the *corrected event*, never ``"EventCorrected"``.
    :param fields: the event's fields as plain values (dates as ISO strings, amounts as
        Decimal); for ``SessionDelivered``: ``service_id``, ``participants``, ``hours``,
        ``delivery``, ``occurred_on``, ``topic``, ``consultant``, ``team_id``, ``cohort``,
        ``part``, ``follows``, ``purpose``, ``unplanned``, ``beyond_plan`` (for coaching the
        core fills ``service_id`` and ``purpose`` from the followed session after the
        plugins ran: they may be None here). For a
        correction: every field of the corrected event, as the correction would make it.
        ``rules_version`` is the rules epoch the event is judged by (the current one for a
        new event; the event's own for a correction or an import line): a plugin that
        tightens a rule applies it only from the epoch it was introduced in, so recorded
        history is not re-judged.
    :param engagement: an ``EngagementView``: a read-only Mapping (``engagement["slug"]``;
        attribute access fails) viewing the engagement before the event: ``id``, ``slug``,
        ``level``, ``entry_point``, ``opened_on``, ``anchors``, ``teams``, ``plan_services``,
        ``plan_lines`` (the lines of the plan in force: ``service_id``, ``name``, ``hours``,
        ``budget``, ``price_note``, ``cohorts``, ``kind``, ``price_rule``), ``plans`` (every
        plan event: ``on``, ``services``), ``sessions`` (dicts with ``version``,
        ``service_id``, ``occurred_on``, ``participants``, ``hours``, ``delivery``,
        ``team_id``, ``cohort``, ``part``, ``follows``, ``unplanned``), ``diagnoses`` (every
        diagnosis so far, a ``DiagnosisView`` each: ``framework_id``, ``ratings``,
        ``readiness_score``, ``greatest_areas_of_need``...) and ``plan`` (the plan in force,
        a ``PlanView``: ``emphasis``, ``kind``, ``goals``, ``services``,
        ``gans_addressed``...; None before PlanSet). Every key is listed under
        ``EngagementView`` below. For a correction: before the corrected event, with the
        earlier corrections applied (a corrected diagnosis is not yet in ``diagnoses``; its
        corrected ratings are in ``fields``).
    :param context: why the event is checked: ``"command"`` (being recorded now),
        ``"correction"`` (a correction is judged as if the event had been recorded with the
        corrected values) or ``"import"`` (a line of an export being imported; for a
        correction line, the corrected event). Added with rules epoch 2; a plugin that does
        not name it in its signature is called without it, as before.
    :returns: None. To refuse the event raise ``cec_ledger.plugins.RuleViolation``
        with a one-line message; it reaches the user unchanged. Any other exception, or a
        return value other than None, is a plugin fault reported as ``PluginError``.

    Called for every plugin (not firstresult), for every event, including corrections and
    imports, so keep it fast and free of I/O. While a plugin implementing this hook is
    failed (in any hook), events are refused naming it rather than recorded unchecked.
    """


@hookspec
def cec_ledger_report_sections(engagement: dict[str, Any], register: Callable[..., None]) -> None:
    """Add sections to an engagement report.

    :param engagement: the same read-only ``EngagementView`` as ``cec_ledger_validate_event``
        gets, of the engagement as reported (``--as-of``, ``--known-at``), its values
        JSON-plain (amounts as decimal strings), with ``diagnoses`` and ``plan`` as the
        report shows them.
    :param register: call ``register(title, body)`` per section: ``title`` a short heading,
        ``body`` markdown text.
    :returns: nothing; results go through ``register``.

    Called (not firstresult) each time a report is built; sections appear in plugin order
    after the core's own sections. A failing plugin's sections are left out, it is reported
    as failed and a warning line goes to stderr; the report is still written.
    """


@hookspec
def cec_ledger_register_checks(register: Callable[..., None]) -> None:
    """Register integrity checks that ``cec-ledger check`` runs beside its own.

    :param register: call ``register(check)`` once per check, where ``check`` is a
        ``cec_ledger.plugins.Check`` or a mapping with its keys: ``name`` (lower-case
        letters, digits and hyphens, unique among all checks), ``purpose`` (one line, shown by
        ``check --list``), ``run`` (a callable), optional ``severity`` (``"warning"``, the
        default, or ``"error"``: an error makes ``check`` exit 1), ``doc`` (longer text with an
        example finding), ``thresholds`` (setting name -> default, positive whole numbers the
        user may change in ``cec-ledger.toml`` as ``[check.NAME]``) and ``default`` (bool: in
        the default set, True by default).
    :returns: nothing; results go through ``register``.

    ``run(engagement, settings)`` is called once per engagement checked. ``engagement`` is
    a read-only Mapping: the view ``cec_ledger_validate_event`` gets, of the engagement as of
    the day checked, plus ``on`` (that day, ISO), ``closed_on``, ``diagnoses`` (each with
    ``version``, ``framework_id``, ``framework_version``, ``occurred_on``, ``ratings``,
    ``greatest_areas_of_need``, ``not_observed``) and ``plan`` (the plan in force: ``kind``,
    ``emphasis``, ``since``, ``services``, ``goals``, ``gans_addressed``; None before one is
    set). ``settings`` maps the check's thresholds to their values. It returns (or yields)
    findings, each a ``cec_ledger.plugins.CheckFinding(message, events)`` (``events``: the
    numbers of the engagement's events it is about), a ``(message, events)`` pair or a
    message alone; the message is one line in users' words.

    Called (not firstresult) the first time the core lists checks; cached until the plugin
    manager is reset. A name taken by a built-in check or an earlier plugin fails the plugin
    (none of its checks is used). A ``run`` that raises, or returns something else, is
    reported as a failed check: a warning line naming the check and the plugin, status
    ``failed`` in ``check --json``, and among the plugin's warnings in ``cec-ledger plugins``
    (in the same session). The other checks still run, and the plugin stays active in every
    other hook.
    """
