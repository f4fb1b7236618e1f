"""Issue 14: snapshots that a write loads instead of the whole stream (and that are never
trusted blindly), the bulk import writing what the projector would, search by words, the
engagement list paged by slug."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import orjson
import pytest

from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.errors import RuleViolation
from cec_ledger.facade.audit import rebuild, verify
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.lines import plain
from cec_ledger.projections import bulk
from cec_ledger.storage import snapshots

START = date(2024, 1, 1)


def engagement(ledger: Ledger, slug: str, outcomes: int, texts: list[str] | None = None) -> None:
    ledger.open_engagement(
        slug=slug,
        name=slug.title(),
        organisation=f"{slug} District",
        level="district",
        occurred_on=START.isoformat(),
    )
    for n in range(outcomes):
        ledger.record(
            slug,
            "OutcomeObserved",
            tier="short_term",
            dimension="common_language",
            evidence=(texts or [])[n] if texts and n < len(texts) else f"observation {n}",
            occurred_on=(START + timedelta(days=n + 1)).isoformat(),
        )


def folded(ledger: Ledger, slug: str) -> dict[str, Any]:
    events = ledger.app.engagement_events(ledger.resolve(slug))
    return plain(fold_history(events).to_dict())


def snapshot_rows(ledger: Ledger) -> list[tuple[Any, int]]:
    return sorted(snapshots.snapshot_keys(ledger.app.snapshots), key=lambda k: k[1])


@pytest.fixture
def every_five(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "SNAPSHOT_EVERY", 5)


def test_a_write_loads_the_snapshot_and_the_events_after_it(ledger_url: str, every_five) -> None:
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        engagement(ledger, "long", 12)
        assert [v for _, v in snapshot_rows(ledger)] == [10]  # older ones of its span pruned
    with Ledger.open(ledger_url, actor="t") as ledger:
        loaded = ledger.app.get_engagement(ledger.resolve("long"))
        assert loaded.snapshot_base == 10 and loaded.version == 13
        assert plain(loaded.state.to_dict()) == folded(ledger, "long")
        assert [e.originator_version for e in loaded.history] == list(range(1, 14))


def _correct(ledger: Ledger, slug: str, version: int, **fields: Any) -> Any:
    return ledger.record(
        slug,
        "EventCorrected",
        corrects_version=version,
        corrects_type="OutcomeObserved",
        reason="typo",
        corrected_fields=fields,
        occurred_on=(START + timedelta(days=40)).isoformat(),
    )


def test_corrections_behind_a_snapshot_are_judged_on_the_whole_history(
    ledger_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same corrections, accepted and refused with the same words, on a ledger whose
    engagement loads from a snapshot and on one where it is replayed from its first event."""
    outcomes = {}
    for every, url in ((5, ledger_url), (10_000, str(tmp_path / "replayed.db"))):
        monkeypatch.setattr(snapshots, "SNAPSHOT_EVERY", every)
        with Ledger.open(url, actor="t", create=True) as ledger:
            engagement(ledger, "c", 12)
        with Ledger.open(url, actor="t") as ledger:
            assert ledger.app.get_engagement(ledger.resolve("c")).snapshot_base == (
                10 if every == 5 else 0
            )
            _correct(ledger, "c", 3, evidence="observation three, corrected")
            with pytest.raises(RuleViolation) as refused:
                _correct(ledger, "c", 4, occurred_on=(START - timedelta(days=3)).isoformat())
            shown = ledger.engagement("c")
            outcomes[every] = (str(refused.value), folded(ledger, "c"))
        with Ledger.open(url, actor="t") as ledger:  # and again from whatever is stored
            loaded = ledger.app.get_engagement(ledger.resolve("c"))
            assert plain(loaded.state.to_dict()) == outcomes[every][1]
    message, state = outcomes[5]
    assert message.startswith("correction refused: with it, event #4 would break a rule")
    assert state["outcomes"][1]["evidence"] == "observation three, corrected"  # event #3
    assert {k: shown[k] for k in state} == state
    assert outcomes[10_000] == outcomes[5]


def _rewrite_snapshot(ledger: Ledger, change) -> None:
    """Rewrite the stored state of every snapshot row with ``change(bytes) -> bytes``."""
    recorder = ledger.app.snapshots.recorder
    sqlite = type(recorder).__name__.startswith("SQLite")
    table = (
        recorder.events_table_name
        if sqlite
        else f'"{recorder.datastore.schema}".{recorder.events_table_name}'
    )
    mark = "?" if sqlite else "%s"
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"SELECT originator_id, originator_version, state FROM {table}")
        for eid, version, state in [
            tuple(r) if sqlite else tuple(r.values()) for r in cursor.fetchall()
        ]:
            cursor.execute(
                f"UPDATE {table} SET state = {mark} WHERE originator_id = {mark} "
                f"AND originator_version = {mark}",
                (change(bytes(state)), eid, version),
            )


def test_a_snapshot_of_other_bytes_is_not_used(ledger_url: str, every_five) -> None:
    """A snapshot whose event is not byte for byte the one it saw (a stale row, history
    rewritten) is ignored: the stream is replayed."""
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        engagement(ledger, "s", 6)
        _rewrite_snapshot(ledger, lambda b: b.replace(b'"digest":"', b'"digest":"0'))
        loaded = ledger.app.get_engagement(ledger.resolve("s"))
        assert loaded.snapshot_base == 0
        assert plain(loaded.state.to_dict()) == folded(ledger, "s")


TEXTS = [
    "After two sessions both sign an MOU on protected PLC time",
    "Protected time on the MOU was discussed",
    "Le café était naïve, résumé inclus",
    "Whitfield led the data cycle",
]


def _found(rows: list[dict[str, Any]]) -> list[int]:
    return sorted(r["version"] for r in rows)


def test_search_finds_words_in_sequence_the_last_a_prefix(ledger_url: str) -> None:
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        engagement(ledger, "w", 4, TEXTS)
        by_text = {
            text: _found(ledger.timeline(text=text))
            for text in ("mou on protec", "MOU", "cafe etait", "whitf", "hitfield", "zzyzx", "-")
        }
        assert by_text == {
            "mou on protec": [2],
            "MOU": [2, 3],
            "cafe etait": [4],
            "whitf": [5],
            "hitfield": [],
            "zzyzx": [],
            "-": [],
        }
        assert _found(ledger.timeline_page(text="mou", limit=1, newest_first=True)["rows"]) == [3]
        assert _found(ledger.search("mou")) == [2, 3]
        ranked = ledger.search("protected")
        assert {r["version"] for r in ranked} == {2, 3}


def test_search_without_the_index_finds_the_same(sqlite_url: str, monkeypatch) -> None:
    """An encrypted ledger keeps no search words: it scans its events with the same rule."""
    from eventsourcing.cipher import AESCipher

    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    Ledger.init_encrypted(sqlite_url)
    with Ledger.open(sqlite_url, actor="t") as ledger:
        engagement(ledger, "w", 4, TEXTS)
        assert _found(ledger.timeline(text="mou on protec")) == [2]
        assert _found(ledger.timeline(text="MOU")) == [2, 3]
        assert _found(ledger.search("cafe")) == [4]


def test_the_engagement_list_pages_by_slug(ledger_url: str) -> None:
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        for slug in ("g", "c", "e", "a", "f", "b", "d"):
            engagement(ledger, slug, 0)
        seen, after = [], None
        while True:
            page = ledger.engagements_page(after=after, limit=3)
            seen.append([e["slug"] for e in page["rows"]])
            if not page["more"]:
                break
            after = page["rows"][-1]["slug"]
        assert seen == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
        assert [e["slug"] for e in ledger.engagements()] == list("abcdefg")


def _views(ledger: Ledger) -> tuple[list[Any], list[Any], list[Any]]:
    from cec_ledger.projections.recorders import ENGAGEMENT_COLUMNS, EVENT_COLUMNS

    def rows(sql: str) -> list[Any]:
        found = ledger.views.query(sql)
        return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in found]

    return (
        rows(f"SELECT {', '.join(EVENT_COLUMNS)} FROM {{p}}cec_event_rows ORDER BY position"),
        rows(f"SELECT {', '.join(ENGAGEMENT_COLUMNS)} FROM {{p}}cec_engagement_rows ORDER BY eng"),
        rows("SELECT position, engagement_id, version, link FROM {p}cec_chain ORDER BY position"),
    )


def test_an_import_writes_what_the_commands_projected(
    ledger_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events, rows, search words and chain written by the import (in chunks, one
    transaction) are what the projector wrote for the same events recorded one by one."""
    monkeypatch.setattr(bulk, "CHUNK", 7)
    with Ledger.open(str(tmp_path / "source.db"), actor="t", create=True) as source:
        engagement(source, "one", 9, TEXTS)
        engagement(source, "two", 5)
        _correct(source, "one", 3, evidence="observation three, corrected")
        source.record(
            "two",
            "OutcomeObserved",
            tier="short_term",
            dimension="common_language",
            evidence="last words",
            occurred_on="2024-03-01",
        )
        lines = [orjson.dumps(line) for line in source.all_events()]
        expected = _views(source)
    with Ledger.open(ledger_url, actor="t", create=True) as target:
        report = target.import_lines(lines)
        assert report["written"] == len(lines)
        assert _views(target) == expected
        assert _found(target.timeline(text="mou on protec")) == [2]
        assert verify(target)["ok"]
        rebuild(target)
        assert _views(target) == expected


def test_the_state_panel_shows_what_the_full_state_shows(tmp_path) -> None:
    """``state_after`` gives the panel only what it reads; the panel's text is the one the
    whole state gives, at every event of the demo's engagements (corrections, withdrawals,
    plans, teams, responsibilities)."""
    from cec_ledger.facade.demo import load_demo
    from cec_ledger.facade.model import with_model_views
    from cec_ledger.tui.format import state_lines

    url = str(tmp_path / "demo.db")
    load_demo(url, actor="t", fresh=True)
    with Ledger.open(url, actor="t") as ledger:
        for row in ledger.engagements():
            eid = ledger.resolve(row["slug"])
            for version in range(1, row["events"] + 1):
                state = ledger.app.get_engagement(eid, version=version).state
                full = with_model_views(plain(state.to_dict()))
                panel = ledger.state_after(row["slug"], version)
                assert state_lines(panel) == state_lines(full), (row["slug"], version)


def test_an_import_snapshots_each_span_of_a_long_engagement(
    ledger_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One snapshot per span (as writes leave them after pruning) and one at the head; each
    is the fold of its events (verify re-folds them) and a read at any version is the fold."""
    monkeypatch.setattr(snapshots, "SNAPSHOT_EVERY", 5)
    monkeypatch.setattr(snapshots, "SNAPSHOT_SPAN", 10)
    with Ledger.open(str(tmp_path / "source.db"), actor="t", create=True) as source:
        engagement(source, "long", 24)
        _correct(source, "long", 3, evidence="observation three, corrected")
        lines = [orjson.dumps(line) for line in source.all_events()]
    with Ledger.open(ledger_url, actor="t", create=True) as target:
        target.import_lines(lines)
        assert [v for _, v in snapshot_rows(target)] == [10, 20, 26]
        assert verify(target)["ok"]
        events = target.app.engagement_events(target.resolve("long"))
        for version in (9, 10, 15, 20, 25, 26):
            loaded = target.app.get_engagement(target.resolve("long"), version=version)
            assert plain(loaded.state.to_dict()) == plain(fold_history(events[:version]).to_dict())


def test_a_snapshot_restored_again_is_a_fresh_copy(sqlite_url: str, every_five) -> None:
    """The decoded snapshot kept in the process is restored as a new state each time (a
    caller folding events into one never changes the next), equal to the fold."""
    with Ledger.open(sqlite_url, actor="t", create=True) as ledger:
        engagement(ledger, "long", 12)
        eid = ledger.resolve("long")
        events = ledger.app.engagement_events(eid)
        first = ledger.app.get_engagement(eid, version=11)
        first.state.outcomes.clear()
        second = ledger.app.get_engagement(eid, version=12)
        third = ledger.app.get_engagement(eid, version=10)
        assert second.state.outcomes and third.state.outcomes
        assert plain(second.state.to_dict()) == plain(fold_history(events[:12]).to_dict())
        assert plain(third.state.to_dict()) == plain(fold_history(events[:10]).to_dict())
