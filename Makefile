# One task runner. `make run` and `make test` set up everything they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint bench dataset clean sysdeps

run: $(STAMP) sysdeps
	$(BIN)/hubscope init
	$(BIN)/hubscope show JPN
	$(BIN)/hubscope serve --host 127.0.0.1 --port 8000

test: lint sysdeps
	$(BIN)/python -m pytest

# mypy reads its settings (strict packages, per-module overrides) from pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check hubscope tests tools bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_metrics.py
	$(BIN)/python bench/claims/run.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_index.py
	$(BIN)/python bench/bench_web.py
	$(BIN)/python bench/bench_reliability.py
	$(BIN)/python bench/bench_startup.py

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

# Debian packages the PDF report and its tests need: Pango for WeasyPrint, a Japanese font,
# poppler (pdftoppm) to look at pages, Chromium to load pages like a reader, and PostgreSQL
# for the backend conformance tests (a throwaway cluster on a Unix socket, started by the tests), and
# a Java runtime for the Spark engine of the record-level pipelines (the engines-agree tests run it).
SYSDEPS = libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk poppler-utils chromium postgresql default-jre-headless
sysdeps:
	@if ldconfig -p | grep -q libpangoft2 && fc-list | grep -qi "Noto Sans CJK" \
	    && command -v pdftoppm >/dev/null && command -v chromium >/dev/null \
	    && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian packages: $(SYSDEPS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSDEPS) >/dev/null; \
	else echo "please install: $(SYSDEPS) (sudo apt-get install ...)"; fi

clean:
	rm -rf $(VENV) build *.egg-info
