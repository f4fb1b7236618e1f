"""A footer that fits: keys that would not fit the width are left out, least important first.

Textual's footer lays every shown binding side by side and cuts the line at the edge, so at
80 or 120 columns the last keys (often ``? Help``) were lost. This one keeps ``?`` and ``q``
always, then takes the other keys in the order of the screen's ``FOOTER_PRIORITY`` (or,
without one, from the left) while they fit. Every key stays in the help (``?``) and the command
palette, so a key left out of the footer is never out of reach.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Always shown: the way to every other key, and the way out.
PINNED = ("help", "quit")
# "▏^p palette": the command palette key docked right (border, padding).
PALETTE_EXTRA = 2


def key_width(key: FooterKey) -> int:
    """Columns a footer key takes: ' k Description ' (padding either side of the key)."""
    return len(key.key_display) + len(key.description) + 3


def fitting(keys: list[FooterKey], width: int, priority: Iterable[str] = ()) -> list[FooterKey]:
    """The keys to show, in their order, within ``width`` columns."""
    order = list(priority)

    def rank(index: int) -> tuple[int, int]:
        action = keys[index].action
        if action in PINNED:
            return (-1, index)
        if action in order:
            return (order.index(action), index)
        return (len(order), index)

    # Most important first, each key taken if it still fits (a short key may fit where a
    # longer, more important one did not); shown in their own order.
    kept: set[int] = set()
    used = 0
    for index in sorted(range(len(keys)), key=rank):
        cost = key_width(keys[index])
        if used + cost <= width or keys[index].action in PINNED:
            kept.add(index)
            used += cost
    return [key for i, key in enumerate(keys) if i in kept]


class FittingFooter(Footer):
    """The footer of every screen of this app (see the module docstring)."""

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        palette = [w for w in widgets if w.has_class("-command-palette")]
        keys = [w for w in widgets if isinstance(w, FooterKey) and w not in palette]
        width = self.app.size.width - sum(
            key_width(p) + PALETTE_EXTRA for p in palette if isinstance(p, FooterKey)
        )
        priority = getattr(self.screen, "FOOTER_PRIORITY", ())
        yield from fitting(keys, width, priority)
        yield from palette

    _fitted_width = 0

    def on_resize(self, event: Resize) -> None:
        # Which keys fit depends on the width: choose again when it changes.
        if event.size.width != self._fitted_width:
            self._fitted_width = event.size.width
            self.call_after_refresh(self.recompose)
