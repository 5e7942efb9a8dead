# Ronten — see README.md. Every target creates the virtual environment when it is missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=1
# The tests run on production settings, minus what needs HTTPS in front of the test client.
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key-not-for-production-0123456789 \
  DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_STATIC_MANIFEST=0 DATABASE_CONN_MAX_AGE=0 \
  DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1,testserver
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve worker beat test test-fast reliability lint format check bench seed-bench eval messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo --base-url http://$(HOST):$(PORT)/demo/site
	@echo "Serving Ronten on http://$(HOST):$(PORT)/"
	$(DEV_ENV) FETCH_ALLOWED_HOSTS=$${FETCH_ALLOWED_HOSTS:-$(HOST)} $(PY) manage.py runserver $(HOST):$(PORT)

serve: install
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO --queues=$${CELERY_QUEUE:-ronten}

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO

test: install
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(TEST_ENV) $(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

# Hostile inputs, faults with real processes (worker, PostgreSQL, Redis), properties, the CSP
# in Chromium: the tests marked `reliability` (with the long faults `make test` skips), then one
# table of figures ending with rows lost.
reliability: install
	$(TEST_ENV) RONTEN_LONG_FAULTS=1 $(PY) -m pytest -m reliability -p tests.reliability_report -q $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-secret-value-0123456789 \
	  DJANGO_ALLOWED_HOSTS=ronten.example $(PY) manage.py check --deploy --fail-level WARNING

bench: install
	$(PY) -m bench.run $(FIGURES)

# 1,000,000 approved claims in PostgreSQL (BENCH_DATABASE_URL); SEED_ARGS="--claims 20000" for less.
seed-bench: install
	$(PY) -m bench.seed $(SEED_ARGS)

eval: install
	$(PY) -m eval.score

messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l ja --no-wrap --ignore=.venv --ignore=tests --ignore=demo
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles tests/artifacts
