# jianguan 监管 — two commands: `make run` (the whole suite) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
STAMP  := $(VENV)/.installed
BROWSER := $(VENV)/.chromium
# the suite runs on this many processes (pytest-xdist), each with its own broker; the
# tests wait on brokers, databases and browsers, so two keep two cores busy
TEST_WORKERS ?= 2

.PHONY: run test test-unit lint bench fuzz install clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(UV) pip install --quiet --python $(BIN)/python -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the page tests (headless, driven through Playwright's CDP client;
# Playwright's own browser download is never used), and a CJK font so that Chinese is drawn
$(BROWSER):
	(command -v chromium >/dev/null && fc-list :lang=zh | grep -q .) || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null)
	touch $(BROWSER)

## the whole suite on the embedded default: broker, five services, demo data
run: $(STAMP)
	$(BIN)/jianguan run

## every test; set TEST_POSTGRES_URL to run the integration tests on PostgreSQL too
test: $(STAMP) $(BROWSER)
	$(BIN)/ruff check .
	$(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS)

test-unit: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider tests/unit

lint: $(STAMP)
	$(BIN)/ruff check .

## schemathesis against every service's OpenAPI, longer than the test suite's pass
fuzz: $(STAMP)
	FUZZ_MAX_EXAMPLES=$${FUZZ_MAX_EXAMPLES:-100} FUZZ_MAX_SECONDS=$${FUZZ_MAX_SECONDS:-120} \
	  $(BIN)/pytest -q -p no:cacheprovider tests/contract

## benchmarks, each a ratio against a baseline in the same run
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
