# The whole story of the project in targets. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed-stamp
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1

.PHONY: install run test test-fast evaluate docs airflow bench reliability lock clean browser

## install: the virtual environment with the pinned stack (requirements.lock) and this package
install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip install -q -p $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install -q -p $(PY) --no-deps -e .
	touch $@

## run: one full DAG run through Airflow over $NEWS_LANDING_DIR (seeds/) into $NEWS_WAREHOUSE_PATH
run: install
	$(PY) -m news_warehouse.airflow_local
	$(VENV)/bin/news-warehouse summary
	@echo
	@echo "Next: .venv/bin/news-warehouse sql \"select * from marts.fct_incident limit 5\"   (read-only SQL)"
	@echo "      .venv/bin/news-warehouse tables    every table and column, described"
	@echo "      make evaluate                      extraction scored against tests/gold/seeds.gold.json"
	@echo "      make docs                          dbt docs + Great Expectations Data Docs on :8080"
	@echo "      docs/ANALYSTS.md                   five questions answered with SQL"

## test: the whole suite (real DuckDB, dbt, Airflow, Great Expectations, Chromium)
test: install browser
	NEWS_COMPOSE_VALIDATE=1 $(VENV)/bin/pytest -q

## test-fast: everything but the end-to-end DAG runs
test-fast: install
	$(VENV)/bin/pytest -q -m "not slow"

## browser: Debian's headless Chromium for the docs-site test (root on these machines)
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

## evaluate: score the published warehouse against the gold annotations
evaluate: install
	$(VENV)/bin/news-warehouse evaluate

## docs: build the dbt docs page and serve docs (dbt + Great Expectations Data Docs) on :8080
docs: install
	$(PY) -c "from news_warehouse.config import Settings; from news_warehouse.tasks import build_docs_site; print(build_docs_site(Settings.from_env()))"
	@echo "serving warehouse/docs on http://localhost:8080/dbt/index.html (Ctrl-C to stop)"
	$(PY) -m http.server 8080 --directory warehouse/docs

## airflow: scheduler + UI (airflow standalone) with the DAG loaded, on http://localhost:8080
airflow: install
	$(PY) -m news_warehouse.airflow_local --prepare-only
	AIRFLOW_HOME=$(CURDIR)/.airflow AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags \
	AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__CORE__PARALLELISM=4 \
	$(VENV)/bin/airflow standalone

## bench: synthetic corpus (BENCH_N, default 2000) through the real DAG; writes bench/results.json
bench: install
	$(PY) bench/run_bench.py

## reliability: crash, retry, concurrency and hostile-input scenarios, with rows lost per scenario
reliability: install
	$(PY) scripts/reliability.py

## lock: recompile requirements.lock from requirements.in
lock:
	$(VENV)/bin/uv pip compile -q requirements.in -p 3.11 -o requirements.lock

clean:
	rm -rf warehouse .airflow dbt_project/target dbt_project/logs
