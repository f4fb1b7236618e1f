"""Deterministic charts of the capacity curve: text for terminals and Markdown, SVG for HTML."""

from __future__ import annotations

from datetime import date
from html import escape

BLOCKS = " ▁▂▃▄▅▆▇█"
# "100% " and the axis: the y labels take this many columns before the plot.
Y_LABEL_WIDTH = 6
# Below this many plot columns a step chart says nothing; the chart is then this narrow.
MIN_PLOT_WIDTH = 24


def _step_values(points: list[tuple[str, float]], columns: int) -> list[float]:
    """The value in force at each of ``columns`` evenly spaced moments from the first date
    to the last (a step curve: a value holds until the next change, however far off)."""
    days = [date.fromisoformat(on[:10]).toordinal() for on, _ in points]
    first, span = days[0], max(1, days[-1] - days[0])
    values = []
    index = 0
    for column in range(columns):
        moment = first + span * column / max(1, columns - 1)
        while index + 1 < len(points) and days[index + 1] <= moment + 1e-9:
            index += 1
        values.append(points[index][1])
    return values


def _date_axis(points: list[tuple[str, float]], columns: int) -> tuple[str, str]:
    """The x axis (with a tick under each label) and its date labels, ``columns`` wide.

    The first and last dates always show (the last one right-aligned to the end); dates in
    between are added at their place in time where they fit with two spaces either side."""
    days = [date.fromisoformat(on[:10]).toordinal() for on, _ in points]
    first, span = days[0], max(1, days[-1] - days[0])
    labels = [" "] * columns
    ticks = ["─"] * columns
    placed: list[tuple[int, int]] = []  # (start, end) of each label, end exclusive

    def place(text: str, at: int, tick: int) -> None:
        at = max(0, min(at, columns - len(text)))
        if any(at < end + 2 and start < at + len(text) + 2 for start, end in placed):
            return  # it would touch a label already placed
        labels[at : at + len(text)] = text
        ticks[tick] = "┬"
        placed.append((at, at + len(text)))

    first_label, last_label = points[0][0][:10], points[-1][0][:10]
    place(first_label, 0, 0)
    if len(points) > 1 and last_label != first_label:
        place(last_label, columns - len(last_label), columns - 1)
    # Then the dates of the changes in between, centred on their tick, oldest first.
    middle = sorted({on[:10] for on, _ in points[1:-1]} - {first_label, last_label})
    for on in middle:
        column = round((date.fromisoformat(on).toordinal() - first) / span * (columns - 1))
        place(on, column - len(on) // 2, column)
    return "".join(ticks), "".join(labels)


def text_chart(
    points: list[tuple[str, float]],
    height: int = 8,
    width: int = 60,
    *,
    until: str | None = None,
) -> str:
    """A step chart of values in [0, 1] over dated points, ``width`` columns wide in all.

    Time runs left to right at an even scale (a value holds until the next change), so
    the chart fills whatever width it is given: the terminal's, in the CLI. ``until`` (a
    date after the last point, such as today) extends the last value to it; otherwise the
    chart ends at the last change. The y axis is in percent (0% consultant-led, 100%
    district-independent), as everywhere in the CLI and the TUI; the x axis shows the first
    and last dates and as many in between as fit."""
    if not points:
        return ""
    if until and until[:10] > points[-1][0][:10]:
        points = [*points, (until[:10], points[-1][1])]
    columns = max(MIN_PLOT_WIDTH, width - Y_LABEL_WIDTH)
    values = _step_values(points, columns)
    rows = []
    for level in range(height, 0, -1):
        top, bottom = level / height, (level - 1) / height
        label = f"{top:>4.0%} ┤" if level in (height, height // 2) else "     │"
        cells = "".join(
            "█"
            if value >= top - 1e-9
            else (BLOCKS[int((value - bottom) * height * 8)] if value > bottom else " ")
            for value in values
        )
        rows.append(label + cells)
    axis, dates = _date_axis(points, columns)
    rows.append("  0% └" + axis)
    rows.append(" " * Y_LABEL_WIDTH + dates)
    return "\n".join(row.rstrip() for row in rows)


def svg_chart(points: list[tuple[str, float]], width: int = 640, height: int = 240) -> str:
    """An inline SVG step chart (no scripts, no external assets)."""
    pad = 40
    if not points:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"></svg>'
    n = len(points)
    x = [pad + (width - 2 * pad) * (i / max(1, n - 1)) for i in range(n)]
    y = [height - pad - (height - 2 * pad) * v for _, v in points]
    path = f"M{x[0]:.1f},{y[0]:.1f}"
    for i in range(1, n):
        path += f" H{x[i]:.1f} V{y[i]:.1f}"
    grid = "".join(
        f'<line x1="{pad}" x2="{width - pad}" y1="{height - pad - (height - 2 * pad) * g:.1f}" '
        f'y2="{height - pad - (height - 2 * pad) * g:.1f}" stroke="#ddd"/>'
        f'<text x="4" y="{height - pad - (height - 2 * pad) * g + 4:.1f}" font-size="11">'
        f"{g:.2f}</text>"
        for g in (0, 0.25, 0.5, 0.75, 1)
    )
    dots = "".join(
        f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="#3b5ba5">'
        f"<title>{escape(d)}: {v:.2f}</title></circle>"
        for a, b, (d, v) in zip(x, y, points, strict=True)
    )
    labels = (
        f'<text x="{pad}" y="{height - 12}" font-size="11">{escape(points[0][0])}</text>'
        f'<text x="{width - pad}" y="{height - 12}" font-size="11" text-anchor="end">'
        f"{escape(points[-1][0])}</text>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="Capacity index over time">{grid}'
        f'<path d="{path}" fill="none" stroke="#3b5ba5" stroke-width="2"/>{dots}{labels}</svg>'
    )
