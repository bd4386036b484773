# `make run` and `make test` are the two commands a newcomer needs; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
# `make sandbox` listens on 8100 unless PORT is given (on the command line or in the environment).
SANDBOX_PORT := $(if $(PORT),$(PORT),8100)
PORT ?= 8000
# GraphiQL's pinned assets: npm ci from the lock (integrity-checked), then copied into the package.
GRAPHIQL_NPM := gateway/graphiql/npm
GRAPHIQL_BUILD := build/graphiql-npm
GRAPHIQL_VENDOR := gateway/graphiql/static/vendor
# The browser test drives Debian's Chromium (Playwright's own browser download does not work here).
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint typecheck unit services sandbox schema schema-check schema-baseline graphiql docs lock bench bench-load clean

# Every package at the version and hash requirements-dev.lock pins; then the gateway itself.
$(STAMP): pyproject.toml requirements-dev.lock
	@echo "Setting up $(VENV): installing the gateway and its Python packages (about a minute the first time)..." >&2
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -m pip install --quiet --no-deps -e . 2>&1 | grep -v "is ignored" || true
	@$(BIN)/python -m pip check >&2 || { echo "requirements-dev.lock lacks what pyproject.toml asks for: run make lock" >&2; exit 1; }
	$(BIN)/python -c "import gateway.app, pytest, mypy, ruff"
	touch $(STAMP)

# Re-resolve the locks after a change to pyproject.toml's dependencies (pins kept where they
# still fit; `make lock UPGRADE=--upgrade` moves everything to the newest), then `make test`.
# Standalone: uv runs from a venv of its own, never from .venv, whose set-up refuses a
# pyproject.toml that asks for more than the locks hold (the very moment to run `make lock`).
LOCK_TOOLS := build/lock-tools
UV_VERSION := 0.13.8
UV := $(LOCK_TOOLS)/bin/uv
# Named after the version, so changing UV_VERSION installs that one.
UV_STAMP := $(LOCK_TOOLS)/.uv-$(UV_VERSION)
UV_COMPILE = $(UV) pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" --quiet $(UPGRADE)

$(UV_STAMP):
	@echo "Installing uv $(UV_VERSION) into $(LOCK_TOOLS) (for make lock only)..." >&2
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet "uv==$(UV_VERSION)" 2>&1 | grep -v "is ignored" || true
	@test -x $(UV) || { echo "uv $(UV_VERSION) could not be installed into $(LOCK_TOOLS)" >&2; exit 1; }
	touch $(UV_STAMP)

lock: $(UV_STAMP)
	$(UV_COMPILE) --extra dev -o requirements-dev.lock
	$(UV_COMPILE) -c requirements-dev.lock -o requirements.lock

$(GRAPHIQL_VENDOR)/manifest.json: $(GRAPHIQL_NPM)/package.json $(GRAPHIQL_NPM)/package-lock.json $(GRAPHIQL_NPM)/vendor.mjs
	@echo "Installing GraphiQL's pinned assets (npm ci from $(GRAPHIQL_NPM)/package-lock.json)..." >&2
	@command -v npm >/dev/null || { echo "npm (Node 20) is needed to install GraphiQL's assets" >&2; exit 1; }
	@rm -rf $(GRAPHIQL_BUILD) && mkdir -p $(GRAPHIQL_BUILD)
	@cp $(GRAPHIQL_NPM)/package.json $(GRAPHIQL_NPM)/package-lock.json $(GRAPHIQL_NPM)/.npmrc $(GRAPHIQL_BUILD)/
	@cd $(GRAPHIQL_BUILD) && npm ci --loglevel=error >&2
	@node $(GRAPHIQL_NPM)/vendor.mjs $(GRAPHIQL_BUILD) $(GRAPHIQL_VENDOR)

graphiql: $(GRAPHIQL_VENDOR)/manifest.json

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser test (apt-get)..." >&2
	@export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq chromium >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

run: $(STAMP) graphiql
	$(BIN)/gateway serve --sandbox --host $(HOST) --port $(PORT)

sandbox: $(STAMP)
	$(BIN)/gateway sandbox --host $(HOST) --port $(SANDBOX_PORT)

# Only the SDL goes to stdout (`make schema > schema.graphql`): set-up output goes to stderr.
schema:
	@$(MAKE) --no-print-directory -s $(STAMP) >&2
	@$(BIN)/gateway schema

# The released schema is the contract: a breaking change against it fails `make test`.
schema-check: $(STAMP)
	$(BIN)/gateway schema --check-breaking schema.baseline.graphql

# Releases the code's schema as the new contract: a deliberate step (docs/schema.md).
schema-baseline: $(STAMP)
	{ echo "# The released schema: only 'make schema-baseline' writes it (docs/schema.md)."; \
	  $(BIN)/gateway schema; } > schema.baseline.graphql

# docs/configuration.md is rendered from the settings models; tests/test_docs.py checks it.
docs: $(STAMP)
	$(BIN)/gateway settings-reference > docs/configuration.md.new
	mv docs/configuration.md.new docs/configuration.md

# The formatter's check too, so the tree stays as `ruff format .` leaves it.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) graphiql $(CHROMIUM)
	$(BIN)/pytest -q

test: lint typecheck services unit schema-check

# Real servers the tests start themselves (Debian packages; we are root).
services:
	@command -v redis-server >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
	@command -v wrk >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: $(STAMP)
	$(BIN)/python -m bench.dashboard $(ARGS)

# The load benchmark (docs/performance.md): `make bench-load ARGS="--gateway ../other-checkout"`.
bench-load: $(STAMP) services
	$(BIN)/python -m bench.load $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache $(GRAPHIQL_BUILD) $(GRAPHIQL_VENDOR) $(LOCK_TOOLS)
