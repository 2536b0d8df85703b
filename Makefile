# starboard — two commands: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
BENCH  ?=
RUNS   ?= 5

.PHONY: demo test lint bench corpus clean help

help:
	@echo "make demo   install into .venv, run the chain on the bundled offline mirror, open the dashboard"
	@echo "make test   install dev deps into .venv and run every test (offline)"
	@echo "make lint   ruff"
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

demo: $(VENV)/.installed
	$(BIN)/starboard demo --port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# Not part of `make test`: minutes to an hour, figures land in reports/bench/.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench --runs $(RUNS) $(if $(BENCH),--only $(BENCH)) $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
