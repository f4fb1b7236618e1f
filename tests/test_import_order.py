"""Import keeps the log's interleaving across engagements."""

from __future__ import annotations

import json
from contextlib import nullcontext
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest
from eventsourcing.persistence import IntegrityError

from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.errors import InvalidValue, RuleViolation
from cec_ledger.domain.events import EventCorrected
from cec_ledger.facade import importer
from cec_ledger.facade.importer import import_lines
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.lines import to_line
from cec_ledger.plugins import hookimpl, set_plugin_manager
from cec_ledger.plugins.validation import plugin_validator
from cec_ledger.storage.snapshots import encoded_state
from tests.clihelp import export_bytes, ok
from tests.domain.builders import BASE_STEPS, build, in_memory_app, opened, record
from tests.plugins.test_import_policy import use


def test_round_trip_keeps_the_interleaved_log_order(ledger_url: str, tmp_path: Path) -> None:
    """Two engagements recorded turn about: the import must not regroup them."""
    ok(ledger_url, "demo")
    export = tmp_path / "demo.jsonl"
    ok(ledger_url, "export", "-o", str(export))
    slugs = [json.loads(line)["engagement"] for line in export.read_text().splitlines()]
    assert slugs != sorted(slugs, key=slugs.index)  # really interleaved
    copy = str(tmp_path / "copy.db")
    ok(copy, "import", str(export))
    assert export_bytes(copy) == export.read_text()
    assert ok(copy, "verify").out.startswith("OK: 237 events verified")


DECODED_DEFAULT = importer.DECODED


# ---------------------------------------------------------------- corrections on import
# A correction is checked against its engagement's history: the stored events, then the ones
# this import checked before it. Every event of the file is then checked against the state a
# replay of the events before it folds, whether the ledger held some of them already and
# however few histories the import keeps decoded (importer.DECODED).


def corrected_engagement(slug: str, signatories: tuple[str, ...]) -> list[Any]:
    """An engagement (``builders.BASE_STEPS`` after its opening) whose board signatory is
    corrected once per name, with two outcomes observed after each correction; its events."""
    engagement = opened(slug=slug)
    for event_type, changes in BASE_STEPS:
        record(engagement, event_type, **changes)
    for signatory in signatories:
        record(engagement, "EventCorrected", corrected_fields={"signatory": signatory})
        record(engagement, "OutcomeObserved")
        record(engagement, "OutcomeObserved")
    # typed in memory (Decimal), plain JSON once stored: the state folds what is stored
    record(
        engagement,
        "EventCorrected",
        corrects_version=5,
        corrects_type="SessionDelivered",
        corrected_fields={"hours": Decimal("3.5")},
    )
    record(engagement, "OutcomeObserved")
    return [(event, slug) for event in engagement.collect_events()]


def interleaved(*histories: list[Any]) -> list[tuple[Any, str]]:
    out: list[tuple[Any, str]] = []
    for i in range(max(len(h) for h in histories)):
        out.extend(h[i] for h in histories if i < len(h))
    return out


@pytest.mark.parametrize("decoded", [DECODED_DEFAULT, 4])
@pytest.mark.parametrize("already_stored", [0, 5, 6, 9, 10])
def test_each_imported_event_is_checked_against_the_fold_of_the_events_before_it(
    monkeypatch: pytest.MonkeyPatch, already_stored: int, decoded: int
) -> None:
    monkeypatch.setattr(importer, "DECODED", decoded)
    first = corrected_engagement("maple-ridge", ("A. One", "B. Two", "C. Three"))
    second = corrected_engagement("oak-hill", ("D. Four", "E. Five"))
    events = interleaved(first, second)
    lines = [orjson.dumps(to_line(event, slug)) for event, slug in events]
    seen: list[tuple[str, Any]] = []

    def validator(event_type: str, fields: dict, state: Any, context: str) -> None:
        seen.append((event_type, encoded_state(state)))

    app = in_memory_app(validator=validator)
    import_lines(app, lines[:already_stored], today=date(2026, 1, 1))
    seen.clear()
    report = import_lines(app, lines, today=date(2026, 1, 1))
    assert (report.written, report.skipped) == (len(lines) - already_stored, already_stored)
    expected = []
    for event, _ in events[already_stored:]:
        history = app.engagement_events(event.originator_id)  # as the store reads them
        if isinstance(event, EventCorrected):  # judged as its target (by its own rules)
            expected.append(history[event.corrects_version - 1].__class__.__name__)
        else:
            before = fold_history(history[: event.originator_version - 1])
            expected.append((type(event).__name__, encoded_state(before)))
    assert [
        name if isinstance(event, EventCorrected) else (name, state)
        for (event, _), (name, state) in zip(events[already_stored:], seen, strict=True)
    ] == expected


# ---------------------------------------------------------------- what findings and refusals name
# An event is named slug#version: its engagement's slug as the ledger (or this import) holds
# it, whatever the line says; a line may leave its slug out, and an engagement the import
# has not opened yet is then named by its id.
class RefusesOpeningsAndAnchors:
    """A plugin rule added after the history was recorded."""

    plugin_name = "no-anchors"

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str) -> None:
        if event_type in ("EngagementOpened", "AnchorCommitted"):
            raise RuleViolation(f"no {event_type} here")


@pytest.fixture
def refusing_plugin() -> Any:
    previous = set_plugin_manager(None)
    use(RefusesOpeningsAndAnchors())
    yield
    set_plugin_manager(previous)


def export_of(engagement: Any, slug: str | None) -> list[bytes]:
    """The engagement's lines, without their slug when ``slug`` is None."""
    lines = []
    for event in engagement.history:
        row = to_line(event, slug or "")
        if slug is None:
            del row["engagement"]
        lines.append(orjson.dumps(row))
    return lines


@pytest.mark.parametrize("slug_on_the_lines", [True, False])
def test_findings_name_each_event_by_its_engagements_slug(
    refusing_plugin: None, slug_on_the_lines: bool
) -> None:
    engagement = build([("EventCorrected", {"corrected_fields": {"signatory": "R. Alvarez-Ruiz"}})])
    eid = engagement.id
    lines = export_of(engagement, "maple-ridge" if slug_on_the_lines else None)
    app = in_memory_app(validator=plugin_validator)
    report = import_lines(app, lines, today=date(2026, 1, 1))
    opening = "maple-ridge" if slug_on_the_lines else str(eid)
    assert [
        (f["line"], f["event"], f["type"], f["plugin"], f["message"]) for f in report.findings
    ] == [
        (1, f"{opening}#1", "EngagementOpened", "no-anchors", "no EngagementOpened here"),
        (2, "maple-ridge#2", "AnchorCommitted", "no-anchors", "no AnchorCommitted here"),
        # the correction of #2 is judged as #2 would be, under the correction's own name
        (6, "maple-ridge#6", "EventCorrected", "no-anchors", "no AnchorCommitted here"),
    ]


def test_a_changed_line_without_its_slug_is_refused_naming_the_stored_engagement() -> None:
    engagement = build()
    app = in_memory_app()
    import_lines(app, export_of(engagement, "maple-ridge"), today=date(2026, 1, 1))
    changed = [orjson.loads(line) for line in export_of(engagement, None)]
    changed[1]["recorded_by"] = "mallory"
    with pytest.raises(InvalidValue) as refused:
        import_lines(app, [orjson.dumps(row) for row in changed], today=date(2026, 1, 1))
    assert str(refused.value) == (
        "line 2: maple-ridge#2 is already in the ledger (AnchorCommitted) but differs in "
        "recorded_by (stored 'tester', line 'mallory'); refusing to overwrite history"
    )


def test_an_import_adding_to_one_engagement_leaves_a_fully_stored_one_as_it_was(
    sqlite_url: str,
) -> None:
    """Only the engagements the import writes to have their summary rewritten."""
    first = corrected_engagement("maple-ridge", ("A. One",))
    second = corrected_engagement("oak-hill", ())
    lines = [orjson.dumps(to_line(event, slug)) for event, slug in first]
    with Ledger.open(sqlite_url, actor="t", create=True) as ledger:
        import_lines(ledger.app, lines, today=date(2026, 1, 1))
    lines += [orjson.dumps(to_line(event, slug)) for event, slug in second]
    with Ledger.open(sqlite_url, actor="t") as ledger:
        report = import_lines(ledger.app, lines, today=date(2026, 1, 1))
        assert (report.written, report.skipped) == (len(second), len(first))
        assert sorted((e["slug"], e["events"]) for e in ledger.engagements()) == [
            ("maple-ridge", len(first)),
            ("oak-hill", len(second)),
        ]


def test_a_write_by_another_writer_during_the_check_is_not_read_into_the_history(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check reads each stored history up to the head it found when it first met the
    engagement: an event another writer stores meanwhile changes no state the check sees
    (the write then finds the clash: here the in-memory store refuses a second #7)."""
    first = corrected_engagement("maple-ridge", ("A. One", "B. Two"))
    lines = [orjson.dumps(to_line(event, slug)) for event, slug in first]
    stored = 6  # the file goes on with #7, #8 and #9, which corrects #2 (read from the store)

    def seen_by_the_check(sneak: bool) -> list[tuple[str, Any]]:
        seen: list[tuple[str, Any]] = []
        armed: list[bool] = []

        def validator(event_type: str, fields: dict, state: Any, context: str) -> None:
            if armed and not seen:  # another writer appends #7 to the stored engagement
                other = app.get_engagement(first[0][0].originator_id)
                record(other, "OutcomeObserved", evidence="written meanwhile")
                app.recorder.insert_events(
                    [app.mapper.to_stored_event(e) for e in other.collect_events()]
                )
            seen.append((event_type, encoded_state(state)))

        app = in_memory_app(validator=validator)
        import_lines(app, lines[:stored], today=date(2026, 1, 1))
        seen.clear()
        armed.extend([sneak] if sneak else [])
        with pytest.raises(IntegrityError) if sneak else nullcontext():
            import_lines(app, lines, today=date(2026, 1, 1))
        return seen

    assert seen_by_the_check(sneak=True) == seen_by_the_check(sneak=False)
