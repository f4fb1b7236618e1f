"""Deterministic charts of the capacity curve: text for terminals and Markdown, SVG for HTML."""

from __future__ import annotations

from html import escape

BLOCKS = " ▁▂▃▄▅▆▇█"


def text_chart(points: list[tuple[str, float]], height: int = 8, width: int = 60) -> str:
    """A step chart of values in [0, 1] over dated points, as lines of text."""
    if not points:
        return ""
    # One column per point, squeezed to ``width`` by sampling evenly.
    if len(points) > width:
        step = len(points) / width
        points = [points[int(i * step)] for i in range(width - 1)] + [points[-1]]
    rows = []
    for level in range(height, 0, -1):
        threshold = level / height
        label = f"{threshold:4.2f} │" if level in (height, height // 2) else "     │"
        cells = "".join(
            "█"
            if value >= threshold - 1e-9
            else (
                BLOCKS[int((value - (level - 1) / height) * height * 8) % 9]
                if value > (level - 1) / height
                else " "
            )
            for _, value in points
        )
        rows.append(label + cells)
    rows.append("0.00 └" + "─" * len(points))
    rows.append(f"      {points[0][0]}" + " " * max(1, len(points) - 20) + f"{points[-1][0]}")
    return "\n".join(rows)


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
