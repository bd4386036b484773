# `make run` and `make test` are the two commands a newcomer needs; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck unit services sandbox schema docs bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -m pip install --quiet -e ".[dev]" 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -c "import gateway.app, pytest, mypy, ruff"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gateway serve --sandbox --host $(HOST) --port $(PORT)

sandbox: $(STAMP)
	$(BIN)/gateway sandbox

schema: $(STAMP)
	$(BIN)/gateway schema

# docs/configuration.md is rendered from the settings models; tests/test_docs.py checks it.
docs: $(STAMP)
	$(BIN)/gateway settings-reference > docs/configuration.md.new
	mv docs/configuration.md.new docs/configuration.md

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck services unit

# Real servers the tests start themselves (Debian packages; we are root).
services:
	@command -v redis-server >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

bench: $(STAMP)
	$(BIN)/python -m bench.dashboard $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
