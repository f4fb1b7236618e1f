"""The public surface for plugin authors: everything a cec-ledger plugin imports.

Import from here, never from the modules inside::

    from cec_ledger.plugins import Framework, Indicator, RatingScale, RuleViolation, hookimpl

Modules: ``hookspecs`` (the hooks and their contracts), ``manager`` (the one plugin manager:
loading, disabling, tracing, fault isolation), ``frameworks`` (diagnostic frameworks),
``services`` (the service catalogue), ``checks`` (integrity checks for ``cec-ledger check``),
``validation`` (the event-validation hook and the engagement view plugins read), ``views``
(the view's types: ``EngagementView`` and the shapes inside it), ``reports`` (report
sections), ``info`` (``plugin_info``) and ``testing`` (pytest fixtures). Every hook is
called from this package.
"""

from cec_ledger.domain.errors import InvalidValue, NotFound, PluginError, RuleViolation
from cec_ledger.plugins import hookspecs
from cec_ledger.plugins.checks import Check, CheckFinding, plugin_checks
from cec_ledger.plugins.comparison import compare_diagnoses
from cec_ledger.plugins.frameworks import (
    NOT_OBSERVED,
    Framework,
    Indicator,
    RatingScale,
    get_framework,
    list_frameworks,
)
from cec_ledger.plugins.hookspecs import hookimpl, hookspec
from cec_ledger.plugins.info import plugin_info, plugin_warnings
from cec_ledger.plugins.manager import (
    DISABLE_ENV,
    ENTRY_POINT_GROUP,
    TRACE_ENV,
    Malformed,
    PluginManager,
    PluginRecord,
    build_plugin_manager,
    cached,
    call_each,
    call_impl,
    collect,
    failure_hint,
    get_plugin_manager,
    hook_impls,
    reset_plugin_manager,
    set_plugin_manager,
)
from cec_ledger.plugins.reports import plugin_sections
from cec_ledger.plugins.services import (
    Objectives,
    Prerequisite,
    PriceRule,
    SeriesPart,
    SeriesStructure,
    Service,
    dollars,
    get_service,
    list_services,
    unknown_service,
)
from cec_ledger.plugins.validation import engagement_view, validate_event
from cec_ledger.plugins.views import (
    AnchorView,
    DiagnosisView,
    EngagementView,
    GoalView,
    PlanLineView,
    PlanRecordView,
    PlanView,
    SessionView,
)

__all__ = [
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "NOT_OBSERVED",
    "TRACE_ENV",
    "AnchorView",
    "Check",
    "CheckFinding",
    "DiagnosisView",
    "EngagementView",
    "Framework",
    "GoalView",
    "Indicator",
    "InvalidValue",
    "Malformed",
    "NotFound",
    "Objectives",
    "PlanLineView",
    "PlanRecordView",
    "PlanView",
    "PluginError",
    "PluginManager",
    "PluginRecord",
    "Prerequisite",
    "PriceRule",
    "RatingScale",
    "RuleViolation",
    "SeriesPart",
    "SeriesStructure",
    "Service",
    "SessionView",
    "build_plugin_manager",
    "cached",
    "call_each",
    "call_impl",
    "collect",
    "compare_diagnoses",
    "dollars",
    "engagement_view",
    "failure_hint",
    "get_framework",
    "get_plugin_manager",
    "get_service",
    "hook_impls",
    "hookimpl",
    "hookspec",
    "hookspecs",
    "list_frameworks",
    "list_services",
    "plugin_checks",
    "plugin_info",
    "plugin_sections",
    "plugin_warnings",
    "reset_plugin_manager",
    "set_plugin_manager",
    "unknown_service",
    "validate_event",
]

# Kept for plugins written before the rename (the manager was LedgerPluginManager).
LedgerPluginManager = PluginManager
