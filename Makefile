# Portal Pintar. Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export PICCOLO_CONF ?= piccolo_conf

.PHONY: run test lint test-future install install-dev migrate demo worker bench messages clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Portal Pintar needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.base
install-dev: $(VENV)/.dev

## make run: install, migrate, demo office on first start, serve http://127.0.0.1:8000
## (another port: make run PORT=8101, or PINTAR_PORT=8101 make run)
PORT ?=
run: install
	$(PY) -m pintar.cli run $(if $(PORT),--port $(PORT))

## make test: install the dev tools, lint, and run the whole suite (SQLite, then PostgreSQL if configured)
test: install-dev lint
	$(PY) -m pytest $(PYTEST_ARGS)
	@if [ -n "$$PINTAR_TEST_DATABASE_URL" ]; then \
		echo "== the suite again on PostgreSQL ($$PINTAR_TEST_DATABASE_URL), browser tests excepted =="; \
		PINTAR_TEST_ENGINE=postgres $(PY) -m pytest -m "not browser" $(PYTEST_ARGS); \
	fi

## make lint: ruff (rules in pyproject.toml); any finding fails
lint: install-dev
	$(VENV)/bin/ruff check .

# Tests whose answers depend on dates, run with the machine's clock two years ahead (Debian's
# faketime). The suite freezes Portal Pintar's clock explicitly, so it must not care.
FUTURE_TESTS ?= tests/unit tests/zoom tests/notify tests/helpdesk tests/workflow tests/office \
	tests/appdev tests/agenda tests/integration/test_office_service.py \
	tests/integration/test_calendar_load.py tests/integration/test_throttle.py tests/integration/test_db.py
FUTURE ?= +730d

## make test-future: those tests with the clock moved ahead (FUTURE=+365d for one year)
test-future: install-dev
	@command -v faketime >/dev/null || { echo "test-future needs faketime (apt-get install faketime)"; exit 1; }
	faketime -f '$(FUTURE)' $(PY) -m pytest -m "not browser" -q $(FUTURE_TESTS) $(PYTEST_ARGS)

migrate: install
	$(PY) -m pintar.cli migrate

demo: install
	$(PY) -m pintar.cli demo

worker: install
	$(VENV)/bin/arq pintar.worker.WorkerSettings

bench: install-dev
	$(PY) bench/run.py

## make messages: refresh the English catalogue after adding Indonesian texts
messages: install-dev
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o var/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i var/messages.pot -d pintar/locale -l en --no-fuzzy-matching --init-missing

clean:
	rm -rf $(VENV)
