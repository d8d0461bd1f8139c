# The two commands that matter: `make run` (the whole platform on this machine) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
TOOLS_DIR := $(CURDIR)/.tools
# Use the uv on PATH; otherwise bootstrap one into .tools/ with pip (only Python is needed).
UV ?= $(or $(shell command -v uv 2>/dev/null),$(TOOLS_DIR)/bin/uv)
PYTEST_WORKERS ?= 2
MYPY_PATHS := shared/src gateway/src $(wildcard services/*/src) deploy tests bench chaos
COMPOSE_CLI ?= $(or $(shell docker compose version >/dev/null 2>&1 && echo "docker compose"),docker-compose)
COMPOSE_ENV ?= var/compose.env
COMPOSE := $(COMPOSE_CLI) --env-file $(COMPOSE_ENV) -f docker-compose.yml

.PHONY: help install run test lint fmt bench chaos up down clean-var screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(TOOLS_DIR)/bin/uv:
	@echo "uv not found: installing it into $(TOOLS_DIR)"
	@if $(PYTHON) -m venv "$(TOOLS_DIR)/venv" >/dev/null 2>&1; then \
		"$(TOOLS_DIR)/venv/bin/python" -m pip install --quiet --disable-pip-version-check uv && \
		mkdir -p "$(TOOLS_DIR)/bin" && ln -sf "$(TOOLS_DIR)/venv/bin/uv" "$(TOOLS_DIR)/bin/uv"; \
	else \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check --target "$(TOOLS_DIR)/pip" uv && \
		mkdir -p "$(TOOLS_DIR)/bin" && ln -sf "$(TOOLS_DIR)/pip/bin/uv" "$(TOOLS_DIR)/bin/uv"; \
	fi

install: $(if $(filter $(TOOLS_DIR)/bin/uv,$(UV)),$(TOOLS_DIR)/bin/uv) ## Create .venv from uv.lock (bootstraps uv if needed)
	$(UV) sync --frozen --all-packages

run: install ## Run the whole platform locally (Ctrl-C stops it; data stays in var/)
	$(UV) run --frozen python deploy/local/supervisor.py

test: install ## Run the test suite on SQLite and PostgreSQL with a real nats-server
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --durations=15

screenshots: install ## Write screenshots of the analyst console to docs/screenshots/ (Chromium)
	$(UV) run --frozen python -m tests.console.screenshots --output docs/screenshots

lint: install ## Check style, formatting and types
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy $(MYPY_PATHS)

fmt: install ## Format the code and apply safe lint fixes
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

bench: install ## Run the benchmarks (results in bench/results/)
	$(UV) run --frozen python -m bench

chaos: install ## Run the fault-injection suite, a few minutes (nightly; results in chaos/results/)
	$(UV) run --frozen python -m chaos

$(COMPOSE_ENV):
	$(PYTHON) -m deploy.local.compose_env $(COMPOSE_ENV)

up: $(COMPOSE_ENV) ## Start the platform with Docker Compose (PostgreSQL, NATS, collector)
	$(COMPOSE) up --build --detach
	$(COMPOSE) ps
	@echo "gateway: http://127.0.0.1:8000 (docs at /docs); admin key: see PDP_BOOTSTRAP_ADMIN_KEY in $(COMPOSE_ENV)"

down: $(COMPOSE_ENV) ## Stop the Docker Compose platform (volumes are kept)
	$(COMPOSE) down

clean-var: ## Delete all local state (databases, keys, NATS store, logs) of `make run`
	rm -rf var
