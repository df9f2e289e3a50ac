"""Helpers for the dbt tests: run the real dbt CLI on a DuckDB file and read its marts back."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pytest

from news_warehouse.transform.manifest import model_columns


PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"
# The pipeline's build file name, which every dbt run of the tests opens (see run_dbt).
BUILD_FILE_NAME = "news.build.duckdb"

# Every table and column of shared/CONTRACT.md, schema marts: the one copy of that document's
# promise in the repository (it lives outside). Everything else reads the columns from dbt's
# manifest (marts_columns), which the models' yml and their enforced contracts define.
CONTRACT_MARTS: dict[str, set[str]] = {
    "dim_article": {"article_key", "source_file", "title", "body", "published_date",
                    "published_precision", "language", "content_sha256", "url", "published_source"},
    "dim_actor": {"actor_key", "canonical_name", "actor_type"},
    "dim_platform": {"platform_key", "platform_name", "owner_actor_key"},
    "fct_actor_mention": {"article_key", "actor_key", "surface_text", "char_start", "char_end"},
    "fct_platform_mention": {"article_key", "platform_key", "surface_text", "char_start", "char_end"},
    "fct_incident": {"incident_key", "article_key", "incident_type", "incident_date",
                     "incident_date_precision", "evidence_text", "char_start", "char_end"},
    "bridge_incident_actor": {"incident_key", "actor_key", "role"},
    "bridge_incident_platform": {"incident_key", "platform_key"},
    "fct_monetary_figure": {"article_key", "incident_key", "amount", "currency_code",
                            "is_approximate", "amount_eur", "amount_usd", "surface_text",
                            "char_start", "char_end"},
    "fct_quantity": {"article_key", "value", "unit", "subject_actor_key", "subject_platform_key",
                     "surface_text", "char_start", "char_end"},
}



@cache
def marts_columns() -> dict[str, list[str]]:
    """Every mart of the project with its columns in declared order, from dbt's manifest."""
    return model_columns(DBT_PROJECT_DIR)


def fact_tables() -> list[str]:
    """The incremental facts: every `fct_*` mart."""
    return [name for name in marts_columns() if name.startswith("fct_")]

Snapshot = dict[str, list[tuple]]


def run_dbt(
    args: list[str], db_path: Path, target_dir: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the real dbt CLI on the project against db_path; unless `check` is off, fail the test
    with dbt's output when dbt fails.

    Target and log paths go to the test's temporary folder so parallel runs never share them.
    dbt opens the file at one path per target folder (it is moved there for the run, then back):
    the profile names the file, and dbt parses the whole project again whenever the profile
    changes, so a path per build file would cost each build a full parse instead of a partial one.
    """
    workspace = target_dir / BUILD_FILE_NAME
    _move_database(db_path, workspace)
    try:
        return _run_dbt(args, workspace, target_dir, check)
    finally:
        _move_database(workspace, db_path)


def _move_database(source: Path, target: Path) -> None:
    """Move a DuckDB file, with its write-ahead log when one was left, within one file system."""
    for suffix in ("", ".wal"):
        moved = source.with_name(source.name + suffix)
        if moved.exists():
            os.replace(moved, target.with_name(target.name + suffix))


def _run_dbt(args: list[str], db_path: Path, target_dir: Path, check: bool) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEWS_DBT_DUCKDB_PATH": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }
    command = [
        str(DBT), *args,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_dir / "target"),
        "--log-path", str(target_dir / "logs"),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        pytest.fail(f"dbt {' '.join(args)} failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
    return result


def mart_tables(db_path: Path) -> list[str]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return sorted(
            name for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        )


def snapshot(db_path: Path) -> Snapshot:
    """Every row of every marts relation, sorted, for whole-table comparisons."""
    tables = mart_tables(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {t: sorted(con.execute(f"select * from marts.{t}").fetchall(), key=repr) for t in tables}


def query(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@dataclass(frozen=True)
class IncrementalRun:
    base: Snapshot
    incremental: Snapshot
    full_refresh: Snapshot
    incremental_sql: dict[str, str]
    incremental_clusters: dict[str, str]
    db_path: Path
    primary_keys_after_incremental: tuple[tuple, ...] = ()
