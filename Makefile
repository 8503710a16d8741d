# Tiaki. `make help` lists the targets. Needs Python 3.11+ and make.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml | cksum | cut -d' ' -f1)
PERSONS ?= 100000

.PHONY: help demo test test-fast test-at lint format typecheck seed bench lock vendor clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements/lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tiaki needs Python 3.11 or newer: set PYTHON=python3.x")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

demo: $(STAMP) ## Set up a demo agency with made-up people and serve it at http://127.0.0.1:8000
	$(BIN)/tiaki demo

test: $(STAMP) ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	$(BIN)/pytest

test-fast: $(STAMP) ## Run the tests without the browser tests
	$(BIN)/pytest -m "not browser"

AT ?= 06:30
test-at: $(STAMP) ## Run the whole suite with the clock at a New Zealand time today: make test-at AT=23:30 (needs faketime)
	@command -v faketime >/dev/null || { echo "make test-at needs libfaketime: apt-get install faketime"; exit 1; }
	TZ=Pacific/Auckland faketime -f "@$$(TZ=Pacific/Auckland date +%F) $(AT):00" $(BIN)/pytest

lint: $(STAMP) ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy tiaki

format: $(STAMP) ## Format the code and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

seed: $(STAMP) ## Seed a synthetic agency: make seed PERSONS=1000000
	$(BIN)/tiaki migrate --verbosity 0
	$(BIN)/tiaki seed --persons $(PERSONS)

bench: $(STAMP) ## Run the benchmark suite on the seeded database
	$(BIN)/tiaki bench

lock: ## Re-pin the dependencies into requirements/lock.txt
	@test -x $(BIN)/pip-compile || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet pip-tools; }
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --generate-hashes --allow-unsafe -o requirements/lock.txt pyproject.toml

vendor: ## Re-vendor GOV.UK Frontend, htmx and axe-core from the npm registry (needs npm)
	scripts/vendor.sh

clean: ## Remove the environment and local data (var/)
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
