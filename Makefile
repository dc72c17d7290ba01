# lunarstation — the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SCENARIO ?= ilrs-reference
RUN_ARGS ?=
LINT_PATHS := $(wildcard src tests examples benchmarks)

.PHONY: run test install install-test services lint typecheck layers pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make a second `make` skip pip when pyproject.toml has not changed.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: $(VENV)/.installed
	$(BIN)/lunarstation run $(SCENARIO) $(RUN_ARGS)

lint: install-test
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

typecheck: install-test
	$(BIN)/mypy

layers: install-test
	$(BIN)/lint-imports

# Chromium for the browser tests, PostgreSQL for the server's second database run.
services:
	@tools/test-services

pytest: install-test services
	$(BIN)/python -m pytest

test: lint typecheck layers pytest

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache runs
