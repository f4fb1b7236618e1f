"""Issue 15's findings about failures and order, one test each: failures are visible (a
warning line and a row in ``plugins``), ``failed`` means inactive in every hook, plugins are
called by name with tryfirst/trylast honoured, ``plugins --json`` and ``plugin_info()`` give
the same rows, helpers named ``cec_ledger_*`` cannot break a plugin, an unknown name in
``CEC_LEDGER_DISABLE_PLUGINS`` warns and a disabled framework says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cec_ledger.plugins import (
    NotFound,
    PluginError,
    build_plugin_manager,
    get_framework,
    get_service,
    hookimpl,
    list_frameworks,
    list_services,
    plugin_info,
    set_plugin_manager,
    validate_event,
)
from cec_ledger.plugins.reports import plugin_sections
from tests.clihelp import ENGAGEMENT, invoke, ok

pytest_plugins = ["cec_ledger.plugins.testing"]


def tiny(framework_id: str) -> dict[str, Any]:
    return {
        "id": framework_id,
        "name": framework_id.title(),
        "version": "1",
        "indicators": [{"id": "X", "title": "Ex"}, {"id": "Y", "title": "Why"}],
        "rating_scale": {"values": ["low", "high"]},
    }


def section_plugin(name: str, **marks: bool) -> Any:
    """A plugin adding one report section titled with its own name."""

    class Plugin:
        plugin_name = name

        @hookimpl(**marks)
        def cec_ledger_report_sections(self, register: Any) -> None:
            register(name, f"from {name}")

    return Plugin()


class BrokenSections:
    plugin_name = "broken-sections"

    @hookimpl
    def cec_ledger_report_sections(self, engagement: Any, register: Any) -> None:
        raise RuntimeError("template missing")


class FailsEverywhere:
    """Fails when registering frameworks; its other hooks must then stay silent."""

    plugin_name = "fails-everywhere"
    calls: list[str] = []

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        raise RuntimeError("indicator file missing")

    @hookimpl
    def cec_ledger_register_services(self, register: Any) -> None:
        self.calls.append("services")
        register({"id": "svc", "name": "Svc", "delivery": "coaching"})

    @hookimpl
    def cec_ledger_report_sections(self, register: Any) -> None:
        self.calls.append("sections")
        register("Never", "shown")

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str) -> None:
        self.calls.append("validate")


def rows_by_name() -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in plugin_info()}


# --- failures are visible -------------------------------------------------------------------


def test_report_section_failure_is_a_warning_line_and_a_failed_row(
    make_plugin_manager, tmp_path: Path
) -> None:
    make_plugin_manager(BrokenSections(), section_plugin("good-sections"))
    url = str(tmp_path / "ledger.db")
    ok(url, "init")
    ok(url, *ENGAGEMENT)
    report = ok(url, "report", "maple-ridge")
    assert "from good-sections" in report.out
    assert report.err == (
        "warning: plugin 'broken-sections' failed in cec_ledger_report_sections: "
        "RuntimeError: template missing; its report sections are left out "
        "(see 'cec-ledger plugins')\n"
    )
    listed = ok(None, "plugins")
    assert (
        "failed: plugin 'broken-sections' failed in cec_ledger_report_sections: "
        "RuntimeError: template missing"
    ) in listed.out.splitlines()
    assert listed.err == ""  # the listing reports failures itself


def test_the_warning_is_written_once_per_process(make_plugin_manager, capsys) -> None:
    make_plugin_manager(BrokenSections())
    plugin_sections({"slug": "x"})
    plugin_sections({"slug": "x"})
    assert capsys.readouterr().err.count("warning: ") == 1


# --- failed means inactive in every hook ----------------------------------------------------


def test_a_failed_plugin_is_inactive_in_every_hook(make_plugin_manager) -> None:
    FailsEverywhere.calls = []
    make_plugin_manager(FailsEverywhere(), section_plugin("good-sections"))
    assert list_frameworks() == []
    assert list_services() == []
    assert plugin_sections({"slug": "x"}) == [("good-sections", ["from good-sections"])]
    assert FailsEverywhere.calls == []
    row = rows_by_name()["fails-everywhere"]
    assert row["status"] == "failed" and row["services"] == [] and row["frameworks"] == []


def test_events_are_refused_while_a_rule_checking_plugin_is_failed(make_plugin_manager) -> None:
    FailsEverywhere.calls = []
    make_plugin_manager(FailsEverywhere())
    list_frameworks()
    with pytest.raises(PluginError) as refused:
        validate_event("SessionDelivered", {}, {"sessions": []})
    assert str(refused.value) == (
        "plugin 'fails-everywhere' cannot run cec_ledger_validate_event: it failed earlier "
        "(plugin 'fails-everywhere' failed in cec_ledger_register_frameworks: RuntimeError: "
        "indicator file missing); disable it (CEC_LEDGER_DISABLE_PLUGINS=fails-everywhere) "
        "to go on without it"
    )
    assert FailsEverywhere.calls == []


def test_a_plugin_that_fails_later_drops_what_it_registered_before(make_plugin_manager) -> None:
    class LateFailure:
        plugin_name = "late-failure"

        @hookimpl
        def cec_ledger_register_frameworks(self, register: Any) -> None:
            register(tiny("late"))

        @hookimpl
        def cec_ledger_report_sections(self, register: Any) -> None:
            raise RuntimeError("boom")

    make_plugin_manager(LateFailure())
    assert [f.id for f in list_frameworks()] == ["late"]
    plugin_sections({"slug": "x"})
    assert list_frameworks() == []
    with pytest.raises(NotFound, match="plugin 'late-failure' failed"):
        get_framework("late")


# --- order ----------------------------------------------------------------------------------


def test_plugins_are_called_by_name_whatever_the_registration_order(make_plugin_manager) -> None:
    names = ["charlie", "alpha", "bravo"]
    make_plugin_manager(*(section_plugin(n) for n in names))
    assert [title for title, _ in plugin_sections({})] == ["alpha", "bravo", "charlie"]
    make_plugin_manager(*(section_plugin(n) for n in reversed(names)))
    assert [title for title, _ in plugin_sections({})] == ["alpha", "bravo", "charlie"]
    assert [row["name"] for row in plugin_info()] == ["alpha", "bravo", "charlie"]


def test_tryfirst_and_trylast_are_honoured(make_plugin_manager) -> None:
    make_plugin_manager(
        section_plugin("alpha", trylast=True),
        section_plugin("bravo"),
        section_plugin("zulu", tryfirst=True),
    )
    assert [title for title, _ in plugin_sections({})] == ["zulu", "bravo", "alpha"]


def test_a_duplicate_id_goes_to_the_first_by_name(make_plugin_manager) -> None:
    def provider(name: str, **marks: bool) -> Any:
        class Provider:
            plugin_name = name

            @hookimpl(**marks)
            def cec_ledger_register_frameworks(self, register: Any) -> None:
                register(tiny("shared"))
                register(tiny(f"own-{name}"))

        return Provider()

    make_plugin_manager(provider("zeta"), provider("beta"))
    assert get_framework("shared").plugin == "beta"
    rows = rows_by_name()
    assert rows["zeta"]["error"] == (
        "plugin 'zeta' failed in cec_ledger_register_frameworks: framework 'shared' is "
        "already registered by plugin 'beta'"
    )
    assert rows["zeta"]["frameworks"] == []  # nothing of a failed plugin is used
    make_plugin_manager(provider("zeta", tryfirst=True), provider("beta"))
    assert get_framework("shared").plugin == "zeta"


# --- one set of rows ------------------------------------------------------------------------


def test_plugins_json_and_plugin_info_give_the_same_rows(make_plugin_manager) -> None:
    make_plugin_manager(FailsEverywhere(), section_plugin("good-sections"), load_entrypoints=True)
    printed = json.loads(ok(None, "plugins", "--json").out)
    assert printed == json.loads(json.dumps(plugin_info()))
    assert set(printed[0]) == {
        "name",
        "version",
        "distribution",
        "source",
        "hooks",
        "status",
        "error",
        "warnings",
        "frameworks",
        "services",
        "checks",
    }
    assert rows_by_name()["cec-ledger-plc"]["frameworks"] == ["plc"]
    assert rows_by_name()["cec-ledger-plc"]["checks"] == ["plc-gan-without-service"]


# --- helpers are not hooks ------------------------------------------------------------------


def test_a_helper_named_like_a_hook_cannot_break_a_plugin(make_plugin_manager, capsys) -> None:
    class WithHelpers:
        plugin_name = "with-helpers"

        def cec_ledger_version_string(self) -> str:  # a helper, not a hook
            return "1"

        def cec_ledger_register_frameworks(self, register: Any) -> None:  # unmarked hook
            register(tiny("helped"))

    make_plugin_manager(WithHelpers())
    row = rows_by_name()["with-helpers"]
    assert (row["status"], row["warnings"]) == ("ok", [])
    assert row["hooks"] == ["cec_ledger_register_frameworks"]
    assert get_framework("helped").plugin == "with-helpers"
    assert capsys.readouterr().err == ""


# --- disabling ------------------------------------------------------------------------------


def test_an_unknown_disabled_name_warns_once(monkeypatch, capsys) -> None:
    monkeypatch.setenv("CEC_LEDGER_DISABLE_PLUGINS", "cec-ledger-baldrig,cec-ledger-plc")
    previous = set_plugin_manager(build_plugin_manager())
    try:
        err = capsys.readouterr().err
        assert err.startswith(
            "warning: CEC_LEDGER_DISABLE_PLUGINS names no installed plugin: "
            "'cec-ledger-baldrig' (installed: "
        )
        assert err.count("\n") == 1
        listed = ok(None, "plugins")
        assert listed.out.splitlines()[-1] == f"warning: {err.removeprefix('warning: ').strip()}"
        assert rows_by_name()["cec-ledger-baldrige"]["status"] == "ok"
    finally:
        set_plugin_manager(previous)


def test_no_warning_for_names_that_match(monkeypatch, capsys) -> None:
    monkeypatch.setenv("CEC_LEDGER_DISABLE_PLUGINS", "CEC_LEDGER_PLC, cec-ledger")
    previous = set_plugin_manager(build_plugin_manager())
    try:
        assert capsys.readouterr().err == ""  # by plugin name or by distribution name
    finally:
        set_plugin_manager(previous)


def test_a_disabled_framework_says_it_is_disabled(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CEC_LEDGER_DISABLE_PLUGINS", "cec-ledger-plc")
    previous = set_plugin_manager(None)  # the CLI builds its manager from the environment
    try:
        url = str(tmp_path / "ledger.db")
        ok(url, "init")
        ok(url, *ENGAGEMENT)
        ratings = tmp_path / "plc.json"
        ratings.write_text(json.dumps({"A": "developing"}))
        refused = invoke(
            url,
            "diagnose",
            "maple-ridge",
            "--framework",
            "plc",
            "--ratings",
            str(ratings),
            "--assessor",
            "J. Okafor",
        )
        assert refused.code == 1
        assert refused.err.startswith("error: unknown framework 'plc'; known: baldrige")
        assert refused.err.endswith(
            "(plugin 'cec-ledger-plc' is disabled by CEC_LEDGER_DISABLE_PLUGINS; "
            "see 'cec-ledger plugins')\n"
        )
        with pytest.raises(NotFound, match="is disabled by CEC_LEDGER_DISABLE_PLUGINS"):
            get_service("no-such-service")
    finally:
        set_plugin_manager(previous)
