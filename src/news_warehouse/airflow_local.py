"""Run the real DAG through Airflow on this machine: `make run`, the tests and the benchmark.

`airflow dags test` executes a whole DAG run in one process with no scheduler, against a
project-local AIRFLOW_HOME and SQLite, so a fresh clone needs no service to run the pipeline.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from news_warehouse.config import PROJECT_ROOT

DAG_ID = "news_pipeline"
# Tasks that write the DuckDB build file share this one-slot pool (also created by
# docker-compose's init), on top of the file lock every writer takes.
WRITER_POOL = "duckdb_writer"
# Celery queues (CeleryExecutor only; `airflow dags test` ignores them). Writers go to the
# `warehouse` queue, served by the one worker that owns the DuckDB file; mapped extracts go to
# `extract`, which any number of workers on any host can serve (batches live in NEWS_BATCH_STORE).
WAREHOUSE_QUEUE = "warehouse"
EXTRACT_QUEUE = "extract"
DEFAULT_AIRFLOW_HOME = PROJECT_ROOT / ".airflow"


class DagRunFailed(RuntimeError):
    """The DAG run did not succeed; the message carries the tail of Airflow's output."""


def airflow_env(
    airflow_home: Path, landing_dir: Path | None = None, warehouse_path: Path | None = None
) -> dict[str, str]:
    """The environment of an Airflow child process: local home, our DAG folder, no telemetry."""
    env = dict(os.environ)
    env.update(
        AIRFLOW_HOME=str(airflow_home),
        AIRFLOW__CORE__DAGS_FOLDER=str(PROJECT_ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__PARALLELISM="4",
        AIRFLOW__LOGGING__LOGGING_LEVEL=env.get("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING"),
        AIRFLOW__COSMOS__ENABLE_TELEMETRY="False",
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        DO_NOT_TRACK="1",
        TQDM_DISABLE="1",
    )
    if landing_dir is not None:
        env["NEWS_LANDING_DIR"] = str(landing_dir)
    if warehouse_path is not None:
        env["NEWS_WAREHOUSE_PATH"] = str(warehouse_path)
    return env


def airflow_executable() -> str:
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else "airflow"


def ensure_metadata_db(env: dict[str, str]) -> None:
    """Create Airflow's SQLite metadata database once per AIRFLOW_HOME."""
    home = Path(env["AIRFLOW_HOME"])
    marker = home / ".migrated"
    if marker.exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    _run([airflow_executable(), "db", "migrate"], env)
    _run([airflow_executable(), "pools", "set", WRITER_POOL, "1", "tasks writing the DuckDB build file"], env)
    marker.touch()


def run_pipeline_dag(
    landing_dir: Path | None = None,
    warehouse_path: Path | None = None,
    airflow_home: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> float:
    """Run one full DAG run and return its wall time; raise DagRunFailed when it fails.

    Paths left as None fall back to NEWS_LANDING_DIR / NEWS_WAREHOUSE_PATH (CONTRACT.md);
    `extra_env` adds settings such as NEWS_BATCH_SIZE or DBT_TARGET.
    """
    env = airflow_env(airflow_home or DEFAULT_AIRFLOW_HOME, landing_dir, warehouse_path)
    env.update(extra_env or {})
    ensure_metadata_db(env)
    started = time.perf_counter()
    output = _run([airflow_executable(), "dags", "test", DAG_ID], env)
    state = last_run_state(Path(env["AIRFLOW_HOME"]))
    if state != "success":
        raise DagRunFailed(f"DAG run ended in state {state!r}:\n{_tail(output)}")
    return time.perf_counter() - started


def last_run_state(airflow_home: Path) -> str | None:
    """State of the newest run of the DAG, read from the metadata DB (the CLI's exit code is not enough)."""
    con = sqlite3.connect(airflow_home / "airflow.db")
    try:
        row = con.execute(
            "select state from dag_run where dag_id = ? order by id desc limit 1", (DAG_ID,)
        ).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def _run(command: list[str], env: dict[str, str]) -> str:
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise DagRunFailed(f"`{' '.join(command[1:])}` exited {completed.returncode}:\n{_tail(output)}")
    return output


def _tail(output: str, lines: int = 60) -> str:
    return "\n".join(output.splitlines()[-lines:])


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the news_pipeline DAG once through Airflow.")
    parser.add_argument("--airflow-home", type=Path, default=DEFAULT_AIRFLOW_HOME)
    parser.add_argument(
        "--prepare-only", action="store_true", help="create the metadata DB and pool, run nothing"
    )
    args = parser.parse_args()
    if args.prepare_only:
        ensure_metadata_db(airflow_env(args.airflow_home))
        return
    try:
        seconds = run_pipeline_dag(airflow_home=args.airflow_home)
    except DagRunFailed as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"DAG run succeeded in {seconds:.1f} s")


if __name__ == "__main__":
    main()
