# The whole story of the project in targets. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed-stamp
# The development corpus (30 real articles with gold) beside the checkout; EVALUATE_FLAGS=--summary hides the itemised findings.
DEV_SET ?= ../shared/dev
EVALUATE_FLAGS ?=
# npm writes this file into node_modules on each install: the Data Docs' front-end packages are in.
DOCS_ASSETS := docs/vendor/node_modules/.package-lock.json
DOCS_PORT ?= 8081
# make test and make test-fast run on TEST_WORKERS processes (pytest-xdist); tests sharing an
# expensive fixture (the DAG run, the dbt builds, spaCy) are one group on one worker, started first
# (tests/conftest.py). TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1

.PHONY: install run test test-all test-fast evaluate docs docs-assets airflow bench bench-history reliability lock clean browser \
	stack-deps stack-up stack-down stack-status stack-smoke test-stack report

## install: the virtual environment with the pinned stack (requirements.lock) and this package,
## plus the Data Docs' front-end packages (docs-assets)
install: $(STAMP) $(DOCS_ASSETS)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip install -q -p $(PY) -r requirements.lock
	@# Bytecode written once here: with PYTHONDONTWRITEBYTECODE set (as on CI and this machine),
	@# every stage process would otherwise compile the stack from source (GX alone: about 10 s).
	$(PY) -m compileall -q -j 0 $$($(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])") > /dev/null
	$(VENV)/bin/uv pip install -q -p $(PY) --no-deps -e .
	touch $@

## run: one full DAG run through Airflow over $NEWS_LANDING_DIR (seeds/) into $NEWS_WAREHOUSE_PATH
run: install
	$(PY) -m news_warehouse.airflow_local
	$(VENV)/bin/news-warehouse summary
	@echo
	@echo "Next: .venv/bin/news-warehouse sql \"select * from marts.fct_incident limit 5\"   (read-only SQL)"
	@echo "      .venv/bin/news-warehouse tables    every table and column, described"
	@echo "      make evaluate                      extraction scored on seeds + dev gold, with the raw spaCy baseline"
	@echo "      make docs                          dbt docs + Great Expectations Data Docs on :$(DOCS_PORT)"
	@echo "      docs/ANALYSTS.md                   five questions answered with SQL"
	@echo
	@echo "Report (charts -> facts -> highlighted articles, works offline): $$($(PY) -c 'from news_warehouse.config import Settings; print((Settings.from_env().report_dir / "index.html").as_uri())')"
	@echo "      make report                        rebuild it from the published warehouse"

## test: what CI runs: unit, dbt, and ONE real end-to-end DAG run over the seeds (Airflow, dbt,
## Great Expectations) shared by the checks of its marts, docs sites (Chromium), report and analyst
## guide; tiers in tests/README.md
test: install browser
	NEWS_COMPOSE_VALIDATE=1 $(VENV)/bin/pytest -q $(XDIST) -m "not scenario and not stack"

## test-all: make test plus the scenarios, each with DAG runs of its own (crash recovery, two runs
## at once, arrival order, re-extraction, quality gate, hostile landing, feed records); run before a stop
test-all: install browser
	NEWS_COMPOSE_VALIDATE=1 $(VENV)/bin/pytest -q -m "not stack"

## test-fast: no DAG run and no browser (marker slow deselected)
test-fast: install
	$(VENV)/bin/pytest -q $(XDIST) -m "not slow"

## docs-assets: the npm packages (pinned by docs/vendor/package-lock.json) the Data Docs load
## locally instead of from CDNs; Debian's npm is installed first when missing (root on these machines)
docs-assets: $(DOCS_ASSETS)

$(DOCS_ASSETS): docs/vendor/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null; }
	npm ci --prefix docs/vendor --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## report: rebuild the offline HTML report of the published warehouse (warehouse/docs/report/index.html)
report: install
	$(VENV)/bin/news-warehouse report

## browser: Debian's headless Chromium for the docs-site test (root on these machines)
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

## evaluate: build scratch warehouses of seeds/ and the dev corpus (real DAG runs) and score them, with the raw spaCy baseline
evaluate: install
	$(VENV)/bin/news-warehouse evaluate --landing seeds --gold tests/gold/seeds.gold.json --baseline $(EVALUATE_FLAGS)
	@if [ -d $(DEV_SET)/records ]; then \
	  $(VENV)/bin/news-warehouse evaluate --landing $(DEV_SET)/records --gold $(DEV_SET)/gold.json --baseline $(EVALUATE_FLAGS); \
	else echo "no development set at $(DEV_SET): seeds only"; fi

## docs: build the dbt docs page and serve both docs sites (dbt + Great Expectations Data Docs,
## offline: nothing is fetched from the internet) on 127.0.0.1:$(DOCS_PORT) (8081: Airflow has 8080)
docs: install
	$(PY) -c "from news_warehouse.config import Settings; from news_warehouse.tasks import build_docs_site; from news_warehouse.transform.fingerprint import code_fingerprint; s = Settings.from_env(); print(build_docs_site(s, code_fingerprint(s)))"
	@echo "dbt docs:   http://127.0.0.1:$(DOCS_PORT)/dbt/index.html"
	@echo "Data Docs:  http://127.0.0.1:$(DOCS_PORT)/gx/index.html   (Ctrl-C to stop)"
	$(PY) -m http.server $(DOCS_PORT) --bind 127.0.0.1 --directory warehouse/docs

## airflow: scheduler + UI (airflow standalone, LocalExecutor, SQLite) on http://$AIRFLOW_HOST:$AIRFLOW_PORT
# (default 127.0.0.1:8080). standalone starts its parts through PATH, hence the venv's bin/ first;
# news_warehouse.airflow_standalone stops what standalone leaves behind on Ctrl-C.
AIRFLOW_HOST ?= 127.0.0.1
AIRFLOW_PORT ?= 8080
STANDALONE_HOME ?= $(CURDIR)/.airflow
airflow: install
	$(PY) -m news_warehouse.airflow_local --prepare-only --airflow-home $(STANDALONE_HOME)
	@echo "Airflow UI: http://$(AIRFLOW_HOST):$(AIRFLOW_PORT)  user: admin  password: in" \
	  "$(STANDALONE_HOME)/simple_auth_manager_passwords.json.generated (written at first start)"
	@echo "The DAG starts paused: unpause it in the UI (toggle) or with" \
	  "AIRFLOW_HOME=$(STANDALONE_HOME) $(VENV)/bin/airflow dags unpause news_pipeline; trigger a run with the UI's play button."
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" AIRFLOW_HOME=$(STANDALONE_HOME) AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags \
	AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__CORE__PARALLELISM=4 \
	AIRFLOW__API__HOST=$(AIRFLOW_HOST) AIRFLOW__API__PORT=$(AIRFLOW_PORT) \
	AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://127.0.0.1:$(AIRFLOW_PORT)/execution/ \
	exec $(PY) -m news_warehouse.airflow_standalone

## stack-deps: Debian's PostgreSQL and Redis for the production stack (root on these machines)
stack-deps:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v redis-server >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  postgresql redis-server >/dev/null; }

## stack-up: the production shape natively (CeleryExecutor, Postgres, Redis, two workers) on loopback
stack-up: install stack-deps
	$(PY) -m news_warehouse.stack up

## stack-down: stop every process of the stack, by PID
stack-down:
	$(PY) -m news_warehouse.stack down

stack-status:
	$(PY) -m news_warehouse.stack status

## stack-smoke: stack up, scheduled run on the seeds, checks, UI screenshot, no-op re-run, stack down
stack-smoke: install stack-deps browser
	$(PY) -m tests.support.stack_smoke

## test-stack: the slow tier that starts services (make airflow smoke, Celery smoke, UI screenshot);
## not part of `make test`
test-stack: install stack-deps browser
	NEWS_STACK_TESTS=1 $(VENV)/bin/pytest -q -m stack tests/deploy

## bench: synthetic corpus (BENCH_N, default 2000) through the real DAG; writes bench/results.json
bench: install
	$(PY) bench/run_bench.py

## bench-history: an hourly run of 1,000 articles at growing histories (BENCH_HISTORY, default
## 2000,100000,500000), per stage seconds and peak RSS; writes bench/history_results.json
bench-history: install
	$(PY) bench/history.py

## reliability: crash, retry, concurrency and hostile-input scenarios, with rows lost per scenario
## (the harness is tests/support; the same scenarios run as tests in make test-all)
reliability: install
	$(PY) scripts/reliability.py

## lock: recompile requirements.lock from requirements.in
lock:
	$(VENV)/bin/uv pip compile -q requirements.in -p 3.11 -o requirements.lock

clean:
	rm -rf warehouse .airflow dbt_project/target dbt_project/logs
