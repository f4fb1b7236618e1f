"""The TUI on a real ledger, headless: first paint, memory, and paging deep into the log.

    python -m benchmarks.tui_bench --ledger .demo/ledger.db [--engagement maple-ridge]
    python benchmarks/tui_bench.py --ledger big.db --pages 200

Opens the app with ``App.run_test`` (no terminal needed) straight on a timeline and prints
one JSON object:

* ``list_paint_s`` (no ``--engagement``): from building the app to the engagement list's
  first rows;
* ``first_paint_s``: from building the app to the timeline's first rows being drawn;
* ``end_s``: pressing End (the last page, fetched directly by keyset, not by walking), and
  ``end_with_state_s`` until the state panel shows the state after that last event;
* ``page_down_s``: pressing Page Down ``--pages`` times from the top, and ``page_down_ms``
  per press; the window of rows held stays bounded (``max_window_rows``);
* ``max_rss_mb``: the process's peak resident memory (``VmHWM``, see ``rss_mb``), which
  includes the interpreter and Textual, and ``rss_before_app_mb`` for comparison.

Works on any ledger the facade opens (SQLite path or PostgreSQL URL); read-only.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from pathlib import Path
from typing import Any

import orjson


def rss_mb() -> float:
    """Peak resident memory of this process. On Linux from ``VmHWM`` in /proc/self/status:
    ``ru_maxrss`` survives ``execve``, so run from ``benchmarks.run`` (a parent holding a 1M
    import) it reported the parent's peak, 9 GB, not the TUI's."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)  # kB
    # macOS reports bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


async def measure(url: str, engagement: str | None, pages: int, size: tuple[int, int]) -> dict:
    from cec_ledger.facade.ledger import Ledger
    from cec_ledger.tui import build_app
    from cec_ledger.tui.screens.engagements import EngagementsScreen
    from cec_ledger.tui.screens.timeline import TimelineScreen

    ledger = Ledger.open(url, read_only=True)
    events = ledger.event_count()
    before = rss_mb()
    result: dict[str, Any] = {"ledger": url, "events": events, "engagement": engagement}
    started = time.perf_counter()
    app = build_app(ledger, engagement)
    async with app.run_test(size=size) as pilot:
        if engagement is None:
            # The engagement list: the app's first screen, paged by slug.
            while not (
                isinstance(app.screen, EngagementsScreen)
                and app.screen.query_one("#engagements").row_count
            ):
                await pilot.pause()
                if time.perf_counter() - started > 600:
                    raise SystemExit("no engagement list after 10 minutes")
            result["list_paint_s"] = round(time.perf_counter() - started, 3)
        while not (isinstance(app.screen, TimelineScreen) and app.screen.window.rows):
            if engagement is None and not isinstance(app.screen, TimelineScreen):
                await pilot.press("t")  # every engagement's events
            await pilot.pause()
            if time.perf_counter() - started > 600:
                raise SystemExit("no timeline after 10 minutes")
        await pilot.pause()
        result["first_paint_s"] = round(time.perf_counter() - started, 3)
        screen = app.screen
        largest = len(screen.window.rows)

        t = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        result["end_s"] = round(time.perf_counter() - t, 3)
        row = screen.current()
        result["last_position"] = row["position"] if row else None
        # The state panel folds the engagement up to that event once the cursor rests.
        panel = screen.query_one("#state")
        while row and f"after #{row['version']} " not in panel.text + " ":
            await pilot.pause(0.01)
        result["end_with_state_s"] = round(time.perf_counter() - t, 3)

        await pilot.press("home")
        await pilot.pause()
        t = time.perf_counter()
        for _ in range(pages):
            await pilot.press("pagedown")
            largest = max(largest, len(screen.window.rows))
        await pilot.pause()
        elapsed = time.perf_counter() - t
        result["page_down_presses"] = pages
        result["page_down_s"] = round(elapsed, 3)
        result["page_down_ms"] = round(elapsed / max(1, pages) * 1000, 2)
        row = screen.current()
        result["position_after_page_down"] = row["position"] if row else None
        result["max_window_rows"] = largest
    ledger.close()
    result["rss_before_app_mb"] = before
    result["max_rss_mb"] = rss_mb()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", required=True, help="SQLite path or postgresql:// URL")
    parser.add_argument("--engagement", help="slug (default: every engagement's events)")
    parser.add_argument("--pages", type=int, default=50, help="Page Down presses (default 50)")
    parser.add_argument("--size", default="100x30", help="terminal size WxH (default 100x30)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    result = asyncio.run(measure(args.ledger, args.engagement, args.pages, (width, height)))
    sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")


if __name__ == "__main__":
    main()
