"""Ratings files: JSON, YAML and CSV shapes, and one-line errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cec_ledger.domain.errors import InvalidValue
from cec_ledger.formats.ratings import load_ratings


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InvalidValue) as caught:
        load_ratings(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_json_plain_object(tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", '{"A": "developing", "1.1": 45, "7.1": 50.0}')
    assert load_ratings(path) == ({"A": "developing", "1.1": 45, "7.1": 50}, {})
    assert type(load_ratings(path)[0]["1.1"]) is int


def test_json_with_evidence_both_shapes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.json",
        '{"ratings": {"A": "initiating", "B": "not_yet"},\n'
        ' "evidence": {"A": "unit plans from 4 schools"}}',
    )
    assert load_ratings(path) == (
        {"A": "initiating", "B": "not_yet"},
        {"A": "unit plans from 4 schools"},
    )
    nested = write(tmp_path, "n.json", '{"A": {"rating": "sustaining", "evidence": "walks"}}')
    assert load_ratings(nested) == ({"A": "sustaining"}, {"A": "walks"})


def test_yaml(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.yaml",
        "ratings:\n  A: developing\n  '1.1': 35\nevidence:\n  A: observed in PLC minutes\n",
    )
    assert load_ratings(path) == ({"A": "developing", "1.1": 35}, {"A": "observed in PLC minutes"})
    plain = write(tmp_path, "p.yml", "A: not_yet\nB: initiating\n")
    assert load_ratings(plain) == ({"A": "not_yet", "B": "initiating"}, {})


def test_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.csv",
        'Indicator,Rating,Evidence\nA,developing,"minutes, plans"\n'
        "\n# a comment\n1.1,45,\nB,not_yet\n",
    )
    assert load_ratings(path) == (
        {"A": "developing", "1.1": 45, "B": "not_yet"},
        {"A": "minutes, plans"},
    )


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", '{\n  "A": "developing",\n  "B": \n}')
    assert error_of(path).startswith(f"{path}, line 4: not valid JSON: Expecting value")


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "A: developing\nB: [initiating\nC: x\n")
    message = error_of(path)
    assert message.startswith(f"{path}, line ") and "not valid YAML" in message


def test_yaml_boolean_rating_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "A: developing\nB: no\n")
    assert error_of(path) == (
        f"{path}, line 2: rating for 'B' must be a scale value or a whole number, got False"
    )


def test_fractional_rating_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", '{\n "1.1": 45,\n "1.2": 42.5\n}')
    assert error_of(path) == f"{path}, line 3: rating for '1.2' must be a whole number, got 42.5"


def test_evidence_without_rating(tmp_path: Path) -> None:
    path = write(
        tmp_path, "r.json", '{"ratings": {"A": "developing"},\n "evidence": {"Z": "nothing"}}'
    )
    assert error_of(path) == f"{path}, line 2: evidence for 'Z', which has no rating"


def test_csv_errors(tmp_path: Path) -> None:
    header = write(tmp_path, "h.csv", "code,score\nA,developing\n")
    assert error_of(header) == (
        f"{header}, line 1: the header must be 'indicator,rating' or "
        "'indicator,rating,evidence', got 'code,score'"
    )
    twice = write(tmp_path, "t.csv", "indicator,rating\nA,developing\nB,initiating\nA,not_yet\n")
    assert error_of(twice) == f"{twice}, line 4: indicator 'A' is rated twice"
    empty = write(tmp_path, "e.csv", "indicator,rating\nA,\n")
    assert error_of(empty) == f"{empty}, line 2: rating for 'A' is empty"
    wide = write(tmp_path, "w.csv", "indicator,rating\nA,developing,extra\n")
    assert error_of(wide).startswith(f"{wide}, line 2: 3 columns, the header has 2")


def test_wrong_shapes_and_files(tmp_path: Path) -> None:
    listed = write(tmp_path, "l.json", '["A", "developing"]')
    assert error_of(listed).startswith(f"{listed}: expected an object of indicator -> rating")
    nothing = write(tmp_path, "n.csv", "indicator,rating\n")
    assert error_of(nothing) == f"{nothing}: no ratings found"
    text = write(tmp_path, "r.txt", "A=developing")
    assert error_of(text) == f"{text}: ratings files must end in .json, .yaml, .yml or .csv"
    assert error_of(tmp_path / "missing.csv") == f"{tmp_path / 'missing.csv'}: no such ratings file"
