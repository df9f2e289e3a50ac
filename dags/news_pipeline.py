"""French news articles → DuckDB warehouse: the one DAG of the project.

Only wiring lives here; every stage is a function of `news_warehouse.tasks`, imported inside
the task so that parsing this file stays fast and never touches the warehouse.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import dag, get_current_context, task

# Stdlib-only module: cheap at parse time, and the one place the pool name is spelled.
from news_warehouse.airflow_local import EXTRACT_QUEUE, WAREHOUSE_QUEUE, WRITER_POOL
# Stdlib-only too: deterministic failures end a task at once, transient ones keep the retries.
from news_warehouse.errors import classified

DOC_MD = """
### news_pipeline
Land → ingest → extract → load → dbt build → validate → publish → report.

* **ingest** reads every entry of `NEWS_LANDING_DIR`; each one ends ingested, duplicate,
  quarantined or deferred (still being written: next run) with a reason in `audit.landed_files`. Only new content is ingested.
* **plan_extraction / extract** split the articles not yet extracted into batches
  (`NEWS_BATCH_SIZE`) that are mapped over (dynamic task mapping); each batch writes Parquet.
* **load** is the single writer of the extraction results (one transaction, exactly once).
* **has_changes** skips the rest when nothing was landed or extracted since the last publish.
* **dbt_build** runs one `dbt build` (models + tests) on the private build file.
* **validate** holds back, with all their facts, the articles a plausibility rule of
  `expectations/plausibility/rules.json` rejects (`audit.quarantined_articles`), then runs the
  Great Expectations suites of `expectations/`; a failing suite stops the run and leaves the
  published warehouse as it was.
* A deterministic failure (a dbt test or compile error, a rejected build, bad configuration) fails
  its task at once; only transient ones (lock timeout, I/O, lost worker) are retried.
* **publish** swaps the validated build in for analysts (`NEWS_WAREHOUSE_PATH`) and rebuilds
  the dbt docs page.
* **report** updates the static report (`docs/report/`): overview and facts pages afresh, article
  pages only for the articles that changed since its last build (all of them when the report's
  or the dbt project's code changed). A failed report leaves the publish done; the next
  publish's report catches up (its record of what the pages were made from is unchanged).
"""




def _settings():  # noqa: ANN202 - Settings, imported lazily with the package
    from news_warehouse.config import Settings

    return Settings.from_env()


def _run_id() -> str:
    return get_current_context()["run_id"]


@dag(
    dag_id="news_pipeline",
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    # Every task writes the warehouse unless it says otherwise: the writer queue is the default.
    default_args={
        "retries": 2,
        "retry_delay": timedelta(seconds=30),
        "owner": "news-warehouse",
        "queue": WAREHOUSE_QUEUE,
    },
    tags=["news", "duckdb", "dbt", "great_expectations"],
    doc_md=DOC_MD,
)
def news_pipeline() -> None:
    @task(pool=WRITER_POOL)
    @classified
    def ingest() -> dict:
        from news_warehouse import tasks

        return tasks.ingest(_settings(), _run_id())

    @task(pool=WRITER_POOL)
    @classified
    def plan_extraction(ingested: dict) -> list[str]:
        from news_warehouse import tasks

        return tasks.plan_extraction(_settings(), _run_id())

    @task(max_active_tis_per_dagrun=4, queue=EXTRACT_QUEUE)
    @classified
    def extract(batch: str) -> dict:
        from news_warehouse import tasks

        return tasks.extract(_settings(), _run_id(), batch)

    # none_failed: with nothing new to extract the mapped task is skipped, and the rest of
    # the run (dbt, validate, publish) must still happen.
    @task(trigger_rule="none_failed", pool=WRITER_POOL)
    @classified
    def load(batches: list[str], extracted: list[dict] | None = None) -> dict:
        from news_warehouse import tasks

        return tasks.load(_settings(), _run_id(), batches)

    # Nothing landed, nothing extracted, same code: the published warehouse is already current,
    # so dbt, validation and publishing are skipped and a no-op run costs seconds.
    @task.short_circuit(pool=WRITER_POOL)
    @classified
    def has_changes(loaded: dict) -> bool:
        from news_warehouse import tasks

        return tasks.has_unpublished_changes(_settings())

    @task(pool=WRITER_POOL)
    @classified
    def dbt_build() -> None:
        from news_warehouse import tasks

        tasks.dbt_build(_settings(), _run_id())

    @task(pool=WRITER_POOL)
    @classified
    def validate() -> dict:
        from news_warehouse import tasks

        return tasks.validate(_settings(), _run_id())

    @task(pool=WRITER_POOL)
    @classified
    def publish(validated: dict) -> str:
        from news_warehouse import tasks

        return tasks.publish(_settings(), _run_id())

    @task(pool=WRITER_POOL)
    @classified
    def report(published: str) -> dict:
        from news_warehouse import tasks

        return tasks.report(_settings(), _run_id())

    batches = plan_extraction(ingest())
    loaded = load(batches, extract.expand(batch=batches))
    built = dbt_build()
    has_changes(loaded) >> built
    validated = validate()
    built >> validated
    report(publish(validated))


news_pipeline()
