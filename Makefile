# The two commands: `make run` (the whole system on an embedded stack) and `make test` (every tier).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run stop restart reset test lint typecheck unit integration e2e browser reliability mutants bench asyncapi schemas env system clean

## run: set up and start every service behind one front door; Ctrl-C or SIGTERM stops everything.
## `exec` puts the stack in the recipe's place, so a signal make forwards reaches it.
run: env system
	exec $(VENV)/bin/python -m devstack run

## stop: stop a stack running in the background (by the PID file in LPSE_RUN_DIR, default .run/)
stop: env
	$(VENV)/bin/python -m devstack stop

## restart: restart one process of the running stack, e.g. `make restart SERVICE=verification`
restart: env
	@test -n "$(SERVICE)" || { echo "pakai: make restart SERVICE=<nama>, mis. SERVICE=verification" >&2; exit 2; }
	$(VENV)/bin/python -m devstack restart $(SERVICE)

## reset: delete the data of a stopped stack, so the next `make run` starts fresh
reset: env
	$(VENV)/bin/python -m devstack reset

## test: set up and pass lint, types and every test tier
test: env system lint typecheck
	scripts/pytest.sh

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: env
	$(VENV)/bin/mypy .

## unit: the tests that need no server (conftest.py refuses a test that needs one without its tier marker)
unit: env
	scripts/pytest.sh -m "not integration and not e2e"

integration: env system
	scripts/pytest.sh -m integration

e2e: env system
	scripts/pytest.sh -m e2e

## browser / reliability: the Chromium pages (part of e2e) and the fault tests (part of integration) on their own
browser: env system
	scripts/pytest.sh -m browser

reliability: env system
	scripts/pytest.sh -m reliability

## mutants: mutation score of the pure domains and the working-time calculator against the unit tests
## (not part of `make test`; scripts/mutants.sh lists the modules and prints killed/survived per module)
mutants: env
	scripts/mutants.sh

## bench: complete lifecycles on the whole stack, the outbox relay, the consumer and the staff queue, each against
## a raw baseline (not part of `make test`; LPSE_BENCH_LIFECYCLES, LPSE_BENCH_RATE, LPSE_BENCH_CASES size it)
bench: env system
	$(VENV)/bin/python -m bench.run

## asyncapi / schemas: regenerate the committed contract artefacts after a contract change
asyncapi schemas: env
	$(VENV)/bin/python -m contracts.snapshots --write

env: $(VENV)/.synced

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml */pyproject.toml services/*/pyproject.toml deploy/devstack/pyproject.toml
	$(UV) sync --frozen --quiet
	touch $@

## system: PostgreSQL server binaries and Chromium (installed with apt when missing)
system:
	@scripts/ensure-system.sh

clean:
	rm -rf .tools $(VENV) .mypy_cache .ruff_cache

## deadletters: list the dead-letter stream of a running stack (NATS_URL as `make run` prints it)
deadletters: env
	$(VENV)/bin/python -m lpse_runtime.deadletters list
