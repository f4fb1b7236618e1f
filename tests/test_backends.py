"""The backend fixtures of conftest.py, checked against the real PostgreSQL server."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest


def _load_conftest():
    # By path, under a name of its own: "conftest" in sys.modules may be another directory's.
    name = "cec_ledger_tests_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("conftest.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


cf = _load_conftest()
SCHEMA = re.compile(r"t_[0-9a-f]{16}")


def schema_of(url: str) -> str:
    (schema,) = parse_qs(urlsplit(url).query)["schema"]
    assert SCHEMA.fullmatch(schema), schema
    return schema


def schema_exists(url: str, schema: str) -> bool:
    """Asked on a new connection of its own, not the fixture's."""
    with cf.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
    return row[0] == 1


# --- the decision: run, skip or fail -------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "action"),
    [
        ({"CEC_TEST_POSTGRES_URL": "postgresql://u:p@127.0.0.1:1/db"}, "run"),
        ({"CEC_TEST_POSTGRES_URL": "postgresql://u:p@127.0.0.1:1/db", "CI": "true"}, "run"),
        ({}, "skip"),
        ({"CI": "false"}, "skip"),
        ({"CEC_TEST_POSTGRES_URL": "  "}, "skip"),
        ({"CI": "true"}, "fail"),
        ({"CI": "1"}, "fail"),
        ({"CI": "true", "CEC_TEST_POSTGRES_URL": ""}, "fail"),
    ],
)
def test_postgres_action(environ: dict[str, str], action: str) -> None:
    assert cf.postgres_action(environ) == action


def test_missing_url_fails_under_ci_and_skips_locally() -> None:
    with pytest.raises(pytest.fail.Exception, match="never skip in CI"):
        cf.require_postgres_url({"CI": "true"})
    with pytest.raises(pytest.skip.Exception):
        cf.require_postgres_url({})
    url = "postgresql://u:p@127.0.0.1:1/db"
    assert cf.require_postgres_url({"CEC_TEST_POSTGRES_URL": url, "CI": "true"}) == url


def test_with_schema_keeps_other_parameters() -> None:
    url = cf.with_schema("postgresql://u:p@h:5/db?sslmode=disable&schema=old", "t_1")
    assert url == "postgresql://u:p@h:5/db?sslmode=disable&schema=t_1"


# --- sqlite -----------------------------------------------------------------------------------


def test_sqlite_url_is_a_new_file_inside_tmp_path(sqlite_url: str, tmp_path: Path) -> None:
    path = Path(sqlite_url)
    assert path.parent == tmp_path
    assert path.name == "ledger.db"
    assert not path.exists()


# --- both, through ledger_url -------------------------------------------------------------------


def test_ledger_url_shape(ledger_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    backend = request.node.callspec.params["ledger_url"]
    assert request.node.callspec.id == backend
    if backend == "sqlite":
        assert ledger_url == str(tmp_path / "ledger.db")
    else:
        assert "postgres" in request.node.keywords  # the marker, for -m "not postgres"
        base = cf.require_postgres_url(os.environ)
        assert ledger_url.startswith(base + "?schema=t_")
        assert schema_exists(ledger_url, schema_of(ledger_url))


# --- postgres: the schema exists during the test and is gone after ------------------------------


@pytest.fixture
def dropped_after() -> Iterator[list[str]]:
    """Set up before ``postgres_url``, so torn down after it: checks the drop really happened."""
    seen: list[str] = []
    yield seen
    for url in seen:
        assert not schema_exists(url, schema_of(url)), f"{url}: schema still there after the test"


def test_postgres_schema_lives_for_the_test(dropped_after: list[str], postgres_url: str) -> None:
    dropped_after.append(postgres_url)
    schema = schema_of(postgres_url)
    assert schema_exists(postgres_url, schema)
    # Usable: the cec role owns what it creates there.
    with cf.connect(postgres_url) as conn:
        conn.execute(f"CREATE TABLE {schema}.probe (id int)")
        conn.execute(f"INSERT INTO {schema}.probe VALUES (1)")


def test_postgres_schema_context_drops_with_cascade(postgres_url: str) -> None:
    base = cf.require_postgres_url(os.environ)
    with cf.postgres_schema(base) as url:
        schema = schema_of(url)
        assert schema != schema_of(postgres_url)  # each use gets a schema of its own
        with cf.connect(url) as conn:
            conn.execute(f"CREATE TABLE {schema}.events (id bigserial PRIMARY KEY)")
        assert schema_exists(url, schema)
    assert not schema_exists(base, schema)


# --- env_isolation ------------------------------------------------------------------------------


@pytest.fixture
def polluted_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Set in a fixture that runs after env_isolation, then isolation is applied again below.
    for name in ("CEC_LEDGER_URL", "CEC_LEDGER_ACTOR", "CEC_LEDGER_KEY", "POSTGRES_SCHEMA"):
        monkeypatch.setenv(name, "from-the-user")


def test_env_isolation(
    polluted_env: None, env_isolation: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert env_isolation == tmp_path / "_home"
    assert os.environ["HOME"] == str(tmp_path / "_home")
    assert os.environ["XDG_DATA_HOME"].startswith(str(tmp_path))
    assert Path("~").expanduser() == tmp_path / "_home"
    import platformdirs

    assert Path(platformdirs.user_data_dir("cec-ledger")).is_relative_to(tmp_path)
    # The fixture itself ran before polluted_env; run what it runs again to check the removal.
    cf.isolate_environment(monkeypatch, tmp_path / "again")
    for name in ("CEC_LEDGER_URL", "CEC_LEDGER_ACTOR", "CEC_LEDGER_KEY", "POSTGRES_SCHEMA"):
        assert name not in os.environ
