# starboard — two commands: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
BENCH  ?=
RUNS   ?= 5

.PHONY: demo test test-e2e lint bench corpus clean help

help:
	@echo "make demo   install into .venv, run the chain on the bundled offline mirror, open the dashboard"
	@echo "make test   install dev deps into .venv and run every test (offline)"
	@echo "make test-e2e  the dashboard in headless chromium (installs the Debian chromium + CJK font when missing)"
	@echo "make lint   ruff"
	@echo "make corpus rewrite the bundled demo corpus from crawler/mirror/corpus/reference (deterministic)"
	@echo "make bench  benchmarks into reports/bench/ (BENCH=scale,baselines to pick stages; QUICK=1 smoke test; RUNS=N)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "starboard needs Python >= 3.11 (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project definition changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-e2e: pyproject.toml | $(BIN)/python
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pip install --quiet -e '.[dev,e2e]'
	@touch $@ $(VENV)/.installed-dev $(VENV)/.installed

# The browser is the system's chromium (Debian package) with a CJK font; Playwright drives it
# and never downloads a browser of its own.
E2E_APT := chromium fonts-wqy-microhei
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

demo: $(VENV)/.installed
	$(BIN)/starboard demo --port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

test-e2e: $(VENV)/.installed-e2e
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi micro hei"; then \
	  echo "installing $(E2E_APT) with apt-get"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(E2E_APT); \
	fi
	$(BIN)/python -m pytest -m e2e tests/e2e

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

corpus: $(VENV)/.installed
	$(BIN)/python -m crawler.mirror.build_corpus

# Not part of `make test`: minutes to an hour, figures land in reports/bench/.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench --runs $(RUNS) $(if $(BENCH),--only $(BENCH)) $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
