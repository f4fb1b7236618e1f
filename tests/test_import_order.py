"""Import keeps the log's interleaving across engagements; each imported event is checked
against the fold of the events before it (stored or imported, corrections included); the
bulk writer an import uses (``projections.bulk``) writes what recording one by one writes."""

from __future__ import annotations

import json
import sqlite3
import time
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
from cec_ledger.facade.importer import ImportReport, _Import, import_lines
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.lines import to_line
from cec_ledger.plugins import hookimpl, set_plugin_manager
from cec_ledger.plugins.validation import plugin_validator
from cec_ledger.storage.snapshots import encoded_state
from tests.clihelp import base_engagement, export_bytes, invoke, ok
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


# --- The bulk writer (projections/bulk.py) writes what recording one by one writes ----------
# Its mutants are judged by this file: an import's search words, encrypted engagement rows
# and the seconds it reports per part (the benchmarks read ``ImportReport.timings``).


def test_an_imported_ledger_finds_the_same_words_as_the_original(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Free-text search reads the words the import indexed with each event's view row."""
    ok(sqlite_url, "demo")
    export = tmp_path / "demo.jsonl"
    ok(sqlite_url, "export", "-o", str(export))
    copy = str(tmp_path / "copy.db")
    ok(copy, "import", str(export))
    wanted = ok(sqlite_url, "timeline", "--search", "MOU on protected", "--json").json()
    assert wanted  # the demo records that MOU
    assert ok(copy, "timeline", "--search", "MOU on protected", "--json").json() == wanted


def test_an_encrypted_import_keeps_its_engagement_rows_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An encrypted ledger's engagement rows hold no plaintext, imported or recorded, and
    still list the engagements with the key."""
    from eventsourcing.cipher import AESCipher

    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    source = str(tmp_path / "source.db")
    ok(source, "demo")
    export = tmp_path / "demo.jsonl"
    ok(source, "export", "-o", str(export))
    copy = str(tmp_path / "copy.db")
    ok(copy, "import", str(export))
    with sqlite3.connect(copy) as conn:
        rows = "\n".join(str(row) for row in conn.execute("SELECT * FROM cec_engagement_rows"))
    assert rows  # the import wrote the engagement rows
    for secret in ("Rosa Alvarez", "Maple Ridge Community"):
        assert secret not in rows
    listed = ok(copy, "engagement", "list", "--json").json()
    assert listed == ok(source, "engagement", "list", "--json").json()


WRITE_PARTS = ("insert_events", "views_and_chain", "engagement_rows", "commit")


def test_an_import_reports_the_seconds_each_part_of_its_write_took(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Each part of the write is timed once, as seconds spent inside the import: none is
    negative and together they fit in the time the whole import took."""
    ok(sqlite_url, "demo")
    lines = ok(sqlite_url, "export").out.splitlines()
    with Ledger.open(str(tmp_path / "copy.db"), actor="t", create=True) as target:
        started = time.perf_counter()
        report = import_lines(target.app, lines, today=date.today())
        elapsed = time.perf_counter() - started
    assert report.written == len(lines)
    spent = {part: report.timings.get(part) for part in WRITE_PARTS}
    assert all(isinstance(s, float) and 0.0 <= s <= elapsed for s in spent.values()), spent
    assert sum(spent.values()) <= elapsed


def test_an_import_continues_the_log_positions_from_its_head(
    ledger_url: str, tmp_path: Path
) -> None:
    """Positions run 1, 2, 3... with no gap, whether the import starts an empty ledger, or
    continues one whose head is 1 (PostgreSQL sets its sequence to the head first), and the
    continued chain verifies."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    assert len(lines) > 2
    with Ledger.open(ledger_url, actor="t", create=True) as target:
        assert target.import_lines(lines[:1])["written"] == 1
        assert target.import_lines(lines)["written"] == len(lines) - 1
        recorder = target.app.recorder
        positions = [n.id for n in recorder.select_notifications(1, len(lines) + 5)]
    assert positions == list(range(1, len(lines) + 1))
    assert export_bytes(ledger_url) == export_bytes(source)
    assert ok(ledger_url, "verify").out.startswith(f"OK: {len(lines)} events verified")


def test_an_import_onto_a_removed_head_link_still_writes_and_verify_names_it(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Tampering is verify's to report, not the import's to crash on: with the head's chain
    link deleted, the import chains on from the genesis and verify names the unchained event."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    with Ledger.open(sqlite_url, actor="t", create=True) as target:
        target.import_lines(lines[:2])
    with sqlite3.connect(sqlite_url) as conn:
        conn.execute("DELETE FROM cec_chain WHERE position = 2")
    with Ledger.open(sqlite_url, actor="t") as target:
        assert target.import_lines(lines)["written"] == len(lines) - 2
    outcome = invoke(sqlite_url, "verify")
    assert (outcome.code, outcome.err.strip()) == (
        1,
        "error: verification failed: event maple-ridge#2 at position 2 is not in the chain: "
        "it was inserted into history",
    )


def test_the_write_adds_its_seconds_to_the_running_totals(sqlite_url: str, tmp_path: Path) -> None:
    """Chunk after chunk, insert and view seconds add to what the report already holds (here
    a total of an hour seeded before the write), they never replace it."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    hour = 3600.0
    with Ledger.open(sqlite_url, actor="t", create=True) as target:
        report = ImportReport(timings={"insert_events": hour, "views_and_chain": hour})
        run = _Import(target.app, date.today(), False, report)
        for number, raw in enumerate(lines, start=1):
            run.line(raw, number)
        started = time.perf_counter()
        run.write()
        elapsed = time.perf_counter() - started
    for part in ("insert_events", "views_and_chain"):
        assert hour < report.timings[part] <= hour + elapsed, part


def test_an_import_fills_the_positions_a_rolled_back_write_drew_on_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    """PostgreSQL sequences are not transactional: values a rolled-back write drew (here drawn
    by hand) are skipped by the next insert. The import sets the sequence back to the head
    under its lock, so its positions still follow the head with no gap."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    with Ledger.open(postgres_url, actor="t", create=True) as target:
        target.import_lines(lines[:2])
        recorder = target.app.recorder
        table = f'"{recorder.datastore.schema}".{recorder.events_table_name}'
        with recorder.datastore.transaction(commit=True) as cursor:
            for _ in range(3):
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))", (table,)
                )
        target.import_lines(lines)
        positions = [n.id for n in recorder.select_notifications(1, len(lines) + 5)]
    assert positions == list(range(1, len(lines) + 1))
