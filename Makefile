# The two commands a newcomer runs: `make demo` and `make test`. Each creates .venv if needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test test-long lint browser bench clean

$(BIN)/allocate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/allocate
	$(BIN)/allocate scenarios/demo.yaml

lint: $(BIN)/allocate
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# Headless Chromium (a CJK font, and poppler's pdftotext to read printed pages) for the
# report's browser tests, LibreOffice Calc to open plan.xlsx, and a PostgreSQL server for the
# PostgreSQL source's tests, from Debian's packages.
browser:
	@if [ -x $(CHROMIUM) ] && [ -e /usr/share/fonts/truetype/wqy ] && command -v pdftotext >/dev/null; then :; \
	elif command -v apt-get >/dev/null; then \
		$(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei poppler-utils >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq && \
		  $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei poppler-utils >/dev/null; } || \
		echo "could not install Chromium (browser tests skip; CI requires them)"; \
	else echo "no apt-get: install Chromium and set CHROMIUM=/path (browser tests skip)"; fi
	@command -v soffice >/dev/null || ! command -v apt-get >/dev/null || \
		$(SUDO) apt-get install -y -qq libreoffice-calc-nogui >/dev/null 2>&1 || \
		echo "LibreOffice not installed: the plan.xlsx check in LibreOffice is skipped"
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
		! command -v apt-get >/dev/null || \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
			>/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq postgresql >/dev/null; } || \
		echo "PostgreSQL not installed: the PostgreSQL source tests skip (CI requires them)"

# Two workers, a test file each at a time (its fixtures built once): the 2 cores CI has.
test: lint browser
	ALLOCATOR_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q -n 2 --dist loadfile

# The tests of a minute or more each (the real-data notebook, a 200k book on Dask, fitting
# models on a real data set), the whole-run variants of faster tests (a worker killed on a
# cluster, the demo proven to have no plan, the demo's budget cut printed on A4) and a promise
# checked again on more keys or the other solve path (a sweep of every key), left out of the
# default run to keep it within CI's time.
test-long: $(BIN)/allocate
	ALLOCATOR_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q -m long

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
