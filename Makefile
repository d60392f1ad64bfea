# VAWG Portal. `make run` to serve a demo on http://127.0.0.1:8000; `make test` to test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: install run test test-fast bench bench-load lint worker beat static clean lock

# DEBUG is off unless set (vawg_portal/settings.py): these development targets turn it on, unless
# DEBUG is already in the environment. The tests set it through pytest-env (pyproject.toml).
run lint worker beat static: export DEBUG ?= true

# A development .env (DEBUG=true) on a machine that has none, so that every other manage.py
# command (createsuperuser, import_returns...) works too. A deployment's own .env is never touched.
.env:
	printf '# Written by make run for development; a deployment copies .env.example instead.\nDEBUG=true\n' > $@

install: $(VENV)/.installed node_modules/.installed static/css/app.css

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/app.css: node_modules/.installed $(wildcard frontend/*.scss) $(wildcard frontend/js/*.js) frontend/build.mjs
	npm run --silent build

run: install .env
	$(MANAGE) migrate --no-input
	$(MANAGE) load_reference
	$(MANAGE) seed_demo --scale small
	@echo ""
	@echo "  VAWG Portal is starting on http://127.0.0.1:8000"
	@echo "  Demo sign-in (password demo-password-2026):"
	@echo "    planner@example.com      force planner, West Yorkshire Police"
	@echo "    chief@example.com        chief officer, West Yorkshire Police"
	@echo "    viewer@example.com       force viewer, West Yorkshire Police"
	@echo "    planner.kent@example.com force planner, Kent Police"
	@echo "    coordinator@example.com  national coordinator"
	@echo "    analyst@example.com      national analyst (read-only)"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/pytest

bench: install
	$(PY) bench/run.py

# 50 users for two minutes against gunicorn (gunicorn.conf.py), PostgreSQL, a private Redis and a
# worker, all on 127.0.0.1; seeds BENCH_DATABASE_URL (default vawg_bench) at national scale once.
bench-load: install static/css/app.css
	$(PY) bench/load.py

lint: install
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run

worker: install
	$(VENV)/bin/celery -A vawg_portal worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A vawg_portal beat --loglevel=INFO --schedule=/tmp/celerybeat-schedule

static: install
	$(MANAGE) collectstatic --no-input

# Re-pin Python dependencies after editing pyproject.toml.
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) node_modules static/css static/govuk static/js staticfiles test-artifacts
