"""Report sections contributed by plugins (``cec_ledger_report_sections``)."""

from __future__ import annotations

from typing import Any

from cec_ledger.plugins.manager import collect


def plugin_sections(engagement_view: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """The report sections plugins add for ``engagement_view``: ``(title, [markdown body])``
    pairs in plugin order. A plugin that fails is left out, with a warning line."""

    def coerce(_plugin: str, title: Any, body: Any) -> tuple[str, list[Any]]:
        if not isinstance(title, str) or not isinstance(body, str):
            raise TypeError("register(title, body) takes two strings")
        return (title, [body])

    return collect(
        "cec_ledger_report_sections", coerce, what="report section", engagement=engagement_view
    )
