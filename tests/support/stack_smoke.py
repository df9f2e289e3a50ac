"""`make stack-smoke`: the production shape proven end to end on the seeds, then torn down.

1. The reference: `make run`'s way (`airflow dags test`, SQLite) over seeds/ into its own file.
2. A fresh native stack (news_warehouse.stack) with its own state, warehouse and batch store
   (a `file://` URL, so batches go through fsspec as they would to `s3://`).
3. Unpause: the scheduler starts the hourly run; it must succeed with every extract run by the
   extract-queue worker and every writer by the warehouse-queue worker (task instances' queue
   and hostname), and publish marts identical to the reference's.
4. Headless Chromium logs into the UI and screenshots the run's grid (`.stack/smoke/grid.png`).
5. A second (manual) run is a no-op: nothing new, so dbt, validation, publishing and the report are skipped.
6. Stack down: no process of it is left. Prints `stack smoke: OK <seconds>`.
"""

from __future__ import annotations

import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

from news_warehouse.airflow_local import DAG_ID, EXTRACT_QUEUE, WAREHOUSE_QUEUE, run_pipeline_dag
from news_warehouse.config import PROJECT_ROOT
from news_warehouse.stack import Stack, StackError, process_groups
from news_warehouse.transform.fingerprint import files_digest
from tests.support.checksums import mart_checksums

SMOKE_DIR = PROJECT_ROOT / ".stack" / "smoke"
SCREENSHOT = SMOKE_DIR / "grid.png"
SEEDS = PROJECT_ROOT / "seeds"
RUN_TIMEOUT_S = 1800  # a shared, loaded 2-core machine: seen at 3-4x the idle time
# Tasks skipped by `has_changes` when a run finds nothing new.
NO_OP_SKIPPED = {"dbt_build", "validate", "publish", "report"}


class SmokeFailed(AssertionError):
    """The stack ran, but not as the production shape must."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailed(message)


def source_tree_digest() -> str:
    """sha256 of the code and seeds both runs execute, taken before and after the smoke: when the
    marts differ, a tree edited meanwhile (not the stack) may be why.

    Not `transform.fingerprint.code_fingerprint`, which covers only what may rewrite published
    rows (dbt project and suites) to widen the gate's delta; this covers every file a run executes.
    """
    roots = ("src", "dags", "dbt_project/models", "dbt_project/seeds", "dbt_project/macros")
    return files_digest([path for root in roots for path in sorted((PROJECT_ROOT / root).rglob("*"))], PROJECT_ROOT)


def run_smoke(state_dir: Path = SMOKE_DIR) -> float:
    """Every step of the module doc; returns the wall time in seconds."""
    started = time.perf_counter()
    Stack(state_dir / "stack").down()  # what an interrupted smoke may have left running
    shutil.rmtree(state_dir, ignore_errors=True)
    reference = state_dir / "reference" / "news.duckdb"
    tree = source_tree_digest()
    run_pipeline_dag(SEEDS, reference, state_dir / "reference" / "airflow")
    expected = mart_checksums(reference)

    warehouse = state_dir / "warehouse" / "news.duckdb"
    stack = Stack(
        state_dir / "stack",
        extra_env={
            "NEWS_LANDING_DIR": str(SEEDS),
            "NEWS_WAREHOUSE_PATH": str(warehouse),
            "NEWS_BATCH_STORE": (state_dir / "batches").as_uri(),
            # Two batches of the five seeds, so two extracts run side by side on the extract worker.
            "NEWS_BATCH_SIZE": "3",
        },
    )
    stack.up()
    try:
        groups = set(stack.running().values())
        db = MetadataDB(stack.postgres_dsn)
        db.wait_for(lambda: db.dag_parsed(), "the DAG parsed without import errors", 180)
        stack.airflow_cli("dags", "unpause", DAG_ID)
        first = db.wait_for(lambda: db.finished_run("scheduled"), "the scheduled run", RUN_TIMEOUT_S)
        check(first["state"] == "success", f"scheduled run ended {first['state']}: see {stack.log_dir}")
        check_routing(db.task_instances(first["run_id"]))
        changed = " (the code or seeds changed during the smoke: run it again)" if source_tree_digest() != tree else ""
        check(mart_checksums(warehouse) == expected, f"the stack's marts differ from `make run`'s on the seeds{changed}")

        from tests.support.ui_screenshot import screenshot_grid

        page_text = screenshot_grid(stack, first["run_id"], SCREENSHOT)
        check(DAG_ID in page_text and "success" in page_text.lower(), f"the grid shows no successful run: {page_text[:300]!r}")

        stack.airflow_cli("dags", "trigger", DAG_ID)
        second = db.wait_for(lambda: db.finished_run("manual"), "the manual re-run", RUN_TIMEOUT_S)
        check(second["state"] == "success", f"re-run ended {second['state']}")
        states = {ti["task_id"]: ti["state"] for ti in db.task_instances(second["run_id"])}
        check(all(states.get(t) == "skipped" for t in NO_OP_SKIPPED), f"the re-run was not a no-op: {states}")
        check(mart_checksums(warehouse) == expected, "the no-op re-run changed the marts")
    finally:
        stack.down()
    left = groups & set(process_groups())
    check(not left, f"processes left behind in groups {sorted(left)}")
    return time.perf_counter() - started


def check_routing(task_instances: list[dict[str, Any]]) -> None:
    """Extracts on the extract worker, everything else on the warehouse worker."""
    ran = [ti for ti in task_instances if ti["state"] == "success"]
    extracts = [ti for ti in ran if ti["task_id"] == "extract"]
    check(len(extracts) >= 2, f"expected several mapped extracts, got {len(extracts)}")
    for ti in ran:
        queue = EXTRACT_QUEUE if ti["task_id"] == "extract" else WAREHOUSE_QUEUE
        check(ti["queue"] == queue, f"{ti['task_id']} went to queue {ti['queue']!r}, not {queue!r}")
        check(
            (ti["hostname"] or "").startswith(f"{queue}."),
            f"{ti['task_id']} ran on {ti['hostname']!r}, not on the {queue} worker",
        )


class MetadataDB:
    """Read-only questions to the stack's Airflow metadata DB (Postgres)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def _rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(self.dsn, row_factory=dict_row) as con:
            return con.execute(sql, params).fetchall()

    def dag_parsed(self) -> bool:
        errors = self._rows("select filename, stacktrace from import_error")
        if errors:
            raise SmokeFailed(f"DAG import errors: {errors}")
        return bool(self._rows("select 1 from serialized_dag where dag_id = %s", (DAG_ID,)))

    def finished_run(self, run_type: str) -> dict[str, Any] | None:
        rows = self._rows(
            "select run_id, state from dag_run where dag_id = %s and run_type = %s "
            "and state in ('success', 'failed') order by id desc limit 1",
            (DAG_ID, run_type),
        )
        return rows[0] if rows else None

    def task_instances(self, run_id: str) -> list[dict[str, Any]]:
        return self._rows(
            "select task_id, map_index, state, queue, hostname from task_instance "
            "where dag_id = %s and run_id = %s order by task_id, map_index",
            (DAG_ID, run_id),
        )

    @staticmethod
    def wait_for(probe, what: str, timeout_s: float):  # noqa: ANN001, ANN205 - any truthy probe
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if result := probe():
                return result
            time.sleep(2)
        raise SmokeFailed(f"timed out after {timeout_s:.0f} s waiting for {what}")


def main() -> None:
    # A timeout's SIGTERM unwinds like Ctrl-C, so `finally: stack.down()` still stops the stack.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        seconds = run_smoke()
    except (SmokeFailed, StackError) as error:
        print(f"stack smoke: FAILED: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"stack smoke: OK {seconds:.0f}")


if __name__ == "__main__":
    main()
