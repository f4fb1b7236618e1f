"""The checks' reference in docs/auditors.md, written from each check's own doc.

    python -m cec_ledger.checks.reference docs/auditors.md

Replaces the text between ``<!-- checks:begin -->`` and ``<!-- checks:end -->`` with one
entry per check (built-in, then the bundled plugins'): its name, severity, whether it is in the
default set, its settings and its doc with an example finding. ``tests/checks`` fails when the
file is not what this writes, so a check cannot be added without its documentation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cec_ledger.checks.model import Check

BEGIN = "<!-- checks:begin -->"
END = "<!-- checks:end -->"


def entry(check: Check) -> str:
    """One check's reference, in Markdown."""
    lines = check.doc.strip().splitlines()
    purpose, body = lines[0], lines[1:]
    facts = [f"**{check.severity}**", "in the default set" if check.default else "named only"]
    if check.source != "built-in":
        facts.append(f"from the plugin `{check.source}`")
    for name, value in check.thresholds.items():
        facts.append(f"`{check.name}.{name}` = {value}")
    out = [f"### `{check.name}`", "", f"{purpose} ({'; '.join(facts)}.)", ""]
    text: list[str] = []
    example = None
    for n, line in enumerate(body):
        if line.strip() == "Example:":
            example = body[n + 1].strip() if n + 1 < len(body) else None
            break
        text.append(line.strip())
    paragraph = " ".join(t for t in text if t).strip()
    if paragraph:
        out += [paragraph, ""]
    if example:
        out += ["```text", example, "```", ""]
    return "\n".join(out)


def reference(checks: dict[str, Check]) -> str:
    """Every check's entry, between the markers."""
    bundled = {n: c for n, c in checks.items() if c.source.startswith("cec-ledger-")}
    built_in = {n: c for n, c in checks.items() if c.source == "built-in"}
    parts = [BEGIN, ""]
    parts += [entry(c) for c in built_in.values()]
    if bundled:
        parts += ["The bundled plugins add:", ""]
        parts += [entry(c) for c in bundled.values()]
    parts.append(END)
    return "\n".join(parts)


def updated(text: str, checks: dict[str, Check]) -> str:
    """``text`` with its checks' reference rewritten."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + reference(checks) + tail


def main(argv: list[str] | None = None) -> int:
    from cec_ledger.checks.runner import all_checks

    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/auditors.md")
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{path} has no {BEGIN} ... {END} markers", file=sys.stderr)
        return 1
    path.write_text(updated(text, all_checks()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
