"""The plugin manager: registration, disabling, tracing, fault isolation, load failures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from cec_ledger.domain.errors import NotFound, PluginError, RuleViolation
from cec_ledger.plugins import (
    PluginManager,
    build_plugin_manager,
    get_framework,
    get_plugin_manager,
    get_service,
    hookimpl,
    list_frameworks,
    list_services,
    plugin_info,
    reset_plugin_manager,
    set_plugin_manager,
    validate_event,
)

pytest_plugins = ["cec_ledger.plugins.testing"]

TINY = {
    "id": "tiny",
    "name": "Tiny",
    "version": "1",
    "description": "two indicators",
    "indicators": [{"id": "X", "title": "Ex", "group": "G"}, {"id": "Y", "title": "Why"}],
    "rating_scale": {"values": ["low", "high"], "labels": {"low": "Low", "high": "High"}},
}


class Good:
    plugin_name = "good-plugin"

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        register(TINY)

    @hookimpl
    def cec_ledger_register_services(self, register: Any) -> None:
        register(
            {
                "id": "tiny-coaching",
                "name": "Tiny coaching",
                "delivery": "coaching",
                "budget": "1,200",
                "max_participants": 3,
            }
        )

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str, fields: dict[str, Any]) -> None:
        if fields.get("participants", 0) > 3:
            raise RuleViolation("tiny-coaching allows at most 3 participants")


class Raises:
    plugin_name = "raising-plugin"

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        register({**TINY, "id": "half"})
        raise RuntimeError("database of indicators is offline")

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str) -> None:
        raise KeyError("service_id")


class Malformed:
    plugin_name = "malformed-plugin"

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        register({**TINY, "id": "bad", "rating_scale": {"values": ["only"]}})

    @hookimpl
    def cec_ledger_register_services(self, register: Any) -> None:
        register({"id": "x", "name": "X", "delivery": "lecturing"})


class ReturnsText:
    plugin_name = "returns-text"

    @hookimpl
    def cec_ledger_validate_event(self) -> str:
        return "participants over the limit"


class Duplicate:
    plugin_name = "duplicate-plugin"

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        register(TINY)


class Misspelt:
    plugin_name = "misspelt-plugin"

    def cec_ledger_register_framework(self, register: Any) -> None:  # missing "s"
        register(TINY)


def info(name: str) -> dict[str, Any]:
    return next(row for row in plugin_info(exercise=True) if row["name"] == name)


def test_get_plugin_manager_is_cached_and_reset_rebuilds() -> None:
    previous = set_plugin_manager(None)
    try:
        first = get_plugin_manager()
        assert get_plugin_manager() is first
        reset_plugin_manager()
        assert get_plugin_manager() is not first
        assert isinstance(first, PluginManager)
    finally:
        set_plugin_manager(previous)


def test_registered_plugin_provides_frameworks_services_and_rules(make_plugin_manager) -> None:
    make_plugin_manager(Good())
    assert [f.id for f in list_frameworks()] == ["tiny"]
    assert get_framework("tiny").plugin == "good-plugin"
    service = get_service("tiny-coaching")
    assert str(service.price_rule.amount) == "1200" and service.participant_limit == 3
    with pytest.raises(RuleViolation, match="at most 3 participants"):
        validate_event("SessionDelivered", {"participants": 4}, {"sessions": []})
    row = info("good-plugin")
    assert row["status"] == "ok" and row["error"] is None
    assert row["hooks"] == [
        "cec_ledger_register_frameworks",
        "cec_ledger_register_services",
        "cec_ledger_validate_event",
    ]
    assert row["frameworks"] == ["tiny"] and row["services"] == ["tiny-coaching"]


def test_raising_plugin_is_named_marked_failed_and_others_keep_working(
    make_plugin_manager,
) -> None:
    make_plugin_manager(Good(), Raises())
    assert [f.id for f in list_frameworks()] == ["tiny"]  # nothing half-registered
    row = info("raising-plugin")
    assert row["status"] == "failed"
    assert row["error"] == (
        "plugin 'raising-plugin' failed in cec_ledger_register_frameworks: "
        "RuntimeError: database of indicators is offline"
    )
    assert info("good-plugin")["status"] == "ok"


def test_validate_event_fault_is_plugin_error_but_refusal_passes_unchanged(
    make_plugin_manager,
) -> None:
    make_plugin_manager(Good(), Raises())
    with pytest.raises(PluginError) as caught:
        validate_event("SessionDelivered", {"participants": 1}, {"sessions": []})
    assert str(caught.value) == (
        "plugin 'raising-plugin' failed in cec_ledger_validate_event: KeyError: 'service_id'"
    )
    assert info("raising-plugin")["status"] == "failed"
    make_plugin_manager(Good())
    with pytest.raises(RuleViolation) as refused:
        validate_event("SessionDelivered", {"participants": 9}, {"sessions": []})
    assert type(refused.value) is RuleViolation


def test_validate_event_returning_a_value_is_a_fault(make_plugin_manager) -> None:
    make_plugin_manager(ReturnsText())
    with pytest.raises(
        PluginError,
        match=r"^plugin 'returns-text' failed in "
        r"cec_ledger_validate_event: returned 'participants over the limit'",
    ):
        validate_event("SessionDelivered", {}, {"sessions": []})


def test_malformed_data_is_reported_with_plugin_hook_and_reason(make_plugin_manager) -> None:
    make_plugin_manager(Good(), Malformed())
    assert [f.id for f in list_frameworks()] == ["tiny"]
    # Failed in one hook means inactive in all: its services hook is never called.
    assert [s.id for s in list_services()] == ["tiny-coaching"]
    assert info("malformed-plugin")["error"] == (
        "plugin 'malformed-plugin' failed in cec_ledger_register_frameworks: an ordinal "
        "rating scale needs two or more distinct values"
    )
    make_plugin_manager(Good(), Malformed())
    assert [s.id for s in list_services()] == ["tiny-coaching"]
    assert info("malformed-plugin")["error"].startswith(
        "plugin 'malformed-plugin' failed in cec_ledger_register_services: service 'x': "
        "delivery 'lecturing' is not one of training, facilitating, networking, "
        "mentoring, coaching"
    )


def test_duplicate_framework_id_keeps_the_first_and_fails_the_second(
    make_plugin_manager,
) -> None:
    make_plugin_manager(Good(), Duplicate())  # pluggy calls the last registered first
    assert get_framework("tiny").plugin == "duplicate-plugin"
    assert info("good-plugin")["error"] == (
        "plugin 'good-plugin' failed in cec_ledger_register_frameworks: framework 'tiny' is "
        "already registered by plugin 'duplicate-plugin'"
    )


def test_unmarked_misspelt_hook_is_ignored_with_a_warning(make_plugin_manager, capsys) -> None:
    make_plugin_manager(Good(), Misspelt())
    row = info("misspelt-plugin")
    assert row["status"] == "ok" and row["hooks"] == []
    assert row["warnings"] == [
        "plugin 'misspelt-plugin': cec_ledger_register_framework is not a hook (did you mean "
        "cec_ledger_register_frameworks?); it is ignored"
    ]
    assert [f.id for f in list_frameworks()] == ["tiny"]
    assert capsys.readouterr().err == f"warning: {row['warnings'][0]}\n"


def test_marked_misspelt_hook_is_a_recorded_failure_not_a_crash(make_plugin_manager) -> None:
    class MarkedMisspelt:
        plugin_name = "marked-misspelt"

        @hookimpl
        def cec_ledger_register_framework(self, register: Any) -> None:
            register(TINY)

    pm = make_plugin_manager(Good(), MarkedMisspelt())
    row = info("marked-misspelt")
    assert row["status"] == "failed"
    assert "unknown hook 'cec_ledger_register_framework'" in row["error"]
    assert pm.get_plugin("marked-misspelt") is None
    assert [f.id for f in list_frameworks()] == ["tiny"]


def test_hookimpl_with_unknown_argument_fails_registration(make_plugin_manager) -> None:
    class WrongArgs:
        plugin_name = "wrong-args"

        @hookimpl
        def cec_ledger_validate_event(self, event_type: str, ledger: Any) -> None:
            pass

    make_plugin_manager(WrongArgs(), Good())
    assert info("wrong-args")["status"] == "failed"
    assert "plugin 'wrong-args' could not be registered" in info("wrong-args")["error"]
    assert info("good-plugin")["status"] == "ok"


def test_disabled_by_environment(monkeypatch, make_plugin_manager) -> None:
    monkeypatch.setenv("CEC_LEDGER_DISABLE_PLUGINS", " Good_Plugin , other")
    set_plugin_manager(build_plugin_manager(Good(), Duplicate(), load_entrypoints=False))
    assert info("good-plugin")["status"] == "disabled"
    assert info("good-plugin")["hooks"] == []
    assert get_framework("tiny").plugin == "duplicate-plugin"


def test_disabling_an_installed_plugin_by_name(monkeypatch, make_plugin_manager) -> None:
    monkeypatch.setenv("CEC_LEDGER_DISABLE_PLUGINS", "cec-ledger-baldrige")
    set_plugin_manager(build_plugin_manager())
    assert info("cec-ledger-baldrige")["status"] == "disabled"
    assert info("cec-ledger-baldrige")["version"] == "0.1.0"
    ids = [f.id for f in list_frameworks()]
    assert "plc" in ids and "baldrige" not in ids


def test_tracing_writes_hook_calls_to_stderr(monkeypatch, capsys, make_plugin_manager) -> None:
    monkeypatch.setenv("CEC_LEDGER_TRACE_PLUGINS", "1")
    set_plugin_manager(build_plugin_manager(Good(), Raises(), load_entrypoints=False))
    list_frameworks()
    err = capsys.readouterr().err
    assert "cec_ledger_register_frameworks -> good-plugin(register)" in err
    assert "cec_ledger_register_frameworks <- good-plugin: register() called 1 time(s)" in err
    assert "cec_ledger_register_frameworks <- raising-plugin: failed: RuntimeError" in err


def test_no_tracing_by_default(capsys, make_plugin_manager) -> None:
    make_plugin_manager(Good())
    list_frameworks()
    assert capsys.readouterr().err == ""


def test_installed_bundled_plugins_are_listed_with_versions() -> None:
    previous = set_plugin_manager(build_plugin_manager())
    try:
        rows = {row["name"]: row for row in plugin_info(exercise=True)}
        for name in ("cec-ledger-plc", "cec-ledger-baldrige", "cec-ledger-services"):
            assert rows[name]["status"] == "ok", rows[name]["error"]
            assert rows[name]["version"] == "0.1.0"
            assert rows[name]["distribution"] == "cec-ledger"  # shipped inside it
        assert rows["cec-ledger-plc"]["frameworks"] == ["plc"]
        assert "conflict-resolution" in rows["cec-ledger-services"]["services"]
    finally:
        set_plugin_manager(previous)


def test_entry_point_that_fails_to_import_is_recorded(
    tmp_path: Path, monkeypatch, make_plugin_manager
) -> None:
    # A real (if minimal) installed distribution on sys.path whose module does not exist.
    info_dir = tmp_path / "cec_ledger_ghost-1.2.3.dist-info"
    info_dir.mkdir()
    (info_dir / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: cec-ledger-ghost\nVersion: 1.2.3\n"
    )
    (info_dir / "entry_points.txt").write_text("[cec_ledger]\nghost = cec_ledger_ghost_mod\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    make_plugin_manager(load_entrypoints=True)
    row = info("ghost")
    assert row["status"] == "failed" and row["version"] == "1.2.3"
    assert row["error"].startswith(
        "plugin 'ghost' failed to load cec_ledger_ghost_mod: ModuleNotFoundError"
    )
    assert info("cec-ledger-plc")["status"] == "ok"
    assert "cec_ledger_ghost_mod" not in sys.modules


def test_unknown_framework_mentions_failed_plugins(make_plugin_manager) -> None:
    make_plugin_manager(Good(), Raises())
    with pytest.raises(NotFound) as caught:
        get_framework("half")
    assert str(caught.value) == (
        "unknown framework 'half'; known: tiny (plugin 'raising-plugin' failed; see "
        "'cec-ledger plugins')"
    )
