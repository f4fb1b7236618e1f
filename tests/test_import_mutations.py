"""Import refuses damaged exports in one line and writes nothing (issue 10).

Hypothesis mutates a real export (version clashes, type swaps, reordered, dropped and
repeated lines, the same id with another payload, foreign engagements, bad rules epochs,
broken JSON...) and imports it into an empty ledger and into the ledger that already holds
the original. Whatever the mutation, the import either succeeds or raises a ``DomainError``
whose message is one line with neither "unexpected" nor an exception class name, and then
nothing at all was written. The application runs in memory (POPO), so a few hundred imports
take seconds.
"""

from __future__ import annotations

import copy
import functools
import re
import sqlite3
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cec_ledger.domain.errors import ConcurrentWrite, DomainError, InvalidValue, RuleViolation
from cec_ledger.facade import importer
from cec_ledger.facade.importer import import_lines
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.lines import UNVERIFIED_KEY, event_id
from tests.domain.builders import in_memory_app, opened

TODAY = date(2026, 1, 1)
CLASS_NAME = re.compile(r"\b[A-Za-z]*(Error|Exception)\b|Decimal\(|Traceback")


@functools.cache
def original() -> tuple[bytes, ...]:
    """The export of a small engagement with a correction (recorded in memory)."""
    from tests.domain.builders import ENTRY_STEP, build, fields

    engagement = build(
        [
            ENTRY_STEP,  # a diagnosis names its entry point (rules epoch 3)
            ("NeedsDiagnosed", {}),
            ("DirectionSet", {}),
            ("ResponsibilityTransferred", {}),
            ("EventCorrected", {"corrected_fields": {"signatory": "R. Alvarez-Ruiz"}}),
            ("OutcomeObserved", {}),
        ]
    )
    assert fields  # the builders give every event valid fields
    from cec_ledger.formats.lines import to_line

    return tuple(orjson.dumps(to_line(e, "maple-ridge")) for e in engagement.history)


def _rows() -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in original()]


def mutate(kind: str, a: int, b: int, text: str) -> list[bytes]:
    rows = _rows()
    n = len(rows)
    i, j = a % n, b % n
    row = rows[i]
    eid = UUID(row["engagement_id"])
    if kind == "version-clash":
        row["version"] = rows[j]["version"]
        row["id"] = str(event_id(eid, row["version"]))
    elif kind == "type-swap":
        row["type"] = rows[j]["type"]
    elif kind == "reorder":
        rows[i], rows[j] = rows[j], rows[i]
    elif kind == "drop":
        del rows[i]
    elif kind == "repeat":
        rows.insert(j, copy.deepcopy(row))
    elif kind == "other-payload":
        key = sorted(row["data"])[b % len(row["data"])]
        row["data"][key] = text
    elif kind == "foreign-engagement":
        row["engagement_id"] = str(uuid4())
    elif kind == "rules-version":
        row["data"]["rules_version"] = [0, 3, -1, "2", None, 1.5][b % 6]
    elif kind == "drop-field":
        row["data"].pop(sorted(row["data"])[b % len(row["data"])])
    elif kind == "extra-field":
        row["data"][text or "x"] = 1
    elif kind == "occurred-on":
        row["occurred_on"] = text
    elif kind == "recorded-at":
        row["recorded_at"] = text
    elif kind == "id":
        row["id"] = text
    elif kind == "envelope":
        row.pop(sorted(row)[b % len(row)])
    lines = [orjson.dumps(r) for r in rows]
    if kind == "not-json":
        lines[i] = lines[i][: b % max(1, len(lines[i]))] + text.encode()
    return lines


mutations = st.tuples(
    st.sampled_from(
        [
            "version-clash",
            "type-swap",
            "reorder",
            "drop",
            "repeat",
            "other-payload",
            "foreign-engagement",
            "rules-version",
            "drop-field",
            "extra-field",
            "occurred-on",
            "recorded-at",
            "id",
            "envelope",
            "not-json",
        ]
    ),
    st.integers(0, 50),
    st.integers(0, 50),
    st.text(max_size=12),
)


def stored(app: Any) -> int:
    return app.recorder.max_notification_id() or 0


def attempt(app: Any, lines: list[bytes]) -> None:
    before = stored(app)
    try:
        import_lines(app, lines, today=TODAY)
    except DomainError as error:
        message = str(error)
        assert "\n" not in message and "unexpected" not in message, message
        assert not CLASS_NAME.search(message), message
        assert stored(app) == before, "a refused import wrote events"


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutation=mutations, into_the_same_ledger=st.booleans())
# Found by this test: a field name holding a newline broke the one-line message.
@example(mutation=("extra-field", 0, 0, "\n"), into_the_same_ledger=False)
@example(mutation=("other-payload", 1, 1, "x\ny"), into_the_same_ledger=True)
def test_a_mutated_export_is_imported_or_refused_in_one_line_writing_nothing(
    mutation: tuple[str, int, int, str], into_the_same_ledger: bool
) -> None:
    app = in_memory_app()
    if into_the_same_ledger:
        import_lines(app, list(original()), today=TODAY)
    attempt(app, mutate(*mutation))


def test_the_original_imports_and_twice_is_a_no_op() -> None:
    app = in_memory_app()
    report = import_lines(app, list(original()), today=TODAY)
    assert report.written == len(original())
    again = import_lines(app, list(original()), today=TODAY)
    assert (again.written, again.skipped) == (0, len(original()))


@pytest.mark.parametrize(
    ("kind", "b", "message"),
    [
        (
            "version-clash",
            3,
            "line 2: maple-ridge#4 is already in the ledger as a TeamMemberJoined, not an "
            "AnchorCommitted; refusing to overwrite history",
        ),
        (
            "other-payload",
            2,
            "line 2: maple-ridge#2 is already in the ledger (AnchorCommitted) but differs in "
            "note (stored '', line 'Someone Else'); refusing to overwrite history",
        ),
        ("not-json", 3, "line 2: not valid JSON (at character 5 of the line)"),
    ],
)
def test_conflicts_name_the_line_the_stored_event_and_what_differs(
    kind: str, b: int, message: str
) -> None:
    app = in_memory_app()
    import_lines(app, list(original()), today=TODAY)
    with pytest.raises(DomainError) as refused:
        import_lines(app, mutate(kind, 1, b, "}"), today=TODAY)
    assert str(refused.value) == message.replace("Someone Else", "}")


# ---------------------------------------------------------------- the importer's exact contract
# An export written with --unverified starts with a marker line; import refuses it unless
# told to accept it, in one line naming the problem the source ledger had.
PROBLEM = "maple-ridge#3 does not match its chain link"


def unverified_refusal(reason: str) -> str:
    return (
        "this file was exported with --unverified from a ledger that failed verification "
        f"({reason}); nothing was imported (import it only with --accept-unverified)"
    )


@pytest.mark.parametrize(
    ("marker", "reason"),
    [
        ({UNVERIFIED_KEY: True, "problem": PROBLEM}, PROBLEM),
        ({UNVERIFIED_KEY: True}, "no reason given"),
        ({UNVERIFIED_KEY: True, "problem": ""}, "no reason given"),
    ],
)
def test_an_unverified_export_is_refused_by_default_naming_the_sources_problem(
    marker: dict[str, Any], reason: str
) -> None:
    app = in_memory_app()
    with pytest.raises(RuleViolation) as refused:
        import_lines(app, [orjson.dumps(marker), *original()], today=TODAY)
    assert str(refused.value) == unverified_refusal(reason)
    assert stored(app) == 0


def test_an_unverified_export_is_imported_when_accepted_its_marker_line_skipped() -> None:
    app = in_memory_app()
    marker = orjson.dumps({UNVERIFIED_KEY: True, "problem": PROBLEM})
    report = import_lines(app, [marker, *original()], today=TODAY, accept_unverified=True)
    assert (report.lines, report.written) == (len(original()) + 1, len(original()))
    assert stored(app) == len(original())


def test_only_a_first_line_whose_marker_is_true_marks_an_unverified_export() -> None:
    """A line that merely holds the marker's name (in a value, as a false key, in a list,
    or after undecodable bytes) is an ordinary line, checked as any other."""
    rows = _rows()
    rows[0]["data"]["name"] = f"The {UNVERIFIED_KEY} study"
    report = import_lines(in_memory_app(), [orjson.dumps(r) for r in rows], today=TODAY)
    assert report.written == len(rows)
    for first, message in [
        (
            orjson.dumps({UNVERIFIED_KEY: False}),
            "line 1: missing data, engagement_id, id, occurred_on, recorded_at, recorded_by, "
            "type, version",
        ),
        (orjson.dumps([UNVERIFIED_KEY]), "line 1: expected a JSON object"),
        (b"\xff" + UNVERIFIED_KEY.encode(), "line 1: not valid UTF-8"),
        (b'{"\xff": 1}', "line 1: not valid UTF-8"),
    ]:
        app = in_memory_app()
        with pytest.raises(InvalidValue) as refused:
            import_lines(app, [first, *original()], today=TODAY)
        assert str(refused.value) == message, first
        assert stored(app) == 0


def test_a_file_must_open_an_engagement_the_ledger_does_not_hold_in_words() -> None:
    rows = _rows()
    second = rows[1]
    second["version"] = 1
    second["id"] = str(event_id(UUID(second["engagement_id"]), 1))
    with pytest.raises(InvalidValue) as refused:
        import_lines(in_memory_app(), [orjson.dumps(second)], today=TODAY)
    assert str(refused.value) == (
        "line 1: engagement maple-ridge is not in the ledger and this file does not open it "
        f"(its first line is a {second['type']}, not an EngagementOpened)"
    )


def test_progress_is_told_each_line_number_and_the_report_counts_the_lines() -> None:
    seen: list[int] = []
    report = import_lines(in_memory_app(), [*original(), b""], today=TODAY, progress=seen.append)
    assert seen == list(range(1, len(original()) + 2))
    assert (report.lines, report.written) == (len(original()) + 1, len(original()))


def test_an_import_reports_the_seconds_spent_in_each_part_summed_over_the_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The benchmarks read ImportReport.timings: per part, the sum over the lines of the time
    between its start and its end. A clock that ticks one second per reading makes each
    part of each line last exactly one second (plugin rules are not run on a correction)."""
    ticks = iter(range(1_000_000))
    monkeypatch.setattr(importer, "perf_counter", lambda: float(next(ticks)))
    app = in_memory_app(validator=lambda event_type, fields, state, context: None)
    report = import_lines(app, list(original()), today=TODAY)
    n = len(original())
    corrections = sum(row["type"] == "EventCorrected" for row in _rows())
    assert corrections == 1
    check = report.timings.pop("check")
    assert check >= 0.0
    assert report.timings == {
        "parse": float(n),
        "plugin_rules": float(n - corrections),
        "rules_and_fold": float(n),
        "map_and_words": float(n),
    }


# A ledger file: the import writes the search index (plain text only) and times its write.
def import_into_a_ledger_file(url: str) -> tuple[dict[str, Any], int]:
    """Import the original into a new ledger at ``url``: the import's timings and the
    number of events in the search index."""
    with Ledger.open(url, actor="t", create=True) as ledger:
        report = import_lines(ledger.app, list(original()), today=TODAY)
        assert report.written == len(original())
        timings = report.timings
    with sqlite3.connect(url) as conn:
        (indexed,) = conn.execute(  # every event is recorded by the builders' "tester"
            "SELECT count(*) FROM cec_search WHERE cec_search MATCH 'tester'"
        ).fetchone()
    return timings, indexed


def test_an_import_indexes_every_event_for_search_and_times_each_step(sqlite_url: str) -> None:
    timings, indexed = import_into_a_ledger_file(sqlite_url)
    assert indexed == len(original())
    assert sorted(timings) == [
        "check",
        "commit",
        "engagement_rows",
        "insert_events",
        "map_and_words",
        "parse",
        "plugin_rules",
        "rules_and_fold",
        "snapshots",
        "views_and_chain",
    ]


def test_an_import_into_an_encrypted_ledger_indexes_no_words(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Search words would be plaintext beside encrypted events: none are written."""
    from eventsourcing.cipher import AESCipher

    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    assert import_into_a_ledger_file(sqlite_url)[1] == 0


# Another writer saving between the import's catch-up and its write: the import catches up
# and tries again, five times at most, then gives up having written nothing.
def sneak_in_before_each_write(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    """Before each of the first ``times`` writes of the import, another writer stores an
    engagement's opening straight into the log (its views not yet following); the slugs."""
    real_write = importer.write_checked
    sneaked: list[str] = []

    def write_after_another_writer(app: Any, *args: Any) -> Any:
        if len(sneaked) < times:
            sneaked.append(f"sneaked-{len(sneaked) + 1}")
            other = opened(slug=sneaked[-1])
            app.recorder.insert_events(
                [app.mapper.to_stored_event(e) for e in other.collect_events()]
            )
        return real_write(app, *args)

    monkeypatch.setattr(importer, "write_checked", write_after_another_writer)
    return sneaked


@pytest.mark.parametrize("times", [1, 4])
def test_an_import_tries_again_while_another_writer_saves_meanwhile(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, times: int
) -> None:
    sneaked = sneak_in_before_each_write(monkeypatch, times)
    with Ledger.open(sqlite_url, actor="t", create=True) as ledger:
        report = import_lines(ledger.app, list(original()), today=TODAY)
        assert report.written == len(original())
        assert stored(ledger.app) == len(original()) + times
        assert sorted(e["slug"] for e in ledger.engagements()) == sorted(["maple-ridge", *sneaked])


def test_an_import_gives_up_after_five_tries_in_words_writing_nothing(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sneak_in_before_each_write(monkeypatch, 5)
    with Ledger.open(sqlite_url, actor="t", create=True) as ledger:
        with pytest.raises(ConcurrentWrite) as refused:
            import_lines(ledger.app, list(original()), today=TODAY)
        assert str(refused.value) == (
            "the ledger kept changing during the import; nothing was imported, try again"
        )
        assert stored(ledger.app) == 5  # the other writer's five openings only
