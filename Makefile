# cec-ledger developer tasks. The README documents `make demo` and `make test`.
#
#   make venv        .venv with cec-ledger[dev] (its bundled plugins PLC, Baldrige and the
#                    services catalogue come with it) and every example plugin in plugins/*/,
#                    all installed editable
#   make demo        build the demo ledger (DEMO_LEDGER) afresh and open the TUI on it
#   make demo-data   re-record scripts/demo_story.py into src/cec_ledger/data/demo.jsonl
#   make plugin-docs regenerate the API reference in docs/plugins.md from the hook specs
#   make test        start the throwaway PostgreSQL (scripts/postgres.sh), run pytest on both
#                    backends, stop the server again; PYTEST_ARGS="-k foo -x" passes options
#   make test-fast   the quick tier (no PostgreSQL, no tests marked slow; under a minute)
#   make lint        ruff check + ruff format --check + the import contracts (lint-imports)
#   make bench       quick benchmarks; bench-full: the full set; bench-checks: `check`
#                    against `verify` on the 100k-event ledger (benchmarks/results/checks.json)
#   make mutate      mutation testing (mutmut) of the files in pyproject's [tool.mutmut]
#                    only_mutate: writes benchmarks/results/mutation.json and the table in
#                    docs/testing.md, fails below 90 % killed (see docs/testing.md for its
#                    run time); MUTATE_ARGS=--resume re-tests only what changed,
#                    MUTATE_ARGS="--rerun 'cec_ledger.projections.chain.*'" chosen mutants
#   make clean       caches, build output, the demo ledger and the test server's data
#   make distclean   clean, and the virtualenv too

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_LEDGER ?= .demo/ledger.db
PYTEST_ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

.PHONY: venv demo demo-data plugin-docs test test-fast lint bench bench-full bench-checks \
	mutate clean distclean

venv: $(VENV)/.installed

# Rebuilt when pyproject.toml or any example plugin's pyproject.toml changes (or one appears).
# One pip run for the app and the example plugins in plugins/*/ (third-party plugins written
# as an author would), so they resolve together. PLC, Baldrige and the services catalogue are
# not in plugins/: they ship inside cec-ledger (src/cec_ledger/bundled). A venv made before
# that move still holds them as separate distributions claiming the same plugin names:
# uninstall those.
$(VENV)/.installed: pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip uninstall --quiet --yes cec-ledger-plc cec-ledger-baldrige cec-ledger-services \
	    2>/dev/null || true
	plugins=(); \
	for dir in plugins/*/; do \
	    if [ -f "$$dir/pyproject.toml" ]; then plugins+=(-e "$$dir"); fi; \
	done; \
	echo "pip install -e .[dev] $${plugins[*]}"; \
	$(PY) -m pip install --quiet -e '.[dev]' "$${plugins[@]}"
	touch $@

demo: venv
	mkdir -p "$(dir $(DEMO_LEDGER))"
	$(VENV)/bin/cec-ledger --ledger "$(DEMO_LEDGER)" demo --fresh
	$(VENV)/bin/cec-ledger --ledger "$(DEMO_LEDGER)" tui

# After editing the story: re-record it and commit the script and the file together
# (tests/test_demo.py fails while they differ).
demo-data: venv
	$(PY) scripts/demo_story.py src/cec_ledger/data/demo.jsonl

# After changing a hook spec's docstring or the names cec_ledger.plugins exports
# (tests/plugins/test_plugins_docs.py fails while the reference is stale).
plugin-docs: venv
	$(PY) -m cec_ledger.plugins.reference docs/plugins.md

# The server is stopped afterwards (even when tests fail, or on Ctrl-C) if this run started it;
# one that was already running is left running. pytest's exit code is kept.
test: venv
	@was_running=0; scripts/postgres.sh status >/dev/null 2>&1 && was_running=1; \
	scripts/postgres.sh start || exit 1; \
	if [ $$was_running = 0 ]; then trap 'scripts/postgres.sh stop' EXIT; fi; \
	status=0; \
	CEC_TEST_POSTGRES_URL="$$(scripts/postgres.sh url)" $(PY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status = 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

# The quick tier: rules, folds and corrections (tests/domain), plugins, CLI and TUI checks that
# take well under a second each. No server is started; PostgreSQL and slow tests are left out.
test-fast: venv
	$(PY) -m pytest -m "not slow and not postgres" $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: venv
	$(PY) -m benchmarks.run --quick

bench-full: venv
	$(PY) -m benchmarks.run --full

bench-checks: venv
	$(PY) -m benchmarks.checks

# Two workers (scripts/mutate.py's default); a fresh run starts from an empty mutants/.
MUTATE_ARGS ?=
mutate: venv
	$(PY) scripts/mutate.py --fail-under 90 $(MUTATE_ARGS)

clean:
	-scripts/postgres.sh stop
	# The test server's data: .pgdata, or the /tmp directory postgres.sh moved it to for a clone
	# the postgres user cannot enter (never a CEC_PG_DATA you chose yourself).
	-datadir="$$(scripts/postgres.sh datadir 2>/dev/null)"; \
	    case "$$datadir" in /tmp/cec-ledger-pgdata-*) rm -rf "$$datadir" ;; esac
	rm -rf .pgdata .demo build dist mutants .pytest_cache .ruff_cache .hypothesis src/*.egg-info \
	    plugins/*/*.egg-info plugins/*/src/*.egg-info
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
