# ecobench: `make run` builds the warehouse from the documents, `make test` runs every test.
# Both create .venv and install the pinned project first; nothing else need be installed.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin

export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1
# Evidence (reports/) reads this one
export SEND_ANONYMOUS_USAGE_STATS := no
export GX_ANALYTICS_ENABLED := false
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 180

.PHONY: run test lint clean browser

# the report's browser test needs Debian's chromium (and a CJK font for the screenshot)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei; }

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/ecobench refresh

test: $(BIN)/.installed browser
	$(BIN)/pytest

# the gates CI runs before the tests (.ci/run); .pre-commit-config.yaml runs the same
lint: $(BIN)/.installed
	$(BIN)/ruff check src flows expectations tests
	$(BIN)/ruff format --check src flows expectations tests
	$(BIN)/mypy
	$(BIN)/sqlfluff lint models

clean:
	rm -rf $(VENV) warehouse .prefect target logs reports/exports
