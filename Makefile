# Atiende — `make run` serves the desk on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test test-deps lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/atiende serve

test: $(DEV_STAMP) test-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Services and programs the tests run for real (Dovecot IMAP for the mail intake, Chromium for
# the browser tests); installs what is missing when it can (root). Without them those tests are
# skipped outside CI, with the reason.
test-deps:
	-@bash scripts/ensure-dovecot.sh
	-@bash scripts/ensure-chromium.sh

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(DEV_STAMP)
	cd src/atiende && ../../$(BIN)/atiende manage makemessages -l es --no-obsolete --no-location
	$(BIN)/python -m atiende.i18n compile

clean:
	rm -rf $(VENV) var
