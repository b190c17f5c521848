# One task runner. `make run` and `make test` set up everything they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint bench dataset clean

run: $(STAMP)
	$(BIN)/hubscope init
	$(BIN)/hubscope show JPN

test: $(STAMP)
	$(BIN)/ruff check hubscope tests tools bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check hubscope tests tools bench

bench: $(STAMP)
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_metrics.py
	$(BIN)/python bench/claims/run.py

# Rebuild the bundled dataset from ../shared/reference (maintainers only; output is committed).
dataset: $(STAMP)
	$(BIN)/python tools/build_dataset.py

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

clean:
	rm -rf $(VENV) build *.egg-info
