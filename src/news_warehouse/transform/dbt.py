"""Run dbt against the build file, as a subprocess.

A subprocess rather than dbt's Python API: in `airflow dags test` every task shares one
process, and DuckDB refuses a second in-process connection to the same file with another
configuration. A child process owns its connection and releases it when it exits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from news_warehouse.config import Settings
from news_warehouse import db
from news_warehouse.db import write_lock
from news_warehouse.errors import DeterministicError, TransientError
from news_warehouse.transform.fingerprint import code_fingerprint
from news_warehouse.transform.scope import scope_from_published_build


# dbt output that means the machine, not the project, failed: another process held the DuckDB
# file, or the disk or memory gave out. Anything else dbt reports (a failing test, a compile or
# database error in a model) fails the same way on every try.
TRANSIENT_DBT_MARKERS = ("Could not set lock on file", "IO Error", "No space left on device", "Out of Memory")


class DbtFailed(DeterministicError):
    """dbt exited non-zero on a test, model or project error; the message carries its log's tail."""

    action = "read the failing test or model in the log tail above, fix it (or the data it names), then re-run"


class DbtInterrupted(TransientError):
    """dbt was killed or hit a lock or I/O error; a retry can pass."""


def dbt_executable() -> str:
    """The dbt beside the running interpreter, so the venv's dbt is used even without PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(settings: Settings) -> dict[str, str]:
    """Environment for a dbt child: the build file as target with the pipeline's DuckDB config
    (limits, storage version of a new file), no telemetry, logs in the warehouse dir."""
    config = settings.duckdb_config
    env = dict(os.environ)
    env.update(
        NEWS_DBT_DUCKDB_PATH=str(settings.build_path),
        NEWS_DBT_DUCKDB_MEMORY_LIMIT=config["memory_limit"],
        NEWS_DBT_DUCKDB_THREADS=config["threads"],
        NEWS_DBT_DUCKDB_TEMP_DIR=config["temp_directory"],
        NEWS_DBT_DUCKDB_STORAGE_VERSION=config["storage_compatibility_version"],
        DBT_PROFILES_DIR=str(settings.dbt_project_dir),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        DBT_LOG_PATH=str(settings.warehouse_dir / "dbt" / "logs"),
        DBT_TARGET_PATH=str(settings.warehouse_dir / "dbt" / "target"),
        DO_NOT_TRACK="1",
    )
    return env


def run_dbt(settings: Settings, args: list[str]) -> str:
    """Run `dbt <args>` on the project and return its output.

    Raises DbtFailed (deterministic) or DbtInterrupted (transient) on a non-zero exit.
    """
    command = [dbt_executable(), *args, "--project-dir", str(settings.dbt_project_dir)]
    with write_lock(settings):
        child = subprocess.Popen(
            command, env=dbt_env(settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        output, _ = child.communicate()
    if child.returncode != 0:
        tail = "\n".join(output.splitlines()[-40:])
        message = f"`dbt {' '.join(args)}` exited {child.returncode}:\n{tail}"
        # A negative exit code is a signal: the worker or the OOM killer ended dbt, not its project.
        if child.returncode < 0 or any(marker in output for marker in TRANSIENT_DBT_MARKERS):
            raise DbtInterrupted(message)
        raise DbtFailed(message)
    return output


def target_dir(settings: Settings) -> Path:
    """Where dbt writes manifest, catalog and the static docs page."""
    return settings.warehouse_dir / "dbt" / "target"


def scope_build(settings: Settings) -> str:
    """Tell the next `dbt build` which articles it may add or rewrite (transform.scope).

    The incremental models then read only those articles' raw rows, and the row-level tests
    only their rows. Returns what the scope is and why, for the log.
    """
    with db.writer(settings) as con:
        articles, reason = scope_from_published_build(con, code_fingerprint(settings))
    return f"{articles} articles: {reason}"

