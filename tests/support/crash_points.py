"""Named crash points: a DAG run dies there as if the OS had killed it (SIGKILL, no cleanup).

The product carries no hook for this. `airflow dags test` runs every task in its own process,
so the harness launches that command through this module instead of the `airflow` script:
`main` wraps one stage function with a kill, then hands over to Airflow's own CLI. The crash
tests and `make reliability` kill a run in the middle of extraction, of the load transaction or
of dbt this way, then check that the next run publishes exactly what an uninterrupted run would.

    python tests/support/crash_points.py <point> dags test news_pipeline
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from news_warehouse.airflow_local import DAG_ID, airflow_env, ensure_metadata_db

CRASH_POINTS = ("extract", "load", "dbt")

# dbt is killed this long after it starts, half-way through the build on the seeds.
DBT_CRASH_DELAY_S = 4.0


def kill_run() -> None:
    """SIGKILL the run's whole process group: Airflow, the task code and any dbt child."""
    os.killpg(os.getpgrp(), signal.SIGKILL)


def _then_kill(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, then death: the crash lands after its first effect, before the next one."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        function(*args, **kwargs)
        kill_run()

    return wrapper


def _killed_after_start(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, killed DBT_CRASH_DELAY_S after it starts, while it is still working."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        threading.Timer(DBT_CRASH_DELAY_S, kill_run).start()
        return function(*args, **kwargs)

    return wrapper


def arm(point: str) -> None:
    """Wrap the stage function of `point` in this process, before Airflow imports the DAG.

    extract: after a batch's first output file, before its _SUCCESS marker.
    load: after the first raw table's insert, inside the load transaction.
    dbt: during the first dbt command (the build).
    """
    if point == "extract":
        from news_warehouse.extract import batches

        batches.write_rows = _then_kill(batches.write_rows)
    elif point == "load":
        from news_warehouse.load import loader

        loader._insert = _then_kill(loader._insert)
    elif point == "dbt":
        from news_warehouse.transform import dbt

        dbt.run_dbt = _killed_after_start(dbt.run_dbt)
    else:
        raise ValueError(f"unknown crash point {point!r}; one of {', '.join(CRASH_POINTS)}")


def run_until_crash(landing: Path, warehouse: Path, airflow_home: Path, point: str) -> bool:
    """One DAG run killed at `point`; True when it died there, False when it got through."""
    env = airflow_env(airflow_home, landing, warehouse)
    ensure_metadata_db(env)
    # A session of its own, as run_pipeline_dag does: the kill takes the run's group, not ours.
    completed = subprocess.run(
        [sys.executable, __file__, point, "dags", "test", DAG_ID],
        env=env, capture_output=True, text=True, check=False, start_new_session=True,
    )
    return completed.returncode == -signal.SIGKILL


def main() -> None:
    point, *airflow_args = sys.argv[1:]
    arm(point)
    from airflow.__main__ import main as airflow_main

    sys.argv = ["airflow", *airflow_args]
    airflow_main()


if __name__ == "__main__":
    main()
