"""Every DAG imports cleanly and carries the operational settings a scheduler relies on."""

from __future__ import annotations

import pytest
from airflow.dag_processing.dagbag import DagBag

from news_warehouse.config import PROJECT_ROOT


@pytest.fixture(scope="module")
def dagbag() -> DagBag:
    return DagBag(str(PROJECT_ROOT / "dags"))


def test_no_import_errors(dagbag: DagBag) -> None:
    assert dagbag.import_errors == {}
    assert "news_pipeline" in dagbag.dags


def test_schedule_and_single_writer_settings(dagbag: DagBag) -> None:
    dag = dagbag.dags["news_pipeline"]
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.schedule == "@hourly"
    assert dag.doc_md and "publish" in dag.doc_md and "**report**" in dag.doc_md


def test_every_writer_shares_the_one_slot_pool(dagbag: DagBag) -> None:
    dag = dagbag.dags["news_pipeline"]
    writers = {t.task_id for t in dag.tasks if t.pool == "duckdb_writer"}
    assert writers == {t.task_id for t in dag.tasks} - {"extract"}


def test_every_task_retries_and_dag_is_tagged(dagbag: DagBag) -> None:
    dag = dagbag.dags["news_pipeline"]
    assert {"news", "duckdb", "dbt", "great_expectations"} <= set(dag.tags)
    assert all(task.retries >= 1 for task in dag.tasks)


def test_stages_in_order(dagbag: DagBag) -> None:
    dag = dagbag.dags["news_pipeline"]
    order = ["ingest", "plan_extraction", "load", "has_changes", "dbt_build", "validate", "publish", "report"]
    for upstream, downstream in zip(order, order[1:]):
        assert upstream in dag.get_task(downstream).upstream_task_ids
    assert "extract" in dag.get_task("load").upstream_task_ids


def test_the_report_runs_after_publish_and_cannot_fail_it(dagbag: DagBag) -> None:
    """A report failure after the swap must leave the publish task (and the swap) done."""
    dag = dagbag.dags["news_pipeline"]
    assert dag.get_task("publish").downstream_task_ids == {"report"}
    assert dag.get_task("report").downstream_task_ids == set()
