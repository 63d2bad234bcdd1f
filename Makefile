# innerchild: `make demo` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo install install-test test test-fast lint format vendor bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The job worker (reminders, emails) runs beside the server; Ctrl-C stops both.
demo: install
	$(BIN)/innerchild migrate --noinput
	$(BIN)/innerchild demo-data
	@$(BIN)/innerchild worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	PORT=$(PORT) $(BIN)/innerchild serve

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/innerchild content check
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install-test
	$(BIN)/python -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the committed copies of the pinned front-end assets (needs Node.js; installing does not).
vendor:
	npm ci --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/chart.js/dist/chart.umd.min.js \
	   node_modules/chart.js/dist/chart.umd.min.js.map innerchild/core/static/vendor/
	mkdir -p innerchild/live/static/vendor
	cp node_modules/janus-gateway/src/janus.js node_modules/webrtc-adapter/out/adapter.js \
	   innerchild/live/static/vendor/

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data .pytest_cache
