"""Mutation testing: mutmut over the modules listed in pyproject.toml, one results file and table.

    python scripts/mutate.py                 # fresh run (make mutate): rm -rf mutants/, mutmut run
    python scripts/mutate.py --resume        # keep mutants/ (mutmut's cache): re-test only what changed
    python scripts/mutate.py --report-only   # no run: rebuild the results from mutants/
    python scripts/mutate.py --rerun 'cec_ledger.projections.chain.x_verify_log*'
                                             # re-test chosen mutants after adding a test
    python scripts/mutate.py --fail-under 90 # exit 1 when the score is below 90 %

What is mutated and which tests run are mutmut's own settings in ``[tool.mutmut]`` of
pyproject.toml; this script adds nothing to them, so there is one place to edit:

* ``only_mutate``: the target files (globs, relative to the repo root). A moved module is a
  one-line change there; an entry that matches no file stops the run (exit 2) instead of
  silently mutating less.
* ``pytest_add_cli_args_test_selection``: the tests. mutmut runs them once with
  per-function tracing, then runs against each mutant only the tests that called the mutated
  function.
* ``[tool.cec-mutate.tiers]`` (read by the pytest plugin ``tests/mutation_tiers.py``): for
  mutants whose name matches a glob, only the tests under the given paths run, e.g. the fast
  in-memory tier ``tests/domain/`` for the domain (the end-to-end tests still judge a domain
  function the fast tier never calls).

Results go to ``benchmarks/results/mutation.json`` (score, per-file counts, every mutant that
was not killed with its diff) and to the table between the ``<!-- mutation:start -->`` and
``<!-- mutation:end -->`` markers in ``docs/testing.md`` (replaced in place).

Equivalent mutants (no behaviour change, so no test can kill them) are listed in
``scripts/mutation-equivalents.toml`` by a stable id, ``<file>::<function>::<hash of the
changed lines>``, which survives renumbering when other mutants of the function come and go.
The score leaves them out of the denominator:

    score = (killed + timeout) / (mutants - equivalent)

"no tests" mutants (no selected test calls the function) count against the score.

Over 400 lines: one script (run, resume, rerun, report) with its results format; a tool for
developers, not part of the package.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "mutation.json"
DOC = ROOT / "docs" / "testing.md"
EQUIVALENTS = ROOT / "scripts" / "mutation-equivalents.toml"
LOG = ROOT / "mutants" / "mutmut-run.log"
MARK_START, MARK_END = "<!-- mutation:start -->", "<!-- mutation:end -->"

# mutmut's exit codes (mutmut/stats.py, 3.x); anything else is "suspicious".
STATUS_BY_EXIT_CODE: dict[int | None, str] = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    2: "interrupted",
    None: "not checked",
    33: "no tests",
    34: "skipped",
    35: "suspicious",
    36: "timeout",
    37: "caught by type check",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    -11: "segfault",
    -9: "segfault",
}
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def say(msg: str) -> None:
    print(f"mutate: {msg}", file=sys.stderr, flush=True)


def mutmut_config() -> dict[str, Any]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    cfg = data.get("tool", {}).get("mutmut")
    if not cfg:
        sys.exit("mutate: pyproject.toml has no [tool.mutmut] section")
    return cfg


def source_files(cfg: dict[str, Any]) -> list[str]:
    files: list[str] = []
    for base in cfg.get("source_paths") or cfg.get("paths_to_mutate") or ["src"]:
        p = ROOT / base
        if p.is_file():
            files.append(base)
        else:
            files += sorted(str(f.relative_to(ROOT)) for f in p.rglob("*.py"))
    return files


def target_files(cfg: dict[str, Any]) -> list[str]:
    """The files mutmut will mutate; exit 2 if any only_mutate entry matches nothing."""
    patterns = cfg.get("only_mutate") or []
    skip = cfg.get("do_not_mutate") or []
    files = source_files(cfg)
    stale = [p for p in patterns if not any(fnmatch.fnmatch(f, p) for f in files)]
    if stale:
        say(f"[tool.mutmut] only_mutate matches no file under {cfg.get('source_paths')}: {stale}")
        say("was a module moved or renamed? edit only_mutate in pyproject.toml")
        sys.exit(2)
    chosen = [f for f in files if not patterns or any(fnmatch.fnmatch(f, p) for p in patterns)]
    return [f for f in chosen if not any(fnmatch.fnmatch(f, p) for p in skip)]


def check_tests(cfg: dict[str, Any]) -> list[str]:
    """The selected test paths; exit 2 if one does not exist (pytest would exit 4 mid-run)."""
    tests = cfg.get("pytest_add_cli_args_test_selection") or []
    missing = [t for t in tests if not t.startswith("-") and not (ROOT / t.split("::")[0]).exists()]
    if missing:
        say(f"[tool.mutmut] pytest_add_cli_args_test_selection names missing paths: {missing}")
        sys.exit(2)
    return tests


def tool_version() -> str:
    try:
        from importlib.metadata import version

        return f"mutmut {version('mutmut')}"
    except Exception:
        return "mutmut"


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except Exception:
        return None


def mutmut_bin() -> str:
    here = Path(sys.executable).with_name("mutmut")
    return str(here) if here.exists() else "mutmut"


def run_mutmut(max_children: int, names: list[str]) -> tuple[int, float]:
    """Run ``mutmut run``; its spinner output goes to mutants/mutmut-run.log."""
    env = dict(os.environ)
    # The selected tests are in-process and -m "not postgres"; these must not leak in.
    env.pop("CEC_TEST_POSTGRES_URL", None)
    env.setdefault("PYTHONHASHSEED", "0")
    cmd = [mutmut_bin(), "run", "--max-children", str(max_children), *names]
    say(" ".join(cmd) + f"  (log: {LOG.relative_to(ROOT)})")
    started = time.perf_counter()
    LOG.parent.mkdir(exist_ok=True)
    with open(LOG, "w") as log:
        code = subprocess.run(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        ).returncode
    return code, time.perf_counter() - started


def tail_of_log(lines: int = 25) -> str:
    text = LOG.read_text(errors="replace") if LOG.exists() else ""
    text = re.sub(r"[^\n]*\r", "", text)  # drop spinner frames
    return "\n".join(text.splitlines()[-lines:])


def function_of(mutant: str) -> str:
    """``pkg.mod.x_func__mutmut_3`` -> ``func``; ``pkg.mod.xǁClsǁmeth__mutmut_3`` -> ``Cls.meth``."""
    last = mutant.rsplit(".", 1)[-1].rsplit("__mutmut_", 1)[0]
    if last.startswith("xǁ"):
        return last[2:].replace("ǁ", ".")
    return last[2:] if last.startswith("x_") else last


def change_lines(diff: str) -> list[str]:
    return [ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def stable_id(path: str, function: str, diff: str) -> str:
    body = "\n".join(" ".join(ln.split()) for ln in change_lines(diff))
    return f"{path}::{function}::{hashlib.sha1(body.encode()).hexdigest()[:10]}"


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def summary_of(diff: str, width: int = 110, context: int = 30) -> str:
    """The change on one line for the table: ``old → new``; a one-line change is cut to the part
    that differs, with a little context either side."""
    minus = [ln[1:].strip() for ln in change_lines(diff) if ln.startswith("-")]
    plus = [ln[1:].strip() for ln in change_lines(diff) if ln.startswith("+")]
    if len(minus) == 1 and len(plus) <= 1:
        old, new = minus[0], (plus[0] if plus else "")
        pre = _common_prefix(old, new)
        post = _common_prefix(old[pre:][::-1], new[pre:][::-1])
        a, b = old[pre : len(old) - post], new[pre : len(new) - post]
        # A pure insertion/deletion slides left to where it reads naturally ("slug", not slug", ").
        while (not a or not b) and pre and (a or b)[-1:] == old[pre - 1]:
            pre, post = pre - 1, post + 1
            a, b = old[pre : len(old) - post], new[pre : len(new) - post]
        # A replacement grows to whole words (event_type -> None, not event_typ -> Non).
        word = str.isalnum
        while a and b and pre and word(old[pre - 1]) and (word(a[0]) or word(b[0])):
            pre -= 1
            a, b = old[pre : len(old) - post], new[pre : len(new) - post]
        while a and b and post and word(old[len(old) - post]) and (word(a[-1]) or word(b[-1])):
            post -= 1
            a, b = old[pre : len(old) - post], new[pre : len(new) - post]
        lead = max(0, pre - context)
        head = ("…" if lead else "") + old[lead:pre]
        tail = old[len(old) - post :][:context] + ("…" if post > context else "")
        text = f"{head}[{a} → {b}]{tail}"
    else:
        text = f"{' / '.join(minus)} → {' / '.join(plus)}"
    return text if len(text) <= width else text[: width - 1] + "…"


def diffs_for(names: list[str]) -> dict[str, str]:
    """Diffs from mutmut's own code when importable (fast), else one ``mutmut show`` each."""
    out: dict[str, str] = {}
    try:
        from mutmut.mutation.diff_apply import (
            get_diff_for_mutant,
        )  # mutmut 3.x internals

        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            for name in names:
                out[name] = get_diff_for_mutant(name)
        finally:
            os.chdir(cwd)
        return out
    except Exception as exc:  # internals moved: fall back to the CLI
        say(f"(diffs via `mutmut show`: {exc.__class__.__name__})")
    for name in names:
        res = subprocess.run([mutmut_bin(), "show", name], cwd=ROOT, capture_output=True, text=True)
        out[name] = "\n".join(ln for ln in res.stdout.splitlines() if not ln.startswith("# "))
    return out


def load_equivalents(kind: str = "equivalent") -> dict[str, str]:
    """id -> reason of the ``[[equivalent]]`` (or ``[[postgres_only]]``) entries."""
    if not EQUIVALENTS.exists():
        return {}
    data = tomllib.loads(EQUIVALENTS.read_text())
    return {e["id"]: e.get("reason", "") for e in data.get(kind, [])}


def collect(targets: list[str]) -> dict[str, Any]:
    equivalents = load_equivalents()
    # Survivors that only a PostgreSQL test can kill (the mutation tier runs SQLite only),
    # each checked by hand against that test: still survivors in the score, listed apart.
    postgres_only = load_equivalents("postgres_only")
    files: dict[str, Any] = {}
    not_killed: list[tuple[str, str, str]] = []  # (path, name, status)
    for path in targets:
        meta = ROOT / "mutants" / (path + ".meta")
        if not meta.exists():
            files[path] = {
                "mutants": 0,
                "note": "no mutants (nothing mutable, or not run)",
            }
            continue
        data = json.loads(meta.read_text())
        codes = data.get("exit_code_by_key", {})
        durations = data.get("durations_by_key", {})
        counts = Counter(STATUS_BY_EXIT_CODE.get(c, "suspicious") for c in codes.values())
        files[path] = {
            "mutants": len(codes),
            "counts": dict(sorted(counts.items())),
            "test_seconds": round(sum(d or 0 for d in durations.values()), 1),
        }
        for name, code in codes.items():
            status = STATUS_BY_EXIT_CODE.get(code, "suspicious")
            if status not in KILLED and status != "not checked":
                not_killed.append((path, name, status))
    diffs = diffs_for([n for _, n, _ in not_killed])
    surviving = []
    used_equivalents = set()
    for path, name, status in not_killed:
        diff = diffs.get(name, "")
        function = function_of(name)
        sid = stable_id(path, function, diff)
        reason = equivalents.get(sid)
        if reason is not None or sid in postgres_only:
            used_equivalents.add(sid)
        surviving.append(
            {
                "name": name,
                "id": sid,
                "file": path,
                "function": function,
                "status": status,
                "equivalent": reason is not None,
                "reason": reason,
                "postgres_only": postgres_only.get(sid),
                "change": summary_of(diff),
                "diff": diff,
            }
        )
    total = Counter()
    for path, f in files.items():
        total.update(f.get("counts", {}))
        eq = sum(1 for s in surviving if s["file"] == path and s["equivalent"])
        killed = sum(f.get("counts", {}).get(s, 0) for s in KILLED)
        f["equivalent"] = eq
        c = f.get("counts", {})
        denom = f["mutants"] - eq - c.get("skipped", 0) - c.get("not checked", 0)
        f["score"] = round(100 * killed / denom, 1) if denom else None
    mutants = sum(total.values())
    killed = sum(total.get(s, 0) for s in KILLED)
    equivalent = sum(1 for s in surviving if s["equivalent"])
    denom = mutants - equivalent - total.get("skipped", 0) - total.get("not checked", 0)
    return {
        "totals": {
            "mutants": mutants,
            "killed": total.get("killed", 0) + total.get("caught by type check", 0),
            "timeout": total.get("timeout", 0),
            "survived": total.get("survived", 0),
            "no_tests": total.get("no tests", 0),
            "suspicious": total.get("suspicious", 0) + total.get("segfault", 0),
            "not_checked": total.get("not checked", 0),
            "equivalent": equivalent,
        },
        "score": round(100 * killed / denom, 2) if denom else None,
        "files": files,
        "surviving": surviving,
        "stale_equivalents": sorted((set(equivalents) | set(postgres_only)) - used_equivalents),
    }


def md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


def table(data: dict[str, Any]) -> str:
    t = data["totals"]
    out = [
        f"Run {data['date']} · {data['tool']} · {data['max_children']} workers on "
        f"{data['cores']} cores · "
        + (
            f"{data['seconds'] / 60:.1f} min ({data['mode']} run)"
            if data["seconds"]
            else "time not measured"
        )
        + f" · commit {str(data['commit'])[:10]}",
        "",
        f"**Score {data['score']}%** killed of {t['mutants']} mutants less {t['equivalent']} "
        f"equivalent (killed {t['killed']}, timeout {t['timeout']}, survived {t['survived']}, "
        f"no tests {t['no_tests']})."
        + (
            f" **Incomplete: {t['not_checked']} mutants not checked** (interrupted run)."
            if t["not_checked"]
            else ""
        ),
        "",
        "| file | mutants | not checked | killed | timeout | survived | no tests | equivalent "
        "| score (of checked) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, f in data["files"].items():
        c = f.get("counts", {})
        score = "-" if f.get("score") is None else f"{f['score']}%"
        out.append(
            f"| `{path}` | {f['mutants']} | {c.get('not checked', 0)} | {c.get('killed', 0)} | "
            f"{c.get('timeout', 0)} | "
            f"{c.get('survived', 0)} | {c.get('no tests', 0)} | {f.get('equivalent', 0)} | {score} |"
        )
    live = [s for s in data["surviving"] if not s["equivalent"] and not s.get("postgres_only")]
    on_postgres = [s for s in data["surviving"] if s.get("postgres_only")]
    if on_postgres:
        out += [
            "",
            "Survivors killed only by a PostgreSQL test (the mutation tier runs SQLite; each "
            "checked by hand; counted as surviving in the score):",
            "",
        ]
        out += ["| id | change | killed by |", "|---|---|---|"]
        for s in on_postgres:
            out.append(
                f"| `{s['id']}` | `{md_escape(s['change'])}` | {md_escape(s['postgres_only'])} |"
            )
    if live:
        out += [
            "",
            "Surviving mutants (each one a missing test, or an equivalent to list):",
            "",
        ]
        out += ["| mutant | status | change |", "|---|---|---|"]
        for s in live:
            out.append(f"| `{s['name']}` | {s['status']} | `{md_escape(s['change'])}` |")
    eqs = [s for s in data["surviving"] if s["equivalent"]]
    if eqs:
        out += [
            "",
            "Equivalent mutants (no behaviour change; in scripts/mutation-equivalents.toml):",
            "",
        ]
        out += ["| id | change | why equivalent |", "|---|---|---|"]
        for s in eqs:
            out.append(f"| `{s['id']}` | `{md_escape(s['change'])}` | {md_escape(s['reason'])} |")
    if data["stale_equivalents"]:
        out += [
            "",
            f"Stale equivalents (no longer produced): {', '.join(data['stale_equivalents'])}",
        ]
    return "\n".join(out)


def write_doc(text: str) -> None:
    block = f"{MARK_START}\n{text}\n{MARK_END}"
    doc = DOC.read_text() if DOC.exists() else "# Testing\n"
    if MARK_START in doc and MARK_END in doc:
        doc = re.sub(
            re.escape(MARK_START) + r".*?" + re.escape(MARK_END),
            lambda _m: block,
            doc,
            flags=re.S,
        )
    else:
        doc = doc.rstrip("\n") + f"\n\n## Mutation testing\n\n{block}\n"
    DOC.write_text(doc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resume", action="store_true", help="keep mutants/ and its cache")
    parser.add_argument("--report-only", action="store_true", help="do not run mutmut")
    parser.add_argument(
        "--rerun",
        nargs="+",
        default=[],
        metavar="MUTANT",
        help="re-test these mutants (names or globs); implies --resume",
    )
    # Two workers: the machine has two cores, shared with the rest of the work on it.
    parser.add_argument("--max-children", type=int, default=min(2, os.cpu_count() or 2))
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument("--no-doc", action="store_true", help="leave docs/testing.md alone")
    parser.add_argument("--fail-under", type=float, default=None, help="exit 1 below this score")
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    cfg = mutmut_config()
    targets = target_files(cfg)
    tests = check_tests(cfg)
    say(f"{len(targets)} target files; tests: {' '.join(tests)}")
    seconds = None
    if not args.report_only:
        if not (args.resume or args.rerun) and (ROOT / "mutants").exists():
            shutil.rmtree(ROOT / "mutants")
        code, seconds = run_mutmut(args.max_children, args.rerun)
        if code != 0:
            say(f"mutmut run exited {code}; end of {LOG.relative_to(ROOT)}:")
            print(tail_of_log(), file=sys.stderr)
            return code
    data: dict[str, Any] = {
        "tool": tool_version(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "cores": os.cpu_count(),
        "max_children": args.max_children,
        "python": platform.python_version(),
        "mode": "report-only"
        if args.report_only
        else "rerun"
        if args.rerun
        else "resume"
        if args.resume
        else "fresh",
        "seconds": round(seconds, 1) if seconds is not None else None,
        "targets": targets,
        "tests": cfg.get("pytest_add_cli_args_test_selection", []),
        "pytest_args": cfg.get("pytest_add_cli_args", []),
    }
    data |= collect(targets)
    t = data["totals"]
    if seconds and data["mode"] == "fresh":
        data["mutants_per_minute"] = round(t["mutants"] / (seconds / 60), 1)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if not args.no_doc:
        write_doc(table(data))
    say(
        f"score {data['score']}%: {t['mutants']} mutants, {t['killed']} killed, {t['timeout']} "
        f"timeout, {t['survived']} survived, {t['no_tests']} no tests, {t['equivalent']} "
        f"equivalent; {data['seconds']} s -> {args.json}"
    )
    if args.fail_under is not None and (data["score"] or 0) < args.fail_under:
        say(f"score below --fail-under {args.fail_under}")
        return 1
    if args.fail_under is not None and t["not_checked"]:
        # The score counts checked mutants only: an interrupted run has not earned a pass.
        say(f"{t['not_checked']} mutants not checked (interrupted run): --resume to finish")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
