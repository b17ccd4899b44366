# The APCN Training Catalog's commands. On a fresh clone with Python 3.11+:
#   make run    installs, migrates, loads the demo data and serves on http://127.0.0.1:8000
#   make test   installs what the tests need and runs the whole suite
# SQLite (db.sqlite3) by default; DATABASE_URL=postgres://... switches to PostgreSQL.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# DEBUG is off when unset (production-safe); the development targets turn it on unless the
# environment already says otherwise. `make serve` is production and sets DEBUG=0 itself.
DEV := DEBUG=$${DEBUG:-1}
# The shared cache `make run` uses when Redis answers there (CACHE_URL, if set, wins).
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: help install install-dev migrate seed run worker test lint format clean catalogs messages

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.runtime pdf-libs ## create .venv and install the runtime requirements

install-dev: $(VENV)/.dev pdf-libs ## install what the tests and linters need too

# The certificates' PDF (WeasyPrint) needs Debian's Pango and the Noto fonts (Latin with
# Vietnamese, and Thai): installed here when missing (as root with apt-get, like `make browsers`),
# or the one command to run is printed.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-core
pdf-libs:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 && fc-list 2>/dev/null | grep -q "Noto Sans Thai"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y --no-install-recommends $(PDF_PACKAGES) || \
		(apt-get update && apt-get install -y --no-install-recommends $(PDF_PACKAGES)); \
	else echo "Certificates (PDF) need Pango and the Noto fonts. Run: sudo apt-get install $(PDF_PACKAGES)"; exit 1; fi

catalogs: install ## compile the translation catalogs (locale/*/LC_MESSAGES/django.mo) that changed
	$(DEV) $(BIN)/python manage.py compile_catalogs

messages: install-dev ## refresh the catalogs of vi, id and th from the code, then compile them
	@command -v xgettext >/dev/null || (export DEBIAN_FRONTEND=noninteractive; \
		apt-get update && apt-get install -y --no-install-recommends gettext)
	$(DEV) $(BIN)/python manage.py makemessages --locale vi --locale id --locale th --no-location --no-obsolete \
		--ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --ignore 'staticfiles/*'
	$(DEV) $(BIN)/python manage.py compile_catalogs

migrate: install catalogs ## apply database migrations
	$(DEV) $(BIN)/python manage.py migrate --noinput

seed: migrate ## load the demo data (idempotent)
	$(DEV) $(BIN)/python manage.py seed_demo

# The outbox worker runs beside the server and stops with it: Ctrl-C (or the server exiting)
# ends both. Both use Redis as the catalog's cache when it answers at REDIS_URL.
run: seed ## install, migrate, load the demo data, serve on http://127.0.0.1:8000 with the outbox worker
	@if [ -z "$$CACHE_URL" ] && $(BIN)/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_timeout=0.5).ping()" "$(REDIS_URL)" 2>/dev/null; then \
		echo "Redis answers: the catalog cache is $(REDIS_URL)"; export CACHE_URL="$(REDIS_URL)"; \
	fi; \
	$(DEV) $(BIN)/python manage.py outbox_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: migrate ## run only the outbox worker (delivers e-mail, retries with back-off)
	$(DEV) $(BIN)/python manage.py outbox_worker

# The browser journeys need Debian's Chromium: `make test` installs it when it can (as root with
# apt-get, like `make browsers`), or stops with the one command to run. Not needed with
# PYTEST_ARGS='-m "not browser"'.
CHROMIUM_PATH ?= /usr/bin/chromium
NEEDS_CHROMIUM := $(if $(findstring not browser,$(PYTEST_ARGS)),,chromium)

chromium:
	@if [ -x "$(CHROMIUM_PATH)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then $(MAKE) --no-print-directory browsers; \
	else echo "The browser journeys need Chromium at $(CHROMIUM_PATH). Run: sudo make browsers"; \
		echo "(or leave the journeys out: make test PYTEST_ARGS='-m \"not browser\"')"; exit 1; fi

test: install-dev catalogs $(NEEDS_CHROMIUM) ## install what the tests need (Chromium too) and run every test
	$(DEV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## remove the virtualenv, caches and the local SQLite database
	rm -rf $(VENV) .pytest_cache .ruff_cache db.sqlite3 staticfiles

.PHONY: serve browsers bench chromium pdf-libs

serve: install ## production mode: collectstatic, migrate, gunicorn and the outbox worker (needs SECRET_KEY, ALLOWED_HOSTS)
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	@DEBUG=0 $(BIN)/python manage.py outbox_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=0 BIND=$${BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn -c gunicorn.conf.py apcn.wsgi

browsers: ## install Debian's Chromium and fonts for the browser journeys (as root)
	@if [ -x /usr/bin/chromium ]; then echo "Chromium is installed: /usr/bin/chromium"; \
	else export DEBIAN_FRONTEND=noninteractive; apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-core; fi

bench: install-dev ## benchmark on PostgreSQL: 10k and 100k courses, cold URLs, throughput, approvals
	@command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk || \
		(apt-get update && apt-get install -y --no-install-recommends wrk)
	$(BIN)/python bench/run.py
