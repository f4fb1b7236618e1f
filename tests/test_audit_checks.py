"""Tamper evidence, case by case: every malformed seal form on its own, a seal made with
``seal --position`` verified later, each branch of ``verify`` (changed, removed, inserted,
reordered, events removed behind a seal) with the counts it reports, and tampering with each
stored column (topic, originator id, version, state bytes, notification id) on both backends.

tests/test_tamper.py drives the same checks through the CLI with whole-row and payload
changes; here the facade's ``verify`` and ``seal`` are called directly so every field of
their report is pinned, and ``verify_log`` also reads the chain through rows keyed the way
PostgreSQL returns them (exact lower-case column names; SQLite's rows ignore case).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cec_ledger.domain.errors import InvalidValue, NotFound
from cec_ledger.facade import audit
from cec_ledger.facade.ledger import Ledger
from cec_ledger.projections.chain import (
    GENESIS,
    SEAL_HEX,
    format_seal,
    link_of,
    parse_seal,
    recompute,
    verify_log,
)
from tests.clihelp import base_engagement, invoke, ok
from tests.test_tamper import flip_one_byte, tamper

SLUG = "maple-ridge"
# base_engagement: opened, board committed, DLT formed, a member joined, a session (1..5).
EVENTS = 5


@pytest.fixture
def url(sqlite_url: str) -> str:
    base_engagement(sqlite_url)
    return sqlite_url


def opened(url: str) -> Ledger:
    return Ledger.open(url, actor="auditor")


def verify(url: str, seal: str | None = None) -> dict[str, Any]:
    with opened(url) as ledger:
        return audit.verify(ledger, seal=seal)


def make_seal(url: str, position: int | None = None) -> str:
    with opened(url) as ledger:
        return audit.seal(ledger, position)["seal"]


def record_stage(url: str) -> None:
    """One more event (version 6) after the base engagement."""
    ok(url, "team", "stage", SLUG, "dlt", "norm", "--on", "2025-10-01")


class LowerCaseRows:
    """The chain read as PostgreSQL returns rows: dicts keyed by the column names folded to
    lower case, where SQLite's rows answer to any case."""

    def __init__(self, views: Any) -> None:
        self.views = views

    def query(self, statement: str, params: Any = ()) -> list[dict[str, Any]]:
        rows = self.views.query(statement, params)
        return [{key.lower(): row[key] for key in row.keys()} for row in rows]  # noqa: SIM118


def walk(url: str, **kwargs: Any) -> Any:
    """``verify_log`` over the ledger, with no engagement names unless given."""
    with opened(url) as ledger:
        names = kwargs.pop("names", {})
        return verify_log(ledger.app, LowerCaseRows(ledger.views), names=names, **kwargs)


def engagement_uuid(url: str) -> str:
    with opened(url) as ledger:
        return str(ledger.resolve(SLUG))


# ------------------------------------------------------------------ seals: the form
def digest_of(url: str) -> str:
    return make_seal(url).split(":")[2]


def test_a_seal_reads_back_as_its_position_and_digest(url: str) -> None:
    seal = make_seal(url)
    position, digest = parse_seal(f"  {seal}\n")  # as pasted from a file or an email
    assert position == EVENTS and len(digest) == SEAL_HEX
    assert seal == format_seal(EVENTS, digest + "ff" * 20)  # the digest is the link's start


# Each form breaks exactly one rule of cec-seal-v1:POSITION:24-lower-case-hex-digits; every
# one is refused on its own, before anything is compared (a short digest that IS the start
# of the right link included: a prefix of 0-23 digits proves next to nothing).
MALFORMED = {
    "empty-digest": lambda d: "cec-seal-v1:5:",
    "short-digest": lambda d: f"cec-seal-v1:5:{d[:-1]}",
    "one-digit-digest": lambda d: f"cec-seal-v1:5:{d[0]}",
    "long-digest": lambda d: f"cec-seal-v1:5:{d}0",
    "non-hex-digit": lambda d: f"cec-seal-v1:5:{d[:-1]}g",
    "upper-case-digest": lambda d: f"cec-seal-v1:5:{d.upper()}",
    "x-in-digest": lambda d: f"cec-seal-v1:5:{d[:-1]}X",
    "wrong-prefix": lambda d: f"cec-seal-v2:5:{d}",
    "prefix-in-capitals": lambda d: f"CEC-SEAL-V1:5:{d}",
    "no-prefix": lambda d: f"5:{d}",
    "no-position": lambda d: f"cec-seal-v1:{d}",
    "no-digest": lambda d: "cec-seal-v1:5",
    "empty-position": lambda d: f"cec-seal-v1::{d}",
    "extra-part": lambda d: f"cec-seal-v1:5:{d}:5",
    "position-in-words": lambda d: f"cec-seal-v1:five:{d}",
    "negative-position": lambda d: f"cec-seal-v1:-5:{d}",
    "signed-position": lambda d: f"cec-seal-v1:+5:{d}",
    "superscript-position": lambda d: f"cec-seal-v1:\u00b2:{d}",
    "arabic-indic-position": lambda d: f"cec-seal-v1:\u0665:{d}",
    "position-zero": lambda d: f"cec-seal-v1:0:{GENESIS[:SEAL_HEX]}",
    "empty": lambda d: "",
}


@pytest.mark.parametrize("form", list(MALFORMED))
def test_each_malformed_seal_form_is_refused_on_its_own(url: str, form: str) -> None:
    digest = digest_of(url)
    bad = MALFORMED[form](digest)
    with pytest.raises(InvalidValue, match="is not of the form cec-seal-v1:POSITION:"):
        parse_seal(bad)
    with opened(url) as ledger, pytest.raises(InvalidValue, match="is not of the form"):
        audit.verify(ledger, seal=bad)


@pytest.mark.parametrize("form", ["empty-digest", "short-digest", "position-zero"])
def test_verify_seal_refuses_a_malformed_seal_in_one_line(url: str, form: str) -> None:
    bad = MALFORMED[form](digest_of(url))
    outcome = invoke(url, "verify", "--seal", bad)
    assert outcome.code == 1
    assert outcome.out == ""
    assert outcome.err.strip() == (
        f"error: seal {bad!r} is not of the form cec-seal-v1:POSITION:hhhhhh... "
        f"(POSITION from 1, {SEAL_HEX} hex digits)"
    )


# ------------------------------------------------------------------ seals: what they prove
def test_a_seal_made_with_position_is_verified_later(url: str) -> None:
    seal = make_seal(url, position=3)
    assert seal.startswith("cec-seal-v1:3:")
    record_stage(url)
    report = verify(url, seal=seal)
    assert report["ok"] is True
    assert report["seal"] == {"position": 3, "events": 3, "matches": True}
    assert (report["checked"], report["head"]) == (EVENTS + 1, EVENTS + 1)
    out = ok(url, "verify", "--seal", seal).out
    assert "OK: seal matches: history up to position 3 (3 events) is unchanged" in out


def test_a_positioned_seal_covers_its_prefix_only(url: str) -> None:
    seal = make_seal(url, position=3)
    # Event 5 changed and the chain table emptied to hide it: the seal at 3 still matches,
    # because it proves nothing about what came after it...
    tamper(
        url,
        [
            "UPDATE stored_events SET topic = 'cec_ledger.domain.events:TeamFormed' "
            "WHERE rowid = 5",
            "DELETE FROM cec_chain",
        ],
    )
    assert verify(url, seal=seal)["seal"] == {"position": 3, "events": 3, "matches": True}
    # ...but a change at or before its position does not.
    flip_one_byte(url, 2)
    report = verify(url, seal=seal)
    assert report["ok"] is False and report["problem"] == "seal"
    assert report["message"] == (
        "history up to position 3 differs from the seal (it was rewritten, chain table included)"
    )


def test_seal_positions_are_between_one_and_the_head(url: str) -> None:
    for position in (0, -1, EVENTS + 1):
        with opened(url) as ledger, pytest.raises(InvalidValue) as refused:
            audit.seal(ledger, position)
        assert str(refused.value) == f"position must be between 1 and {EVENTS}, got {position}"
    with opened(url) as ledger:
        first = audit.seal(ledger, 1)
        last = audit.seal(ledger, EVENTS)
    assert (first["position"], first["events"]) == (1, 1)
    assert (last["position"], last["events"]) == (EVENTS, EVENTS)
    assert last["seal"] == make_seal(url)  # the default position is the head
    # Position 1, the lowest a seal can have, reads back and verifies.
    assert parse_seal(first["seal"])[0] == 1
    assert verify(url, first["seal"])["seal"] == {"position": 1, "events": 1, "matches": True}


def test_a_seal_checked_against_an_empty_ledger_says_every_event_was_removed(
    url: str, tmp_path: Any
) -> None:
    seal = make_seal(url, 1)
    empty = str(tmp_path / "empty.db")
    ok(empty, "init")
    report = verify(empty, seal)
    assert (report["ok"], report["problem"]) == (False, "seal")
    assert report["message"] == (
        "the seal is at position 1 but history now ends at 0: events were removed"
    )


def test_events_removed_behind_a_seal_are_named(url: str) -> None:
    """The attacker deletes the last two events and their chain rows, so the chain itself is
    consistent again; only the seal, kept outside the ledger, shows the history is short."""
    seal = make_seal(url)
    tamper(
        url,
        [
            "DELETE FROM stored_events WHERE rowid > 3",
            "DELETE FROM cec_chain WHERE position > 3",
        ],
    )
    report = verify(url)
    assert report["ok"] is True and report["checked"] == 3  # the chain alone cannot tell
    report = verify(url, seal=seal)
    assert report["ok"] is False and report["problem"] == "seal"
    assert report["message"] == (
        "the seal is at position 5 but history now ends at 3: events were removed"
    )
    outcome = invoke(url, "verify", "--seal", seal)
    assert outcome.code == 1
    assert outcome.err.strip() == (
        "error: verification failed: the seal is at position 5 but history now ends at 3: "
        "events were removed"
    )


def test_a_seal_beyond_the_head_says_events_were_removed(url: str) -> None:
    seal = f"cec-seal-v1:9:{digest_of(url)}"
    report = verify(url, seal=seal)
    assert (report["ok"], report["problem"]) == (False, "seal")
    assert report["message"] == (
        "the seal is at position 9 but history now ends at 5: events were removed"
    )


def test_a_seal_with_the_wrong_digest_differs(url: str) -> None:
    digest = digest_of(url)
    wrong = ("0" if digest[0] != "0" else "1") + digest[1:]
    report = verify(url, seal=f"cec-seal-v1:5:{wrong}")
    assert (report["ok"], report["problem"], report["seal"]) == (False, "seal", None)
    assert report["message"].startswith("history up to position 5 differs from the seal")


def test_a_seal_is_the_start_of_the_recomputed_link(url: str) -> None:
    with opened(url) as ledger:
        last, link, count = recompute(ledger.app, 3)
        sealed = audit.seal(ledger, 3)
        assert recompute(ledger.app, EVENTS)[2] == EVENTS
    assert (last, count) == (3, 3)
    assert sealed == {"seal": f"cec-seal-v1:3:{link[:SEAL_HEX]}", "position": 3, "events": 3}


def test_sealing_refuses_a_log_that_fails_verification(url: str) -> None:
    flip_one_byte(url, 2)
    with opened(url) as ledger, pytest.raises(InvalidValue) as refused:
        audit.seal(ledger)
    assert str(refused.value) == (
        "refusing to seal a log that fails verification: event maple-ridge#2 at position 2 "
        "was changed after it was recorded (its stored bytes no longer match the chain)"
    )


def test_an_empty_ledger_verifies_and_cannot_be_sealed(sqlite_url: str) -> None:
    ok(sqlite_url, "init")
    report = verify(sqlite_url)
    assert report == {
        "ok": True,
        "checked": 0,
        "head": 0,
        "unchained": 0,
        "problem": None,
        "message": None,
        "seal": None,
    }
    with opened(sqlite_url) as ledger, pytest.raises(InvalidValue, match="between 1 and 0"):
        audit.seal(ledger)


def test_a_ledger_without_a_chain_cannot_be_verified(url: str) -> None:
    with opened(url) as ledger:
        ledger.projector = None
        with pytest.raises(NotFound) as refused:
            audit.verify(ledger)
    assert str(refused.value) == (
        "this ledger has no hash chain yet: open it once without --read-only"
    )


# ------------------------------------------------------------------ verify: each branch
def test_an_intact_log_reports_its_counts_and_last_link(url: str) -> None:
    result = walk(url)
    with opened(url) as ledger:
        _last, link, _count = recompute(ledger.app, EVENTS)
    assert (result.ok, result.checked, result.head, result.unchained) == (True, 5, 5, 0)
    assert result.link == link
    assert verify(url) == {
        "ok": True,
        "checked": 5,
        "head": 5,
        "unchained": 0,
        "problem": None,
        "message": None,
        "seal": None,
    }


def test_verify_up_to_a_position_stops_there(url: str) -> None:
    result = walk(url, upto=3)
    with opened(url) as ledger:
        _last, link, _count = recompute(ledger.app, 3)
    assert (result.ok, result.checked, result.head, result.unchained, result.link) == (
        True,
        3,
        3,
        0,
        link,
    )


def test_events_past_the_chain_are_counted_as_unchained(url: str) -> None:
    tamper(url, ["DELETE FROM cec_chain WHERE position > 3"])
    result = walk(url)
    assert (result.ok, result.checked, result.head, result.unchained) == (True, 3, 3, 2)
    assert verify(url)["unchained"] == 2
    # Only the events up to ``upto`` are counted.
    assert walk(url, upto=4).unchained == 1


def test_small_batches_walk_the_same_chain(url: str) -> None:
    whole = walk(url)
    paged = walk(url, batch_size=2)
    assert (paged.checked, paged.head, paged.link) == (whole.checked, whole.head, whole.link)
    with opened(url) as ledger:
        assert recompute(ledger.app, EVENTS, batch_size=2) == recompute(ledger.app, EVENTS)


def test_an_event_missing_from_the_chain_is_named_inserted(url: str) -> None:
    tamper(url, ["DELETE FROM cec_chain WHERE position = 3"])
    result = walk(url, names={engagement_uuid(url): SLUG})
    assert (result.ok, result.checked, result.head, result.unchained) == (False, 2, 3, 0)
    assert result.link == walk(url, upto=2).link
    assert (result.finding.position, result.finding.problem) == (3, "inserted")
    assert result.finding.message == (
        "event maple-ridge#3 at position 3 is not in the chain: it was inserted into history"
    )
    report = verify(url)
    assert (report["problem"], report["position"], report["checked"]) == ("inserted", 3, 2)


def test_a_removed_event_reports_what_was_checked_before_it(url: str) -> None:
    tamper(url, ["DELETE FROM stored_events WHERE rowid = 4"])
    result = walk(url, names={engagement_uuid(url): SLUG})
    assert (result.checked, result.head, result.unchained) == (3, 4, 0)
    assert result.link == walk(url, upto=3).link
    assert (result.finding.position, result.finding.problem) == (4, "removed")
    assert result.finding.message == "event maple-ridge#4 at position 4 was removed"


def test_a_changed_event_reports_what_was_checked_before_it(url: str) -> None:
    flip_one_byte(url, 2)
    result = walk(url, names={engagement_uuid(url): SLUG})
    assert (result.checked, result.head, result.unchained) == (1, 2, 0)
    assert result.link == walk(url, upto=1).link
    assert (result.finding.position, result.finding.problem) == (2, "changed")


def test_an_engagement_without_a_name_is_named_by_its_id(url: str) -> None:
    """The names come from the opened events; an event of an engagement whose opening is
    gone (or unreadable) is still named, by its id."""
    flip_one_byte(url, 2)
    eid = engagement_uuid(url)
    result = walk(url, names={})
    assert result.finding.message.startswith(f"event {eid}#2 at position 2 was changed")


def test_links_cover_the_previous_link_and_every_stored_column(url: str) -> None:
    with opened(url) as ledger:
        (first,) = next(iter(ledger.app.notifications(batch_size=1, stop=1)))
    base = link_of(GENESIS, first)

    class Changed:
        def __init__(self, **changes: Any) -> None:
            self.__dict__.update(
                {
                    "id": first.id,
                    "originator_id": first.originator_id,
                    "originator_version": first.originator_version,
                    "topic": first.topic,
                    "state": first.state,
                    **changes,
                }
            )

    assert link_of(GENESIS, Changed()) == base
    assert link_of("1" * 64, first) != base
    for changes in (
        {"id": 2},
        {"originator_id": "x"},
        {"originator_version": 2},
        {"topic": first.topic + "x"},
        {"state": first.state + b" "},
    ):
        assert link_of(GENESIS, Changed(**changes)) != base, changes


# ------------------------------------------------------------------ each stored column
@pytest.fixture
def tampered_url(ledger_url: str) -> Iterator[str]:
    base_engagement(ledger_url)
    yield ledger_url


def _column_change(url: str, column: str) -> str:
    postgres = url.startswith("postgresql://")
    other_id = "00000000-0000-0000-0000-000000000000" if postgres else "0" * 32
    return {
        "topic": "UPDATE stored_events SET topic = 'cec_ledger.domain.events:TeamFormed' "
        "WHERE rowid = 2",
        "originator_id": f"UPDATE stored_events SET originator_id = '{other_id}' WHERE rowid = 2",
        "version": "UPDATE stored_events SET originator_version = 50 WHERE rowid = 2",
        "notification_id": "UPDATE stored_events SET rowid = 9 WHERE rowid = 4",
    }[column]


@pytest.mark.parametrize(
    ("column", "problem", "message"),
    [
        (
            "topic",
            "changed",
            "event maple-ridge#2 at position 2 was changed after it was recorded "
            "(its stored bytes no longer match the chain)",
        ),
        (
            "originator_id",
            "reordered",
            "position 2 holds 00000000-0000-0000-0000-000000000000#2 where the chain has "
            "maple-ridge#2: history was reordered or replaced",
        ),
        (
            "version",
            "reordered",
            "position 2 holds maple-ridge#50 where the chain has maple-ridge#2: history was "
            "reordered or replaced",
        ),
        ("notification_id", "removed", "event maple-ridge#4 at position 4 was removed"),
    ],
)
def test_tampering_with_each_stored_column_is_named(
    tampered_url: str, column: str, problem: str, message: str
) -> None:
    seal = make_seal(tampered_url)
    tamper(tampered_url, [_column_change(tampered_url, column)])
    report = verify(tampered_url)
    assert (report["ok"], report["problem"], report["message"]) == (False, problem, message)
    # With the chain table emptied as well, the seal still tells.
    tamper(tampered_url, ["DELETE FROM cec_chain"])
    report = verify(tampered_url, seal=seal)
    assert (report["ok"], report["problem"]) == (False, "seal")


def test_tampering_with_the_state_bytes_is_named(tampered_url: str) -> None:
    flip_one_byte(tampered_url, 2)
    report = verify(tampered_url)
    assert (report["problem"], report["position"]) == ("changed", 2)


def test_a_reordered_event_reports_what_was_checked_before_it(tampered_url: str) -> None:
    tamper(tampered_url, [_column_change(tampered_url, "version")])  # #2 stored as version 50
    report = verify(tampered_url)
    assert (report["checked"], report["head"], report["unchained"]) == (1, 2, 0)
    assert (report["problem"], report["position"]) == ("reordered", 2)
    with opened(tampered_url) as ledger:
        result = verify_log(ledger.app, LowerCaseRows(ledger.views), names={})
    with opened(tampered_url) as ledger:
        first = verify_log(ledger.app, LowerCaseRows(ledger.views), names={}, upto=1)
    assert (result.checked, result.head, result.unchained) == (1, 2, 0)
    assert result.link == first.link  # the link of #1, the last one that held
