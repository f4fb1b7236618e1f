"""Plugins read the engagement through a read-only, fixed-length view (no per-event copy)."""

from __future__ import annotations

import pytest

from cec_ledger.plugins.validation import ReadOnlyList, read_only


def test_view_reads_like_plain_data() -> None:
    data = {"slug": "m", "sessions": [{"service_id": "a", "hours": 2}], "teams": ["dlt"]}
    view = read_only(data)
    assert view["slug"] == "m"
    assert [s["service_id"] for s in view["sessions"]] == ["a"]
    assert dict(view["sessions"][0]) == {"service_id": "a", "hours": 2}
    assert list(view["teams"]) == ["dlt"] and view["teams"][-1] == "dlt"
    assert len(view) == 3 and set(view) == {"slug", "sessions", "teams"}


def test_view_refuses_changes() -> None:
    view = read_only({"sessions": [{"service_id": "a"}]})
    with pytest.raises(TypeError):
        view["slug"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        view["sessions"][0]["service_id"] = "b"  # type: ignore[index]
    with pytest.raises(AttributeError):
        view["sessions"].append({})  # type: ignore[attr-defined]


def test_length_is_fixed_when_the_view_is_made() -> None:
    rows = [{"n": 1}]
    view = ReadOnlyList(rows, len(rows))
    rows.append({"n": 2})
    assert len(view) == 1 and [r["n"] for r in view] == [1]
    with pytest.raises(IndexError):
        view[1]
