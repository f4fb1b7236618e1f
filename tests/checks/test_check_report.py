"""``report`` has a checks section: the default set on the engagement, judged as of the
report's --as-of, else as of the engagement's latest event (so the same ledger still gives the
same bytes, whatever today is)."""

from __future__ import annotations

from tests.clihelp import ok


def section(text: str) -> str:
    return text.split("## Checks\n", 1)[1].split("\n## ", 1)[0]


def test_the_demo_report_lists_its_findings(ledger_url: str) -> None:
    ok(ledger_url, "demo")
    report = ok(ledger_url, "report", "maple-ridge").out
    checks = section(report)
    assert checks.splitlines()[1].startswith("18 checks run as of 2026-06-16: 0 errors, 2 warnings")
    rows = [line for line in checks.splitlines() if line.startswith("| warning")]
    assert [row.split(" | ")[1:3] for row in rows] == [
        ["transformation-without-we", "maple-ridge#91"],
        ["team-stalled", "maple-ridge#144"],
    ]
    assert ok(ledger_url, "report", "maple-ridge").out == report  # the same bytes again


def test_as_of_judges_the_checks_on_that_day(sqlite_url: str) -> None:
    ok(sqlite_url, "demo")
    checks = section(ok(sqlite_url, "report", "maple-ridge", "--as-of", "2025-04-30").out)
    assert "run as of 2025-04-30: 0 errors, 2 warnings" in checks
    assert "| warning | dlt-anchor-seats | maple-ridge#87, #88 |" in checks


def test_an_engagement_where_all_holds(sqlite_url: str) -> None:
    ok(sqlite_url, "demo")
    checks = section(ok(sqlite_url, "report", "cedar-grove").out)
    assert checks.strip() == "18 checks run as of 2025-08-29: all hold."
    html = ok(sqlite_url, "report", "cedar-grove", "--format", "html").out
    assert "<h2>Checks</h2>\n<p>18 checks run as of 2025-08-29: all hold.</p>" in html
