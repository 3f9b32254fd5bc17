# Maillage: the README's quick start is `make demo` and `make test`; nothing else is needed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/maillage/web/static/vendor
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help install install-test assets demo serve test lint format bench messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## install the project into .venv

install-test: $(VENV)/.installed-test ## install the project and what the tests need

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(VENDOR)/.installed: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/htmx $(VENDOR)/leaflet $(VENDOR)/chartjs $(VENDOR)/axe
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster*.css $(VENDOR)/leaflet/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chartjs/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	@touch $@

assets: $(VENDOR)/.installed ## install front-end libraries from npm into the static folder

# The open data of the PACA region, when this repository sits beside the hub's shared folder.
DEMO_DATA := $(wildcard ../shared/data)

demo: install assets ## install, migrate, load the territory and the demo hub, serve on http://127.0.0.1:8000
	DEBUG=1 $(BIN)/maillage migrate --no-input
	DEBUG=1 $(BIN)/maillage load-territory
	DEBUG=1 $(BIN)/maillage demo $(if $(DEMO_DATA),--data $(DEMO_DATA))
	DEBUG=1 $(BIN)/maillage runserver 127.0.0.1:8000

serve: install assets ## serve without reloading data
	DEBUG=1 $(BIN)/maillage runserver 127.0.0.1:8000

test: install-test assets ## run the whole test suite (DATABASE_URL picks the database)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test ## ruff: lint and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install-test ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install-test ## run the benchmarks of bench/ and print their table
	$(BIN)/python bench/run.py

messages: install ## update the English catalogue (needs GNU gettext) and compile it
	cd src/maillage && DEBUG=1 ../../$(BIN)/maillage makemessages --locale en --no-obsolete --ignore 'web/static/vendor/*'
	cd src/maillage && DEBUG=1 ../../$(BIN)/maillage compilemessages --locale en

clean: ## remove the virtualenv, node modules and built assets
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
